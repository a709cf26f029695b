/**
 * The listening sockets of a container, read from the kernel's table of its network namespace.
 *
 * On the engine's own host the container's main process is there to read: /proc/<pid>/net/tcp
 * (and tcp6) is its namespace's table, no exec needed, and costs a file read. That pid is the
 * container's only if /proc/<pid>/cgroup names the container's id (a step in a container, or
 * talking to a remote engine, sees another process or none under that number). Elsewhere
 * `docker exec <id> cat /proc/net/tcp /proc/net/tcp6` reads the same table, as testcontainers
 * does; an image without `cat` cannot be read, and the caller falls back to the running rule.
 */
import * as fs from 'node:fs';
import { execIn } from '../../docker/container-io.js';
import { lastLines } from '../../exec.js';
import { parseListeners, type Listener } from '../../readiness/checks/listening.js';
import type { ContainerInfo } from '../containers.js';

export type ListenerRead = Listener[] | { unchecked: string };

/** The next exec read starts this long after the last one ended. */
const EXEC_GAP_MS = 100;
const EXEC_TIMEOUT_MS = 5000;

/** The container's table from this host's /proc, or undefined when its pid is not visible here as that container. */
export function readHostTable(c: Pick<ContainerInfo, 'id' | 'pid'>, proc = '/proc'): string | undefined {
  if (!c.pid) return undefined;
  try {
    if (!fs.readFileSync(`${proc}/${c.pid}/cgroup`, 'utf8').includes(c.id)) return undefined;
    const tcp = fs.readFileSync(`${proc}/${c.pid}/net/tcp`, 'utf8');
    let tcp6 = '';
    try {
      tcp6 = fs.readFileSync(`${proc}/${c.pid}/net/tcp6`, 'utf8');
    } catch {
      // IPv6 off in the container: its table is absent.
    }
    return `${tcp}\n${tcp6}`;
  } catch {
    return undefined;
  }
}

interface Entry {
  /** id and pid: a restart is a new process, whose sockets are read anew. */
  key: string;
  read: ListenerRead | undefined;
  inFlight: boolean;
  endedAt: number;
  viaHost: boolean | undefined;
}

export class ListenerReader {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly signal: AbortSignal | undefined,
    /** Called when an exec read ends, so the wait looks again at once. */
    private readonly wake: () => void,
  ) {}

  /** What is known of the container's sockets now; starts a fresh read when one is due. */
  get(c: ContainerInfo): ListenerRead | undefined {
    const key = `${c.id}:${c.pid}`;
    let e = this.entries.get(c.id);
    if (!e || e.key !== key) {
      e = { key, read: undefined, inFlight: false, endedAt: -Infinity, viaHost: undefined };
      this.entries.set(c.id, e);
    }
    if (e.viaHost !== false) {
      const table = readHostTable(c);
      e.viaHost = table !== undefined;
      if (table !== undefined) return (e.read = parseListeners(table));
    }
    if (!e.inFlight && performance.now() - e.endedAt >= EXEC_GAP_MS && c.status === 'running') this.viaExec(c, e);
    return e.read;
  }

  private viaExec(c: ContainerInfo, e: Entry): void {
    e.inFlight = true;
    void execIn(this.env, c.id, ['cat', '/proc/net/tcp', '/proc/net/tcp6'], { signal: this.signal, timeoutMs: EXEC_TIMEOUT_MS }).then(
      (r) => {
        e.inFlight = false;
        e.endedAt = performance.now();
        if (/local_address/.test(r.stdout)) e.read = parseListeners(r.stdout);
        else if (/executable file not found|no such file or directory|not found/i.test(r.stderr) && !/No such container/i.test(r.stderr))
          e.read = { unchecked: `the image has no cat to read /proc/net/tcp (${lastLines(r.stderr, 1)})` };
        this.wake();
      },
    );
  }
}
