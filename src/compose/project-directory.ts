/**
 * The project directory compose must run from. Compose resolves build contexts against it, and
 * real repos keep the file in docker/ while writing `context: .` meaning the repository root.
 * Candidates, in order: the compose file's own directory, working-directory, the workspace root;
 * the first in which `compose config` succeeds and every build context and Dockerfile exists wins.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ComposeModel } from './model-types.js';
import type { Inputs } from '../inputs.js';
import type { MissingBuildPath } from './plan-types.js';
import { workspaceFiles } from './workspace-files.js';

/**
 * A build context compose fetches (a URL, a git remote): no local folder to look in. Pure. The
 * prefixes both composes leave unresolved (v1's `is_url`, v2's compose-go): any `scheme://`,
 * `git@…` and `github.com/…`.
 */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || context.startsWith('github.com/');
}

/**
 * Every build context, Dockerfile and env file of the resolved model that does not exist. A remote
 * context has neither folder nor file here; a `dockerfile_inline` has no file; an absolute
 * `dockerfile` is not relative to the context.
 */
export function missingBuildPaths(model: ComposeModel, projectDirectory: string, workspace: string): MissingBuildPath[] {
  const missing: MissingBuildPath[] = [];
  for (const svc of model.services.values()) {
    for (const envFile of svc.envFiles) {
      const p = path.resolve(projectDirectory, envFile);
      if (!fs.existsSync(p)) missing.push({ service: svc.name, kind: 'env_file', path: p, nearest: nearestMatch(p, workspace) });
    }
    if (!svc.build) continue;
    if (isRemoteContext(svc.build.context)) continue;
    const context = path.resolve(projectDirectory, svc.build.context);
    if (!isDir(context)) {
      missing.push({ service: svc.name, kind: 'context', path: context, nearest: undefined });
      continue;
    }
    if (svc.build.inline !== undefined) continue;
    const dockerfile = path.resolve(context, svc.build.dockerfile);
    if (!isFile(dockerfile))
      missing.push({ service: svc.name, kind: 'dockerfile', path: dockerfile, nearest: nearestMatch(dockerfile, workspace) });
  }
  return missing;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Edit distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}

/**
 * The existing file in the workspace that looks most like `missing`: the same name elsewhere
 * first, then the closest name (by edit distance, within reason).
 */
export function nearestMatch(missing: string, workspace: string): string | undefined {
  const base = path.basename(missing).toLowerCase();
  let best: { file: string; score: number } | undefined;
  for (const file of workspaceFiles(workspace)) {
    const name = path.basename(file).toLowerCase();
    const distance = name === base ? 0 : editDistance(name, base);
    if (distance > Math.max(3, Math.floor(base.length / 3))) continue;
    // Same distance: prefer the one closer to where it was expected.
    const score = distance * 1000 + editDistance(path.dirname(file), path.dirname(missing));
    if (!best || score < best.score) best = { file, score };
  }
  return best?.file;
}

/** One line per missing path, workspace-relative, with its nearest match. */
export function describeMissing(m: MissingBuildPath, workspace: string): string {
  const rel = (p: string): string => path.relative(workspace, p) || '.';
  const what = m.kind === 'dockerfile' ? 'Dockerfile' : m.kind === 'context' ? 'build context' : 'env_file';
  return `service ${m.service}: ${what} ${rel(m.path)} is missing${m.nearest ? `; ${rel(m.nearest)} exists` : ''}`;
}

/** The candidate directories in order, without repeats. */
export function projectDirectoryCandidates(firstFile: string, workingDirectory: string, workspace: string): string[] {
  return [...new Set([path.dirname(firstFile), workingDirectory, workspace])];
}

/** Why `dir`, of the candidates `inOrder`: the project-directory input, or every build path exists from there. */
export function directoryWhy(inputs: Pick<Inputs, 'projectDirectory' | 'workspace'>, inOrder: string[], dir: string): string {
  const rel = (p: string): string => path.relative(inputs.workspace, p) || '.';
  const earlier = inOrder.slice(0, inOrder.indexOf(dir));
  return inputs.projectDirectory
    ? 'given by the project-directory input'
    : earlier.length === 0
      ? "the compose file's own directory, where every build context and Dockerfile exists"
      : `every build context and Dockerfile exists from here (not from ${earlier.map(rel).join(', ')})`;
}
