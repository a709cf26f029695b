/**
 * Another try, after a pause, within a deadline: what a registry's bad minute needs. The pauses
 * double (2 s, 4 s, 8 s, …, at most 30 s), each shaken by up to ±20 % so that jobs refused at the
 * same moment do not come back at the same moment, and none is longer than a quarter of the time
 * left: however short the deadline, the tries keep fitting (after a failed first try, at least
 * two more, when the tries themselves are quick, as a refusal is). At most six tries: a limit
 * that outlasts a minute of them is not a bad minute, and the step says so while it still has
 * time to fall back.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  maxTries: number;
  firstPauseMs: number;
  maxPauseMs: number;
  /** A pause is at most this share of the time left. */
  shareOfLeft: number;
  /** No try is begun with less than this left after its pause. */
  minTryMs: number;
  /** Each pause is shaken by up to this share, up or down. */
  jitter: number;
}

export const RETRY_POLICY: RetryPolicy = {
  maxTries: 6,
  firstPauseMs: 2000,
  maxPauseMs: 30_000,
  shareOfLeft: 0.25,
  minTryMs: 1000,
  jitter: 0.2,
};

/**
 * The pause before the next try, after `failed` failed tries with `leftMs` to the deadline;
 * undefined: no more tries. `random` in [0, 1). Pure.
 */
export function pauseBefore(failed: number, leftMs: number, policy: RetryPolicy = RETRY_POLICY, random = Math.random): number | undefined {
  if (failed >= policy.maxTries) return undefined;
  const nominal = Math.min(policy.maxPauseMs, policy.firstPauseMs * 2 ** (failed - 1));
  const shaken = nominal * (1 + policy.jitter * (2 * random() - 1));
  const pause = Math.round(Math.min(shaken, leftMs * policy.shareOfLeft));
  return leftMs - pause < policy.minTryMs ? undefined : pause;
}

export interface Retried<T> {
  /** What the last try gave. */
  last: T;
  tries: number;
  /** The signal stopped a pause: no try followed. */
  stopped: boolean;
}

/**
 * `attempt` until it gives what `again` does not want another try of, the policy's tries run out,
 * the deadline (a `performance.now()` time) leaves no room, or `signal` stops a pause.
 */
export async function withRetries<T>(
  attempt: (tryNumber: number) => Promise<T>,
  again: (result: T) => boolean,
  o: {
    deadline: number;
    signal?: AbortSignal;
    policy?: RetryPolicy;
    random?: () => number;
    /** Before each pause: what failed, after how many tries, and how long the pause is. */
    onPause?: (last: T, tries: number, pauseMs: number) => void;
    /** A try made before, elsewhere (compose's own pull), that failed: the next one comes after a pause. */
    before?: T;
  },
): Promise<Retried<T>> {
  let tries = 1;
  let last = o.before !== undefined ? o.before : await attempt(tries);
  for (;;) {
    if (!again(last) || o.signal?.aborted) return { last, tries, stopped: o.signal?.aborted ?? false };
    const pause = pauseBefore(tries, o.deadline - performance.now(), o.policy, o.random);
    if (pause === undefined) return { last, tries, stopped: false };
    o.onPause?.(last, tries, pause);
    try {
      await sleep(pause, undefined, { signal: o.signal });
    } catch {
      return { last, tries, stopped: true };
    }
    last = await attempt(++tries);
  }
}
