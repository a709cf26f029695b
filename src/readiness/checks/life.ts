/**
 * The container's life, before any readiness rule: running, done (a one-shot that exited 0),
 * still coming (created, restarting once), or failed (exited, a restart loop, dead). Pure.
 */
import type { ContainerInfo } from '../../stack/containers.js';
import { fail, wait, type CheckState } from '../types.js';

export type Life = { state: 'running' } | { state: 'done'; why: string } | Extract<CheckState, { state: 'wait' | 'fail' }>;

/** Restart policies under which the engine starts an exited container again (after a failure, at least). */
export const RESTARTS_ON_FAILURE = new Set(['always', 'unless-stopped', 'on-failure']);
const RESTARTS_ON_SUCCESS = new Set(['always', 'unless-stopped']);

/**
 * A one-shot: nothing to reach (no published port), no healthcheck, and no restart policy, so
 * exiting is how it ends its work (a migration, a seed). Exiting 0 is then "done". Pure.
 */
export function isOneShot(c: Pick<ContainerInfo, 'ports' | 'publishes' | 'healthTest' | 'restartPolicy'>): boolean {
  // What is bound now is gone once the container exited: what it asked to publish stays.
  const published = c.publishes.length > 0 || Object.values(c.ports).some((b) => b.length > 0);
  return !published && c.healthTest === undefined && (c.restartPolicy === '' || c.restartPolicy === 'no');
}

/** How the container's main process ended, as a person reads it. */
export function exitWords(c: Pick<ContainerInfo, 'exitCode' | 'oomKilled'>): string {
  return `exited with code ${c.exitCode}${c.oomKilled ? ' (killed: out of memory)' : ''}`;
}

/** Judge the container's life. `mayBeDone`: exiting 0 is done for it (a one-shot). Pure. */
export function judgeLife(c: ContainerInfo, mayBeDone: boolean): Life {
  const exited = exitWords(c);
  if (c.restartCount >= 2) return fail(`restart loop: restarted ${c.restartCount} times, last ${exited}`);
  switch (c.status) {
    case 'running':
      return { state: 'running' };
    case 'restarting':
      return c.restartCount >= 1 ? fail(`restart loop: ${exited}, restarting again`) : wait(`${exited}; restarting`);
    case 'exited': {
      if (c.exitCode === 0 && mayBeDone) return { state: 'done', why: 'done (exited 0)' };
      const restarts = (c.exitCode === 0 ? RESTARTS_ON_SUCCESS : RESTARTS_ON_FAILURE).has(c.restartPolicy);
      if (restarts && c.restartCount < 1) return wait(`${exited}; restart policy ${c.restartPolicy}`);
      return fail(exited);
    }
    case 'created':
      return wait('created, not started');
    default:
      return fail(`${c.status}${c.error ? `: ${c.error}` : ''}`);
  }
}
