/**
 * The browser test's eyes, shown what they must see: Markdown a renderer left as text, markup
 * GitHub's sanitiser strips, a diagram Mermaid cannot draw, repeated axis labels, and a box wider
 * than the column (and a wide table that scrolls inside itself, which is fine).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openBrowser, requireChromium, type Browser } from './browser.js';
import { showSummaries } from './gfm-page.js';
import { diagrams, foreignMarkup, openAllDetails, overflows, unrenderedMarkdown } from './page-checks.js';

let browser: Browser | undefined;
after(() => browser?.close());
const page = async () => (browser ??= await openBrowser()).page(1280, 900);

const gantt = (axis: string, bars: string[]): string =>
  ['```mermaid', 'gantt', '    dateFormat x', `    axisFormat ${axis}`, '    section S', ...bars, '```', ''].join('\n');

describe('page checks', () => {
  test('Markdown left as text: a table swallowed by an HTML block, a double-escaped entity, a visible backslash', async (t) => {
    if (!requireChromium(t)) return;
    const p = await page();
    const md =
      '<details><summary>x</summary>\n| a | b |\n|---|---|\n| 1 | 2 |\n</details>\n\n<code>&amp;#124;</code> `a\\*b`\n\n**fine** and `code`\n';
    await showSummaries(p, [md]);
    await openAllDetails(p);
    const found = (await unrenderedMarkdown(p)).map((f) => f.split(':')[0]);
    assert.deepEqual(
      new Set(found),
      new Set(['a table delimiter row', 'a table row as text', 'an HTML entity as text', 'a backslash escape']),
    );
    await showSummaries(p, [
      '| a | b |\n|---|--:|\n| **x** | [l](https://example.com) |\n\n<details><summary>s</summary>\n\n`y`\n\n</details>\n',
    ]);
    await openAllDetails(p);
    assert.deepEqual(await unrenderedMarkdown(p), []);
  });

  test("markup GitHub's sanitiser strips", async (t) => {
    if (!requireChromium(t)) return;
    const p = await page();
    await showSummaries(p, ['<span style="color: red">x</span> <font>y</font> <b title="t">z</b>\n']);
    assert.deepEqual(await foreignMarkup(p), ['<span style="color: red">', '<font>']);
  });

  test('a gantt Mermaid cannot draw, one with repeated axis labels, one drawn well', async (t) => {
    if (!requireChromium(t)) return;
    const p = await page();
    await showSummaries(p, [
      gantt('%M', ['    a - x :crit, 1000, 5000', '    b :done, 1000, 3000']),
      '```mermaid\ngantt\n    oops : : :\n```\n',
    ]);
    const d = await diagrams(p);
    assert.equal(d.gantts, 1);
    assert.equal(d.errors.length, 1, JSON.stringify(d));
    assert.match(d.errors[0]!, /Syntax error in text/);
    assert.deepEqual(
      d.bars.map((b) => [b.label, /\bcrit\d/.test(b.classes)]),
      [
        ['a - x', true],
        ['b', false],
      ],
    );
    assert.match(d.clashes.join('\n'), /the time axis repeats its labels/);
    await showSummaries(p, [gantt('%M:%S.%L', ['    a - x :crit, 1000, 5000', '    b :done, 1000, 3000'])]);
    assert.deepEqual((await diagrams(p)).clashes, []);
  });

  test('a box wider than the column overflows; a wide table scrolls inside itself', async (t) => {
    if (!requireChromium(t)) return;
    const p = await page();
    await showSummaries(p, [`| a |\n|---|\n| ${'<code>x</code>'.repeat(400)} |\n`]);
    const fine = await overflows(p);
    assert.deepEqual(fine.wider, []);
    assert.match(fine.scrolling.join('\n'), /^<table>/);
    assert.ok(fine.page.scrollWidth <= fine.page.clientWidth);
    await p.$eval('.markdown-body', (b) => b.insertAdjacentHTML('beforeend', '<div style="width: 1400px">wide</div>'));
    const bad = await overflows(p);
    assert.equal(bad.wider.length, 1, JSON.stringify(bad));
    assert.ok(bad.page.scrollWidth > bad.page.clientWidth);
  });
});
