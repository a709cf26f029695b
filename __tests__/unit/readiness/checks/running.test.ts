import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeRunning } from '../../../../src/readiness/checks/running.js';

describe('judgeRunning: 1 s without an exit', () => {
  for (const [ms, state] of [
    [0, 'wait'],
    [999, 'wait'],
    [1000, 'pass'],
    [60_000, 'pass'],
  ] as const)
    test(`${ms} ms: ${state}`, () => assert.equal(judgeRunning(ms).state, state));
});
