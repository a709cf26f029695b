/**
 * What `@actions/cache` writes, routed, per call: it writes `::error::` for a service's 5xx, which
 * would mark a step that works as failed, and its messages carry text from the service. Its
 * problems (its warnings and errors, a failed attempt) are kept for the caller to report as one
 * warning, cleaned; the rest goes to the debug log; a mask it asks for is passed on at once.
 *
 * A call in this process has this process's stdout and stderr taken while it runs
 * ({@link routedHere}); a call in a process of its own hands its lines to {@link routeLine}.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as runner from '../runner.js';
import { outsideLine } from '../report/outside.js';

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

/** A number for a new call, which its lines are kept under. */
export const newCall = (): number => calls++;

/** `%25`, `%0D`, `%0A` back to what the library wrote. */
const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

/** One whole line the library wrote during `call`. */
export function routeLine(line: string, call: number, stream: 'stdout' | 'stderr'): void {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
  if (command) {
    const [, name, message = ''] = command;
    // A mask it asks for (a signed URL's signature) is passed on before anything could show the secret.
    if (name === 'add-mask') return void (originals.stdout ?? process.stdout.write).call(process.stdout, `${line}\n`);
    if (name === 'error' || name === 'warning') said.push({ call, problem: true, text: unescape(message) });
    else if (name === 'debug') runner.debug(`cache: ${outsideLine(unescape(message), 500)}`);
    return;
  }
  if (!line.trim()) return;
  // "Attempt 1 of 5 failed with error: …": the service is in trouble, even if a retry may yet work.
  said.push({ call, problem: stream === 'stdout' && /^Attempt \d+ of \d+ failed/.test(line), text: line });
  runner.debug(`cache: ${outsideLine(line, 500)}`);
}

/** The problems the library reported during `call`, cleaned: the last two different ones, or ''. */
export function problemsOf(call: number): string {
  const texts = [...new Set(said.filter((s) => s.call === call && s.problem).map((s) => outsideLine(s.text, 300)))];
  return texts.slice(-2).join('; ');
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
    for (const l of lines) routeLine(l, call, stream);
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
  for (const [key, text] of partial) if (text) routeLine(text, Number(key.split(' ')[0]), key.endsWith('stderr') ? 'stderr' : 'stdout');
  partial.clear();
  if (originals.stdout) process.stdout.write = originals.stdout;
  if (originals.stderr) process.stderr.write = originals.stderr;
  delete originals.stdout;
  delete originals.stderr;
}

/**
 * Run `work` (the library's code, in this process) with what it writes routed as `call`'s, until
 * it settles, however late that is (a caller that stops waiting leaves it routed).
 */
export function routedHere<T>(call: number, work: () => Promise<T>): Promise<T> {
  intercept();
  return current.run(call, work).finally(release);
}

/** Calls in this process not settled yet. */
export const routingHere = (): number => active;
