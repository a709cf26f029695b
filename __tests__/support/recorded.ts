/**
 * Outputs recorded from compose itself (__tests__/fixtures/compose-output, made by record.sh): one
 * JSON file per run, by compose flavour and case name.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/compose-output/', import.meta.url));

export type Flavour = 'v1' | 'v2' | 'v2.40' | 'v5';

/** One recorded run: the command, its exit code and what it printed. */
export interface Recorded {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** The recorded run `name` of compose `flavour`. */
export const recorded = (flavour: Flavour, name: string): Recorded =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, flavour, `${name}.json`), 'utf8')) as Recorded;

/** A recorded successful `config` output, with the recorder's @WORKDIR@ placeholder back to `workdir`. */
export function recordedConfig(flavour: Flavour, name: string, workdir: string): string {
  const r = recorded(flavour, name);
  assert.equal(r.code, 0, `${flavour}/${name} was recorded as a success`);
  return r.stdout.replaceAll('@WORKDIR@', workdir);
}
