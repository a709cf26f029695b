/**
 * The process of its own that runs one restore or save of `@actions/cache` for the image cache
 * (its entry: src/entries/cache.ts, bundled as dist/cache/index.js).
 *
 * The library hashes the paths it is given into the entry's version, and makes the paths inside
 * the entry relative to GITHUB_WORKSPACE (else the working directory), where a restore unpacks
 * them too; it finds a relative path from the working directory. So this process moves to the
 * entry file's folder, makes it GITHUB_WORKSPACE, and gives the library the file's name alone:
 * the version and the entry's one path are the same on every runner, wherever its RUNNER_TEMP
 * is, and a restore lands in this runner's folder. Nothing else runs here, so its own working
 * directory and environment are its to change (the step's are not: other work runs in it).
 */
import * as path from 'node:path';
import { errorMessage } from '../report/model.js';
import { answerMark, type CacheAnswer, type CacheJob } from './cache-job.js';

type CacheModule = typeof import('@actions/cache');

/** The job in `raw` (JSON), parsed and checked; throws when it is not one. */
export function parseCacheJob(raw: string): CacheJob {
  const job = JSON.parse(raw) as Partial<CacheJob>;
  const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
  if (
    (job.op !== 'restore' && job.op !== 'save') ||
    !text(job.folder) ||
    !path.isAbsolute(job.folder) ||
    !text(job.name) ||
    path.basename(job.name) !== job.name ||
    !text(job.key) ||
    !text(job.nonce) ||
    !Array.isArray(job.restoreKeys)
  )
    throw new Error(`not a cache job: ${raw.slice(0, 200)}`);
  return job as CacheJob;
}

/**
 * Run the job in `raw` with the library (loaded while the job was awaited: it reads the working
 * directory and GITHUB_WORKSPACE only when called); the answer's line, to be written to stdout.
 * Throws only when `raw` is not a job (there is then no nonce to mark an answer with).
 */
export async function runCacheJob(raw: string, library: Promise<CacheModule>): Promise<string> {
  const job = parseCacheJob(raw);
  let answer: CacheAnswer;
  try {
    process.chdir(job.folder);
    process.env.GITHUB_WORKSPACE = job.folder;
    const cache = await library;
    const value =
      job.op === 'restore' ? await cache.restoreCache([job.name], job.key, job.restoreKeys) : await cache.saveCache([job.name], job.key);
    answer = { ok: true, value: value ?? null };
  } catch (err) {
    answer = { ok: false, error: errorMessage(err) };
  }
  return `${answerMark(job.nonce)}${JSON.stringify(answer)}\n`;
}
