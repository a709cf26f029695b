/**
 * Stage: `up`, with the containers watched while it runs (or the early start's `up`, already
 * running). Records `compose up` and the wait: when the watch saw a service fail, or the deadline
 * came, `up` was stopped and the wait says why, naming the service.
 */
import * as runner from '../runner.js';
import { withoutCredentialPaths, type DockerAvailability } from '../docker/availability.js';
import { locateInCompose, locatePublishedPort } from '../compose/locate.js';
import { interpolate } from '../compose/model.js';
import { readableLine } from '../compose/progress-line.js';
import type { ComposePlan } from '../compose/plan-types.js';
import type { Inputs } from '../inputs.js';
import { outsideLine } from '../report/outside.js';
import { probeFailure, type CheckOf, type Report } from '../report/model.js';
import type { PathInput } from '../report/check-data.js';
import type { FailureKind } from '../failure-kinds.js';
import type { UpResult } from '../stack/lifecycle.js';
import { upAndWatch, type UpAndWatch } from '../stack/up-and-watch.js';
import { definiteAnswer, type ServiceReadiness, type WaitOutcome } from '../stack/wait.js';
import { RULE_WORDS } from '../readiness/rules.js';
import { saveTeardownState } from '../state.js';
import { teardownState, upOptions, waitRequest, type PathContext } from './context.js';
import { recordPulls, repullFor } from './pulls.js';
import * as log from '../log.js';

export interface Started {
  up: UpResult;
  /** The wait, when `up` got that far or the watch explains why it did not; undefined: `up` failed on its own. */
  wait: WaitOutcome | undefined;
}

/** Run `up` and the watch on the confirmed plan, or take over the early start's. */
export async function upStage(
  ctx: PathContext,
  plan: ComposePlan,
  availability: DockerAvailability,
  early: UpAndWatch | undefined,
  /** What is left of startup-timeout (getting the images took the rest). */
  budgetMs = ctx.inputs.startupTimeoutMs,
): Promise<Started> {
  const { inputs, report, env } = ctx;
  const deadline = performance.now() + budgetMs;
  const images = [...plan.model.services.values()]
    .filter((s) => !s.build && s.image && (plan.services.length === 0 || plan.services.includes(s.name)))
    .map((s) => s.image as string);
  // Saved before up starts, so a failed or cancelled wait is still torn down by the post step.
  if (!early && inputs.teardown) saveTeardownState(teardownState(plan, env));
  const lane =
    early ??
    upAndWatch(
      { ...plan, images, repull: repullFor(inputs, plan, env) },
      upOptions(inputs, plan),
      env,
      budgetMs,
      waitRequest(plan, inputs, deadline, ctx.reacher(availability.publishHost), env),
    );
  return runner.group('Docker: up, watching the containers', async () => {
    const both = await withProgress(lane, inputs.startupTimeoutMs, env);
    const r = both.up;
    recordPulls(report, r, inputs.startupTimeoutMs / 1000);
    if (!r.ok && r.pull) {
      report.add({
        id: 'compose.up',
        title: 'compose up',
        status: 'info',
        durationMs: r.durationMs,
        detail: "its pull met the registry's trouble, and so did the pulls with retries after it (see the images)",
      });
      log.info(`up: not started: ${outsideLine(r.detail)}`);
      return { up: r, wait: undefined };
    }
    // Stopped because the watch saw a service fail, still running at startup-timeout, or failed
    // because a service did: the wait says what went wrong, and names the service.
    const explained = !r.ok && both.wait !== undefined && !both.wait.ok;
    report.add({
      id: 'compose.up',
      title: 'compose up',
      status: r.ok ? 'ok' : explained ? 'info' : 'failed',
      durationMs: r.durationMs,
      detail: r.ok
        ? early
          ? 'started (at once, on the plan compose config then confirmed)'
          : 'started'
        : explained
          ? // Up and the watch share the deadline: whichever noticed it first stopped the other.
            r.kind === 'up-timeout' || (both.wait?.ok === false && both.wait.kind === 'timeout')
            ? 'still running at startup-timeout, stopped (see the wait for what was not ready)'
            : r.kind === 'stopped'
              ? 'stopped while it still ran: a service failed (see the wait)'
              : `failed as a service did (see the wait): ${r.detail}`
          : r.detail,
      ...(r.ok || explained ? {} : upFailureFacts(r, plan, ctx)),
    });
    if (early) log.info('up was started at once on the plan the files predict; compose config confirmed it');
    log.info(r.ok ? `up: started in ${Math.round(r.durationMs)} ms` : `up: ${explained ? 'stopped' : `failed: ${outsideLine(r.detail)}`}`);
    if (both.wait && (r.ok || explained)) recordWait(both.wait, report, inputs, plan);
    return { up: r, wait: r.ok || explained ? both.wait : undefined };
  });
}

/** A status line this often, saying what the step still waits for. */
const STATUS_EVERY_MS = 10_000;

/**
 * Wait for `up` and the watch, showing `up`'s own output as it comes (what an early `up` said
 * before this group opened first) and, every 10 s, what is not ready yet and why.
 */
async function withProgress(lane: UpAndWatch, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<Awaited<UpAndWatch['done']>> {
  const { progress } = lane;
  // With `--progress json` (COMPOSE_PROGRESS), compose's lines are shown as its plain writer says them.
  progress.attach((line) => log.info(`  up | ${outsideLine(withoutCredentialPaths(readableLine(line), env))}`));
  const ticker = setInterval(() => {
    const seconds = Math.round((performance.now() - progress.startedAt) / 1000);
    log.info(`${seconds} s of ${timeoutMs / 1000} s (startup-timeout): waiting for ${outsideLine(progress.describeWaiting())}`);
  }, STATUS_EVERY_MS);
  try {
    return await lane.done;
  } finally {
    clearInterval(ticker);
    progress.detach();
  }
}

/** The failure kind of a failed wait: what the first failing container did, else the timeout. Pure. */
export function waitFailure(w: Extract<WaitOutcome, { ok: false }>): FailureKind {
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
  // An exited container keeps the health it last had: it exited, whatever that was.
  if (c?.status !== 'exited' && c?.health === 'unhealthy') return 'unhealthy';
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
  ctx: PathContext,
): Pick<CheckOf<'compose.up'>, 'failure' | 'data' | 'location'> {
  const { env, rel } = ctx;
  // Stopped on purpose: the wait names the failure; one that is not there is up's own.
  const failure = r.kind === 'stopped' ? 'up-failed' : r.kind;
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

function recordWait(w: WaitOutcome, report: Report, inputs: Inputs, plan: ComposePlan): void {
  if (plan.backend && inputs.websocketPath === undefined)
    report.add({ id: 'wait.websocket', title: 'WebSocket', status: 'skipped', detail: 'not checked: websocket-path is empty' });
  for (const p of w.probes) {
    if (p.target === 'declared') {
      report.add({
        id: 'wait.declared',
        title: `${p.service}: ${p.kind === 'http' ? 'HTTP' : 'WebSocket'} ${p.url}`,
        status: p.class === 'ok' || w.ok ? 'ok' : 'failed',
        durationMs: p.latencyMs,
        detail: p.detail,
        data: { class: p.class, status: p.status, url: p.url, service: p.service },
      });
      continue;
    }
    const auth = p.target === 'auth';
    const input = p.kind === 'websocket' ? 'websocket-path' : auth ? 'auth-health-path' : 'health-path';
    // The service behind the probe died: its port was closed because it was gone, not misconfigured.
    const service = auth ? plan.auth?.service : plan.backend?.service;
    const died = !w.ok && p.class !== 'ok' && w.failing.find((f) => f.service === service && f.container?.status === 'exited');
    const probePath = p.kind === 'websocket' ? inputs.websocketPath : auth ? inputs.authHealthPath : inputs.healthPath;
    report.add({
      id: `wait.${p.kind === 'http' ? (auth ? 'auth-http' : 'http') : 'websocket'}`,
      title: `${p.kind === 'http' ? 'HTTP' : 'WebSocket'} ${p.url}`,
      status: p.class === 'ok' ? 'ok' : 'failed',
      durationMs: p.latencyMs,
      detail: p.detail,
      failure: p.class === 'ok' ? undefined : probeFailure(p.class, p.status),
      ...(died ? { hint: `${died.service} ${died.why} (see Failed services): nothing was left to answer; its log says why.` } : {}),
      data: {
        class: p.class,
        status: p.status,
        url: p.url,
        path: probePath,
        input,
        containerPort: auth ? plan.auth?.port : plan.backend?.port,
      },
    });
  }
  const first = w.ok ? undefined : w.failing[0];
  // A definite answer ended the wait: the hint names the path and the input that set it.
  const no = !w.ok && w.kind === 'definite' ? w.probes.find((p) => definiteAnswer(p)) : undefined;
  const answeredInput: PathInput = no?.kind === 'websocket' ? 'websocket-path' : no?.target === 'auth' ? 'auth-health-path' : 'health-path';
  const answered = no && { status: no.status, url: no.url, path: new URL(no.url).pathname, input: answeredInput };
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
  if (w.ok) recordReadiness(w.services, report);
  log.info(w.ok ? `healthy after ${Math.round(w.durationMs)} ms` : `not healthy: ${outsideLine(w.reason)}`);
}

/** Which rule made each service ready, and when: one row a person reads, the list in the report. */
function recordReadiness(services: ServiceReadiness[], report: Report): void {
  if (services.length === 0) return;
  report.add({
    id: 'wait.ready',
    title: 'Ready, service by service',
    status: 'ok',
    detail: services
      .map(
        (s) =>
          `${s.service}: ${RULE_WORDS[s.by]}${s.why && s.by !== 'done' ? ` (${outsideLine(s.why, 200)})` : ''} after ${(s.readyAfterMs / 1000).toFixed(1)} s`,
      )
      .join('; '),
    data: { services: services.map((s) => ({ service: s.service, readyBy: s.by, why: s.why, readyAfterMs: Math.round(s.readyAfterMs) })) },
  });
}
