/**
 * How long the action waits, when no signal comes, before it runs a container's healthcheck again
 * itself. A check that depends on time alone (a warm-up, a file written late) gives no signal; the
 * fallback run still notices it soon, at a cost kept small on a busy 2-core runner. Pure.
 *
 * A run is a `docker exec`: 50-250 ms of wall time (more on a loaded machine), about half of it
 * CPU across the CLI, the engine and runc. After a run of `runMs` the next fallback run of that
 * container comes `SPREAD × pending × runMs` later, and never sooner than `FLOOR_MS`: the
 * fallback runs of all the pending containers together then keep at most 1/SPREAD of one exec in
 * flight (about 6 % of a 2-core runner), however many they are, and back off by themselves when
 * the machine is slow (its runs take longer). One container alone, with a 150 ms run, runs again
 * 0.6 s after the last run ended; each of eight, 4.8 s after.
 *
 * The engine runs the check itself every `interval` and says when it passes (an event): a fallback
 * no sooner than that would only repeat it, so there is none then, and signals alone start runs.
 */
export const FLOOR_MS = 500;
export const SPREAD = 4;

/** The pause before the next fallback run, or undefined when the engine's own runs come as often. Pure. */
export function fallbackPauseMs(runMs: number, pending: number, intervalMs: number | undefined): number | undefined {
  const pause = Math.max(FLOOR_MS, SPREAD * Math.max(1, pending) * Math.max(0, runMs));
  return intervalMs !== undefined && intervalMs > 0 && pause >= intervalMs ? undefined : pause;
}
