/** docker-path/plan-failure.ts: a plan that could not be made, as the report tells it. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { chooseFiles } from '../../../src/compose/plan-files.js';
import type { ComposeCommand } from '../../../src/compose/types.js';
import { pathContext } from '../../../src/docker-path/context.js';
import { recordPlanFailure } from '../../../src/docker-path/plan-failure.js';
import type { Inputs } from '../../../src/inputs.js';
import { hintFor } from '../../../src/report/hints.js';
import { Report } from '../../../src/report/model.js';
import { tempDir } from '../../support/temp.js';

const compose: ComposeCommand = { kind: 'plugin', argv: ['docker', 'compose'], version: undefined };

/** What chooseFiles throws for these compose-files in a workspace with these files, recorded. */
function failedDiscovery(t: Parameters<typeof tempDir>[0], files: string[], named: string[]) {
  const ws = tempDir(t, 'plan-failure-');
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(ws, f)), { recursive: true });
    fs.writeFileSync(path.join(ws, f), 'services: {}\n');
  }
  const inputs = { workspace: ws, workingDirectory: ws, composeFiles: named.map((f) => path.join(ws, f)) } as Inputs;
  const report = new Report();
  const ctx = pathContext(inputs, report, {}, () => {
    throw new Error('not used');
  });
  let caught: unknown;
  try {
    chooseFiles(inputs);
  } catch (err) {
    caught = err;
  }
  const failure = recordPlanFailure(ctx, caught, compose);
  return { failure, check: report.checks[0]! };
}

test('a named compose file that exists nowhere: compose.discovery, file-missing, with the file the hint names', (t) => {
  const { failure, check } = failedDiscovery(t, [], ['ci/compose.yml']);
  assert.equal(failure.stage, 'discovery');
  assert.equal(check.id, 'compose.discovery');
  assert.equal(check.failure, 'file-missing');
  assert.deepEqual(check.data, { file: path.join('ci', 'compose.yml') });
  assert.match(hintFor(check)!, /`ci\/compose\.yml` does not exist/);
});

test('a named compose file that exists elsewhere: file-found-elsewhere, with where', (t) => {
  const { check } = failedDiscovery(t, ['docker/compose.yml'], ['compose.yml']);
  assert.equal(check.failure, 'file-found-elsewhere');
  assert.deepEqual(check.data, { foundAt: [path.join('docker', 'compose.yml')] });
  assert.match(hintFor(check)!, /Set `compose-files` to `docker\/compose\.yml`/);
});
