/**
 * A restore or a save of the image cache in a process of its own (src/images/cache-work.ts says
 * why it must be one). It is started before its job is known, so that its start (node, and the
 * library's 3.5 MB) overlaps what comes first (the lookup, `docker save`); the job is then written
 * to its stdin, or the process is killed when there is none.
 *
 * It runs through the one exec wrapper: in a process group of its own, killed whole (the library's
 * tar and zstd with it) past its bound, when its signal aborts, when the step is cancelled
 * (`killRunningChildren`), and when this process exits, so that none outlives the step.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec, type ExecResult } from '../exec.js';
import { answerMark, type CacheAnswer, type CacheJob } from './cache-job.js';

/**
 * How to start it: `dist/cache/index.js` beside the bundle that asks (`dist/main/`, `dist/post/`);
 * from src/ (through tsx) its entry, with the loader this process was started with.
 */
export function cacheChildArgv(here = import.meta.url, execArgv = process.execArgv): string[] {
  const dir = path.dirname(fileURLToPath(here));
  const bundled = path.join(dir, '..', 'cache', 'index.js');
  if (fs.existsSync(bundled)) return [bundled];
  const loaders = execArgv.flatMap((a, i) =>
    /^--(import|loader|require)$/.test(a) && execArgv[i + 1] ? [a, execArgv[i + 1] as string] : [],
  );
  return [...loaders, path.join(dir, '..', 'entries', 'cache.ts')];
}

/** Aborted when this process exits: what still runs is killed (the listener is synchronous). */
let exiting: AbortController | undefined;
let running = 0;

/** How the process ended, and its answer when it gave one. */
export interface ChildRun {
  answer: CacheAnswer | undefined;
  result: ExecResult;
  /** Killed past its bound. */
  late: boolean;
}

export interface PreparedChild {
  /** Give it its job, for at most `ms` from now. */
  run(job: Pick<CacheJob, 'op' | 'key' | 'restoreKeys'>, ms: number): Promise<ChildRun>;
  /** No job for it (or no longer needed): killed, if it still runs. */
  cancel(): void;
}

/**
 * Start the process for one job on the file `name` in `folder` (created now). `onLine`: each line
 * the library writes (the answer's line excepted). `signal`: no longer needed, killed.
 */
export function prepareChild(
  folder: string,
  name: string,
  onLine: (line: string, stream: 'stdout' | 'stderr') => void,
  signal?: AbortSignal,
): PreparedChild {
  if (!exiting) {
    const controller = (exiting = new AbortController());
    process.once('exit', () => controller.abort());
  }
  const nonce = randomUUID();
  const mark = answerMark(nonce);
  const stop = new AbortController();
  let answer: CacheAnswer | undefined;
  let late = false;
  let give: (job: string) => void = () => undefined;
  fs.mkdirSync(folder, { recursive: true });
  running++;
  const ended = exec([process.execPath, ...cacheChildArgv()], {
    input: new Promise<string>((resolve) => (give = resolve)),
    signal: AbortSignal.any([stop.signal, exiting.signal, ...(signal ? [signal] : [])]),
    onLine: (line, stream) => {
      if (stream === 'stdout' && line.startsWith(mark)) answer = parseAnswer(line.slice(mark.length));
      else onLine(line, stream);
    },
    keepChars: 4000,
  }).finally(() => running--);
  return {
    async run(job, ms) {
      give(JSON.stringify({ ...job, folder, name, nonce } satisfies CacheJob));
      const timer = setTimeout(() => {
        late = true;
        stop.abort();
      }, ms);
      try {
        const result = await ended;
        return { answer, result, late };
      } finally {
        clearTimeout(timer);
      }
    },
    cancel: () => stop.abort(),
  };
}

function parseAnswer(json: string): CacheAnswer | undefined {
  try {
    const a = JSON.parse(json) as CacheAnswer;
    return a && typeof a === 'object' && typeof a.ok === 'boolean' ? a : undefined;
  } catch {
    return undefined;
  }
}

/** Such processes not ended yet (prepared ones too). */
export const childrenRunning = (): number => running;
