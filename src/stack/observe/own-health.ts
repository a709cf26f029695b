/**
 * The action's own runs of a container's healthcheck (`docker exec` of the same command): Docker
 * runs it only every `interval` (often 10 s, and not at all before the first interval ends), the
 * action a moment after its last run ended, so a service is seen healthy as soon as it is.
 */
import { exec } from '../../exec.js';
import { healthArgv, type OwnRuns } from '../../readiness/checks/healthcheck.js';
import type { ContainerInfo } from '../containers.js';

/** The next run starts this long after the last one ended. */
const GAP_MS = 100;
/** A run that takes longer is cut at the healthcheck's own timeout, at most this. */
const MAX_RUN_MS = 5000;

interface Runs {
  /** When the last run ended, and when it started. */
  endedAt: number;
  startedAt: number;
  passed: boolean;
  inFlight: boolean;
}

export class OwnHealthRuns {
  private readonly runs = new Map<string, Runs>();
  /** When each container was first seen unhealthy (cleared when it is not). */
  private readonly unhealthySince = new Map<string, number>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly signal: AbortSignal | undefined,
    private readonly wake: () => void,
    /** What is left of the wait, to bound a run. */
    private readonly remainingMs: () => number,
  ) {}

  /**
   * What the runs said of `c`; `wanted`: a run is useful now (its health decides, or it is
   * unhealthy and must be confirmed), and one is started when due.
   */
  state(c: ContainerInfo, wanted: boolean): OwnRuns {
    if (c.health === 'unhealthy') this.unhealthySince.set(c.id, this.unhealthySince.get(c.id) ?? performance.now());
    else this.unhealthySince.delete(c.id);
    const r = this.runs.get(c.id);
    if (wanted && c.status === 'running' && c.health !== 'healthy' && (!r || (!r.inFlight && performance.now() - r.endedAt >= GAP_MS)))
      this.start(c, r);
    const since = this.unhealthySince.get(c.id);
    return {
      passed: r?.passed === true,
      confirmedUnhealthy: since !== undefined && r !== undefined && !r.inFlight && !r.passed && r.startedAt >= since,
    };
  }

  private start(c: ContainerInfo, before: Runs | undefined): void {
    const argv = healthArgv(c);
    if (!argv) return;
    const r: Runs = {
      endedAt: before?.endedAt ?? -Infinity,
      startedAt: performance.now(),
      passed: before?.passed ?? false,
      inFlight: true,
    };
    this.runs.set(c.id, r);
    void exec(argv, {
      env: this.env,
      signal: this.signal,
      timeoutMs: Math.min(c.healthTimeoutMs ?? MAX_RUN_MS, MAX_RUN_MS, Math.max(500, this.remainingMs())),
    }).then((res) => {
      r.passed = res.code === 0;
      r.endedAt = performance.now();
      r.inFlight = false;
      if (r.passed) this.wake();
    });
  }
}
