/**
 * The watch after the decision (issue 26, item 4): between the main step and the post step, a
 * process of the action's own follows the stack's container events, so that a service that dies,
 * restarts or turns unhealthy while the tests run is reported by the post step. The shapes the
 * main step hands over, the watcher writes, and the post step reads and reports.
 */

/** The job file the watcher reads. */
export interface WatchJob {
  project: string;
  /** The variables that reach the stack's engine (DOCKER_HOST, …). */
  engineEnv: Record<string, string>;
  /** When the stack was declared ready (ms since the epoch): the events from then on are followed. */
  readyAt: number;
  /** The stack's containers at the decision, id → compose service. */
  containers: Record<string, string>;
  /** Where each event goes, one JSON line ({@link WatchRecord}) each. */
  recordFile: string;
  /** The longest it runs, should no post step end it (a job cancelled before its post step, say). */
  maxMs: number;
}

/** One event of a container of the stack, as the watcher wrote it. */
export interface WatchRecord {
  /** When it happened (ms since the epoch, the engine's clock). */
  at: number;
  /** The container's id. */
  id: string;
  service: string;
  /** The engine's action: die, start, oom, kill, stop, destroy, health_status: …, or `watch-ended`. */
  action: string;
  exitCode?: number;
  /** `watch-ended`: why the watcher ended. */
  why?: string;
}

/** Saved in state for the post step: the watcher to end, and where it wrote. */
export interface Watcher {
  pid: number;
  project: string;
  /** When the stack was declared ready (ms since the epoch). */
  readyAt: number;
  /** When the main step started the watcher (ms since the epoch). */
  startedAt: number;
  jobFile: string;
  recordFile: string;
  /** Its stdout and stderr. */
  logFile: string;
}

/** What happened to a service after the decision, as a person reads it. */
export type IncidentKind = 'died' | 'oom-killed' | 'unhealthy' | 'restarted' | 'healthy-again' | 'stopped' | 'removed';

/** Kinds that mean the tests may have run against a broken stack: a warning annotation each. */
export const ALARMING: ReadonlySet<IncidentKind> = new Set(['died', 'oom-killed', 'unhealthy']);

export interface Incident {
  service: string;
  kind: IncidentKind;
  /** When (ms since the epoch, the engine's clock). */
  at: number;
  /** How long after the stack was declared ready. */
  sinceReadyMs: number;
  /** died, oom-killed, stopped: how its main process exited. */
  exitCode?: number;
}

/** What the post step found once it had ended the watcher. */
export interface AfterDecision {
  project: string;
  readyAt: number;
  /** When the post step ended the watch (ms since the epoch). */
  endedAt: number;
  incidents: Incident[];
  /**
   * How the watch went: `whole` from the decision to the post step; `cut-short` when it ended
   * before (its stream lost, its process gone), with why.
   */
  coverage: { whole: true } | { whole: false; why: string };
}
