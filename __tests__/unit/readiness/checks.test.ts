/** readiness/checks/: one table per check (life, healthcheck, listening, running, http, log). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeEndpointHealth, judgeHealthcheck, healthArgv } from '../../../src/readiness/checks/healthcheck.js';
import { definiteAnswer, judgeAnswer, statusMatches } from '../../../src/readiness/checks/http.js';
import { isOneShot, judgeLife } from '../../../src/readiness/checks/life.js';
import { judgeListening, parseListeners } from '../../../src/readiness/checks/listening.js';
import { LogMatch } from '../../../src/readiness/checks/log.js';
import { judgeRunning } from '../../../src/readiness/checks/running.js';
import type { ContainerInfo } from '../../../src/stack/containers.js';
import { runningContainer as c } from '../../support/containers.js';

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

describe('listening inside the container', () => {
  // Recorded from a container: node listening on :: 8000, and a connection.
  const tcp6 = [
    '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000000000000000000000000000:1F40 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 32084 1 00000000e4a7e244 100 0 0 10 0',
    '   1: 0000000000000000FFFF00000200110A:1F40 0000000000000000FFFF00000100110A:C350 01 00000000:00000000 00:00000000 00000000     0        0 0 1',
  ].join('\n');
  const tcp = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 1 1',
    '   1: 00000000:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 2 1',
    '   2: 0200110A:0050 0100110A:D431 01 00000000:00000000 00:00000000 00000000   101        0 3 1',
  ].join('\n');

  test('parseListeners reads LISTEN sockets only, and tells loopback apart', () => {
    assert.deepEqual(
      parseListeners(`${tcp}\n${tcp6}`).map((l) => [l.port, l.loopback]),
      [
        [5432, true],
        [9090, false],
        [8000, false],
      ],
    );
    assert.deepEqual(parseListeners('garbage\n\n'), []);
  });

  const listeners = parseListeners(`${tcp}\n${tcp6}`);
  const cases: Array<[string, number[], string, RegExp]> = [
    ['every port listening', [8000, 9090], 'pass', /ports 8000, 9090 listening/],
    ['one not yet', [8000, 80], 'wait', /port 80 not listening inside the container yet/],
    ['loopback only: unreachable through the published port', [5432], 'wait', /loopback only .*bind 0\.0\.0\.0/],
  ];
  for (const [name, ports, state, why] of cases)
    test(name, () => {
      const r = judgeListening(ports, listeners);
      assert.equal(r.state, state);
      assert.match(r.why, why);
    });
});

describe('judgeRunning: 1 s without an exit', () => {
  for (const [ms, state] of [
    [0, 'wait'],
    [999, 'wait'],
    [1000, 'pass'],
    [60_000, 'pass'],
  ] as const)
    test(`${ms} ms: ${state}`, () => assert.equal(judgeRunning(ms).state, state));
});

describe('HTTP answers', () => {
  const cases: Array<[number | undefined, number | '2xx' | '4xx', boolean]> = [
    [200, '2xx', true],
    [204, '2xx', true],
    [301, '2xx', false],
    [200, 200, true],
    [204, 200, false],
    [404, 404, true],
    [404, '4xx', true],
    [undefined, '2xx', false],
  ];
  for (const [status, spec, expected] of cases)
    test(`${status} against ${spec}: ${expected}`, () => assert.equal(statusMatches(status, spec), expected));

  test('judgeAnswer: the check decides what a yes is', () => {
    const answer = (cls: 'ok' | 'http-status' | 'refused', status?: number) => ({ kind: 'http' as const, class: cls, status, detail: 'd' });
    assert.equal(judgeAnswer(answer('ok', 200)).state, 'pass');
    assert.equal(judgeAnswer(answer('ok', 204), 200).state, 'wait');
    assert.equal(judgeAnswer(answer('http-status', 404), 404).state, 'pass');
    assert.match(judgeAnswer(answer('http-status', 503)).why, /answered HTTP 503, not 2xx/);
    assert.equal(judgeAnswer(answer('refused')).state, 'wait');
    assert.equal(judgeAnswer({ kind: 'websocket', class: 'ok', status: 101, detail: '' }).state, 'pass');
  });

  test('definiteAnswer: a 4xx other than the one asked for', () => {
    assert.equal(definiteAnswer({ class: 'http-status', status: 404 }), true);
    assert.equal(definiteAnswer({ class: 'http-status', status: 404 }, 404), false);
    assert.equal(definiteAnswer({ class: 'http-status', status: 429 }), false);
    assert.equal(definiteAnswer({ class: 'http-status', status: 503 }), false);
  });
});

describe('LogMatch', () => {
  test('the first matching line passes, colour codes aside', () => {
    const m = new LogMatch('ready to accept connections');
    assert.equal(m.line('starting'), false);
    assert.equal(m.state().state, 'wait');
    assert.equal(m.line('\u001b[32mLOG:  database system is ready to accept connections\u001b[0m'), true);
    assert.equal(m.state().state, 'pass');
    assert.equal(m.line('ready to accept connections'), false, 'only the first match counts');
  });
  test('a regular expression', () => {
    const m = new LogMatch('^worker \\d+ up$');
    assert.equal(m.line('worker x up'), false);
    assert.equal(m.line('worker 12 up'), true);
  });
});
