/**
 * The job summary file (`GITHUB_STEP_SUMMARY`), appended to by the main and the post step, with no
 * registered secret in it.
 */
import * as fs from 'node:fs';
import * as log from '../log.js';
import { errorMessage } from './model.js';
import { redact } from './outside.js';

/**
 * Append `markdown` to the job summary; a failure to write is a warning. Synchronous, so a signal
 * handler can write it too, and a cancel cannot cut it short.
 */
export function appendJobSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    fs.appendFileSync(file, redact(markdown));
  } catch (err) {
    log.warning(`Could not write the job summary: ${errorMessage(err)}`);
  }
}
