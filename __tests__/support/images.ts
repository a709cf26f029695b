/**
 * Local Docker images for tests, built without any registry: a root file
 * system is streamed as a tar archive into `docker import`.
 *
 * - `cos-test/busybox:<hash>`: /bin/busybox plus a symlink per applet
 *   (sh, wget, nc, sleep, cat, echo, httpd, true, false, ...), /tmp,
 *   minimal /etc/passwd and /etc/group. CMD ["/bin/sh"].
 * - `cos-test/node-app:<hash>`: /usr/bin/node, every library `ldd` lists for
 *   it (at the same paths, including the dynamic loader), /tmp, minimal /etc,
 *   examples/app/server.mjs as /app/server.mjs, and /bin/busybox with a
 *   few applets (sh, wget, nc, cat, echo, sleep, ls, env, test, true, false,
 *   kill, ps) so Compose healthchecks (`wget -q -O /dev/null ...`) and
 *   Dockerfile `RUN` lines work. CMD ["/usr/bin/node","/app/server.mjs"],
 *   EXPOSE 8000, WORKDIR /app.
 *
 * `<hash>` is 12 hex digits of a SHA-256 over the recipe version, every
 * entry's path/type/mode/size/link target, the content of server.mjs (node
 * image) or of the busybox binary (busybox image), the node version and the
 * `--change` lines; so changing server.mjs (or the recipe) produces a new tag
 * and a rebuild. Builds are idempotent (skipped when the tag exists) and
 * serialised across processes with a lock file per tag, so test files running
 * in parallel can all call {@link ensureTestImages}. Old tags are left alone
 * (see {@link pruneTestImages}).
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { buildImageOnce } from './build-once.js';
import { docker, dockerOk } from './docker.js';

const execFileAsync = promisify(execFile);

/** Bump when the image recipes change, so old tags are not reused. */
const RECIPE_VERSION = '1';
/** Repository of the node application image. */
export const NODE_IMAGE_REPO = 'cos-test/node-app';
/** Repository of the busybox image. */
export const BUSYBOX_IMAGE_REPO = 'cos-test/busybox';
/** The application copied to /app/server.mjs. */
export const APP_SERVER_PATH = fileURLToPath(new URL('../../examples/app/server.mjs', import.meta.url));

/** Image references returned by {@link ensureTestImages}. */
export interface TestImages {
  /** e.g. `cos-test/busybox:1a2b3c4d5e6f` */
  busybox: string;
  /** e.g. `cos-test/node-app:0f9e8d7c6b5a` */
  node: string;
}

/** One entry of the root file system to import. */
type Entry =
  | { type: 'dir'; path: string; mode: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'file'; path: string; mode: number; data: Buffer }
  | { type: 'hostfile'; path: string; mode: number; source: string; size: number };

/** Description of an image to build. */
interface Recipe {
  tag: string;
  entries: Entry[];
  changes: string[];
}

// ---------------------------------------------------------------------------
// tar (ustar) writer
// ---------------------------------------------------------------------------

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** Split a path into ustar (prefix, name) fields. */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`path too long for ustar: ${path}`);
}

function tarHeader(entry: Entry, size: number): Buffer {
  const h = Buffer.alloc(512, 0);
  const path = entry.type === 'dir' ? `${entry.path.replace(/\/$/, '')}/` : entry.path;
  const { name, prefix } = splitPath(path);
  h.write(name, 0, 100, 'utf8');
  const mode = entry.type === 'symlink' ? 0o777 : entry.mode;
  h.write(octal(mode, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii'); // uid
  h.write(octal(0, 8), 116, 8, 'ascii'); // gid
  h.write(octal(size, 12), 124, 12, 'ascii');
  h.write(octal(946684800, 12), 136, 12, 'ascii'); // mtime: 2000-01-01
  h.write('        ', 148, 8, 'ascii'); // checksum placeholder
  h.write(entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : '0', 156, 1, 'ascii');
  if (entry.type === 'symlink') {
    if (Buffer.byteLength(entry.target) > 100) throw new Error(`symlink target too long: ${entry.target}`);
    h.write(entry.target, 157, 100, 'utf8');
  }
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('root', 297, 32, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

function padding(size: number): Buffer {
  const rest = size % 512;
  return Buffer.alloc(rest === 0 ? 0 : 512 - rest, 0);
}

/** Stream a tar archive of `entries` (files from the host are read lazily). */
async function* tarStream(entries: Entry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    if (entry.type === 'file') {
      yield tarHeader(entry, entry.data.length);
      yield entry.data;
      yield padding(entry.data.length);
    } else if (entry.type === 'hostfile') {
      yield tarHeader(entry, entry.size);
      let written = 0;
      for await (const chunk of createReadStream(entry.source, { highWaterMark: 1024 * 1024 })) {
        const buf = chunk as Buffer;
        written += buf.length;
        if (written > entry.size) throw new Error(`${entry.source} grew while being archived`);
        yield buf;
      }
      if (written !== entry.size) throw new Error(`${entry.source} changed size while being archived`);
      yield padding(entry.size);
    } else {
      yield tarHeader(entry, 0);
    }
  }
  yield Buffer.alloc(1024, 0); // end-of-archive marker
}

/** Add every missing ancestor directory and sort entries so parents come first. */
function withParents(entries: Entry[]): Entry[] {
  const byPath = new Map<string, Entry>();
  for (const e of entries) byPath.set(e.path.replace(/^\/+/, '').replace(/\/$/, ''), e);
  for (const p of [...byPath.keys()]) {
    for (let d = posix.dirname(p); d !== '.' && d !== '/' && d !== ''; d = posix.dirname(d)) {
      if (!byPath.has(d)) byPath.set(d, { type: 'dir', path: d, mode: 0o755 });
    }
  }
  return [...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, e]) => ({ ...e, path }));
}

// ---------------------------------------------------------------------------
// root file systems
// ---------------------------------------------------------------------------

/** A host file copied into the image at `path` (symlinks on the host are followed). */
function hostFile(path: string, source: string, mode?: number): Entry {
  const real = realpathSync(source);
  const st = statSync(real);
  return { type: 'hostfile', path, source: real, size: st.size, mode: mode ?? st.mode & 0o7777 };
}

/** Absolute paths of the shared libraries (and loader) `ldd` lists for a binary; [] when static. */
async function sharedLibraries(binary: string): Promise<string[]> {
  let out: string;
  try {
    out = (await execFileAsync('ldd', [binary], { timeout: 10_000 })).stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    if (/not a dynamic executable|statically linked/.test(`${e.stdout ?? ''}${e.stderr ?? ''}`)) return [];
    throw err;
  }
  const libs = new Set<string>();
  for (const line of out.split('\n')) {
    const arrow = /=>\s+(\/\S+)\s+\(/.exec(line);
    const bare = /^\s*(\/\S+)\s+\(/.exec(line);
    const path = arrow?.[1] ?? bare?.[1];
    if (path) libs.add(path);
    else if (/=>\s+not found/.test(line)) throw new Error(`ldd ${binary}: ${line.trim()}`);
  }
  return [...libs].sort();
}

const ETC_FILES: Entry[] = [
  {
    type: 'file',
    path: 'etc/passwd',
    mode: 0o644,
    data: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n'),
  },
  { type: 'file', path: 'etc/group', mode: 0o644, data: Buffer.from('root:x:0:\nnogroup:x:65534:\n') },
  { type: 'dir', path: 'tmp', mode: 0o1777 },
  { type: 'dir', path: 'root', mode: 0o700 },
];

function busyboxBinary(): string {
  for (const candidate of ['/bin/busybox', '/usr/bin/busybox', '/usr/local/bin/busybox']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('busybox is not installed on this machine (looked in /bin, /usr/bin, /usr/local/bin)');
}

function nodeBinary(): string {
  return existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;
}

function shortHash(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(Buffer.byteLength(p)));
    h.update(':');
    h.update(p);
  }
  return h.digest('hex').slice(0, 12);
}

/**
 * Content tag for a recipe: hashes the recipe version, every entry's metadata
 * (path, type, mode, link target, size), the content of in-memory files (e.g.
 * server.mjs), the `--change` lines and `extra` (e.g. the node version).
 */
function recipeTag(repo: string, entries: Entry[], changes: string[], extra: (string | Buffer)[]): string {
  const parts: (string | Buffer)[] = [RECIPE_VERSION, repo, ...changes, ...extra];
  for (const e of entries) {
    if (e.type === 'file') parts.push(`file ${e.path} ${e.mode}`, e.data);
    else if (e.type === 'hostfile') parts.push(`file ${e.path} ${e.mode} ${e.size}`);
    else if (e.type === 'symlink') parts.push(`symlink ${e.path} ${e.target}`);
    else parts.push(`dir ${e.path} ${e.mode}`);
  }
  return `${repo}:${shortHash(...parts)}`;
}

/** Busybox applets linked into the node image (for healthchecks, `RUN` lines and debugging). */
const NODE_IMAGE_APPLETS = ['sh', 'wget', 'nc', 'cat', 'echo', 'sleep', 'ls', 'env', 'test', 'true', 'false', 'kill', 'ps'];

async function busyboxRecipe(): Promise<Recipe> {
  const bin = busyboxBinary();
  const applets = (await execFileAsync(bin, ['--list'], { timeout: 10_000 })).stdout
    .split('\n')
    .map((a) => a.trim())
    .filter((a) => a && a !== 'busybox' && !a.includes('/'));
  const libs = await sharedLibraries(bin);
  const entries = withParents([
    hostFile('bin/busybox', bin, 0o755),
    ...applets.map((a): Entry => ({ type: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    ...libs.map((l) => hostFile(l, l)),
    ...ETC_FILES,
  ]);
  const changes = ['CMD ["/bin/sh"]', 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/sbin'];
  return { tag: recipeTag(BUSYBOX_IMAGE_REPO, entries, changes, [readFileSync(bin)]), entries, changes };
}

async function nodeRecipe(repo = NODE_IMAGE_REPO): Promise<Recipe> {
  const node = nodeBinary();
  const version = (await execFileAsync(node, ['--version'], { timeout: 10_000 })).stdout.trim();
  const libs = await sharedLibraries(node);
  const server = readFileSync(APP_SERVER_PATH);
  const bb = busyboxBinary();
  const bbLibs = await sharedLibraries(bb);
  const entries = withParents([
    hostFile('usr/bin/node', node, 0o755),
    ...[...new Set([...libs, ...bbLibs])].map((l) => hostFile(l, l)),
    { type: 'file', path: 'app/server.mjs', mode: 0o644, data: server },
    hostFile('bin/busybox', bb, 0o755),
    ...NODE_IMAGE_APPLETS.map((a): Entry => ({ type: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    ...ETC_FILES,
  ]);
  const changes = ['CMD ["/usr/bin/node","/app/server.mjs"]', 'ENV PATH=/usr/local/bin:/usr/bin:/bin', 'EXPOSE 8000', 'WORKDIR /app'];
  return { tag: recipeTag(repo, entries, changes, [`node ${version}`]), entries, changes };
}

// ---------------------------------------------------------------------------
// building
// ---------------------------------------------------------------------------

/** Stream the recipe's root file system into `docker import`. */
async function importImage(recipe: Recipe): Promise<void> {
  const args = ['import'];
  for (const c of recipe.changes) args.push('--change', c);
  args.push('-', recipe.tag);
  const child = spawn('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  try {
    await pipeline(Readable.from(tarStream(recipe.entries)), child.stdin);
  } catch (err) {
    child.kill('SIGKILL');
    const code = await exited.catch(() => 1);
    throw new Error(`docker import ${recipe.tag}: ${(err as Error).message} (exit ${code}): ${stderr.trim()}`);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`docker import ${recipe.tag} failed (exit ${code}): ${stderr.trim()}`);
}

/** Build `recipe` unless its tag exists; safe across concurrent processes. */
function ensureImage(recipe: Recipe): Promise<string> {
  return buildImageOnce(recipe.tag, () => importImage(recipe));
}

let images: Promise<TestImages> | undefined;

/**
 * The tags the test images would have, without building anything.
 */
export async function testImageTags(): Promise<TestImages> {
  const [bb, node] = await Promise.all([busyboxRecipe(), nodeRecipe()]);
  return { busybox: bb.tag, node: node.tag };
}

/**
 * Make sure both test images exist locally (building them with
 * `docker import` when missing) and resolve with their tags. Needs a Docker
 * engine (call requireDocker first). Memoised per process; concurrent
 * processes are serialised with a lock file per tag in the temp directory.
 */
export function ensureTestImages(): Promise<TestImages> {
  images ??= (async () => {
    const [bb, node] = await Promise.all([busyboxRecipe(), nodeRecipe()]);
    const [busybox, nodeTag] = await Promise.all([ensureImage(bb), ensureImage(node)]);
    return { busybox, node: nodeTag };
  })();
  images.catch(() => {
    images = undefined; // let a later call retry after a failure
  });
  return images;
}

/**
 * The node image (the test image's recipe) under another repository, built when missing: what
 * `npm run demo` runs when node:20-alpine is not there, kept apart from the test suites' tag so
 * that the demo can remove it without taking an image from under a test.
 */
export async function ensureNodeImageAs(repo: string): Promise<string> {
  return ensureImage(await nodeRecipe(repo));
}

/**
 * Remove `cos-test/*` image tags other than the current ones (left over from
 * earlier versions of server.mjs). Images still used by a container are kept.
 * Not called automatically. Resolves with the tags removed.
 */
export async function pruneTestImages(): Promise<string[]> {
  const current = await testImageTags();
  const keep = new Set([current.busybox, current.node]);
  const removed: string[] = [];
  for (const repo of [BUSYBOX_IMAGE_REPO, NODE_IMAGE_REPO]) {
    const tags = (await dockerOk(['images', repo, '--format', '{{.Repository}}:{{.Tag}}']))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.endsWith(':<none>') && !keep.has(l));
    for (const tag of tags) {
      if ((await docker(['rmi', tag])).code === 0) removed.push(tag);
    }
  }
  return removed;
}
