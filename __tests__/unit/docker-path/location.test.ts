/**
 * The Docker path's locating (src/docker-path/location.ts): the reacher it gives, and what it records;
 * where the engine is, as the summary says it (remoteEngine).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { beginLocating, remoteEngine } from '../../../src/docker-path/location.js';
import type { Inputs } from '../../../src/inputs.js';
import { Report } from '../../../src/report/model.js';
import type { ContainerInfo } from '../../../src/stack/containers.js';
import { runningContainer } from '../../support/containers.js';

const container = (networks: ContainerInfo['networks'], ports: ContainerInfo['ports'] = {}): ContainerInfo =>
  runningContainer({ id: 'c', name: 'p-backend-1', service: 'backend', ports, networks });

test("the Docker path's reacher names url-host for a service none of whose ports is reached, as for the others", async () => {
  const report = new Report();
  const location = beginLocating({ inputs: { urlHost: 'host.docker.internal' } as Inputs, report, env: {} }, undefined, 'p');
  const reacher = location.reacher('localhost');
  assert.equal(reacher.defaultHost(container({})), 'host.docker.internal');
  await location.record('localhost');
  assert.deepEqual(report.checks.find((x) => x.id === 'docker.location')?.data, { kind: 'url-host' });
});

describe('where the engine is, as the summary says it', () => {
  for (const [endpoint, env, said] of [
    ['ssh://ci@build-host', { DOCKER_HOST: 'ssh://ci@build-host' }, 'ssh://ci@build-host, over SSH'],
    ['tcp://10.0.0.5:2376', { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' }, 'tcp://10.0.0.5:2376, with TLS'],
    ['tcp://10.0.0.5:2375', { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, 'tcp://10.0.0.5:2375, plain TCP'],
    ['tcp://10.0.0.5:2376', { DOCKER_CONTEXT: 'remote' }, 'tcp://10.0.0.5:2376, context remote'],
    ['tcp://10.0.0.5:2376', {}, 'tcp://10.0.0.5:2376, the current context'],
    ['unix:///var/run/docker.sock', {}, undefined],
    [undefined, {}, undefined],
  ] as const) {
    test(`${endpoint ?? '(no endpoint)'} ${JSON.stringify(env)} → ${said ?? 'local'}`, () =>
      assert.equal(remoteEngine(endpoint, env), said));
  }
});
