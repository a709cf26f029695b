/**
 * The main step's side: hand the removal of a failed stack to a process of its own, which outlives
 * the step. Its own process group and session (a signal to the step's group, the runner's cancel,
 * `killRunningChildren`, none reach it), no pipe to the step (its stdout and stderr go to a file
 * under RUNNER_TEMP, so the runner does not wait on it), unref'd (the step ends without it).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../exec.js';
import type { DetachedRemoval, RemovalJob } from './types.js';

/**
 * The background process's script, bundled beside this one (`dist/remove/index.js` next to
 * `dist/main/`); undefined when there is none (run from src/ through tsx).
 */
export function bundledRemovalScript(here = import.meta.url): string | undefined {
  const script = path.join(path.dirname(fileURLToPath(here)), '..', 'remove', 'index.js');
  return fs.existsSync(script) ? script : undefined;
}

/** The step's own files, which the runner reads when the step ends: the background process writes none of them. */
const STEP_FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'];

/** The background process's environment: the step's, without its inputs (the staging token) or its files. */
export function removalEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out = childEnv(env);
  for (const k of STEP_FILES) delete out[k];
  return out;
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
  const out = fs.openSync(logFile, 'a');
  try {
    const startedAt = Date.now();
    const child = spawn(o.node ?? process.execPath, [o.script, jobFile], {
      detached: true,
      stdio: ['ignore', out, out],
      env: removalEnv(o.env),
      windowsHide: true,
    });
    // A failure to start comes as an event; with no pid it already happened.
    child.on('error', () => undefined);
    if (child.pid === undefined) throw new Error(`could not start ${o.node ?? process.execPath} ${o.script}`);
    child.unref();
    return { pid: child.pid, startedAt, jobFile, logFile, resultFile, stack: job.stack, upStopped: job.lookAgain };
  } finally {
    fs.closeSync(out);
  }
}
