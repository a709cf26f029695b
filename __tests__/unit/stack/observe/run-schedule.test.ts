/**
 * stack/observe/run-schedule.ts: a run the moment a signal comes, never two of one key at once,
 * signals during a run coalesced into exactly one more right after it, and a fallback run when no
 * signal comes. On a clock the test moves: no wall-clock time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunSchedule } from '../../../../src/stack/observe/run-schedule.js';
import { FakeTimers, settle } from '../../../support/fake-timers.js';

/** A schedule whose runs the test ends by hand; each run is recorded with the clock's time when it started. */
function harness(fallbackMs: (key: string, runMs: number) => number | undefined = () => undefined) {
  const timers = new FakeTimers();
  const starts: Array<{ key: string; at: number }> = [];
  const inFlight = new Map<string, Array<() => void>>();
  let most = 0;
  const schedule = new RunSchedule(
    {
      run: (key) =>
        new Promise<void>((resolve) => {
          starts.push({ key, at: timers.now() });
          const mine = inFlight.get(key) ?? [];
          mine.push(resolve);
          inFlight.set(key, mine);
          most = Math.max(most, mine.length);
        }),
      fallbackMs,
    },
    timers,
  );
  /** End the run of `key` in flight, and let what follows it happen. */
  const end = async (key: string): Promise<void> => {
    const mine = inFlight.get(key) ?? [];
    assert.ok(mine.length > 0, `a run of ${key} is in flight`);
    mine.shift()!();
    await settle();
  };
  return { timers, schedule, starts, end, mostAtOnce: () => most };
}

test('a signal starts a run at once, with no pause and no timer', () => {
  const h = harness();
  h.schedule.signal('db');
  assert.deepEqual(h.starts, [{ key: 'db', at: 0 }]);
  assert.equal(h.schedule.running('db'), true);
  assert.equal(h.timers.armed, 0);
});

test('signals during a run coalesce into exactly one more, started the moment the run ends', async () => {
  const h = harness();
  h.schedule.signal('db');
  await h.timers.advance(120);
  for (let i = 0; i < 5; i++) h.schedule.signal('db');
  assert.equal(h.starts.length, 1, 'still one in flight');
  await h.end('db');
  assert.deepEqual(h.starts, [
    { key: 'db', at: 0 },
    { key: 'db', at: 120 },
  ]);
  await h.end('db');
  await h.timers.advance(60_000);
  assert.equal(h.starts.length, 2, 'no signal during the second run: no third (no fallback here)');
});

test('never two runs of one key at once, whatever the order of signals and ends; keys do not hold each other up', async () => {
  const h = harness(() => 300);
  // A fixed pseudo-random sequence of signals, ends and clock moves over three keys.
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const keys = ['db', 'cache', 'queue'];
  for (let i = 0; i < 400; i++) {
    const key = keys[next(3)]!;
    const what = next(3);
    if (what === 0) h.schedule.signal(key);
    else if (what === 1 && h.schedule.running(key)) await h.end(key);
    else await h.timers.advance(next(400));
  }
  assert.equal(h.mostAtOnce(), 1);
  h.schedule.signal('db');
  h.schedule.signal('cache');
  assert.ok(h.schedule.running('db') && h.schedule.running('cache'));
});

test('with no signal, the next run comes a fallback pause after the last one ended, chosen from its duration', async () => {
  const asked: number[] = [];
  const h = harness((_key, runMs) => (asked.push(runMs), 4 * runMs));
  h.schedule.signal('db');
  await h.timers.advance(150);
  await h.end('db');
  assert.deepEqual(asked, [150]);
  await h.timers.advance(599);
  assert.equal(h.starts.length, 1, 'not before 4 × 150 ms');
  await h.timers.advance(1);
  assert.deepEqual(h.starts[1], { key: 'db', at: 750 });
});

test('a signal while a fallback run is still due runs at once, and the fallback is set again from that run', async () => {
  const h = harness(() => 1000);
  h.schedule.signal('db');
  await h.end('db');
  await h.timers.advance(300);
  h.schedule.signal('db');
  assert.deepEqual(
    h.starts.map((s) => s.at),
    [0, 300],
  );
  await h.end('db');
  await h.timers.advance(999);
  assert.equal(h.starts.length, 2, 'the earlier fallback (due at 1000) was cleared');
  await h.timers.advance(1);
  assert.deepEqual(
    h.starts.map((s) => s.at),
    [0, 300, 1300],
  );
});

test('no fallback pause (undefined): runs only on signals', async () => {
  const h = harness(() => undefined);
  h.schedule.signal('db');
  await h.end('db');
  await h.timers.advance(3_600_000);
  assert.equal(h.starts.length, 1);
  assert.equal(h.timers.armed, 0);
});

test('a parked key runs no more (a run in flight ends alone, even with a signal pending) until its next signal; close ends all', async () => {
  const h = harness(() => 200);
  h.schedule.signal('db');
  h.schedule.signal('db'); // one more asked for
  h.schedule.park('db');
  await h.end('db');
  await h.timers.advance(10_000);
  assert.equal(h.starts.length, 1);
  h.schedule.signal('db');
  assert.equal(h.starts.length, 2, 'a signal wakes it');
  h.schedule.close();
  await h.end('db');
  h.schedule.signal('db');
  await h.timers.advance(10_000);
  assert.equal(h.starts.length, 2);
  assert.equal(h.timers.armed, 0);
});

test('a run that throws or rejects counts as ended', async () => {
  const timers = new FakeTimers();
  let runs = 0;
  const schedule = new RunSchedule(
    {
      run: () => {
        runs += 1;
        if (runs === 1) throw new Error('sync');
        return Promise.reject(new Error('async'));
      },
      fallbackMs: () => 100,
    },
    timers,
  );
  schedule.signal('db');
  await timers.advance(100);
  await timers.advance(100);
  assert.equal(runs, 3);
  schedule.close();
});
