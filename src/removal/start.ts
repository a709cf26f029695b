/**
 * The main step's side: hand the removal of a failed stack to a process of its own, which outlives
 * the step. Its own process group and session (a signal to the step's group, the runner's cancel,
 * `killRunningChildren`, none reach it), no pipe to the step (its stdout and stderr go to a file
 * under RUNNER_TEMP, so the runner does not wait on it), unref'd (the step ends without it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledScript, spawnDetached } from '../detached.js';
import type { DetachedRemoval, RemovalJob } from './types.js';

/** The background processes' script (`dist/background/index.js`); undefined when run from src/. */
export function bundledRemovalScript(here = import.meta.url): string | undefined {
  return bundledScript('background', here);
}

export interface StartOptions {
  /** The script to run with node (see {@link bundledRemovalScript}). */
  script: string;
  /** Where its folder (job, log, result) goes: RUNNER_TEMP. */
  dir: string;
  env: NodeJS.ProcessEnv;
  /** The node binary (default: this one). */
  node?: string;
}

/**
 * Start the removal in the background; synchronous, so a cancel cannot come between the start and
 * the state saved for it. Throws when it could not be started (the caller removes the stack itself).
 */
export function startDetachedRemoval(job: Omit<RemovalJob, 'resultFile' | 'stepPid'>, o: StartOptions): DetachedRemoval {
  const folder = fs.mkdtempSync(path.join(o.dir, 'compose-or-staging-removal-'));
  const jobFile = path.join(folder, 'job.json');
  const logFile = path.join(folder, 'removal.log');
  const resultFile = path.join(folder, 'result.json');
  fs.writeFileSync(jobFile, JSON.stringify({ ...job, resultFile, stepPid: process.pid } satisfies RemovalJob));
  const startedAt = Date.now();
  const pid = spawnDetached({ script: o.script, kind: 'remove', jobFile, logFile, env: o.env, ...(o.node ? { node: o.node } : {}) });
  return { pid, startedAt, jobFile, logFile, resultFile, stack: job.stack, upStopped: job.lookAgain };
}
