/**
 * One image pulled the way a registry's bad minute needs: `docker pull`, and again after a pause
 * (retry.ts) while the registry refuses with its rate limit, fails with a 5xx, times out or resets
 * the connection, within the deadline; and how many tries that took.
 */
import { pullImage } from './engine.js';
import type { ImageReference } from './reference.js';
import { pullTrouble, type PullTrouble } from '../docker/pull-trouble.js';
import { RETRY_POLICY, withRetries } from './retry.js';

export interface PullOutcome {
  ok: boolean;
  tries: number;
  durationMs: number;
  /** The last failure, in the daemon's words: of the last try, or of the one before a try that worked (empty: none failed). */
  said: string;
  /** What the last failed try met, when it was registry trouble (worth a try, had there been time). */
  trouble?: PullTrouble;
  /** Stopped by the signal or at the deadline, not by the registry. */
  stopped: boolean;
}

/** `docker pull --quiet: exit code 1: Error response from daemon: toomanyrequests: …` → `toomanyrequests: …`. Pure. */
export function daemonWords(detail: string): string {
  return detail.replace(/^docker pull [^:]*: exit code \d+: /, '').replace(/Error response from daemon: /g, '');
}

export async function pullWithRetries(
  ref: ImageReference,
  env: NodeJS.ProcessEnv,
  o: {
    /** A `performance.now()` time. */
    deadline: number;
    signal?: AbortSignal;
    /** The service's `platform:`. */
    platform?: string;
    /** A line for the log before each pause (the daemon's words in it: outside text). */
    onPause?: (line: string) => void;
    /** Compose's own pull of it failed on registry trouble, saying this: the first try. */
    triedBefore?: string;
  },
): Promise<PullOutcome> {
  const started = performance.now();
  let failed = o.triedBefore ?? '';
  const retried = await withRetries(
    async () => {
      const p = await pullImage(ref, env, Math.max(1, o.deadline - performance.now()), o.signal, o.platform);
      if (!p.ok) failed = daemonWords(p.detail);
      return p;
    },
    (p) => !p.ok && !p.stopped && pullTrouble(p.detail) !== undefined,
    {
      deadline: o.deadline,
      signal: o.signal,
      before: o.triedBefore === undefined ? undefined : { ok: false, detail: o.triedBefore, durationMs: 0, stopped: false },
      onPause: (p, tries, ms) =>
        o.onPause?.(
          `${ref.canonical}: try ${tries} of at most ${RETRY_POLICY.maxTries} failed (${p.ok ? '' : daemonWords(p.detail)}); again in ${(ms / 1000).toFixed(1)} s`,
        ),
    },
  );
  const last = retried.last;
  const durationMs = performance.now() - started;
  if (last.ok) return { ok: true, tries: retried.tries, durationMs, said: failed, stopped: false };
  return {
    ok: false,
    tries: retried.tries,
    durationMs,
    said: failed,
    trouble: pullTrouble(last.detail),
    stopped: retried.stopped || last.stopped,
  };
}
