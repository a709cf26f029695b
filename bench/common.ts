/**
 * What every case of the bench shares: the engine, the composes, the images, the settings read
 * from the environment, timed commands, and the round-robin that alternates the contenders.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { runAction, type ActionRun, type StepOptions, type StepResult } from '../__tests__/harness/runner.js';
import { composesUnderTest, type ComposeName, type ComposeUnderTest } from '../__tests__/support/compose.js';
import { ensurePostgresImage, ensureRedisImage } from '../__tests__/support/debian-images.js';
import { dockerEngine, dockerOk, removeProject } from '../__tests__/support/docker.js';
import { ensureTestImages } from '../__tests__/support/images.js';
import type { SeedsRepoOptions } from '../__tests__/support/repos.js';

/** Rounds per figure (BENCH_ROUNDS, default 9): single runs vary by ±100 ms and more on a shared 2-core machine. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
/** Untimed rounds before the timed ones (BENCH_WARMUP, default 1): image and build caches, the page cache. */
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
/** The backend of the seeds-shaped stacks answers 2xx this long after it starts (BENCH_READY_AFTER_MS). */
export const READY_AFTER_MS = process.env.BENCH_READY_AFTER_MS ?? '2000';
/** BENCH_TRACE=1: the crash run's log (with RUNNER_DEBUG), each line's time from the crash. */
export const TRACE = process.env.BENCH_TRACE === '1';

export interface Bench {
  /** The engine's version, "20.10.24+dfsg1". */
  engine: string;
  /** The composes to bench, each available (BENCH_COMPOSE=v2 or v1 picks one). */
  composes: ComposeUnderTest[];
  /** The node app image (ensureTestImages). */
  image: string;
  /** BENCH_DB=real: Debian's PostgreSQL and Redis in the seeds-shaped stacks; else node stand-ins. */
  databases: SeedsRepoOptions['databases'];
}

export async function setup(): Promise<Bench> {
  const engine = await dockerEngine();
  if (!engine.available) throw new Error(`bench needs a Docker engine: ${engine.reason}`);
  const picked = composesUnderTest().filter((c) => !process.env.BENCH_COMPOSE || c.name === process.env.BENCH_COMPOSE);
  for (const c of picked.filter((x) => !x.available)) console.log(`${c.name}: not benched (${c.reason})`);
  const { node } = await ensureTestImages();
  const databases =
    process.env.BENCH_DB === 'real' ? { postgres: await ensurePostgresImage(), redis: await ensureRedisImage() } : undefined;
  return { engine: engine.version!, composes: picked.filter((c) => c.available), image: node, databases };
}

/** "v2 2.26.1-4". */
export const composeLabel = (c: ComposeUnderTest): string => `${c.name} ${c.version ?? '?'}`;

/** The compose command a team types: `docker compose -p <project> --project-directory <ws> -f <file>`. */
export function composeArgv(c: ComposeUnderTest, project: string, ws: string, file: string): string[] {
  const cli = c.name === 'v1' ? ['docker-compose'] : ['docker', 'compose'];
  return [...cli, '-p', project, '--project-directory', ws, '-f', path.join(ws, file)];
}

export interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a command (no shell), with this process's environment plus `env`; resolves when it has closed. */
export function timed(argv: string[], env: Record<string, string> = {}, cwd?: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** A TCP port nobody listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A project name of this bench run: `cos-bench-<case>-<compose>-<pid>-<round>-<contender>`. */
export const projectName = (kase: string, c: ComposeUnderTest, round: number | string, contender: string): string =>
  `cos-bench-${kase}-${c.name}-${process.pid}-${round}-${contender}`;

/** Remove the project and the workspace, whatever happened. */
export async function removeAll(project: string, ws?: string): Promise<void> {
  try {
    await removeProject(project);
  } finally {
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  }
}

/**
 * Every project this bench run made (by the pid in its name) and what it left, removed: for an
 * interrupted run, whose last stack would otherwise keep running.
 */
export async function removeThisRunsProjects(): Promise<void> {
  const names = await dockerOk([
    'ps',
    '--all',
    '--filter',
    'label=com.docker.compose.project',
    '--format',
    '{{.Label "com.docker.compose.project"}}',
  ]);
  const mine = new Set(names.split('\n').filter((n) => n.startsWith('cos-bench-') && n.includes(`-${process.pid}-`)));
  for (const project of mine) await removeProject(project).catch((err: unknown) => console.error(String(err)));
}

/** One timed run of a contender: its figure in ms. `round` is a number, or `w0`… for warm-up rounds. */
export type Contender = (round: number | string) => Promise<number>;

/** The figures of each contender, by compose: one a round. */
export type Figures<K extends string> = Map<ComposeName, Record<K, number[]>>;

/**
 * Run the contenders round by round, alternating them (the first, the second, …, the first, …) and
 * the composes (v2's contenders, v1's, then the next round), after {@link WARMUP} untimed rounds.
 * `contenders(c)` gives each compose's contenders, by name, in their order; undefined ones are left out.
 */
export async function alternate<K extends string>(
  bench: Bench,
  contenders: (c: ComposeUnderTest) => Record<K, Contender | undefined>,
): Promise<Figures<K>> {
  const byCompose = bench.composes.map((c) => ({ c, runs: contenders(c) }));
  const figures: Figures<K> = new Map();
  for (const { c, runs } of byCompose) {
    figures.set(c.name, Object.fromEntries(Object.keys(runs).map((k) => [k, [] as number[]])) as Record<K, number[]>);
  }
  for (let i = -WARMUP; i < ROUNDS; i++) {
    for (const { c, runs } of byCompose) {
      const line: string[] = [];
      for (const [name, run] of Object.entries(runs) as Array<[K, Contender | undefined]>) {
        if (!run) continue;
        const x = await run(i < 0 ? `w${-i}` : i);
        if (i >= 0) figures.get(c.name)![name].push(x);
        line.push(`${name} ${Math.round(x)} ms`);
      }
      console.log(`${i < 0 ? 'warm-up' : `round ${i + 1}`}, ${c.name}: ${line.join(', ')}`);
    }
  }
  return figures;
}

/** The ids and durations of the checks in a step's report: where its time went. */
export function stages(step: StepResult): string {
  const file = step.outputs.report;
  if (!file || !fs.existsSync(file)) return '(no report)';
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { checks: Array<{ id: string; durationMs: number }> };
  return report.checks.map((x) => `${x.id} ${Math.round(x.durationMs)}`).join(', ');
}

/** The duration of one check of a step's report, NaN when it has none. */
export function stageMs(step: StepResult, id: string): number {
  const file = step.outputs.report;
  if (!file || !fs.existsSync(file)) return NaN;
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { checks: Array<{ id: string; durationMs: number }> };
  return report.checks.find((x) => x.id === id)?.durationMs ?? NaN;
}

/**
 * The action's main step only (the bench removes what it leaves with removeProject), which must end
 * in `mode`; its stages (the report's checks and their durations) are printed. The caller calls `cleanup()`.
 */
export async function mainStep(options: StepOptions, mode: string): Promise<ActionRun> {
  const run = await runAction({ ...options, post: false });
  if (run.main.outputs.mode !== mode) {
    run.cleanup();
    throw new Error(`the action ended in mode ${run.main.outputs.mode}, not ${mode}: ${run.main.outputs.reason}\n${run.main.stdout}`);
  }
  console.log(`  action ${Math.round(run.main.durationMs)} ms, its stages: ${stages(run.main)}`);
  return run;
}
