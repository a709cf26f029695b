/** stack/by-label.ts: what is left of a project, by its com.docker.compose.project label. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nothingLeft, projectLeftovers } from '../../../src/stack/by-label.js';
import { fakeDockerCli } from '../../support/fake-removal.js';

test('projectLeftovers: its containers, networks and volumes, each asked by the label; why, when the engine cannot say', async (t) => {
  const docker = fakeDockerCli();
  t.after(docker.cleanup);
  const left = await projectLeftovers('shop', { ...docker.env, FAKE_PS: 'c1 c2', FAKE_VOLUMES: 'v1' });
  assert.deepEqual(left, { containers: ['c1', 'c2'], networks: [], volumes: ['v1'] });
  assert.equal('containers' in left && nothingLeft(left), false);
  assert.deepEqual(docker.calls().sort(), [
    'network ls --quiet --filter label=com.docker.compose.project=shop',
    'ps --all --quiet --no-trunc --filter label=com.docker.compose.project=shop',
    'volume ls --quiet --filter label=com.docker.compose.project=shop',
  ]);
  assert.equal(nothingLeft({ containers: [], networks: [], volumes: [] }), true);
  assert.deepEqual(await projectLeftovers('shop', { ...docker.env, FAKE_FAIL: '1' }), { unknown: 'fake failure' });
});
