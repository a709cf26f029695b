/**
 * What a failed service printed last: `docker logs --timestamps --tail N` of its containers, by
 * id (all at once, on the engine's socket when it is local: no compose start-up on the way to the
 * fallback), the two streams and every replica merged in time order.
 */
import { readLog } from '../docker/container-io.js';

/** "2026-11-22T00:14:36.1013795Z text": the instant, to the nanosecond, as a sortable string. */
function instantOf(line: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z /.exec(line);
  // RFC 3339 with nanoseconds drops trailing zeros: pad them back, or ".1" would sort after ".10000001".
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : '';
}

/**
 * Lines of several outputs (each in time order, each line starting with its timestamp) merged in
 * time order, the last `tail` of them. A line without a timestamp stays after the one before it. Pure.
 */
export function mergeTimestamped(outputs: string[], tail: number): string[] {
  const lines: Array<{ at: string; source: number; index: number; text: string }> = [];
  outputs.forEach((out, source) => {
    let at = '';
    out
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .forEach((text, index) => {
        at = instantOf(text) || at;
        lines.push({ at, source, index, text });
      });
  });
  lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.source - b.source || a.index - b.index));
  return lines.slice(-tail).map((l) => l.text);
}

/** The last `tail` lines of these containers, merged. Best effort: a container that cannot be read adds nothing. */
export async function containerLogs(ids: string[], tail: number, env: NodeJS.ProcessEnv): Promise<string[]> {
  const results = await Promise.all(ids.map((id) => readLog(env, id, tail, { timeoutMs: 5000 })));
  return mergeTimestamped(
    results.flatMap((r) => (r.code === 0 ? [r.stdout, r.stderr] : [])),
    tail,
  );
}
