/**
 * Retries with backoff within a deadline: pauses that double and are shaken, never more than a
 * quarter of what is left (so three tries fit however short the deadline), at most six tries; a
 * result not worth another try ends them, and so does the signal, during a pause.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pauseBefore, RETRY_POLICY, withRetries, type RetryPolicy } from '../../../src/images/retry.js';

const middle = (): number => 0.5; // no shake
describe('the pause before the next try', () => {
  const cases: Array<[failed: number, leftMs: number, random: number, pause: number | undefined]> = [
    [1, 120_000, 0.5, 2000],
    [2, 120_000, 0.5, 4000],
    [3, 120_000, 0.5, 8000],
    [5, 120_000, 0.5, 30_000], // 32 s, at most 30 s
    [5, 80_000, 0.5, 20_000], // a quarter of what is left
    [1, 120_000, 0, 1600], // shaken down by 20 %
    [1, 120_000, 0.999_999, 2400], // and up
    [1, 4000, 0.5, 1000], // a short deadline: the pause shrinks
    [1, 1200, 0.5, undefined], // no room left for a try after it
    [6, 120_000, 0.5, undefined], // six tries: no seventh
  ];
  for (const [failed, left, random, pause] of cases)
    test(`after ${failed} failed, ${left} ms left, shake ${random}: ${pause ?? 'none'}`, () => {
      assert.equal(
        pauseBefore(failed, left, RETRY_POLICY, () => random),
        pause,
      );
    });

  test('after a quick failed try, two more fit before any deadline of 5 s or more', () => {
    for (const total of [5000, 10_000, 30_000, 120_000, 600_000]) {
      let left = total;
      let tries = 1;
      for (
        let p = pauseBefore(1, left, RETRY_POLICY, middle);
        p !== undefined && tries < 3;
        p = pauseBefore(tries, left, RETRY_POLICY, middle)
      ) {
        left -= p;
        tries++;
      }
      assert.ok(tries >= 3, `${total} ms: ${tries} tries`);
    }
  });
});

describe('trying again', () => {
  const quick: RetryPolicy = { ...RETRY_POLICY, firstPauseMs: 5, maxPauseMs: 20 };
  const far = (): number => performance.now() + 60_000;

  test('until it works: how many tries it took', async () => {
    const answers = ['busy', 'busy', 'ok', 'never asked'];
    const r = await withRetries(
      async (n) => answers[n - 1]!,
      (a) => a === 'busy',
      { deadline: far(), policy: quick },
    );
    assert.deepEqual(r, { last: 'ok', tries: 3, stopped: false });
  });

  test('a failure not worth a try ends them at once', async () => {
    const r = await withRetries(
      async () => 'denied',
      (a) => a === 'busy',
      { deadline: far(), policy: quick },
    );
    assert.equal(r.tries, 1);
  });

  test('at most the policy says; each pause announced with the tries so far', async () => {
    const paused: number[] = [];
    const r = await withRetries(
      async () => 'busy',
      () => true,
      { deadline: far(), policy: quick, onPause: (_, tries) => paused.push(tries) },
    );
    assert.equal(r.tries, 6);
    assert.deepEqual(paused, [1, 2, 3, 4, 5]);
  });

  test('the signal stops a pause: no try follows', async () => {
    const stop = new AbortController();
    let asked = 0;
    const r = await withRetries(
      async () => {
        asked++;
        return 'busy';
      },
      () => true,
      { deadline: far(), policy: { ...RETRY_POLICY, firstPauseMs: 60_000 }, signal: stop.signal, onPause: () => stop.abort() },
    );
    assert.deepEqual({ tries: r.tries, stopped: r.stopped, asked }, { tries: 1, stopped: true, asked: 1 });
  });
});
