/**
 * The Actions cache, through `@actions/cache`, as the image cache needs it:
 *
 * - one image per entry, its file's name the one path the library is given: the entry's version
 *   (a hash of the paths) is then the same on every runner, wherever its RUNNER_TEMP is. A lookup
 *   only hashes the name, so it runs here; a restore unpacks and a save packs relative to the
 *   working directory and GITHUB_WORKSPACE, so each runs in a process of its own whose are the
 *   file's folder (src/images/cache-work.ts), started ahead of its job (the lookup, `docker save`
 *   hide its start);
 * - loaded here only when `cache-images` is on (it weighs 2.4 MB and about 80 ms to load);
 * - every call bounded in time: the library retries a failing service five times, 3 s apart and
 *   growing, about 32 s per call, and cannot be told otherwise. A lookup that outlives its bound
 *   is left behind (see {@link inFlight}); a restore or a save is killed. The step goes on as if
 *   the cache had nothing;
 * - the library's own output routed (src/images/library-output.ts): its problems are reported by
 *   the caller as one warning, cleaned; the rest goes to the debug log.
 */
import * as path from 'node:path';
import { errorMessage } from '../report/model.js';
import { outsideLine } from '../report/outside.js';
import { childrenRunning, prepareChild } from './cache-child.js';
import { newCall, problemsOf, routedHere, routeLine, routingHere } from './library-output.js';

type CacheModule = typeof import('@actions/cache');

let loading: Promise<CacheModule> | undefined;
const load = (): Promise<CacheModule> => (loading ??= import('@actions/cache'));

/**
 * A lookup in the cache service when the registry gave a digest: time for one of the library's
 * retries (3–4.5 s after a failure). A slower cache costs a pull (or a build), no more. In an
 * outage the cache is the only source left: the lookup gets what a download gets.
 */
export const LOOKUP_MS = 6000;

export type CacheCall<T> = { ok: true; value: T; durationMs: number } | { ok: false; detail: string; durationMs: number };

const late = (what: string, ms: number, problems: string): string =>
  `${what}: no answer within ${Math.round(ms / 100) / 10} s${problems ? ` (${problems})` : ''}`;

/**
 * Run a library call here with its output routed, for at most `ms`. Not ok: it threw, it outlived
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
  if (outcome === 'late') return { ok: false, durationMs, detail: late(what, ms, problemsOf(id)) };
  if (!outcome.ok) return { ok: false, durationMs, detail: `${what}: ${outsideLine(errorMessage(outcome.err), 300)}` };
  const p = problemsOf(id);
  if (p && failed(outcome.value)) return { ok: false, durationMs, detail: `${what}: ${p}` };
  return { ok: true, value: outcome.value, durationMs };
}

/** A restore or a save, its process started ahead of its job (see src/images/cache-child.ts). */
export interface Prepared<T> {
  /** Give it its job, the entry `key` (`restoreKeys`: other than those it was prepared with); at most `ms` from now (then killed). Not ok as a lookup is. */
  run(key: string, ms: number, restoreKeys?: string[]): Promise<CacheCall<T>>;
  /** No job for it after all: its process is killed (nothing once it has run). */
  cancel(): void;
}

/** Start the process of a restore or a save of `file`; its job comes later, or none. */
function prepare(op: 'restore' | 'save', file: string, restoreKeys: string[], signal?: AbortSignal): Prepared<string | number | null> {
  const what = `cache ${op}`;
  const id = newCall();
  const child = prepareChild(path.dirname(file), path.basename(file), (line, stream) => routeLine(line, id, stream), signal);
  const failed = (v: string | number | null): boolean => (op === 'restore' ? v === null : v === -1);
  return {
    async run(key, ms, laterKeys) {
      const { answer, result, late: killed } = await child.run({ op, key, restoreKeys: laterKeys ?? restoreKeys }, ms);
      const { durationMs } = result;
      const p = problemsOf(id);
      if (killed) return { ok: false, durationMs, detail: late(what, ms, p) };
      if (result.aborted) return { ok: false, durationMs, detail: `${what}: stopped, no longer needed` };
      if (!answer) {
        const how = result.spawnError
          ? `could not start (${result.spawnError.code ?? result.spawnError.message})`
          : `ended with exit code ${result.code}`;
        const last = outsideLine(result.stderr.trim().split('\n').pop() ?? '', 300);
        return { ok: false, durationMs, detail: `${what}: its process ${how} without an answer${last ? `: ${last}` : ''}` };
      }
      if (!answer.ok) return { ok: false, durationMs, detail: `${what}: ${outsideLine(answer.error, 300)}` };
      if (p && failed(answer.value)) return { ok: false, durationMs, detail: `${what}: ${p}` };
      return { ok: true, value: answer.value, durationMs };
    },
    cancel: () => child.cancel(),
  };
}

/**
 * Calls not settled yet, left behind or no longer needed (Docker turned out unusable while a
 * download ran): the entry point exits without waiting for them (a process of its own is killed then).
 */
export function inFlight(): number {
  return routingHere() + childrenRunning();
}

/** Whether the runner gave this job a cache service (not under act, or a GHES without one). */
export async function cacheAvailable(): Promise<boolean> {
  try {
    return (await load()).isFeatureAvailable();
  } catch {
    return false;
  }
}

/** The key of the entry `key` (else the newest one under a restore key) matches for `file`; undefined: none. */
export function lookup(file: string, key: string, restoreKeys: string[], ms: number): Promise<CacheCall<string | undefined>> {
  return call(
    'cache lookup',
    ms,
    (m) => m.restoreCache([path.basename(file)], key, restoreKeys, { lookupOnly: true }),
    (v) => v === undefined,
  );
}

/**
 * A restore of `file` (download and unpack), its process started now so that it loads while the
 * lookup runs: `run` gives the key it matched (`key`, else the newest entry under a restore key).
 * `signal`: no longer needed, the process is killed.
 */
export function prepareRestore(file: string, restoreKeys: string[], signal?: AbortSignal): Prepared<string | undefined> {
  const p = prepare('restore', file, restoreKeys, signal);
  return {
    run: async (key, ms, restoreKeys) => {
      const r = await p.run(key, ms, restoreKeys);
      return r.ok ? { ...r, value: typeof r.value === 'string' ? r.value : undefined } : r;
    },
    cancel: p.cancel,
  };
}

/** A save of `file`, its process started now (while `docker save` writes it): `run` gives the entry's id (-1: not saved). */
export function prepareSave(file: string): Prepared<number> {
  const p = prepare('save', file, []);
  return {
    run: async (key, ms) => {
      const r = await p.run(key, ms);
      return r.ok ? { ...r, value: typeof r.value === 'number' ? r.value : -1 } : r;
    },
    cancel: p.cancel,
  };
}
