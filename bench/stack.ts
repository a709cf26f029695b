/**
 * Time to a usable stack, on the seeds' shape (__tests__/support/repos.ts, makeSeedsRepo): a
 * database and a cache with healthchecks, a migration, the backend built and started behind
 * `service_healthy` on both (it answers 2xx {@link READY_AFTER_MS} ms after it starts, and has its
 * own healthcheck), auth, worker, nginx, mailhog. Every input at its default but project-name.
 *
 * Contenders, alternated round by round:
 * - action: the main step, from its start to its end, in docker mode;
 * - curl: what a team writes by hand, `compose up -d`, then GET the backend's /health every 100 ms
 *   until 2xx (it checks less: no WebSocket, no auth, no other service);
 * - wait: `docker compose up -d --wait` (compose v2 only: v1 has no --wait).
 */
import type { ComposeUnderTest } from '../__tests__/support/compose.js';
import { makeSeedsRepo } from '../__tests__/support/repos.js';
import {
  alternate,
  composeArgv,
  composeLabel,
  freePort,
  mainStep,
  projectName,
  READY_AFTER_MS,
  removeAll,
  sleep,
  timed,
} from './common.js';
import type { Bench, Contender } from './common.js';
import type { Row } from './stats.js';

const FILE = 'docker/docker-compose.alpine-test.yml';

/** The two stacks: healthchecks every second, and the seeds' own settings. */
export interface StackVariant {
  /** The case's name in BENCH_ONLY and in project names. */
  name: 'stack' | 'seeds';
  title: string;
  interval: string;
  startPeriod?: string;
  /** Goals: the action's median over curl's, and over `up -d --wait`'s. */
  goalCurl: number;
  goalWait: number | undefined;
}

export const STACK_1S: StackVariant = {
  name: 'stack',
  title: 'stack with healthchecks (interval 1 s)',
  interval: '1s',
  goalCurl: 1.05,
  goalWait: undefined,
};
export const STACK_SEEDS: StackVariant = {
  name: 'seeds',
  title: "stack with the seeds' healthchecks (interval 10 s, start_period 120 s)",
  interval: '10s',
  startPeriod: '120s',
  goalCurl: 1.03,
  goalWait: 0.95,
};

/** A fresh seeds-shaped workspace whose backend is published on a free port. */
async function workspace(bench: Bench, v: StackVariant): Promise<{ ws: string; port: number }> {
  const port = await freePort();
  const ws = makeSeedsRepo({
    image: bench.image,
    databases: bench.databases,
    backendPort: port,
    interval: v.interval,
    startPeriod: v.startPeriod,
    backendEnv: { READY_AFTER_MS },
  });
  return { ws, port };
}

/** `curl -sf` of the backend's health until it answers 2xx: the loop a team writes by hand. */
async function curlUntilHealthy(port: number, started: number): Promise<void> {
  for (;;) {
    const curl = await timed(['curl', '-sf', '-o', '/dev/null', `http://localhost:${port}/health`]);
    if (curl.code === 0) return;
    if (performance.now() - started > 180_000) throw new Error('the curl baseline never saw the backend healthy');
    await sleep(100);
  }
}

function contenders(bench: Bench, v: StackVariant, c: ComposeUnderTest): Record<'action' | 'curl' | 'wait', Contender | undefined> {
  const action: Contender = async (round) => {
    const { ws } = await workspace(bench, v);
    const project = projectName(v.name, c, round, 'act');
    try {
      const run = await mainStep({ workspace: ws, inputs: { 'project-name': project }, env: c.env }, 'docker');
      run.cleanup();
      return run.main.durationMs;
    } finally {
      await removeAll(project, ws);
    }
  };
  const curl: Contender = async (round) => {
    const { ws, port } = await workspace(bench, v);
    const project = projectName(v.name, c, round, 'curl');
    try {
      const started = performance.now();
      const up = await timed([...composeArgv(c, project, ws, FILE), 'up', '-d'], c.env, ws);
      if (up.code !== 0) throw new Error(`compose up -d failed: ${up.stderr}`);
      await curlUntilHealthy(port, started);
      return performance.now() - started;
    } finally {
      await removeAll(project, ws);
    }
  };
  const wait: Contender = async (round) => {
    const { ws } = await workspace(bench, v);
    const project = projectName(v.name, c, round, 'wait');
    try {
      const up = await timed([...composeArgv(c, project, ws, FILE), 'up', '-d', '--wait'], c.env, ws);
      if (up.code !== 0) throw new Error(`compose up -d --wait failed: ${up.stderr}`);
      return up.ms;
    } finally {
      await removeAll(project, ws);
    }
  };
  return { action, curl, wait: c.name === 'v2' ? wait : undefined };
}

/** The case: its rounds, then a line per compose of the final table. */
export async function timeToStack(bench: Bench, v: StackVariant): Promise<Row[]> {
  const db = bench.databases ? "Debian's PostgreSQL and Redis" : 'database and cache stand-ins';
  console.log(`\n${v.title}: the seeds' 8 services (${db}), backend ready ${READY_AFTER_MS} ms after its start`);
  const figures = await alternate(bench, (c) => contenders(bench, v, c));
  return bench.composes.map((c) => {
    const f = figures.get(c.name)!;
    return {
      figure: v.title,
      compose: composeLabel(c),
      action: f.action,
      ratios: [
        { against: 'curl', reference: f.curl, goal: v.goalCurl },
        ...(c.name === 'v2' ? [{ against: 'up --wait', reference: f.wait, goal: v.goalWait }] : []),
      ],
    };
  });
}
