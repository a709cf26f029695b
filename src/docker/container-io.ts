/**
 * A command run in a container (`docker exec`), and a container's log followed (`docker logs
 * --follow`): on the engine's local socket when it is there (no process started: the healthcheck
 * runs of the wait come often, and each CLI call is a Go program's start), else with the CLI.
 * Either way the caller gets what `exec` would give it.
 */
import { StringDecoder } from 'node:string_decoder';
import { exec, type ExecResult } from '../exec.js';
import { apiRequest, apiStream, LineSplitter } from './engine-api.js';
import { engineSocket } from './endpoint.js';
import { engineRefused, noAnswer, streamsOf } from './socket-result.js';
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
  const left = (): number => Math.max(1, o.timeoutMs - (performance.now() - started));
  try {
    const created = await apiRequest(socket, 'POST', `/containers/${encodeURIComponent(id)}/exec`, {
      json: { AttachStdout: true, AttachStderr: true, Cmd: cmd },
      timeoutMs: left(),
      signal: o.signal,
    });
    // The CLI's own exit codes for what it cannot do: 1 (no such container), 126 (cannot run it).
    if (created.status !== 201) return engineRefused(argv, started, created.status === 404 ? 1 : 126, created.body);
    const execId = (JSON.parse(created.body) as { Id: string }).Id;
    const ran = await apiRequest(socket, 'POST', `/exec/${execId}/start`, {
      json: { Detach: false, Tty: false },
      timeoutMs: left(),
      signal: o.signal,
    });
    if (ran.status !== 200) return engineRefused(argv, started, 126, ran.body);
    return streamsOf(argv, started, await exitCodeOf(socket, execId, left, o.signal), ran.bytes);
  } catch (err) {
    return noAnswer(argv, started, socket, err);
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
  try {
    const a = await apiRequest(socket, 'GET', `/containers/${encodeURIComponent(id)}/logs?stdout=1&stderr=1&timestamps=1&tail=${tail}`, o);
    return a.status === 200 ? streamsOf(argv, started, 0, a.bytes) : engineRefused(argv, started, 1, a.body);
  } catch (err) {
    return noAnswer(argv, started, socket, err);
  }
}

export interface WholeLogOptions extends ContainerIoOptions {
  /** Each line of either stream, in the engine's order, with its timestamp; blank lines kept. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A line never ended is handed on in pieces of this many characters, not held without bound. */
const MAX_PENDING = 64 * 1024;

/**
 * `docker logs --timestamps` of container `id`, all of it, handed on line by line as it is read:
 * nothing is kept (a log of 100 MB costs what a small one does). Resolves when the log has been
 * read, `signal` aborts or `timeoutMs` passes; true when it was read to its end.
 */
export async function readWholeLog(env: NodeJS.ProcessEnv, id: string, o: WholeLogOptions): Promise<boolean> {
  const socket = engineSocket(env);
  if (!socket) {
    const r = await exec(['docker', 'logs', '--timestamps', id], {
      env,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
      keepChars: 1024,
      onLine: o.onLine,
    });
    return r.code === 0;
  }
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const rest = { stdout: '', stderr: '' };
  const frames = new FrameReader((bytes, stream) => {
    const parts = (rest[stream] + decoders[stream].write(bytes)).split('\n');
    rest[stream] = parts.pop() ?? '';
    for (const p of parts) o.onLine(p.replace(/\r$/, ''), stream);
    if (rest[stream].length > MAX_PENDING) {
      o.onLine(rest[stream], stream);
      rest[stream] = '';
    }
  });
  // The bound is kept here, not by the request: a log cut by it must not pass for a whole one.
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
  const path = `/containers/${encodeURIComponent(id)}/logs?stdout=1&stderr=1&timestamps=1`;
  const status = await apiStream(socket, path, (chunk) => frames.push(chunk), { signal }).finally(() => clearTimeout(timer));
  for (const stream of ['stdout', 'stderr'] as const) {
    const last = (rest[stream] + decoders[stream].end()).replace(/\r$/, '');
    if (last !== '') o.onLine(last, stream);
  }
  return status === 200 && !signal.aborted;
}
