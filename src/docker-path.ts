/**
 * The Docker path: availability → plan → up → wait, with every step recorded in the report.
 * A failure at any point collects what a person needs (state, healthcheck output, log tail),
 * removes the stack, and says why; the caller decides what happens next.
 */
import * as core from '@actions/core';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  askCompose,
  askDaemon,
  checkDocker,
  daemonAnswered,
  endpointOf,
  publishHostFor,
  guessCompose,
  type DockerAvailability,
  type DockerProblem,
} from './docker/availability.js';
import type { UpOptions } from './compose/commands.js';
import { findOnPath } from './exec.js';
import { DiscoveryError } from './compose/discovery.js';
import { locateBuildPath, locateInCompose, locatePublishedPort, type Location } from './compose/locate.js';
import { interpolate } from './compose/model.js';
import { ComposeTooOldError, newestNeeded } from './compose/needs.js';
import { describeIsolation, isolationOverride, listFixed, writeIsolation } from './compose/isolate.js';
import { formatTriple, supports } from './compose/version.js';
import { describeResolution, makePlan, PlanError, predictPlan, samePlan, tooOldFor, type ComposePlan } from './compose/plan.js';
import { describeMissing } from './compose/project-directory.js';
import { describeActive, profileList } from './compose/profiles.js';
import { deriveProjectName, randomSuffix } from './compose/project-name.js';
import { ServiceResolutionError } from './compose/services.js';
import type { Inputs } from './inputs.js';
import type { DockerEndpoints } from './outputs.js';
import { errorMessage, probeFailure, type Check, type FailureKind, type Report } from './report/model.js';
import { removeStack, serviceLogs, type UpFailureKind, type UpResult } from './stack/lifecycle.js';
import { upAndWatch, type UpAndWatch } from './stack/up-and-watch.js';
import { projectContainers, publishedPorts } from './stack/containers.js';
import { definiteAnswer, type WaitOutcome, type WaitRequest } from './stack/wait.js';
import { saveStackRemoved, saveTeardownState, type TeardownState } from './state.js';

export type DockerStage = 'availability' | 'discovery' | 'config' | 'project-directory' | 'services' | 'up' | 'wait';

export type DockerPathResult =
  | { ok: true; availability: DockerAvailability; plan: ComposePlan; endpoints: DockerEndpoints }
  | { ok: false; availability: DockerAvailability; plan: ComposePlan | undefined; stage: DockerStage; reason: string };

const LOG_TAIL = 40;
/**
 * How long an early `up` runs alone before `compose config` confirms its plan (it starts sooner
 * when `up` is done). Measured on 2 cores with compose v1: confirming alongside `up` slows `up`
 * more than confirming alongside the wait slows anything.
 */
const UP_HEAD_START_MS = 2000;
/** "; not started: tool (profile debug), as COMPOSE_PROFILES is not set", or "" when every service starts. */
function notStarted(p: ComposePlan): string {
  if (p.inactive.length === 0) return '';
  const list = p.inactive.map((s) => `${s.name} (${profileList(s)})`);
  return `; not started: ${list.join(', ')}, as ${describeActive(p.profiles)}`;
}

/** Wait for `work`, or `ms` at most; the timer is cleared either way, so it never holds the process open. */
async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((r) => (timer = setTimeout(r, ms)));
  try {
    await Promise.race([work, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Variables that decide which engine compose talks to; saved for the post step. */
export function engineEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'COMPOSE_PROFILES']) {
    const v = env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export async function runDockerPath(inputs: Inputs, report: Report, env: NodeJS.ProcessEnv): Promise<DockerPathResult> {
  const rel = (p: string): string => path.relative(inputs.workspace, p) || '.';

  const projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix);
  const guess = guessCompose(env);
  const guessed = guess ? { ...guess, version: undefined } : undefined;
  const daemon = findOnPath('docker', env.PATH) ? askDaemon(env) : undefined;

  // The fast lane: when the files alone settle the plan (and the pull policy does not depend on
  // the compose version), `up` starts as soon as the daemon answers, and `compose config`
  // confirms the plan while the stack starts. Compose resolves the files itself, so `up` is the
  // very command the confirmed plan would run; if the plan turns out different, the stack is
  // removed and started again. Python compose v1 spends ~300 ms of CPU per call: this takes the
  // plan off the critical path.
  // Isolation rewrites the plan from what compose config resolves: nothing can start before it.
  const predicted = guessed && inputs.pull === 'missing' && !inputs.isolate ? predictPlan(inputs, guessed, env, projectName) : undefined;
  /** The early `up` and its watch; stopped if the plan is not confirmed. */
  let speculative: UpAndWatch | undefined;
  const answer = predicted && daemon ? await daemon : undefined;
  if (predicted && answer && daemonAnswered(answer)) {
    if (inputs.teardown) saveTeardownState(teardownState(predicted, env));
    const host = publishHostFor(endpointOf(answer, env));
    const deadline = performance.now() + inputs.startupTimeoutMs;
    speculative = upAndWatch(
      { ...predicted, images: [] },
      upOptions(inputs, predicted),
      env,
      inputs.startupTimeoutMs,
      waitRequest(predicted, inputs, deadline, host, env),
    );
  }

  // Planning needs only the files and `compose config`: start it now, with the compose the file
  // system suggests, while the daemon and compose are being asked; re-plan if the guess was wrong.
  // With an early `up` running, `up` gets the CPU first: the confirmation starts when `up` is done
  // (or after a head start, for a long build), and overlaps the wait for the containers.
  if (speculative) await atMost(speculative.up, UP_HEAD_START_MS);
  const planStarted = performance.now();
  const early = guessed ? settle(makePlan(inputs, guessed, env, projectName)) : undefined;
  const composeAnswer = askCompose(env);

  const availability = await core.group('Docker: availability', async () => {
    const a = await checkDocker(env, { daemon, compose: composeAnswer });
    report.add({
      id: 'docker.availability',
      title: 'Docker CLI, daemon and compose',
      status: a.ok ? 'ok' : 'failed',
      durationMs: a.durationMs,
      detail: a.detail,
      failure: a.ok ? undefined : availabilityFailure(a.problem),
      data: { problem: a.problem, cli: a.cliVersion, server: a.serverVersion, endpoint: a.endpoint, compose: a.compose },
    });
    core.info(a.detail);
    return a;
  });
  /** Remove what the fast lane started, when its plan is not the one to run. */
  const dropSpeculative = async (why: string): Promise<void> => {
    if (!speculative || !predicted) return;
    speculative.cancel();
    await speculative.done;
    speculative = undefined;
    const removed = await removeStack(predicted, env, { afterStoppedUp: true });
    if (removed.ok && inputs.teardown) saveStackRemoved();
    report.add({
      id: 'compose.fast-lane',
      title: 'Early start',
      status: removed.ok ? 'info' : 'failed',
      durationMs: removed.durationMs,
      detail: `the stack started on the plan the files predict was removed: ${why}${removed.ok ? '' : `; removing it failed: ${removed.detail}`}`,
    });
  };
  if (!availability.ok) {
    await early; // let its compose process finish: nothing is left running
    await dropSpeculative('Docker is not usable');
    return { ok: false, availability, plan: undefined, stage: 'availability', reason: availability.detail };
  }
  const compose = availability.compose!;
  const reuse = early !== undefined && guess?.argv.join(' ') === compose.argv.join(' ');
  if (!reuse) await early; // a wrong guess: let its compose process finish before planning again

  let plan: ComposePlan;
  try {
    plan = await core.group('Docker: compose plan', async () => {
      const started = reuse ? planStarted : performance.now();
      const p = reuse ? unwrap(await early) : await makePlan(inputs, compose, env, projectName);
      p.compose = compose;
      const ms = performance.now() - started;
      report.add({
        id: 'compose.files',
        title: 'Compose files',
        status: 'ok',
        durationMs: ms,
        detail: `${p.files.map(rel).join(', ')}${p.discovery ? ' (discovered)' : ' (from compose-files)'}`,
        data: { files: p.files.map(rel), notChosen: p.discovery?.notChosen.map((n) => ({ file: rel(n.file), why: n.why })) ?? [] },
      });
      report.add({
        id: 'compose.project-directory',
        title: 'Project directory',
        status: 'ok',
        detail: `${rel(p.projectDirectory)}: ${p.projectDirectoryWhy}`,
      });
      report.add({ id: 'compose.project-name', title: 'Project name', status: 'ok', detail: p.projectName });
      report.add({
        id: 'compose.services',
        title: 'Services',
        status: 'ok',
        detail: [
          p.resolutions.map(describeResolution).join(', ') || undefined,
          p.backend
            ? undefined
            : `no backend service '${inputs.backendService}' in the stack (fine: backend-service was left at its default; the stack is ready when its containers are, and no URL is exported)`,
          p.auth || !inputs.authService
            ? undefined
            : `no auth service '${inputs.authService}' in the stack (fine: auth-service was left at its default)`,
        ]
          .filter(Boolean)
          .join('; ')
          .concat(notStarted(p)),
        data: { resolutions: p.resolutions, awaited: p.awaited, inactive: p.inactive, profiles: p.profiles.names },
      });
      if (p.notBuilt.length > 0) {
        const first = p.notBuilt[0]!;
        const where = locateBuildPath(p.files, first.service, first.kind);
        report.add({
          id: 'compose.build-paths',
          title: 'Build paths of services not built',
          status: 'info',
          detail: `${p.notBuilt.map((m) => describeMissing(m, inputs.workspace)).join('; ')}: not needed now, as ${[...new Set(p.notBuilt.map((m) => `${m.service}'s image ${m.image}`))].join(', ')} is already on the engine and build is false; a build would fail`,
          location: where && { file: rel(where.file), line: where.line },
        });
      }
      for (const c of report.checks.slice(p.notBuilt.length > 0 ? -5 : -4)) core.info(`${c.title}: ${c.detail}`);
      return p;
    });
  } catch (caught) {
    const err = caught instanceof PlanError ? (tooOldFor(caught, compose, inputs.workspace) ?? caught) : caught;
    const stage: DockerStage = err instanceof PlanError ? err.stage : 'config';
    report.add({
      id: `compose.${stage}`,
      title: `Compose ${stage}`,
      status: 'failed',
      detail: errorMessage(err),
      ...(err instanceof PlanError ? planFailure(err, rel) : { failure: 'config-invalid' as const }),
    });
    await dropSpeculative('compose config did not confirm it');
    return { ok: false, availability, plan: undefined, stage, reason: errorMessage(err) };
  }
  if (speculative && predicted && !samePlan(predicted, plan)) await dropSpeculative('compose config resolved the files differently');
  if (inputs.isolate) isolate(plan, report, env);

  const deadline = performance.now() + inputs.startupTimeoutMs;
  const images = [...plan.model.services.values()]
    .filter((s) => !s.build && s.image && (plan.services.length === 0 || plan.services.includes(s.name)))
    .map((s) => s.image as string);
  // Saved before up starts, so a failed or cancelled wait is still torn down by the post step.
  if (!speculative && inputs.teardown) saveTeardownState(teardownState(plan, env));
  const lane =
    speculative ??
    upAndWatch(
      { ...plan, images },
      upOptions(inputs, plan),
      env,
      inputs.startupTimeoutMs,
      waitRequest(plan, inputs, deadline, availability.publishHost, env),
    );
  const startedEarly = speculative !== undefined;
  const { up, wait } = await core.group('Docker: up, watching the containers', async () => {
    const both = await lane.done;
    const r = both.up;
    // Stopped because the watch saw a service fail, still running at startup-timeout, or failed
    // because a service did: the wait says what went wrong, and names the service.
    const explained = !r.ok && both.wait !== undefined && !both.wait.ok;
    report.add({
      id: 'compose.up',
      title: 'compose up',
      status: r.ok ? 'ok' : explained ? 'info' : 'failed',
      durationMs: r.durationMs,
      detail: r.ok
        ? startedEarly
          ? 'started (at once, on the plan compose config then confirmed)'
          : 'started'
        : explained
          ? // Up and the watch share the deadline: whichever noticed it first stopped the other.
            r.kind === 'timeout' || (both.wait?.ok === false && both.wait.kind === 'timeout')
            ? 'still running at startup-timeout, stopped (see the wait for what was not ready)'
            : r.kind === 'stopped'
              ? 'stopped while it still ran: a service failed (see the wait)'
              : `failed as a service did (see the wait): ${r.detail}`
          : r.detail,
      ...(r.ok || explained ? {} : upFailureFacts(r, plan, env, rel)),
    });
    if (startedEarly) core.info('up was started at once on the plan the files predict; compose config confirmed it');
    core.info(r.ok ? `up: started in ${Math.round(r.durationMs)} ms` : `up: ${explained ? 'stopped' : `failed: ${r.detail}`}`);
    if (both.wait && (r.ok || explained)) recordWait(both.wait, report, inputs, plan);
    return { up: r, wait: r.ok || explained ? both.wait : undefined };
  });
  if (!wait) {
    await removeFailedStack(plan, inputs, report, env, [], false);
    return { ok: false, availability, plan, stage: 'up', reason: `compose up failed: ${up.ok ? 'no wait' : up.detail}` };
  }
  if (!wait.ok) {
    await removeFailedStack(
      plan,
      inputs,
      report,
      env,
      wait.failing.map((f) => f.service).filter((s) => plan.model.services.has(s)),
      !up.ok && (up.kind === 'stopped' || up.kind === 'timeout'),
    );
    const reason =
      wait.kind === 'timeout'
        ? `the stack was not healthy within startup-timeout (${inputs.startupTimeoutMs / 1000} s): ${wait.reason}`
        : `the stack failed while starting: ${wait.reason}`;
    return { ok: false, availability, plan, stage: 'wait', reason };
  }

  const b = wait.backend;
  const endpoints: DockerEndpoints = {
    backendUrl: b?.url,
    websocketUrl: b && inputs.websocketPath !== undefined ? `ws://${b.host}:${b.port}${inputs.websocketPath}` : undefined,
    authUrl: b ? wait.auth?.url : undefined,
    backendPort: b?.port,
    // Every service that started: the awaited ones, and what compose started for them (dependencies).
    servicePorts: publishedPorts(
      wait.containers,
      [...new Set([...plan.awaited, ...wait.containers.map((c) => c.service)])],
      availability.publishHost,
    ),
  };
  const published = [
    b && plan.backend ? `${plan.backend.service} ${inputs.backendPort}/tcp → ${b.host}:${b.port}` : undefined,
    wait.auth && plan.auth ? `${plan.auth.service} ${inputs.authPort}/tcp → ${wait.auth.host}:${wait.auth.port}` : undefined,
  ].filter(Boolean);
  report.add({
    id: 'docker.ports',
    title: 'Published ports',
    status: 'ok',
    detail: published.length ? published.join('; ') : `no backend in the stack: no URL to give`,
  });
  return { ok: true, availability, plan, endpoints };
}

/**
 * isolate: true. On compose 2.24.4 or later, the override file that resets fixed names and host
 * ports joins the plan (every later compose call, and the post step, use it); on an older compose
 * a warning says why nothing changed.
 */
function isolate(plan: ComposePlan, report: Report, env: NodeJS.ProcessEnv): void {
  const i = isolationOverride(plan.model, plan.projectName);
  const title = 'Isolation (isolate: true)';
  if (i.yaml === '') {
    const detail = 'nothing to isolate: no container_name, fixed host port, or fixed network or volume name in the stack';
    report.add({ id: 'compose.isolate', title, status: 'info', detail });
    core.info(detail);
    return;
  }
  if (!supports(plan.compose.version, 'override-tag')) {
    const v = plan.compose.version?.text ?? 'of an unknown version';
    const detail = `not applied: isolation needs compose 2.24.4 or later (an override file with !reset and !override); this is compose ${v}, so these stay as the compose file says, and two jobs on one engine can collide on them: ${listFixed(i)}`;
    report.add({ id: 'compose.isolate', title, status: 'info', detail, data: { compose: v, needed: '2.24.4' } });
    core.warning(detail, { title: 'isolate: true needs compose 2.24.4 or later' });
    return;
  }
  const file = writeIsolation(i, plan.projectName, env.RUNNER_TEMP || os.tmpdir());
  plan.overrides = [...(plan.overrides ?? []), file];
  const detail = describeIsolation(i);
  report.add({
    id: 'compose.isolate',
    title,
    status: 'ok',
    detail,
    data: { file, containerNames: i.containerNames, hostPorts: i.hostPorts, networks: i.networks, volumes: i.volumes },
  });
  core.info(`Isolation: ${detail} (override file ${file})`);
}

function waitRequest(
  plan: ComposePlan,
  inputs: Inputs,
  deadline: number,
  engineHost: string,
  env: NodeJS.ProcessEnv,
): Omit<WaitRequest, 'signal' | 'cadenceMs'> {
  return {
    project: plan.projectName,
    awaited: plan.awaited,
    backend: plan.backend && {
      service: plan.backend.service,
      containerPort: inputs.backendPort,
      healthPath: inputs.healthPath,
      websocketPath: inputs.websocketPath,
    },
    auth: plan.auth
      ? { service: plan.auth.service, containerPort: inputs.authPort, healthPath: inputs.authHealthPath, websocketPath: undefined }
      : undefined,
    deadline,
    engineHost,
    env,
    longRunning: [...plan.model.services.values()].filter((s) => s.ports.length > 0).map((s) => s.name),
  };
}

function teardownState(plan: ComposePlan, env: NodeJS.ProcessEnv): TeardownState {
  return {
    compose: plan.compose.argv,
    projectName: plan.projectName,
    projectDirectory: plan.projectDirectory,
    files: plan.files,
    overrides: plan.overrides,
    engineEnv: engineEnv(env),
  };
}

function upOptions(inputs: Inputs, plan: ComposePlan): UpOptions {
  return { build: inputs.build, pull: inputs.pull, upFlags: inputs.upFlags, services: plan.services };
}

function availabilityFailure(problem: DockerProblem | undefined): FailureKind {
  switch (problem) {
    case 'no-cli':
      return 'no-cli';
    case 'permission-denied':
      return 'socket-permission';
    case 'bad-context':
      return 'bad-context';
    case 'no-compose':
      return 'compose-missing';
    default:
      return 'daemon-down';
  }
}

/** The failure kind, hint data and compose-file location of a failed plan. */
function planFailure(err: PlanError, rel: (p: string) => string): Pick<Check, 'failure' | 'data' | 'location'> {
  const at = (l: Location | undefined): Check['location'] => l && { file: rel(l.file), line: l.line };
  const u = err.underlying;
  switch (err.stage) {
    case 'discovery':
      if (!(u instanceof DiscoveryError) || u.foundAt === undefined) return { failure: 'no-compose-file' };
      return u.foundAt.length > 0 ? { failure: 'file-found-elsewhere', data: { foundAt: u.foundAt } } : { failure: 'file-missing' };
    case 'config':
      if (u instanceof ComposeTooOldError) {
        const first = u.unmet[0]!;
        const needed = newestNeeded(u.unmet);
        return {
          failure: 'compose-too-old',
          location: { file: rel(first.file), line: first.line },
          data: {
            compose: u.version.text,
            needed: needed && formatTriple(needed),
            keys: u.unmet.map((n) => ({ key: n.key, since: formatTriple(n.since), file: rel(n.file), line: n.line })),
          },
        };
      }
      return { failure: 'config-invalid', location: err.files[0] ? { file: rel(err.files[0]) } : undefined };
    case 'project-directory': {
      const first = err.missing[0];
      return {
        failure: 'dockerfile-missing',
        data: {
          missing: err.missing.map((m) => ({ service: m.service, kind: m.kind, path: rel(m.path), nearest: m.nearest && rel(m.nearest) })),
        },
        location: first && at(locateBuildPath(err.files, first.service, first.kind)),
      };
    }
    case 'services':
      if (u instanceof ServiceResolutionError)
        return {
          failure: u.kind === 'ambiguous' ? 'service-ambiguous' : 'service-missing',
          data: { query: u.query, candidates: u.candidates },
          location: at(locateInCompose(err.files, [['services']])),
        };
      return { failure: 'port-not-published' };
  }
}

/** The failure kind of a failed wait: what the first failing container did, else the timeout. */
function waitFailure(w: Extract<WaitOutcome, { ok: false }>): FailureKind {
  if (w.kind === 'timeout') {
    const c = w.failing[0]?.container;
    return c?.health === 'unhealthy' ? 'unhealthy' : 'wait-timeout';
  }
  if (w.kind === 'not-published') return 'port-not-published';
  if (w.kind === 'definite') {
    const p = w.probes.find((x) => definiteAnswer(x));
    return p ? probeFailure(p.class, p.status) : 'health-status';
  }
  if (w.kind === 'engine') return 'daemon-down';
  const c = w.failing[0]?.container;
  if (c && (c.restartCount > 0 || c.status === 'restarting')) return 'restarting';
  if (c?.health === 'unhealthy') return 'unhealthy';
  return 'exited';
}

/**
 * The failure kind of a failed `up`, and what it was about: for a host port or a container name
 * another container holds, the service that asks for it and the line of the compose file that
 * says so (with the variable that sets the port, when one does).
 */
function upFailureFacts(
  r: Extract<UpResult, { ok: false }>,
  plan: ComposePlan,
  env: NodeJS.ProcessEnv,
  rel: (p: string) => string,
): Pick<Check, 'failure' | 'data' | 'location'> {
  const failure = upFailure(r.kind);
  const services = [...plan.model.services.values()];
  if (r.kind === 'port-allocated' && r.hostPort !== undefined) {
    const svc = services.find((s) => s.ports.some((p) => p.published === String(r.hostPort)));
    const at = svc && locatePublishedPort(plan.files, svc.name, r.hostPort, env);
    // The variable whose value is the port (not a host IP's: "${HOST_IP:-0.0.0.0}:${PORT:-8002}:8000").
    const variable = at
      ? [...at.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)]
          .find((m) => interpolate(m[0], env) === String(r.hostPort))
          ?.slice(1)
          .find(Boolean)
      : undefined;
    return {
      failure,
      data: { kind: r.kind, port: r.hostPort, service: svc?.name, written: at?.text, variable },
      location: at && { file: rel(at.file), line: at.line },
    };
  }
  if (r.kind === 'container-name-conflict' && r.containerName !== undefined) {
    const svc = services.find((s) => s.containerName === r.containerName);
    const at = svc && locateInCompose(plan.files, [['services', svc.name, 'container_name']]);
    return {
      failure,
      data: { kind: r.kind, containerName: r.containerName, service: svc?.name },
      location: at && { file: rel(at.file), line: at.line },
    };
  }
  return { failure, data: { kind: r.kind } };
}

function upFailure(kind: UpFailureKind): FailureKind {
  switch (kind) {
    case 'port-allocated':
      return 'port-allocated';
    case 'container-name-conflict':
      return 'container-name-conflict';
    case 'image-missing':
      return 'image-missing';
    case 'build-failed':
      return 'build-failed';
    case 'timeout':
      return 'up-timeout';
    default:
      return 'up-failed';
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so an early start cannot become an unhandled rejection. */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function unwrap<T>(s: Settled<T> | undefined): T {
  if (!s) throw new Error('internal: no early plan');
  if (!s.ok) throw s.error;
  return s.value;
}

function recordWait(w: WaitOutcome, report: Report, inputs: Inputs, plan: ComposePlan): void {
  if (plan.backend && inputs.websocketPath === undefined)
    report.add({ id: 'wait.websocket', title: 'WebSocket', status: 'skipped', detail: 'not checked: websocket-path is empty' });
  for (const p of w.probes) {
    const auth = p.target === 'auth';
    const input = p.kind === 'websocket' ? 'websocket-path' : auth ? 'auth-health-path' : 'health-path';
    const probePath = p.kind === 'websocket' ? inputs.websocketPath : auth ? inputs.authHealthPath : inputs.healthPath;
    report.add({
      id: `wait.${p.kind === 'http' ? (auth ? 'auth-http' : 'http') : 'websocket'}`,
      title: `${p.kind === 'http' ? 'HTTP' : 'WebSocket'} ${p.url}`,
      status: p.class === 'ok' ? 'ok' : 'failed',
      durationMs: p.latencyMs,
      detail: p.detail,
      failure: p.class === 'ok' ? undefined : probeFailure(p.class, p.status),
      data: {
        class: p.class,
        status: p.status,
        url: p.url,
        path: probePath,
        input,
        containerPort: auth ? inputs.authPort : inputs.backendPort,
      },
    });
  }
  const first = w.ok ? undefined : w.failing[0];
  // A definite answer ended the wait: the hint names the path and the input that set it.
  const no = !w.ok && w.kind === 'definite' ? w.probes.find((p) => definiteAnswer(p)) : undefined;
  const answered = no && {
    status: no.status,
    url: no.url,
    path: new URL(no.url).pathname,
    input: no.kind === 'websocket' ? 'websocket-path' : no.target === 'auth' ? 'auth-health-path' : 'health-path',
  };
  report.add({
    id: 'wait',
    title: 'Wait for a healthy stack',
    status: w.ok ? 'ok' : 'failed',
    durationMs: w.durationMs,
    detail: w.ok ? `healthy after ${Math.round(w.durationMs)} ms` : w.reason,
    failure: w.ok ? undefined : waitFailure(w),
    data: {
      service: first?.service,
      exitCode: first?.container?.status === 'exited' ? first.container.exitCode : undefined,
      timeoutSeconds: inputs.startupTimeoutMs / 1000,
      ...answered,
      waiting: w.ok ? undefined : w.failing.map((f) => f.service),
      containers: w.containers.map((c) => ({
        service: c.service,
        status: c.status,
        health: c.health,
        exitCode: c.exitCode,
        restartCount: c.restartCount,
      })),
    },
  });
  core.info(w.ok ? `healthy after ${Math.round(w.durationMs)} ms` : `not healthy: ${w.reason}`);
}

/** Collect each failing service's state, healthcheck output and logs, then remove the stack. */
async function removeFailedStack(
  plan: ComposePlan,
  inputs: Inputs,
  report: Report,
  env: NodeJS.ProcessEnv,
  failing: string[],
  /** `up` was killed mid-way: look for stragglers once more after removing. */
  afterStoppedUp: boolean,
): Promise<void> {
  await core.group('Docker: collect logs and remove the failed stack', async () => {
    const started = performance.now();
    const services = [...new Set(failing.length ? failing : plan.awaited)];
    // Logs (one compose call per service) and state, all at once: the fallback waits on this.
    const [logs, containers] = await Promise.all([
      serviceLogs(plan, services, LOG_TAIL, env).catch(() => new Map<string, string[]>()),
      projectContainers(plan.projectName, env).catch(() => []),
    ]);
    for (const service of services) {
      const c = containers.find((x) => x.service === service);
      const state = c
        ? c.status === 'exited'
          ? `exited with code ${c.exitCode}`
          : c.health
            ? `${c.status} (${c.health})`
            : c.status
        : 'no container';
      report.serviceFailures.push({
        service,
        state,
        exitCode: c?.status === 'exited' ? c.exitCode : undefined,
        health: c?.health,
        lastHealthcheckOutput: c?.lastHealthOutput,
        logTail: logs.get(service) ?? [],
      });
      core.info(`${service}: ${state}`);
      for (const line of logs.get(service) ?? []) core.info(`  ${service} | ${line}`);
    }
    report.add({
      id: 'docker.logs',
      title: 'Failed services',
      status: 'info',
      durationMs: performance.now() - started,
      detail: services.join(', '),
    });
    const removed = await removeStack(plan, env, { afterStoppedUp });
    report.add({
      id: 'docker.teardown',
      title: 'Remove the failed stack',
      status: removed.ok ? 'ok' : 'failed',
      durationMs: removed.durationMs,
      detail: removed.detail,
    });
    if (removed.ok && inputs.teardown) saveStackRemoved();
    if (!removed.ok) core.warning(`Removing the failed stack: ${removed.detail}`);
  });
}
