/**
 * The compose plan: which files, which project directory, which project name, which services,
 * and the resolved model, decided before anything is started. A failed plan fails the Docker path
 * before `up`, with everything a person needs to fix it. Its stages, each in its own file and
 * each handing the next one value (src/compose/plan-types.ts has their shapes):
 *
 *   files → raw model → project directory's candidates → resolved config → profiles → services → plan
 *
 * The prediction (the early start) runs the same stages, with the raw model standing in for
 * `compose config`'s.
 */
import type { Inputs } from '../inputs.js';
import { applyProfiles } from './plan-profiles.js';
import { predictConfig, resolveConfig } from './plan-config.js';
import { orderDirectories } from './plan-directory.js';
import { PlanError } from './plan-error.js';
import { chooseFiles } from './plan-files.js';
import { finishPlan } from './plan-finish.js';
import { readRaw } from './plan-raw.js';
import { resolveServices } from './plan-services.js';
import type { ComposePlan } from './plan-types.js';
import { deriveProjectName, randomSuffix } from './project-name.js';
import type { ComposeCommand } from './types.js';

/** Decide files, project directory and name, resolve the config and the services. */
export async function makePlan(
  inputs: Inputs,
  compose: ComposeCommand,
  env: NodeJS.ProcessEnv,
  projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix),
  /** Stops its compose processes (killed, not awaited): the plan is no longer needed. */
  signal?: AbortSignal,
): Promise<ComposePlan> {
  const files = chooseFiles(inputs);
  try {
    const raw = readRaw(files, env);
    const candidates = orderDirectories(raw, inputs, env);
    const resolved = await resolveConfig(candidates, inputs, { compose, projectName, env, signal });
    const profiled = applyProfiles(resolved, env);
    const serviced = resolveServices(profiled, inputs);
    return finishPlan(serviced, compose, projectName);
  } catch (err) {
    if (err instanceof PlanError) err.files = files.files;
    throw err;
  }
}

/**
 * The plan the raw files predict, without starting any process: files, the first project
 * directory in which every build path exists, services resolved on the raw (interpolated) model.
 * Undefined when the files alone cannot settle it. `compose config` must still confirm it.
 */
export function predictPlan(
  inputs: Inputs,
  compose: ComposeCommand,
  env: NodeJS.ProcessEnv,
  projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix),
): ComposePlan | undefined {
  try {
    const files = chooseFiles(inputs);
    const raw = readRaw(files, env);
    const candidates = orderDirectories(raw, inputs, env);
    const resolved = predictConfig(candidates, inputs);
    if (!resolved) return undefined;
    const profiled = applyProfiles(resolved, env);
    const serviced = resolveServices(profiled, inputs);
    return finishPlan(serviced, compose, projectName);
  } catch {
    return undefined;
  }
}
