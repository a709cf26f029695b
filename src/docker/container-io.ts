/**
 * A command run in a container (`docker exec`), and a container's log followed (`docker logs
 * --follow`): on the engine's local socket when it is there (no process started: the healthcheck
 * runs of the wait come often, and each CLI call is a Go program's start), else with the CLI.
 * Either way the caller gets what `exec` would give it.
 */
import { exec, type ExecResult } from '../exec.js';
import { apiMessage, apiRequest, apiStream, ApiUnreachable, LineSplitter } from './engine-api.js';
import { engineSocket } from './endpoint.js';
import { FrameReader } from './stream-frames.js';

export interface ContainerIoOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Run `cmd` in container `id` as `docker exec` does (its user, its working directory, no TTY). */
export function execIn(env: NodeJS.ProcessEnv, id: string, cmd: string[], o: ContainerIoOptions): Promise<ExecResult> {
  const socket = engineSocket(env);
  const argv = ['docker', 'exec', id, ...cmd];
  return socket ? execOnSocket(socket, argv, id, cmd, o) : exec(argv, { env, signal: o.signal, timeoutMs: o.timeoutMs });
}

async function execOnSocket(socket: string, argv: string[], id: string, cmd: string[], o: ContainerIoOptions): Promise<ExecResult> {
  const started = performance.now();
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const result = (code: number | null, extra: Partial<ExecResult> = {}): ExecResult => ({
    argv,
    code,
    stdout: Buffer.concat(out.stdout).toString('utf8'),
    stderr: Buffer.concat(out.stderr).toString('utf8'),
    durationMs: performance.now() - started,
    timedOut: false,
    aborted: false,
    spawnError: undefined,
    ...extra,
  });
  const left = (): number => Math.max(1, o.timeoutMs - (performance.now() - started));
  try {
    const created = await apiRequest(socket, 'POST', `/containers/${encodeURIComponent(id)}/exec`, {
      json: { AttachStdout: true, AttachStderr: true, Cmd: cmd },
      timeoutMs: left(),
      signal: o.signal,
    });
    // The CLI's own words for what it cannot do, so that callers read both alike.
    if (created.status !== 201)
      return result(created.status === 404 ? 1 : 126, { stderr: `Error response from daemon: ${apiMessage(created.body)}` });
    const execId = (JSON.parse(created.body) as { Id: string }).Id;
    const ran = await apiRequest(socket, 'POST', `/exec/${execId}/start`, {
      json: { Detach: false, Tty: false },
      timeoutMs: left(),
      signal: o.signal,
    });
    if (ran.status !== 200) return result(126, { stderr: `Error response from daemon: ${apiMessage(ran.body)}` });
    new FrameReader((bytes, stream) => out[stream].push(bytes)).push(ran.bytes);
    return result(await exitCodeOf(socket, execId, left, o.signal));
  } catch (err) {
    const e = err instanceof ApiUnreachable ? err : new ApiUnreachable('EIO', String(err));
    if (e.code === 'ETIMEDOUT') return result(null, { timedOut: true });
    if (e.code === 'ABORTED') return result(null, { aborted: true });
    return result(1, { stderr: `Cannot connect to the Docker daemon at unix://${socket}. Is the docker daemon running? (${e.code})` });
  }
}

/** The exit code of an exec whose stream ended: the engine may say it a moment after. */
async function exitCodeOf(socket: string, execId: string, left: () => number, signal: AbortSignal | undefined): Promise<number | null> {
  for (let tries = 0; ; tries++) {
    const a = await apiRequest(socket, 'GET', `/exec/${execId}/json`, { timeoutMs: left(), signal });
    const state = a.status === 200 ? (JSON.parse(a.body) as { Running?: boolean; ExitCode?: number | null }) : undefined;
    if (state && !state.Running && typeof state.ExitCode === 'number') return state.ExitCode;
    if (!state || tries >= 50) return null;
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface FollowOptions extends ContainerIoOptions {
  /** How many lines of the past to start with (`--tail`); all when undefined. */
  tail?: number;
  /** Only lines from this moment on (`--since`, seconds since the epoch, fractional). */
  since?: string;
  /** Each line of either stream, as it comes. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  /** With the CLI: how much of each stream to keep in memory (exec's keepChars). */
  keepChars?: number;
}

/** Follow container `id`'s log until `signal` aborts, the container ends it or `timeoutMs` passes. */
export async function followLog(env: NodeJS.ProcessEnv, id: string, o: FollowOptions): Promise<void> {
  const socket = engineSocket(env);
  if (!socket) {
    const tail = o.tail === undefined ? [] : ['--tail', String(o.tail)];
    const since = o.since === undefined ? [] : ['--since', o.since];
    await exec(['docker', 'logs', '--follow', ...tail, ...since, id], {
      env,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
      keepChars: o.keepChars ?? 1024,
      onLine: o.onLine,
    });
    return;
  }
  const lines = { stdout: new LineSplitter((l) => o.onLine(l, 'stdout')), stderr: new LineSplitter((l) => o.onLine(l, 'stderr')) };
  const frames = new FrameReader((bytes, stream) => lines[stream].push(bytes));
  const query = `follow=1&stdout=1&stderr=1${o.tail === undefined ? '' : `&tail=${o.tail}`}${o.since === undefined ? '' : `&since=${o.since}`}`;
  await apiStream(socket, `/containers/${encodeURIComponent(id)}/logs?${query}`, (chunk) => frames.push(chunk), o);
}

/**
 * `docker logs --timestamps --tail N` of container `id`: its two streams, each line stamped. An
 * ExecResult either way (code 1 with the engine's words when it cannot be read).
 */
export async function readLog(env: NodeJS.ProcessEnv, id: string, tail: number, o: ContainerIoOptions): Promise<ExecResult> {
  const argv = ['docker', 'logs', '--timestamps', '--tail', String(tail), id];
  const socket = engineSocket(env);
  if (!socket) return exec(argv, { env, signal: o.signal, timeoutMs: o.timeoutMs });
  const started = performance.now();
  const base = { argv, stdout: '', stderr: '', timedOut: false, aborted: false, spawnError: undefined };
  try {
    const a = await apiRequest(socket, 'GET', `/containers/${encodeURIComponent(id)}/logs?stdout=1&stderr=1&timestamps=1&tail=${tail}`, o);
    const done = { durationMs: performance.now() - started };
    if (a.status !== 200) return { ...base, ...done, code: 1, stderr: `Error response from daemon: ${apiMessage(a.body)}` };
    const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    new FrameReader((bytes, stream) => out[stream].push(bytes)).push(a.bytes);
    return {
      ...base,
      ...done,
      code: 0,
      stdout: Buffer.concat(out.stdout).toString('utf8'),
      stderr: Buffer.concat(out.stderr).toString('utf8'),
    };
  } catch (err) {
    const code = err instanceof ApiUnreachable ? err.code : 'EIO';
    return { ...base, durationMs: performance.now() - started, code: null, timedOut: code === 'ETIMEDOUT', aborted: code === 'ABORTED' };
  }
}
