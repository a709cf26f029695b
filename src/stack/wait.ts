/**
 * Wait until the stack is usable: for each awaited service, its rule's checks (readiness/); the
 * stack is ready when every service is, the backend's and auth service's probes pass, and `up` is
 * done. A container that exits, restart-loops or turns unhealthy for good fails the wait at once.
 *
 * Driven by what happens, not by ticks: the engine's events end a pause at once and, while none
 * has come, the last `docker inspect` stands (the probes and the listening sockets are still read
 * at every look, 50 ms apart once `up` is done); an own healthcheck run that passes (run on
 * signals of their own, observe/own-health.ts), an exec read of the listening sockets or a
 * matching log line wakes the wait too. Before the wait ends
 * ready, the containers are inspected once more: a death that came meanwhile is a failure.
 */
import type { DeclaredCheck, ReadyBy } from '../readiness/types.js';
import { judgeService, type Observed, type ServiceVerdict } from '../readiness/service.js';
import type { ProjectEvents } from './events.js';
import type { ContainerInfo } from './containers.js';
import { ListenerReader } from './observe/listeners.js';
import { LogWatch } from './observe/logs.js';
import { OwnHealthRuns } from './observe/own-health.js';
import { ProbeBoard, type ProbeTarget, type WaitProbe } from './observe/probes.js';
import type { Reacher } from './reach.js';
import { freshLook, outcomeBase, runningMs, type Looked } from './wait-look.js';
import { sleep } from '../sleep.js';

export { definiteAnswer, DEFINITE_FOR_MS } from '../readiness/checks/http.js';
export { describeAnswer, type WaitProbe } from './observe/probes.js';
export { applyExits, engineUnreachable, ENGINE_GONE_MS } from './wait-look.js';

const POLL_MS = 100;
/** A container that has restarted must stay ready this long before it counts (it may be looping). */
const SETTLE_AFTER_RESTART_MS = 1500;

export interface Endpoint {
  service: string;
  containerPort: number;
  healthPath: string;
  websocketPath: string | undefined;
}

export interface WaitRequest {
  project: string;
  awaited: string[];
  /** undefined = the stack has no backend: it is ready when its containers are. */
  backend: Endpoint | undefined;
  auth: Endpoint | undefined;
  /** The checks services declare (`x-compose-or-staging.ready`), by service. */
  declared?: ReadonlyMap<string, DeclaredCheck[]>;
  /** The services each service depends on (`depends_on`): who to run the healthcheck of when one turns healthy. */
  dependsOn?: ReadonlyMap<string, readonly string[]>;
  /** performance.now() value at which the wait gives up. */
  deadline: number;
  /** How a container port is reached from this step (published, or on the stack's network). */
  reacher: Reacher;
  env: NodeJS.ProcessEnv;
  /** Ends the wait early (outcome kind 'cancelled'), e.g. when the stack turns out to be the wrong one. */
  signal?: AbortSignal;
  /** How long from one look to the next; default 100 ms (slower while `up` still runs, say). */
  cadenceMs?: () => number;
  /** The project's container events: one ends the pause before the next look at once. */
  events?: ProjectEvents;
  /** A pause before the first look, which an event or a wake ends early. */
  firstPauseMs?: number;
  /** Whether the wait may end ready now (not while `up` still runs: containers may yet be replaced). */
  mayFinish?: () => boolean;
  /** After each look that leaves things not ready: what they are, and why. */
  onLook?: (pending: ReadonlyArray<{ service: string; why: string }>) => void;
}

export interface Reached {
  host: string;
  port: number;
  url: string;
}

/** How one service came to be ready, for the summary. */
export interface ServiceReadiness {
  service: string;
  by: ReadyBy;
  why: string;
  /** Since the wait began. */
  readyAfterMs: number;
  /** When (ms since the epoch). */
  readyAt: number;
}

export type Failing = { container: ContainerInfo | undefined; service: string; why: string };

export type WaitOutcome =
  | {
      ok: true;
      backend: Reached | undefined;
      auth: Reached | undefined;
      containers: ContainerInfo[];
      probes: WaitProbe[];
      services: ServiceReadiness[];
      /** Every service ready at the end (awaited or not). */
      ready: ServiceReadiness[];
      durationMs: number;
    }
  | {
      ok: false;
      kind: 'exited' | 'timeout' | 'not-published' | 'engine' | 'cancelled' | 'definite';
      reason: string;
      failing: Failing[];
      containers: ContainerInfo[];
      probes: WaitProbe[];
      /** The services that were ready when it failed. */
      ready: ServiceReadiness[];
      durationMs: number;
    };

/** Wait until ready, failed, cancelled or the deadline. */
export async function waitForStack(req: WaitRequest): Promise<WaitOutcome> {
  const w = new StackWait(req);
  try {
    return await w.run();
  } finally {
    w.close();
  }
}

type Reach = Reached | { error: string } | { pending: string } | undefined;

class StackWait implements Observed {
  private readonly started = performance.now();
  private readonly look: Looked = {
    containers: [],
    knownIds: undefined,
    lookedAt: -Infinity,
    observedAt: { epochMs: 0, perfMs: 0 },
    eventsSeen: -1,
    unreachableSince: undefined,
  };
  private readonly board = new ProbeBoard();
  private readonly health: OwnHealthRuns;
  private readonly sockets: ListenerReader;
  private readonly logs: LogWatch;
  private readonly readyAt = new Map<string, ServiceReadiness>();
  private readonly firstSeen = new Map<string, number>();
  private reached = new Map<string, Reach>();
  /** The probes that passed at the last look. */
  private readonly passing = new Set<string>();
  private readySince: number | undefined;
  private lastRestarts = 0;

  constructor(private readonly req: WaitRequest) {
    const wake = (): void => req.events?.wake();
    this.health = new OwnHealthRuns({
      env: req.env,
      signal: req.signal,
      wake,
      remainingMs: () => this.remaining(),
      dependsOn: req.dependsOn,
    });
    this.sockets = new ListenerReader(req.env, req.signal, wake);
    this.logs = new LogWatch(req.env, () => this.remaining(), wake);
  }

  close(): void {
    this.logs.close();
    this.health.close();
  }

  private remaining(): number {
    return this.req.deadline - performance.now();
  }

  private base(): { containers: ContainerInfo[]; probes: WaitProbe[]; ready: ServiceReadiness[]; durationMs: number } {
    return { ...outcomeBase(this.look.containers, this.board.latest(), this.started), ready: [...this.readyAt.values()] };
  }

  /** A failed wait whose reason is what each failing service says. */
  private failure(kind: 'exited' | 'definite' | 'timeout', failing: Failing[], reason?: string): WaitOutcome {
    return { ok: false, kind, reason: reason || failing.map((f) => `${f.service}: ${f.why}`).join('; '), failing, ...this.base() };
  }

  async run(): Promise<WaitOutcome> {
    const { req } = this;
    if (req.firstPauseMs) await this.pause(req.firstPauseMs);
    for (;;) {
      const cycleStarted = performance.now();
      if (req.signal?.aborted) return { ok: false, kind: 'cancelled', reason: 'cancelled', failing: [], ...this.base() };
      const engine = await freshLook(this.look, req, cycleStarted);
      if (engine) {
        if (engine.gone || this.remaining() <= 0) return { ok: false, kind: 'engine', reason: engine.reason, failing: [], ...this.base() };
        await sleep(Math.min(POLL_MS, this.remaining()));
        continue;
      }
      this.health.look(this.look.containers);
      const probed = await this.judgeAndProbe();
      if (probed === 'again') continue; // a container died while the probes ran: look at it now
      const ended = probed ?? (await this.readyOrTimeout());
      if (ended) return ended;
      // A fixed cadence: the next look starts a cadence after this one started, however long it took.
      await this.pause(Math.min((req.cadenceMs?.() ?? POLL_MS) - (performance.now() - cycleStarted), this.remaining()));
    }
  }

  private pause(ms: number): Promise<void> {
    return this.req.events ? this.req.events.sleep(ms) : sleep(ms);
  }

  /** Judge every awaited service; fails at once on a failed one; probes what needs probing. */
  private async judgeAndProbe(): Promise<WaitOutcome | 'again' | undefined> {
    const failed = this.failedOutcome(this.verdicts());
    if (failed) return failed;
    const targets = this.probeTargets();
    if ('error' in targets) return { ok: false, kind: 'not-published', reason: targets.error, failing: [targets.failing], ...this.base() };
    const death = this.req.events?.untilDeath();
    const timeoutMs = Math.max(200, Math.min(2000, this.remaining()));
    const answered = await this.board.probeAll(targets, timeoutMs, death?.died);
    death?.cancel();
    if (!answered) return 'again';
    this.notePassing(targets);
    const definite = this.board.definite();
    if (definite.length === 0) return undefined;
    return this.failure(
      'definite',
      definite.map((d) => ({ container: this.runningOf(d.probe.service), service: d.probe.service, why: d.why })),
    );
  }

  /** A probe's first pass (or the first since it failed) may be what a service's healthcheck waits for. */
  private notePassing(targets: ProbeTarget[]): void {
    const news = new Set<string>();
    for (const t of targets) {
      const passes = this.board.state(t.key).state === 'pass';
      if (passes && !this.passing.has(t.key)) news.add(t.service);
      if (passes) this.passing.add(t.key);
      else this.passing.delete(t.key);
    }
    for (const service of news) this.health.nudge(service);
  }

  private verdicts(): ServiceVerdict[] {
    const { req } = this;
    const endpoints = new Set([req.backend?.service, req.auth?.service].filter(Boolean));
    return req.awaited.map((service) =>
      judgeService(
        service,
        this.look.containers.filter((c) => c.service === service),
        { declared: req.declared?.get(service), endpoint: endpoints.has(service) },
        this,
      ),
    );
  }

  private failedOutcome(verdicts: ServiceVerdict[]): WaitOutcome | undefined {
    const failed = verdicts.filter((v) => v.state === 'failed');
    if (failed.length === 0) return undefined;
    return this.failure(
      'exited',
      failed.map((v) => ({ container: v.container, service: v.service, why: v.why })),
    );
  }

  private runningOf(service: string): ContainerInfo | undefined {
    return this.look.containers.find((c) => c.service === service && c.status === 'running');
  }

  /** Where a container port is reached from here; cached per look. */
  private reach(c: ContainerInfo, port: number): Reach {
    const key = `${c.id}:${port}`;
    if (this.reached.has(key)) return this.reached.get(key);
    const r = this.req.reacher.endpoint(c, `${port}/tcp`);
    const out: Reach = !r
      ? { error: `${c.service} does not publish container port ${port} on a reachable address` }
      : 'host' in r
        ? { ...r, url: `http://${r.host}:${r.port}` }
        : r;
    this.reached.set(key, out);
    return out;
  }

  /** Where the backend's or auth service's probed port is reached; undefined while its container does not run. */
  private endpointReach(ep: Endpoint | undefined): Reach {
    const c = ep && this.runningOf(ep.service);
    return c && ep ? this.reach(c, ep.containerPort) : undefined;
  }

  /** The probes of this look: the endpoints' (once their containers run) and the declared ones. */
  private probeTargets(): ProbeTarget[] | { error: string; failing: Failing } {
    this.reached = new Map();
    const targets: ProbeTarget[] = [];
    for (const [role, ep] of [
      ['backend', this.req.backend],
      ['auth', this.req.auth],
    ] as const) {
      const r = this.endpointReach(ep);
      if (!ep) continue;
      if (r && 'error' in r) return { error: r.error, failing: { container: undefined, service: ep.service, why: r.error } };
      if (!r || !('url' in r)) continue;
      targets.push({ key: `${role}:http`, service: ep.service, target: role, kind: 'http', url: `${r.url}${ep.healthPath}` });
      if (ep.websocketPath !== undefined)
        targets.push({
          key: `${role}:ws`,
          service: ep.service,
          target: role,
          kind: 'websocket',
          url: `ws://${r.host}:${r.port}${ep.websocketPath}`,
        });
    }
    for (const [service, checks] of this.req.declared ?? []) {
      if (!this.req.awaited.includes(service)) continue;
      for (const c of this.look.containers.filter((x) => x.service === service && x.status === 'running')) {
        for (const check of checks) {
          if (check.kind !== 'http' && check.kind !== 'websocket') continue;
          const r = this.reach(c, check.port);
          if (!r || !('url' in r)) continue;
          const url = `${check.kind === 'http' ? r.url : `ws://${r.host}:${r.port}`}${check.path}`;
          const status = check.kind === 'http' ? check.status : undefined;
          targets.push({ key: declaredKey(c, check), service, target: 'declared', kind: check.kind, url, ...(status ? { status } : {}) });
        }
      }
    }
    return targets;
  }

  /** Ready (after one more look at the engine), the deadline, or undefined: look again. */
  private async readyOrTimeout(): Promise<WaitOutcome | undefined> {
    const verdicts = this.verdicts();
    const failed = this.failedOutcome(verdicts);
    if (failed) return failed;
    this.noteReady(verdicts);
    const pending = verdicts.filter((v) => v.state !== 'ready').map((v) => ({ container: v.container, service: v.service, why: v.why }));
    const mayFinish = this.req.mayFinish?.() ?? true;
    if (pending.length === 0 && !mayFinish) pending.push({ container: undefined, service: 'compose up', why: 'still running' });
    const settled = this.settled(pending.length === 0);
    if (pending.length === 0 && !settled) pending.push({ container: undefined, service: 'stack', why: this.restartWhy() });
    if (pending.length === 0) return this.confirmReady();
    this.req.onLook?.(pending);
    if (this.remaining() > 0) return undefined;
    return this.failure(
      'timeout',
      pending,
      pending.length ? undefined : `the ${this.req.backend ? 'backend' : 'stack'}'s containers never ran`,
    );
  }

  private restarts(): number {
    return this.look.containers.filter((c) => this.req.awaited.includes(c.service)).reduce((n, c) => n + c.restartCount, 0);
  }

  private restartWhy(): string {
    return `a container restarted (${this.restarts()} restarts); making sure it stays up`;
  }

  /** With no restart, ready at once; after one, ready only once it has stayed so a while. */
  private settled(allReady: boolean): boolean {
    const restarts = this.restarts();
    if (!allReady || restarts !== this.lastRestarts) this.readySince = undefined;
    else this.readySince ??= performance.now();
    this.lastRestarts = restarts;
    return restarts === 0 || (this.readySince !== undefined && performance.now() - this.readySince >= SETTLE_AFTER_RESTART_MS);
  }

  private noteReady(verdicts: ServiceVerdict[]): void {
    for (const v of verdicts) {
      const known = this.readyAt.get(v.service);
      if (v.state !== 'ready') this.readyAt.delete(v.service);
      // Ready since the first look that said so; by what the latest says (a one-shot ready by
      // running, then done).
      else
        this.readyAt.set(v.service, {
          service: v.service,
          by: v.by,
          why: v.why,
          readyAfterMs: known?.readyAfterMs ?? performance.now() - this.started,
          readyAt: known?.readyAt ?? Date.now(),
        });
    }
  }

  /** Inspect once more: a container that died since the last look turns the verdict (next look). */
  private async confirmReady(): Promise<WaitOutcome | undefined> {
    this.look.lookedAt = -Infinity;
    const engine = await freshLook(this.look, this.req, performance.now());
    if (engine) return undefined;
    const verdicts = this.verdicts();
    if (verdicts.some((v) => v.state !== 'ready') || !this.settled(true)) return undefined;
    const endpoint = (ep: Endpoint | undefined): Reached | undefined => {
      const r = this.endpointReach(ep);
      return r && 'url' in r ? r : undefined;
    };
    const services = this.req.awaited.map((s) => this.readyAt.get(s)).filter((s): s is ServiceReadiness => s !== undefined);
    return { ok: true, backend: endpoint(this.req.backend), auth: endpoint(this.req.auth), services, ...this.base() };
  }

  // Observed: what the checks of readiness/ read.

  own(c: ContainerInfo): ReturnType<OwnHealthRuns['state']> {
    const endpoint = c.service === this.req.backend?.service || c.service === this.req.auth?.service;
    return this.health.state(c, !endpoint || c.health === 'unhealthy');
  }

  listeners(c: ContainerInfo): ReturnType<ListenerReader['get']> {
    return this.sockets.get(c);
  }

  declared(c: ContainerInfo, check: DeclaredCheck): ReturnType<ProbeBoard['state']> {
    if (check.kind === 'log') return this.logs.state(c, check.pattern);
    const r = this.reach(c, check.port);
    if (r && 'error' in r) return { state: 'fail', why: `${r.error}: publish it, or declare a tcp check` };
    if (r && 'pending' in r) return { state: 'wait', why: r.pending };
    return this.board.state(declaredKey(c, check));
  }

  endpoint(service: string): ReturnType<ProbeBoard['state']> {
    const role = service === this.req.backend?.service ? 'backend' : 'auth';
    const ep = role === 'backend' ? this.req.backend : this.req.auth;
    const r = this.endpointReach(ep);
    if (r && 'pending' in r) return { state: 'wait', why: r.pending };
    const states = [this.board.state(`${role}:http`), ...(ep?.websocketPath !== undefined ? [this.board.state(`${role}:ws`)] : [])];
    return states.find((s) => s.state !== 'pass') ?? { state: 'pass', why: states.map((s) => s.why).join(', ') };
  }

  /**
   * How long the container had run when it was last seen running: by the time the inspect that
   * says so began, not by now. A container that died since, whose `die` event is late on a busy
   * machine, is not called ready on an old look.
   */
  runningMs(c: ContainerInfo): number {
    const key = `${c.id}:${c.startedAt ?? ''}`;
    const { epochMs, perfMs } = this.look.observedAt;
    const seen = this.firstSeen.get(key) ?? perfMs;
    this.firstSeen.set(key, seen);
    return runningMs(c.startedAt, epochMs, perfMs - seen);
  }
}

const declaredKey = (c: ContainerInfo, check: DeclaredCheck): string =>
  `declared:${c.id}:${check.kind}:${'port' in check ? check.port : ''}${'path' in check ? check.path : ''}`;
