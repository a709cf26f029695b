/**
 * The engine's events for one project's containers (`docker events`, by the compose project
 * label), so that the watch does not have to poll for what did not change:
 *
 * - a container that starts, dies, restarts or changes health wakes the watch at once (a crash is
 *   seen within one `docker inspect`, not at the next look, which is 500 ms apart while `up` runs);
 * - while nothing has happened since the last `docker inspect`, its answer still stands, so the
 *   watch can probe the endpoints without asking the engine again.
 *
 * Best effort: when the stream cannot start or ends (an old engine, a remote one that drops it),
 * the watch simply inspects at every look, as without it.
 */
import * as runner from '../runner.js';
import { apiLines, filtersQuery } from '../docker/engine-api.js';
import { engineSocket } from '../docker/endpoint.js';
import { exec } from '../exec.js';
import { outsideLine } from '../report/outside.js';

export interface ProjectEvent {
  seq: number;
  action: string;
  /** The container's full id. */
  id: string;
  /** For `die`: how the container's main process exited. */
  exitCode: number | undefined;
  /** When it happened (ms since the epoch, the engine's clock); undefined when the stream did not say. */
  at: number | undefined;
  /** The container's compose service (its label), when the stream said. */
  service?: string;
}

export interface FollowOptions {
  /** Replay the events from this time on (ms since the epoch): none between the call and the subscription is missed. */
  sinceMs?: number;
}

const SERVICE_LABEL = 'com.docker.compose.service';

/** How many recent events are kept (health_status alone brings one per container and interval). */
const KEEP_EVENTS = 200;

export class ProjectEvents {
  /** How many container events (other than exec_*) have come; compare to see whether any came since. */
  seq = 0;
  /** Whether the stream is known to be subscribed: it has delivered an event and has not ended. */
  live = false;
  private recent: ProjectEvent[] = [];
  private sleepers = new Set<() => void>();
  private listeners = new Set<(e: ProjectEvent) => void>();
  private mourners = new Set<() => void>();
  private readonly stop = new AbortController();
  private stream: Promise<void> = Promise.resolve();

  /** Follow the project's container events from the engine until {@link close}, or `budgetMs`. */
  follow(project: string, env: NodeJS.ProcessEnv, budgetMs: number, o: FollowOptions = {}): this {
    const socket = engineSocket(env);
    const ended = (): void => {
      this.live = false;
    };
    // The engine takes seconds with a fraction.
    const since = o.sinceMs === undefined ? undefined : (o.sinceMs / 1000).toFixed(3);
    if (socket) {
      const filters = filtersQuery({ label: [`com.docker.compose.project=${project}`], type: ['container'] });
      const query = since === undefined ? filters : `${filters}&since=${since}`;
      this.stream = apiLines(socket, `/events?${query}`, (line) => this.event(eventLine(line)), {
        signal: this.stop.signal,
        timeoutMs: budgetMs,
      }).then(ended);
      return this;
    }
    const argv = [
      'docker',
      'events',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      'type=container',
      '--format',
      `{{.Action}}\t{{.Actor.ID}}\t{{index .Actor.Attributes "exitCode"}}\t{{.TimeNano}}\t{{index .Actor.Attributes "${SERVICE_LABEL}"}}`,
      ...(since === undefined ? [] : ['--since', since]),
    ];
    this.stream = exec(argv, {
      env,
      signal: this.stop.signal,
      timeoutMs: budgetMs,
      onLine: (line, stream) => {
        if (stream === 'stdout') this.event(line.trim());
      },
    }).then(ended);
    return this;
  }

  /**
   * One event as the stream prints it: its action (`start`, `die`, `health_status: unhealthy`,
   * `exec_start: …`), the container's id, for `die` the exit code, the time in nanoseconds and the
   * compose service, tab-separated.
   */
  event(line: string): void {
    const [action = '', id = '', code = '', nanos = '', service = ''] = line.split('\t');
    // Healthchecks run through exec: those events say nothing a health_status event does not.
    if (!action || action.startsWith('exec_')) return;
    runner.debug(`engine event: ${outsideLine(action)}`);
    this.live = true;
    this.seq += 1;
    const at = /^\d{13,}$/.test(nanos) ? Number(nanos.slice(0, -6)) : undefined;
    const exitCode = action === 'die' && /^\d+$/.test(code) ? Number(code) : undefined;
    const e: ProjectEvent = { seq: this.seq, action, id, exitCode, at, ...(service ? { service } : {}) };
    this.recent.push(e);
    if (this.recent.length > KEEP_EVENTS) this.recent.splice(0, this.recent.length - KEEP_EVENTS);
    for (const l of [...this.listeners]) l(e);
    if (action === 'die') for (const m of [...this.mourners]) m();
    this.wake();
  }

  /** Call `listener` with every event from now on (exec_* left out, as everywhere). */
  onEvent(listener: (e: ProjectEvent) => void): this {
    this.listeners.add(listener);
    return this;
  }

  /** The events after the `seq`-th, oldest first; undefined when they are no longer all kept. */
  since(seq: number): ProjectEvent[] | undefined {
    const first = this.recent[0];
    if (seq < this.seq && (first === undefined || first.seq > seq + 1)) return undefined;
    return this.recent.filter((e) => e.seq > seq);
  }

  /** End every sleep now. */
  wake(): void {
    const sleepers = [...this.sleepers];
    this.sleepers.clear();
    for (const s of sleepers) s();
  }

  /** Sleep `ms`, or less when an event (or {@link wake}) comes first; the timer is cleared either way. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.sleepers.add(done);
    });
  }

  /**
   * Settles when a container dies (not on other events: a health change must not keep cutting
   * short what the watch is doing); `cancel` once it is not needed.
   */
  untilDeath(): { died: Promise<void>; cancel: () => void } {
    let done = (): void => undefined;
    const died = new Promise<void>((resolve) => {
      done = (): void => {
        this.mourners.delete(done);
        resolve();
      };
      this.mourners.add(done);
    });
    return { died, cancel: () => this.mourners.delete(done) };
  }

  /** Settles once the stream has ended (the engine ended it, the budget passed, or {@link close}). */
  ended(): Promise<void> {
    return this.stream;
  }

  /** Stop following (the stream's process is killed); settles once it has ended. */
  close(): Promise<void> {
    this.stop.abort();
    this.wake();
    return this.stream;
  }
}

/**
 * One event of the engine's stream (JSON) as the CLI's `--format` prints it for {@link ProjectEvents.event}:
 * action, container id, exit code, time in nanoseconds and compose service, tab-separated; an empty
 * line for what is not an event. Pure.
 */
export function eventLine(json: string): string {
  try {
    const e = JSON.parse(json) as { Action?: unknown; Actor?: { ID?: unknown; Attributes?: Record<string, unknown> }; timeNano?: unknown };
    const field = (v: unknown): string => (typeof v === 'string' ? v.replace(/[\t\r\n]/g, ' ') : '');
    const nanos = typeof e.timeNano === 'number' && Number.isFinite(e.timeNano) ? BigInt(Math.round(e.timeNano)).toString() : '';
    const attrs = e.Actor?.Attributes;
    return [field(e.Action), field(e.Actor?.ID), field(attrs?.exitCode), nanos, field(attrs?.[SERVICE_LABEL])].join('\t');
  } catch {
    return '';
  }
}
