/**
 * The engine's events as the watch uses them (src/stack/events.ts). The stream itself runs against
 * a real engine in the e2e suites.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventLine, ProjectEvents } from '../../../src/stack/events.js';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

describe('ProjectEvents', () => {
  test('counts the events that matter, keeps their ids and exit codes; exec_* (healthchecks) are not news', () => {
    const e = new ProjectEvents();
    assert.equal(e.live, false);
    e.event(`exec_start: /bin/sh -c true\t${ID_A}\t`);
    assert.deepEqual([e.seq, e.live], [0, false]);
    e.event(`start\t${ID_A}\t`);
    e.event(`health_status: healthy\t${ID_A}\t`);
    e.event(`die\t${ID_B}\t3`);
    assert.deepEqual([e.seq, e.live], [3, true]);
    assert.deepEqual(
      e.since(1)?.map((x) => [x.action, x.id === ID_B ? 'B' : 'A', x.exitCode]),
      [
        ['health_status: healthy', 'A', undefined],
        ['die', 'B', 3],
      ],
    );
    assert.deepEqual(e.since(3), []);
  });

  test('since: undefined once the events asked for are no longer kept', () => {
    const e = new ProjectEvents();
    for (let i = 0; i < 250; i++) e.event(`health_status: starting\t${ID_A}\t`);
    assert.equal(e.since(0), undefined, 'the first 50 were dropped');
    assert.equal(e.since(249)?.length, 1);
  });

  test('sleep: ends at its time, or at once on an event or a wake', async () => {
    const e = new ProjectEvents();
    const t0 = performance.now();
    await e.sleep(20);
    assert.ok(performance.now() - t0 >= 15);
    const long = e.sleep(60_000);
    e.event(`start\t${ID_A}\t`);
    await long; // would hold the test for a minute otherwise
    const again = e.sleep(60_000);
    e.wake();
    await again;
  });

  test('untilDeath: a die settles it, other events do not; cancelled, it is forgotten', async () => {
    const e = new ProjectEvents();
    const watch = e.untilDeath();
    let died = false;
    void watch.died.then(() => (died = true));
    e.event(`health_status: unhealthy\t${ID_A}\t`);
    await new Promise((r) => setImmediate(r));
    assert.equal(died, false);
    e.event(`die\t${ID_A}\t1`);
    await watch.died;
    const cancelled = e.untilDeath();
    cancelled.cancel();
    let settled = false;
    void cancelled.died.then(() => (settled = true));
    e.event(`die\t${ID_B}\t0`);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false);
  });

  test('close without a stream: it settles, a sleep in progress is woken at once, ended() settles, live stays false', async () => {
    const e = new ProjectEvents();
    let woken = false;
    const sleeping = e.sleep(600_000).then(() => (woken = true));
    await e.close();
    await sleeping; // would hold the test for ten minutes otherwise
    assert.equal(woken, true);
    await e.ended();
    assert.equal(e.live, false);
    assert.equal(e.seq, 0);
  });
});

test("an engine event as the API streams it: action, id, exit code and its time, the CLI's fields", () => {
  const line = eventLine(
    JSON.stringify({ Action: 'die', Actor: { ID: 'abc', Attributes: { exitCode: '1', name: 'x\ty' } }, timeNano: 1765022400123456000 }),
  );
  const [action, id, code, nanos] = line.split('\t');
  assert.deepEqual([action, id, code], ['die', 'abc', '1']);
  assert.match(nanos!, /^17650224001234\d{5}$/);
  const events = new ProjectEvents();
  events.event(line);
  events.event('start\tdef\t\t');
  assert.deepEqual(
    events.since(0)!.map((e) => [e.action, e.exitCode, e.at]),
    [
      ['die', 1, 1765022400123],
      ['start', undefined, undefined],
    ],
  );
  assert.equal(eventLine('not json'), '');
});
