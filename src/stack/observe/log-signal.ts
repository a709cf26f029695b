/**
 * A signal for the action's own healthcheck runs: a container wrote a line of a kind it had not
 * written before ("database system is ready to accept connections"). Its log is followed from now
 * (`docker logs --follow --tail 0`) while it is awaited by its healthcheck.
 *
 * Only a new shape of line counts (digits, hex ids and UUIDs aside): a server that logs every
 * request logs each run of its healthcheck, the engine's and the action's, and those lines must
 * not ask for more runs. A container that has written {@link SHAPES_KEPT} shapes signals no more.
 */
import { followLog } from '../../docker/container-io.js';
import type { ContainerInfo } from '../containers.js';

const SHAPES_KEPT = 500;

/** What is left of a line once what changes from one request to the next is taken out. Pure. */
export function logShape(line: string): string {
  return line
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') // colour codes
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '#') // UUIDs
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '#') // hex ids (with a digit: not a plain word)
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Follower {
  shapes: Set<string>;
  stop: AbortController;
}

export class LogSignal {
  private readonly followers = new Map<string, Follower>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly budgetMs: () => number,
    /** Called with the key a container was followed under, for each line of a new shape. */
    private readonly onLine: (key: string) => void,
  ) {}

  /** Follow `c`'s log under `key` from now. */
  follow(key: string, c: Pick<ContainerInfo, 'id'>): void {
    if (this.followers.has(key)) return;
    const f: Follower = { shapes: new Set(), stop: new AbortController() };
    this.followers.set(key, f);
    void followLog(this.env, c.id, {
      tail: 0,
      signal: f.stop.signal,
      timeoutMs: Math.max(1000, this.budgetMs()),
      onLine: (line) => {
        if (f.shapes.size >= SHAPES_KEPT) return;
        const shape = logShape(line);
        if (!shape || f.shapes.has(shape)) return;
        f.shapes.add(shape);
        if (!f.stop.signal.aborted) this.onLine(key);
      },
    });
  }

  stop(key: string): void {
    this.followers.get(key)?.stop.abort();
    this.followers.delete(key);
  }

  close(): void {
    for (const key of [...this.followers.keys()]) this.stop(key);
  }
}
