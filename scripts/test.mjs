// Run the test suite with node's own test runner (TypeScript through tsx).
// `npm test` runs everything; `npm test -- unit` or `-- e2e` runs one part.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'all';

function find(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'fixtures' && e.name !== 'node_modules') out.push(...find(p));
    else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

let files = find(path.join(root, '__tests__')).sort();
if (which === 'unit') files = files.filter((f) => !f.startsWith(path.join('__tests__', 'e2e')));
else if (which === 'e2e') files = files.filter((f) => f.startsWith(path.join('__tests__', 'e2e')));
else if (which !== 'all') files = files.filter((f) => f.includes(which));
if (files.length === 0) {
  console.error(`no test files match '${which}'`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
