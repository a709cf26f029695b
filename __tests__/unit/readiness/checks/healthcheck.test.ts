import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeEndpointHealth, judgeHealthcheck, healthArgv } from '../../../../src/readiness/checks/healthcheck.js';
import type { ContainerInfo } from '../../../../src/stack/containers.js';
import { runningContainer as c } from '../../../support/containers.js';

describe('judgeHealthcheck', () => {
  const none = { passed: false, confirmedUnhealthy: false };
  const cases: Array<[string, Partial<ContainerInfo>, typeof none, string, RegExp]> = [
    ['healthy', { health: 'healthy' }, none, 'pass', /healthy/],
    ['starting', { health: 'starting' }, none, 'wait', /starting/],
    ['starting, but our run passed', { health: 'starting' }, { ...none, passed: true }, 'pass', /the action ran it/],
    [
      'unhealthy: one more run of ours first',
      { health: 'unhealthy', lastHealthOutput: 'refused' },
      none,
      'wait',
      /unhealthy: refused; checking once more/,
    ],
    [
      'unhealthy, and our run after it failed too',
      { health: 'unhealthy', lastHealthOutput: 'refused' },
      { ...none, confirmedUnhealthy: true },
      'fail',
      /^unhealthy: refused$/,
    ],
    ['unhealthy, but our run passed just now', { health: 'unhealthy' }, { ...none, passed: true }, 'pass', /the action ran it/],
  ];
  for (const [name, over, own, state, why] of cases)
    test(name, () => {
      const r = judgeHealthcheck(c(over), own);
      assert.equal(r.state, state);
      assert.match(r.why, why);
    });

  test("the backend: Docker's starting does not hold it back; a confirmed unhealthy fails it", () => {
    assert.equal(judgeEndpointHealth(c({ health: 'starting' }), none).state, 'pass');
    assert.equal(judgeEndpointHealth(c({ health: 'unhealthy' }), none).state, 'wait');
    assert.equal(judgeEndpointHealth(c({ health: 'unhealthy' }), { ...none, confirmedUnhealthy: true }).state, 'fail');
  });

  test('healthArgv runs the command as Docker would', () => {
    assert.deepEqual(healthArgv(c({ id: 'abc', healthTest: ['CMD-SHELL', 'pg_isready -U x'] })), [
      'docker',
      'exec',
      'abc',
      '/bin/sh',
      '-c',
      'pg_isready -U x',
    ]);
    assert.deepEqual(healthArgv(c({ id: 'abc', healthTest: ['CMD', 'wget', '-q', 'http://x'] })), [
      'docker',
      'exec',
      'abc',
      'wget',
      '-q',
      'http://x',
    ]);
    assert.equal(healthArgv(c({ healthTest: ['NONE'] })), undefined);
  });
});
