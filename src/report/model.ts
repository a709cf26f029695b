/**
 * The run's report: every check in order, with its result, duration and detail. The summary and
 * the JSON report are both rendered from this one object.
 */
export type CheckStatus = 'ok' | 'failed' | 'skipped' | 'info';

export interface Check {
  /** Stable identifier, e.g. 'docker.daemon', 'compose.discovery', 'wait.backend'. */
  id: string;
  title: string;
  status: CheckStatus;
  durationMs: number;
  /** One line a person reads. */
  detail: string;
  /** What to change, for a known failure. */
  hint?: string;
  /** Structured facts (versions, candidates, ports, …). */
  data?: Record<string, unknown>;
}

export interface ServiceFailure {
  service: string;
  state: string;
  exitCode?: number;
  health?: string;
  lastHealthcheckOutput?: string;
  logTail: string[];
}

export class Report {
  readonly startedAt = new Date();
  readonly checks: Check[] = [];
  readonly serviceFailures: ServiceFailure[] = [];

  add(check: Omit<Check, 'durationMs'> & { durationMs?: number }): Check {
    const full: Check = { durationMs: 0, ...check };
    full.durationMs = Math.round(full.durationMs);
    this.checks.push(full);
    return full;
  }

  /** Run `fn`, timing it; the check's result comes from what `fn` returns or throws. */
  async time<T>(
    id: string,
    title: string,
    fn: () => Promise<T>,
    describe: (value: T) => Omit<Check, 'id' | 'title' | 'durationMs'>,
  ): Promise<T> {
    const started = performance.now();
    try {
      const value = await fn();
      this.add({ id, title, durationMs: performance.now() - started, ...describe(value) });
      return value;
    } catch (err) {
      this.add({ id, title, status: 'failed', durationMs: performance.now() - started, detail: errorMessage(err) });
      throw err;
    }
  }

  failed(): Check[] {
    return this.checks.filter((c) => c.status === 'failed');
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
