/**
 * A clock the test moves by hand, for what takes src/stack/observe/timers.ts's Timers: no wall
 * clock, no real pause. `advance` runs every timer that falls due, in order, letting promises
 * settle after each.
 */
import type { Timers } from '../../src/stack/observe/timers.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** Let every promise that can settle now settle (a macrotask turn). */
export const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

export class FakeTimers implements Timers {
  private t = 0;
  private seq = 0;
  private pending: Pending[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const p = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.push(p);
    return p;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p !== handle);
  }

  /** How many timers are set. */
  get armed(): number {
    return this.pending.length;
  }

  /** Move the clock `ms` on, running each timer as it falls due. */
  async advance(ms: number): Promise<void> {
    const to = this.t + ms;
    await settle();
    for (;;) {
      const next = [...this.pending].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next || next.at > to) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.t = next.at;
      next.fn();
      await settle();
    }
    this.t = to;
  }
}
