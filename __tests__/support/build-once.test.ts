/**
 * Tests of __tests__/support/build-once.ts: callers that ask at once get one build, and a lock
 * left by a process that is gone does not block the next builder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { acquireLock, buildOnce } from './build-once.js';
import { tempDir } from './temp.js';
import { sleep } from './time.js';

test('buildOnce: five callers at once, one build; all return after it; the lock is gone', async (t) => {
  const lock = join(tempDir(t, 'cos-build-once-'), 'thing.lock');
  let done = false;
  let builds = 0;
  const build = async () => {
    builds++;
    assert.ok(existsSync(lock), 'the build runs under the lock');
    await sleep(50);
    done = true;
  };
  await Promise.all(Array.from({ length: 5 }, () => buildOnce(lock, async () => done, build)));
  assert.equal(builds, 1);
  assert.equal(done, true);
  assert.equal(existsSync(lock), false);
});

test('buildOnce: a failed build releases the lock and the next caller builds', async (t) => {
  const lock = join(tempDir(t, 'cos-build-once-'), 'thing.lock');
  await assert.rejects(
    buildOnce(
      lock,
      async () => false,
      async () => Promise.reject(new Error('broken')),
    ),
    /broken/,
  );
  assert.equal(existsSync(lock), false);
  let built = false;
  await buildOnce(
    lock,
    async () => built,
    async () => void (built = true),
  );
  assert.equal(built, true);
});

test('acquireLock: a lock whose owner process is gone is broken; a live owner is waited for', async (t) => {
  const lock = join(tempDir(t, 'cos-build-once-'), 'thing.lock');
  const gone = spawnSync(process.execPath, ['-e', '']).pid;
  writeFileSync(lock, String(gone));
  const release = await acquireLock(lock, { timeoutMs: 60_000 });
  await release();
  assert.equal(existsSync(lock), false);

  writeFileSync(lock, String(process.pid)); // alive, and fresh
  await assert.rejects(acquireLock(lock, { timeoutMs: 300 }), /timed out waiting for lock/);
  assert.equal(existsSync(lock), true, 'a live owner keeps its lock');
});
