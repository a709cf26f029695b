/**
 * Built images from the cache (issue 28), on demand (BENCH_ONLY=builds): a seeds-shaped stack
 * whose backend, auth service, frontend and migration are each built from a Dockerfile whose `RUN`
 * takes {@link RUN_SECONDS} s (a database and a cache beside them, stand-ins from the test image),
 * with a healthcheck on the backend and the auth service as the seeds have. Contenders, alternated:
 *
 * - built: the main step with cache-images off, each round with a build arg of its own that the
 *   `RUN` reads (so neither the cache nor the engine's build cache holds it: a fresh runner's build);
 * - cached: the main step with cache-images on, the four images removed before each round (as on a
 *   fresh runner), restored by their build keys from the cache stand-in, seeded once.
 *
 * Then the build key's own cost: a 10,000-file context (100 folders of 100 files, 1 kB each, a
 * `.dockerignore` leaving a tenth out) hashed, medians of its rounds. No goal: printed with the table.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction } from '../__tests__/harness/runner.js';
import { startCacheService, type CacheService } from '../__tests__/support/cache-service.js';
import type { ComposeUnderTest } from '../__tests__/support/compose.js';
import { hashContext } from '../src/images/context-hash.js';
import { alternate, composeLabel, freePort, mainStep, projectName, removeAll, ROUNDS, stageMs, stages } from './common.js';
import type { Bench, Contender } from './common.js';
import { figure, median, type Row } from './stats.js';

const RUN_SECONDS = 3;
const BUILT = ['backend', 'auth', 'frontend', 'migrate'];

/** The stack, in a fresh workspace: four services built from `./<name>`, two from the test image. */
function workspace(image: string, backendPort: number): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bench-builds-'));
  const check = (port: number): string =>
    `    healthcheck:\n      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:${port}/health"]\n      interval: 1s\n      retries: 60\n`;
  const built = (name: string, extra: string): string =>
    `  ${name}:\n    build:\n      context: ./${name}\n      args: { ROUND: "\${ROUND:-0}" }\n${extra}`;
  const stateful = (name: string, port: number): string =>
    `  ${name}:\n    image: ${image}\n    environment: { PORT: "${port}", APP_NAME: ${name} }\n${check(port)}`;
  const compose = [
    'services:',
    stateful('postgres', 5432),
    stateful('redis', 6379),
    built(
      'migrate',
      '    command: ["sh", "-c", "wget -q -O /dev/null http://postgres:5432/health && echo migrated"]\n    depends_on:\n      postgres: { condition: service_healthy }\n',
    ),
    built(
      'backend',
      `    ports: ["${backendPort}:8000"]\n${check(8000)}    depends_on:\n      postgres: { condition: service_healthy }\n      redis: { condition: service_healthy }\n      migrate: { condition: service_completed_successfully }\n`,
    ),
    built('auth', `    environment: { PORT: "8081" }\n    ports: ["8081"]\n${check(8081)}`),
    built('frontend', '    environment: { PORT: "3000" }\n    ports: ["3000"]\n    depends_on: [backend]\n'),
  ].join('\n');
  fs.writeFileSync(path.join(ws, 'compose.yaml'), compose);
  for (const name of BUILT) {
    fs.mkdirSync(path.join(ws, name));
    fs.writeFileSync(
      path.join(ws, name, 'Dockerfile'),
      `FROM ${image}\nARG ROUND\nRUN sleep ${RUN_SECONDS} && echo "$ROUND" > /round\nENV APP_NAME=${name}\n`,
    );
    fs.writeFileSync(path.join(ws, name, 'app.txt'), `${name}\n`);
  }
  return ws;
}

const INPUTS = { mode: 'docker', 'backend-service': 'backend', 'auth-service': 'auth', 'websocket-path': '' };

/** The seeding run (main and post): the cache holds the four images after it. */
async function seed(c: ComposeUnderTest, ws: string, runnerTemp: string, cache: CacheService): Promise<void> {
  const project = projectName('builds', c, 'seed', 'cached');
  const run = await runAction({
    workspace: ws,
    inputs: { ...INPUTS, 'project-name': project, 'cache-images': 'true' },
    env: { ...c.env, ...cache.env, RUNNER_TEMP: runnerTemp, ROUND: 'seed' },
  });
  run.cleanup();
  await removeAll(project);
  const saved = cache.entries.filter((e) => e.finalized && e.key.startsWith('compose-or-staging-build-v1-')).length;
  if (saved !== BUILT.length) throw new Error(`the seeding run saved ${saved} built images, not ${BUILT.length}:\n${run.post?.stdout}`);
  console.log(`seeded (${c.name}): main ${Math.round(run.main.durationMs)} ms, post ${Math.round(run.post?.durationMs ?? NaN)} ms`);
}

function contenders(c: ComposeUnderTest, ws: string, runnerTemp: string, cache: CacheService): Record<'built' | 'cached', Contender> {
  const once = async (round: number | string, cached: boolean): Promise<number> => {
    const project = projectName('builds', c, round, cached ? 'cached' : 'built');
    const run = await mainStep(
      {
        workspace: ws,
        inputs: { ...INPUTS, 'project-name': project, 'cache-images': String(cached) },
        env: {
          ...c.env,
          ...(cached ? cache.env : {}),
          RUNNER_TEMP: runnerTemp,
          ROUND: cached ? 'seed' : `${process.pid}-${round}-${Date.now()}`,
        },
      },
      'docker',
    );
    try {
      if (cached && run.main.outputs['cache-hit'] !== 'true')
        throw new Error(`expected cache-hit true: ${stages(run.main)}\n${run.main.stdout}`);
      if (cached) console.log(`  images stage ${Math.round(stageMs(run.main, 'images.cache'))} ms`);
      return run.main.durationMs;
    } finally {
      run.cleanup();
      // The project's containers and its built (or restored) images: the next round starts without them.
      await removeAll(project);
    }
  };
  return { built: (r) => once(r, false), cached: (r) => once(r, true) };
}

/** The key's hashing of a 10,000-file context: medians over `rounds` (the first one is the page cache's cold start). */
async function hashing(rounds: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bench-context-'));
  try {
    const block = 'x'.repeat(1024);
    for (let d = 0; d < 100; d++) {
      fs.mkdirSync(path.join(dir, `d${d}`));
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(dir, `d${d}`, `f${f}.txt`), `${d}/${f}\n${block}`);
    }
    fs.writeFileSync(path.join(dir, '.dockerignore'), 'd9*\n');
    const times: number[] = [];
    let kept = 0;
    for (let i = 0; i < rounds; i++) {
      const h = await hashContext(dir, path.join(dir, '.dockerignore'), new AbortController().signal);
      times.push(h.durationMs);
      kept = h.entries.length;
    }
    return `the build key's hashing of a 10,000-file context (10 MB; ${kept} entries kept by its .dockerignore): ${figure(times)}, first ${Math.round(times[0]!)} ms`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The case: the table's rows (cached against built, per compose), and the hashing line. */
export async function buildCache(bench: Bench): Promise<{ rows: Row[]; line: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bench-builds-temp-'));
  const caches = new Map<string, CacheService>();
  const spaces: string[] = [];
  try {
    console.log(`\nbuilt images from the cache: four built services (each RUN ${RUN_SECONDS} s), ${ROUNDS} rounds`);
    const byCompose = new Map<string, Record<'built' | 'cached', Contender>>();
    for (const c of bench.composes) {
      const ws = workspace(bench.image, await freePort());
      spaces.push(ws);
      const runnerTemp = fs.mkdtempSync(path.join(root, `${c.name}-`));
      const cache = await startCacheService();
      caches.set(c.name, cache);
      await seed(c, ws, runnerTemp, cache);
      byCompose.set(c.name, contenders(c, ws, runnerTemp, cache));
    }
    const figures = await alternate(bench, (c) => byCompose.get(c.name)!);
    const rows: Row[] = bench.composes.map((c) => {
      const f = figures.get(c.name)!;
      return {
        figure: 'four built services: from the cache (against built)',
        compose: composeLabel(c),
        action: f.cached,
        ratios: [{ against: 'built', reference: f.built, goal: undefined }],
        note: `built ${figure(f.built)}; saved ${Math.round(median(f.built) - median(f.cached))} ms`,
      };
    });
    return { rows, line: await hashing(Math.max(5, ROUNDS)) };
  } finally {
    for (const cache of caches.values()) await cache.close();
    for (const ws of spaces) fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  }
}
