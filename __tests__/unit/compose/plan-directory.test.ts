/** Stage 3 of the plan (src/compose/plan-directory.ts): the project directory the raw files predict. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

describe('raw prediction (before compose config confirms)', () => {
  test('the project directory the raw files predict: the root for a file in docker/ with context .', async () => {
    const { firstWorkableDirectory } = await import('../../../src/compose/plan-directory.js');
    const { readRawModel } = await import('../../../src/compose/plan-raw.js');
    const predictProjectDirectory = (files: string[], candidates: string[], workspace: string, env: NodeJS.ProcessEnv) => {
      const raw = readRawModel(files, env);
      return raw && firstWorkableDirectory(raw, candidates, workspace, env);
    };
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-pred-'));
    fs.mkdirSync(path.join(ws, 'docker'));
    fs.writeFileSync(path.join(ws, 'docker', 'b.Dockerfile'), 'FROM x\n');
    const file = path.join(ws, 'docker', 'c.yml');
    fs.writeFileSync(file, 'services:\n  b:\n    build: { context: "${CTX:-.}", dockerfile: docker/b.Dockerfile }\n');
    assert.equal(predictProjectDirectory([file], [path.join(ws, 'docker'), ws], ws, {}), ws);
    assert.equal(predictProjectDirectory([file], [path.join(ws, 'docker')], ws, {}), undefined);
    assert.equal(predictProjectDirectory([file], [path.join(ws, 'docker'), ws], ws, { CTX: '..' }), path.join(ws, 'docker'));
  });
});
