/**
 * A bounded walk of the files under a folder, for "it exists over there" hints. Skips folders that
 * never hold a project's own compose files or Dockerfiles, and stops after a fixed depth and count
 * so a huge workspace cannot stall the action.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { byText } from '../order.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'vendor']);

export function* workspaceFiles(root: string, maxDepth = 6, maxEntries = 20_000): Generator<string> {
  let seen = 0;
  const stack: Array<[string, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [dir, depth] = stack.pop() as [string, number];
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => byText(a.name, b.name));
    } catch {
      continue;
    }
    const subdirs: Array<[string, number]> = [];
    for (const e of entries) {
      if (++seen > maxEntries) return;
      const p = path.join(dir, e.name);
      if (e.isFile()) yield p;
      else if (e.isDirectory() && !SKIP_DIRS.has(e.name) && depth < maxDepth) subdirs.push([p, depth + 1]);
    }
    stack.push(...subdirs.reverse());
  }
}
