/**
 * The image cache's calls to the Actions cache (src/images/actions-cache.ts) against the cache
 * service stand-in, each from a process of its own as a step would make them:
 *
 * - an entry saved by one runner is found and restored by another whose RUNNER_TEMP, workspace
 *   and working directory are elsewhere (at other depths), and lands at the file the restoring
 *   runner reads, not in its workspace;
 * - a restore (a process of its own, started before its job) past its bound, no longer needed,
 *   still running when the step exits, or given no job is stopped, its process with it; one the
 *   service refuses says why, cleaned, and the library's warning never reaches the log as a
 *   command;
 * - a lookup the service refuses says why, cleaned, and the action's own line said meanwhile
 *   still reaches the log.
 *
 * And @actions/cache is not in the main bundle: a chunk of its own, loaded only with cache-images.
 *
 * Where that process's script is found: cache-child.test.ts; the job it accepts: cache-work.test.ts;
 * what it does with another: entries/cache.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { REPO_ROOT } from '../../harness/runner.js';
import { startCacheService, type CacheService } from '../../support/cache-service.js';
import { until } from '../../support/time.js';
import { tempDir } from '../../support/temp.js';

const PROBE = path.join(REPO_ROOT, '__tests__', 'support', 'cache-roundtrip-probe.ts');
/** tsx by its file: the probe runs in another working directory, where `--import tsx` would not resolve. */
const TSX = import.meta.resolve('tsx');
const KEY = `compose-or-staging-image-v1-linux/amd64-docker.io/library/busybox:latest@sha256:${'c'.repeat(64)}`;

interface Runner {
  temp: string;
  workspace: string;
  cwd: string;
}

/** A runner's folders under `root`: RUNNER_TEMP, the workspace and the step's working directory. */
function runnerAt(root: string, temp: string, workspace: string, cwd = workspace): Runner {
  const r = { temp: path.join(root, temp), workspace: path.join(root, workspace), cwd: path.join(root, cwd) };
  for (const dir of Object.values(r)) fs.mkdirSync(dir, { recursive: true });
  return r;
}

interface ProbeResult {
  file: string;
  saved?: { ok: boolean; value?: number; detail?: string };
  found?: { ok: boolean; value?: string; detail?: string };
  restored?: { ok: boolean; value?: string; detail?: string };
  sha256: string | null;
  inFlight: number;
  written: string;
  /** Printed instead when it exited at once (SIGUSR2), with inFlight. */
  exiting?: true;
}

/** The probe started as one step of `runner`; `done`: what it printed on stderr. */
function startProbe(service: CacheService, runner: Runner, job: Record<string, unknown>) {
  const child = spawn(process.execPath, ['--import', TSX, PROBE, JSON.stringify(job)], {
    cwd: runner.cwd,
    env: { ...process.env, ...service.env, RUNNER_TEMP: runner.temp, GITHUB_WORKSPACE: runner.workspace },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise((r) => child.once('close', r)).then((): ProbeResult => {
    const last = stderr.trim().split('\n').at(-1) ?? '';
    try {
      return JSON.parse(last) as ProbeResult;
    } catch {
      throw new Error(`the probe printed no result:\n${stderr}`);
    }
  });
  return { child, done };
}

const probe = (service: CacheService, runner: Runner, job: Record<string, unknown>): Promise<ProbeResult> =>
  startProbe(service, runner, job).done;

async function service(t: TestContext): Promise<CacheService> {
  const s = await startCacheService();
  t.after(() => s.close());
  return s;
}

/** The processes working in `dir` (a zombie has no working directory: it runs no more). */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`) === dir) pids.push(Number(pid));
    } catch {
      // ended meanwhile, or not ours to look at
    }
  }
  return pids;
}

describe('an image entry across runners', () => {
  test('saved where RUNNER_TEMP is beside the workspace, restored where it is deep elsewhere: found, and the same bytes at the file the action reads', async (t) => {
    const cache = await service(t);
    const root = tempDir(t, 'cos-actions-cache-');
    const source = path.join(root, 'image.tar');
    const content = randomBytes(256 * 1024);
    fs.writeFileSync(source, content);
    // A hosted runner's layout, then a self-hosted one with several runners on one machine.
    const a = runnerAt(root, 'a/_work/_temp', 'a/_work/app/app');
    const b = runnerAt(root, 'b/runners/2/tmp/job', 'b/ws', 'b/ws/sub');

    const saved = await probe(cache, a, { op: 'save', source, key: KEY });
    assert.equal(saved.saved?.ok, true, JSON.stringify(saved));
    assert.ok((saved.saved?.value ?? 0) > 0, JSON.stringify(saved));
    assert.equal(cache.entries.filter((e) => e.finalized).length, 1);

    const restored = await probe(cache, b, { op: 'restore', key: KEY });
    assert.equal(restored.found?.value, KEY, JSON.stringify(restored));
    assert.equal(restored.restored?.value, KEY, JSON.stringify(restored));
    assert.ok(restored.file.startsWith(b.temp + path.sep), restored.file);
    assert.equal(restored.sha256, createHash('sha256').update(content).digest('hex'));
    assert.deepEqual(fs.readdirSync(b.workspace), ['sub'], 'nothing restored into the workspace');
    assert.deepEqual(fs.readdirSync(b.cwd), [], 'nor into the working directory');
    assert.equal(restored.inFlight, 0);
  });
});

describe('a restore that must stop', () => {
  test('past its bound: not ok, said so, nothing restored, its process ended', async (t) => {
    const cache = await service(t);
    const r = runnerAt(tempDir(t, 'cos-actions-cache-'), 'temp', 'ws');
    cache.slowLookups(1, 15_000);
    const got = await probe(cache, r, { op: 'restore', key: KEY, skipLookup: true, boundMs: 2000 });
    assert.equal(got.restored?.ok, false, JSON.stringify(got));
    assert.match(got.restored?.detail ?? '', /^cache restore: no answer within 2 s/);
    assert.equal(got.sha256, null);
    assert.equal(got.inFlight, 0);
  });

  test('no longer needed (its signal aborts): not ok, said so, its process ended', async (t) => {
    const cache = await service(t);
    const r = runnerAt(tempDir(t, 'cos-actions-cache-'), 'temp', 'ws');
    cache.slowLookups(1, 15_000);
    const got = await probe(cache, r, { op: 'restore', key: KEY, skipLookup: true, abortAfterMs: 1000 });
    assert.equal(got.restored?.ok, false, JSON.stringify(got));
    assert.equal(got.restored?.detail, 'cache restore: stopped, no longer needed');
    assert.equal(got.inFlight, 0);
  });

  test('still running when the step exits: its process is killed with the step', async (t) => {
    const cache = await service(t);
    const r = runnerAt(tempDir(t, 'cos-actions-cache-'), 'temp', 'ws');
    cache.slowLookups(1, 15_000);
    const run = startProbe(cache, r, { op: 'restore', key: KEY, skipLookup: true });
    // The restore's process has its job (it works in the images' folder) and waits for the
    // service's answer, silent: it would wait 15 s.
    await until(() => cache.requests.includes('POST GetCacheEntryDownloadURL'), {
      what: 'the restore asking for its download URL',
      intervalMs: 50,
    });
    const folder = path.join(r.temp, 'compose-or-staging-images');
    assert.equal(processesIn(folder).length, 1, 'the restore runs in a process of its own');
    run.child.kill('SIGUSR2');
    const got = await run.done;
    assert.deepEqual(got, { exiting: true, inFlight: 1 });
    // SIGKILL was sent as the step exited; the kernel may take a moment to end the process.
    await until(() => processesIn(folder).length === 0, { what: 'no process of the restore left', intervalMs: 50 });
  });

  test('prepared but given no job (a miss): its process ends', async (t) => {
    const cache = await service(t);
    const got = await probe(cache, runnerAt(tempDir(t, 'cos-actions-cache-'), 'temp', 'ws'), { op: 'cancel' });
    assert.equal(got.inFlight, 0);
  });

  test("refused by the service: not ok, why, cleaned; the library's warning is not a workflow command", async (t) => {
    const cache = await service(t);
    await cache.close();
    const got = await probe(cache, runnerAt(tempDir(t, 'cos-actions-cache-'), 'temp', 'ws'), { op: 'restore', key: KEY, skipLookup: true });
    assert.equal(got.restored?.ok, false, JSON.stringify(got));
    assert.match(got.restored?.detail ?? '', /^cache restore: Failed to restore: .*ECONNREFUSED/);
    assert.doesNotMatch(got.written, /^::(warning|error)/m);
    assert.doesNotMatch(got.written, /Failed to restore/);
  });
});

describe("the library's output", () => {
  test("a cache service that refuses: the call says why, cleaned; the library's warning never reaches the log as a command; the action's own line passes", async () => {
    const service = await startCacheService();
    await service.close();
    // In a process of its own: this one's stdout carries the test runner's report.
    const probe = path.join(REPO_ROOT, '__tests__', 'support', 'cache-output-probe.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', probe], {
      env: { ...process.env, ...service.env, RUNNER_TEMP: fs.mkdtempSync(path.join(os.tmpdir(), 'cos-cache-unit-')) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    await new Promise((r) => child.once('close', r));
    const result = JSON.parse(stderr.trim().split('\n').pop() ?? '') as {
      written: string;
      outcome: { ok: boolean; detail?: string };
      inFlight: number;
    };
    assert.equal(result.outcome.ok, false);
    assert.match(result.outcome.detail ?? '', /^cache lookup: Failed to restore: .*ECONNREFUSED/);
    assert.match(result.written, /^the action says this while the cache is asked$/m);
    assert.doesNotMatch(result.written, /^::(warning|error)/m);
    assert.doesNotMatch(result.written, /Failed to restore/);
    assert.equal(result.inFlight, 0, 'nothing of the call is left running');
  });
});

describe('the bundle', () => {
  test('@actions/cache is not in the main bundle: a chunk of its own, loaded only with cache-images', () => {
    const dist = path.join(REPO_ROOT, 'dist', 'main');
    const files = fs.readdirSync(dist).filter((f) => f.endsWith('.js'));
    const holding = files.filter((f) => fs.readFileSync(path.join(dist, f), 'utf8').includes('GetCacheEntryDownloadURL'));
    assert.equal(holding.length, 1, files.join(', '));
    assert.notEqual(holding[0], 'index.js');
    assert.ok(fs.statSync(path.join(dist, 'index.js')).size < 1_000_000);
  });
});
