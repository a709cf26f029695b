/**
 * The post step's side, before the teardown (whose own stops are not to be reported): end the
 * watcher (SIGTERM, then its process group killed past a bound), read what it wrote, and tell what
 * happened to the stack after the decision, and whether the watch covered the whole time.
 */
import * as fs from 'node:fs';
import { signalGroup, stillRunning } from '../detached.js';
import { incidentsOf } from './incidents.js';
import type { AfterDecision, Watcher, WatchRecord } from './types.js';
import { sleep } from '../sleep.js';

/** How long the watcher gets to end on its own: it only has to close a stream. */
export const END_WAIT_MS = 5000;

/** The most of its record file read (its end): deaths and health changes are a few lines each. */
const MAX_READ = 4 * 1024 * 1024;

/** Its records, oldest first; a line that is not one (cut short, garbled) is left out. */
export function readRecords(file: string): WatchRecord[] {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r');
    try {
      const length = Math.min(size, MAX_READ);
      const buf = Buffer.alloc(length);
      fs.readSync(fd, buf, 0, length, size - length);
      text = buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
  const out: WatchRecord[] = [];
  for (const line of text.split('\n')) {
    try {
      const r = JSON.parse(line) as WatchRecord;
      if (typeof r.at === 'number' && typeof r.action === 'string' && typeof r.service === 'string' && typeof r.id === 'string')
        out.push(r);
    } catch {
      // not a whole record
    }
  }
  return out;
}

/** Until its process has ended, or `limitMs`; whether it has. */
async function ended(w: Watcher, limitMs: number): Promise<boolean> {
  const started = performance.now();
  while (stillRunning(w.pid, w.jobFile)) {
    if (performance.now() - started >= limitMs) return false;
    await sleep(25);
  }
  return true;
}

/** Ask it to end; past `limitMs`, kill its group. Whether it was still running when asked. */
async function endProcess(w: Watcher, limitMs: number): Promise<boolean> {
  if (!stillRunning(w.pid, w.jobFile)) return false;
  signalGroup(w.pid, 'SIGTERM');
  if (!(await ended(w, limitMs))) {
    signalGroup(w.pid, 'SIGKILL');
    await ended(w, 1000);
  }
  return true;
}

/** End the watch and read it. */
export async function endWatch(w: Watcher, limitMs = END_WAIT_MS): Promise<AfterDecision> {
  const wasRunning = await endProcess(w, limitMs);
  const endedAt = Date.now();
  const records = readRecords(w.recordFile);
  const last = records.findLast((r) => r.action === 'watch-ended');
  const events = records.filter((r) => r.action !== 'watch-ended');
  const base = { project: w.project, readyAt: w.readyAt, endedAt, incidents: incidentsOf(events, w.readyAt) };
  if (wasRunning && last?.why === 'ended by the post step') return { ...base, coverage: { whole: true } };
  const at = last ? ` at ${new Date(last.at).toISOString()}` : '';
  const why = last?.why
    ? `it ended${at}: ${last.why}`
    : wasRunning
      ? 'it did not end when asked, and was killed'
      : 'its process was gone before the post step (killed?)';
  return { ...base, coverage: { whole: false, why } };
}
