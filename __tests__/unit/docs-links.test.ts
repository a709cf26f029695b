/**
 * The README and the pages of docs/ link to each other and into the repository: every relative link
 * must reach a file or folder that exists, and an anchor into a Markdown file (or into the page
 * itself) must name one of its headings, spelled as GitHub spells heading anchors. Links to other
 * sites (http:, https:, mailto:) are not followed. Text in code (fenced blocks, `spans`) is no link.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../harness/runner.js';
import { markdownFiles } from '../support/workflow-check.js';

/** The pages checked: those whose YAML blocks the workflow check reads (README.md, the READMEs of examples/, docs/*.md). */
const pages = (): string[] => markdownFiles();

/** The text with fenced code blocks and code spans blanked (lines kept, so line numbers hold). */
function withoutCode(text: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^\s*(```+|~~~+)/.exec(line);
    if (fence) {
      if (m && m[1]!.startsWith(fence)) fence = null;
      out.push('');
    } else if (m) {
      fence = m[1]!;
      out.push('');
    } else out.push(line);
  }
  // Code spans may run over a line end (Markdown allows it): blank them across the whole text.
  return out.join('\n').replace(/(`+)[\s\S]*?\1/g, (s) => s.replace(/[^\n]/g, ' '));
}

interface Link {
  line: number;
  target: string;
}

/** Inline links and images `[text](target)` / `[text](target "title")`, and reference definitions `[x]: target`. */
function links(text: string): Link[] {
  const found: Link[] = [];
  withoutCode(text)
    .split('\n')
    .forEach((line, i) => {
      for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ line: i + 1, target: m[1]! });
      const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line);
      if (def) found.push({ line: i + 1, target: def[1]! });
    });
  return found;
}

/** GitHub's anchor of a heading: its text without markup, lower-cased, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link: its text
    .replace(/[`*]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's ATX headings, repeated headings numbered as GitHub numbers them (-1, -2, …). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of withoutCode(text).split('\n')) {
    const m = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** What is wrong with each relative link of `file` (relative to `root`): nothing, when all resolve. */
function brokenLinks(file: string, root = REPO_ROOT): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const problems: string[] = [];
  for (const { line, target } of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // another site, or mail
    const [rawPath, anchor] = target.split('#', 2) as [string, string | undefined];
    const where = `${file}:${line}: ${target}`;
    const resolved =
      rawPath === '' ? path.join(root, file) : path.resolve(path.dirname(path.join(root, file)), decodeURIComponent(rawPath));
    if (path.relative(root, resolved).startsWith('..')) {
      problems.push(`${where} leaves the repository`);
      continue;
    }
    if (!fs.existsSync(resolved)) {
      problems.push(`${where}: no such file or folder`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!/\.md$/i.test(resolved) || !fs.statSync(resolved).isFile()) continue; // anchors into code are GitHub's line marks: not checked
    if (!anchors(fs.readFileSync(resolved, 'utf8')).has(anchor))
      problems.push(`${where}: ${path.relative(root, resolved)} has no heading whose anchor is #${anchor}`);
  }
  return problems;
}

test('every relative link of the README and of docs/ reaches a file, and every anchor a heading', () => {
  const files = pages();
  assert.ok(files.includes('README.md') && files.some((f) => f.startsWith('docs/')), `pages found: ${files.join(', ')}`);
  let checked = 0;
  const problems: string[] = [];
  for (const file of files) {
    checked += links(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')).length;
    problems.push(...brokenLinks(file));
  }
  assert.deepEqual(problems, []);
  assert.ok(checked >= 20, `only ${checked} link(s) found: is the link reader broken?`);
});

test('every page of docs/ is linked from the README', () => {
  const readme = links(fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).map((l) => l.target.split('#')[0]);
  const unlinked = pages()
    .filter((f) => f.startsWith('docs/'))
    .filter((f) => !readme.includes(f));
  assert.deepEqual(unlinked, []);
});

describe('the link check itself', () => {
  test('slug: as GitHub spells heading anchors', () => {
    assert.equal(slug('When is a service ready?'), 'when-is-a-service-ready');
    assert.equal(slug('Built images: the build key'), 'built-images-the-build-key');
    assert.equal(slug("Pulls that survive a registry's bad minute"), 'pulls-that-survive-a-registrys-bad-minute');
    assert.equal(slug('Environment for later steps (with `export-env`)'), 'environment-for-later-steps-with-export-env');
    assert.equal(
      slug("Running the action from `src/` with GitHub's local runner"),
      'running-the-action-from-src-with-githubs-local-runner',
    );
    assert.equal(slug('Security: outside text and secrets'), 'security-outside-text-and-secrets');
    assert.equal(slug('A failed stack: decide, then remove'), 'a-failed-stack-decide-then-remove');
  });

  test('anchors: repeated headings numbered; headings in code are none', () => {
    const a = anchors('# Top\n\n## Logs\n\n```sh\n# not a heading\n```\n\n### Logs\n');
    assert.deepEqual([...a], ['top', 'logs', 'logs-1']);
  });

  test('links: inline, with a title, images and definitions; none in code', () => {
    const text = [
      'See [a](docs/a.md) and ![b](img/b.png "B").',
      '`[not](a-link.md)` and',
      '```md',
      '[nor](this.md)',
      '```',
      '[ref]: ../up.md',
      '[c](#here) [d](https://example.com/x)',
    ].join('\n');
    assert.deepEqual(links(text), [
      { line: 1, target: 'docs/a.md' },
      { line: 1, target: 'img/b.png' },
      { line: 6, target: '../up.md' },
      { line: 7, target: '#here' },
      { line: 7, target: 'https://example.com/x' },
    ]);
  });

  test('brokenLinks: a missing file, a missing anchor, a path out of the repository; not a good link or another site', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-links-'));
    try {
      fs.mkdirSync(path.join(root, 'docs'));
      fs.writeFileSync(path.join(root, 'docs/a.md'), '# A\n\n## Part two\n');
      fs.writeFileSync(
        path.join(root, 'README.md'),
        [
          '# R',
          '[ok](docs/a.md) [ok](docs/a.md#part-two) [ok](docs) [ok](#r) [ok](https://nowhere.invalid/x.md)',
          '[gone](docs/b.md)',
          '[no anchor](docs/a.md#part-three)',
          '[own](#nothing)',
          '[out](../elsewhere.md)',
        ].join('\n'),
      );
      assert.deepEqual(brokenLinks('README.md', root), [
        'README.md:3: docs/b.md: no such file or folder',
        'README.md:4: docs/a.md#part-three: docs/a.md has no heading whose anchor is #part-three',
        'README.md:5: #nothing: README.md has no heading whose anchor is #nothing',
        'README.md:6: ../elsewhere.md leaves the repository',
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
