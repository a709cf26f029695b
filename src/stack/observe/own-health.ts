/**
 * The action's own runs of a container's healthcheck (`docker exec` of the same command). Docker
 * runs it only every `interval` (often 10 s, and not at all before the first interval ends); the
 * action runs it the moment something says it may pass now, so a service is seen healthy about
 * as soon as it is:
 *
 * - the container (re)started, or the engine turned it unhealthy (one run to confirm);
 * - it began to listen on a new socket ({@link ListenSignal});
 * - it wrote a new kind of log line ({@link LogSignal});
 * - a service it depends on turned healthy, by the engine or by a run of its own, or first
 *   answered 2xx as the backend or auth service ({@link OwnHealthRuns.nudge}): what it waited for
 *   may be there now.
 *
 * At most one run per container is in flight ({@link RunSchedule}); with no signal, a fallback run
 * comes at the cadence of own-health-cadence.ts. A run that passes ends the runs, as Docker's
 * `healthy` does, until the engine says unhealthy or the container starts again.
 */
import { execIn } from '../../docker/container-io.js';
import { healthArgv, healthCommand, type OwnRuns } from '../../readiness/checks/healthcheck.js';
import type { ContainerInfo } from '../containers.js';
import { ListenSignal } from './listen-signal.js';
import { LogSignal } from './log-signal.js';
import { fallbackPauseMs } from './own-health-cadence.js';
import { RunSchedule } from './run-schedule.js';
import { realTimers, type Timers } from './timers.js';

/** A run that takes longer is cut at the healthcheck's own timeout, at most this. */
const MAX_RUN_MS = 5000;
/** A log line this soon after a run a log line asked for may be that run's own (a server logging the request). */
const ECHO_MS = 250;

interface Entry {
  /** The container as last seen (its id and start make the key). */
  c: ContainerInfo;
  pending: boolean;
  passed: boolean;
  /** When the last run started and ended (-Infinity before the first). */
  startedAt: number;
  endedAt: number;
  /** The last run was asked for by a log line; the next one will be. */
  byLog: boolean;
  nextByLog: boolean;
}

/** What the runs need; the defaults are the real ones (tests give their own). */
export interface OwnHealthDeps {
  env: NodeJS.ProcessEnv;
  /** Ends every run (the wait is over). */
  signal: AbortSignal | undefined;
  /** Called when a run passes, so the wait looks again at once. */
  wake: () => void;
  /** What is left of the wait, to bound a run. */
  remainingMs: () => number;
  timers?: Timers;
  /** Run the healthcheck's argv (`docker exec …`); default: run it in the container (container-io.ts). */
  runCheck?: (argv: string[], timeoutMs: number) => Promise<{ code: number | null; aborted: boolean }>;
  /** Follow containers' logs, calling `onLine` with their key for each line of a new kind; default {@link LogSignal}. */
  logs?: (onLine: (key: string) => void) => Follower;
  /** Where this host's /proc is (tests: a folder of their own). */
  proc?: string;
  /** The services each service depends on (`depends_on`); unknown: any service may wait for any other. */
  dependsOn?: ReadonlyMap<string, readonly string[]>;
}

type Follower = Pick<LogSignal, 'follow' | 'stop' | 'close'>;

const keyOf = (c: Pick<ContainerInfo, 'id' | 'startedAt'>): string => `${c.id}:${c.startedAt ?? ''}`;

export class OwnHealthRuns {
  private readonly entries = new Map<string, Entry>();
  /** When each container was first seen unhealthy (cleared when it is not). */
  private readonly unhealthySince = new Map<string, number>();
  private readonly healthy = new Set<string>();
  private readonly schedule: RunSchedule;
  private readonly listening: ListenSignal;
  private readonly logs: Follower;
  private readonly timers: Timers;

  constructor(private readonly deps: OwnHealthDeps) {
    this.timers = deps.timers ?? realTimers;
    this.schedule = new RunSchedule(
      {
        run: (key) => this.run(key),
        fallbackMs: (_key, runMs) => fallbackPauseMs(runMs, [...this.entries.values()].filter((e) => e.pending).length),
      },
      this.timers,
    );
    this.listening = new ListenSignal((key) => this.signalled(key, false), this.timers, deps.proc);
    const onLine = (key: string): void => this.signalled(key, true);
    this.logs = deps.logs?.(onLine) ?? new LogSignal(deps.env, deps.remainingMs, onLine);
  }

  /**
   * What the runs said of `c`; `wanted`: a run is useful now (its health decides, or it is
   * unhealthy and must be confirmed). Becoming wanted is a signal: a run starts at once.
   */
  state(c: ContainerInfo, wanted: boolean): OwnRuns {
    if (c.health === 'unhealthy') this.unhealthySince.set(c.id, this.unhealthySince.get(c.id) ?? this.timers.now());
    else this.unhealthySince.delete(c.id);
    const e = this.entry(c);
    const since = this.unhealthySince.get(c.id);
    const unconfirmed = since !== undefined && e.startedAt < since;
    this.setPending(e, wanted && c.status === 'running' && c.health !== 'healthy' && (!e.passed || unconfirmed));
    const inFlight = this.schedule.running(keyOf(c));
    return { passed: e.passed, confirmedUnhealthy: since !== undefined && !unconfirmed && !inFlight && !e.passed };
  }

  /**
   * Each look at the containers: one that turned healthy (by the engine) is a signal for those
   * that depend on it; the runs of a container that is gone, or no longer runs, end.
   */
  look(containers: ContainerInfo[]): void {
    const keys = new Set(containers.filter((c) => c.status === 'running').map(keyOf));
    for (const [key, e] of [...this.entries]) if (!keys.has(key)) this.drop(key, e);
    const healthyNow = containers.filter((c) => c.health === 'healthy');
    for (const c of healthyNow) {
      const e = this.entries.get(keyOf(c));
      if (e) this.setPending(e, false); // the engine says so: no run of ours needed
    }
    const news = healthyNow.filter((c) => !this.healthy.has(keyOf(c)));
    this.healthy.clear();
    for (const c of healthyNow) this.healthy.add(keyOf(c));
    for (const service of new Set(news.map((c) => c.service))) this.nudge(service);
  }

  /**
   * `service` is there now (it turned healthy, or first answered 2xx): the pending checks of the
   * services that depend on it run at once (of every service, when what depends on what is not known).
   */
  nudge(service: string): void {
    const dependsOn = this.deps.dependsOn;
    for (const [key, e] of this.entries)
      if (e.pending && e.c.service !== service && (!dependsOn || dependsOn.get(e.c.service)?.includes(service))) this.schedule.signal(key);
  }

  close(): void {
    this.schedule.close();
    this.listening.close();
    this.logs.close();
  }

  private entry(c: ContainerInfo): Entry {
    const key = keyOf(c);
    let e = this.entries.get(key);
    if (!e) {
      // A container that started again is a new entry: what ran before says nothing of it.
      for (const [k, old] of [...this.entries]) if (old.c.id === c.id) this.drop(k, old);
      e = { c, pending: false, passed: false, startedAt: -Infinity, endedAt: -Infinity, byLog: false, nextByLog: false };
      this.entries.set(key, e);
    }
    e.c = c;
    return e;
  }

  private drop(key: string, e: Entry): void {
    this.setPending(e, false);
    this.schedule.park(key, true);
    this.entries.delete(key);
  }

  private setPending(e: Entry, pending: boolean): void {
    const key = keyOf(e.c);
    if (pending === e.pending || (pending && !healthArgv(e.c))) return;
    e.pending = pending;
    if (!pending) {
      this.schedule.park(key);
      this.listening.unwatch(key);
      this.logs.stop(key);
      return;
    }
    this.listening.watch(key, e.c);
    this.logs.follow(key, e.c);
    this.schedule.signal(key);
  }

  /** A listening socket or a log line of the container under `key`. */
  private signalled(key: string, byLog: boolean): void {
    const e = this.entries.get(key);
    if (!e?.pending) return;
    // A line while (or just after) a run a log line asked for may be that run's own: it asks for no more.
    const echo = e.byLog && (this.schedule.running(key) || this.timers.now() - e.endedAt < ECHO_MS);
    if (byLog && echo) return;
    e.nextByLog ||= byLog;
    this.schedule.signal(key);
  }

  private async run(key: string): Promise<void> {
    const e = this.entries.get(key);
    const argv = e && healthArgv(e.c);
    if (!e?.pending || !argv) return;
    e.byLog = e.nextByLog;
    e.nextByLog = false;
    e.startedAt = this.timers.now();
    const timeoutMs = Math.min(e.c.healthTimeoutMs ?? MAX_RUN_MS, MAX_RUN_MS, Math.max(500, this.deps.remainingMs()));
    const res = await (this.deps.runCheck?.(argv, timeoutMs) ??
      execIn(this.deps.env, e.c.id, healthCommand(e.c)!, { signal: this.deps.signal, timeoutMs }));
    e.endedAt = this.timers.now();
    if (res.aborted || this.entries.get(key) !== e) return;
    e.passed = res.code === 0;
    if (!e.passed) return;
    this.setPending(e, false);
    this.deps.wake();
    this.nudge(e.c.service);
  }
}
