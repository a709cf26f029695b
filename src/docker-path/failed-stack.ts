/**
 * Stage, on failure: collect what a person needs (each failing service's state, healthcheck output
 * and log tail, all at once), then remove the stack at once: the fallback waits on this.
 */
import * as runner from '../runner.js';
import type { ComposePlan } from '../compose/plan.js';
import { outsideLine } from '../report/outside.js';
import { projectContainers, type ContainerInfo } from '../stack/containers.js';
import { removeAtOnce } from '../stack/lifecycle.js';
import { containerLogs } from '../stack/logs.js';
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
  /** The containers as the watch last saw them (none: the engine is asked). */
  seen: ContainerInfo[] = [],
): Promise<void> {
  const { inputs, report, env } = ctx;
  await runner.group('Docker: collect logs and remove the failed stack', async () => {
    const started = performance.now();
    const services = [...new Set(failing.length ? failing : plan.awaited)];
    // The state as the watch last saw it, a moment ago. The failing services' logs are read while
    // every other container is already being removed; theirs go once read.
    const containers = seen.length ? seen : await projectContainers(plan.projectName, env).catch(() => []);
    const failingIds = containers.filter((c) => services.includes(c.service)).map((c) => c.id);
    const logs = new Map<string, string[]>();
    const reading = Promise.all(
      services.map(async (service) => {
        const ids = containers.filter((c) => c.service === service).map((c) => c.id);
        logs.set(service, await containerLogs(ids, LOG_TAIL, env));
      }),
    );
    const removing = removeAtOnce(plan, env, {
      known: containers.map((c) => c.id),
      keep: failingIds,
      meanwhile: () => reading,
      // After a killed `up`, the post step looks by label once more when it runs; else now.
      lookAgain: afterStoppedUp && !inputs.teardown,
    });
    await reading;
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
    const removed = await removing;
    report.add({
      id: 'docker.teardown',
      title: 'Remove the failed stack',
      status: removed.ok ? 'ok' : 'failed',
      durationMs: removed.durationMs,
      detail: removed.detail,
    });
    if (removed.ok && inputs.teardown) saveStackRemoved(afterStoppedUp);
    if (!removed.ok) log.warning(`Removing the failed stack: ${removed.detail}`);
  });
}
