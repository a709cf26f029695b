// Bundle each entry point with ncc into dist/<entry>/index.js (committed: the runner executes it).
// The entries are bundled side by side (about 15 s each) into a folder beside dist/, which replaces
// dist/ only once every entry is built: a failed or interrupted build leaves the committed dist/ as
// it was, never half of it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const entries = ['main', 'post', 'background', 'cache'];
const dist = path.join(root, 'dist');
const staging = path.join(root, `.dist-build-${process.pid}`);

/** One entry bundled into staging/<entry>; rejects with ncc's exit code or signal. */
function bundle(entry) {
  const argv = [ncc, 'build', `src/entries/${entry}.ts`, '-o', path.join(staging, entry)];
  argv.push('--target', 'es2022', '--license', 'licenses.txt', '--quiet');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`ncc failed on src/entries/${entry}.ts (${signal ?? `exit code ${code}`})`)),
    );
  });
}

/** Every entry, at most one per core at a time. */
async function bundleAll() {
  const queue = [...entries];
  const lane = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) await bundle(entry);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(os.availableParallelism(), entries.length)) }, lane));
}

// What an interrupted build left (its own pid in the name).
for (const name of fs.readdirSync(root))
  if (name.startsWith('.dist-build-')) fs.rmSync(path.join(root, name), { recursive: true, force: true });
try {
  await bundleAll();
  fs.rmSync(dist, { recursive: true, force: true });
  fs.renameSync(staging, dist);
} catch (err) {
  fs.rmSync(staging, { recursive: true, force: true });
  console.error(`build: ${err instanceof Error ? err.message : String(err)}; dist/ left as it was`);
  process.exit(1);
}
