/**
 * The house's imports: no module of src/ reaches itself again through its imports (type-only
 * imports count: a circle of shapes is a circle a reader walks all the same). The layer order
 * (issue 27) will be guarded here too.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every module of src/ and the modules of src/ it imports (static, re-exports and dynamic). */
export function importGraph(root = SRC): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        const specs = [...text.matchAll(/^(?:import|export)\b[^'"]*?\bfrom\s+'(\.[^']+)'|\bimport\('(\.[^']+)'\)/gm)].map(
          (m) => (m[1] ?? m[2])!,
        );
        graph.set(
          path.relative(root, p),
          specs.map((s) => path.relative(root, path.resolve(path.dirname(p), s.replace(/\.js$/, '.ts')))),
        );
      }
    }
  };
  walk(root);
  return graph;
}

/** The circles of a graph: its strongly connected parts of more than one module (Tarjan). Pure. */
export function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      part.push(w);
    } while (w !== v);
    if (part.length > 1) out.push(part.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

test('the circle finder finds a circle, and only one', () => {
  const g = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts', 'd.ts']],
    ['d.ts', []],
  ]);
  assert.deepEqual(circles(g), [['a.ts', 'b.ts', 'c.ts']]);
  g.set('c.ts', ['d.ts']);
  assert.deepEqual(circles(g), []);
});

test('src/ has no import circle', () => {
  const graph = importGraph();
  assert.ok(graph.size > 100, `read ${graph.size} modules`);
  assert.ok(graph.get('main.ts')!.includes('docker-path.ts'), 'imports are read');
  assert.deepEqual(circles(graph), []);
});
