/**
 * The log lines of containers that declare a `log` check, followed (`docker logs --follow`, from
 * the container's last start) until every pattern has matched or the wait ends. Only the last
 * few kilobytes of the stream are kept: the lines are matched as they come.
 */
import { followLog } from '../../docker/container-io.js';
import { LogMatch } from '../../readiness/checks/log.js';
import type { CheckState } from '../../readiness/types.js';
import type { ContainerInfo } from '../containers.js';

interface Follower {
  /** id and start: a restarted container's log is followed anew, from its new start. */
  key: string;
  matches: Map<string, LogMatch>;
  stop: AbortController;
}

export class LogWatch {
  private readonly followers = new Map<string, Follower>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly budgetMs: () => number,
    private readonly wake: () => void,
  ) {}

  /** Whether a line of `c`'s log has matched `pattern`; starts following its log when needed. */
  state(c: ContainerInfo, pattern: string): CheckState {
    const key = `${c.id}:${c.startedAt ?? ''}`;
    let f = this.followers.get(c.id);
    if (!f || f.key !== key) {
      f?.stop.abort();
      f = { key, matches: new Map(), stop: new AbortController() };
      this.followers.set(c.id, f);
      this.follow(c, f);
    }
    let m = f.matches.get(pattern);
    if (!m) {
      m = new LogMatch(pattern);
      f.matches.set(pattern, m);
    }
    return m.state();
  }

  private follow(c: ContainerInfo, f: Follower): void {
    void followLog(this.env, c.id, {
      since: c.startedAt !== undefined ? (c.startedAt / 1000).toFixed(3) : undefined,
      signal: f.stop.signal,
      timeoutMs: Math.max(1000, this.budgetMs()),
      keepChars: 4096,
      onLine: (line) => {
        let matchedNow = false;
        for (const m of f.matches.values()) matchedNow = m.line(line) || matchedNow;
        if (matchedNow) this.wake();
      },
    });
  }

  /** Stop following every log. */
  close(): void {
    for (const f of this.followers.values()) f.stop.abort();
    this.followers.clear();
  }
}
