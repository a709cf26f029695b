/**
 * The Actions cache, through `@actions/cache`, as the image cache needs it:
 *
 * - loaded only when `cache-images` is on (it weighs 2.4 MB and about 80 ms to load);
 * - every call bounded in time: the library retries a failing service five times, 3 s apart and
 *   growing, about 32 s per call, and cannot be told otherwise. A call that outlives its bound is
 *   left behind (see {@link inFlight}) and the step goes on as if the cache had nothing;
 * - the library's own output routed: it writes `::error::` for a service's 5xx, which would mark a
 *   step that works as failed, and its messages carry text from the service. Its problems are
 *   collected and reported by the caller as one warning, cleaned; the rest goes to the debug log.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as runner from '../runner.js';
import { errorMessage } from '../report/model.js';
import { outsideLine } from '../report/outside.js';

type CacheModule = typeof import('@actions/cache');

let loading: Promise<CacheModule> | undefined;
const load = (): Promise<CacheModule> => (loading ??= import('@actions/cache'));

/** What the library said during one call: problems (its warnings and errors) and the rest. */
interface Said {
  call: number;
  problem: boolean;
  text: string;
}
const said: Said[] = [];
/** Which call the library's code runs for: its writes are told apart even with calls in parallel. */
const current = new AsyncLocalStorage<number>();
let calls = 0;
let active = 0;
const originals: { stdout?: typeof process.stdout.write; stderr?: typeof process.stderr.write } = {};

/** `%25`, `%0D`, `%0A` back to what the library wrote. */
const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

function route(line: string, call: number, stream: 'stdout' | 'stderr'): void {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
  if (command) {
    const [, name, message = ''] = command;
    // A mask it asks for (a signed URL's signature) is passed on before anything could show the secret.
    if (name === 'add-mask') return void originals.stdout!.call(process.stdout, `${line}\n`);
    if (name === 'error' || name === 'warning') said.push({ call, problem: true, text: unescape(message) });
    else if (name === 'debug') runner.debug(`cache: ${outsideLine(unescape(message), 500)}`);
    return;
  }
  if (!line.trim()) return;
  // "Attempt 1 of 5 failed with error: …": the service is in trouble, even if a retry may yet work.
  said.push({ call, problem: stream === 'stdout' && /^Attempt \d+ of \d+ failed/.test(line), text: line });
  runner.debug(`cache: ${outsideLine(line, 500)}`);
}

/** What is not yet a whole line, per call and stream. */
const partial = new Map<string, string>();

function replacement(stream: 'stdout' | 'stderr') {
  return function (chunk: unknown, ...rest: unknown[]): boolean {
    const original = originals[stream] as (...a: unknown[]) => boolean;
    const target = stream === 'stdout' ? process.stdout : process.stderr;
    if (runner.writingOwn()) return original.call(target, chunk, ...rest);
    const call = current.getStore() ?? -1;
    const key = `${call} ${stream}`;
    const text = (partial.get(key) ?? '') + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const lines = text.split(/\r?\n/);
    partial.set(key, lines.pop() ?? '');
    for (const l of lines) route(l, call, stream);
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
}

function intercept(): void {
  if (active++ > 0) return;
  originals.stdout = process.stdout.write;
  originals.stderr = process.stderr.write;
  process.stdout.write = replacement('stdout') as typeof process.stdout.write;
  process.stderr.write = replacement('stderr') as typeof process.stderr.write;
}

function release(): void {
  if (--active > 0) return;
  for (const [key, text] of partial) if (text) route(text, Number(key.split(' ')[0]), key.endsWith('stderr') ? 'stderr' : 'stdout');
  partial.clear();
  if (originals.stdout) process.stdout.write = originals.stdout;
  if (originals.stderr) process.stderr.write = originals.stderr;
  delete originals.stdout;
  delete originals.stderr;
}

export type CacheCall<T> = { ok: true; value: T; durationMs: number } | { ok: false; detail: string; durationMs: number };

/**
 * Run a library call with its output routed, for at most `ms`. Not ok: it threw, it outlived
 * `ms`, or the library reported a problem and `value` says it did nothing (`failed(value)`).
 */
async function call<T>(what: string, ms: number, work: (m: CacheModule) => Promise<T>, failed: (v: T) => boolean): Promise<CacheCall<T>> {
  const started = performance.now();
  const id = calls++;
  const problems = (): string => {
    const texts = [...new Set(said.filter((s) => s.call === id && s.problem).map((s) => outsideLine(s.text, 300)))];
    return texts.slice(-2).join('; ');
  };
  intercept();
  // Left behind past its bound, a call still counts in inFlight() until it settles.
  const running = current
    .run(id, () => load().then(work))
    .then(
      (value) => ({ ok: true as const, value }),
      (err: unknown) => ({ ok: false as const, err }),
    )
    .finally(release);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([running, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ms)))]);
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

/**
 * Calls not settled yet, left behind or no longer needed (Docker turned out unusable while a
 * download ran): the entry point exits without waiting for them.
 */
export function inFlight(): number {
  return active;
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
