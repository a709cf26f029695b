/**
 * The Docker path, as the list of its stages (each in src/docker-path/, named for it):
 *
 *   early start → (plan begun, images begun) → availability → plan → isolation → images → up and watch → outcome (ports, or removal)
 *
 * with every step recorded in the report. A failure at any point collects what a person needs
 * (state, healthcheck output, log tail), removes the stack, and says why; the caller decides what
 * happens next.
 */
import { askDaemon, guessCompose, type DaemonAnswer } from './docker/availability.js';
import { findOnPath } from './exec.js';
import { deriveProjectName, randomSuffix } from './compose/project-name.js';
import type { Inputs } from './inputs.js';
import type { Report } from './report/model.js';
import { checkAvailability } from './docker-path/availability.js';
import { pathContext } from './docker-path/context.js';
import { confirms, dropEarly, headStart, startEarly } from './docker-path/early-start.js';
import { recordBuiltImages, settleImages } from './docker-path/images.js';
import { beginImageRestore } from './images/restore.js';
import { isolate } from './docker-path/isolate.js';
import { translateMounts } from './docker-path/binds.js';
import { beginPlanning, confirmPlan } from './docker-path/plan.js';
import { beginLocating } from './docker-path/location.js';
import type { DockerPathResult } from './docker-path/result.js';
import { upStage } from './docker-path/up.js';
import { outcomeOf } from './docker-path/outcome.js';
import { registerStackSecrets } from './docker-path/stack-secrets.js';

export { engineEnv } from './docker-path/context.js';
export type { DockerPathResult, DockerStage } from './docker-path/result.js';

/** `asked`: the daemon's answer, when the first moves already asked for it. */
export async function runDockerPath(
  inputs: Inputs,
  report: Report,
  env: NodeJS.ProcessEnv,
  asked?: Promise<DaemonAnswer>,
): Promise<DockerPathResult> {
  const projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix);
  const guess = guessCompose(env);
  const guessed = guess ? { ...guess, version: undefined } : undefined;
  const daemon = asked ?? (findOnPath('docker', env.PATH) ? askDaemon(env) : undefined);
  // Where the step runs (a container of this engine reaches the stack on its network), asked once the daemon answers.
  const location = beginLocating({ inputs, report, env }, daemon, projectName);
  const ctx = pathContext(inputs, report, env, location.reacher);

  // Early start: `up` on the plan the files predict, at once; the watch once the daemon answers.
  const early = startEarly(ctx, guessed, daemon, projectName, location.maybeContainer);
  await headStart(early);

  // The plan needs only the files and `compose config`: begun now, with the compose the file
  // system suggests, while availability is asked.
  const planning = beginPlanning(ctx, guessed, projectName);
  // cache-images: the images the files name are looked for at once (registries, the cache, the engine).
  const images = inputs.cacheImages && daemon ? beginImageRestore(inputs, env, daemon, early.predicted) : undefined;
  const availability = await checkAvailability(ctx, { daemon });
  // An early `up` that reached the engine ran under this name: outputs say so even when no plan follows.
  const ranAs = (ran: boolean) => (ran ? { projectName } : {});
  if (!availability.ok) {
    // Docker is not usable: what was started for it is killed (its process groups), not awaited.
    planning.stop();
    images?.stop();
    const ran = await dropEarly(ctx, early, 'Docker is not usable');
    return { ok: false, availability, plan: undefined, stage: 'availability', reason: availability.detail, ...ranAs(ran) };
  }

  await location.record(availability.publishHost, availability.endpoint);
  const planned = await confirmPlan(ctx, planning, availability.compose!, projectName);
  if (!planned.ok) {
    images?.stop();
    const ran = await dropEarly(ctx, early, 'compose config did not confirm it');
    const invalid = planned.invalid ? { invalid: planned.invalid } : {};
    return { ok: false, availability, plan: undefined, stage: planned.stage, reason: planned.reason, ...ranAs(ran), ...invalid };
  }
  const plan = planned.plan;
  // Before any log of the stack is read: its secrets are hidden from every log text from now on.
  registerStackSecrets(plan, env);
  if (!confirms(early, plan)) await dropEarly(ctx, early, 'compose config resolved the files differently');

  if (inputs.isolate) isolate(ctx, plan);
  // In a container of the engine: bind mount paths as the engine's host has them.
  if (translateMounts(ctx, plan, await location.where(), availability.endpoint))
    await dropEarly(ctx, early, 'bind mount paths had to be given as the engine host has them');
  // The early `up` goes on with this plan: an image it found missing is pulled now that compose config named it.
  early.confirm(plan);

  // startup-timeout covers getting the images too.
  const settled = images ? await settleImages(ctx, images, plan) : undefined;
  const started = await upStage(ctx, plan, availability, early.lane, Math.max(1000, inputs.startupTimeoutMs - (settled?.durationMs ?? 0)));
  // What `up` built, for the post step to save under its build key.
  if (settled?.builtToSave.length) await recordBuiltImages(ctx, settled, started.wait?.containers);
  return outcomeOf(ctx, plan, availability, started);
}
