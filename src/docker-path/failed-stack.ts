/**
 * Stage, on failure: collect what a person needs (each failing service's state, healthcheck output
 * and log tail, all at once), then remove the stack.
 */
import * as core from '@actions/core';
import type { ComposePlan } from '../compose/plan.js';
import { outsideLine } from '../report/outside.js';
import { projectContainers } from '../stack/containers.js';
import { removeStack, serviceLogs } from '../stack/lifecycle.js';
import { saveStackRemoved } from '../state.js';
import type { PathContext } from './context.js';
import * as log from '../log.js';

const LOG_TAIL = 40;

export async function removeFailedStack(
  ctx: PathContext,
  plan: ComposePlan,
  failing: string[],
  /** `up` was killed mid-way: look for stragglers once more after removing. */
  afterStoppedUp: boolean,
): Promise<void> {
  const { inputs, report, env } = ctx;
  await core.group('Docker: collect logs and remove the failed stack', async () => {
    const started = performance.now();
    const services = [...new Set(failing.length ? failing : plan.awaited)];
    // Logs (one compose call per service) and state, all at once: the fallback waits on this.
    const [logs, containers] = await Promise.all([
      serviceLogs(plan, services, LOG_TAIL, env).catch(() => new Map<string, string[]>()),
      projectContainers(plan.projectName, env).catch(() => []),
    ]);
    for (const service of services) {
      const c = containers.find((x) => x.service === service);
      const state = c
        ? c.status === 'exited'
          ? `exited with code ${c.exitCode}`
          : c.health
            ? `${c.status} (${c.health})`
            : c.status
        : 'no container';
      report.serviceFailures.push({
        service,
        state,
        exitCode: c?.status === 'exited' ? c.exitCode : undefined,
        health: c?.health,
        lastHealthcheckOutput: c?.lastHealthOutput,
        logTail: logs.get(service) ?? [],
      });
      log.info(`${service}: ${state}`);
      for (const line of logs.get(service) ?? []) log.info(`  ${service} | ${outsideLine(line)}`);
    }
    report.add({
      id: 'docker.logs',
      title: 'Failed services',
      status: 'info',
      durationMs: performance.now() - started,
      detail: services.join(', '),
    });
    const removed = await removeStack(plan, env, { afterStoppedUp });
    report.add({
      id: 'docker.teardown',
      title: 'Remove the failed stack',
      status: removed.ok ? 'ok' : 'failed',
      durationMs: removed.durationMs,
      detail: removed.detail,
    });
    if (removed.ok && inputs.teardown) saveStackRemoved();
    if (!removed.ok) log.warning(`Removing the failed stack: ${removed.detail}`);
  });
}
