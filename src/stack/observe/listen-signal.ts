/**
 * A signal for the action's own healthcheck runs: a container began to listen on a socket it did
 * not listen on before (a database that opens its port once it has started, say). Read from the
 * container's socket table in this host's /proc every {@link POLL_MS}, a few file reads, no exec;
 * a container whose table cannot be read from here (a remote engine, a step in a container) gives
 * no such signal: an exec would cost as much as the healthcheck run it would trigger.
 */
import { parseListeners, type Listener } from '../../readiness/checks/listening.js';
import type { ContainerInfo } from '../containers.js';
import { readHostTable } from './listeners.js';
import { realTimers, type Timers } from './timers.js';

const POLL_MS = 100;

/** The listening sockets of `now` that are not in `seen`, by address and port. Pure. */
export function newSockets(seen: ReadonlySet<string>, now: Listener[]): string[] {
  return now.map((l) => `${l.address}:${l.port}`).filter((s) => !seen.has(s));
}

interface Watched {
  c: Pick<ContainerInfo, 'id' | 'pid'>;
  seen: Set<string>;
}

export class ListenSignal {
  private readonly watched = new Map<string, Watched>();
  private timer: unknown;

  constructor(
    /** Called with the key a container was watched under when it listens on a new socket. */
    private readonly onListen: (key: string) => void,
    private readonly timers: Timers = realTimers,
    private readonly proc = '/proc',
  ) {}

  /** Watch `c` under `key` from now (what it listens on already is no news); false when its table cannot be read here. */
  watch(key: string, c: Pick<ContainerInfo, 'id' | 'pid'>): boolean {
    if (this.watched.has(key)) return true;
    const table = readHostTable(c, this.proc);
    if (table === undefined) return false;
    this.watched.set(key, { c, seen: new Set(newSockets(new Set(), parseListeners(table))) });
    this.timer ??= this.timers.setTimeout(() => this.poll(), POLL_MS);
    return true;
  }

  unwatch(key: string): void {
    this.watched.delete(key);
  }

  close(): void {
    this.watched.clear();
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    this.timer = undefined;
    for (const [key, w] of [...this.watched]) {
      const table = readHostTable(w.c, this.proc);
      if (table === undefined) {
        this.watched.delete(key); // stopped, or no longer this container's process
        continue;
      }
      const fresh = newSockets(w.seen, parseListeners(table));
      for (const s of fresh) w.seen.add(s);
      if (fresh.length > 0) this.onListen(key);
    }
    if (this.watched.size > 0) this.timer = this.timers.setTimeout(() => this.poll(), POLL_MS);
  }
}
