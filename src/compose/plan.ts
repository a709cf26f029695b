/**
 * The compose plan: which files, which project directory, which project name, which services,
 * and the resolved model, decided before anything is started. A failed plan fails the Docker path
 * before `up`, with everything a person needs to fix it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exec, lastLines } from '../exec.js';
import type { ComposeCommand } from './types.js';
import type { Inputs } from '../inputs.js';
import { configArgs, type ComposeTarget } from './commands.js';
import { checkNamedFiles, discoverComposeFiles, type Discovery } from './discovery.js';
import { ComposeTooOldError, describeUnmetNeeds, findVersionNeeds, unmetNeeds } from './needs.js';
import { parseComposeYaml, rawModel, type ComposeModel } from './model.js';
import type { PlanNotice, PlannedEndpoint } from './endpoint-port.js';
import { PlanError } from './plan-error.js';
import { planServices } from './plan-services.js';
import {
  describeMissing,
  editDistance,
  missingBuildPaths,
  projectDirectoryCandidates,
  type MissingBuildPath,
} from './project-directory.js';
import { deriveProjectName, randomSuffix } from './project-name.js';
import { activeProfiles, splitByProfiles, type ActiveProfiles } from './profiles.js';
import type { NotStarting } from './replicas.js';
import { describeResolution, type ResolvedService } from './services.js';
import { byText } from '../order.js';
import { DeclarationError } from './declared-readiness.js';

export interface ComposePlan extends ComposeTarget {
  compose: ComposeCommand;
  /** The services that start: those of the resolved config whose profiles are active. */
  model: ComposeModel;
  profiles: ActiveProfiles;
  /** Services left out because none of their profiles is active. */
  inactive: Array<{ name: string; profiles: string[] }>;
  discovery: Discovery | undefined;
  /** Why this project directory. */
  projectDirectoryWhy: string;
  /** Services to start (resolved names); empty = all. */
  services: string[];
  /** Services whose containers must be ready: the started ones, or all that get a container. */
  awaited: string[];
  /** The backend and the container port its probes use; undefined: no backend URL (see plan-services.ts). */
  backend: PlannedEndpoint | undefined;
  /** The auth service and its container port; undefined: no auth URL. */
  auth: PlannedEndpoint | undefined;
  resolutions: ResolvedService[];
  /** Build paths that are missing, of services that are not built (their image is there): a warning. */
  notBuilt: NotBuilt[];
  /**
   * Services in `model` that `up` creates no container for (replicas or scale 0): not awaited.
   * Still in `model`: `up` of the project pulls their images and checks their build paths.
   */
  notStarting: NotStarting[];
  /** What the plan decided because an input was left at its default: a notice each. */
  notices: PlanNotice[];
}

export { PlanError, type PlanStage } from './plan-error.js';

const CONFIG_TIMEOUT_MS = 30_000;

/** Run `compose config` for one candidate directory and parse it. */
async function resolvedConfig(
  target: ComposeTarget,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<{ model: ComposeModel } | { error: string }> {
  const r = await exec(configArgs(target), { cwd: target.projectDirectory, env, timeoutMs: CONFIG_TIMEOUT_MS, signal });
  if (r.aborted) return { error: 'stopped: the plan is no longer needed' };
  if (r.code !== 0) return { error: lastLines(r.stderr || r.stdout, 4) || `exit code ${r.code}` };
  try {
    return { model: parseComposeYaml(r.stdout) };
  } catch (err) {
    return { error: `could not parse the output of compose config: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Which compose files: the named ones (checked), else discovered. No process is started. */
function chooseFiles(inputs: Inputs): { files: string[]; discovery: Discovery | undefined } {
  try {
    if (inputs.composeFiles.length > 0) {
      checkNamedFiles(inputs.composeFiles, inputs.workspace);
      return { files: inputs.composeFiles, discovery: undefined };
    }
    const discovery = discoverComposeFiles(inputs.workingDirectory, inputs.backendService, inputs.workspace);
    return { files: discovery.files, discovery };
  } catch (err) {
    throw new PlanError('discovery', (err as Error).message, [], err);
  }
}

function directoryCandidates(inputs: Inputs, files: string[]): string[] {
  return inputs.projectDirectory
    ? [inputs.projectDirectory]
    : projectDirectoryCandidates(files[0] as string, inputs.workingDirectory, inputs.workspace);
}

function directoryWhy(inputs: Inputs, inOrder: string[], dir: string): string {
  const rel = (p: string): string => path.relative(inputs.workspace, p) || '.';
  const earlier = inOrder.slice(0, inOrder.indexOf(dir));
  return inputs.projectDirectory
    ? 'given by the project-directory input'
    : earlier.length === 0
      ? "the compose file's own directory, where every build context and Dockerfile exists"
      : `every build context and Dockerfile exists from here (not from ${earlier.map(rel).join(', ')})`;
}

/**
 * The plan the raw files predict, without starting any process: files, the first project
 * directory in which every build path exists, services resolved on the raw (interpolated) model.
 * Undefined when the files alone cannot settle it. `compose config` must still confirm it.
 */
export function predictPlan(
  inputs: Inputs,
  compose: ComposeCommand,
  env: NodeJS.ProcessEnv,
  projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix),
): ComposePlan | undefined {
  try {
    const { files, discovery } = chooseFiles(inputs);
    const inOrder = directoryCandidates(inputs, files);
    const model = readRawModel(files, env);
    const dir = model && firstWorkableDirectory(model, inOrder, inputs.workspace, env);
    if (!model || !dir) return undefined;
    return finishPlan(inputs, compose, env, { files, discovery, projectName, dir, why: directoryWhy(inputs, inOrder, dir), model });
  } catch {
    return undefined;
  }
}

/**
 * Whether `confirmed` starts exactly the stack `predicted` started, and waits for the same
 * services: same compose, files, directory, project, services and awaited containers. Pure.
 */
export function samePlan(predicted: ComposePlan, confirmed: ComposePlan): boolean {
  const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  const sameSet = (a: string[], b: string[]): boolean => same([...a].sort(), [...b].sort());
  return (
    same(predicted.compose.argv, confirmed.compose.argv) &&
    same(predicted.files, confirmed.files) &&
    predicted.projectDirectory === confirmed.projectDirectory &&
    predicted.projectName === confirmed.projectName &&
    sameSet(predicted.services, confirmed.services) &&
    sameSet(predicted.awaited, confirmed.awaited) &&
    predicted.backend?.service === confirmed.backend?.service &&
    predicted.backend?.port === confirmed.backend?.port &&
    predicted.auth?.service === confirmed.auth?.service &&
    predicted.auth?.port === confirmed.auth?.port
  );
}

/** Decide files, project directory and name, resolve the config and the services. */
export async function makePlan(
  inputs: Inputs,
  compose: ComposeCommand,
  env: NodeJS.ProcessEnv,
  projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix),
  /** Stops its compose processes (killed, not awaited): the plan is no longer needed. */
  signal?: AbortSignal,
): Promise<ComposePlan> {
  const { files, discovery } = chooseFiles(inputs);
  try {
    return await planFor(inputs, compose, env, projectName, files, discovery, signal);
  } catch (err) {
    if (err instanceof PlanError) err.files = files;
    throw err;
  }
}

async function planFor(
  inputs: Inputs,
  compose: ComposeCommand,
  env: NodeJS.ProcessEnv,
  projectName: string,
  files: string[],
  discovery: Discovery | undefined,
  signal?: AbortSignal,
): Promise<ComposePlan> {
  const ws = inputs.workspace;
  const rel = (p: string): string => path.relative(ws, p) || '.';
  const inOrder = directoryCandidates(inputs, files);
  const raw = readRawModel(files, env);
  // Try first the directory the raw files predict, so one `compose config` usually confirms it.
  const predicted = raw && firstWorkableDirectory(raw, inOrder, ws, env);
  const candidates = predicted ? [predicted, ...inOrder.filter((d) => d !== predicted)] : inOrder;

  let chosen: { dir: string; model: ComposeModel; why: string; notBuilt?: NotBuilt[] } | undefined;
  const attempts: Array<{ dir: string; error?: string; missing: MissingBuildPath[]; model?: ComposeModel }> = [];
  for (const dir of candidates) {
    if (signal?.aborted) throw new PlanError('config', 'stopped: the plan is no longer needed');
    const config = await resolvedConfig({ compose, projectName, projectDirectory: dir, files }, env, signal);
    if ('error' in config) {
      attempts.push({ dir, error: config.error, missing: [] });
      continue;
    }
    const missing = missingBuildPaths(startingServices(config.model, env, dir), dir, ws);
    if (missing.length === 0) {
      chosen = { dir, model: config.model, why: directoryWhy(inputs, inOrder, dir) };
      break;
    }
    attempts.push({ dir, missing, model: config.model });
  }
  // No directory has every build path: one will do where only services that are not built lack
  // theirs (their image is on the engine already, and build is false).
  if (!chosen && !inputs.build) {
    for (const a of attempts) {
      if (!a.model || a.missing.some((m) => m.kind === 'env_file')) continue;
      const present = await imagesPresent(a.model, [...new Set(a.missing.map((m) => m.service))], env);
      if (a.missing.every((m) => present.has(m.service))) {
        const image = (s: string): string => a.model?.services.get(s)?.image ?? '';
        const why = `${directoryWhy(inputs, inOrder, a.dir)}, but for services not built here`;
        chosen = { dir: a.dir, model: a.model, why, notBuilt: a.missing.map((m) => ({ ...m, image: image(m.service) })) };
        break;
      }
    }
  }

  if (!chosen) {
    const withConfig = attempts.filter((a) => a.error === undefined);
    if (withConfig.length === 0) {
      const first = attempts[0];
      throw new PlanError(
        'config',
        `compose config failed for ${files.map(rel).join(', ')} (project directory ${rel(first?.dir ?? ws)}): ${first?.error ?? 'unknown error'}`,
      );
    }
    // Report the directory that came closest: fewest missing paths, then the one whose missing
    // paths lie nearest to files that exist (what the author most likely meant), then the earliest.
    const distance = (a: { missing: MissingBuildPath[] }): number =>
      a.missing.reduce((sum, m) => sum + (m.nearest ? editDistance(path.relative(ws, m.path), path.relative(ws, m.nearest)) : 1000), 0);
    const best = withConfig.reduce((a, b) =>
      b.missing.length < a.missing.length || (b.missing.length === a.missing.length && distance(b) < distance(a)) ? b : a,
    );
    const lines = best.missing.map((m) => describeMissing(m, ws));
    const tried = attempts.map((a) => rel(a.dir)).join(', ');
    throw new PlanError(
      'project-directory',
      `No project directory works: from ${rel(best.dir)} (best of ${tried}) ${lines.join('; ')}. Fix the path in the compose file or set 'project-directory'.`,
      best.missing,
    );
  }

  return finishPlan(inputs, compose, env, { files, discovery, projectName, ...chosen, model: withProfiledServices(chosen.model, raw) });
}

/** A missing build path of a service that is not built (its image is on the engine): no need for it. */
export type NotBuilt = MissingBuildPath & { image: string };

/** Which of `services` (built ones, with an `image:`) have that image on the engine already. */
async function imagesPresent(model: ComposeModel, services: string[], env: NodeJS.ProcessEnv): Promise<Set<string>> {
  const named = services.flatMap((s) => {
    const image = model.services.get(s)?.image;
    return image ? [{ s, image }] : [];
  });
  const found = await Promise.all(
    named.map(({ image }) => exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', image], { env, timeoutMs: 10_000 })),
  );
  return new Set(named.filter((_, i) => found[i]?.code === 0).map(({ s }) => s));
}

/**
 * Compose v2's `config` prints only the services whose profiles are active; v1's prints them all.
 * Add the profiled services only the raw files show, so both report what was left out, and why.
 */
function withProfiledServices(config: ComposeModel, raw: ComposeModel | undefined): ComposeModel {
  const missing = [...(raw?.services.values() ?? [])].filter((s) => s.profiles.length > 0 && !config.services.has(s.name));
  if (missing.length === 0) return config;
  return { ...config, services: new Map([...config.services, ...missing.map((s) => [s.name, s] as const)]) };
}

/** The services `up` starts from `dir` (their profiles active): only their build paths matter. */
function startingServices(model: ComposeModel, env: NodeJS.ProcessEnv, dir: string): ComposeModel {
  return splitByProfiles(model, activeProfiles(env, dir).names).active;
}

/** Resolve the services on a model and check that the ports the tests need are published. */
function finishPlan(
  inputs: Inputs,
  compose: ComposeCommand,
  env: NodeJS.ProcessEnv,
  p: {
    files: string[];
    discovery: Discovery | undefined;
    projectName: string;
    dir: string;
    why: string;
    model: ComposeModel;
    notBuilt?: NotBuilt[];
  },
): ComposePlan {
  const { files, discovery, projectName } = p;
  const profiles = activeProfiles(env, p.dir);
  const { active: model, inactive } = splitByProfiles(p.model, profiles.names);
  const planned = planServices(inputs, model, inactive, profiles);
  const problems = [...model.services.values()].flatMap((s) => s.readyProblems ?? []);
  if (problems.length > 0) {
    const err = new DeclarationError(problems);
    throw new PlanError('config', err.message, [], err);
  }

  return {
    compose,
    projectName,
    projectDirectory: p.dir,
    projectDirectoryWhy: p.why,
    files,
    model,
    profiles,
    inactive: inactive.map((s) => ({ name: s.name, profiles: s.profiles })).sort((a, b) => byText(a.name, b.name)),
    discovery,
    ...planned,
    notBuilt: p.notBuilt ?? [],
  };
}

/**
 * A `compose config` failure on a file written for a newer compose than `compose`: the same
 * failure, saying which key needs which version, on its line. Undefined when that is not why
 * (or the version is unknown). Called once the compose version is known: an early plan runs
 * before it is.
 */
export function tooOldFor(err: PlanError, compose: ComposeCommand, workspace: string): PlanError | undefined {
  if (err.stage !== 'config' || !compose.version || err.underlying instanceof DeclarationError) return undefined;
  const unmet = unmetNeeds(findVersionNeeds(err.files), compose.version);
  if (unmet.length === 0) return undefined;
  const rel = (p: string): string => path.relative(workspace, p) || '.';
  const tooOld = new ComposeTooOldError(unmet, compose.version, describeUnmetNeeds(unmet, compose.version, rel));
  const again = new PlanError('config', `${tooOld.message} ${err.message}`, [], tooOld);
  again.files = err.files;
  return again;
}

/** The first candidate in which the raw (interpolated) files' build paths all exist; undefined when unsure. */
export function predictProjectDirectory(
  files: string[],
  candidates: string[],
  workspace: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const raw = readRawModel(files, env);
  return raw && firstWorkableDirectory(raw, candidates, workspace, env);
}

/** The raw (interpolated) model of the files; undefined when one cannot be read or parsed. */
function readRawModel(files: string[], env: NodeJS.ProcessEnv): ComposeModel | undefined {
  try {
    return rawModel(
      files.map((f) => fs.readFileSync(f, 'utf8')),
      env,
    );
  } catch {
    return undefined;
  }
}

/** The first candidate in which every build path of the services that start exists. */
function firstWorkableDirectory(model: ComposeModel, candidates: string[], workspace: string, env: NodeJS.ProcessEnv): string | undefined {
  return candidates.find((d) => missingBuildPaths(startingServices(model, env, d), d, workspace).length === 0);
}

export { describeResolution };
