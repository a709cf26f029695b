/**
 * removal/await.ts: the post step waits for the background removal until its result is there,
 * its process is gone without one, or the bound passed (then it is stopped, with what it started).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { awaitRemoval, readResult } from '../../../src/removal/await.js';
import { stillRunning } from '../../../src/detached.js';
import { writeResult } from '../../../src/removal/work.js';
import { alive } from '../../support/processes.js';
import { tempDir } from '../../support/temp.js';

/** A process whose command line names `jobFile`, as the background removal's does, in its own group; it runs until killed. */
function fakeRemoval(t: TestContext): { pid: number; jobFile: string; resultFile: string; exited: Promise<unknown> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-await-'));
  const jobFile = path.join(dir, 'job.json');
  const child = spawn('sh', ['-c', 'sleep 60 & wait', 'removal', jobFile], { detached: true, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  t.after(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { pid: child.pid!, jobFile, resultFile: path.join(dir, 'result.json'), exited };
}

const result = { ok: true, detail: 'removed project p', startedAt: 1000, finishedAt: 1800 };

test('finished: the result once it is there, whether the process still runs or not', async (t) => {
  const d = fakeRemoval(t);
  setTimeout(() => writeResult(d.resultFile, result), 200);
  const waited = await awaitRemoval(d, 60_000);
  assert.equal(waited.outcome, 'finished');
  assert.deepEqual(waited.outcome === 'finished' && waited.result, result);
});

test('died: its process ended without a result (killed), found without waiting for the bound', async (t) => {
  const d = fakeRemoval(t);
  process.kill(-d.pid, 'SIGKILL');
  await d.exited;
  const waited = await awaitRemoval(d, 60_000);
  assert.equal(waited.outcome, 'died');
});

test('timed-out: still running at the bound, so its process group is stopped (what it started too)', async (t) => {
  const d = fakeRemoval(t);
  const waited = await awaitRemoval(d, 300);
  assert.equal(waited.outcome, 'timed-out');
  assert.equal(waited.outcome === 'timed-out' && waited.limitMs, 300);
  await d.exited;
  assert.equal(alive(d.pid), false);
});

test('stillRunning: a pid that another process holds now (its command line names no job file) is not the removal', (t) => {
  const d = fakeRemoval(t);
  assert.equal(stillRunning(d.pid, d.jobFile), true);
  assert.equal(stillRunning(process.pid, d.jobFile), false, 'this test process is alive, but is not the removal');
  assert.equal(stillRunning(d.pid, '/elsewhere/job.json'), false);
});

test('readResult: a result written whole, or none (missing, partial, not a result)', (t) => {
  const dir = tempDir(t, 'cos-await-');
  const file = path.join(dir, 'result.json');
  assert.equal(readResult(file), undefined);
  fs.writeFileSync(file, '{"ok":tr');
  assert.equal(readResult(file), undefined);
  fs.writeFileSync(file, '{"detail":"x"}');
  assert.equal(readResult(file), undefined);
  writeResult(file, result);
  assert.deepEqual(readResult(file), result);
  assert.equal(fs.existsSync(`${file}.part`), false, 'written by rename');
});
