/** stack/recheck.ts and stack/wait-look.ts: the last look before the outputs, and how long a container has run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diedSince } from '../../../src/stack/recheck.js';
import type { ProjectEvents } from '../../../src/stack/events.js';
import { freshLook, runningMs, type Looked } from '../../../src/stack/wait-look.js';
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

test('freshLook: a look reused because no event came keeps the time its inspect began, so a running verdict is not taken from an old look', async () => {
  const observedAt = { epochMs: 5_000, perfMs: 100 };
  const look: Looked = {
    containers: [c({ id: 'f', service: 'flaky', startedAt: 4_800 })],
    knownIds: ['f'],
    lookedAt: performance.now(),
    observedAt,
    eventsSeen: 0,
    unreachableSince: undefined,
  };
  // The engine's events are live and say nothing new (a `die` not delivered yet, on a busy machine).
  const events = { live: true, seq: 0, since: () => [] } as unknown as ProjectEvents;
  const trouble = await freshLook(
    look,
    { project: 'p', awaited: ['flaky'], env: {}, deadline: performance.now() + 10_000, events },
    performance.now(),
  );
  assert.equal(trouble, undefined);
  assert.deepEqual(look.observedAt, observedAt, 'the reused look is as old as its inspect');
  assert.equal(
    runningMs(4_800, look.observedAt.epochMs, 0),
    200,
    'seen running 0.2 s after its start: not yet 1 s, whatever the clock says now',
  );
});
