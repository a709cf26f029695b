/**
 * The running rule, for a service with nothing else to check: it runs, and has neither exited nor
 * restarted within {@link RUNNING_FOR_MS} of its start (a service that fails at once is not
 * called ready in the moment before it dies). Pure.
 */
import { pass, wait, type CheckState } from '../types.js';

export const RUNNING_FOR_MS = 1000;

/** `runningMs`: how long the container has run since its (last) start. */
export function judgeRunning(runningMs: number): CheckState {
  if (runningMs >= RUNNING_FOR_MS) return pass(`running for ${(RUNNING_FOR_MS / 1000).toFixed(0)} s without an exit`);
  return wait(`running for ${(Math.max(0, runningMs) / 1000).toFixed(1)} s: must run ${RUNNING_FOR_MS / 1000} s without an exit`);
}
