/**
 * The build context as the build key sees it: every file, folder and link the `.dockerignore`
 * lets through, by its path, its kind, its mode (permission bits: a `COPY` keeps them) and its
 * content (a link by its target, never followed), not its times or owner. A large file is read as
 * a stream, so a context of 200 MB is never held in memory (small ones whole, in short slices
 * that leave the event loop free between them); the list kept is one
 * short line per entry, for the post step to save beside the image (src/images/build-change.ts
 * names the first path that differs from the previous key's).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { excluded, parseIgnore, type Ignore, type ParentMatches } from './dockerignore.js';
import type { ContextDigest, ContextEntry } from './build-types.js';

/**
 * The ignore file BuildKit reads for a Dockerfile: `<Dockerfile>.dockerignore` beside it, else
 * the context's `.dockerignore`; undefined when there is none.
 */
export function ignoreFileFor(context: string, dockerfile: string | undefined): string | undefined {
  const own = dockerfile ? `${dockerfile}.dockerignore` : undefined;
  for (const candidate of [own, path.join(context, '.dockerignore')])
    if (candidate && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return undefined;
}

/** A file up to this size is read whole, at once; a larger one is streamed. */
const READ_WHOLE_BYTES = 256 * 1024;
/** Small files are read without waiting for the thread pool (four times as fast), in slices this long, the event loop served between. */
const SLICE_MS = 8;

/** Yields to the event loop once a slice of synchronous work has run long enough (and checks `signal` then). */
function slicer(signal: AbortSignal): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
    since = performance.now();
  };
}

/** One entry's line: kind, permission bits, content digest (a link's target), path. */
async function entryOf(root: string, rel: string, stat: fs.Stats, signal: AbortSignal): Promise<ContextEntry> {
  const full = path.join(root, rel);
  const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
  const digest = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
  if (stat.isSymbolicLink()) return { path: rel, kind: 'link', mode, digest: digest(fs.readlinkSync(full)) };
  if (stat.isDirectory()) return { path: rel, kind: 'dir', mode, digest: '' };
  if (!stat.isFile()) return { path: rel, kind: 'other', mode, digest: '' };
  if (stat.size <= READ_WHOLE_BYTES) return { path: rel, kind: 'file', mode, digest: digest(fs.readFileSync(full)), size: stat.size };
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(full), hash, { signal });
  return { path: rel, kind: 'file', mode, digest: hash.digest('hex'), size: stat.size };
}

/**
 * Every path of the context the ignore rules keep, with its stat, walked folder by folder. An
 * excluded folder is not entered unless an exception (`!`) could keep something in it.
 */
async function walk(root: string, ignore: Ignore, signal: AbortSignal): Promise<Array<{ rel: string; stat: fs.Stats }>> {
  const kept: Array<{ rel: string; stat: fs.Stats }> = [];
  const folders: Array<{ rel: string; parent: ParentMatches }> = [{ rel: '', parent: undefined }];
  const tick = slicer(signal);
  for (let folder = folders.pop(); folder; folder = folders.pop()) {
    for (const name of fs.readdirSync(path.join(root, folder.rel))) {
      const rel = folder.rel ? `${folder.rel}/${name}` : name;
      const stat = fs.lstatSync(path.join(root, rel));
      const verdict = excluded(ignore, rel, folder.parent);
      if (!verdict.excluded) kept.push({ rel, stat });
      if (stat.isDirectory() && (!verdict.excluded || ignore.exclusions)) folders.push({ rel, parent: verdict.matches });
      await tick();
    }
  }
  return kept;
}

/**
 * Hash the context folder `root`, honouring `ignoreFile` (undefined: none). Rejects when the
 * folder cannot be read, `signal` aborts, or the ignore file has a line that is no pattern
 * (the error names the file, the line and the pattern).
 */
export async function hashContext(root: string, ignoreFile: string | undefined, signal: AbortSignal): Promise<ContextDigest> {
  const started = performance.now();
  signal.throwIfAborted();
  const { ignore, problems } = parseIgnore(ignoreFile ? await fs.promises.readFile(ignoreFile, 'utf8') : '');
  const bad = problems[0];
  if (bad) throw new Error(`${path.basename(ignoreFile!)} line ${bad.line}: ${JSON.stringify(bad.pattern)} is not a pattern (${bad.why})`);
  const kept = await walk(root, ignore, signal);
  kept.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const entries: ContextEntry[] = [];
  const tick = slicer(signal);
  for (const k of kept) {
    entries.push(await entryOf(root, k.rel, k.stat, signal));
    await tick();
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for (const e of entries) {
    hash.update(`${e.kind} ${e.mode} ${e.digest} ${JSON.stringify(e.path)}\n`);
    bytes += e.size ?? 0;
  }
  return { digest: hash.digest('hex'), entries, bytes, durationMs: performance.now() - started };
}
