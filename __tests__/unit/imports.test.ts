/**
 * The house's imports: no module of src/ reaches itself again through its imports (type-only
 * imports count: a circle of shapes is a circle a reader walks all the same), and none imports
 * from a layer below its own, in the order docs/layers.md writes down (read from there).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const LAYERS_DOC = fileURLToPath(new URL('../../docs/layers.md', import.meta.url));

export interface Layer {
  name: string;
  patterns: RegExp[];
}

/** `dir/` a folder (anything under it), `*` any name within one folder, else the path itself. */
function patternOf(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${body}${glob.endsWith('/') ? '' : '$'}`);
}

/** The layers as docs/layers.md's table gives them, top (imported by all) first. */
export function readLayers(markdown: string): Layer[] {
  const rows = markdown.split('\n').filter((l) => /^\| [a-z]/.test(l) && !l.startsWith('| Layer'));
  return rows.map((row) => {
    const [, name = '', modules = ''] = row.split('|').map((c) => c.trim());
    return { name, patterns: [...modules.matchAll(/`([^`]+)`/g)].map((m) => patternOf(m[1]!)) };
  });
}

/** The index of the first layer whose pattern matches `module`; -1 when none does. */
export function layerOf(layers: Layer[], module: string): number {
  return layers.findIndex((l) => l.patterns.some((p) => p.test(module)));
}

/** Imports from a module to one in a lower layer (a higher index), and modules in no layer. Pure. */
export function upward(graph: Map<string, string[]>, layers: Layer[]): { arrows: string[]; unplaced: string[] } {
  const arrows: string[] = [];
  const unplaced = [...graph.keys()].filter((m) => layerOf(layers, m) < 0);
  for (const [from, tos] of graph) {
    const a = layerOf(layers, from);
    for (const to of tos) {
      const b = layerOf(layers, to);
      if (a >= 0 && b > a) arrows.push(`${from} (${layers[a]!.name}) imports ${to} (${layers[b]!.name})`);
    }
  }
  return { arrows, unplaced };
}

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

test('the layer reader: folders, names within a folder, the first row that matches', () => {
  const layers = readLayers(
    [
      '| Layer | Modules | What |',
      '|---|---|---|',
      '| shapes | `*/types.ts`, `order.ts` | x |',
      '| stack | `stack/` | y |',
      '| steps | `main.ts` | z |',
    ].join('\n'),
  );
  assert.deepEqual(
    layers.map((l) => l.name),
    ['shapes', 'stack', 'steps'],
  );
  assert.equal(layerOf(layers, 'stack/types.ts'), 0);
  assert.equal(layerOf(layers, 'stack/observe/logs.ts'), 1);
  assert.equal(layerOf(layers, 'stack/observe/types.ts'), 1, '* stays within one folder');
  assert.equal(layerOf(layers, 'orderXts'), -1, 'a dot is a dot');
  const graph = new Map([
    ['main.ts', ['stack/wait.ts']],
    ['stack/wait.ts', ['order.ts', 'main.ts']],
    ['odd.ts', []],
  ]);
  assert.deepEqual(upward(graph, layers), { arrows: ['stack/wait.ts (stack) imports main.ts (steps)'], unplaced: ['odd.ts'] });
});

test('src/ imports only from its own layer or the layers above it (docs/layers.md), and every module has a layer', () => {
  const layers = readLayers(fs.readFileSync(LAYERS_DOC, 'utf8'));
  assert.ok(layers.length >= 10, `read ${layers.length} layers`);
  assert.deepEqual(upward(importGraph(), layers), { arrows: [], unplaced: [] });
});
