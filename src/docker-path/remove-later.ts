/**
 * Stage, on failure, last: the failed stack's removal. Handed to a background process that
 * outlives the step (src/removal/), so the decision does not wait for the engine to kill and
 * remove every container; the post step waits for it and confirms nothing is left. Where no
 * background process can be started (run from src/, say), removed here at once, as before.
 */
import * as os from 'node:os';
import type { ComposePlan } from '../compose/plan.js';
import { errorMessage } from '../report/model.js';
import { bundledRemovalScript, startDetachedRemoval } from '../removal/start.js';
import { removeAtOnce } from '../stack/lifecycle.js';
import { joinedFor } from '../stack/reach.js';
import { saveDetachedRemoval, saveStackRemoved } from '../state.js';
import { teardownState, type PathContext } from './context.js';
import * as log from '../log.js';

const TITLE = 'Remove the failed stack';

/** Start the removal in the background; false when it could not be (why is logged). */
function handOver(ctx: PathContext, plan: ComposePlan, known: string[], afterStoppedUp: boolean): boolean {
  const started = performance.now();
  const script = bundledRemovalScript();
  if (!script) return false;
  try {
    const removal = startDetachedRemoval(
      {
        stack: teardownState(plan, ctx.env),
        known,
        lookAgain: afterStoppedUp,
        joined: joinedFor(plan.projectName),
      },
      { script, dir: ctx.env.RUNNER_TEMP || os.tmpdir(), env: ctx.env },
    );
    saveDetachedRemoval(removal);
    ctx.report.add({
      id: 'docker.teardown',
      title: TITLE,
      status: 'info',
      durationMs: performance.now() - started,
      detail: `under way in the background (pid ${removal.pid}): the post step waits for it and confirms nothing of project ${plan.projectName} is left`,
      data: { pid: removal.pid, log: removal.logFile },
    });
    log.info(`Removing the failed stack in the background (pid ${removal.pid}, its log: ${removal.logFile}); the post step waits for it.`);
    return true;
  } catch (err) {
    log.info(`Could not remove the failed stack in the background (${errorMessage(err)}): removing it now.`);
    return false;
  }
}

/** Remove the failed stack: in the background when it can be, else now (and wait for it). */
export async function removeInBackground(ctx: PathContext, plan: ComposePlan, known: string[], afterStoppedUp: boolean): Promise<void> {
  if (handOver(ctx, plan, known, afterStoppedUp)) return;
  const { inputs, report, env } = ctx;
  const removed = await removeAtOnce(plan, env, {
    known,
    // After a killed `up`, the post step looks by label once more when it runs; else now.
    lookAgain: afterStoppedUp && !inputs.teardown,
  });
  report.add({
    id: 'docker.teardown',
    title: TITLE,
    status: removed.ok ? 'ok' : 'failed',
    durationMs: removed.durationMs,
    detail: removed.detail,
  });
  if (removed.ok && inputs.teardown) saveStackRemoved(afterStoppedUp);
  if (!removed.ok) log.warning(`Removing the failed stack: ${removed.detail}`);
}
