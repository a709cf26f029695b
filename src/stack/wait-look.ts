/**
 * One look at the project's containers for the wait: a fresh `docker inspect`, or the last one
 * when the engine's events say nothing has changed since (only exits the events tell all about);
 * and, when the engine cannot be reached, since when.
 */
import { RESTARTS_ON_FAILURE } from '../readiness/checks/life.js';
import type { WaitProbe } from './observe/probes.js';
import type { ProjectEvents } from './events.js';
import { inspectContainers, projectContainers, type ContainerInfo } from './containers.js';

/** How long the engine may be unreachable during the wait before the wait ends (it stopped, say). */
export const ENGINE_GONE_MS = 1500;
/** With the project's events followed and none come, a `docker inspect` answer stands this long. */
const REUSE_LOOK_MS = 1000;

/** The CLI could not reach the engine at all (not a slow answer: that one keeps waiting). Pure. */
export function engineUnreachable(message: string): boolean {
  return /Cannot connect to the Docker daemon|error during connect|connection refused|connection reset|dial (unix|tcp)|no such host|EOF$/i.test(
    message,
  );
}

/** What the wait knows of the containers, from look to look. */
export interface Looked {
  containers: ContainerInfo[];
  /** Once every awaited service has its containers: their ids (inspected directly, one CLI call). */
  knownIds: string[] | undefined;
  /** When the engine was last asked, and how many events had come by then. */
  lookedAt: number;
  /**
   * When the last inspect began (ms since the epoch, and this process's `performance.now()`): what
   * it says running was running then at the latest, not at the moment it is read. A reused look
   * keeps its time, however late the events that would have changed it come.
   */
  observedAt: { epochMs: number; perfMs: number };
  eventsSeen: number;
  /** Since when the engine has been unreachable, look after look. */
  unreachableSince: number | undefined;
}

export interface LookRequest {
  project: string;
  awaited: string[];
  env: NodeJS.ProcessEnv;
  deadline: number;
  events?: ProjectEvents;
}

/** The containers as the engine's `die` events leave them: exited, with the code each event gives. Pure. */
export function applyExits(
  containers: ContainerInfo[],
  news: Array<{ action: string; id: string; exitCode: number | undefined; at?: number }>,
): ContainerInfo[] {
  return containers.map((c) => {
    const died = news.filter((e) => e.action === 'die' && e.id === c.id && e.exitCode !== undefined).pop();
    return died ? { ...c, status: 'exited', exitCode: died.exitCode as number, finishedAt: died.at ?? Date.now() } : c;
  });
}

/**
 * Update `look` (in place): reuse the last inspect when nothing happened since, or only exits the
 * events say all about (not of a container with a restart policy), else inspect. Resolves with the
 * engine's trouble when it could not be asked (`gone`: unreachable for {@link ENGINE_GONE_MS}).
 */
export async function freshLook(look: Looked, req: LookRequest, now: number): Promise<{ reason: string; gone: boolean } | undefined> {
  const remaining = req.deadline - performance.now();
  try {
    const events = req.events;
    const news = look.knownIds && events?.live && now - look.lookedAt < REUSE_LOOK_MS ? events.since(look.eventsSeen) : undefined;
    const told = news?.every(
      (e) =>
        e.action === 'die' &&
        e.exitCode !== undefined &&
        look.containers.some((c) => c.id === e.id && !RESTARTS_ON_FAILURE.has(c.restartPolicy)),
    );
    if (told && events) {
      look.containers = applyExits(look.containers, news ?? []);
      look.eventsSeen = events.seq;
    } else {
      look.eventsSeen = events?.seq ?? -1; // read before asking: an event during the call asks again
      look.lookedAt = now;
      look.observedAt = { epochMs: Date.now(), perfMs: performance.now() };
      const limit = Math.max(1000, Math.min(10_000, remaining));
      look.containers = look.knownIds
        ? await inspectContainers(look.knownIds, req.env, limit)
        : await projectContainers(req.project, req.env, limit);
      look.knownIds = req.awaited.every((svc) => look.containers.some((c) => c.service === svc))
        ? look.containers.map((c) => c.id)
        : undefined;
    }
    look.unreachableSince = undefined;
    return undefined;
  } catch (err) {
    look.lookedAt = -Infinity;
    const message = (err as Error).message;
    if (engineUnreachable(message)) look.unreachableSince ??= performance.now();
    else look.unreachableSince = undefined;
    const gone = look.unreachableSince !== undefined && performance.now() - look.unreachableSince >= ENGINE_GONE_MS;
    return { reason: gone ? `the Docker engine stopped answering while the stack started: ${message}` : message, gone };
  }
}

/** What every outcome carries. */
export function outcomeBase(containers: ContainerInfo[], probes: WaitProbe[], started: number) {
  return { containers, probes, durationMs: performance.now() - started };
}

/**
 * How long a container has run: by the engine's clock (its StartedAt against now), unless that
 * disagrees with what this process saw (a remote engine's clock may differ), then since it was
 * first seen running. Pure.
 */
export function runningMs(startedAt: number | undefined, nowMs: number, seenForMs: number): number {
  if (startedAt === undefined) return seenForMs;
  const byEngine = nowMs - startedAt;
  return byEngine < 0 || byEngine > seenForMs + 5000 ? seenForMs : byEngine;
}
