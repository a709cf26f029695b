/**
 * A small stack, as compose's own examples have it: `compose.yaml` at the root, a web service
 * publishing its port and a Redis, no healthcheck, no build. Every input at its default but
 * project-name (so no backend by name: the action judges each service by its own rules).
 *
 * Contenders, alternated round by round:
 * - action: the main step, from its start to its end, in docker mode;
 * - wait: `docker compose up -d --wait` (compose v2 only: v1 has no --wait, so v1 has the action's figure alone).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ComposeUnderTest } from '../__tests__/support/compose.js';
import { alternate, composeArgv, composeLabel, mainStep, projectName, removeAll, timed } from './common.js';
import type { Bench, Contender } from './common.js';
import type { Row } from './stats.js';

function workspace(bench: Bench): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bench-small-'));
  const redis = bench.databases
    ? [`    image: ${bench.databases.redis}`]
    : [`    image: ${bench.image}`, '    environment: { PORT: "6379", APP_NAME: redis }'];
  fs.writeFileSync(
    path.join(ws, 'compose.yaml'),
    ['services:', '  web:', `    image: ${bench.image}`, '    ports:', '      - "8000"', '  redis:', ...redis, ''].join('\n'),
  );
  return ws;
}

function contenders(bench: Bench, c: ComposeUnderTest): Record<'action' | 'wait', Contender | undefined> {
  const action: Contender = async (round) => {
    const ws = workspace(bench);
    const project = projectName('small', c, round, 'act');
    try {
      const run = await mainStep({ workspace: ws, inputs: { 'project-name': project }, env: c.env }, 'docker');
      run.cleanup();
      return run.main.durationMs;
    } finally {
      await removeAll(project, ws);
    }
  };
  const wait: Contender = async (round) => {
    const ws = workspace(bench);
    const project = projectName('small', c, round, 'wait');
    try {
      const up = await timed([...composeArgv(c, project, ws, 'compose.yaml'), 'up', '-d', '--wait'], c.env, ws);
      if (up.code !== 0) throw new Error(`compose up -d --wait failed: ${up.stderr}`);
      return up.ms;
    } finally {
      await removeAll(project, ws);
    }
  };
  return { action, wait: c.name === 'v2' ? wait : undefined };
}

export async function smallStack(bench: Bench): Promise<Row[]> {
  console.log('\nsmall stack: web and redis, no healthcheck, compose.yaml at the root');
  const figures = await alternate(bench, (c) => contenders(bench, c));
  return bench.composes.map((c) => ({
    figure: 'small stack, 2 services, no healthcheck',
    compose: composeLabel(c),
    action: figures.get(c.name)!.action,
    ratios: c.name === 'v2' ? [{ against: 'up --wait', reference: figures.get(c.name)!.wait, goal: 1.1 }] : [],
    ...(c.name === 'v1' ? { note: 'v1 has no up --wait' } : {}),
  }));
}
