/**
 * The Actions cache, through `@actions/cache`, as the image cache needs it:
 *
 * - loaded only when `cache-images` is on (it weighs 2.4 MB and about 80 ms to load);
 * - every call bounded in time: the library retries a failing service five times, 3 s apart and
 *   growing, about 32 s per call, and cannot be told otherwise. A call that outlives its bound is
 *   left behind (see {@link leftBehind}) and the step goes on as if the cache had nothing;
 * - the library's own output routed: it writes `::error::` for a service's 5xx, which would mark a
 *   step that works as failed, and its messages carry text from the service. Its problems are
 *   collected and reported by the caller as one warning, cleaned; the rest goes to the debug log.
 */
import * as core from '../core.js';
import { errorMessage } from '../report/model.js';
import { outsideLine } from '../report/outside.js';

type CacheModule = typeof import('@actions/cache');

let loading: Promise<CacheModule> | undefined;
const load = (): Promise<CacheModule> => (loading ??= import('@actions/cache'));

/** What the library said while calls were under way: problems (its warnings and errors) and the rest. */
interface Said {
  at: number;
  problem: boolean;
  text: string;
}
const said: Said[] = [];
let sequence = 0;
let active = 0;
let abandoned = 0;
let original: typeof process.stdout.write | undefined;

/** `%25`, `%0D`, `%0A` back to what the library wrote. */
const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

function route(line: string): void {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
  if (command) {
    const [, name, message = ''] = command;
    if (name === 'add-mask') return void original!.call(process.stdout, `${line}\n`);
    if (name === 'error' || name === 'warning') said.push({ at: sequence++, problem: true, text: unescape(message) });
    else if (name === 'debug') core.debug(`cache: ${outsideLine(unescape(message), 500)}`);
    return;
  }
  if (!line.trim()) return;
  // "Attempt 1 of 5 failed with error: …": the service is in trouble, even if a retry may yet work.
  said.push({ at: sequence++, problem: /^Attempt \d+ of \d+ failed/.test(line), text: line });
  core.debug(`cache: ${outsideLine(line, 500)}`);
}

let partial = '';
function intercept(): void {
  if (active++ > 0) return;
  original = process.stdout.write;
  const replacement = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (core.writingOwn()) return (original as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
    partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const lines = partial.split(/\r?\n/);
    partial = lines.pop() ?? '';
    for (const l of lines) route(l);
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = replacement as typeof process.stdout.write;
}

function release(): void {
  if (--active > 0) return;
  if (partial) route(partial);
  partial = '';
  if (original) process.stdout.write = original;
  original = undefined;
}

export type CacheCall<T> = { ok: true; value: T; durationMs: number } | { ok: false; detail: string; durationMs: number };

/**
 * Run a library call with its output routed, for at most `ms`. Not ok: it threw, it outlived
 * `ms`, or the library reported a problem and `value` says it did nothing (`failed(value)`).
 */
async function call<T>(what: string, ms: number, work: (m: CacheModule) => Promise<T>, failed: (v: T) => boolean): Promise<CacheCall<T>> {
  const started = performance.now();
  const from = sequence;
  const problems = (): string => {
    const texts = [...new Set(said.filter((s) => s.at >= from && s.problem).map((s) => outsideLine(s.text, 300)))];
    return texts.slice(-2).join('; ');
  };
  intercept();
  // Set by the timer: the call is left behind, and counted as such until it settles.
  let late = false;
  const running = load()
    .then(work)
    .then(
      (value) => ({ ok: true as const, value }),
      (err: unknown) => ({ ok: false as const, err }),
    )
    .finally(() => {
      if (late) abandoned--;
      release();
    });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    running,
    new Promise<'late'>(
      (r) =>
        (timer = setTimeout(() => {
          late = true;
          abandoned++;
          r('late');
        }, ms)),
    ),
  ]);
  clearTimeout(timer);
  const durationMs = performance.now() - started;
  if (outcome === 'late') {
    const p = problems();
    return { ok: false, durationMs, detail: `${what}: no answer within ${Math.round(ms / 100) / 10} s${p ? ` (${p})` : ''}` };
  }
  if (!outcome.ok) return { ok: false, durationMs, detail: `${what}: ${outsideLine(errorMessage(outcome.err), 300)}` };
  const p = problems();
  if (p && failed(outcome.value)) return { ok: false, durationMs, detail: `${what}: ${p}` };
  return { ok: true, value: outcome.value, durationMs };
}

/** Calls left running past their bound (their retries go on): the entry point exits without them. */
export function leftBehind(): number {
  return abandoned;
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
