/** The wait (src/stack/wait.ts): a `die` the engine's events told of, applied to what the last inspect said (applyExits). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerInfo } from '../../../src/stack/containers.js';
import { applyExits } from '../../../src/stack/wait.js';
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
