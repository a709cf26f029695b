/**
 * The last look before the outputs are written: a service judged ready may have died in the
 * moments since (a port published by a process that exits at once, a bind that fails half a
 * second in). The engine is asked once more; a container of an awaited service that is no longer
 * running as it was (exited, restarting, started again) turns the verdict into a failure.
 */
import { exitWords, isOneShot } from '../readiness/checks/life.js';
import { inspectContainers, type ContainerInfo } from './containers.js';

export interface Died {
  container: ContainerInfo;
  service: string;
  why: string;
}

/** What changed between the ready look (`before`) and `now`, for the containers that were running then. Pure. */
export function diedSince(before: ContainerInfo[], now: ContainerInfo[], awaited: string[]): Died[] {
  const out: Died[] = [];
  for (const b of before.filter((c) => c.status === 'running' && awaited.includes(c.service))) {
    const n = now.find((c) => c.id === b.id);
    if (!n) out.push({ container: b, service: b.service, why: 'its container was removed right after the stack was ready' });
    // A one-shot that was still running then, and has finished its work since.
    else if (n.status === 'exited' && n.exitCode === 0 && isOneShot(n)) continue;
    else if (n.status !== 'running')
      out.push({
        container: n,
        service: n.service,
        why: `${n.status === 'exited' ? exitWords(n) : n.status} right after the stack was ready`,
      });
    else if (n.restartCount !== b.restartCount || n.startedAt !== b.startedAt)
      out.push({ container: n, service: n.service, why: `restarted right after the stack was ready (${exitWords(n)})` });
  }
  return out;
}

/** Ask the engine now; [] when it cannot say (the stack stands as judged). */
export async function recheck(before: ContainerInfo[], awaited: string[], env: NodeJS.ProcessEnv): Promise<Died[]> {
  const ids = before.map((c) => c.id);
  try {
    return diedSince(before, await inspectContainers(ids, env, 10_000), awaited);
  } catch {
    return [];
  }
}
