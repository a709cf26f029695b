/**
 * How long the action waits, when no signal comes, before it runs a container's healthcheck again
 * itself. A check that depends on time alone (a warm-up, a file written late) gives no signal; the
 * fallback run still notices it soon, at a cost kept small on a busy 2-core runner. Pure.
 *
 * A run is a `docker exec`: 50-250 ms of wall time on a quiet machine (seconds on an overloaded
 * one), about half of it CPU across the CLI, the engine and runc. After a run of `runMs` the next
 * fallback run of that container comes `SPREAD × pending × runMs` later, within
 * [`FLOOR_MS`, `CEILING_MS`]. Below the ceiling, the fallback runs of all the pending containers
 * together keep at most 1/SPREAD of one exec in flight (about 6 % of a 2-core runner), and back off
 * when the machine is slow (its runs take longer); the ceiling keeps a check that passes on time
 * alone noticed within about 2 s however many wait (eight with 150 ms runs: 0.6 of an exec in
 * flight, about 15 % of the runner). One container alone with a 150 ms run runs again 0.6 s after
 * the last run ended.
 *
 * Docker's own runs, every `interval`, do not replace these: its result reaches the action only
 * after its run, its health update, an event and a `docker inspect` (0.2-0.5 s on a busy runner),
 * at a moment of its own, so with an interval of 1 s a check on time alone was noticed 0.3-0.5 s
 * later when the fallback left it to Docker (measured, bench/own-health.ts).
 */
export const FLOOR_MS = 500;
export const CEILING_MS = 2000;
export const SPREAD = 4;

/** The pause before the next fallback run. Pure. */
export function fallbackPauseMs(runMs: number, pending: number): number {
  return Math.min(CEILING_MS, Math.max(FLOOR_MS, SPREAD * Math.max(1, pending) * Math.max(0, runMs)));
}
