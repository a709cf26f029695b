/**
 * Stage, on failure, last: the failed stack's removal. Handed to a background process that
 * outlives the step (src/removal/) and removes nothing before the step has ended, so the decision
 * waits neither for the engine to kill and remove every container nor competes with it; the post
 * step waits for it and confirms nothing is left. Where no background process can be started (run
 * from src/, say), the step removes the stack itself, as before.
 */
import * as os from 'node:os';
import type { ComposePlan } from '../compose/plan-types.js';
import { errorMessage } from '../report/model.js';
import { bundledRemovalScript, startDetachedRemoval } from '../removal/start.js';
import type { DetachedRemoval } from '../removal/types.js';
import { removeAtOnce } from '../stack/lifecycle.js';
import { joinedFor } from '../stack/reach.js';
import { saveDetachedRemoval, saveStackRemoved } from '../state.js';
import { teardownState, type PathContext } from './context.js';
import * as log from '../log.js';

const TITLE = 'Remove the failed stack';

/** The removal started in the background, and how long starting it took. */
export interface HandedOver {
  removal: DetachedRemoval;
  durationMs: number;
}

/**
 * Start the removal in the background, its state saved for the post step at once (synchronous: a
 * cancel cannot come in between); undefined when it could not be (why is logged).
 */
export function handOver(ctx: PathContext, plan: ComposePlan, known: string[], afterStoppedUp: boolean): HandedOver | undefined {
  const started = performance.now();
  const script = bundledRemovalScript();
  if (!script) return undefined;
  try {
    const removal = startDetachedRemoval(
      { stack: teardownState(plan, ctx.env), known, lookAgain: afterStoppedUp, joined: joinedFor(plan.projectName) },
      { script, dir: ctx.env.RUNNER_TEMP || os.tmpdir(), env: ctx.env },
    );
    saveDetachedRemoval(removal);
    return { removal, durationMs: performance.now() - started };
  } catch (err) {
    log.info(`Could not remove the failed stack in the background (${errorMessage(err)}): removing it now.`);
    return undefined;
  }
}

/** Say that the removal runs in the background; or, when it could not be handed over, remove the stack now. */
export async function removeNowUnlessHanded(
  ctx: PathContext,
  plan: ComposePlan,
  handed: HandedOver | undefined,
  known: string[],
  afterStoppedUp: boolean,
): Promise<void> {
  const { inputs, report, env } = ctx;
  if (handed) {
    const { pid, logFile } = handed.removal;
    report.add({
      id: 'docker.teardown',
      title: TITLE,
      status: 'info',
      durationMs: handed.durationMs,
      detail: `in the background once this step has ended (pid ${pid}): the post step waits for it and confirms nothing of project ${plan.projectName} is left`,
      data: { pid, log: logFile },
    });
    log.info(
      `The failed stack is removed in the background once this step has ended (pid ${pid}, its log: ${logFile}); the post step waits for it.`,
    );
    return;
  }
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
