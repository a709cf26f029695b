/**
 * The one place that runs a process. Logs the argv with core.debug, enforces a timeout (killing
 * the whole process), and returns the exit code with both streams; {@link execOrThrow} turns a
 * non-zero exit plus stderr into an {@link ExecError}.
 */
import { spawn } from 'node:child_process';
import * as core from '@actions/core';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process after this long; the result then has timedOut = true. */
  timeoutMs?: number;
  /** Text written to the process's stdin. */
  input?: string;
}

export interface ExecResult {
  argv: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
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
  const last = lastLines(r.stderr || r.stdout, 3);
  return `${cmd}: exit code ${r.code}${last ? `: ${last}` : ''}`;
}

/** The last `n` non-empty lines of `text`, joined by ' | '. */
export function lastLines(text: string, n: number): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join(' | ');
}

/** Run argv[0] with the rest as arguments (no shell). Never throws for a non-zero exit. */
export function exec(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('exec: empty argv');
  core.debug(`exec: ${JSON.stringify(argv)}${options.cwd ? ` in ${options.cwd}` : ''}`);
  const started = performance.now();
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const kill = (): void => {
      timedOut = true;
      try {
        // The whole group: compose v1 starts children that would outlive a plain kill.
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = options.timeoutMs !== undefined ? setTimeout(kill, Math.max(0, options.timeoutMs)) : undefined;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', (err) => (spawnError = err));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ argv, code: spawnError ? null : code, stdout, stderr, durationMs: performance.now() - started, timedOut, spawnError });
    });
  });
}

/** Like {@link exec}, but a non-zero exit, a timeout or a failure to start throws an ExecError. */
export async function execOrThrow(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const r = await exec(argv, options);
  if (r.code !== 0) throw new ExecError(r);
  return r;
}
