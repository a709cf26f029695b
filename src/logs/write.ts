/**
 * Each service's complete log streamed to its own file as it is read: line by line from the
 * engine, redacted line by line (a secret cut by a chunk boundary is whole in its line), written
 * in slices of at most {@link SLICE_BYTES}. Nothing is held whole: a log of 100 MB costs what a
 * small one does. Replicas follow one another in one file, each under a line that names it.
 */
import * as fs from 'node:fs';
import { readWholeLog } from '../docker/container-io.js';
import { redactLogLine } from '../report/outside.js';
import type { ContainerInfo } from '../stack/containers.js';
import { logFileOf } from './folder.js';
import type { LogFile } from './types.js';

/** Every service's complete log is read within this, all at once (a longer one is cut, and says so). */
export const LOG_FILES_MS = 10_000;

/** What is gathered before one write. */
export const SLICE_BYTES = 64 * 1024;

/** Lines appended to an open file in slices; counts what it wrote. */
export class LogFileWriter {
  private pending: string[] = [];
  private pendingChars = 0;
  bytes = 0;
  constructor(private readonly fd: number) {}

  line(text: string): void {
    const s = `${redactLogLine(text)}\n`;
    this.pending.push(s);
    this.pendingChars += s.length;
    if (this.pendingChars >= SLICE_BYTES) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const buf = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    for (let off = 0; off < buf.length;) off += fs.writeSync(this.fd, buf, off);
    this.bytes += buf.length;
  }
}

/** One service's containers, oldest first, into `file`. */
async function writeOne(
  service: string,
  file: string,
  containers: ContainerInfo[],
  env: NodeJS.ProcessEnv,
  o: { timeoutMs: number; signal?: AbortSignal },
): Promise<LogFile> {
  const fd = fs.openSync(file, 'w', 0o600);
  const out = new LogFileWriter(fd);
  let complete = true;
  try {
    const own = containers.filter((c) => c.service === service).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
    for (const c of own) {
      if (own.length > 1) out.line(`=== container ${c.name} ===`);
      const whole = await readWholeLog(env, c.id, { ...o, onLine: (line) => out.line(line) });
      if (!whole) {
        complete = false;
        out.line(
          `… the log of container ${c.name} was not read to its end (within ${Math.round(o.timeoutMs / 1000)} s, or the engine did not give it all)`,
        );
      }
    }
    out.flush();
  } finally {
    fs.closeSync(fd);
  }
  return { service, file, bytes: out.bytes, complete };
}

/**
 * The complete log of each of `services`, every one at once, into `folder` (made). A service
 * whose file cannot be written is left out (best effort: logs never fail the step).
 */
export async function writeLogFiles(
  folder: string,
  services: string[],
  containers: ContainerInfo[],
  env: NodeJS.ProcessEnv,
  o: { timeoutMs: number; signal?: AbortSignal },
): Promise<LogFile[]> {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const taken = new Set<string>();
  const files = services.map((s) => ({ service: s, file: logFileOf(folder, s, taken) }));
  const written = await Promise.all(files.map((f) => writeOne(f.service, f.file, containers, env, o).catch(() => undefined)));
  return written.filter((w): w is LogFile => w !== undefined);
}
