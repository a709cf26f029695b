/**
 * The main step's side: once the stack is declared ready and handed on, start the watcher (a
 * process that outlives the step, src/detached.ts) with the stack's containers, and save it in
 * state for the post step. Best effort: a watcher that cannot start costs a line in the log, never the step.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundledScript, spawnDetached } from '../detached.js';
import type { Watcher, WatchJob } from './types.js';

/** Far past a test job's length; GitHub's hosted runners end a job at 6 hours. */
export const WATCH_MAX_MS = 6 * 60 * 60_000;

export interface WatchStart {
  project: string;
  engineEnv: Record<string, string>;
  readyAt: number;
  containers: Record<string, string>;
  env: NodeJS.ProcessEnv;
  /** The background processes' script (default: `dist/background/index.js` beside this bundle; none from src/). */
  script?: string;
}

/** Start the watcher; undefined when there is no bundled script to run. Throws when it could not be started. */
export function startWatcher(o: WatchStart): Watcher | undefined {
  const script = o.script ?? bundledScript('background', import.meta.url);
  if (!script) return undefined;
  const folder = fs.mkdtempSync(path.join(o.env.RUNNER_TEMP || os.tmpdir(), 'compose-or-staging-watch-'));
  const jobFile = path.join(folder, 'job.json');
  const recordFile = path.join(folder, 'events.jsonl');
  const logFile = path.join(folder, 'watch.log');
  const job: WatchJob = {
    project: o.project,
    engineEnv: o.engineEnv,
    readyAt: o.readyAt,
    containers: o.containers,
    recordFile,
    maxMs: WATCH_MAX_MS,
  };
  fs.writeFileSync(jobFile, JSON.stringify(job));
  fs.writeFileSync(recordFile, '');
  const startedAt = Date.now();
  const pid = spawnDetached({ script, kind: 'watch', jobFile, logFile, env: o.env });
  return { pid, project: o.project, readyAt: o.readyAt, startedAt, jobFile, recordFile, logFile };
}
