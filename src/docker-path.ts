/**
 * The Docker path: availability → plan → up → wait, with every step recorded in the report.
 * A failure at any point collects what a person needs (state, healthcheck output, log tail),
 * removes the stack, and says why; the caller decides what happens next.
 */
import * as core from '@actions/core';
import * as path from 'node:path';
import { checkDocker, guessCompose, type DockerAvailability } from './docker/availability.js';
import { describeResolution, makePlan, PlanError, type ComposePlan } from './compose/plan.js';
import type { Inputs } from './inputs.js';
import type { DockerEndpoints } from './outputs.js';
import { errorMessage, type Report } from './report/model.js';
import { composeUp, removeStack, serviceLogs } from './stack/lifecycle.js';
import { projectContainers } from './stack/containers.js';
import { waitForStack, type WaitOutcome } from './stack/wait.js';
import { saveStackRemoved, saveTeardownState } from './state.js';

export type DockerStage = 'availability' | 'discovery' | 'config' | 'project-directory' | 'services' | 'up' | 'wait';

export type DockerPathResult =
  | { ok: true; availability: DockerAvailability; plan: ComposePlan; endpoints: DockerEndpoints }
  | { ok: false; availability: DockerAvailability; plan: ComposePlan | undefined; stage: DockerStage; reason: string };

const LOG_TAIL = 40;

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

  // Planning needs only the files and `compose config`: start it now, with the compose the file
  // system suggests, while the daemon is being asked; re-plan if the guess was wrong.
  const guess = guessCompose(env);
  const planStarted = performance.now();
  const early = guess ? settle(makePlan(inputs, { ...guess, version: '', major: 0 }, env)) : undefined;

  const availability = await core.group('Docker: availability', async () => {
    const a = await checkDocker(env);
    report.add({
      id: 'docker.availability',
      title: 'Docker CLI, daemon and compose',
      status: a.ok ? 'ok' : 'failed',
      durationMs: a.durationMs,
      detail: a.detail,
      data: { problem: a.problem, cli: a.cliVersion, server: a.serverVersion, endpoint: a.endpoint, compose: a.compose },
    });
    core.info(a.detail);
    return a;
  });
  if (!availability.ok) {
    await early; // let its compose process finish: nothing is left running
    return { ok: false, availability, plan: undefined, stage: 'availability', reason: availability.detail };
  }
  const compose = availability.compose!;
  const reuse = early !== undefined && guess?.argv.join(' ') === compose.argv.join(' ');
  if (!reuse) await early; // a wrong guess: let its compose process finish before planning again

  let plan: ComposePlan;
  try {
    plan = await core.group('Docker: compose plan', async () => {
      const started = reuse ? planStarted : performance.now();
      const p = reuse ? unwrap(await early) : await makePlan(inputs, compose, env);
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
        detail: `${p.resolutions.map(describeResolution).join(', ')}${p.auth ? '' : inputs.authService ? `; no auth service '${inputs.authService}' in the stack (fine: auth-service was left at its default)` : ''}`,
        data: { resolutions: p.resolutions, awaited: p.awaited },
      });
      for (const c of report.checks.slice(-4)) core.info(`${c.title}: ${c.detail}`);
      return p;
    });
  } catch (err) {
    const stage: DockerStage = err instanceof PlanError ? err.stage : 'config';
    report.add({
      id: `compose.${stage}`,
      title: `Compose ${stage}`,
      status: 'failed',
      detail: errorMessage(err),
      data: err instanceof PlanError ? { missing: err.missing } : undefined,
    });
    return { ok: false, availability, plan: undefined, stage, reason: errorMessage(err) };
  }

  const deadline = performance.now() + inputs.startupTimeoutMs;
  const images = [...plan.model.services.values()]
    .filter((s) => !s.build && s.image && (plan.services.length === 0 || plan.services.includes(s.name)))
    .map((s) => s.image as string);
  // Saved before up starts, so a failed or cancelled wait is still torn down by the post step.
  if (inputs.teardown) {
    saveTeardownState({
      compose: compose.argv,
      composeMajor: compose.major,
      projectName: plan.projectName,
      projectDirectory: plan.projectDirectory,
      files: plan.files,
      engineEnv: engineEnv(env),
    });
  }

  const up = await core.group('Docker: up', async () => {
    const r = await composeUp(
      { ...plan, images },
      { build: inputs.build, pull: inputs.pull, upFlags: inputs.upFlags, services: plan.services },
      env,
      inputs.startupTimeoutMs,
    );
    report.add({
      id: 'compose.up',
      title: 'compose up',
      status: r.ok ? 'ok' : 'failed',
      durationMs: r.durationMs,
      detail: r.ok ? 'started' : r.detail,
      data: r.ok ? undefined : { kind: r.kind },
    });
    core.info(r.ok ? `up: started in ${Math.round(r.durationMs)} ms` : `up failed: ${r.detail}`);
    return r;
  });
  if (!up.ok) {
    await removeFailedStack(plan, inputs, report, env, []);
    return { ok: false, availability, plan, stage: 'up', reason: `compose up failed: ${up.detail}` };
  }

  const wait = await core.group('Docker: wait for a healthy stack', async () => {
    const w = await waitForStack({
      project: plan.projectName,
      awaited: plan.awaited,
      backend: {
        service: plan.backend.service,
        containerPort: inputs.backendPort,
        healthPath: inputs.healthPath,
        websocketPath: inputs.websocketPath,
      },
      auth: plan.auth
        ? { service: plan.auth.service, containerPort: inputs.authPort, healthPath: inputs.authHealthPath, websocketPath: undefined }
        : undefined,
      deadline,
      engineHost: availability.publishHost,
      env,
    });
    recordWait(w, report);
    return w;
  });
  if (!wait.ok) {
    await removeFailedStack(
      plan,
      inputs,
      report,
      env,
      wait.failing.map((f) => f.service).filter((s) => plan.model.services.has(s)),
    );
    const reason =
      wait.kind === 'timeout'
        ? `the stack was not healthy within startup-timeout (${inputs.startupTimeoutMs / 1000} s): ${wait.reason}`
        : `the stack failed while starting: ${wait.reason}`;
    return { ok: false, availability, plan, stage: 'wait', reason };
  }

  const endpoints: DockerEndpoints = {
    backendUrl: wait.backend.url,
    websocketUrl: `ws://${wait.backend.host}:${wait.backend.port}${inputs.websocketPath}`,
    authUrl: wait.auth?.url,
    backendPort: wait.backend.port,
  };
  report.add({
    id: 'docker.ports',
    title: 'Published ports',
    status: 'ok',
    detail: `${plan.backend.service} ${inputs.backendPort}/tcp → ${wait.backend.host}:${wait.backend.port}${wait.auth && plan.auth ? `; ${plan.auth.service} ${inputs.authPort}/tcp → ${wait.auth.host}:${wait.auth.port}` : ''}`,
  });
  return { ok: true, availability, plan, endpoints };
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

function recordWait(w: WaitOutcome, report: Report): void {
  for (const p of w.probes) {
    report.add({
      id: `wait.${p.kind}`,
      title: `${p.kind === 'http' ? 'HTTP' : 'WebSocket'} ${p.url}`,
      status: p.class === 'ok' ? 'ok' : 'failed',
      durationMs: p.latencyMs,
      detail: p.detail,
      data: { class: p.class, status: p.status },
    });
  }
  report.add({
    id: 'wait',
    title: 'Wait for a healthy stack',
    status: w.ok ? 'ok' : 'failed',
    durationMs: w.durationMs,
    detail: w.ok ? `healthy after ${Math.round(w.durationMs)} ms` : w.reason,
    data: {
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
): Promise<void> {
  await core.group('Docker: collect logs and remove the failed stack', async () => {
    const started = performance.now();
    const services = [...new Set(failing.length ? failing : plan.awaited)];
    const logs = await serviceLogs(plan, services, LOG_TAIL, env).catch(() => new Map<string, string[]>());
    const containers = await projectContainers(plan.projectName, env).catch(() => []);
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
    const removed = await removeStack(plan, env);
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
