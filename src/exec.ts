/**
 * The one place that runs a process. Logs the argv with runner.debug and returns the exit code with
 * both streams; {@link execOrThrow} turns a non-zero exit plus stderr into an {@link ExecError}.
 * A plain command runs through @actions/exec; one with a deadline, an abort signal or stdin input
 * runs through {@link spawnKillable}, which kills the whole process group when it must stop.
 * Anything that talks to the engine, a registry or a remote include can hang, so it takes a
 * deadline; only local commands (`docker context inspect`) need none.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as runner from './runner.js';
import { LineSplitter, outsideLine } from './report/outside.js';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process (and its process group) after this long; the result then has timedOut = true. */
  timeoutMs?: number;
  /** Kill the process (and its process group) when this aborts; the result then has aborted = true. */
  signal?: AbortSignal;
  /** Text written to the process's stdin; a promise's once it gives it (stdin stays open until then). */
  input?: string | Promise<string>;
  /** Each line of output as it comes (CR LF, LF or a lone CR ends one), besides the collected streams. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * With onLine: keep only the last this many characters of each stream in the result (a log
   * followed for minutes must not be held whole in memory). Default: everything.
   */
  keepChars?: number;
}

export interface ExecResult {
  argv: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** Set when options.signal aborted: the process was killed, or never started. */
  aborted: boolean;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  spawnError: NodeJS.ErrnoException | undefined;
}

export class ExecError extends Error {
  constructor(readonly result: ExecResult) {
    super(describeFailure(result));
    this.name = 'ExecError';
  }
}

/** One line saying how a command failed, with the last meaningful stderr line. */
export function describeFailure(r: ExecResult): string {
  const cmd = r.argv.slice(0, 3).join(' ');
  if (r.spawnError) return `${cmd}: could not start (${r.spawnError.code ?? r.spawnError.message})`;
  if (r.timedOut) return `${cmd}: timed out after ${Math.round(r.durationMs / 100) / 10} s`;
  if (r.aborted) return `${cmd}: aborted after ${Math.round(r.durationMs / 100) / 10} s`;
  const last = lastLines(r.stderr || r.stdout, 3);
  return `${cmd}: exit code ${r.code}${last ? `: ${last}` : ''}`;
}

/** The last `n` non-empty lines of `text` (outside text: each made safe), joined by ' | '. */
export function lastLines(text: string, n: number): string {
  return text
    .split(/\r\n|\n|\r/)
    .map((l) => outsideLine(l.trim()).trim())
    .filter(Boolean)
    .slice(-n)
    .join(' | ');
}

/** Find an executable on PATH without running it. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Run argv[0] with the rest as arguments (no shell). Never throws for a non-zero exit. */
export function exec(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('exec: empty argv');
  runner.debug(`exec: ${JSON.stringify(argv)}${options.cwd ? ` in ${options.cwd}` : ''}`);
  if (options.timeoutMs !== undefined || options.signal !== undefined || options.input !== undefined || options.onLine !== undefined) {
    return spawnKillable(argv, file, args, options);
  }
  return viaActionsExec(argv, file, args, options);
}

/** Like {@link exec}, but a non-zero exit, a timeout, an abort or a failure to start throws an ExecError. */
export async function execOrThrow(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const r = await exec(argv, options);
  if (r.code !== 0) throw new ExecError(r);
  return r;
}

/**
 * @actions/exec. It would find the tool with io.which on this process's PATH, not options.env's
 * as spawn does: a bare name is found here first, on the env's PATH, so both paths run the same
 * program. A missing tool or cwd it reports by rejecting with a plain Error: spawnError ENOENT.
 */
async function viaActionsExec(argv: string[], file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  const done = (r: Pick<ExecResult, 'code' | 'stdout' | 'stderr' | 'spawnError'>): ExecResult => ({
    argv,
    ...r,
    durationMs: performance.now() - started,
    timedOut: false,
    aborted: false,
  });
  const env = childEnv(options.env ?? process.env);
  // spawn throws on a NUL byte, and inside @actions/exec's async executor that is an unhandled rejection: refuse it here.
  const nul = [...argv, options.cwd ?? '', ...Object.entries(env).flat()].find((s) => s.includes('\0'));
  if (nul !== undefined) {
    const spawnError: NodeJS.ErrnoException = new TypeError(`exec: a NUL byte in ${JSON.stringify(nul)}`);
    spawnError.code = 'ERR_INVALID_ARG_VALUE';
    return done({ code: null, stdout: '', stderr: '', spawnError });
  }
  const tool = file.includes('/') ? file : findOnPath(file, env.PATH);
  if (tool === undefined) {
    const spawnError: NodeJS.ErrnoException = new Error(`Unable to locate executable file: ${file}`);
    spawnError.code = 'ENOENT';
    return done({ code: null, stdout: '', stderr: '', spawnError });
  }
  try {
    // Loaded on first use: the first moves run processes before anything but them is loaded.
    const { getExecOutput } = await import('@actions/exec');
    const out = await getExecOutput(commandLineFor(tool), args, {
      cwd: options.cwd,
      env,
      silent: true,
      ignoreReturnCode: true,
    });
    // exitCode is typed number but is null for a process killed by a signal, as child_process says.
    return done({ code: out.exitCode, stdout: out.stdout, stderr: out.stderr, spawnError: undefined });
  } catch (err) {
    return done({ code: null, stdout: '', stderr: '', spawnError: asSpawnError(err) });
  }
}

/**
 * @actions/exec splits its commandLine on spaces and treats '"' as quoting (backslashes are literal
 * outside quotes), so a space or a quote in the program's path is quoted on its own.
 */
function commandLineFor(file: string): string {
  return file.replace(/[ "]/g, (c) => (c === ' ' ? '" "' : '"\\""'));
}

/**
 * The environment a child process gets: the given one, without the step's inputs (`INPUT_*`, the
 * staging token among them), which docker and compose never need and must not see.
 */
export function childEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !/^INPUT_/i.test(k)) out[k] = v;
  return out;
}

/** @actions/exec's errors carry no code: a tool not found (io.which) or a missing cwd is ENOENT. */
function asSpawnError(err: unknown): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = err instanceof Error ? err : new Error(String(err));
  if (e.code === undefined) {
    if (/^Unable to locate executable file: |^The cwd: .* does not exist!$/s.test(e.message)) e.code = 'ENOENT';
    else e.code = /\bspawn .* (E[A-Z0-9]+)$/.exec(e.message)?.[1];
  }
  return e;
}

/** How to stop each child still running that was started with a deadline or a signal (its whole group). */
const running = new Set<() => void>();

/**
 * Stop every such child now (their process groups, SIGKILL): the step is being cancelled, and a
 * `compose up` or a build must not outlive it. How many there were.
 */
export function killRunningChildren(): number {
  const n = running.size;
  for (const kill of [...running]) kill();
  return n;
}

/** Kill a child and its process group (compose v1 starts children that would outlive a plain kill). */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Gather a child's output (the last `keepChars` of each stream), and hand on its lines as they come; `end` flushes them. */
function collect(child: ChildProcess, options: ExecOptions): { out: () => { stdout: string; stderr: string }; end: () => void } {
  let stdout = '';
  let stderr = '';
  const { onLine } = options;
  const lines = onLine && {
    stdout: new LineSplitter((l) => onLine(l, 'stdout')),
    stderr: new LineSplitter((l) => onLine(l, 'stderr')),
  };
  const keep = options.keepChars;
  const kept = (all: string): string => (keep !== undefined && all.length > keep ? all.slice(-keep) : all);
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout = kept(stdout + d);
    lines?.stdout.push(d);
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = kept(stderr + d);
    lines?.stderr.push(d);
  });
  return {
    out: () => ({ stdout, stderr }),
    end: () => {
      lines?.stdout.end();
      lines?.stderr.end();
    },
  };
}

/** Write `input` (or what its promise gives) to the child's stdin, and close it. */
function feed(child: ChildProcess, input: ExecOptions['input']): void {
  if (input === undefined) return;
  // A program that exits without reading its stdin makes this write fail with EPIPE: not our failure.
  const stdin = child.stdin?.on('error', () => undefined);
  if (typeof input === 'string') stdin?.end(input);
  else
    input.then(
      (text) => stdin?.end(text),
      () => stdin?.end(),
    );
}

/** A result for a command that never ran: aborted before it started, or not startable. */
function notRun(argv: string[], started: number, o: { aborted: boolean; spawnError?: NodeJS.ErrnoException }): ExecResult {
  const durationMs = o.spawnError ? performance.now() - started : 0;
  return { argv, code: null, stdout: '', stderr: '', durationMs, timedOut: false, aborted: o.aborted, spawnError: o.spawnError };
}

// @actions/exec gives no handle on the child process, so it cannot kill it (and its process group) at a deadline or on abort, nor catch EPIPE on its stdin.
function spawnKillable(argv: string[], file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve(notRun(argv, started, { aborted: true }));
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      cwd: options.cwd,
      env: childEnv(options.env ?? process.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
  } catch (err) {
    // e.g. an argument with a NUL byte: spawn throws instead of emitting 'error'.
    return Promise.resolve(notRun(argv, started, { aborted: false, spawnError: asSpawnError(err) }));
  }
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const kill = (): void => killGroup(child);
    running.add(kill);
    const onAbort = (): void => {
      if (timedOut) return;
      aborted = true;
      kill();
    };
    const onTimeout = (): void => {
      if (aborted) return;
      timedOut = true;
      kill();
    };
    const timer = options.timeoutMs !== undefined ? setTimeout(onTimeout, Math.max(0, options.timeoutMs)) : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    const output = collect(child, options);
    feed(child, options.input);
    child.on('error', (err) => (spawnError = err));
    child.on('close', (code: number | null) => {
      running.delete(kill);
      if (timer) clearTimeout(timer);
      output.end();
      signal?.removeEventListener('abort', onAbort);
      const durationMs = performance.now() - started;
      resolve({ argv, code: spawnError ? null : code, ...output.out(), durationMs, timedOut, aborted, spawnError });
    });
  });
}
