/**
 * The healthcheck rule: Docker's verdict, or the action's own run of the same command (it need
 * not wait for Docker's next interval), whichever passes first. Docker says `unhealthy` once its
 * retries are spent, but a later run may still pass: one run of our own, started after, must
 * fail too before it ends the wait. Pure.
 */
import type { ContainerInfo } from '../../stack/containers.js';
import { fail, pass, wait, type CheckState } from '../types.js';

/** What the action's own runs of a container's healthcheck said. */
export interface OwnRuns {
  /** The latest run passed. */
  passed: boolean;
  /** A run that started after Docker called the container unhealthy has failed. */
  confirmedUnhealthy: boolean;
}

export function judgeHealthcheck(c: Pick<ContainerInfo, 'health' | 'lastHealthOutput'>, own: OwnRuns): CheckState {
  if (c.health === 'healthy') return pass('healthy');
  if (own.passed) return pass('healthcheck passes (the action ran it)');
  if (c.health === 'unhealthy') {
    const why = `unhealthy${c.lastHealthOutput ? `: ${c.lastHealthOutput}` : ''}`;
    return own.confirmedUnhealthy ? fail(why) : wait(`${why}; checking once more`);
  }
  return wait('health: starting');
}

/**
 * For the backend and auth services, whose probes decide: `starting` does not hold them back, but
 * a confirmed `unhealthy` fails them. Pure.
 */
export function judgeEndpointHealth(c: Pick<ContainerInfo, 'health' | 'lastHealthOutput'>, own: OwnRuns): CheckState {
  if (c.health !== 'unhealthy' || own.passed) return pass('');
  return judgeHealthcheck(c, own);
}

/** The command that runs the container's healthcheck inside it, as Docker would; undefined when it has none we can run. */
export function healthCommand(c: Pick<ContainerInfo, 'healthTest'>): string[] | undefined {
  const test = c.healthTest;
  if (!test || test.length < 2) return undefined;
  if (test[0] === 'CMD-SHELL') return ['/bin/sh', '-c', test.slice(1).join(' ')];
  if (test[0] === 'CMD') return test.slice(1);
  return undefined;
}

/** The same, as the `docker exec` argv that runs it (what the log and the tests name). */
export function healthArgv(c: Pick<ContainerInfo, 'id' | 'healthTest'>): string[] | undefined {
  const cmd = healthCommand(c);
  return cmd && ['docker', 'exec', c.id, ...cmd];
}
