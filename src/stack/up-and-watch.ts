/**
 * `up` and the watch of the project's containers, at once. `up` can block for minutes on a chain
 * of `service_healthy` dependencies; meanwhile a one-shot may exit non-zero or a service turn
 * unhealthy. The watch sees that while `up` still runs, and ends both at once (up stopped, its
 * whole process group killed); at startup-timeout the watch says what was not ready, and why.
 */
import type { UpOptions } from '../compose/commands.js';
import type { ComposeTarget } from '../compose/types.js';
import { composeUp, type Repull, type UpResult } from './lifecycle.js';
import { ProjectEvents } from './events.js';
import { UpProgress } from './progress.js';
import { waitForStack, type WaitOutcome, type WaitRequest } from './wait.js';

/** While `up` runs the watch looks less often: its own CLI calls would slow `up` down. */
const CADENCE_WHILE_UP_MS = 500;
/**
 * Once `up` is done and the engine's events are followed, a look is a probe of the endpoints
 * (the engine is asked again only after an event): cheap enough to make often.
 */
const CADENCE_FOLLOWING_MS = 50;
const CADENCE_MS = 100;
/** How long the watch may take for a last look after `up` failed. */
const LAST_LOOK_MS = 1500;

/** `work`'s value, or undefined after `ms`; the timer is cleared either way. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export type WatchRequest = Omit<WaitRequest, 'signal' | 'cadenceMs' | 'events' | 'mayFinish' | 'onLook'>;

export interface UpAndWatch {
  /** Settles when `up` is done, failed or stopped. */
  up: Promise<UpResult>;
  /**
   * Settles with both: the wait is undefined when `up` failed on its own (the watch was stopped),
   * and may be a failure seen while `up` ran (then `up` is 'stopped'), or the startup-timeout.
   */
  done: Promise<{ up: UpResult; wait: WaitOutcome | undefined }>;
  /** Stop both (the plan was not confirmed, say); `done` still settles. */
  cancel(): void;
  /** What `up` prints and what the watch waits for, as they come. */
  progress: UpProgress;
}

/** The pulls with retries, with the progress saying so while they run. */
function pulling(repull: Repull, progress: UpProgress): Repull {
  return async (o) => {
    progress.pulling = true;
    try {
      return await repull(o);
    } finally {
      progress.pulling = false;
    }
  };
}

/**
 * What `up` and the watch came to together: the watch decides, but `up` failing on its own ends
 * it (after a last look, which may name the service compose failed on); the events stream is closed either way.
 */
async function bothEnded(
  up: Promise<UpResult>,
  watch: Promise<WaitOutcome>,
  stop: { up: AbortController; watch: AbortController },
  events: ProjectEvents,
): Promise<{ up: UpResult; wait: WaitOutcome | undefined }> {
  const [stopUp, stopWatch] = [stop.up, stop.watch];
  try {
    const first = await Promise.race([up.then((u) => ({ u })), watch.then((w) => ({ w }))]);
    if ('u' in first) {
      const u = first.u;
      // Up is done: the watch goes on to readiness. Up timed out: the watch shares its deadline,
      // and says better what was not ready.
      if (u.ok || u.kind === 'up-timeout') return { up: u, wait: await watch };
      // Up failed on its own. Compose also fails when a dependency exits or turns unhealthy; the
      // watch, given a last look, names that service, whichever of the two noticed first.
      const w = u.kind === 'up-failed' ? await within(watch, LAST_LOOK_MS) : undefined;
      if (w && !w.ok && w.kind !== 'timeout' && w.kind !== 'cancelled') return { up: u, wait: w };
      stopWatch.abort();
      await watch;
      return { up: u, wait: undefined };
    }
    // The watch ended first: it ends ready only once up is done, so this is a failure, or a
    // cancel: no use letting up go on.
    if (!first.w.ok) stopUp.abort();
    return { up: await up, wait: first.w };
  } catch (err) {
    stopUp.abort();
    stopWatch.abort();
    throw err;
  } finally {
    await events.close();
  }
}

export function upAndWatch(
  target: ComposeTarget & { images: string[]; repull?: Repull },
  options: UpOptions,
  env: NodeJS.ProcessEnv,
  budgetMs: number,
  /** What to wait for; a promise when it is known only later (undefined then: the watch does not start, and `up` is stopped). */
  request: WatchRequest | Promise<WatchRequest | undefined>,
): UpAndWatch {
  const stopUp = new AbortController();
  const stopWatch = new AbortController();
  const progress = new UpProgress();
  const events = new ProjectEvents();
  const repull = target.repull && pulling(target.repull, progress);
  const up = composeUp({ ...target, repull }, options, env, budgetMs, stopUp.signal, (l) => progress.line(l)).finally(() => {
    progress.upRunning = false;
    events.wake();
  });
  // The first look after `up` is done, or after an event, comes at once, not at the end of a slow pause.
  const watch = Promise.resolve(request).then((r): Promise<WaitOutcome> =>
    r
      ? waitForStack({
          ...r,
          signal: stopWatch.signal,
          cadenceMs: () => (progress.upRunning ? CADENCE_WHILE_UP_MS : events.live ? CADENCE_FOLLOWING_MS : CADENCE_MS),
          // Followed once the engine is known to answer.
          events: events.follow(target.projectName, env, budgetMs),
          // While `up` is only starting there is nothing to see: the first look waits for an event, or a cadence.
          firstPauseMs: progress.upRunning ? CADENCE_WHILE_UP_MS : 0,
          // Ready only once `up` is done: until then a container may still be replaced.
          mayFinish: () => !progress.upRunning,
          onLook: (pending) => (progress.waiting = [...pending]),
        })
      : Promise.resolve({
          ok: false,
          kind: 'cancelled',
          reason: 'not watched',
          failing: [],
          containers: [],
          probes: [],
          ready: [],
          durationMs: 0,
        }),
  );
  // Once the watch has its answer, stop what it still runs (an eager healthcheck, say).
  watch.then(
    () => stopWatch.abort(),
    () => stopWatch.abort(),
  );
  const done = bothEnded(up, watch, { up: stopUp, watch: stopWatch }, events);
  done.catch(() => undefined); // handled by whoever awaits it; never an unhandled rejection meanwhile
  return {
    up,
    done,
    progress,
    cancel: () => {
      stopWatch.abort();
      stopUp.abort();
    },
  };
}
