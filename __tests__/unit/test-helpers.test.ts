/**
 * The tests' own house: each shared helper (`sleep`, `until`, `freePort`, `alive`, `tempDir`) is
 * written once, in __tests__/support/, and used from there; a second copy anywhere in __tests__/
 * fails here.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const TESTS = fileURLToPath(new URL('../', import.meta.url));
const HELPERS = ['sleep', 'until', 'freePort', 'alive', 'tempDir'] as const;

/** Every TypeScript file under __tests__/ (fixtures left out), relative to it. */
function testFiles(dir = TESTS): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'fixtures') out.push(...testFiles(p));
    else if (e.isFile() && /\.m?ts$/.test(e.name)) out.push(path.relative(TESTS, p));
  }
  return out;
}

/** Where `text` defines `name` (a function, or a const/let/var given a value), by line number. */
export function definitions(text: string, name: string): number[] {
  const def = new RegExp(`^\\s*(?:export\\s+)?(?:(?:async\\s+)?function\\s*\\*?\\s*${name}\\s*[<(]|(?:const|let|var)\\s+${name}\\s*[:=])`);
  return text.split('\n').flatMap((line, i) => (def.test(line) ? [i + 1] : []));
}

test('definitions: a function, an async function, an arrow const, exported or not; a call or an import is no definition', () => {
  const name = 'sleep';
  const text = [
    `function ${name}(ms: number) {}`,
    `  async function ${name}(ms) {}`,
    `export const ${name} = (ms: number) => 0;`,
    `let ${name}: (ms: number) => void;`,
    `await ${name}(10);`,
    `import { ${name} } from './time.js';`,
    `const ${name}ing = 1;`,
  ].join('\n');
  assert.deepEqual(definitions(text, name), [1, 2, 3, 4]);
});

test('each shared helper is defined once, in __tests__/support/, and nowhere else in __tests__/', () => {
  const files = testFiles();
  assert.ok(files.includes(path.join('support', 'time.ts')), 'the walk finds __tests__/support/time.ts');
  for (const name of HELPERS) {
    const where = files.flatMap((f) => definitions(fs.readFileSync(path.join(TESTS, f), 'utf8'), name).map((line) => `${f}:${line}`));
    const outside = where.filter((w) => !w.startsWith(`support${path.sep}`));
    assert.deepEqual(outside, [], `${name} is written outside __tests__/support/: import it from there`);
    assert.equal(where.length, 1, `${name} is written once in __tests__/support/ (found: ${where.join(', ') || 'none'})`);
  }
});
