/**
 * removal/finish.ts: the post step waits for the background removal, then asks the engine by the
 * project's label what is left, and tears down only when anything is (or it cannot be known).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { describeLeft, describeWait, finishDetachedRemoval } from '../../../src/removal/finish.js';
import type { DetachedRemoval } from '../../../src/removal/types.js';
import { writeResult } from '../../../src/removal/work.js';
import { fakeDockerCli } from '../../support/fake-removal.js';
import { tempDir } from '../../support/temp.js';

/** A removal whose process is gone (a pid that ended), with or without a result. */
function removal(t: TestContext, result?: { ok: boolean; detail: string }): DetachedRemoval {
  const dir = tempDir(t, 'cos-finish-');
  const resultFile = path.join(dir, 'result.json');
  if (result) writeResult(resultFile, { ...result, startedAt: 1_000_100, finishedAt: 1_000_900 });
  const ended = spawnSync('true');
  return {
    pid: ended.pid ?? 1 << 30,
    startedAt: 1_000_000,
    jobFile: path.join(dir, 'job.json'),
    logFile: path.join(dir, 'removal.log'),
    resultFile,
    stack: {
      compose: ['docker', 'compose'],
      projectName: 'shop',
      projectDirectory: dir,
      files: [path.join(dir, 'compose.yaml')],
      engineEnv: {},
    },
    upStopped: false,
  };
}

test('finished, and the label finds nothing: no teardown', async (t) => {
  const docker = fakeDockerCli();
  t.after(docker.cleanup);
  const d = removal(t, { ok: true, detail: 'removed project shop' });
  const o = await finishDetachedRemoval(d, { afterStoppedUp: false, env: docker.env });
  assert.equal(o.waited.outcome, 'finished');
  assert.deepEqual(o.left, { containers: [], networks: [], volumes: [] });
  assert.equal(o.teardown, undefined);
  assert.ok(!docker.calls().some((c) => c.startsWith('compose')), 'no down');
  assert.ok(
    docker.calls().every((c) => c.includes('--filter label=com.docker.compose.project=shop')),
    docker.calls().join('\n'),
  );
});

test('its process gone without a result, and the label finds a container and a network: both removed by the teardown', async (t) => {
  const docker = fakeDockerCli();
  t.after(docker.cleanup);
  const d = removal(t);
  const o = await finishDetachedRemoval(d, { afterStoppedUp: false, env: { ...docker.env, FAKE_PS: 'c9', FAKE_NETWORKS: 'n9' } });
  assert.equal(o.waited.outcome, 'died');
  assert.deepEqual(o.left, { containers: ['c9'], networks: ['n9'], volumes: [] });
  assert.equal(o.teardown?.ok, true, o.teardown?.detail);
  const calls = docker.calls();
  assert.ok(calls.some((c) => c.startsWith('compose --project-name shop') && c.includes(' down --volumes')));
  assert.ok(calls.includes('rm --force --volumes c9'));
  assert.ok(calls.includes('network rm n9'));
});

test('an engine that cannot be asked: the teardown is tried, and says it could not', async (t) => {
  const docker = fakeDockerCli();
  t.after(docker.cleanup);
  const d = removal(t, { ok: true, detail: 'removed project shop' });
  const o = await finishDetachedRemoval(d, { afterStoppedUp: false, env: { ...docker.env, FAKE_FAIL: '1' } });
  assert.deepEqual(o.left, { unknown: 'fake failure' });
  assert.equal(o.teardown?.ok, false);
});

test('describeWait and describeLeft: when it finished and how long it took, or what became of it', () => {
  const d = { pid: 42, startedAt: Date.UTC(2026, 10, 22, 10, 0, 1, 120) };
  const result = { ok: true, detail: 'removed project shop', startedAt: d.startedAt + 200, finishedAt: d.startedAt + 830 };
  assert.equal(
    describeWait(d, { outcome: 'finished', result, waitedMs: 12.4 }),
    'The removal the main step started at 2026-11-22T10:00:01.120Z (pid 42) finished at 2026-11-22T10:00:01.950Z, 830 ms after it started (the post step waited 12 ms): removed project shop',
  );
  assert.match(
    describeWait(d, { outcome: 'died', waitedMs: 0 }),
    /\(pid 42\) ended without finishing \(its process is gone: killed\?\); what is left is removed now/,
  );
  assert.match(
    describeWait(d, { outcome: 'timed-out', waitedMs: 120_010, limitMs: 120_000 }),
    /still running after the post step waited 120 s for it: stopped/,
  );
  assert.equal(describeLeft({ containers: ['a', 'b'], networks: [], volumes: ['v'] }), '2 container(s), 1 volume(s)');
  assert.equal(describeLeft({ containers: [], networks: [], volumes: [] }), 'nothing');
});
