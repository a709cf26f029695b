/**
 * When a check that costs a process (the action's own run of a container's healthcheck) runs: at
 * once when a signal says it may pass now, never twice at the same time for one key (a signal
 * during a run asks for exactly one more, right after it: any number of signals meanwhile are that
 * one), and, when no signal comes, again after a fallback pause the owner chooses per run. A
 * parked key runs no more until its next signal.
 */
import { realTimers, type Timers } from './timers.js';

export interface ScheduleHooks {
  /** One run of `key`; settles once it has ended (a rejection counts as an end). */
  run(key: string): Promise<void>;
  /** The pause after a run of `key` that took `runMs` and that no signal followed; undefined: none, wait for a signal. */
  fallbackMs(key: string, runMs: number): number | undefined;
}

interface Slot {
  running: boolean;
  /** A signal came during the run in flight: one more right after it. */
  again: boolean;
  parked: boolean;
  timer: unknown;
}

export class RunSchedule {
  private readonly slots = new Map<string, Slot>();
  private closed = false;

  constructor(
    private readonly hooks: ScheduleHooks,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Something says `key` may pass now: run it now, or once more right after the run in flight. */
  signal(key: string): void {
    if (this.closed) return;
    let s = this.slots.get(key);
    if (!s) {
      s = { running: false, again: false, parked: false, timer: undefined };
      this.slots.set(key, s);
    }
    s.parked = false;
    if (s.running) s.again = true;
    else this.start(key, s);
  }

  /** Whether a run of `key` is in flight. */
  running(key: string): boolean {
    return this.slots.get(key)?.running === true;
  }

  /**
   * No run of `key` until its next signal (a run in flight ends alone, and no run follows it);
   * `forget`: the key will not come back (its container is gone), drop what is kept of it.
   */
  park(key: string, forget = false): void {
    const s = this.slots.get(key);
    if (!s) return;
    this.timers.clearTimeout(s.timer);
    s.timer = undefined;
    s.again = false;
    s.parked = true;
    if (forget && !s.running) this.slots.delete(key);
  }

  /** Park every key; no signal starts a run any more. */
  close(): void {
    this.closed = true;
    for (const key of [...this.slots.keys()]) this.park(key, true);
  }

  private start(key: string, s: Slot): void {
    this.timers.clearTimeout(s.timer);
    s.timer = undefined;
    s.running = true;
    s.again = false;
    const started = this.timers.now();
    const ended = (): void => this.ended(key, s, this.timers.now() - started);
    let run: Promise<void>;
    try {
      run = this.hooks.run(key);
    } catch {
      run = Promise.resolve();
    }
    run.then(ended, ended);
  }

  private ended(key: string, s: Slot, runMs: number): void {
    s.running = false;
    if (s.parked || this.closed) return;
    if (s.again) return this.start(key, s);
    const pause = this.hooks.fallbackMs(key, runMs);
    if (pause === undefined) return;
    s.timer = this.timers.setTimeout(() => {
      s.timer = undefined;
      if (!s.running && !s.parked && !this.closed) this.start(key, s);
    }, pause);
  }
}
