/**
 * The Actions cache, through `@actions/cache`, as the image cache needs it:
 *
 * - loaded only when `cache-images` is on (it weighs 2.4 MB and about 80 ms to load);
 * - every call bounded in time: the library retries a failing service five times, 3 s apart and
 *   growing, about 32 s per call, and cannot be told otherwise. A call that outlives its bound is
 *   left behind (see {@link inFlight}) and the step goes on as if the cache had nothing;
 * - the library's own output routed (src/images/library-output.ts): its problems are reported by
 *   the caller as one warning, cleaned; the rest goes to the debug log.
 */
import { errorMessage } from '../report/model.js';
import { outsideLine } from '../report/outside.js';
import { newCall, problemsOf, routedHere, routingHere } from './library-output.js';

type CacheModule = typeof import('@actions/cache');

let loading: Promise<CacheModule> | undefined;
const load = (): Promise<CacheModule> => (loading ??= import('@actions/cache'));

export type CacheCall<T> = { ok: true; value: T; durationMs: number } | { ok: false; detail: string; durationMs: number };

/**
 * Run a library call with its output routed, for at most `ms`. Not ok: it threw, it outlived
 * `ms`, or the library reported a problem and `value` says it did nothing (`failed(value)`).
 */
async function call<T>(what: string, ms: number, work: (m: CacheModule) => Promise<T>, failed: (v: T) => boolean): Promise<CacheCall<T>> {
  const started = performance.now();
  const id = newCall();
  // Left behind past its bound, a call still counts in inFlight() until it settles.
  const running = routedHere(id, () => load().then(work)).then(
    (value) => ({ ok: true as const, value }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([running, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ms)))]);
  clearTimeout(timer);
  const durationMs = performance.now() - started;
  if (outcome === 'late') {
    const p = problemsOf(id);
    return { ok: false, durationMs, detail: `${what}: no answer within ${Math.round(ms / 100) / 10} s${p ? ` (${p})` : ''}` };
  }
  if (!outcome.ok) return { ok: false, durationMs, detail: `${what}: ${outsideLine(errorMessage(outcome.err), 300)}` };
  const p = problemsOf(id);
  if (p && failed(outcome.value)) return { ok: false, durationMs, detail: `${what}: ${p}` };
  return { ok: true, value: outcome.value, durationMs };
}

/**
 * Calls not settled yet, left behind or no longer needed (Docker turned out unusable while a
 * download ran): the entry point exits without waiting for them.
 */
export function inFlight(): number {
  return routingHere();
}

/** Whether the runner gave this job a cache service (not under act, or a GHES without one). */
export async function cacheAvailable(): Promise<boolean> {
  try {
    return (await load()).isFeatureAvailable();
  } catch {
    return false;
  }
}

/** The key of the entry `key` (else the newest one under a restore key) matches; undefined: none. */
export function lookup(file: string, key: string, restoreKeys: string[], ms: number): Promise<CacheCall<string | undefined>> {
  return call(
    'cache lookup',
    ms,
    (m) => m.restoreCache([file], key, restoreKeys, { lookupOnly: true }),
    (v) => v === undefined,
  );
}

/** Download and unpack the entry to `file`; the key it matched. */
export function restore(file: string, key: string, restoreKeys: string[], ms: number): Promise<CacheCall<string | undefined>> {
  return call(
    'cache restore',
    ms,
    (m) => m.restoreCache([file], key, restoreKeys),
    (v) => v === undefined,
  );
}

/** Save `file` under `key`; the entry's id (-1: not saved, the library said why). */
export function save(file: string, key: string, ms: number): Promise<CacheCall<number>> {
  return call(
    'cache save',
    ms,
    (m) => m.saveCache([file], key),
    (v) => v === -1,
  );
}
