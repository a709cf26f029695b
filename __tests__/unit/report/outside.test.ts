/**
 * Outside text on its way to a log line (outsideLine), cut into lines as it streams in
 * (LineSplitter; exec's onLine in exec.test.ts), and cut to a size (clean).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clean, LineSplitter, MAX_LINE, outsideLine } from '../../../src/report/outside.js';

describe('outsideLine', () => {
  const cases: Array<[string, string, string]> = [
    ['plain text is kept', ' Container alpine-test-backend  Started', ' Container alpine-test-backend  Started'],
    ['colours are dropped', '\u001b[32mdone\u001b[0m \u001b[1A\u001b[2K#5 DONE', 'done #5 DONE'],
    ['an OSC link keeps its text only', '\u001b]8;;https://x\u0007docs\u001b]8;;\u0007', 'docs'],
    ['a TAB is shown escaped', 'pg:\tstatus\tstarting', 'pg:\\tstatus\\tstarting'],
    ['a lone CR cannot start a line the runner would read', 'ok\r::error::pwned', 'ok\\r::error::pwned'],
    ['a command at the start of a line is escaped', '::error::pwned', '\\::error::pwned'],
    ['after spaces too (the runner trims)', '   ::add-mask::x', '   \\::add-mask::x'],
    ['a legacy command anywhere is escaped', 'step 3 ##[stop-commands]', 'step 3 ##\\[stop-commands]'],
    ['NUL, DEL, C1 and the Unicode separators are escaped', 'a\u0000b\u007fc\u0085d\u2028e', 'a\\x00b\\x7fc\\x85d\\u2028e'],
  ];
  for (const [what, input, want] of cases) test(what, () => assert.equal(outsideLine(input), want));

  test('a very long line is cut, saying how much was left out', () => {
    const out = outsideLine('x'.repeat(MAX_LINE + 500));
    assert.equal(out, `${'x'.repeat(MAX_LINE)}… (500 more characters)`);
  });
});

describe('LineSplitter', () => {
  const split = (chunks: string[]): string[] => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    for (const c of chunks) s.push(c);
    s.end();
    return lines;
  };

  test('CR LF split across chunks is one line end, not two', () => {
    assert.deepEqual(split(['a\r', '\nb\r\n', 'c']), ['a', 'b', 'c']);
  });

  test('a lone CR ends a line (a progress redraw), LF and CR LF too', () => {
    assert.deepEqual(split(['1/3\r2/3\r3/3\ndone\r\n']), ['1/3', '2/3', '3/3', 'done']);
  });

  test('a line cut across chunks is handed on whole; what is left at the end too', () => {
    assert.deepEqual(split(['Buil', 'ding backend\nStart', 'ed']), ['Building backend', 'Started']);
  });

  test('a stream that never ends a line is handed on in pieces', () => {
    const lines = split(['y'.repeat(40_000), 'y'.repeat(40_000)]);
    assert.deepEqual(
      lines.map((l) => l.length),
      [80_000],
    );
    const more = split(['z'.repeat(70_000), 'z'.repeat(10)]);
    assert.deepEqual(
      more.map((l) => l.length),
      [70_000, 10],
    );
  });
});

describe('summary: size cap', () => {
  test('clean keeps whole code points at the cut', () => {
    const s = clean('😀'.repeat(10_000), 101);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s), 'no lone surrogate');
    assert.match(s, /characters cut/);
  });
});
