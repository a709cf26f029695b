/**
 * Stage: the early start. When the files alone settle the plan (and the pull policy does not
 * depend on the compose version), `up` starts at once, alongside the daemon's answer, and `compose config`
 * confirms the plan while the stack starts. Compose resolves the files itself, so `up` is the very
 * command the confirmed plan would run; if the plan turns out different, the stack is removed and
 * started again. Python compose v1 spends ~300 ms of CPU per call: this takes the plan off the
 * critical path.
 */
import type { ComposeCommand, DaemonAnswer } from '../docker/availability.js';
import { daemonAnswered, endpointOf, publishHostFor } from '../docker/availability.js';
import { predictPlan } from '../compose/plan.js';
import type { ComposePlan } from '../compose/plan-types.js';
import { samePlan } from '../compose/same-plan.js';
import { removeAtOnce } from '../stack/lifecycle.js';
import { upAndWatch, within, type UpAndWatch } from '../stack/up-and-watch.js';
import { forgetTeardownState, saveStackRemoved, saveTeardownState } from '../state.js';
import { mountsHostPaths } from './binds.js';
import { teardownState, upOptions, waitRequest, type PathContext } from './context.js';
import { earlyRepull } from './pulls.js';

/**
 * How long an early `up` runs alone before `compose config` confirms its plan and compose is asked
 * its version (they start sooner when `up` is done). On 2 cores, three compose processes started
 * at once slow each other: measured with the plugin on the seeds' 8 services, `up` took 0.5–0.8 s
 * longer beside them (Python compose v1 spends ~300 ms of CPU per call, more still). By then `up`
 * waits on healthchecks, and the questions overlap that wait; a small stack's `up` is done sooner,
 * and they overlap the wait for its containers instead.
 */
const UP_HEAD_START_MS = 2000;

export interface EarlyStart {
  /** The plan the files predict, when they settle one. */
  predicted: ComposePlan | undefined;
  /** The early `up` and its watch; undefined when nothing started early, or once dropped. */
  lane: UpAndWatch | undefined;
  /** The daemon's answer, which the early `up` did not wait for. */
  daemon: Promise<DaemonAnswer> | undefined;
  /**
   * Say that the plan is confirmed, and the early `up` goes on (`plan`), or not (undefined): an
   * image whose pull met registry trouble is pulled again only once compose config has named it.
   */
  confirm(plan: ComposePlan | undefined): void;
  /** Settles when the early `up` waits for the confirmed plan (an image to pull again): no head start to give it. */
  waitsForPlan: Promise<void>;
}

/**
 * Start `up` on the predicted plan at once, alongside the daemon's answer (compose asks the
 * daemon itself; `docker version` takes ~50 ms): the watch starts with the answer, and a daemon
 * that says no stops `up`. Nothing starts when the plan cannot be predicted.
 */
export function startEarly(
  ctx: PathContext,
  guessed: ComposeCommand | undefined,
  daemon: Promise<DaemonAnswer> | undefined,
  projectName: string,
  inContainer = false,
): EarlyStart {
  const { inputs, env } = ctx;
  // Isolation rewrites the plan from what compose config resolves: nothing can start before it.
  const predicted = guessed && inputs.pull === 'missing' && !inputs.isolate ? predictPlan(inputs, guessed, env, projectName) : undefined;
  // With cache-images, `up` waits for the images to be restored: the prediction only names them.
  // In a container, bind mounts may have to be given as the engine's host has them: known only
  // once the engine says which container this is.
  let confirm: EarlyStart['confirm'] = () => undefined;
  const confirmed = new Promise<ComposePlan | undefined>((resolve) => (confirm = resolve));
  let waiting = (): void => undefined;
  const waitsForPlan = new Promise<void>((resolve) => (waiting = resolve));
  if (!predicted || !daemon || inputs.cacheImages || (inContainer && mountsHostPaths(predicted)))
    return { predicted, lane: undefined, daemon, confirm, waitsForPlan };
  if (inputs.teardown) saveTeardownState(teardownState(predicted, env));
  const deadline = performance.now() + inputs.startupTimeoutMs;
  const request = daemon.then((answer) =>
    daemonAnswered(answer)
      ? waitRequest(predicted, inputs, deadline, ctx.reacher(publishHostFor(endpointOf(answer, env))), env)
      : undefined,
  );
  const repull = earlyRepull(inputs, predicted, env, confirmed, waiting);
  const lane = upAndWatch({ ...predicted, images: [], repull }, upOptions(inputs, predicted), env, inputs.startupTimeoutMs, request);
  return { predicted, lane, daemon, confirm, waitsForPlan };
}

/**
 * With an early `up` running, `up` gets the CPU first: the plan's confirmation starts when `up` is
 * done, or after a head start (a long chain of healthchecks, a build), and overlaps the wait for
 * the containers. One the early `up` waits for (it has an image to pull again) starts at once.
 */
export async function headStart(early: EarlyStart): Promise<void> {
  if (early.lane) await within(Promise.race([early.lane.up, early.waitsForPlan]), UP_HEAD_START_MS);
}

/** Whether the confirmed plan is the one the early `up` runs (true when nothing started early). */
export function confirms(early: EarlyStart, plan: ComposePlan): boolean {
  return !early.lane || !early.predicted || samePlan(early.predicted, plan);
}

/**
 * Remove what the early start started, when its plan is not the one to run. Whether its `up`
 * reached the engine: not when the daemon refused it (no daemon, no socket), so nothing is there
 * to remove. A daemon too slow to answer may still act on it: that one is removed.
 */
export async function dropEarly(ctx: PathContext, early: EarlyStart, why: string): Promise<boolean> {
  const { lane, predicted } = early;
  early.confirm(undefined);
  if (!lane || !predicted) return false;
  lane.cancel();
  await lane.done;
  early.lane = undefined;
  const answer = early.daemon ? await early.daemon : undefined;
  if (answer && !daemonAnswered(answer)) {
    if (!answer.version.timedOut) {
      if (ctx.inputs.teardown) forgetTeardownState();
      return false;
    }
    // Asking a daemon that does not answer to remove things would only wait longer: the post
    // step, which has the time, removes whatever it may yet have done.
    ctx.report.add({
      id: 'compose.fast-lane',
      title: 'Early start',
      status: 'info',
      detail: `the up started on the plan the files predict was stopped before the daemon answered: ${why}; ${
        ctx.inputs.teardown
          ? 'the post step removes whatever it may have created'
          : 'teardown is off: nothing removes what it may have created'
      }`,
    });
    return true;
  }
  // Its `up` was killed: the post step looks by label once more when it runs; else now.
  const removed = await removeAtOnce(predicted, ctx.env, { known: [], lookAgain: !ctx.inputs.teardown });
  if (removed.ok && ctx.inputs.teardown) saveStackRemoved(true);
  ctx.report.add({
    id: 'compose.fast-lane',
    title: 'Early start',
    status: removed.ok ? 'info' : 'failed',
    durationMs: removed.durationMs,
    detail: `the stack started on the plan the files predict was removed: ${why}${removed.ok ? '' : `; removing it failed: ${removed.detail}`}`,
  });
  return true;
}
