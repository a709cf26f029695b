/**
 * `up` and the watch of the project's containers, at once. `up` can block for minutes on a chain
 * of `service_healthy` dependencies; meanwhile a one-shot may exit non-zero or a service turn
 * unhealthy. The watch sees that while `up` still runs, and ends both at once (up stopped, its
 * whole process group killed); at startup-timeout the watch says what was not ready, and why.
 */
import type { ComposeTarget, UpOptions } from '../compose/commands.js';
import { composeUp, type UpResult } from './lifecycle.js';
import { waitForStack, type WaitOutcome, type WaitRequest } from './wait.js';

/** While `up` runs the watch looks less often: its own CLI calls would slow `up` down. */
const CADENCE_WHILE_UP_MS = 500;

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
}

export function upAndWatch(
  target: ComposeTarget & { images: string[] },
  options: UpOptions,
  env: NodeJS.ProcessEnv,
  budgetMs: number,
  request: Omit<WaitRequest, 'signal' | 'cadenceMs'>,
): UpAndWatch {
  const stopUp = new AbortController();
  const stopWatch = new AbortController();
  let upRunning = true;
  const up = composeUp(target, options, env, budgetMs, stopUp.signal).finally(() => (upRunning = false));
  // The first look after `up` is done comes at once, not at the end of a slow pause.
  const watch = waitForStack({
    ...request,
    signal: stopWatch.signal,
    cadenceMs: () => (upRunning ? CADENCE_WHILE_UP_MS : 100),
    wake: up,
  });
  const done = (async (): Promise<{ up: UpResult; wait: WaitOutcome | undefined }> => {
    const first = await Promise.race([up.then((u) => ({ u })), watch.then((w) => ({ w }))]);
    if ('u' in first) {
      const u = first.u;
      // Up is done: the watch goes on to readiness. Up timed out: the watch shares its deadline,
      // and says better what was not ready. Up failed on its own: its error says it all.
      if (u.ok || (!u.ok && u.kind === 'timeout')) return { up: u, wait: await watch };
      stopWatch.abort();
      await watch;
      return { up: u, wait: undefined };
    }
    // The watch ended first: ready (up finishing its last steps), or a failure: no use letting up go on.
    if (!first.w.ok) stopUp.abort();
    return { up: await up, wait: first.w };
  })();
  return {
    up,
    done,
    cancel: () => {
      stopWatch.abort();
      stopUp.abort();
    },
  };
}
