/**
 * What every stage of the Docker path shares: the inputs, the report, the environment, and the
 * few builders more than one stage needs (the wait request, `up`'s options, the teardown state).
 */
import * as path from 'node:path';
import type { UpOptions } from '../compose/commands.js';
import type { ComposePlan } from '../compose/plan-types.js';
import type { Inputs } from '../inputs.js';
import type { Report } from '../report/model.js';
import type { Reacher } from '../stack/reach.js';
import type { WaitRequest } from '../stack/wait.js';
import type { TeardownState } from '../state.js';

export interface PathContext {
  inputs: Inputs;
  report: Report;
  env: NodeJS.ProcessEnv;
  /** A path as the summary shows it: relative to the workspace. */
  rel: (p: string) => string;
  /** How a wait reaches the stack, for an engine publishing on `engineHost` (see docker-path/location.ts). */
  reacher: (engineHost: string) => Reacher;
}

export function pathContext(inputs: Inputs, report: Report, env: NodeJS.ProcessEnv, reacher: PathContext['reacher']): PathContext {
  return { inputs, report, env, rel: (p) => path.relative(inputs.workspace, p) || '.', reacher };
}

/** Variables that decide which engine compose talks to; saved for the post step. */
export function engineEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [
    'DOCKER_HOST',
    'DOCKER_CONTEXT',
    'DOCKER_CONFIG',
    'DOCKER_TLS',
    'DOCKER_TLS_VERIFY',
    'DOCKER_CERT_PATH',
    'COMPOSE_PROFILES',
  ]) {
    const v = env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function teardownState(plan: ComposePlan, env: NodeJS.ProcessEnv): TeardownState {
  return {
    compose: plan.compose.argv,
    projectName: plan.projectName,
    projectDirectory: plan.projectDirectory,
    files: plan.files,
    overrides: plan.overrides,
    engineEnv: engineEnv(env),
  };
}

export function upOptions(inputs: Inputs, plan: ComposePlan): UpOptions {
  return { build: inputs.build, pull: inputs.pull, upFlags: inputs.upFlags, services: plan.services };
}

/** What the watch waits for: the plan's containers, the backend and auth probes, by `deadline`. */
export function waitRequest(
  plan: ComposePlan,
  inputs: Inputs,
  deadline: number,
  reacher: Reacher,
  env: NodeJS.ProcessEnv,
): Omit<WaitRequest, 'signal' | 'cadenceMs'> {
  return {
    project: plan.projectName,
    awaited: plan.awaited,
    backend: plan.backend && {
      service: plan.backend.service,
      containerPort: plan.backend.port,
      healthPath: inputs.healthPath,
      websocketPath: inputs.websocketPath,
    },
    auth: plan.auth
      ? { service: plan.auth.service, containerPort: plan.auth.port, healthPath: inputs.authHealthPath, websocketPath: undefined }
      : undefined,
    deadline,
    reacher,
    env,
    declared: new Map([...plan.model.services.values()].flatMap((s) => (s.ready ? [[s.name, s.ready] as const] : []))),
    dependsOn: new Map([...plan.model.services.values()].map((s) => [s.name, s.dependsOn.map((d) => d.service)] as const)),
  };
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so work started early cannot become an unhandled rejection. */
export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export function unwrap<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
}
