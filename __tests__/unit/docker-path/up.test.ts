/** The Docker path's up and wait (src/docker-path/up.ts): the failure kind a failed wait is reported as (waitFailure). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFailure } from '../../../src/docker-path/up.js';
import type { ContainerInfo } from '../../../src/stack/containers.js';

test('waitFailure: an exited container that was unhealthy exited; a running unhealthy one is unhealthy', () => {
  const base = { id: 'x', name: 'p-db-1', service: 'db', restartCount: 0, restartPolicy: 'no', ports: {} } as unknown as ContainerInfo;
  const failing = (c: Partial<ContainerInfo>) => ({
    ok: false as const,
    kind: 'exited' as const,
    reason: '',
    failing: [{ container: { ...base, ...c } as ContainerInfo, service: 'db', why: '' }],
    containers: [],
    probes: [],
    ready: [],
    durationMs: 0,
  });
  assert.equal(waitFailure(failing({ status: 'exited', exitCode: 1, health: 'unhealthy' })), 'exited');
  assert.equal(waitFailure(failing({ status: 'running', health: 'unhealthy' })), 'unhealthy');
  assert.equal(waitFailure(failing({ status: 'exited', exitCode: 1, restartCount: 2 })), 'restarting');
});
