import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { definiteAnswer, judgeAnswer, statusMatches } from '../../../../src/readiness/checks/http.js';

describe('HTTP answers', () => {
  const cases: Array<[number | undefined, number | '2xx' | '4xx', boolean]> = [
    [200, '2xx', true],
    [204, '2xx', true],
    [301, '2xx', false],
    [200, 200, true],
    [204, 200, false],
    [404, 404, true],
    [404, '4xx', true],
    [undefined, '2xx', false],
  ];
  for (const [status, spec, expected] of cases)
    test(`${status} against ${spec}: ${expected}`, () => assert.equal(statusMatches(status, spec), expected));

  test('judgeAnswer: the check decides what a yes is', () => {
    const answer = (cls: 'ok' | 'http-status' | 'refused', status?: number) => ({ kind: 'http' as const, class: cls, status, detail: 'd' });
    assert.equal(judgeAnswer(answer('ok', 200)).state, 'pass');
    assert.equal(judgeAnswer(answer('ok', 204), 200).state, 'wait');
    assert.equal(judgeAnswer(answer('http-status', 404), 404).state, 'pass');
    assert.match(judgeAnswer(answer('http-status', 503)).why, /answered HTTP 503, not 2xx/);
    assert.equal(judgeAnswer(answer('refused')).state, 'wait');
    assert.equal(judgeAnswer({ kind: 'websocket', class: 'ok', status: 101, detail: '' }).state, 'pass');
  });

  test('definiteAnswer: a 4xx other than the one asked for', () => {
    assert.equal(definiteAnswer({ class: 'http-status', status: 404 }), true);
    assert.equal(definiteAnswer({ class: 'http-status', status: 404 }, 404), false);
    assert.equal(definiteAnswer({ class: 'http-status', status: 429 }), false);
    assert.equal(definiteAnswer({ class: 'http-status', status: 503 }), false);
  });
});
