/**
 * A question asked on the engine's socket, told as the CLI's run of it would be (an ExecResult):
 * its failures in the CLI's own words, so that one judgement (availability.ts's classifier, a
 * caller's `code === 0`) reads both. One place for those words.
 */
import type { ExecResult } from '../exec.js';
import { apiMessage, asUnreachable } from './engine-api.js';
import { demux } from './stream-frames.js';

/** An ExecResult for `argv`, begun at `started` (performance.now()). */
export function socketResult(argv: string[], started: number, r: Pick<ExecResult, 'code'> & Partial<ExecResult>): ExecResult {
  return {
    stdout: '',
    stderr: '',
    timedOut: false,
    aborted: false,
    spawnError: undefined,
    ...r,
    argv,
    durationMs: performance.now() - started,
  };
}

/** The engine's error answer (`status`, `body`), as the CLI says it: `Error response from daemon: …`. */
export function engineRefused(argv: string[], started: number, code: number, body: string): ExecResult {
  return socketResult(argv, started, { code, stderr: `Error response from daemon: ${apiMessage(body)}` });
}

/** A multiplexed answer (exec, logs): its two streams as the CLI prints them. */
export function streamsOf(argv: string[], started: number, code: number | null, bytes: Buffer): ExecResult {
  return socketResult(argv, started, { code, ...demux(bytes) });
}

/** No answer on `socket`: timed out, aborted, or the CLI's words for a socket it cannot use. */
export function noAnswer(argv: string[], started: number, socket: string, err: unknown): ExecResult {
  const e = asUnreachable(err);
  if (e.code === 'ETIMEDOUT') return socketResult(argv, started, { code: null, timedOut: true });
  if (e.code === 'ABORTED') return socketResult(argv, started, { code: null, aborted: true });
  const stderr =
    e.code === 'EACCES'
      ? `permission denied while trying to connect to the Docker daemon socket at unix://${socket}: ${e.message}`
      : `Cannot connect to the Docker daemon at unix://${socket}. Is the docker daemon running? (${e.code})`;
  return socketResult(argv, started, { code: 1, stderr });
}
