/**
 * One service's story, as the report's `services` and the summary tell it: what became of it, when
 * it was created, started and ready (or exited), by which rule, what its healthcheck said last,
 * and where its complete log is. A leaf: shapes only.
 */

/** What became of a service, as a person reads it. */
export type StoryState =
  /** Ready, by its rule. */
  | 'ready'
  /** A one-shot that ran and exited 0. */
  | 'done'
  /** Running, not (yet) ready when the step decided. */
  | 'running'
  | 'exited'
  | 'restarting'
  /** Created and never started (its dependency failed first, say). */
  | 'created'
  /** No container at all (`up` failed before it, or it was not started). */
  | 'not created';

export interface ServiceStory {
  name: string;
  state: StoryState;
  exitCode: number | null;
  restarts: number;
  /** Docker's health status, when it has a healthcheck. */
  health: string | null;
  /** ISO 8601; null when it never happened. */
  createdAt: string | null;
  startedAt: string | null;
  readyAt: string | null;
  /** When it exited (ISO 8601), for a service that did. */
  exitedAt: string | null;
  /** The rule that made it ready (`healthcheck`, `endpoint`, `listening`, `running`, `declared`, `done`). */
  readyBy: string | null;
  /** Why the rule says so, or why it was not ready, as the wait said it (outside text, cleaned). */
  why: string | null;
  lastHealthcheckOutput: string | null;
  /** The path of its complete log (null until complete logs are written). */
  logFile: string | null;
  logBytes: number | null;
}
