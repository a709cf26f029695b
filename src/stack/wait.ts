/**
 * Wait until the stack is usable: every awaited container running (healthy where it has a
 * healthcheck; a one-shot that exited 0 is done), the backend answering its health path with 2xx
 * on its published port, a WebSocket handshake succeeding there, and the auth service's health
 * answering when there is one. A container that exits or restart-loops fails at once.
 *
 * Readiness is noticed within a few tens of milliseconds: the endpoints are probed at every look
 * (every 100 ms, or as the caller's cadence says), the engine's events end a pause at once and
 * spare a `docker inspect` while nothing changed, and a container whose healthcheck is still
 * "starting" has that same check run now with `docker exec` rather than waiting for Docker's next
 * interval tick.
 */
import { exec } from '../exec.js';
import { loadProbes } from '../probe/lazy.js';
import type { Agents, ProbeResult } from '../probe/probe.js';
import type { ProjectEvent, ProjectEvents } from './events.js';
import { inspectContainers, projectContainers, type ContainerInfo } from './containers.js';
import type { Reacher } from './reach.js';

export type Verdict = { kind: 'ready'; why: string } | { kind: 'waiting'; why: string } | { kind: 'failed'; why: string };

const POLL_MS = 100;
/** A container that has restarted must stay ready this long before it counts (it may be looping). */
const SETTLE_AFTER_RESTART_MS = 1500;
const EAGER_HEALTH_EVERY_MS = 1000;
/** How long the engine may be unreachable during the wait before the wait ends (it stopped, say). */
export const ENGINE_GONE_MS = 1500;
/** With the project's events followed and none come, a `docker inspect` answer stands this long. */
const REUSE_LOOK_MS = 1000;

/** The CLI could not reach the engine at all (not a slow answer: that one keeps waiting). Pure. */
export function engineUnreachable(message: string): boolean {
  return /Cannot connect to the Docker daemon|error during connect|connection refused|connection reset|dial (unix|tcp)|no such host|EOF$/i.test(
    message,
  );
}

/** How long a definite answer (see {@link definiteAnswer}) must persist before it ends the wait. */
export const DEFINITE_FOR_MS = 10_000;

/**
 * A probe answer that waiting will not change: a 4xx from the health path, or a WebSocket upgrade
 * rejected with one, except 408 (timeout), 425 (too early) and 429 (too many requests). A refused
 * connection, a 5xx or a timeout may still turn into a yes. Pure.
 */
export function definiteAnswer(p: Pick<ProbeResult, 'class' | 'status'>): boolean {
  return (
    (p.class === 'http-status' || p.class === 'ws-rejected') &&
    p.status !== undefined &&
    p.status >= 400 &&
    p.status < 500 &&
    ![408, 425, 429].includes(p.status)
  );
}
const RESTARTING = new Set(['always', 'unless-stopped', 'on-failure']);

/**
 * Judge one container. `endpoint` is true for services that must stay running (the backend, auth,
 * and any that publishes a port); `eagerHealthy` says our own run of its healthcheck just passed;
 * `unhealthyConfirmed` that a run of ours started after Docker called it unhealthy failed too. Pure.
 */
export function judgeContainer(c: ContainerInfo, endpoint: boolean, eagerHealthy: boolean, unhealthyConfirmed = false): Verdict {
  const exited = `exited with code ${c.exitCode}${c.oomKilled ? ' (killed: out of memory)' : ''}`;
  if (c.restartCount >= 2) return { kind: 'failed', why: `restart loop: restarted ${c.restartCount} times, last ${exited}` };
  switch (c.status) {
    case 'running':
      if (c.health === undefined || c.health === 'healthy') return { kind: 'ready', why: c.health === 'healthy' ? 'healthy' : 'running' };
      if (eagerHealthy) return { kind: 'ready', why: 'healthcheck passes' };
      if (c.health === 'unhealthy') {
        // Docker says unhealthy once its retries are spent, but a later check may still pass: one
        // run of our own, started after, must fail too before it ends the wait.
        const why = `unhealthy${c.lastHealthOutput ? `: ${c.lastHealthOutput}` : ''}`;
        return unhealthyConfirmed ? { kind: 'failed', why } : { kind: 'waiting', why: `${why}; checking once more` };
      }
      return { kind: 'waiting', why: 'health: starting' };
    case 'restarting':
      if (c.restartCount >= 1) return { kind: 'failed', why: `restart loop: ${exited}, restarting again` };
      return { kind: 'waiting', why: `${exited}; restarting` };
    case 'exited':
      if (c.exitCode === 0 && !endpoint) return { kind: 'ready', why: 'done (exited 0)' };
      if (c.exitCode !== 0 && RESTARTING.has(c.restartPolicy) && c.restartCount < 1)
        return { kind: 'waiting', why: `${exited}; restart policy ${c.restartPolicy}` };
      return { kind: 'failed', why: exited };
    case 'created':
      return { kind: 'waiting', why: 'created, not started' };
    default:
      return { kind: 'failed', why: `${c.status}${c.error ? `: ${c.error}` : ''}` };
  }
}

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
  /** performance.now() value at which the wait gives up. */
  deadline: number;
  /** How a container port is reached from this step (published, or on the stack's network). */
  reacher: Reacher;
  env: NodeJS.ProcessEnv;
  /** Ends the wait early (outcome kind 'cancelled'), e.g. when the stack turns out to be the wrong one. */
  signal?: AbortSignal;
  /** How long from one look to the next; default 100 ms (slower while `up` still runs, say). */
  cadenceMs?: () => number;
  /**
   * The project's container events: one ends the pause before the next look at once, and while
   * none has come since the last `docker inspect` its answer is reused (the endpoints are still
   * probed at every look).
   */
  events?: ProjectEvents;
  /** A pause before the first look, which an event or a wake ends early. */
  firstPauseMs?: number;
  /** Whether the wait may end ready now (not while `up` still runs: containers may yet be replaced). */
  mayFinish?: () => boolean;
  /** Services that must keep running (they publish ports): exiting 0 is no "done" for them. */
  longRunning?: string[];
  /** After each look that leaves things not ready: what they are, and why. */
  onLook?: (pending: ReadonlyArray<{ service: string; why: string }>) => void;
}

export interface Reached {
  host: string;
  port: number;
  url: string;
}

/** A probe of the wait, and whether it probed the backend or the auth service. */
export type WaitProbe = ProbeResult & { target: 'backend' | 'auth' };

export type WaitOutcome =
  | {
      ok: true;
      backend: Reached | undefined;
      auth: Reached | undefined;
      containers: ContainerInfo[];
      probes: WaitProbe[];
      durationMs: number;
    }
  | {
      ok: false;
      kind: 'exited' | 'timeout' | 'not-published' | 'engine' | 'cancelled' | 'definite';
      reason: string;
      failing: Array<{ container: ContainerInfo | undefined; service: string; why: string }>;
      containers: ContainerInfo[];
      probes: WaitProbe[];
      durationMs: number;
    };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function healthArgv(c: ContainerInfo): string[] | undefined {
  const test = c.healthTest;
  if (!test || test.length < 2) return undefined;
  if (test[0] === 'CMD-SHELL') return ['docker', 'exec', c.id, '/bin/sh', '-c', test.slice(1).join(' ')];
  if (test[0] === 'CMD') return ['docker', 'exec', c.id, ...test.slice(1)];
  return undefined;
}

/**
 * "/health answered HTTP 500 for 41 s", "WebSocket /ws was rejected with HTTP 404 for 10 s", or the
 * probe's own words for what is not a status ("/health: connection refused (for 3 s)"). Pure.
 */
export function describeAnswer(p: Pick<ProbeResult, 'kind' | 'url' | 'class' | 'status' | 'detail'>, forMs: number): string {
  const seconds = Math.round(forMs / 1000);
  const lasting = seconds > 0 ? ` for ${seconds} s` : '';
  let path = p.url;
  try {
    path = new URL(p.url).pathname;
  } catch {
    // keep the URL as it is
  }
  if (p.class === 'http-status' && p.status !== undefined) return `${path} answered HTTP ${p.status}${lasting}`;
  if (p.class === 'ws-rejected' && p.status !== undefined) return `WebSocket ${path} was rejected with HTTP ${p.status}${lasting}`;
  return `${p.kind === 'websocket' ? 'WebSocket ' : ''}${path}: ${p.detail}${seconds > 0 ? ` (for ${seconds} s)` : ''}`;
}

/** The containers as the engine's `die` events leave them: exited, with the code each event gives. Pure. */
export function applyExits(containers: ContainerInfo[], events: Array<Pick<ProjectEvent, 'action' | 'id' | 'exitCode'>>): ContainerInfo[] {
  return containers.map((c) => {
    const died = events.filter((e) => e.action === 'die' && e.id === c.id && e.exitCode !== undefined).pop();
    return died ? { ...c, status: 'exited', exitCode: died.exitCode as number } : c;
  });
}

/** Poll until ready, failed or the deadline. */
export async function waitForStack(req: WaitRequest): Promise<WaitOutcome> {
  const started = performance.now();
  let agents: Agents | undefined;
  const eager = new Map<string, { at: number; startedAt: number; ok: boolean; running: Promise<void> | undefined }>();
  /** When each container was first seen unhealthy. */
  const unhealthySince = new Map<string, number>();
  let containers: ContainerInfo[] = [];
  let probes: WaitProbe[] = [];
  let pending: Array<{ container: ContainerInfo | undefined; service: string; why: string }> = [];
  let knownIds: string[] | undefined;
  let readySince: number | undefined;
  let lastRestarts = 0;
  /** Since when the engine has been unreachable, look after look. */
  let unreachableSince: number | undefined;
  /** When the engine was last asked, and how many events had come by then. */
  let lookedAt = -Infinity;
  let eventsSeen = -1;
  /** Since when each probe URL has given the same answer that is not a yes. */
  let answerSince = new Map<string, { answer: string; since: number; probe: WaitProbe }>();
  const endpoints = new Set([req.backend?.service, req.auth?.service, ...(req.longRunning ?? [])].filter(Boolean) as string[]);

  /** A pause that an event (or a wake) ends early, when the events are followed. */
  const pause = (ms: number): Promise<void> => (req.events ? req.events.sleep(ms) : sleep(ms));
  if (req.firstPauseMs) await pause(req.firstPauseMs);
  for (;;) {
    const cycleStarted = performance.now();
    const remaining = (): number => req.deadline - performance.now();
    if (req.signal?.aborted) {
      return {
        ok: false,
        kind: 'cancelled',
        reason: 'cancelled',
        failing: [],
        containers,
        probes,
        durationMs: performance.now() - started,
      };
    }
    try {
      const limit = Math.max(1000, Math.min(10_000, remaining()));
      const events = req.events;
      // Since the last inspect, nothing happened, or only exits the events say all about (not of
      // a container with a restart policy: the engine decides what comes next, inspect says it).
      const news = knownIds && events?.live && cycleStarted - lookedAt < REUSE_LOOK_MS ? events.since(eventsSeen) : undefined;
      const told = news?.every(
        (e) => e.action === 'die' && e.exitCode !== undefined && containers.some((c) => c.id === e.id && !RESTARTING.has(c.restartPolicy)),
      );
      if (told && events) {
        containers = applyExits(containers, news ?? []);
        eventsSeen = events.seq;
      } else {
        eventsSeen = events?.seq ?? -1; // read before asking: an event during the call asks again
        lookedAt = cycleStarted;
        // Once every awaited service has its containers, inspect them by id: one CLI call, not two.
        containers = knownIds ? await inspectContainers(knownIds, req.env, limit) : await projectContainers(req.project, req.env, limit);
        knownIds = req.awaited.every((svc) => containers.some((c) => c.service === svc)) ? containers.map((c) => c.id) : undefined;
      }
      unreachableSince = undefined;
    } catch (err) {
      lookedAt = -Infinity;
      const message = (err as Error).message;
      if (engineUnreachable(message)) unreachableSince ??= performance.now();
      else unreachableSince = undefined;
      const gone = unreachableSince !== undefined && performance.now() - unreachableSince >= ENGINE_GONE_MS;
      if (gone || remaining() <= 0) {
        return {
          ok: false,
          kind: 'engine',
          reason: gone ? `the Docker engine stopped answering while the stack started: ${message}` : message,
          failing: [],
          containers,
          probes,
          durationMs: performance.now() - started,
        };
      }
      await sleep(Math.min(POLL_MS, remaining()));
      continue;
    }

    pending = [];
    const failed: typeof pending = [];
    for (const service of req.awaited) {
      const mine = containers.filter((c) => c.service === service);
      if (mine.length === 0) {
        pending.push({ container: undefined, service, why: 'no container yet' });
        continue;
      }
      for (const c of mine) {
        const e = eager.get(c.id);
        if (c.health === 'unhealthy') unhealthySince.set(c.id, unhealthySince.get(c.id) ?? performance.now());
        else unhealthySince.delete(c.id);
        const since = unhealthySince.get(c.id);
        const confirmed = since !== undefined && e !== undefined && !e.running && !e.ok && e.startedAt >= since;
        const verdict = judgeContainer(c, endpoints.has(service), e?.ok === true, confirmed);
        if (verdict.kind === 'failed') failed.push({ container: c, service, why: verdict.why });
        else if (verdict.kind === 'waiting') {
          pending.push({ container: c, service, why: verdict.why });
          // Run the container's own healthcheck now instead of waiting for Docker's next tick.
          const argv = c.status === 'running' && c.health !== undefined && c.health !== 'healthy' ? healthArgv(c) : undefined;
          if (argv && (!e || (!e.running && performance.now() - e.at > EAGER_HEALTH_EVERY_MS))) {
            const entry = {
              at: performance.now(),
              startedAt: performance.now(),
              ok: false,
              running: undefined as Promise<void> | undefined,
            };
            entry.running = exec(argv, {
              env: req.env,
              signal: req.signal,
              timeoutMs: Math.min(c.healthTimeoutMs ?? 5000, 5000, Math.max(500, remaining())),
            }).then((r) => {
              entry.ok = r.code === 0;
              entry.at = performance.now();
              entry.running = undefined;
            });
            eager.set(c.id, entry);
          }
        }
      }
    }
    if (failed.length > 0) {
      const reason = failed.map((f) => `${f.service}: ${f.why}`).join('; ');
      return { ok: false, kind: 'exited', reason, failing: failed, containers, probes, durationMs: performance.now() - started };
    }

    // Probe the endpoints as soon as their containers run, whatever Docker's health says.
    const reach = (ep: Endpoint): Reached | { error: string } | undefined => {
      const c = containers.find((x) => x.service === ep.service && x.status === 'running');
      if (!c) return undefined;
      const r = req.reacher.endpoint(c, `${ep.containerPort}/tcp`);
      if (!r) return { error: `${ep.service} does not publish container port ${ep.containerPort} on a reachable address` };
      if ('error' in r) return r;
      if ('pending' in r) {
        pending.push({ container: c, service: ep.service, why: r.pending });
        return undefined;
      }
      return { ...r, url: `http://${r.host}:${r.port}` };
    };
    const backend = req.backend ? reach(req.backend) : undefined;
    const auth = req.auth ? reach(req.auth) : undefined;
    for (const [ep, r] of [
      [req.backend, backend],
      [req.auth, auth],
    ] as const) {
      if (ep && r && 'error' in r) {
        return {
          ok: false,
          kind: 'not-published',
          reason: r.error,
          failing: [{ container: undefined, service: ep.service, why: r.error }],
          containers,
          probes,
          durationMs: performance.now() - started,
        };
      }
    }
    const timeoutMs = Math.max(200, Math.min(2000, remaining()));
    const { makeAgents, probeHttp, probeWebSocket } = await loadProbes();
    agents ??= makeAgents();
    const checks: Array<Promise<WaitProbe>> = [];
    const as = (target: WaitProbe['target']) => (r: ProbeResult) => ({ ...r, target });
    if (backend && !('error' in backend) && req.backend) {
      checks.push(probeHttp(`${backend.url}${req.backend.healthPath}`, { timeoutMs, agents }).then(as('backend')));
      if (req.backend.websocketPath !== undefined) {
        checks.push(
          probeWebSocket(`ws://${backend.host}:${backend.port}${req.backend.websocketPath}`, { timeoutMs, agents }).then(as('backend')),
        );
      }
    }
    if (auth && !('error' in auth) && req.auth)
      checks.push(probeHttp(`${auth.url}${req.auth.healthPath}`, { timeoutMs, agents }).then(as('auth')));
    // A container that dies meanwhile is looked at now, not once a probe of it has timed out.
    const death = req.events?.untilDeath();
    const answered = await Promise.race([Promise.all(checks), ...(death ? [death.died.then(() => undefined)] : [])]);
    death?.cancel();
    if (answered === undefined) continue;
    probes = answered;

    // How long each probe has given the same answer that is not a yes: said in the reason, and a
    // definite answer on a running container, kept for DEFINITE_FOR_MS, ends the wait.
    const now = performance.now();
    const previous = answerSince;
    answerSince = new Map();
    const serviceOf = (p: WaitProbe): string => (p.target === 'auth' ? req.auth?.service : req.backend?.service) ?? p.target;
    const noes = probes
      .filter((p) => p.class !== 'ok')
      .map((fresh) => {
        const before = previous.get(fresh.url);
        // A probe that got no answer in time says nothing new: the last status answer still stands.
        const p = fresh.class === 'timeout' && before && before.probe.status !== undefined ? before.probe : fresh;
        const answer = `${p.class} ${p.status ?? ''}`;
        const since = before !== undefined && before.answer === answer ? before.since : now;
        answerSince.set(p.url, { answer, since, probe: p });
        return { probe: p, service: serviceOf(p), forMs: now - since };
      });
    for (const n of noes) pending.push({ container: undefined, service: n.service, why: describeAnswer(n.probe, n.forMs) });
    const settledNo = noes.filter((n) => definiteAnswer(n.probe) && n.forMs >= DEFINITE_FOR_MS);
    if (settledNo.length > 0) {
      const failing = settledNo.map((n) => ({
        container: containers.find((c) => c.service === n.service),
        service: n.service,
        why: describeAnswer(n.probe, DEFINITE_FOR_MS),
      }));
      const reason = failing.map((f) => `${f.service}: ${f.why}`).join('; ');
      return { ok: false, kind: 'definite', reason, failing, containers, probes, durationMs: performance.now() - started };
    }
    const endpointsReady =
      (req.backend === undefined || backend !== undefined) &&
      (req.auth === undefined || auth !== undefined) &&
      probes.every((p) => p.class === 'ok');

    const restarts = containers.filter((c) => req.awaited.includes(c.service)).reduce((n, c) => n + c.restartCount, 0);
    const mayFinish = req.mayFinish?.() ?? true;
    if (pending.length === 0 && endpointsReady && !mayFinish)
      pending.push({ container: undefined, service: 'compose up', why: 'still running' });
    const allReady = pending.length === 0 && endpointsReady && mayFinish;
    if (!allReady || restarts !== lastRestarts) readySince = undefined;
    else readySince ??= performance.now();
    lastRestarts = restarts;
    const settled = restarts === 0 || (readySince !== undefined && performance.now() - readySince >= SETTLE_AFTER_RESTART_MS);
    if (allReady && !settled)
      pending.push({
        container: undefined,
        service: 'stack',
        why: `a container restarted (${restarts} restarts); making sure it stays up`,
      });

    if (allReady && settled) {
      const reached = (r: typeof backend): Reached | undefined => (r && !('error' in r) ? r : undefined);
      return { ok: true, backend: reached(backend), auth: reached(auth), containers, probes, durationMs: performance.now() - started };
    }
    req.onLook?.(pending);
    if (remaining() <= 0) {
      const reason = pending.length
        ? pending.map((p) => `${p.service}: ${p.why}`).join('; ')
        : `the ${req.backend ? 'backend' : 'stack'}'s containers never ran`;
      return { ok: false, kind: 'timeout', reason, failing: pending, containers, probes, durationMs: performance.now() - started };
    }
    // A fixed cadence: the next look starts a cadence after this one started, however long it took.
    await pause(Math.min((req.cadenceMs?.() ?? POLL_MS) - (performance.now() - cycleStarted), remaining()));
  }
}
