/** The job the image cache's process of its own accepts (src/images/cache-work.ts: parseCacheJob). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCacheJob } from '../../../src/images/cache-work.js';

test('its job: an absolute folder and a bare file name, or it refuses', () => {
  const job = { op: 'restore', folder: '/tmp/x', name: 'a.tar', key: 'k', restoreKeys: [], nonce: 'n' };
  assert.deepEqual(parseCacheJob(JSON.stringify(job)), job);
  for (const bad of [{ name: '../a.tar' }, { name: 'sub/a.tar' }, { folder: 'relative' }, { op: 'delete' }, { key: '' }])
    assert.throws(() => parseCacheJob(JSON.stringify({ ...job, ...bad })), /not a cache job/, JSON.stringify(bad));
});
