import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { endWatch, readRecords } from '../../../src/after-decision/finish.js';
import type { Watcher } from '../../../src/after-decision/types.js';
import { spawnDetached, stillRunning } from '../../../src/detached.js';
import { until } from '../../support/time.js';
import { tempDir } from '../../support/temp.js';

const READY = Date.now() - 10_000;

/** A stand-in watcher process: writes a death, then on SIGTERM (unless it ignores it) its last record. */
function fakeWatcher(t: TestContext, o: { ignoreTerm?: boolean } = {}): Watcher {
  const dir = tempDir(t, 'cos-watch-');
  const recordFile = path.join(dir, 'events.jsonl');
  const jobFile = path.join(dir, 'job.json');
  const script = path.join(dir, 'watcher.mjs');
  fs.writeFileSync(jobFile, '{}');
  fs.writeFileSync(
    script,
    [
      "import * as fs from 'node:fs';",
      `const file = ${JSON.stringify(recordFile)};`,
      `fs.appendFileSync(file, JSON.stringify({ at: ${READY + 2100}, id: 'c1', service: 'db', action: 'die', exitCode: 1 }) + '\\n');`,
      o.ignoreTerm
        ? "process.on('SIGTERM', () => {});"
        : "process.on('SIGTERM', () => { fs.appendFileSync(file, JSON.stringify({ at: Date.now(), id: '', service: '', action: 'watch-ended', why: 'ended by the post step' }) + '\\n'); process.exit(0); });",
      "fs.writeFileSync(file + '.ready', '');",
      'setInterval(() => {}, 1000);',
    ].join('\n'),
  );
  const pid = spawnDetached({ script, kind: 'watch', jobFile, logFile: path.join(dir, 'watch.log'), env: process.env });
  t.after(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  });
  return { pid, project: 'p', readyAt: READY, startedAt: Date.now(), jobFile, recordFile, logFile: path.join(dir, 'watch.log') };
}

const untilReady = (w: Watcher): Promise<void> => until(() => fs.existsSync(`${w.recordFile}.ready`), { what: 'the fake watcher ready' });

test('endWatch: the watcher ends when asked, its records are read, the watch covered the whole time', async (t) => {
  const w = fakeWatcher(t);
  await untilReady(w);
  const after = await endWatch(w);
  assert.equal(stillRunning(w.pid, w.jobFile), false);
  assert.deepEqual(after.coverage, { whole: true });
  assert.deepEqual(
    after.incidents.map((i) => [i.service, i.kind, i.exitCode, i.sinceReadyMs]),
    [['db', 'died', 1, 2100]],
  );
});

test('endWatch: a watcher that does not end when asked is killed, and the watch says it was cut short', async (t) => {
  const w = fakeWatcher(t, { ignoreTerm: true });
  await untilReady(w);
  const after = await endWatch(w, 300);
  assert.equal(stillRunning(w.pid, w.jobFile), false);
  assert.deepEqual(after.coverage, { whole: false, why: 'it did not end when asked, and was killed' });
  assert.equal(after.incidents.length, 1, 'what it wrote is still read');
});

test('endWatch: a watcher gone before the post step (and one that ended on its own, saying why)', async (t) => {
  const dir = tempDir(t, 'cos-watch-');
  const w: Watcher = {
    pid: 2 ** 22 + 7,
    project: 'p',
    readyAt: READY,
    startedAt: READY,
    jobFile: path.join(dir, 'job.json'),
    recordFile: path.join(dir, 'events.jsonl'),
    logFile: path.join(dir, 'watch.log'),
  };
  assert.deepEqual((await endWatch(w)).coverage, { whole: false, why: 'its process was gone before the post step (killed?)' });
  fs.writeFileSync(
    w.recordFile,
    `${JSON.stringify({ at: Date.UTC(2026, 11, 7, 3, 0, 0), id: '', service: '', action: 'watch-ended', why: 'every container of the stack was removed' })}\n`,
  );
  assert.deepEqual((await endWatch(w)).coverage, {
    whole: false,
    why: 'it ended at 2026-12-07T03:00:00.000Z: every container of the stack was removed',
  });
});

test('readRecords: lines that are not whole records are left out; a missing file is no record', (t) => {
  const file = path.join(tempDir(t, 'cos-watch-'), 'events.jsonl');
  const good = { at: 1, id: 'c', service: 's', action: 'die', exitCode: 3 };
  fs.writeFileSync(
    file,
    ['garbage', JSON.stringify(good), '{"at":"1","id":"c","service":"s","action":"die"}', '{"at":2,"id":"c"'].join('\n'),
  );
  assert.deepEqual(readRecords(file), [good]);
  assert.deepEqual(readRecords(path.join(path.dirname(file), 'none')), []);
});
