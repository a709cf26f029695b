/**
 * The post step's side: wait for the background removal the main step started, bounded. It is
 * done when its result file is there; gone without one when its process is (killed, or the
 * machine's cleanup took it); past the bound, its process group is stopped.
 */
import * as fs from 'node:fs';
import { signalGroup, stillRunning } from '../detached.js';
import type { DetachedRemoval, RemovalResult, Waited } from './types.js';
import { sleep } from '../sleep.js';

/** The result, once written whole; undefined before (or when it is not one). */
export function readResult(file: string): RemovalResult | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as RemovalResult;
    return typeof r.ok === 'boolean' && typeof r.finishedAt === 'number' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Wait for the removal until it is done, gone, or `limitMs` passed. */
export async function awaitRemoval(
  d: Pick<DetachedRemoval, 'pid' | 'jobFile' | 'resultFile'>,
  limitMs: number,
  pollMs = 25,
): Promise<Waited> {
  const started = performance.now();
  const waited = (): number => performance.now() - started;
  for (;;) {
    const result = readResult(d.resultFile);
    if (result) return { outcome: 'finished', result, waitedMs: waited() };
    if (!stillRunning(d.pid, d.jobFile)) {
      // It may have written its result just before it ended.
      const last = readResult(d.resultFile);
      return last ? { outcome: 'finished', result: last, waitedMs: waited() } : { outcome: 'died', waitedMs: waited() };
    }
    if (waited() >= limitMs) {
      signalGroup(d.pid, 'SIGKILL');
      return { outcome: 'timed-out', waitedMs: waited(), limitMs };
    }
    await sleep(pollMs);
  }
}
