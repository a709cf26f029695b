/**
 * Stage, on failure: collect what a person needs (each failing service's state, healthcheck output
 * and log tail, all at once), while a background process that removes the stack once this step has
 * ended starts up (docker-path/remove-later.ts): the decision does not wait on the removal, and
 * nothing is removed before the logs are read.
 */
import * as runner from '../runner.js';
import type { ComposePlan } from '../compose/plan-types.js';
import { outsideLine } from '../report/outside.js';
import type { Report } from '../report/model.js';
import { projectContainers, type ContainerInfo } from '../stack/containers.js';
import { containerLogs } from '../stack/logs.js';
import { logsFolder } from '../logs/folder.js';
import { LOG_FILES_MS, writeLogFiles } from '../logs/write.js';
import type { PathContext } from './context.js';
import { handOver, removeNowUnlessHanded } from './remove-later.js';
import * as log from '../log.js';

const LOG_TAIL = 40;

/** Each failing service's state and log tail, in the report and the log. */
function recordFailures(report: Report, services: string[], containers: ContainerInfo[], logs: Map<string, string[]>): void {
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
}

export async function removeFailedStack(
  ctx: PathContext,
  plan: ComposePlan,
  failing: string[],
  /** `up` was killed mid-way: look for stragglers once more after removing. */
  afterStoppedUp: boolean,
  /** The containers as the watch last saw them (none: the engine is asked). */
  seen: ContainerInfo[] = [],
): Promise<void> {
  const { report, env } = ctx;
  await runner.group('Docker: collect logs, then remove the failed stack', async () => {
    const started = performance.now();
    const services = [...new Set(failing.length ? failing : plan.awaited)];
    // The state as the watch last saw it, a moment ago.
    const containers = seen.length ? seen : await projectContainers(plan.projectName, env).catch(() => []);
    const idsOf = (service: string): string[] => containers.filter((c) => c.service === service).map((c) => c.id);
    const reading = Promise.all(services.map((service) => containerLogs(idsOf(service), LOG_TAIL, env)));
    // Every service's complete log, not only the failing ones', to its file (issue 26), meanwhile.
    const withContainers = new Set(containers.map((c) => c.service).filter(Boolean));
    const everyService = [...new Set([...plan.awaited, ...withContainers])].filter((s) => withContainers.has(s));
    const writing = writeLogFiles(logsFolder(env, plan.projectName), everyService, containers, env, { timeoutMs: LOG_FILES_MS });
    // Started while the logs are read; it removes nothing before this step has ended.
    const known = containers.map((c) => c.id);
    const handed = handOver(ctx, plan, known, afterStoppedUp);
    const tails = await reading;
    report.logFiles = await writing.catch(() => []);
    const logs = new Map(services.map((service, i) => [service, tails[i] ?? []]));
    recordFailures(report, services, containers, logs);
    report.add({
      id: 'docker.logs',
      title: 'Failed services',
      status: 'info',
      durationMs: performance.now() - started,
      detail: services.join(', '),
    });
    await removeNowUnlessHanded(ctx, plan, handed, known, afterStoppedUp);
  });
}
