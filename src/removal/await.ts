/**
 * The post step's side: wait for the background removal the main step started, bounded. It is
 * done when its result file is there; gone without one when its process is (killed, or the
 * machine's cleanup took it); past the bound, its process group is stopped.
 */
import * as fs from 'node:fs';
import type { DetachedRemoval, RemovalResult, Waited } from './types.js';

/** The result, once written whole; undefined before (or when it is not one). */
export function readResult(file: string): RemovalResult | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as RemovalResult;
    return typeof r.ok === 'boolean' && typeof r.finishedAt === 'number' ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the background process still runs: on Linux, a process with this pid whose command line
 * names the job file (not another process that got the pid since; a zombie has none); elsewhere,
 * whether the pid exists.
 */
export function stillRunning(pid: number, jobFile: string): boolean {
  if (fs.existsSync('/proc/self/cmdline')) {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(jobFile);
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stop the background process and everything it started (its own process group). */
function stop(pid: number): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
      stop(d.pid);
      return { outcome: 'timed-out', waitedMs: waited(), limitMs };
    }
    await sleep(pollMs);
  }
}
