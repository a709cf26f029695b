/**
 * The stack's own secrets (compose/secret-values.ts: secret-named environment values, `secrets:`
 * files), registered once the plan is confirmed, before any of its logs is read: from then on the
 * one redaction (report/outside.ts) hides them from tails, files, annotations and the artifact, and
 * the runner masks them. Kept for the post step too, which writes the final logs with `upload-logs: always`.
 */
import * as fs from 'node:fs';
import type { ComposePlan } from '../compose/plan-types.js';
import { SECRET_FILE_MAX_BYTES, secretFileValues } from '../compose/secret-values.js';
import { registerSecret } from '../report/outside.js';
import { saveLogSecrets } from '../state.js';

/** A `secrets:` file's text, when it is a small readable file. */
function readSmall(file: string): string | undefined {
  try {
    if (fs.statSync(file).size > SECRET_FILE_MAX_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every secret value of the plan's services and files. */
export function stackSecrets(plan: ComposePlan): string[] {
  const values = [...plan.model.services.values()].flatMap((s) => s.secretEnv ?? []);
  values.push(...secretFileValues(plan.model.files ?? [], readSmall));
  return [...new Set(values)];
}

/** Register the plan's secrets, and keep them for the post step. */
export function registerStackSecrets(plan: ComposePlan, env: NodeJS.ProcessEnv): void {
  const values = stackSecrets(plan);
  for (const v of values) registerSecret(v);
  if (values.length) saveLogSecrets(values, env);
}
