/**
 * A function fits on one screen: none in src/ is longer than 80 lines (a longer one is two
 * functions, each with a name saying what it does). Read with TypeScript's own parser: function
 * declarations, methods, constructors, function expressions and arrow functions, nested ones too.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
export const MAX_LINES = 80;

function nameOf(n: ts.Node): string {
  if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name) return n.name.getText();
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  const p = n.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p))) return p.name.getText();
  return '(anonymous)';
}

/** Every function of `text` longer than `max` lines, as `file:line name (N lines)`. Pure. */
export function longFunctions(file: string, text: string, max = MAX_LINES): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const first = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const lines = sf.getLineAndCharacterOfPosition(n.getEnd()).line - first + 1;
      if (lines > max) out.push(`${file}:${first + 1} ${nameOf(n)} (${lines} lines)`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

test('the finder sees a long arrow function inside a short one, and not the short ones', () => {
  const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const a${i} = ${i};`).join('\n');
  const text = `export function outer() {\n  const inner = () => {\n${body(5)}\n  };\n  return inner;\n}\nclass C { m() {\n${body(3)}\n} }\n`;
  assert.deepEqual(longFunctions('x.ts', text, 6).sort(), ['x.ts:1 outer (10 lines)', 'x.ts:2 inner (7 lines)']);
  assert.deepEqual(longFunctions('x.ts', text, 10), []);
});

test(`no function in src/ is longer than ${MAX_LINES} lines`, () => {
  const long: string[] = [];
  let files = 0;
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        files += 1;
        long.push(...longFunctions(path.relative(SRC, p), fs.readFileSync(p, 'utf8')));
      }
    }
  };
  walk(SRC);
  assert.ok(files > 100, `read ${files} files`);
  assert.deepEqual(long, []);
});
