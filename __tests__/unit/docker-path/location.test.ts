/** The Docker path's locating (src/docker-path/location.ts): the reacher it gives, and what it records. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beginLocating } from '../../../src/docker-path/location.js';
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
