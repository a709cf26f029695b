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
 * The engine runs the check itself every `interval` and says when it passes (an event): a fallback
 * no sooner than that would only repeat it, so there is none then, and signals alone start runs.
 */
export const FLOOR_MS = 500;
export const CEILING_MS = 2000;
export const SPREAD = 4;

/** The pause before the next fallback run, or undefined when the engine's own runs come as often. Pure. */
export function fallbackPauseMs(runMs: number, pending: number, intervalMs: number | undefined): number | undefined {
  const pause = Math.min(CEILING_MS, Math.max(FLOOR_MS, SPREAD * Math.max(1, pending) * Math.max(0, runMs)));
  return intervalMs !== undefined && intervalMs > 0 && pause >= intervalMs ? undefined : pause;
}
