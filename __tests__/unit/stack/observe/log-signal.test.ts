/** stack/observe/log-signal.ts: which log lines are news for a healthcheck, and which only repeat a request. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logShape } from '../../../../src/stack/observe/log-signal.js';

test('the lines a server writes for each request to its health path are one shape, whatever their times, ids and statuses', () => {
  const same = (a: string, b: string): void => assert.equal(logShape(a), logShape(b), `${a} ≡ ${b}`);
  same('api GET /health -> 503', 'api GET /health -> 200');
  same(
    '172.18.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /health HTTP/1.1" 200 612 "-" "Wget"',
    '172.18.0.1 - - [10/Oct/2024:13:55:37 +0000] "GET /health HTTP/1.1" 503 19 "-" "Wget"',
  );
  same(
    '2024-10-10 13:55:36.123 INFO [app,6f1b2c3d4e5f6a7b,0a1b2c3d4e5f6a7b] GET /actuator/health',
    '2024-10-10 13:55:37.456 INFO [app,1234abcd5678ef90,ffee0011ddcc2233] GET /actuator/health',
  );
  same('request 3f2c1e9a-8b7d-4c6e-9f1a-2b3c4d5e6f70 done in 4ms', 'request 0e1d2c3b-4a59-4687-a7b6-c5d4e3f2a1b0 done in 12ms');
  same('\x1b[32mINFO\x1b[0m  health ok', 'INFO health ok');
});

test('a line that says something new is another shape', () => {
  const shapes = new Set(
    [
      'LOG:  database system is ready to accept connections',
      'LOG:  database system was shut down at 2024-10-10 13:55:36 UTC',
      'api GET /health -> 503',
      'api listening on 0.0.0.0:8000',
      'Started Application in 4.2 seconds',
    ].map(logShape),
  );
  assert.equal(shapes.size, 5);
  assert.notEqual(logShape('deadbeef is a word here'), logShape('cafebabe is a word here'), 'hex-looking words without a digit stay');
});
