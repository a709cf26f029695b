/**
 * What the Docker end-to-end suites share: repositories built on the local test image, projects
 * and workspaces removed after the suite, and the action's JSON report read back.
 */
import type { ServiceStory } from '../../src/report/service-story.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, type TestContext } from 'node:test';
import type { StepResult } from '../harness/runner.js';
import { requireCompose, type ComposeUnderTest } from './compose.js';
import { dockerEngine, removeProject, requireDocker } from './docker.js';
import { ensureTestImages } from './images.js';
import { makeAlpineRepo, makeSeedsRepo, type AlpineRepoOptions, type SeedsRepoOptions } from './repos.js';

export interface ReportCheck {
  id: string;
  status: string;
  durationMs: number;
  detail: string;
  failure?: string | null;
  hint?: string | null;
  location?: { file: string; line: number } | null;
  data?: { class?: string; status?: number; attempts?: number } | null;
}

export interface ReportJson {
  mode: string;
  checks: ReportCheck[];
  serviceFailures: Array<{ service: string; state: string; logTail: string[] }>;
  services: ServiceStory[];
}

export const readReport = (step: StepResult): ReportJson => JSON.parse(fs.readFileSync(step.outputs.report!, 'utf8')) as ReportJson;
export const check = (r: ReportJson, id: string) => r.checks.find((c) => c.id === id);

/**
 * Call inside a describe() (one per compose, see describeEachCompose): builds the test image once,
 * and removes every project and repo after.
 */
export function useDockerRepos(compose: ComposeUnderTest): {
  repo: (o: Omit<AlpineRepoOptions, 'image'>) => string;
  /** The seeds' 8 services (makeSeedsRepo) on the test image, removed after the suite. */
  seedsRepo: (o: Omit<SeedsRepoOptions, 'image'>) => string;
  /** A workspace holding these files (`{{image}}` in them is the test image), removed after the suite. */
  files: (files: Record<string, string>) => string;
  /** Remove these compose projects after the suite, whatever happened. */
  track: (...projects: Array<string | undefined>) => void;
  /** The environment that selects the suite's compose: give it to every run of the action. */
  env: Record<string, string>;
  /** A Docker engine and the suite's compose are here; false = skipped (the test must return). */
  ready: (t: TestContext) => Promise<boolean>;
} {
  let image = '';
  const projects: string[] = [];
  const workspaces: string[] = [];
  before(async () => {
    if ((await dockerEngine()).available) image = (await ensureTestImages()).node;
  });
  after(async () => {
    for (const p of projects) await removeProject(p);
    for (const ws of workspaces) fs.rmSync(ws, { recursive: true, force: true });
  });
  return {
    env: compose.env,
    ready: async (t) => (await requireDocker(t)) && requireCompose(t, compose),
    repo: (o) => {
      const ws = makeAlpineRepo({ image, ...o });
      workspaces.push(ws);
      return ws;
    },
    seedsRepo: (o) => {
      const ws = makeSeedsRepo({ image, ...o });
      workspaces.push(ws);
      return ws;
    },
    files: (files) => {
      const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-ws-'));
      workspaces.push(ws);
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
        fs.writeFileSync(path.join(ws, name), text.replaceAll('{{image}}', image));
      }
      return ws;
    },
    track: (...names) => {
      for (const p of names) if (p) projects.push(p);
    },
  };
}
