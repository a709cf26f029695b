/**
 * A project's containers, networks and volumes, found by the `com.docker.compose.project` label
 * (never by container name: v1 says p_svc_1 and v2 p-svc-1).
 */
import { exec, lastLines, type ExecResult } from '../exec.js';
import type { ProjectLeftovers } from './types.js';

/** The ids a `--quiet` listing printed; [] when it failed. */
export const idsIn = (r: ExecResult): string[] => (r.code === 0 ? r.stdout.split('\n').filter(Boolean) : []);

/** The project's containers (full ids), networks or volumes, by the compose project label. */
export function listByLabel(what: 'ps' | 'network' | 'volume', project: string, env: NodeJS.ProcessEnv): Promise<ExecResult> {
  const label = `label=com.docker.compose.project=${project}`;
  const argv =
    what === 'ps'
      ? ['docker', 'ps', '--all', '--quiet', '--no-trunc', '--filter', label]
      : ['docker', what, 'ls', '--quiet', '--filter', label];
  return exec(argv, { env, timeoutMs: 10_000 });
}

/** The project's containers, networks and volumes, by its label, asked at once. */
export function listProject(project: string, env: NodeJS.ProcessEnv): Promise<[ExecResult, ExecResult, ExecResult]> {
  return Promise.all([listByLabel('ps', project, env), listByLabel('network', project, env), listByLabel('volume', project, env)]);
}

/** The ids of the project's containers, by its label; [] when the engine cannot say. */
export async function projectContainerIds(project: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  return idsIn(await listByLabel('ps', project, env));
}
/**
 * What is left of the project on the engine (containers, networks, volumes, by its label), or
 * why the engine could not say.
 */
export async function projectLeftovers(project: string, env: NodeJS.ProcessEnv): Promise<ProjectLeftovers | { unknown: string }> {
  const listed = await listProject(project, env);
  const failed = listed.find((r) => r.code !== 0);
  if (failed) return { unknown: lastLines(failed.stderr, 1) || (failed.timedOut ? 'no answer in time' : `exit code ${failed.code}`) };
  const [ps, nets, vols] = listed.map(idsIn) as [string[], string[], string[]];
  return { containers: ps, networks: nets, volumes: vols };
}

/** Whether nothing of the project is left. */
export const nothingLeft = (l: ProjectLeftovers): boolean => l.containers.length + l.networks.length + l.volumes.length === 0;
