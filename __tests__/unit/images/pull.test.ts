/** What a failed pull said (src/images/pull.ts: daemonWords): the daemon's own words. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daemonWords } from '../../../src/images/pull.js';

test("the daemon's words, without the command and the daemon's prefix", () => {
  assert.equal(
    daemonWords('docker pull --quiet: exit code 1: Error response from daemon: toomanyrequests: limit reached'),
    'toomanyrequests: limit reached',
  );
  assert.equal(daemonWords('docker pull --quiet: timed out after 3 s'), 'docker pull --quiet: timed out after 3 s');
});
