/**
 * HTTP and WebSocket answers: whether one passes a check, and whether one is definite (waiting
 * will not change it). Pure.
 */
import type { ProbeResult } from '../../probe/types.js';
import { pass, wait, type CheckState, type StatusSpec } from '../types.js';

/** Whether `status` is what `spec` asks: the code itself, or one of its class (`2xx`). */
export function statusMatches(status: number | undefined, spec: StatusSpec): boolean {
  if (status === undefined) return false;
  if (typeof spec === 'number') return status === spec;
  return Math.floor(status / 100) === Number(spec[0]);
}

/** A probe's answer judged against the status a check expects (a WebSocket handshake: success). */
export function judgeAnswer(p: Pick<ProbeResult, 'kind' | 'class' | 'status' | 'detail'>, spec: StatusSpec = '2xx'): CheckState {
  if (p.kind === 'websocket') return p.class === 'ok' ? pass('WebSocket handshake succeeds') : wait(p.detail);
  if (p.class === 'ok' || p.class === 'http-status') {
    if (statusMatches(p.status, spec)) return pass(`answers HTTP ${p.status}`);
    return wait(`answered HTTP ${p.status}, not ${spec}`);
  }
  return wait(p.detail);
}

/** How long a definite answer must persist before it ends the wait. */
export const DEFINITE_FOR_MS = 10_000;

/**
 * An answer that waiting will not change: a 4xx, or a WebSocket upgrade rejected with one, except
 * 408 (timeout), 425 (too early) and 429 (too many requests), and except the status the check
 * itself asks for. A refused connection, a 5xx or a timeout may still turn into a yes.
 */
export function definiteAnswer(p: Pick<ProbeResult, 'class' | 'status'>, spec?: StatusSpec): boolean {
  return (
    (p.class === 'http-status' || p.class === 'ws-rejected') &&
    p.status !== undefined &&
    p.status >= 400 &&
    p.status < 500 &&
    ![408, 425, 429].includes(p.status) &&
    !(spec !== undefined && statusMatches(p.status, spec))
  );
}
