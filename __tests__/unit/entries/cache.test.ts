/** The image cache's process of its own (src/entries/cache.ts), given what is not a job. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../harness/runner.js';

const TSX = import.meta.resolve('tsx');

test('given what is not a job: exit code 2 and why, no answer', async () => {
  const child = spawn(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'src', 'entries', 'cache.ts')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stdin.end(JSON.stringify({ op: 'restore', folder: '/tmp', name: '../escape.tar', key: 'k', restoreKeys: [], nonce: 'n' }));
  const code = await new Promise((r) => child.once('close', r));
  assert.equal(code, 2);
  assert.match(out, /^not a cache job: /);
  assert.doesNotMatch(out, /compose-or-staging-cache-answer/);
});
