/**
 * Run as a process of its own, as one step of one runner (its RUNNER_TEMP, GITHUB_WORKSPACE and
 * working directory are the spawner's choice): one image's entry through the image cache, at the
 * file the action gives that image. The job is argv[2], JSON:
 *
 * - `{op: 'save', source, key}`: the source copied to the file, then saved;
 * - `{op: 'restore', key, skipLookup?, boundMs?, abortAfterMs?}`: looked up (unless skipped), then
 *   restored (with that bound; aborted that long after the restore began). On SIGUSR2 it exits at
 *   once, as an entry point does with a call still running;
 * - `{op: 'cancel'}`: a restore prepared, then cancelled without a job (a miss), and the calls in
 *   flight counted until none is left (at most 30 s).
 *
 * Prints on stderr, as JSON, the file, what the calls returned, the sha256 of what the file then
 * holds (null: no file), the calls still in flight, and what reached stdout.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as runner from '../../src/runner.js';
import * as cache from '../../src/images/actions-cache.js';
import { imageFile } from '../../src/images/restore.js';
import { sleep } from './time.js';

interface Job {
  op: 'save' | 'restore' | 'cancel';
  key: string;
  source?: string;
  skipLookup?: boolean;
  boundMs?: number;
  abortAfterMs?: number;
}

await runner.loadRunner();
// As the entry points do when a call is still running: exit without it.
process.once('SIGUSR2', () => {
  process.stderr.write(`${JSON.stringify({ exiting: true, inFlight: cache.inFlight() })}\n`);
  process.exit();
});
const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const file = imageFile('linux/amd64', 'docker.io/library/busybox:latest');
const digest = (): string | null => (fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : null);
const written: string[] = [];
const real = process.stdout.write;
process.stdout.write = ((chunk: string | Uint8Array) => {
  written.push(String(chunk));
  return true;
}) as typeof process.stdout.write;

let result: Record<string, unknown>;
if (job.op === 'save') {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(job.source ?? '', file);
  result = { saved: await cache.prepareSave(file).run(job.key, 60_000) };
} else if (job.op === 'cancel') {
  cache.prepareRestore(file, []).cancel();
  for (let i = 0; i < 300 && cache.inFlight() > 0; i++) await sleep(100);
  result = {};
} else {
  const stop = new AbortController();
  const restoring = cache.prepareRestore(file, [], stop.signal);
  const found = job.skipLookup ? undefined : await cache.lookup(file, job.key, [], 60_000);
  if (job.abortAfterMs !== undefined) setTimeout(() => stop.abort(), job.abortAfterMs);
  const restored = await restoring.run(job.key, job.boundMs ?? 60_000);
  result = { found, restored };
}
process.stdout.write = real;
process.stderr.write(`${JSON.stringify({ file, ...result, sha256: digest(), inFlight: cache.inFlight(), written: written.join('') })}\n`);
// As the entry points do: a call still running does not hold the process.
process.exit();
