/**
 * Stage 3 of the plan, the project directory's candidates: the project-directory input alone, or
 * the compose file's own directory, working-directory and the workspace
 * (src/compose/project-directory.ts), and the first of them in which every build path of the raw
 * files' starting services exists: the directory `compose config` is asked about first.
 */
import type { Inputs } from '../inputs.js';
import type { ComposeModel } from './model-types.js';
import type { DirectoryCandidates, RawFiles } from './plan-types.js';
import { startingServices } from './profiles.js';
import { missingBuildPaths, projectDirectoryCandidates } from './project-directory.js';

/** The candidates in order, and the one the raw files predict. */
export function orderDirectories(read: RawFiles, inputs: Inputs, env: NodeJS.ProcessEnv): DirectoryCandidates {
  const inOrder = inputs.projectDirectory
    ? [inputs.projectDirectory]
    : projectDirectoryCandidates(read.files[0] as string, inputs.workingDirectory, inputs.workspace);
  const predicted = read.raw && firstWorkableDirectory(read.raw, inOrder, inputs.workspace, env);
  return { ...read, inOrder, predicted };
}

/** The first candidate in which every build path of the services that start exists. */
export function firstWorkableDirectory(
  model: ComposeModel,
  candidates: string[],
  workspace: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  return candidates.find((d) => missingBuildPaths(startingServices(model, env, d), d, workspace).length === 0);
}
