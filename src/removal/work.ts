/**
 * The background process's side: remove the failed stack the main step handed over (the same
 * removal the main step did itself before: every container killed and removed at once, then the
 * project's networks and volumes by its label, compose's `down` for what that left), and write
 * the result for the post step, whole (by rename), whatever happened.
 */
import * as fs from 'node:fs';
import { errorMessage } from '../report/model.js';
import { removeAtOnce } from '../stack/lifecycle.js';
import { rememberJoined } from '../stack/reach.js';
import type { RemovalJob, RemovalResult } from './types.js';
import * as log from '../log.js';
import { sleep } from '../sleep.js';

/** Write the result so that a reader sees all of it or none. */
export function writeResult(file: string, result: RemovalResult): void {
  fs.writeFileSync(`${file}.part`, JSON.stringify(result));
  fs.renameSync(`${file}.part`, file);
}

/** The longest this process waits for the step that started it to end (its staging probes may take staging-timeout). */
export const STEP_END_WAIT_MS = 30_000;

/**
 * Until the step whose pid is `stepPid` has ended (this process is then no longer its child: it
 * was handed to init or a subreaper), at most `boundMs`. How long that took.
 */
export async function stepEnded(stepPid: number, boundMs = STEP_END_WAIT_MS, pollMs = 10): Promise<number> {
  const started = performance.now();
  while (process.ppid === stepPid && performance.now() - started < boundMs) await sleep(pollMs);
  return performance.now() - started;
}

/** Run the job in `jobFile`; its result is written to the job's result file (and returned). */
export async function runRemovalJob(jobFile: string, env: NodeJS.ProcessEnv = process.env): Promise<RemovalResult> {
  const startedAt = Date.now();
  const job = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as RemovalJob;
  const { stack } = job;
  const waited = await stepEnded(job.stepPid);
  log.info(
    `Removing project ${stack.projectName} (${job.known.length} container(s) known), pid ${process.pid}, ${Math.round(waited)} ms after this process started (the step ${process.ppid === job.stepPid ? 'still runs' : 'has ended'})`,
  );
  let result: RemovalResult;
  try {
    if (job.joined) rememberJoined(stack.projectName, job.joined);
    const removed = await removeAtOnce(
      {
        compose: { argv: stack.compose, version: undefined },
        projectName: stack.projectName,
        projectDirectory: stack.projectDirectory,
        files: stack.files,
        overrides: stack.overrides?.filter((f) => fs.existsSync(f)),
      },
      { ...env, ...stack.engineEnv },
      { known: job.known, lookAgain: job.lookAgain },
    );
    result = { ok: removed.ok, detail: removed.detail, startedAt, finishedAt: Date.now() };
  } catch (err) {
    result = { ok: false, detail: `the removal failed: ${errorMessage(err)}`, startedAt, finishedAt: Date.now() };
  }
  writeResult(job.resultFile, result);
  log.info(`${result.ok ? 'Done' : 'Failed'}: ${result.detail} (${result.finishedAt - startedAt} ms)`);
  return result;
}
