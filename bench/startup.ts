/**
 * `npm run bench`: the action's time to a usable stack against a hand-written baseline on the
 * same stack, in one run, printed as a ratio (target: 1.1 or better).
 *
 * Baseline: `compose up -d`, then curl the health URL every 100 ms, as a team would write it by
 * hand (it checks less: no WebSocket, no auth, no discovery, no project directory).
 * Action: the bundled main step through the runner harness, end to end (node start-up included).
 * Each is run ROUNDS times, alternating, and the medians compared; every stack is removed. This is
 * done on every compose the suites run on (v2, then v1; BENCH_COMPOSE=v2 or v1 picks one), and a
 * ratio printed for each.
 *
 * First, the fallback with a dead daemon (DOCKER_HOST at a socket nobody listens on), staging
 * answering in 300 ms: the main step against its floor, a bare `node` making one GET to staging;
 * and how long the availability check took (target ≤ 300 ms).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as path from 'node:path';
import { runAction } from '../__tests__/harness/runner.js';
import { composesUnderTest, type ComposeUnderTest } from '../__tests__/support/compose.js';
import { dockerEngine, removeProject } from '../__tests__/support/docker.js';
import { ensureTestImages } from '../__tests__/support/images.js';
import { makeAlpineRepo } from '../__tests__/support/repos.js';

// One round is a few seconds; on a 2-core runner single runs vary by ±100 ms, so the median needs several.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const READY_AFTER_MS = process.env.BENCH_READY_AFTER_MS ?? '1000';
const PORT = 18123;

const engine = await dockerEngine();
if (!engine.available) {
  console.error(`bench needs a Docker engine: ${engine.reason}`);
  process.exit(1);
}
const composes = composesUnderTest().filter((c) => !process.env.BENCH_COMPOSE || c.name === process.env.BENCH_COMPOSE);
for (const c of composes.filter((x) => !x.available)) console.log(`${c.name}: not benched (${c.reason})`);
const { node: image } = await ensureTestImages();
const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)] as number;
const median = (xs: number[]): number => quantile(xs, 0.5);
const spread = (xs: number[]): string => `${Math.round(quantile(xs, 0.25))}–${Math.round(quantile(xs, 0.75))} ms`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function baseline(c: ComposeUnderTest, round: number): Promise<number> {
  const ws = makeAlpineRepo({ image, backendEnv: { READY_AFTER_MS }, backendPorts: [`${PORT}:8000`] });
  const project = `cos-bench-base-${c.name}-${process.pid}-${round}`;
  const compose = c.name === 'v1' ? ['docker-compose'] : ['docker', 'compose'];
  const env = { ...process.env, ...c.env };
  const args = [
    ...compose.slice(1),
    '-p',
    project,
    '--project-directory',
    ws,
    '-f',
    path.join(ws, 'docker', 'docker-compose.alpine-test.yml'),
  ];
  const started = performance.now();
  const up = spawnSync(compose[0]!, [...args, 'up', '-d'], { cwd: ws, encoding: 'utf8', env });
  if (up.status !== 0) throw new Error(`baseline up failed: ${up.stderr}`);
  for (;;) {
    const curl = spawnSync('curl', ['-sf', '-o', '/dev/null', `http://localhost:${PORT}/health`]);
    if (curl.status === 0) break;
    if (performance.now() - started > 60_000) throw new Error('baseline never became healthy');
    await sleep(100);
  }
  const ms = performance.now() - started;
  spawnSync(compose[0]!, [...args, 'down', '-v', '-t', '2'], { cwd: ws, env });
  await removeProject(project);
  return ms;
}

async function action(c: ComposeUnderTest, round: number): Promise<number> {
  const ws = makeAlpineRepo({ image, backendEnv: { READY_AFTER_MS }, backendPorts: [`${PORT}:8000`] });
  const project = `cos-bench-act-${c.name}-${process.pid}-${round}`;
  const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'project-name': project }, env: c.env, post: true });
  try {
    if (run.main.outputs.mode !== 'docker') throw new Error(`action did not reach docker mode: ${run.main.outputs.reason}`);
    return run.main.durationMs;
  } finally {
    run.cleanup();
    await removeProject(project);
  }
}

/** The fallback with a dead daemon, against the floor: one GET from a fresh node. */
async function deadDaemonFallback(): Promise<string> {
  const server = http.createServer((_req, res) => setTimeout(() => res.writeHead(200).end('ok'), 300));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const floor: number[] = [];
  const main: number[] = [];
  const availability: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      // Not spawnSync: the staging server answers from this very process.
      await new Promise((r) =>
        spawn(process.execPath, ['-e', `fetch('${base}/health').then((r) => process.exit(r.ok ? 0 : 1))`]).on('close', r),
      );
      floor.push(performance.now() - t0);
      const run = await runAction({
        inputs: { 'staging-backend-url': base, 'websocket-path': '' },
        env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
        post: false,
      });
      try {
        if (run.main.outputs.mode !== 'staging') throw new Error(`the fallback did not reach staging: ${run.main.outputs.reason}`);
        main.push(run.main.durationMs);
        const report = JSON.parse(fs.readFileSync(run.main.outputs.report!, 'utf8')) as {
          checks: Array<{ id: string; durationMs: number }>;
        };
        availability.push(report.checks.find((c) => c.id === 'docker.availability')!.durationMs);
      } finally {
        run.cleanup();
      }
    }
  } finally {
    server.close();
  }
  const ratio = median(main) / median(floor);
  console.log(`\nfallback with a dead daemon, staging answering in 300 ms, ${ROUNDS} rounds`);
  console.log(
    `median floor (node + one GET) ${Math.round(median(floor))} ms (quartiles ${spread(floor)}), median main step ${Math.round(median(main))} ms (quartiles ${spread(main)})`,
  );
  console.log(
    `ratio main/floor: ${ratio.toFixed(2)} (target ≤ 1.10); availability check: median ${Math.round(median(availability))} ms (quartiles ${spread(availability)}; target ≤ 300 ms)`,
  );
  return `dead-daemon fallback ${ratio.toFixed(2)}, availability ${Math.round(median(availability))} ms`;
}

const ratios: string[] = [await deadDaemonFallback()];
for (const c of composes.filter((x) => x.available)) {
  console.log(`\n${c.label}: engine ${engine.version}, backend ready ${READY_AFTER_MS} ms after start, ${ROUNDS} rounds`);
  const base: number[] = [];
  const act: number[] = [];
  await baseline(c, -1); // warm the image cache and the build cache once, for both
  for (let i = 0; i < ROUNDS; i++) {
    base.push(await baseline(c, i));
    act.push(await action(c, i));
    console.log(`round ${i + 1}: baseline ${Math.round(base[i]!)} ms, action ${Math.round(act[i]!)} ms`);
  }
  const ratio = median(act) / median(base);
  console.log(
    `median baseline ${Math.round(median(base))} ms (quartiles ${spread(base)}), median action ${Math.round(median(act))} ms (quartiles ${spread(act)})`,
  );
  console.log(`ratio action/baseline on ${c.name}: ${ratio.toFixed(2)} (target ≤ 1.10)`);
  ratios.push(`${c.label}: ${ratio.toFixed(2)}`);
}
console.log(`\nratios: ${ratios.join('; ') || 'none (no compose available)'}`);
