/**
 * The watcher itself (a process of its own, `dist/background/index.js watch <job>`): follows the stack's container
 * events from the moment the stack was declared ready, and writes each that matters as one JSON
 * line, at once (a record written is a record the post step reads, however the watcher ends).
 * It ends when the post step signals it, when every container it knew is removed, or at its bound;
 * a stream the engine ends is followed again from the last event (a few times in a row at most).
 */
import * as fs from 'node:fs';
import { ProjectEvents, type ProjectEvent } from '../stack/events.js';
import type { WatchJob, WatchRecord } from './types.js';

/** The events worth a record: deaths, starts, health changes, and what asked a container to end. */
const KEPT = /^(die|start|restart|oom|kill|stop|destroy|health_status: (healthy|unhealthy))$/;

/** How many times in a row a stream that ended without an event is followed again. */
const RETRIES = 5;

export function readWatchJob(file: string): WatchJob {
  const job = JSON.parse(fs.readFileSync(file, 'utf8')) as WatchJob;
  if (typeof job.project !== 'string' || typeof job.recordFile !== 'string' || typeof job.readyAt !== 'number')
    throw new Error(`${file} is not a watch job`);
  return job;
}

/** The record of one event; undefined for one that says nothing the post step reports. */
export function recordOf(e: ProjectEvent, job: Pick<WatchJob, 'containers'>): WatchRecord | undefined {
  if (!KEPT.test(e.action) || e.at === undefined) return undefined;
  const service = e.service ?? job.containers[e.id] ?? e.id.slice(0, 12);
  return { at: e.at, id: e.id, service, action: e.action, ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) };
}

/** Sleep `ms`, or less when `stop` aborts. */
function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}

/** Follow until told to stop (`stop` aborted), every known container is removed, or the bound. */
export async function watch(job: WatchJob, env: NodeJS.ProcessEnv, stop: AbortSignal): Promise<string> {
  const write = (r: WatchRecord): void => fs.appendFileSync(job.recordFile, `${JSON.stringify(r)}\n`);
  const deadline = Date.now() + job.maxMs;
  const removed = new Set<string>();
  const known = Object.keys(job.containers);
  // Followed again from the last event's time: the ones at that very time are not written twice.
  let since = job.readyAt;
  let atSince = new Set<string>();
  for (let quiet = 0; ;) {
    if (stop.aborted) return 'ended by the post step';
    if (known.length > 0 && known.every((id) => removed.has(id))) return 'every container of the stack was removed';
    if (Date.now() >= deadline) return `its bound of ${Math.round(job.maxMs / 60_000)} min passed`;
    if (quiet >= RETRIES) return `the engine's event stream ended ${RETRIES} times in a row without an event`;
    let got = false;
    const events = new ProjectEvents().onEvent((e) => {
      const r = recordOf(e, job);
      if (!r) return;
      const key = `${r.at}\t${r.id}\t${r.action}`;
      if (r.at === since && atSince.has(key)) return;
      if (r.at !== since) atSince = new Set();
      since = r.at;
      atSince.add(key);
      got = true;
      write(r);
      if (r.action === 'destroy') removed.add(r.id);
      if (known.length > 0 && known.every((id) => removed.has(id))) void events.close();
    });
    const onStop = (): void => void events.close();
    stop.addEventListener('abort', onStop, { once: true });
    await events.follow(job.project, env, Math.max(0, deadline - Date.now()), { sinceMs: since }).ended();
    stop.removeEventListener('abort', onStop);
    quiet = got ? 0 : quiet + 1;
    if (!stop.aborted && quiet > 0) await pause(1000 * quiet, stop);
  }
}

/** The watcher's entry: its job, the watch until SIGTERM or SIGINT, a last record saying why it ended. */
export async function runWatchJob(jobFile: string): Promise<void> {
  const job = readWatchJob(jobFile);
  const stop = new AbortController();
  for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => stop.abort());
  const why = await watch(job, { ...process.env, ...job.engineEnv }, stop.signal);
  const last: WatchRecord = { at: Date.now(), id: '', service: '', action: 'watch-ended', why };
  fs.appendFileSync(job.recordFile, `${JSON.stringify(last)}\n`);
}
