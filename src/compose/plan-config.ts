/**
 * Stage 4 of the plan, the resolved config: `compose config` from each candidate directory in
 * turn, the one the raw files predict first (so that one run usually confirms it), until one
 * resolves and every build path of its starting services exists there; failing that, one where
 * only services that are not built lack theirs (their image is on the engine, and build is
 * false). The prediction (the early start) takes the raw model from the predicted directory
 * instead, and starts no process.
 */
import * as path from 'node:path';
import { exec, lastLines } from '../exec.js';
import type { Inputs } from '../inputs.js';
import { configArgs } from './commands.js';
import { parseComposeYaml } from './model.js';
import type { ComposeModel } from './model-types.js';
import { PlanError } from './plan-error.js';
import type { DirectoryCandidates, MissingBuildPath, NotBuilt, ResolvedConfig } from './plan-types.js';
import { startingServices } from './profiles.js';
import { describeMissing, directoryWhy, editDistance, missingBuildPaths } from './project-directory.js';
import type { ComposeCommand } from './types.js';

const CONFIG_TIMEOUT_MS = 30_000;

/** Which compose `compose config` runs, under which project name. */
export interface ConfigRun {
  compose: ComposeCommand;
  projectName: string;
  env: NodeJS.ProcessEnv;
  /** Stops its compose processes (killed, not awaited): the plan is no longer needed. */
  signal?: AbortSignal;
}

/** One candidate directory asked: compose config's error, or its model and the build paths missing there. */
interface Attempt {
  dir: string;
  error?: string;
  missing: MissingBuildPath[];
  model?: ComposeModel;
}

/** A directory that works: its model, and the build paths it lacks of services not built. */
interface Chosen {
  dir: string;
  model: ComposeModel;
  notBuilt?: NotBuilt[];
}

/** The project directory and the config `compose config` resolves there; a PlanError when none works. */
export async function resolveConfig(candidates: DirectoryCandidates, inputs: Inputs, run: ConfigRun): Promise<ResolvedConfig> {
  const { files, discovery, inOrder, predicted, raw } = candidates;
  const order = predicted ? [predicted, ...inOrder.filter((d) => d !== predicted)] : inOrder;
  const attempts: Attempt[] = [];
  const chosen =
    (await firstWorking(order, files, inputs.workspace, run, attempts)) ??
    (inputs.build ? undefined : await notBuiltHere(attempts, run.env));
  if (!chosen) throw noDirectoryWorks(attempts, files, inputs.workspace);
  const why = directoryWhy(inputs, inOrder, chosen.dir);
  return {
    files,
    discovery,
    projectDirectory: chosen.dir,
    projectDirectoryWhy: chosen.notBuilt ? `${why}, but for services not built here` : why,
    model: withProfiledServices(chosen.model, raw),
    notBuilt: chosen.notBuilt ?? [],
  };
}

/** The config as the raw files predict it, from the predicted directory; undefined when they settle none. */
export function predictConfig(candidates: DirectoryCandidates, inputs: Inputs): ResolvedConfig | undefined {
  const { files, discovery, inOrder, predicted, raw } = candidates;
  if (!raw || !predicted) return undefined;
  return {
    files,
    discovery,
    projectDirectory: predicted,
    projectDirectoryWhy: directoryWhy(inputs, inOrder, predicted),
    model: raw,
    notBuilt: [],
  };
}

/** The first directory where compose config resolves and every build path exists; each one tried is added to `attempts`. */
async function firstWorking(
  order: string[],
  files: string[],
  workspace: string,
  run: ConfigRun,
  attempts: Attempt[],
): Promise<Chosen | undefined> {
  for (const dir of order) {
    if (run.signal?.aborted) throw new PlanError('config', 'stopped: the plan is no longer needed');
    const config = await resolvedConfig(dir, files, run);
    if ('error' in config) {
      attempts.push({ dir, error: config.error, missing: [] });
      continue;
    }
    const missing = missingBuildPaths(startingServices(config.model, run.env, dir), dir, workspace);
    if (missing.length === 0) return { dir, model: config.model };
    attempts.push({ dir, missing, model: config.model });
  }
  return undefined;
}

/** Run `compose config` for one candidate directory and parse it. */
async function resolvedConfig(dir: string, files: string[], run: ConfigRun): Promise<{ model: ComposeModel } | { error: string }> {
  const target = { compose: run.compose, projectName: run.projectName, projectDirectory: dir, files };
  const r = await exec(configArgs(target), { cwd: dir, env: run.env, timeoutMs: CONFIG_TIMEOUT_MS, signal: run.signal });
  if (r.aborted) return { error: 'stopped: the plan is no longer needed' };
  if (r.code !== 0) return { error: lastLines(r.stderr || r.stdout, 4) || `exit code ${r.code}` };
  try {
    return { model: parseComposeYaml(r.stdout) };
  } catch (err) {
    return { error: `could not parse the output of compose config: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * No directory has every build path: one will do where only services that are not built lack
 * theirs (their image is on the engine already, and build is false).
 */
async function notBuiltHere(attempts: Attempt[], env: NodeJS.ProcessEnv): Promise<Chosen | undefined> {
  for (const a of attempts) {
    if (!a.model || a.missing.some((m) => m.kind === 'env_file')) continue;
    const present = await imagesPresent(a.model, [...new Set(a.missing.map((m) => m.service))], env);
    if (a.missing.every((m) => present.has(m.service))) {
      const image = (s: string): string => a.model?.services.get(s)?.image ?? '';
      return { dir: a.dir, model: a.model, notBuilt: a.missing.map((m) => ({ ...m, image: image(m.service) })) };
    }
  }
  return undefined;
}

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

/** Why no directory works: compose config failed everywhere, or the closest one and what it lacks. */
function noDirectoryWorks(attempts: Attempt[], files: string[], ws: string): PlanError {
  const rel = (p: string): string => path.relative(ws, p) || '.';
  const withConfig = attempts.filter((a) => a.error === undefined);
  if (withConfig.length === 0) {
    const first = attempts[0];
    return new PlanError(
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
  return new PlanError(
    'project-directory',
    `No project directory works: from ${rel(best.dir)} (best of ${tried}) ${lines.join('; ')}. Fix the path in the compose file or set 'project-directory'.`,
    best.missing,
  );
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
