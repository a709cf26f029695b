/**
 * Stage 2 of the plan, the raw model: the files as written, interpolated from the environment
 * (src/compose/model.ts, rawModel), before `compose config` resolves them. It predicts the project
 * directory, and shows the services compose v2's config leaves out for their profiles.
 */
import * as fs from 'node:fs';
import { rawModel } from './model.js';
import type { PlanFiles, RawFiles } from './plan-types.js';

/** The files and their raw model; the model is undefined when one cannot be read or parsed. */
export function readRaw(files: PlanFiles, env: NodeJS.ProcessEnv): RawFiles {
  return { ...files, raw: readRawModel(files.files, env) };
}

/** The raw (interpolated) model of the files; undefined when one cannot be read or parsed. */
export function readRawModel(files: string[], env: NodeJS.ProcessEnv): RawFiles['raw'] {
  try {
    return rawModel(
      files.map((f) => fs.readFileSync(f, 'utf8')),
      env,
    );
  } catch {
    return undefined;
  }
}
