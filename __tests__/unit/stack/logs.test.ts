/** The log tails of a failed service (src/stack/logs.ts), merged in time order. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeTimestamped } from '../../../src/stack/logs.js';

describe('mergeTimestamped', () => {
  test('stdout and stderr (and replicas) in time order, trailing zeros of the nanoseconds put back, the last N', () => {
    const stdout = ['2026-11-22T00:14:36.1Z listening', '2026-11-22T00:14:37.25Z GET /health -> 503', ''].join('\n');
    const stderr = ['2026-11-22T00:14:36.10000001Z warn: slow start', '2026-11-22T00:14:38Z exiting with code 1'].join('\n');
    assert.deepEqual(mergeTimestamped([stdout, stderr], 10), [
      '2026-11-22T00:14:36.1Z listening',
      '2026-11-22T00:14:36.10000001Z warn: slow start',
      '2026-11-22T00:14:37.25Z GET /health -> 503',
      '2026-11-22T00:14:38Z exiting with code 1',
    ]);
    assert.deepEqual(mergeTimestamped([stdout, stderr], 2), [
      '2026-11-22T00:14:37.25Z GET /health -> 503',
      '2026-11-22T00:14:38Z exiting with code 1',
    ]);
  });

  test('a line without a timestamp stays after the line before it; CR LF endings', () => {
    const out = '2026-11-22T00:00:01Z Error: boom\r\n    at main (app.js:1)\r\n2026-11-22T00:00:03Z bye\r\n';
    const err = '2026-11-22T00:00:02Z stderr line\n';
    assert.deepEqual(mergeTimestamped([out, err], 10), [
      '2026-11-22T00:00:01Z Error: boom',
      '    at main (app.js:1)',
      '2026-11-22T00:00:02Z stderr line',
      '2026-11-22T00:00:03Z bye',
    ]);
  });
});
