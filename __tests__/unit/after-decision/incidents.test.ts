import assert from 'node:assert/strict';
import { test } from 'node:test';
import { incidentsOf } from '../../../src/after-decision/incidents.js';
import type { WatchRecord } from '../../../src/after-decision/types.js';

const READY = 1_765_000_000_000;
const r = (dt: number, id: string, action: string, exitCode?: number): WatchRecord => ({
  at: READY + dt,
  id,
  service: id === 'a' ? 'db' : 'backend',
  action,
  ...(exitCode === undefined ? {} : { exitCode }),
});
const told = (records: WatchRecord[]) => incidentsOf(records, READY).map((i) => [i.service, i.kind, i.sinceReadyMs, i.exitCode]);

test('a death nobody asked for is a death, with its exit code and how long after ready', () => {
  assert.deepEqual(told([r(2100, 'a', 'die', 1)]), [['db', 'died', 2100, 1]]);
});

test('a death after a kill is a stop on request (the stop event comes after it); the next death, unasked, is a death again', () => {
  assert.deepEqual(
    told([r(1000, 'b', 'kill'), r(1200, 'b', 'die', 143), r(1300, 'b', 'stop'), r(5000, 'b', 'start'), r(9000, 'b', 'die', 2)]),
    [
      ['backend', 'stopped', 1200, 143],
      ['backend', 'restarted', 5000, undefined],
      ['backend', 'died', 9000, 2],
    ],
  );
});

test('a kill long before a death does not explain it', () => {
  assert.deepEqual(told([r(0, 'a', 'kill'), r(61_000, 'a', 'die', 1)]), [['db', 'died', 61_000, 1]]);
});

test('an oom event makes the death an OOM kill; a restart policy start after it is a restart', () => {
  assert.deepEqual(told([r(10, 'a', 'oom'), r(20, 'a', 'die', 137), r(1020, 'a', 'start')]), [
    ['db', 'oom-killed', 20, 137],
    ['db', 'restarted', 1020, undefined],
  ]);
});

test('health: unhealthy once (not per repeated event), healthy again only after unhealthy', () => {
  assert.deepEqual(
    told([
      r(100, 'a', 'health_status: healthy'),
      r(200, 'a', 'health_status: unhealthy'),
      r(300, 'a', 'health_status: unhealthy'),
      r(400, 'a', 'health_status: healthy'),
    ]),
    [
      ['db', 'unhealthy', 200, undefined],
      ['db', 'healthy-again', 400, undefined],
    ],
  );
});

test('a start of a container that never died says nothing; destroy is a removal; containers are kept apart', () => {
  assert.deepEqual(told([r(5, 'a', 'start'), r(6, 'b', 'kill'), r(7, 'a', 'die', 1), r(8, 'a', 'destroy')]), [
    ['db', 'died', 7, 1],
    ['db', 'removed', 8, undefined],
  ]);
});

test('records before ready are left out; records out of order are read in time order', () => {
  assert.deepEqual(told([r(50, 'a', 'die', 1), r(-5, 'b', 'die', 3), r(40, 'a', 'kill')]), [['db', 'stopped', 50, 1]]);
});
