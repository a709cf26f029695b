/**
 * Stage 1 of the plan, the files: the ones compose-files names (each checked to exist), else the
 * ones discovery finds (src/compose/discovery.ts). No process is started.
 */
import type { Inputs } from '../inputs.js';
import { checkNamedFiles, discoverComposeFiles } from './discovery.js';
import { PlanError } from './plan-error.js';
import type { PlanFiles } from './plan-types.js';

/** Which compose files; a failure is a PlanError of the 'discovery' stage. */
export function chooseFiles(inputs: Inputs): PlanFiles {
  try {
    if (inputs.composeFiles.length > 0) {
      checkNamedFiles(inputs.composeFiles, inputs.workspace);
      return { files: inputs.composeFiles, discovery: undefined };
    }
    const discovery = discoverComposeFiles(inputs.workingDirectory, inputs.backendService, inputs.workspace);
    return { files: discovery.files, discovery };
  } catch (err) {
    throw new PlanError('discovery', (err as Error).message, [], err);
  }
}
