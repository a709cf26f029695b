/**
 * The removal of a failed stack that outlives the main step (issue 24, "decide, then remove"):
 * what the main step hands to the background process, what that process writes when done, and
 * what the post step is told in state to wait for it.
 */
import type { Joined, ProjectLeftovers, TeardownResult } from '../stack/types.js';

/** The stack as compose ran it, and the variables that reach its engine (as the teardown state has them). */
export interface RemovalStack {
  /** The compose command prefix, e.g. ['docker', 'compose'] or ['docker-compose']. */
  compose: string[];
  projectName: string;
  projectDirectory: string;
  files: string[];
  /** Override files the action wrote (isolate): passed to compose, deleted by the post step. */
  overrides?: string[];
  /** Environment compose ran with that matters for reaching the engine (DOCKER_HOST, …). */
  engineEnv: Record<string, string>;
}

/** The job file the background process reads: what to remove, and where to say it is done. */
export interface RemovalJob {
  stack: RemovalStack;
  /** The containers the watch knew (removed at once; any other is found by the project's label). */
  known: string[];
  /** `up` was killed mid-way: look by label once more after removing (a create call may land late). */
  lookAgain: boolean;
  /** Networks the main step's container joined (a container job): left before they are removed. */
  joined?: Joined;
  /** Where the result goes (written whole, by rename). */
  resultFile: string;
  /**
   * The main step's process: nothing is removed while it runs (its last look at the failing
   * services' logs, and its last writes, are not to compete with the engine's work of removing).
   */
  stepPid: number;
}

/** What the background process wrote once done. Times in ms since the epoch. */
export interface RemovalResult {
  ok: boolean;
  detail: string;
  startedAt: number;
  finishedAt: number;
}

/** Saved in state for the post step: the process to wait for, its files, and the stack. */
export interface DetachedRemoval {
  pid: number;
  /** When the main step started it (ms since the epoch). */
  startedAt: number;
  jobFile: string;
  /** Its stdout and stderr. */
  logFile: string;
  resultFile: string;
  stack: RemovalStack;
  /** `up` was killed mid-way: a create call may land late, so the post step looks until none is left. */
  upStopped: boolean;
}

/** How the post step's wait for it ended. */
export type Waited =
  | { outcome: 'finished'; result: RemovalResult; waitedMs: number }
  /** Its process ended without a result (killed). */
  | { outcome: 'died'; waitedMs: number }
  /** Still running at the bound: its process group was stopped. */
  | { outcome: 'timed-out'; waitedMs: number; limitMs: number };

/** What the post step found and did, for its log and summary. */
export interface RemovalOutcome {
  project: string;
  pid: number;
  startedAt: number;
  waited: Waited;
  /** What its label found once the wait was over (or why the engine could not say). */
  left: ProjectLeftovers | { unknown: string };
  /** The post step's own teardown of what was left, when anything was (or could not be known). */
  teardown?: TeardownResult;
}
