/**
 * A stack shaped like the seeds' repository (docker/docker-compose.alpine-test.yml): 8 services,
 * `service_healthy` chains, healthchecks every 10 s with 30 retries, fixed container names, fixed
 * host ports 5435 / 6382 / 8002 / 8083, a one-shot migration, the backend built from a context
 * written relative to the repository root. Every input at its default.
 *
 * Docker's first health check comes one interval (10 s) after a container starts, so `up` takes
 * two intervals here (postgres, then the backend): these tests wait on real time, by design.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAction, startAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { holdPorts } from '../support/fixed-ports.js';
import { startStagingServer } from '../support/staging.js';

const SEEDS_PORTS = [5435, 6382, 8002, 8083];
const nothing = { containers: [], networks: [], volumes: [] };

/** A healthcheck the way the seeds write them: every 10 s, 30 retries, on the app's own port. */
const healthcheck = (port: number): string[] => [
  '    healthcheck:',
  `      test: ["CMD", "/usr/bin/node", "-e", "fetch('http://127.0.0.1:${port}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`,
  '      interval: 10s',
  '      timeout: 5s',
  '      retries: 30',
];

interface SeedsOptions {
  /** Extra environment of the backend (server.mjs settings). */
  backendEnv?: Record<string, string>;
  /** The migration's shell script (default: reach postgres by its container name, then exit 0). */
  migrate?: string;
}

function seedsCompose(o: SeedsOptions = {}): string {
  const migrate =
    o.migrate ??
    `fetch('http://alpine-test-postgres:5432/health').then((r) => { console.log('migrated'); process.exit(r.ok ? 0 : 1); }, () => process.exit(1))`;
  const backendEnv = Object.entries({ PORT: '8000', APP_NAME: 'alpine-test-backend', ...o.backendEnv }).map(
    ([k, v]) => `      ${k}: ${JSON.stringify(v)}`,
  );
  return [
    'services:',
    '  alpine-test-postgres:',
    '    image: {{image}}',
    '    container_name: alpine-test-postgres',
    '    environment: { PORT: "5432", APP_NAME: postgres }',
    '    ports:',
    '      - "${ALPINE_TEST_POSTGRES_PORT:-5435}:5432"',
    ...healthcheck(5432),
    '',
    '  alpine-test-redis:',
    '    image: {{image}}',
    '    container_name: alpine-test-redis',
    '    environment: { PORT: "6379", APP_NAME: redis }',
    '    ports:',
    '      - "6382:6379"',
    ...healthcheck(6379),
    '',
    '  alpine-test-migrate:',
    '    image: {{image}}',
    `    command: ["/usr/bin/node", "-e", ${JSON.stringify(migrate)}]`,
    '    depends_on:',
    '      alpine-test-postgres:',
    '        condition: service_healthy',
    '',
    '  alpine-test-backend:',
    '    build:',
    '      context: .',
    '      dockerfile: docker/backend.Dockerfile',
    '    container_name: alpine-test-backend',
    '    ports:',
    '      - "${BACKEND_PORT:-8002}:8000"',
    '    environment:',
    ...backendEnv,
    '    depends_on:',
    '      alpine-test-postgres:',
    '        condition: service_healthy',
    '      alpine-test-redis:',
    '        condition: service_healthy',
    '      alpine-test-migrate:',
    '        condition: service_completed_successfully',
    ...healthcheck(8000),
    '    networks:',
    '      default:',
    '        aliases: [backend]',
    '',
    '  alpine-test-auth:',
    '    image: {{image}}',
    '    container_name: alpine-test-auth',
    '    environment: { PORT: "8081", APP_NAME: alpine-test-auth }',
    '    ports:',
    '      - "8083:8081"',
    ...healthcheck(8081),
    '    networks:',
    '      default:',
    '        aliases: [auth]',
    '',
    '  alpine-test-worker:',
    '    image: {{image}}',
    '    command: ["/usr/bin/node", "-e", "setInterval(() => {}, 60000)"]',
    '    depends_on:',
    '      alpine-test-backend:',
    '        condition: service_healthy',
    '',
    '  alpine-test-nginx:',
    '    image: {{image}}',
    '    environment: { PORT: "80", APP_NAME: nginx }',
    '    ports:',
    '      - "127.0.0.1::80"',
    '    depends_on:',
    '      alpine-test-backend:',
    '        condition: service_healthy',
    '      alpine-test-auth:',
    '        condition: service_healthy',
    '',
    '  alpine-test-mailhog:',
    '    image: {{image}}',
    '    environment: { PORT: "8025", APP_NAME: mailhog }',
    '',
  ].join('\n');
}

describeEachCompose('the seeds stack', (compose) => {
  const { files, track, env, ready } = useDockerRepos(compose);
  const seedsRepo = (o?: SeedsOptions) =>
    files({
      'docker/docker-compose.alpine-test.yml': seedsCompose(o),
      'docker/backend.Dockerfile': 'FROM {{image}}\n',
      'tests/test_websocket.py': '# the tests look for the stack from the repository root\n',
    });

  test('every input at its default: docker mode, the backend on 8002, COMPOSE_PORT_ALPINE_TEST_POSTGRES_5432=5435, every started service in service-ports', async (t) => {
    if (!(await ready(t))) return;
    await holdPorts(t, SEEDS_PORTS);
    const run = await startAction({ workspace: seedsRepo(), env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
      assert.equal(run.main.outputs['compose-files'], 'docker/docker-compose.alpine-test.yml');
      assert.equal(run.main.outputs['backend-port'], '8002');
      assert.equal(run.main.outputs['backend-url'], 'http://localhost:8002');
      assert.equal(run.main.outputs['websocket-url'], 'ws://localhost:8002/ws');
      assert.equal(run.main.outputs['auth-url'], 'http://localhost:8083');
      assert.equal(run.main.env.COMPOSE_PORT_ALPINE_TEST_POSTGRES_5432, '5435');
      assert.equal(run.main.env.COMPOSE_PORT_ALPINE_TEST_REDIS_6379, '6382');
      assert.equal(run.main.env.COMPOSE_PORT_ALPINE_TEST_BACKEND_8000, '8002');
      const ports = JSON.parse(run.main.outputs['service-ports'] ?? '') as Record<string, { host: string; ports: Record<string, number> }>;
      assert.deepEqual(Object.keys(ports).sort(), [
        'alpine-test-auth',
        'alpine-test-backend',
        'alpine-test-mailhog',
        'alpine-test-migrate',
        'alpine-test-nginx',
        'alpine-test-postgres',
        'alpine-test-redis',
        'alpine-test-worker',
      ]);
      assert.ok(ports['alpine-test-nginx']!.ports['80']! > 0, 'a random host port, read from the engine');
      assert.equal((await fetch('http://localhost:5435/health')).status, 200, 'the "database" answers on 5435');
      const wait = check(readReport(run.main), 'wait')!;
      assert.equal(wait.status, 'ok');
      // The migration ran (reaching postgres by its container name) and exited 0: done, not a failure.
      const migrate = (wait.data as { containers: Array<{ service: string; status: string; exitCode: number }> }).containers.find(
        (c) => c.service === 'alpine-test-migrate',
      );
      assert.deepEqual([migrate?.status, migrate?.exitCode], ['exited', 0]);
      // Every service's story: how it came to be ready, and when; a bar each in the summary's timeline.
      const stories = readReport(run.main).services;
      assert.deepEqual(stories.map((x) => x.name).sort(), Object.keys(ports).sort());
      const by = Object.fromEntries(stories.map((x) => [x.name, `${x.state} ${x.readyBy}`]));
      assert.equal(by['alpine-test-postgres'], 'ready healthcheck');
      assert.equal(by['alpine-test-backend'], 'ready endpoint');
      assert.equal(by['alpine-test-migrate'], 'done done');
      for (const x of stories) {
        const times = [x.createdAt, x.startedAt].map((iso) => Date.parse(iso ?? ''));
        assert.ok(times[0]! <= times[1]!, `${x.name}: created before started`);
        if (x.readyAt) assert.ok(Date.parse(x.readyAt) >= times[1]! - 1000, `${x.name}: ready after it started`);
      }
      const gantt = run.main.summary.split('```mermaid\ngantt\n')[1]?.split('```')[0] ?? '';
      assert.equal(gantt.split('\n').filter((l) => /^ {4}alpine-test-[a-z]+ - /.test(l)).length, 8, gantt);
    } finally {
      const post = await run.runPost();
      assert.equal(post.exitCode, 0, post.stdout);
      run.cleanup();
    }
    assert.deepEqual(await projectResources(project!), nothing);
  });
});

describeEachCompose(
  'the seeds stack failing, with staging to fall back to',
  (compose) => {
    const { files, track, env, ready } = useDockerRepos(compose);
    const seedsRepo = (o?: SeedsOptions) =>
      files({ 'docker/docker-compose.alpine-test.yml': seedsCompose(o), 'docker/backend.Dockerfile': 'FROM {{image}}\n' });

    // The backend starts ~14 s in on a quiet machine (postgres healthy at its first 10 s check, then
    // the migration); the timeout leaves six times that, so a loaded machine still gets it started
    // (45 s was not enough once: postgres's checks ran late and the backend never started).
    test('the backend answers 500, startup-timeout 90: staging at the timeout, with a reason naming the backend and its 500', async (t) => {
      if (!(await ready(t))) return;
      await holdPorts(t, SEEDS_PORTS);
      const staging = await startStagingServer();
      t.after(() => staging.close());
      const run = await runAction({
        workspace: seedsRepo({ backendEnv: { HEALTH_STATUS: '500' } }),
        inputs: { 'startup-timeout': '90', 'staging-backend-url': staging.baseUrl },
        env,
      });
      const project = run.main.outputs['project-name'];
      track(project);
      try {
        assert.equal(run.main.outputs.mode, 'staging', run.main.stdout);
        assert.equal(run.main.outputs['backend-url'], staging.baseUrl);
        const report = readReport(run.main);
        const wait = check(report, 'wait')!;
        assert.equal(wait.status, 'failed');
        assert.match(wait.detail, /alpine-test-backend: \/health answered HTTP 500 for \d+ s/);
        assert.doesNotMatch(wait.detail, /compose up did not finish/);
        // At the timeout, not long after it: the guard only tells it apart from waiting on the 300 s healthcheck.
        assert.ok(wait.durationMs >= 85_000 && wait.durationMs < 250_000, `the wait took ${wait.durationMs} ms`);
        assert.match(run.main.outputs.reason ?? '', /alpine-test-backend: \/health answered HTTP 500/);
      } finally {
        run.cleanup();
      }
      assert.deepEqual(await projectResources(project!), nothing);
    });

    test('the migration exits 1 while the backend needs 90 s: staging within seconds of the exit', async (t) => {
      if (!(await ready(t))) return;
      await holdPorts(t, SEEDS_PORTS);
      const staging = await startStagingServer();
      t.after(() => staging.close());
      const run = await runAction({
        workspace: seedsRepo({
          backendEnv: { READY_AFTER_MS: '90000' },
          migrate: "console.log('migration failed: relation users does not exist'); process.exit(1)",
        }),
        inputs: { 'staging-backend-url': staging.baseUrl },
        env,
      });
      const project = run.main.outputs['project-name'];
      track(project);
      try {
        assert.equal(run.main.outputs.mode, 'staging', run.main.stdout);
        const report = readReport(run.main);
        const up = check(report, 'compose.up')!;
        const wait = check(report, 'wait');
        // The migration starts once postgres is healthy (Docker's first check, 10 s in) and exits at once.
        const docker = (up.durationMs ?? 0) + (wait?.durationMs ?? 0);
        assert.ok(up.durationMs! < 80_000, `up ended after ${up.durationMs} ms, not after the backend's 90 s`);
        assert.match(run.main.outputs.reason ?? '', /alpine-test-migrate/, `${docker} ms`);
        const failure = report.serviceFailures.find((f) => f.service === 'alpine-test-migrate');
        assert.equal(failure?.state, 'exited with code 1');
        const story = report.services.find((x) => x.name === 'alpine-test-migrate');
        assert.deepEqual([story?.state, story?.exitCode, typeof story?.exitedAt], ['exited', 1, 'string']);
        assert.match(run.main.summary, /\n {4}alpine-test-migrate - exited 1 :crit, \d+, \d+\n/);
        assert.ok(
          failure?.logTail.some((l) => l.includes('migration failed: relation users does not exist')),
          JSON.stringify(failure?.logTail),
        );
      } finally {
        run.cleanup();
      }
      assert.deepEqual(await projectResources(project!), nothing);
    });
  },
  ['v2'],
);
