/** stack/recheck.ts and stack/wait-look.ts: the last look before the outputs, and how long a container has run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diedSince } from '../../../src/stack/recheck.js';
import { runningMs } from '../../../src/stack/wait-look.js';
import { runningContainer as c } from '../../support/containers.js';

test('diedSince: an exit, a restart or a removal since the ready look; a one-shot that finished (exited 0, then or since) and other services are not asked about', () => {
  const before = [
    c({ id: 'a', service: 'api', startedAt: 1000 }),
    c({ id: 'b', service: 'db', startedAt: 1000 }),
    c({ id: 'm', service: 'migrate', status: 'exited', exitCode: 0 }),
    c({ id: 'x', service: 'other', startedAt: 1000 }),
    c({ id: 'g', service: 'gone', startedAt: 1000 }),
    c({ id: 's', service: 'seed', startedAt: 1000 }),
    c({ id: 'w', service: 'web', startedAt: 1000, ports: { '80/tcp': [{ hostIp: '', hostPort: 8080 }] } }),
  ];
  const now = [
    c({ id: 'a', service: 'api', status: 'exited', exitCode: 1, startedAt: 1000 }),
    c({ id: 'b', service: 'db', restartCount: 1, startedAt: 2000 }),
    c({ id: 'm', service: 'migrate', status: 'exited', exitCode: 0 }),
    c({ id: 'x', service: 'other', status: 'exited', exitCode: 1 }),
    c({ id: 's', service: 'seed', status: 'exited', exitCode: 0, startedAt: 1000 }),
    c({ id: 'w', service: 'web', status: 'exited', exitCode: 0, startedAt: 1000, ports: { '80/tcp': [{ hostIp: '', hostPort: 8080 }] } }),
  ];
  const died = diedSince(before, now, ['api', 'db', 'migrate', 'gone', 'seed', 'web']);
  assert.deepEqual(
    died.map((d) => [d.service, d.why]),
    [
      ['api', 'exited with code 1 right after the stack was ready'],
      ['db', 'restarted right after the stack was ready (exited with code 0)'],
      ['gone', 'its container was removed right after the stack was ready'],
      ['web', 'exited with code 0 right after the stack was ready'],
    ],
  );
  assert.deepEqual(diedSince(before, before, ['api', 'db']), [], 'nothing changed: nothing died');
});

test("runningMs: the engine's clock, unless it disagrees with what was seen here", () => {
  assert.equal(runningMs(10_000, 11_500, 300), 1500, 'started 1.5 s ago by the engine, first seen 0.3 s ago here');
  assert.equal(runningMs(undefined, 11_500, 300), 300);
  assert.equal(runningMs(20_000, 11_500, 300), 300, 'the engine clock is ahead: since seen');
  assert.equal(runningMs(0, 60_000, 300), 300, 'the engine clock is far behind: since seen');
});
