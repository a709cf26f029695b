import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LogMatch } from '../../../../src/readiness/checks/log.js';

describe('LogMatch', () => {
  test('the first matching line passes, colour codes aside', () => {
    const m = new LogMatch('ready to accept connections');
    assert.equal(m.line('starting'), false);
    assert.equal(m.state().state, 'wait');
    assert.equal(m.line('\u001b[32mLOG:  database system is ready to accept connections\u001b[0m'), true);
    assert.equal(m.state().state, 'pass');
    assert.equal(m.line('ready to accept connections'), false, 'only the first match counts');
  });
  test('a regular expression', () => {
    const m = new LogMatch('^worker \\d+ up$');
    assert.equal(m.line('worker x up'), false);
    assert.equal(m.line('worker 12 up'), true);
  });
});
