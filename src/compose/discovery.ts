/**
 * Compose file discovery. With no `compose-files` input, candidates are looked for in
 * `working-directory` and then its `docker/`, `.docker/`, `deploy/` and `compose/` folders, named
 * `compose.y(a)ml`, `docker-compose.y(a)ml`, then `docker-compose.<variant>.y(a)ml`. A candidate
 * that defines `backend-service` wins, then a variant whose name holds `test`, then that order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseComposeYaml } from './model.js';
import { findService } from './services.js';
import { workspaceFiles } from './workspace-files.js';
import type { Candidate, Discovery } from './plan-types.js';

export const DISCOVERY_DIRS = ['.', 'docker', '.docker', 'deploy', 'compose'] as const;
const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const VARIANT = /^docker-compose\.(.+)\.ya?ml$/;
const OVERRIDE = /^(docker-)?compose\.override\.ya?ml$/;

/** List the candidates in discovery order (fs only: existence and names). */
export function listCandidates(workingDirectory: string): { files: string[]; searched: string[] } {
  const files: string[] = [];
  const searched: string[] = [];
  for (const sub of DISCOVERY_DIRS) {
    const dir = path.join(workingDirectory, sub);
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    searched.push(dir);
    for (const name of BASE_NAMES) if (entries.includes(name)) files.push(path.join(dir, name));
    const variants = entries.filter((e) => VARIANT.test(e) && !OVERRIDE.test(e)).sort();
    for (const name of variants) files.push(path.join(dir, name));
  }
  return { files, searched: searched.length ? searched : [workingDirectory] };
}

function inspectCandidate(file: string, order: number, backendService: string): Candidate {
  const variant = VARIANT.exec(path.basename(file))?.[1];
  try {
    const model = parseComposeYaml(fs.readFileSync(file, 'utf8'));
    let definesBackend: boolean;
    try {
      definesBackend = findService(model, backendService, 'backend-service') !== undefined;
    } catch {
      definesBackend = true; // ambiguous still means it is there
    }
    return { file, order, variant, definesBackend, parseError: undefined };
  } catch (err) {
    return { file, order, variant, definesBackend: false, parseError: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

/** Rank candidates: defines the backend, then a `test` variant, then discovery order. Pure. */
export function rankCandidates(candidates: Candidate[]): Candidate[] {
  const score = (c: Candidate): number[] => [
    c.parseError ? 1 : 0,
    c.definesBackend ? 0 : 1,
    c.variant?.toLowerCase().includes('test') ? 0 : 1,
    c.order,
  ];
  return [...candidates].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return (sa[i] as number) - (sb[i] as number);
    return 0;
  });
}

/** Why `other` lost to `chosen`. Pure. */
export function whyNotChosen(other: Candidate, chosen: Candidate, backendService: string): string {
  if (other.parseError) return `not valid YAML: ${other.parseError}`;
  if (chosen.definesBackend && !other.definesBackend) return `does not define '${backendService}'`;
  const chosenTest = chosen.variant?.toLowerCase().includes('test');
  if (chosenTest && !other.variant?.toLowerCase().includes('test')) return `not a test variant (chose ${path.basename(chosen.file)})`;
  return `comes later in the discovery order than ${path.basename(chosen.file)}`;
}

export class DiscoveryError extends Error {
  constructor(
    message: string,
    readonly searched: string[],
    /** A named file that is missing: where files of that name exist instead (undefined: nothing was named). */
    readonly foundAt?: string[],
    /** The named file that is missing. */
    readonly file?: string,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/** Discover the compose file(s) to use, or throw a DiscoveryError saying where it looked. */
export function discoverComposeFiles(workingDirectory: string, backendService: string, workspace: string): Discovery {
  const { files, searched } = listCandidates(workingDirectory);
  if (files.length === 0) {
    const rel = (p: string): string => path.relative(workspace, p) || '.';
    throw new DiscoveryError(
      `No compose file found. Looked in ${searched.map(rel).join(', ')} (and ${DISCOVERY_DIRS.slice(1).join('/, ')}/ under ${rel(workingDirectory)}) for ${BASE_NAMES.join(', ')} and docker-compose.<variant>.yml. Set 'compose-files' or 'working-directory'.`,
      searched,
    );
  }
  const ranked = rankCandidates(files.map((f, i) => inspectCandidate(f, i, backendService)));
  const chosen = ranked[0] as Candidate;
  const out = [chosen.file];
  if (BASE_NAMES.includes(path.basename(chosen.file))) {
    const dir = path.dirname(chosen.file);
    const override = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml']
      .map((n) => path.join(dir, n))
      .find((p) => fs.existsSync(p));
    if (override) out.push(override);
  }
  return {
    files: out,
    chosen,
    notChosen: ranked.slice(1).map((c) => ({ file: c.file, why: whyNotChosen(c, chosen, backendService) })),
    searched,
  };
}

/** Find files named `basename` anywhere under `root` (bounded), for "found elsewhere" hints. */
export function findElsewhere(root: string, basename: string, limit = 5): string[] {
  const found: string[] = [];
  for (const file of workspaceFiles(root)) {
    if (path.basename(file) === basename) found.push(file);
    if (found.length >= limit) break;
  }
  return found;
}

/** Check that every named compose file exists; a missing one is an error saying where it is instead. */
export function checkNamedFiles(files: string[], workspace: string): void {
  const rel = (p: string): string => path.relative(workspace, p) || '.';
  for (const f of files) {
    if (fs.existsSync(f) && fs.statSync(f).isFile()) continue;
    const elsewhere = findElsewhere(workspace, path.basename(f)).map(rel);
    const where = elsewhere.length
      ? ` It exists at: ${elsewhere.join(', ')}.`
      : ` No file named ${path.basename(f)} exists anywhere in the workspace.`;
    throw new DiscoveryError(`Input 'compose-files': ${rel(f)} does not exist.${where}`, [path.dirname(f)], elsewhere, f);
  }
}
