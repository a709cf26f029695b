/**
 * Build something once per machine when test processes running in parallel all ask for it: an
 * exclusive lock file serialises the builders, and whoever gets the lock checks again whether an
 * earlier holder already built it.
 */
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { docker } from './docker.js';
import { alive } from './processes.js';
import { sleep } from './time.js';

/** How long to wait for a lock, and when a lock left behind counts as abandoned. */
export interface LockOptions {
  /** Give up waiting after this long (default 180 s). */
  timeoutMs?: number;
  /**
   * A lock whose file was not touched for this long is broken (default 300 s). The holder touches
   * it every fifth of that, so only a lock whose holder is stuck or gone (in another PID namespace,
   * where its pid says nothing) gets old; a holder that is gone here is noticed at once.
   */
  staleMs?: number;
}

/**
 * Take an exclusive lock file (O_EXCL) holding this process's pid. A lock whose owner process is
 * gone, or that went untouched for `staleMs`, is broken. Resolves with a release function.
 */
export async function acquireLock(path: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const staleMs = opts.staleMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      // a long build must not look abandoned to the processes waiting for it
      const heartbeat = setInterval(() => {
        const now = new Date();
        utimes(path, now, now).catch(() => undefined);
      }, staleMs / 5);
      heartbeat.unref();
      return () => {
        clearInterval(heartbeat);
        return unlink(path).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    try {
      const [owner, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
      const pid = Number(owner.trim());
      const ownerGone = Number.isInteger(pid) && pid > 0 && !alive(pid);
      if (ownerGone || Date.now() - st.mtimeMs > staleMs) await unlink(path).catch(() => undefined);
    } catch {
      // lock vanished (or half-written) meanwhile: just retry
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${path}`);
    await sleep(100 + Math.random() * 100);
  }
}

/**
 * Run `build` unless `built()` says it is done, holding the lock file `lockPath` meanwhile and
 * asking `built()` again once the lock is held (another process may have built it while this one
 * waited).
 */
export async function buildOnce(
  lockPath: string,
  built: () => Promise<boolean>,
  build: () => Promise<void>,
  opts: LockOptions = {},
): Promise<void> {
  if (await built()) return;
  const release = await acquireLock(lockPath, opts);
  try {
    if (!(await built())) await build();
  } finally {
    await release();
  }
}

/** Does the engine have this image? */
export async function imageExists(tag: string): Promise<boolean> {
  return (await docker(['image', 'inspect', '--format', '{{.Id}}', tag], { timeoutMs: 30_000 })).code === 0;
}

/**
 * {@link buildOnce} for an image: `build` must leave `tag` on the engine. The lock file is named
 * after the tag in the temp directory. Resolves with the tag.
 */
export async function buildImageOnce(tag: string, build: () => Promise<void>, opts: LockOptions = {}): Promise<string> {
  const lockPath = join(tmpdir(), `cos-test-image-${tag.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);
  await buildOnce(lockPath, () => imageExists(tag), build, opts);
  return tag;
}
