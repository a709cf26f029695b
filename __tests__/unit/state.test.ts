/** state.ts: what the main step saves for the post step, read back typed (here: the background removal). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { DetachedRemoval } from '../../src/removal/types.js';
import { loadRunner } from '../../src/runner.js';
import { readDetachedRemoval, saveDetachedRemoval } from '../../src/state.js';

const removal: DetachedRemoval = {
  pid: 4242,
  startedAt: 1_000_000,
  jobFile: '/t/job.json',
  logFile: '/t/removal.log',
  resultFile: '/t/result.json',
  stack: {
    compose: ['docker-compose'],
    projectName: 'shop',
    projectDirectory: '/w',
    files: ['/w/docker-compose.yml'],
    engineEnv: { DOCKER_HOST: 'unix:///d.sock' },
  },
  upStopped: true,
};

test('the background removal: saved for the post step (the runner’s state file), read back as it was; none saved, none read', async (t) => {
  // As the entry points do: @actions/core loaded, so the state is written at once.
  await loadRunner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-state-'));
  const file = path.join(dir, 'state');
  fs.writeFileSync(file, '');
  const before = process.env.GITHUB_STATE;
  process.env.GITHUB_STATE = file;
  t.after(() => {
    process.env.GITHUB_STATE = before;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  process.env['STATE_detached-removal'] = '';
  assert.equal(readDetachedRemoval(), undefined);
  delete process.env['STATE_detached-removal'];
  saveDetachedRemoval(removal);
  assert.match(fs.readFileSync(file, 'utf8'), /^detached-removal<<ghadelimiter_/);
  assert.deepEqual(readDetachedRemoval(), removal);
});

test('a saved removal that is not one (not JSON, or missing its pid or files): none, so the post step tears down as without it', (t) => {
  t.after(() => delete process.env['STATE_detached-removal']);
  process.env['STATE_detached-removal'] = '{"pid":';
  assert.equal(readDetachedRemoval(), undefined);
  process.env['STATE_detached-removal'] = JSON.stringify({ ...removal, pid: 'x' });
  assert.equal(readDetachedRemoval(), undefined);
  process.env['STATE_detached-removal'] = JSON.stringify({ ...removal, stack: undefined });
  assert.equal(readDetachedRemoval(), undefined);
});
