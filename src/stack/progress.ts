/**
 * What a running `up` has said, and what the watch is still waiting for: kept from the moment `up`
 * starts (an early `up` starts before its log group opens), shown once a printer is attached.
 */

/** Lines kept while no printer is attached; beyond this, the oldest are dropped (and counted). */
const KEEP = 500;

export interface Waiting {
  service: string;
  why: string;
}

export class UpProgress {
  readonly startedAt = performance.now();
  /** What the watch's latest look found not ready yet (undefined before the first look). */
  waiting: Waiting[] | undefined;
  /** Whether `up` still runs. */
  upRunning = true;
  /** Whether the images `up` needs are being pulled, before it runs. */
  pulling = false;
  private kept: string[] = [];
  private dropped = 0;
  private print: ((line: string) => void) | undefined;

  /** A line of `up`'s own output (blank ones are skipped). */
  line(text: string): void {
    if (text.trim() === '') return;
    if (this.print) return this.print(text);
    this.kept.push(text);
    if (this.kept.length > KEEP) {
      this.kept.shift();
      this.dropped++;
    }
  }

  /** Print what was kept, then every line as it comes. */
  attach(print: (line: string) => void): void {
    if (this.dropped > 0) print(`(${this.dropped} earlier lines not shown)`);
    for (const l of this.kept) print(l);
    this.kept = [];
    this.dropped = 0;
    this.print = print;
  }

  detach(): void {
    this.print = undefined;
  }

  /** "compose up is running; alpine-test-backend: health: starting; alpine-test-worker: no container yet" */
  describeWaiting(): string {
    const parts = (this.waiting ?? []).filter((w) => w.service !== 'compose up').map((w) => `${w.service}: ${w.why}`);
    if (this.upRunning)
      parts.unshift(this.pulling ? 'the images up needs are being pulled again, with retries' : 'compose up is still running');
    if (parts.length > 0) return parts.join('; ');
    return this.waiting === undefined ? 'the first look at the containers' : 'the last checks of a stack that looks ready';
  }
}
