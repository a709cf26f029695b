import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isOneShot, judgeLife } from '../../../../src/readiness/checks/life.js';
import type { ContainerInfo } from '../../../../src/stack/containers.js';
import { runningContainer as c } from '../../../support/containers.js';

describe('judgeLife', () => {
  const cases: Array<[string, Partial<ContainerInfo>, boolean, string, RegExp]> = [
    ['running', {}, false, 'running', /^$/],
    ['a one-shot exited 0 is done', { status: 'exited', exitCode: 0 }, true, 'done', /done \(exited 0\)/],
    ['a service exiting 0 that is no one-shot fails', { status: 'exited', exitCode: 0 }, false, 'fail', /exited with code 0/],
    ['exited 3 fails at once', { status: 'exited', exitCode: 3 }, true, 'fail', /exited with code 3/],
    ['OOM is said', { status: 'exited', exitCode: 137, oomKilled: true }, false, 'fail', /out of memory/],
    [
      'exited 1 with restart: always: one more chance',
      { status: 'exited', exitCode: 1, restartPolicy: 'always' },
      false,
      'wait',
      /restart policy always/,
    ],
    [
      'exited 0 with restart: on-failure: it stays down',
      { status: 'exited', exitCode: 0, restartPolicy: 'on-failure' },
      false,
      'fail',
      /exited with code 0/,
    ],
    [
      'exited 0 with restart: unless-stopped: it comes back',
      { status: 'exited', exitCode: 0, restartPolicy: 'unless-stopped' },
      false,
      'wait',
      /restart policy/,
    ],
    ['restarting once', { status: 'restarting', exitCode: 1 }, false, 'wait', /restarting/],
    ['restarting after a restart: a loop', { status: 'restarting', exitCode: 1, restartCount: 1 }, false, 'fail', /restart loop/],
    ['restarted twice, now running: a loop', { restartCount: 2 }, false, 'fail', /restarted 2 times/],
    ['created', { status: 'created' }, false, 'wait', /created, not started/],
    ['dead', { status: 'dead', error: 'driver failed' }, false, 'fail', /dead: driver failed/],
  ];
  for (const [name, over, mayBeDone, state, why] of cases)
    test(name, () => {
      const l = judgeLife(c(over), mayBeDone);
      assert.equal(l.state, state);
      assert.match('why' in l ? l.why : '', why);
    });
});

describe('isOneShot: nothing published, no healthcheck, no restart policy', () => {
  const cases: Array<[string, Partial<ContainerInfo>, boolean]> = [
    ['plain', {}, true],
    ['restart: no', { restartPolicy: 'no' }, true],
    ['publishes a port', { ports: { '80/tcp': [{ hostIp: '0.0.0.0', hostPort: 8080 }] } }, false],
    ['exposes a port it does not publish', { ports: { '80/tcp': [] } }, true],
    ['exited, so nothing is bound now, but it publishes 80', { status: 'exited', ports: {}, publishes: ['80/tcp'] }, false],
    ['has a healthcheck', { healthTest: ['CMD', 'true'] }, false],
    ['restart: on-failure', { restartPolicy: 'on-failure' }, false],
  ];
  for (const [name, over, expected] of cases) test(name, () => assert.equal(isOneShot(c(over)), expected));
});
