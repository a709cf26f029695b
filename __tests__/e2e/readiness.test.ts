/**
 * When is a service ready? Each rule of the contract with a real container, through the bundled
 * entry points: a port that listens late (no healthcheck), a log-declared worker, declared HTTP
 * checks (a 404 asked for, a 404 not asked for), a malformed declaration (refused before any
 * container exists), a service that dies half a second in beside a healthy one, a restart loop in
 * the first second. The step after the action gets an answer at once, or the action says why not.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { test, type TestContext } from 'node:test';
import { runAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { ensurePostgresImage } from '../support/debian-images.js';
import { execFileSync } from 'node:child_process';

const nothing = { containers: [], networks: [], volumes: [] };

/** The status of a GET, or the error's code: what the step after the action would get, at once. */
function get(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** The host port of a service's container port, from the service-ports output. */
function hostPort(outputs: Record<string, string>, service: string, port: number): number {
  const ports = JSON.parse(outputs['service-ports'] ?? '{}') as Record<string, { ports: Record<string, number> }>;
  const p = ports[service]?.ports[String(port)];
  assert.ok(p, `service-ports has ${service} ${port}: ${outputs['service-ports']}`);
  return p;
}

interface ReadyRow {
  service: string;
  readyBy: string;
  why: string;
  readyAfterMs: number;
}
const readyRows = (report: ReturnType<typeof readReport>): ReadyRow[] =>
  ((check(report, 'wait.ready')?.data as { services?: ReadyRow[] } | undefined)?.services ?? []) as ReadyRow[];

describeEachCompose('when is a service ready', (compose) => {
  const { files, track, env, ready } = useDockerRepos(compose);

  /** The action (main, and post unless `post` is false) on a workspace whose compose file has these service lines. */
  const runOn = async (
    t: TestContext,
    services: string[],
    inputs: Record<string, string> = { mode: 'docker' },
    o: { file?: string; post?: boolean } = {},
  ) => {
    const ws = files({ [o.file ?? 'compose.yaml']: ['services:', ...services, ''].join('\n') });
    const run = await runAction({ workspace: ws, inputs, env, ...(o.post === undefined ? {} : { post: o.post }) });
    track(run.main.outputs['project-name']);
    t.after(() => run.cleanup());
    return { run, project: run.main.outputs['project-name'] ?? '' };
  };

  test('a published port that listens 4 s after the container starts, no healthcheck: ready once it listens inside; the step after gets an answer at once', async (t) => {
    if (!(await ready(t))) return;
    const { run } = await runOn(
      t,
      ['  api:', '    image: {{image}}', '    command: ["sh", "-c", "sleep 4; exec node /app/server.mjs"]', '    ports: ["8000"]'],
      { mode: 'docker' },
      { post: false },
    );
    assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
    // What the next step does first: talk to it.
    assert.equal(await get(`http://127.0.0.1:${hostPort(run.main.outputs, 'api', 8000)}/health`), 200);
    const row = readyRows(readReport(run.main)).find((r) => r.service === 'api');
    assert.equal(row?.readyBy, 'listening', JSON.stringify(row));
    assert.match(row.why, /port 8000 listening/);
    // It cannot have listened before the 4 s sleep ended (a floor, not a time limit).
    assert.ok(row.readyAfterMs >= 3000, `ready after ${row.readyAfterMs} ms`);
    assert.match(check(readReport(run.main), 'wait.ready')!.detail, /api: its published ports listening/);
  });

  test('declared readiness: a worker ready on its log line, an HTTP check that asks for 404; the summary says which rule made each ready', async (t) => {
    if (!(await ready(t))) return;
    const { run } = await runOn(
      t,
      [
        '  worker:',
        '    image: {{image}}',
        '    command: ["sh", "-c", "sleep 2; echo queue worker 7 ready; exec sleep 300"]',
        '    x-compose-or-staging:',
        '      ready:',
        '        - log: "worker \\\\d+ ready"',
        '  api:',
        '    image: {{image}}',
        '    ports: ["8000"]',
        '    x-compose-or-staging:',
        '      ready:',
        '        - http: { port: 8000, path: /missing, status: 404 }',
        '        - tcp: 8000',
        '  migrate:',
        '    image: {{image}}',
        '    command: ["sh", "-c", "echo migrated"]',
      ],
      { mode: 'docker' },
      { post: false },
    );
    assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
    const rows = readyRows(readReport(run.main));
    const by = Object.fromEntries(rows.map((r) => [r.service, r.readyBy]));
    assert.deepEqual(by, { worker: 'declared', api: 'declared', migrate: 'done' });
    const worker = rows.find((r) => r.service === 'worker')!;
    assert.match(worker.why, /log \/worker \\d\+ ready\//);
    assert.ok(worker.readyAfterMs >= 1500, `the worker logs ready 2 s in; ready after ${worker.readyAfterMs} ms`);
    assert.match(rows.find((r) => r.service === 'api')!.why, /http :8000\/missing → 404, tcp 8000/);
    assert.match(run.main.summary, /worker: its declared checks/);
  });

  test('a declared HTTP check answering 404 where 2xx is asked: the wait ends on the definite answer, not at startup-timeout', async (t) => {
    if (!(await ready(t))) return;
    const { run, project } = await runOn(
      t,
      [
        '  search:',
        '    image: {{image}}',
        '    ports: ["8000"]',
        '    x-compose-or-staging:',
        '      ready:',
        '        - http: { port: 8000, path: /_cluster/health }',
      ],
      { mode: 'docker', 'startup-timeout': '120' },
    );
    assert.equal(run.main.outputs.mode, 'none');
    assert.match(run.main.outputs.reason ?? '', /search: \/_cluster\/health answered HTTP 404 for 10 s/);
    const wait = check(readReport(run.main), 'wait')!;
    // 10 s of the same answer; the guard only tells it from the 120 s timeout.
    assert.ok(wait.durationMs < 90_000, `the wait took ${wait.durationMs} ms`);
    assert.deepEqual(await projectResources(project), nothing);
  });

  test('a malformed declaration is an invalid input: refused before any container exists, naming the service, the key and the line', async (t) => {
    if (!(await ready(t))) return;
    const { run, project } = await runOn(
      t,
      [
        '  db:',
        '    image: {{image}}',
        '    x-compose-or-staging:',
        '      ready:',
        '        - log: "ready"',
        '        - tcp: fivefourthreetwo',
      ],
      { mode: 'auto', 'staging-backend-url': 'http://127.0.0.1:9/' },
      { file: 'docker/compose.yaml' },
    );
    assert.equal(run.main.exitCode, 1, run.main.stdout);
    assert.equal(run.main.outputs.mode, 'none');
    const reason = run.main.outputs.reason ?? '';
    assert.match(reason, /service db, x-compose-or-staging\.ready\[1\]\.tcp: 'fivefourthreetwo' is not a port/);
    const report = readReport(run.main);
    assert.equal(check(report, 'compose.up'), undefined, 'up never ran');
    const failed = report.checks.find((c) => c.failure === 'invalid-input');
    assert.deepEqual(failed?.location, { file: 'docker/compose.yaml', line: 7 });
    const annotation = run.main.annotations.find((a) => a.level === 'error' && a.properties.file === 'docker/compose.yaml');
    assert.equal(annotation?.properties.line, '7', JSON.stringify(run.main.annotations));
    assert.deepEqual(await projectResources(project), nothing);
  });

  test('a service that publishes a port and exits 0 at once (an image whose default command ends) is no one-shot: a failure', async (t) => {
    if (!(await ready(t))) return;
    const { run, project } = await runOn(t, ['  back:', '    image: {{image}}', '    command: ["true"]', '    ports: ["80"]']);
    assert.equal(run.main.outputs.mode, 'none', run.main.stdout);
    assert.match(run.main.outputs.reason ?? '', /back: exited with code 0/);
    assert.deepEqual(await projectResources(project), nothing);
  });

  test('a restart loop in the first second (fails after 0.1 s, restart on-failure): a failure, never ready', async (t) => {
    if (!(await ready(t))) return;
    const { run, project } = await runOn(t, [
      '  looper:',
      '    image: {{image}}',
      '    command: ["sh", "-c", "sleep 0.1; exit 2"]',
      '    restart: on-failure',
    ]);
    assert.equal(run.main.outputs.mode, 'none', run.main.stdout);
    assert.match(run.main.outputs.reason ?? '', /looper: (restart loop|exited with code 2)/);
    assert.deepEqual(await projectResources(project), nothing);
  });

  test("a real PostgreSQL without a healthcheck (Debian's, listening on TCP only after initdb): ready once it listens; psql works at once", async (t) => {
    if (!(await ready(t))) return;
    const postgres = await ensurePostgresImage();
    const { run } = await runOn(
      t,
      ['  db:', `    image: ${postgres}`, '    environment:', '      POSTGRES_PASSWORD: cos-secret', '    ports: ["5432"]'],
      { mode: 'docker' },
      { post: false },
    );
    assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
    const port = hostPort(run.main.outputs, 'db', 5432);
    // The next step's first query, at once: no retry loop.
    const out = execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-tA', '-c', 'select 40 + 2'], {
      env: { ...process.env, PGPASSWORD: 'cos-secret', PGCONNECT_TIMEOUT: '10' },
      encoding: 'utf8',
    });
    assert.equal(out.trim(), '42');
    const row = readyRows(readReport(run.main)).find((r) => r.service === 'db');
    assert.equal(row?.readyBy, 'listening', JSON.stringify(row));
  });

  // 20 runs on compose v2 (what runners have), 5 on v1: each is a few seconds.
  const runs = compose.name === 'v2' ? 20 : 5;
  test(`a service that exits 1 half a second after it starts, beside a healthy one: never docker, in ${runs} runs of ${runs}`, async (t) => {
    if (!(await ready(t))) return;
    const ws = files({
      'compose.yaml': [
        'services:',
        '  api:',
        '    image: {{image}}',
        '    ports: ["8000"]',
        '    healthcheck:',
        '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/health"]',
        '      interval: 1s',
        '  flaky:',
        '    image: {{image}}',
        '    command: ["sh", "-c", "sleep 0.5; exit 1"]',
        '',
      ].join('\n'),
    });
    const modes: string[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await runAction({ workspace: ws, inputs: { mode: 'docker' }, env });
      track(run.main.outputs['project-name']);
      modes.push(`${run.main.outputs.mode}: ${run.main.outputs.reason}`);
      run.cleanup();
    }
    const wrong = modes.filter((m) => !/^none: .*flaky: exited with code 1/.test(m));
    assert.deepEqual(wrong, [], `${wrong.length} of ${runs} runs were not a failure naming flaky`);
  });
});
