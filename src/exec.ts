/**
 * The one place that runs a process. Logs the argv with runner.debug and returns the exit code with
 * both streams; {@link execOrThrow} turns a non-zero exit plus stderr into an {@link ExecError}.
 * A plain command runs through @actions/exec; one with a deadline, an abort signal or stdin input
 * runs through {@link spawnKillable}, which kills the whole process group when it must stop.
 * Anything that talks to the engine, a registry or a remote include can hang, so it takes a
 * deadline; only local commands (`docker context inspect`) need none.
 */
import { spawn } from 'node:child_process';
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

// @actions/exec gives no handle on the child process, so it cannot kill it (and its process group) at a deadline or on abort, nor catch EPIPE on its stdin.
function spawnKillable(argv: string[], file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  const { signal } = options;
  if (signal?.aborted) {
    return Promise.resolve({
      argv,
      code: null,
      stdout: '',
      stderr: '',
      durationMs: 0,
      timedOut: false,
      aborted: true,
      spawnError: undefined,
    });
  }
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let aborted = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const finish = (code: number | null): void => {
      running.delete(kill);
      if (timer) clearTimeout(timer);
      lines?.stdout.end();
      lines?.stderr.end();
      signal?.removeEventListener('abort', onAbort);
      resolve({
        argv,
        code: spawnError ? null : code,
        stdout,
        stderr,
        durationMs: performance.now() - started,
        timedOut,
        aborted,
        spawnError,
      });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, {
        cwd: options.cwd,
        env: childEnv(options.env ?? process.env),
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
      });
    } catch (err) {
      // e.g. an argument with a NUL byte: spawn throws instead of emitting 'error'.
      const e = asSpawnError(err);
      resolve({ argv, code: null, stdout, stderr, durationMs: performance.now() - started, timedOut, aborted, spawnError: e });
      return;
    }
    const kill = (): void => {
      try {
        // The whole group: compose v1 starts children that would outlive a plain kill.
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    running.add(kill);
    const onAbort = (): void => {
      if (timedOut) return;
      aborted = true;
      kill();
    };
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(
            () => {
              if (aborted) return;
              timedOut = true;
              kill();
            },
            Math.max(0, options.timeoutMs),
          )
        : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
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
    if (options.input !== undefined) {
      // A program that exits without reading its stdin makes this write fail with EPIPE: not our failure.
      const stdin = child.stdin?.on('error', () => undefined);
      if (typeof options.input === 'string') stdin?.end(options.input);
      else
        options.input.then(
          (text) => stdin?.end(text),
          () => stdin?.end(),
        );
    }
    child.on('error', (err) => (spawnError = err));
    child.on('close', finish);
  });
}
