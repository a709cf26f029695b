/** The shared waits: `sleep` pauses at least what it is asked; `until` resolves once its condition holds, or fails naming what it awaited. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep, until } from './time.js';

test('sleep: resolves, no sooner than asked (a lower bound only)', async () => {
  const t0 = performance.now();
  await sleep(50);
  // Timers may fire up to a millisecond early against performance.now().
  assert.ok(performance.now() - t0 >= 49, `${performance.now() - t0} ms`);
});

test('until: asks at once, then again until the condition holds; a promise is awaited', async () => {
  let asked = 0;
  await until(() => ++asked >= 3, { what: 'the third ask', intervalMs: 1 });
  assert.equal(asked, 3);
  let flag = false;
  setTimeout(() => (flag = true), 10);
  await until(async () => flag, { what: 'the flag' });
  assert.equal(flag, true);
});

test('until: a condition that never holds fails, naming what was awaited', async () => {
  await assert.rejects(
    until(() => false, { what: 'the moon to turn blue', timeoutMs: 30, intervalMs: 5 }),
    /the moon to turn blue/,
  );
});

test('until: an error thrown by the condition is the failure', async () => {
  await assert.rejects(
    until(
      () => {
        throw new Error('the tunnel exited');
      },
      { what: 'the tunnel' },
    ),
    /the tunnel exited/,
  );
});
