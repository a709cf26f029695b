/**
 * `npm run bench`: the figures of issue 13, each measured side by side with its reference in one
 * run, on every compose the suites run on (v2 and v1, alternating round by round), printed as
 * medians, quartiles and ratios.
 *
 * 1. fallback: the main step with a dead daemon (DOCKER_HOST at a socket nobody listens on),
 *    staging answering in 300 ms, against its floor, a bare `node` making one GET to staging
 *    (goal ≤ 1.10); and the availability check's own time (goal ≤ 300 ms).
 * 2. stack: the time to a usable stack (backend ready 4 s after its start) against what a team
 *    writes by hand, `compose up -d` then curl every 100 ms (goal ≤ 1.05). The baseline checks less:
 *    no WebSocket, no auth, no discovery.
 * 3. crash: an 8-service stack shaped like the seeds' (service_healthy chains, a migration), whose
 *    backend exits 1 three seconds after it starts while `up` still waits on it, staging healthy:
 *    from the crash (the engine's `die` event) to the main step's end (goal ≤ 300 ms, issue 24,
 *    whatever the removal costs: it runs in the background), and the removal's own time.
 * 4. cache: `cache-images` (issue 14) on a ~106 MB image in a registry on loopback, not on the
 *    engine, compose v2: the main step without cache-images (compose pulls), with a cache hit
 *    (restored and loaded), and with an empty cache (looked up, pulled by the step); and the post
 *    step's save. A loopback registry is the fastest pull there is: the hit's figure is its cost,
 *    not the saving a remote registry would give.
 *
 * BENCH_ONLY=fallback,stack,crash,cache picks figures; BENCH_COMPOSE=v2 or v1 one compose; BENCH_ROUNDS
 * the rounds (default 9). Every stack is removed.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction, startAction } from '../__tests__/harness/runner.js';
import { composesUnderTest, type ComposeUnderTest } from '../__tests__/support/compose.js';
import { dockerEngine, removeProject } from '../__tests__/support/docker.js';
import { ensureTestImages } from '../__tests__/support/images.js';
import { startCacheService } from '../__tests__/support/cache-service.js';
import { makeAlpineRepo } from '../__tests__/support/repos.js';
import { startRegistry } from '../__tests__/support/registry.js';
import { startStagingServer } from '../__tests__/support/staging.js';

// One round is a few seconds; on a 2-core runner single runs vary by ±100 ms, so the median needs several.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const READY_AFTER_MS = process.env.BENCH_READY_AFTER_MS ?? '4000';
const ONLY = new Set((process.env.BENCH_ONLY ?? 'fallback,stack,crash,cache').split(',').map((s) => s.trim()));
const PORT = 18123;
const TRACE = process.env.BENCH_TRACE === '1';

const engine = await dockerEngine();
if (!engine.available) {
  console.error(`bench needs a Docker engine: ${engine.reason}`);
  process.exit(1);
}
const composes = composesUnderTest().filter((c) => !process.env.BENCH_COMPOSE || c.name === process.env.BENCH_COMPOSE);
for (const c of composes.filter((x) => !x.available)) console.log(`${c.name}: not benched (${c.reason})`);
const usable = composes.filter((x) => x.available);
const { node: image } = await ensureTestImages();

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)] as number;
const median = (xs: number[]): number => quantile(xs, 0.5);
const spread = (xs: number[]): string => `quartiles ${Math.round(quantile(xs, 0.25))}–${Math.round(quantile(xs, 0.75))} ms`;
const figure = (xs: number[]): string => `median ${Math.round(median(xs))} ms (${spread(xs)})`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const verdict = (value: number, goal: number): string => (value <= goal ? 'at goal' : 'OVER GOAL');
/** The lines of the final table. */
const table: string[] = [];

const composeArgv = (c: ComposeUnderTest): string[] => (c.name === 'v1' ? ['docker-compose'] : ['docker', 'compose']);

// ---------------------------------------------------------------------------------------------
// 1. The fallback with a dead daemon, against the floor: one GET from a fresh node.

async function deadDaemonFallback(): Promise<void> {
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
  console.log(`\n1. fallback with a dead daemon, staging answering in 300 ms, ${ROUNDS} rounds`);
  console.log(`floor (node + one GET): ${figure(floor)}; main step: ${figure(main)}; availability check: ${figure(availability)}`);
  table.push(`fallback with a dead daemon, main step / floor: ${ratio.toFixed(2)} (goal ≤ 1.10, ${verdict(ratio, 1.1)})`);
  const a = median(availability);
  table.push(`availability check, dead daemon: ${Math.round(a)} ms (goal ≤ 300 ms, ${verdict(a, 300)})`);
}

// ---------------------------------------------------------------------------------------------
// 2. Time to a usable stack, against compose up -d + curl every 100 ms.

async function baseline(c: ComposeUnderTest, round: number): Promise<number> {
  const ws = makeAlpineRepo({ image, backendEnv: { READY_AFTER_MS }, backendPorts: [`${PORT}:8000`] });
  const project = `cos-bench-base-${c.name}-${process.pid}-${round}`;
  const compose = composeArgv(c);
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
  fs.rmSync(ws, { recursive: true, force: true });
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
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

async function timeToStack(): Promise<void> {
  console.log(`\n2. time to a usable stack, backend ready ${READY_AFTER_MS} ms after start, ${ROUNDS} rounds, composes alternating`);
  const base = new Map(usable.map((c) => [c.name, [] as number[]]));
  const act = new Map(usable.map((c) => [c.name, [] as number[]]));
  for (const c of usable) await baseline(c, -1); // warm the image cache and the build cache once, for both
  for (let i = 0; i < ROUNDS; i++) {
    for (const c of usable) {
      const b = await baseline(c, i);
      const a = await action(c, i);
      base.get(c.name)!.push(b);
      act.get(c.name)!.push(a);
      console.log(`round ${i + 1}, ${c.name}: baseline ${Math.round(b)} ms, action ${Math.round(a)} ms`);
    }
  }
  for (const c of usable) {
    const ratio = median(act.get(c.name)!) / median(base.get(c.name)!);
    console.log(`${c.label}: baseline ${figure(base.get(c.name)!)}; action ${figure(act.get(c.name)!)}`);
    table.push(
      `time to a usable stack on ${c.name}, action / compose up -d + curl: ${ratio.toFixed(2)} (goal ≤ 1.05, ${verdict(ratio, 1.05)})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// 3. From a container's crash to the main step's end.

const healthcheck = (port: number): string[] => [
  '    healthcheck:',
  `      test: ["CMD", "/usr/bin/node", "-e", "fetch('http://127.0.0.1:${port}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`,
  '      interval: 2s',
  '      timeout: 5s',
  '      retries: 30',
];

/** The seeds' shape without fixed names or ports; the backend exits 1 three seconds after it starts. */
function crashingStack(): string {
  const app = (name: string, port: number): string[] => [`    image: ${image}`, `    environment: { PORT: "${port}", APP_NAME: ${name} }`];
  return [
    'services:',
    '  alpine-test-postgres:',
    ...app('postgres', 5432),
    ...healthcheck(5432),
    '  alpine-test-redis:',
    ...app('redis', 6379),
    ...healthcheck(6379),
    '  alpine-test-migrate:',
    `    image: ${image}`,
    `    command: ["/usr/bin/node", "-e", "console.log('migrated')"]`,
    '    depends_on: { alpine-test-postgres: { condition: service_healthy } }',
    '  alpine-test-backend:',
    `    image: ${image}`,
    '    environment: { PORT: "8000", APP_NAME: alpine-test-backend, READY_AFTER_MS: "600000", EXIT_AFTER_MS: "3000", EXIT_CODE: "1" }',
    '    ports: ["8000"]',
    '    depends_on:',
    '      alpine-test-postgres: { condition: service_healthy }',
    '      alpine-test-redis: { condition: service_healthy }',
    '      alpine-test-migrate: { condition: service_completed_successfully }',
    ...healthcheck(8000),
    '  alpine-test-auth:',
    ...app('alpine-test-auth', 8081),
    '    ports: ["8081"]',
    ...healthcheck(8081),
    '  alpine-test-worker:',
    `    image: ${image}`,
    '    command: ["/usr/bin/node", "-e", "setInterval(() => {}, 60000)"]',
    '    depends_on: { alpine-test-backend: { condition: service_healthy } }',
    '  alpine-test-nginx:',
    ...app('nginx', 80),
    '    ports: ["80"]',
    '    depends_on:',
    '      alpine-test-backend: { condition: service_healthy }',
    '      alpine-test-auth: { condition: service_healthy }',
    '  alpine-test-mailhog:',
    ...app('mailhog', 8025),
    '',
  ].join('\n');
}

/**
 * From the crash to the main step's end, and how long the removal of the stack took: since issue 24
 * in a process of its own that outlives the step (its result file, from when the main step started
 * it), before that inside the main step (its docker.teardown check).
 */
async function crashToEnd(c: ComposeUnderTest, stagingUrl: string, round: number): Promise<{ ms: number; removal: number }> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bench-crash-'));
  fs.mkdirSync(path.join(ws, 'docker'));
  fs.writeFileSync(path.join(ws, 'docker', 'docker-compose.alpine-test.yml'), crashingStack());
  const project = `cos-bench-crash-${c.name}-${process.pid}-${round}`;
  // The engine's own clock for the crash: the backend's first `die` event.
  const events = spawn(
    'docker',
    [
      'events',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      'label=com.docker.compose.service=alpine-test-backend',
      '--filter',
      'event=die',
      '--format',
      '{{.TimeNano}}',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let died: number | undefined;
  events.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const first = chunk.split('\n').find(Boolean);
    if (died === undefined && first) died = Number(BigInt(first) / 1_000_000n);
  });
  await sleep(200); // let `docker events` subscribe
  // BENCH_TRACE=1: each line the step prints, with its time from the crash (where the time goes).
  const trace: Array<[number, string]> = [];
  let seen = 0;
  const run = await startAction({
    workspace: ws,
    inputs: { 'project-name': project, 'staging-backend-url': stagingUrl },
    env: { ...c.env, ...(TRACE ? { RUNNER_DEBUG: '1' } : {}) },
    onStdout: (all) => {
      const at = performance.timeOrigin + performance.now();
      for (const line of all.slice(seen).split('\n').filter(Boolean)) trace.push([at, line]);
      seen = all.length;
    },
  });
  const ended = performance.timeOrigin + performance.now();
  // `docker events` may print the die event after a step that ended at once: wait for it a little.
  for (let i = 0; i < 100 && died === undefined; i++) await sleep(50);
  if (TRACE && died !== undefined)
    for (const [at, line] of trace) console.log(`${String(Math.round(at - died)).padStart(7)} ms  ${line.slice(0, 200)}`);
  try {
    const mode = run.main.outputs.mode;
    const reason = run.main.outputs.reason ?? '';
    if (mode !== 'staging' || !reason.includes('alpine-test-backend'))
      throw new Error(`expected the fallback on the backend's crash: ${mode}: ${reason}`);
    if (died === undefined) throw new Error('no die event for the backend');
    const report = JSON.parse(fs.readFileSync(run.main.outputs.report!, 'utf8')) as { checks: Array<{ id: string; durationMs: number }> };
    return {
      ms: ended - died,
      removal: (await backgroundRemovalMs(run.main.state)) ?? report.checks.find((x) => x.id === 'docker.teardown')?.durationMs ?? NaN,
    };
  } finally {
    events.kill();
    run.cleanup();
    await removeProject(project);
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

/** The background removal's time, from when the main step started it to its result; undefined when there was none. */
async function backgroundRemovalMs(state: Record<string, string>): Promise<number | undefined> {
  if (!state['detached-removal']) return undefined;
  const d = JSON.parse(state['detached-removal']) as { startedAt: number; resultFile: string };
  for (let i = 0; i < 1200 && !fs.existsSync(d.resultFile); i++) await sleep(50);
  if (!fs.existsSync(d.resultFile)) return NaN;
  return (JSON.parse(fs.readFileSync(d.resultFile, 'utf8')) as { finishedAt: number }).finishedAt - d.startedAt;
}

async function crash(): Promise<void> {
  console.log(`\n3. from the backend's crash to the main step's end, 8 services, staging healthy, ${ROUNDS} rounds, composes alternating`);
  const staging = await startStagingServer();
  const figures = new Map(usable.map((c) => [c.name, [] as number[]]));
  const removals = new Map(usable.map((c) => [c.name, [] as number[]]));
  try {
    for (let i = 0; i < ROUNDS; i++) {
      for (const c of usable) {
        const { ms, removal } = await crashToEnd(c, staging.baseUrl, i);
        figures.get(c.name)!.push(ms);
        removals.get(c.name)!.push(removal);
        console.log(`round ${i + 1}, ${c.name}: ${Math.round(ms)} ms; removing the stack (in the background) ${Math.round(removal)} ms`);
      }
    }
  } finally {
    await staging.close();
  }
  for (const c of usable) {
    const xs = figures.get(c.name)!;
    const rm = removals.get(c.name)!;
    console.log(`${c.label}: ${figure(xs)}; removing the stack (in the background, the engine killing its containers): ${figure(rm)}`);
    const goal = `goal ≤ 300 ms, ${verdict(median(xs), 300)}`;
    table.push(
      `crash to the main step's end on ${c.name}: ${Math.round(median(xs))} ms (${goal}); removing the stack, in the background, ${Math.round(median(rm))} ms`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// 4. cache-images: a hit and a miss against a pull.

async function imageCache(): Promise<void> {
  const c = usable.find((x) => x.name === 'v2');
  if (!c) return void console.log('\n4. cache-images: not benched (needs compose v2)');
  const registry = await startRegistry();
  if (!registry) return void console.log('\n4. cache-images: not benched (needs docker-registry)');
  const tag = `${registry.host}/cos/bench-node:v1`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bench-cache-'));
  const ws = path.join(root, 'ws');
  const runnerTemp = path.join(root, 'runner-temp');
  fs.mkdirSync(ws);
  fs.mkdirSync(runnerTemp);
  fs.writeFileSync(
    path.join(ws, 'compose.yaml'),
    ['services:', '  web:', `    image: ${tag}`, '    command: ["/usr/bin/node", "-e", "setInterval(() => {}, 1e9)"]', ''].join('\n'),
  );
  // An image whose one layer nothing else on the engine shares (the test image's files and a file
  // of its own, through export and import): removing its tag removes its layer, so a pull really
  // transfers it, and a load really writes it.
  const holder = spawnSync('docker', ['create', image], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(path.join(root, 'unique'), `${process.pid} ${Date.now()} ${Math.random()}`);
  spawnSync('docker', ['cp', path.join(root, 'unique'), `${holder}:/unique`]);
  const exported = spawn('docker', ['export', holder], { stdio: ['ignore', 'pipe', 'ignore'] });
  const imported = spawn('docker', ['import', '--change', 'CMD ["/usr/bin/node"]', '-', tag], { stdio: ['pipe', 'ignore', 'ignore'] });
  exported.stdout.pipe(imported.stdin);
  await new Promise((r) => imported.once('close', r));
  spawnSync('docker', ['rm', holder], { stdio: 'ignore' });
  spawnSync('docker', ['push', tag], { stdio: 'ignore' });
  const size = Number(spawnSync('docker', ['image', 'inspect', '--format', '{{.Size}}', tag], { encoding: 'utf8' }).stdout.trim());
  const rmi = (): void => void spawnSync('docker', ['rmi', '--force', tag], { stdio: 'ignore' });
  const seeded = await startCacheService();
  const imagesMs = (step: { outputs: Record<string, string> }): number =>
    (JSON.parse(fs.readFileSync(step.outputs.report!, 'utf8')) as { checks: Array<{ id: string; durationMs: number }> }).checks.find(
      (x) => x.id === 'images.cache',
    )?.durationMs ?? NaN;
  const once = async (cacheImages: boolean, env: Record<string, string>, round: number) => {
    rmi();
    const project = `cos-bench-cache-${process.pid}-${round}-${cacheImages ? 'on' : 'off'}`;
    const run = await runAction({
      workspace: ws,
      inputs: { mode: 'docker', 'project-name': project, 'cache-images': String(cacheImages), 'auth-service': '' },
      env: { ...c.env, ...env, RUNNER_TEMP: runnerTemp },
    });
    try {
      if (run.main.outputs.mode !== 'docker') throw new Error(`action did not reach docker mode: ${run.main.outputs.reason}`);
      return {
        main: run.main.durationMs,
        post: run.post?.durationMs ?? NaN,
        images: cacheImages ? imagesMs(run.main) : NaN,
        hit: run.main.outputs['cache-hit'],
      };
    } finally {
      run.cleanup();
      await removeProject(project);
    }
  };
  console.log(`\n4. cache-images on a ${(size / 1024 / 1024).toFixed(0)} MB image in a loopback registry, ${ROUNDS} rounds, ${c.name}`);
  const pull: number[] = [];
  const hit: number[] = [];
  const hitImages: number[] = [];
  const miss: number[] = [];
  const missImages: number[] = [];
  const save: number[] = [];
  const teardownOnly: number[] = [];
  try {
    const seed = await once(true, seeded.env, -1);
    if (seeded.entries.filter((e) => e.finalized).length !== 1) throw new Error('the seeding run saved nothing');
    console.log(`seeded the cache: main ${Math.round(seed.main)} ms, post (teardown and save) ${Math.round(seed.post)} ms`);
    for (let i = 0; i < ROUNDS; i++) {
      const a = await once(false, {}, i);
      const b = await once(true, seeded.env, i);
      if (b.hit !== 'true') throw new Error(`expected a cache hit, got cache-hit ${b.hit}`);
      const empty = await startCacheService();
      const m = await once(true, empty.env, i).finally(() => empty.close());
      pull.push(a.main);
      teardownOnly.push(a.post);
      hit.push(b.main);
      hitImages.push(b.images);
      miss.push(m.main);
      missImages.push(m.images);
      save.push(m.post);
      console.log(
        `round ${i + 1}: pull ${Math.round(a.main)} ms; hit ${Math.round(b.main)} ms (images ${Math.round(b.images)} ms); miss ${Math.round(m.main)} ms (images ${Math.round(m.images)} ms), its post ${Math.round(m.post)} ms`,
      );
    }
  } finally {
    await seeded.close();
    rmi();
    await registry.remove();
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`without cache-images (compose pulls): ${figure(pull)}`);
  console.log(`cache hit (restore and docker load): ${figure(hit)}; the images stage ${figure(hitImages)}`);
  console.log(`empty cache (lookup, the step pulls): ${figure(miss)}; the images stage ${figure(missImages)}`);
  console.log(`post step: teardown alone ${figure(teardownOnly)}; teardown and saving the pulled image ${figure(save)}`);
  table.push(
    `cache-images, ${(size / 1024 / 1024).toFixed(0)} MB image, loopback registry: a hit / a pull ${(median(hit) / median(pull)).toFixed(2)} (${Math.round(median(hit))} / ${Math.round(median(pull))} ms); an empty cache / a pull ${(median(miss) / median(pull)).toFixed(2)} (+${Math.round(median(miss) - median(pull))} ms); saving in the post step +${Math.round(median(save) - median(teardownOnly))} ms`,
  );
}

if (ONLY.has('fallback')) await deadDaemonFallback();
if (ONLY.has('stack')) await timeToStack();
if (ONLY.has('crash')) await crash();
if (ONLY.has('cache')) await imageCache();
console.log(`\nOn ${os.cpus().length} cores, engine ${engine.version}, ${ROUNDS} rounds:\n${table.map((l) => `- ${l}`).join('\n')}`);
