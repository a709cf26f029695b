/**
 * stack/observe/own-health-cadence.ts: the fallback pause between the action's own healthcheck
 * runs when no signal comes. Figures only: no clock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CEILING_MS, fallbackPauseMs, FLOOR_MS, SPREAD } from '../../../../src/stack/observe/own-health-cadence.js';

test('one container with a quick run: the floor; a slower run, or more containers pending, a longer pause, up to the ceiling', () => {
  assert.equal(fallbackPauseMs(50, 1), FLOOR_MS);
  assert.equal(fallbackPauseMs(250, 1), SPREAD * 250);
  assert.equal(fallbackPauseMs(100, 3), SPREAD * 3 * 100);
  assert.equal(fallbackPauseMs(150, 8), CEILING_MS, 'a check on time alone is still noticed soon');
  assert.equal(fallbackPauseMs(3000, 1), CEILING_MS, 'an overloaded machine');
  assert.equal(fallbackPauseMs(0, 0), FLOOR_MS, 'never a busy loop');
});

test('below the ceiling, the fallback runs of all pending containers keep at most 1/SPREAD of one exec in flight', () => {
  for (const runMs of [20, 50, 100, 150, 250])
    for (const pending of [1, 2, 3, 8]) {
      const pause = fallbackPauseMs(runMs, pending)!;
      if (pause === CEILING_MS) continue;
      const inFlight = (pending * runMs) / (runMs + pause);
      assert.ok(inFlight <= 1 / SPREAD, `${pending} × ${runMs} ms runs, ${pause} ms apart: ${inFlight.toFixed(3)} in flight`);
    }
});
