/**
 * The wait (src/stack/wait.ts): a `die` the engine's events told of, applied to what the last inspect
 * said (applyExits); the probe answers waiting will not change (definiteAnswer); a dead engine told
 * from a slow one (engineUnreachable).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProbeClass } from '../../../src/probe/probe.js';
import type { ContainerInfo } from '../../../src/stack/containers.js';
import { applyExits, definiteAnswer, engineUnreachable } from '../../../src/stack/wait.js';
import { runningContainer } from '../../support/containers.js';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

function container(id: string, service: string): ContainerInfo {
  return runningContainer({ id, name: `p-${service}-1`, service });
}

describe('applyExits', () => {
  test('a container the events say died is exited with that code; the others are as inspected', () => {
    const before = [container(ID_A, 'backend'), container(ID_B, 'auth')];
    const after = applyExits(before, [
      { action: 'die', id: ID_A, exitCode: 2 },
      { action: 'start', id: ID_B, exitCode: undefined },
    ]);
    assert.deepEqual(
      after.map((c) => [c.service, c.status, c.exitCode]),
      [
        ['backend', 'exited', 2],
        ['auth', 'running', 0],
      ],
    );
    assert.equal(before[0]!.status, 'running', 'the inspected list is not changed');
  });

  test('the last of several deaths counts', () => {
    const [c] = applyExits(
      [container(ID_A, 'backend')],
      [
        { action: 'die', id: ID_A, exitCode: 1 },
        { action: 'die', id: ID_A, exitCode: 137 },
      ],
    );
    assert.equal(c!.exitCode, 137);
  });
});

describe('definite answers: what waiting will not change', () => {
  const table: Array<[string, number | undefined, boolean]> = [
    ['http-status', 404, true],
    ['http-status', 400, true],
    ['http-status', 401, true],
    ['http-status', 405, true],
    ['http-status', 499, true],
    ['http-status', 408, false],
    ['http-status', 425, false],
    ['http-status', 429, false],
    ['http-status', 500, false],
    ['http-status', 503, false],
    ['http-status', 302, false],
    ['ws-rejected', 404, true],
    ['ws-rejected', 429, false],
    ['ws-rejected', 502, false],
    ['refused', undefined, false],
    ['timeout', undefined, false],
    ['reset', undefined, false],
    ['ok', 200, false],
  ];
  for (const [cls, status, expected] of table) {
    test(`${cls} ${status ?? ''}: ${expected ? 'definite' : 'keep waiting'}`, () => {
      assert.equal(definiteAnswer({ class: cls as ProbeClass, status }), expected);
    });
  }
});

describe('engineUnreachable: a dead engine, not a slow one', () => {
  const cases: Array<[string, boolean]> = [
    ['docker ps failed: Cannot connect to the Docker daemon at tcp://127.0.0.2:41234. Is the docker daemon running?', true],
    [
      'docker ps failed: error during connect: Get "http://127.0.0.2:41234/v1.41/containers/json": dial tcp 127.0.0.2:41234: connect: connection refused',
      true,
    ],
    ['docker inspect failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', true],
    ['docker ps failed: ', false],
    ['docker inspect failed: Error: No such object: 0123abcd', false],
  ];
  for (const [message, dead] of cases)
    test(`${dead ? 'dead' : 'not dead'}: ${message.slice(0, 60)}`, () => assert.equal(engineUnreachable(message), dead));
});
