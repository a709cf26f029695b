/**
 * Waiting in tests: `sleep` for a pause, `until` for a condition. `until` is a guard, never a speed
 * assertion: its limit is far past what is expected (the machine may be loaded), and when it runs
 * out it fails naming what was awaited.
 */

/** Resolve after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface UntilOptions {
  /** What is awaited, for the failure message ("the removal's result file"). */
  what: string;
  /** The guard: give up after this long. Far past expectations; 60 s unless told. */
  timeoutMs?: number;
  /** Pause between two asks; 20 ms unless told. */
  intervalMs?: number;
}

/** Resolve once `predicate()` holds (asked at once, then every `intervalMs`); reject naming `what` after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, options: UntilOptions): Promise<void> {
  const { what, timeoutMs = 60_000, intervalMs = 20 } = options;
  const deadline = performance.now() + timeoutMs;
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
