/**
 * removal/work.ts: the background process removes what the main step handed it, the way the main
 * step did before (every container at once, then the project's networks and volumes by its
 * label), and writes its result whatever happened.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { readResult } from '../../../src/removal/await.js';
import type { RemovalJob } from '../../../src/removal/types.js';
import { runRemovalJob } from '../../../src/removal/work.js';
import { fakeDockerCli } from '../../support/fake-removal.js';

/** A job file for the stack `shop` (its project directory a fresh folder), and where its result goes. */
function writeJob(t: TestContext, job: Omit<RemovalJob, 'resultFile' | 'stack'>): { jobFile: string; resultFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-work-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const resultFile = path.join(dir, 'result.json');
  const jobFile = path.join(dir, 'job.json');
  const stack = {
    compose: ['docker', 'compose'],
    projectName: 'shop',
    projectDirectory: dir,
    files: [path.join(dir, 'compose.yaml')],
    engineEnv: {},
  };
  fs.writeFileSync(jobFile, JSON.stringify({ ...job, stack, resultFile }));
  return { jobFile, resultFile };
}

test('the known containers, any other the label finds, then the networks and volumes by label; the networks this step joined are left first; the result is written', async (t) => {
  const docker = fakeDockerCli();
  t.after(docker.cleanup);
  const { jobFile, resultFile } = writeJob(t, {
    known: ['c1', 'c2'],
    lookAgain: false,
    joined: { container: 'job-container', networks: ['shop_default'] },
  });
  const env = { ...docker.env, FAKE_PS: 'c1 c2 c3', FAKE_NETWORKS: 'n1', FAKE_VOLUMES: 'v1' };
  const before = Date.now();
  const result = await runRemovalJob(jobFile, env);
  assert.equal(result.ok, true, result.detail);
  assert.equal(result.detail, 'removed project shop');
  assert.ok(result.startedAt >= before && result.finishedAt >= result.startedAt);
  assert.deepEqual(readResult(resultFile), result);
  const calls = docker.calls();
  assert.equal(calls[0], 'network disconnect --force shop_default job-container', 'left before anything is removed');
  assert.ok(calls.includes('rm --force --volumes c1 c2'), calls.join('\n'));
  assert.ok(calls.includes('rm --force --volumes c3'), 'found by the label');
  assert.ok(calls.includes('ps --all --quiet --no-trunc --filter label=com.docker.compose.project=shop'));
  assert.ok(calls.includes('network rm n1'));
  assert.ok(calls.includes('volume rm --force v1'));
  assert.ok(!calls.some((c) => c.startsWith('compose')), 'no compose down when removing by label worked');
});

test('an engine that refuses everything: compose down is tried too, and a failed result is still written', async (t) => {
  const docker = fakeDockerCli();
  t.after(docker.cleanup);
  const { jobFile, resultFile } = writeJob(t, { known: ['c1'], lookAgain: false });
  const result = await runRemovalJob(jobFile, { ...docker.env, FAKE_FAIL: '1' });
  assert.equal(result.ok, false);
  assert.match(result.detail, /engine could not be asked/);
  assert.ok(docker.calls().some((c) => c.startsWith('compose --project-name shop') && c.includes(' down --volumes --remove-orphans')));
  assert.deepEqual(readResult(resultFile), result);
});
