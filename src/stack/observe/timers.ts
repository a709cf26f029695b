/**
 * The clock and timers the observers of the wait schedule their work with: the real ones, or a
 * fake a test moves by hand. A leaf: it imports nothing.
 */
export interface Timers {
  /** Milliseconds, monotonic (performance.now() for the real ones). */
  now(): number;
  /** Call `fn` once, `ms` from now; the handle clears it. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's own; a pending timer does not keep the step's process alive (the wait does, while it runs). */
export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};
