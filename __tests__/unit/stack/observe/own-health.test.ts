/**
 * stack/observe/own-health.ts: which signals start the action's own run of a healthcheck, and when
 * the runs stop. The runs, the log follower and /proc are the test's own; the clock moves by hand.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { ContainerInfo } from '../../../../src/stack/containers.js';
import { OwnHealthRuns } from '../../../../src/stack/observe/own-health.js';
import { FakeTimers, settle } from '../../../support/fake-timers.js';
import { runningContainer } from '../../../support/containers.js';
import { tempDir } from '../../../support/temp.js';

const ID = 'ab12'.repeat(16);
const db = (over: Partial<ContainerInfo> = {}): ContainerInfo =>
  runningContainer({
    id: ID,
    service: 'db',
    health: 'starting',
    healthTest: ['CMD', 'pg_isready'],
    startedAt: 1000,
    pid: 42,
    ...over,
  });
const api = (over: Partial<ContainerInfo> = {}): ContainerInfo =>
  db({ id: 'cd34'.repeat(16), service: 'api', healthTest: ['CMD', 'wget', 'http://127.0.0.1/'], pid: 0, ...over });

const LISTEN_5432 = '   0: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n';

/** Runs that the test ends (each takes `RUN_MS` of the fake clock unless ended otherwise), a log follower it feeds, a /proc of its own. */
function harness(t: TestContext, dependsOn?: ReadonlyMap<string, string[]>) {
  const proc = tempDir(t, 'cos-proc-');
  fs.mkdirSync(path.join(proc, '42', 'net'), { recursive: true });
  fs.writeFileSync(path.join(proc, '42', 'cgroup'), `0::/docker/${ID}\n`);
  fs.writeFileSync(path.join(proc, '42', 'net', 'tcp'), '');
  const timers = new FakeTimers();
  const runs: Array<{ argv: string[]; at: number; end: (code: number) => Promise<void> }> = [];
  let inFlight = 0;
  let most = 0;
  let wakes = 0;
  let onLine: (key: string) => void = () => undefined;
  const followed = new Set<string>();
  const own = new OwnHealthRuns({
    env: {},
    signal: undefined,
    wake: () => (wakes += 1),
    remainingMs: () => 60_000,
    dependsOn,
    timers,
    proc,
    runCheck: (argv) =>
      new Promise((resolve) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        runs.push({
          argv,
          at: timers.now(),
          end: async (code) => {
            inFlight -= 1;
            resolve({ code, aborted: false });
            await settle();
          },
        });
      }),
    logs: (cb) => {
      onLine = cb;
      return { follow: (key) => void followed.add(key), stop: (key) => void followed.delete(key), close: () => followed.clear() };
    },
  });
  t.after(() => own.close());
  /** End the latest run after `ms` of the clock, with `code`. */
  const finish = async (code: number, ms = 150): Promise<void> => {
    await timers.advance(ms);
    await runs[runs.length - 1]!.end(code);
  };
  const of = (c: ContainerInfo): number => runs.filter((r) => r.argv.includes(c.id)).length;
  return {
    own,
    timers,
    runs,
    finish,
    of,
    followed,
    line: (c: ContainerInfo) => onLine(`${c.id}:${c.startedAt}`),
    listen: () => fs.writeFileSync(path.join(proc, '42', 'net', 'tcp'), LISTEN_5432),
    wakes: () => wakes,
    mostAtOnce: () => most,
  };
}

test('a container awaited by its healthcheck is run at once when first seen, with no pause', (t) => {
  const h = harness(t);
  assert.deepEqual(h.own.state(db(), true), { passed: false, confirmedUnhealthy: false });
  assert.equal(h.runs.length, 1);
  assert.deepEqual(h.runs[0], { ...h.runs[0], argv: ['docker', 'exec', ID, 'pg_isready'], at: 0 });
  h.own.state(db(), true); // the next look: still in flight, nothing more
  assert.equal(h.runs.length, 1);
});

test('not wanted (an endpoint that is only starting), healthy, or not running: no run', (t) => {
  const h = harness(t);
  h.own.state(db(), false);
  h.own.state(db({ id: 'e'.repeat(64), health: 'healthy' }), true);
  h.own.state(db({ id: 'f'.repeat(64), status: 'restarting' }), true);
  h.own.state(db({ id: '0'.repeat(64), healthTest: ['NONE'] }), true);
  assert.equal(h.runs.length, 0);
});

test('with no signal, the next run is a fallback pause after the last ended; a listening socket runs it at once', async (t) => {
  const h = harness(t);
  h.own.state(db(), true);
  await h.finish(1);
  await h.timers.advance(400);
  assert.equal(h.runs.length, 1, 'no fixed short pause: the fallback is at least 500 ms off');
  h.listen();
  await h.timers.advance(100); // the socket table is read every 100 ms
  assert.equal(h.runs.length, 2);
  assert.equal(h.runs[1]!.at, 600, 'at the first read of its socket table after it listened');
  await h.finish(1);
  await h.timers.advance(5000);
  assert.ok(h.runs.length >= 3, 'fallback runs go on while it fails');
  assert.equal(h.mostAtOnce(), 1);
});

test('a new kind of log line runs it at once; a line during a run asks for exactly one more, right after', async (t) => {
  const h = harness(t);
  h.own.state(db(), true);
  await h.finish(1);
  assert.ok(h.followed.has(`${ID}:1000`), 'its log is followed while it is awaited');
  await h.timers.advance(100);
  h.line(db());
  assert.deepEqual(
    h.runs.map((r) => r.at),
    [0, 250],
  );
  h.listen();
  await h.timers.advance(100); // a listening socket during the run
  assert.equal(h.runs.length, 2, 'one in flight at most');
  await h.finish(1, 50);
  assert.deepEqual(
    h.runs.map((r) => r.at),
    [0, 250, 400],
    'the one more comes the moment the run ends',
  );
});

test("a log line during a run that a log line asked for may be that run's own (a server logging the request): no more runs", async (t) => {
  const h = harness(t);
  h.own.state(db(), true);
  await h.finish(1);
  h.line(db()); // asks for a run
  assert.equal(h.runs.length, 2);
  h.line(db()); // the run's own request, logged
  await h.finish(1);
  await h.timers.advance(100);
  h.line(db()); // just after it
  assert.equal(h.runs.length, 2);
  await h.timers.advance(400);
  assert.equal(h.runs.length, 2, 'the next run is the fallback, not an echo');
});

test('a run that passes: the service passes, the wait is woken, and no run follows (no fallback, no signal) while it is not unhealthy', async (t) => {
  const h = harness(t);
  h.own.state(db(), true);
  await h.finish(0);
  assert.equal(h.wakes(), 1);
  assert.deepEqual(h.own.state(db(), true), { passed: true, confirmedUnhealthy: false });
  assert.equal(h.followed.size, 0, 'its log is no longer followed');
  h.listen();
  h.line(db());
  await h.timers.advance(60_000);
  assert.equal(h.runs.length, 1);
});

test('the engine says unhealthy after our run passed: one run to confirm; failing, it confirms', async (t) => {
  const h = harness(t);
  h.own.state(db(), true);
  await h.finish(0);
  await h.timers.advance(1000);
  assert.deepEqual(h.own.state(db({ health: 'unhealthy' }), true), { passed: true, confirmedUnhealthy: false });
  assert.equal(h.runs.length, 2, 'a run at once');
  await h.finish(1);
  assert.deepEqual(h.own.state(db({ health: 'unhealthy' }), true), { passed: false, confirmedUnhealthy: true });
});

test('a container that starts again is run at once, and what passed before its restart no longer counts', async (t) => {
  const h = harness(t);
  h.own.state(db(), true);
  await h.finish(0);
  h.own.look([db({ startedAt: 9000 })]);
  assert.deepEqual(h.own.state(db({ startedAt: 9000 }), true), { passed: false, confirmedUnhealthy: false });
  assert.equal(h.runs.length, 2);
  assert.equal(h.runs[1]!.at, 150);
});

test('another container turning healthy, or an endpoint answering, runs the pending checks at once (of every service, when depends_on is not known)', async (t) => {
  const h = harness(t);
  h.own.state(api(), true);
  await h.finish(1);
  h.own.look([api(), db({ health: 'starting' })]);
  assert.equal(h.of(api()), 1, 'nothing new');
  h.own.look([api(), db({ health: 'healthy' })]);
  assert.equal(h.of(api()), 2, 'db turned healthy: api may pass now');
  await h.finish(1);
  h.own.look([api(), db({ health: 'healthy' })]);
  assert.equal(h.of(api()), 2, 'still healthy is no news');
  h.own.nudge('backend');
  assert.equal(h.of(api()), 3);
});

test('with depends_on known, only the services that depend on the one that turned healthy run at once', async (t) => {
  const h = harness(t, new Map([['api', ['db']]]));
  const worker = api({ id: 'ef56'.repeat(16), service: 'worker' });
  h.own.state(api(), true);
  await h.finish(1);
  h.own.state(worker, true);
  await h.finish(1);
  h.own.look([api(), worker, db({ health: 'healthy' })]);
  assert.equal(h.of(api()), 2, 'api depends on db');
  assert.equal(h.of(worker), 1, 'worker does not');
  h.own.nudge('backend');
  assert.equal(h.of(api()), 2);
  assert.equal(h.of(worker), 1);
});

test('a run of ours that passes is news for the others too', async (t) => {
  const h = harness(t);
  h.own.state(api(), true);
  await h.finish(1);
  h.own.state(db(), true);
  assert.equal(h.of(db()), 1);
  await h.finish(0);
  assert.equal(h.of(api()), 2);
});

test('a container gone from the look, or no longer running, is run no more', async (t) => {
  const h = harness(t);
  h.own.state(db(), true);
  h.own.look([]);
  await h.finish(1);
  await h.timers.advance(60_000);
  assert.equal(h.runs.length, 1);
});
