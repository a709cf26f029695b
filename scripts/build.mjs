// Bundle each entry point with ncc into dist/<entry>/index.js (committed: the runner executes it).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const entries = ['main', 'post', 'remove', 'cache'];

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
for (const entry of entries) {
  execFileSync(
    process.execPath,
    [ncc, 'build', `src/entries/${entry}.ts`, '-o', `dist/${entry}`, '--target', 'es2022', '--license', 'licenses.txt', '--quiet'],
    { cwd: root, stdio: 'inherit' },
  );
}
