/**
 * Ready when usable (issue 24, item 3): services ready by their healthcheck, whose engine interval
 * is 60 s, behind a `service_healthy` database. The action runs each check itself when a signal
 * says it may pass (the container started, it began to listen, it wrote a new kind of log line)
 * or, with no signal, at its fallback cadence; so the step ends with the stack usable while the
 * engine has not yet run a single check of theirs. Ordering, not time: the engine's first run is
 * 60 s after each start, a guard far above what the step takes.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { test } from 'node:test';
import { runAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { dockerOk } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';

const check60s = (test: string): string[] => ['    healthcheck:', `      test: ${test}`, '      interval: 60s', '      retries: 3'];

/** db is healthy (by the engine, every 1 s) 1 s after its start; the others can pass 2 s after theirs. */
const STACK = [
  'services:',
  '  db:',
  '    image: {{image}}',
  '    command: ["sh", "-c", "sleep 1; exec node /app/server.mjs"]',
  '    environment: { PORT: "5432", APP_NAME: db }',
  '    healthcheck:',
  '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:5432/health"]',
  '      interval: 1s',
  '      retries: 60',
  // Listens 2 s in: the check can pass once it does.
  '  api:',
  '    image: {{image}}',
  '    command: ["sh", "-c", "sleep 2; exec node /app/server.mjs"]',
  '    ports: ["8000"]',
  '    depends_on: { db: { condition: service_healthy } }',
  ...check60s('["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/health"]'),
  // Says so in its log 2 s in.
  '  worker:',
  '    image: {{image}}',
  '    command: ["sh", "-c", "sleep 2; touch /tmp/ready; echo worker ready; exec sleep 600"]',
  '    depends_on: { db: { condition: service_healthy } }',
  ...check60s('["CMD", "test", "-f", "/tmp/ready"]'),
  // Nothing to see: ready on time alone, which only the fallback runs notice.
  '  clock:',
  '    image: {{image}}',
  '    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 600"]',
  '    depends_on: { db: { condition: service_healthy } }',
  ...check60s('["CMD", "test", "-f", "/tmp/ready"]'),
  '',
].join('\n');

interface ReadyRow {
  service: string;
  readyBy: string;
  why: string;
}

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

describeEachCompose('ready when usable: the action runs a healthcheck itself on a signal', (compose) => {
  const { files, track, env, ready } = useDockerRepos(compose);

  test('healthchecks every 60 s behind a service_healthy database: usable and reported ready while the engine still says starting, having run none of their checks', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({ 'compose.yaml': STACK });
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker' }, env, post: false });
    const project = run.main.outputs['project-name'];
    track(project);
    t.after(() => run.cleanup());
    assert.equal(run.main.outputs.mode, 'docker', `${run.main.outputs.reason}\n${run.main.stdout}`);

    // What the engine says now, right after the step: not one run of their checks yet.
    const ids = (await dockerOk(['ps', '-q', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`]))
      .split('\n')
      .filter(Boolean);
    const inspected = JSON.parse(await dockerOk(['inspect', ...ids])) as Array<{
      Config: { Labels: Record<string, string> };
      State: { Health?: { Status: string; Log: unknown[] | null } };
    }>;
    const health = Object.fromEntries(
      inspected.map((c) => [
        c.Config.Labels['com.docker.compose.service'],
        `${c.State.Health?.Status} ${(c.State.Health?.Log ?? []).length} runs`,
      ]),
    );
    assert.deepEqual(health, { db: health.db, api: 'starting 0 runs', worker: 'starting 0 runs', clock: 'starting 0 runs' });
    assert.match(health.db ?? '', /^healthy/, 'compose started the others once the engine said db was healthy');

    // Yet the action called them ready, by its own runs of their checks; and they are.
    const rows = ((check(readReport(run.main), 'wait.ready')?.data as { services?: ReadyRow[] } | undefined)?.services ?? []) as ReadyRow[];
    for (const service of ['api', 'worker', 'clock']) {
      const row = rows.find((r) => r.service === service);
      assert.equal(row?.readyBy, 'healthcheck', JSON.stringify(rows));
      assert.match(row.why, /the action ran it/);
    }
    const ports = JSON.parse(run.main.outputs['service-ports'] ?? '{}') as Record<string, { ports: Record<string, number> }>;
    assert.equal(await get(`http://127.0.0.1:${ports.api?.ports['8000']}/health`), 200, 'the step after talks to it at once');
  });
});
