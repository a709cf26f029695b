/**
 * Tests of __tests__/support/docker.ts: engine detection, the skip/fail gate and
 * Compose project listing/removal (with the docker CLI, and with
 * docker-compose when it is installed).
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { docker, dockerEngine, dockerOk, projectResources, removeProject, requireDocker } from './docker.js';
import { ensureTestImages } from './images.js';
import { until } from './time.js';

const execFileAsync = promisify(execFile);
const DOCKER_TS = fileURLToPath(new URL('./docker.ts', import.meta.url));
const T = { timeout: 45_000 };

/** A unique, already-normalised Compose project name. */
function projectName(): string {
  return `costest${process.pid}${randomBytes(3).toString('hex')}`;
}

test('dockerEngine reports the engine and caches the answer', T, async () => {
  const first = dockerEngine();
  assert.equal(dockerEngine(), first, 'the same (cached) promise');
  const e = await first;
  assert.equal(typeof e.available, 'boolean');
  assert.ok(e.reason.length > 0);
  if (e.available) {
    assert.match(e.version ?? '', /^\d+\.\d+/);
    assert.equal(e.reason, `Docker engine ${e.version}`);
  } else {
    assert.equal(e.version, undefined);
  }
});

/** Run a one-test node:test script using requireDocker with `env`; returns its TAP output and exit code. */
async function runGate(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const script = `
    import { test } from 'node:test';
    const { requireDocker } = await import(${JSON.stringify(DOCKER_TS)});
    test('gated', async (t) => {
      if (!(await requireDocker(t))) return;
      throw new Error('the gated body ran');
    });`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('CI' in env)) delete childEnv.CI;
  // set by `node --test` for its worker processes; would switch the child to the binary protocol
  delete childEnv.NODE_TEST_CONTEXT;
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', '--test-reporter=tap', '--input-type=module', '-e', script],
      { env: childEnv, timeout: 30_000 },
    );
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: e.stdout ?? '' };
  }
}

test('requireDocker without an engine: skips locally, fails when CI=true', T, async () => {
  const noEngine = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
  const [local, ci] = await Promise.all([runGate(noEngine), runGate({ ...noEngine, CI: 'true' })]);

  assert.equal(local.code, 0, local.out);
  assert.match(local.out, /ok 1 - gated # SKIP needs a Docker engine: no Docker engine reachable: .*nonexistent/);
  assert.match(local.out, /# skipped 1/);

  assert.equal(ci.code, 1, ci.out);
  assert.match(ci.out, /not ok 1 - gated/);
  assert.match(ci.out, /need a Docker engine/);
  assert.doesNotMatch(ci.out, /the gated body ran/);
});

test('requireDocker with the engine here lets the test run', T, async (t) => {
  if (!(await requireDocker(t))) return;
  assert.equal((await dockerEngine()).available, true);
});

test('projectResources lists labelled containers (also stopped), networks and volumes; removeProject removes them', T, async (t) => {
  if (!(await requireDocker(t))) return;
  const { busybox } = await ensureTestImages();
  const project = projectName();
  t.after(() => removeProject(project).catch(() => undefined));
  const label = ['--label', `com.docker.compose.project=${project}`];

  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
  await dockerOk(['network', 'create', ...label, `${project}_default`]);
  await dockerOk(['volume', 'create', ...label, `${project}_data`]);
  await dockerOk([
    'run',
    '-d',
    ...label,
    '--name',
    `${project}_web_1`,
    '--network',
    `${project}_default`,
    '-v',
    `${project}_data:/data`,
    busybox,
    'sleep',
    '300',
  ]);
  await dockerOk(['create', ...label, '--name', `${project}_job_1`, busybox, 'true']); // never started
  // a resource of another project must not be listed nor removed
  const other = projectName();
  t.after(() => removeProject(other).catch(() => undefined));
  await dockerOk(['volume', 'create', '--label', `com.docker.compose.project=${other}`, `${other}_keep`]);
  // images compose would have built for each (v1 and v2 naming): the project's go, the other's stay
  for (const ref of [`${project}_web:latest`, `${project}-job:latest`, `${other}_web:latest`]) await dockerOk(['tag', busybox, ref]);
  t.after(() => docker(['rmi', `${other}_web:latest`]));

  const found = await projectResources(project);
  assert.deepEqual(
    { ...found, containers: [...found.containers].sort() },
    { containers: [`${project}_job_1`, `${project}_web_1`], networks: [`${project}_default`], volumes: [`${project}_data`] },
  );

  const removed = await removeProject(project);
  assert.deepEqual(removed.networks, found.networks);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
  assert.deepEqual((await projectResources(other)).volumes, [`${other}_keep`]);
  const images = async (p: string) =>
    (await dockerOk(['images', '--format', '{{.Repository}}', '--filter', `reference=${p}*`])).split('\n').filter(Boolean);
  assert.deepEqual(await images(project), [], 'the images built for the project are removed');
  assert.deepEqual(await images(other), [`${other}_web`]);
  // removing an empty project is fine
  assert.deepEqual(await removeProject(project), { containers: [], networks: [], volumes: [] });
});

const hasCompose = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' }).status === 0;

test(
  'a real docker-compose project is found and force-removed',
  // About 6–8 s here; compose v1 alone can take 8 s to start on a loaded machine: the guard only catches a hang.
  { timeout: 180_000, skip: !hasCompose && 'docker-compose not installed' },
  async (t) => {
    if (!(await requireDocker(t))) return;
    const images = await ensureTestImages();
    const dir = await mkdtemp(join(tmpdir(), 'cos-compose-'));
    const project = projectName();
    t.after(async () => {
      await removeProject(project).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    });
    await writeFile(
      join(dir, 'docker-compose.yml'),
      [
        'services:',
        '  web:',
        `    image: ${images.node}`,
        '    environment: { APP_NAME: web }',
        '    ports: ["127.0.0.1::8000"]',
        '    healthcheck:',
        '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/health"]',
        '      interval: 1s',
        '      timeout: 2s',
        '      retries: 20',
        '    volumes: [data:/data]',
        '  sidecar:',
        `    image: ${images.busybox}`,
        '    command: ["sleep", "300"]',
        'volumes:',
        '  data: {}',
        '',
      ].join('\n'),
    );
    const up = spawnSync('docker-compose', ['-p', project, 'up', '-d'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(up.status, 0, up.stderr);

    const found = await projectResources(project);
    assert.deepEqual([...found.containers].sort(), [`${project}_sidecar_1`, `${project}_web_1`]);
    assert.deepEqual(found.networks, [`${project}_default`]);
    assert.deepEqual(found.volumes, [`${project}_data`]);

    // the healthcheck (busybox wget inside the node image) turns healthy
    await until(
      async () => (await docker(['inspect', '--format', '{{.State.Health.Status}}', `${project}_web_1`])).stdout.trim() === 'healthy',
      {
        what: `${project}_web_1 healthy`,
        intervalMs: 200,
      },
    );

    await removeProject(project);
    assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
  },
);
