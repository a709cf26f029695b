/**
 * The watch while `up` runs: `up` blocks on a `service_healthy` chain (a gate that waits for a
 * backend that needs minutes), and meanwhile a one-shot fails, or the startup-timeout comes. The
 * Docker path ends at once, names the service and why, stops `up`, and leaves nothing behind.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { runAction, startAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { dockerOk, projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { ensureTestImages } from '../support/images.js';
import { until } from '../support/time.js';

const nothing = { containers: [], networks: [], volumes: [] };
/** A backend healthy only after `readyAfterMs`, and a gate that `up` starts only once it is. */
const slowChain = (readyAfterMs: number, extraServices = '') => ({
  backendEnv: { READY_AFTER_MS: String(readyAfterMs) },
  backendPorts: ['8000'],
  auth: false,
  backendExtra: [
    '    healthcheck:',
    '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/health"]',
    '      interval: 2s',
    '      retries: 60',
    '',
  ].join('\n'),
  extraServices: [
    '  gate:',
    '    image: {{image}}',
    '    command: ["sleep", "300"]',
    '    depends_on:',
    '      alpine-test-backend:',
    '        condition: service_healthy',
    extraServices,
  ].join('\n'),
});

describeEachCompose('the watch while up runs', (compose) => {
  const { repo, track, env, ready } = useDockerRepos(compose);

  test('a one-shot migration exits 1 while up waits on a backend that needs 90 s: the Docker path ends within seconds of the exit', async (t) => {
    if (!(await ready(t))) return;
    const migrate = [
      '  alpine-test-migrate:',
      '    image: {{image}}',
      '    command: ["sh", "-c", "sleep 2; echo migration failed; exit 1"]',
      '',
    ].join('\n');
    const ws = repo(slowChain(90_000, migrate));
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'startup-timeout': '120' }, env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.exitCode, 1, run.main.stdout);
      assert.match(run.main.outputs.reason ?? '', /the stack failed while starting: alpine-test-migrate: exited with code 1/);
      const report = readReport(run.main);
      const up = check(report, 'compose.up')!;
      assert.equal(up.status, 'info');
      assert.match(up.detail, /stopped while it still ran/);
      const wait = check(report, 'wait')!;
      assert.equal(wait.failure, 'exited');
      // Expected a few seconds; the guard only tells it apart from the 90 s the backend needs.
      assert.ok(wait.durationMs < 60_000, `the watch ended after ${wait.durationMs} ms`);
      const failure = report.serviceFailures.find((f) => f.service === 'alpine-test-migrate');
      assert.equal(failure?.state, 'exited with code 1');
      assert.ok(
        failure?.logTail.some((l) => l.includes('migration failed')),
        JSON.stringify(failure?.logTail),
      );
      assert.deepEqual(await projectResources(project!), nothing, 'up was stopped and nothing is left');
    } finally {
      run.cleanup();
    }
  });

  test('after a killed up, the post step looks by label once more: a container created late (a create call in flight) is removed, and said so', async (t) => {
    if (!(await ready(t))) return;
    const migrate = ['  alpine-test-migrate:', '    image: {{image}}', '    command: ["sh", "-c", "sleep 2; exit 3"]', ''].join('\n');
    const run = await startAction({
      workspace: repo(slowChain(90_000, migrate)),
      inputs: { mode: 'docker', 'startup-timeout': '120' },
      env,
    });
    const project = run.main.outputs['project-name']!;
    track(project);
    try {
      assert.match(run.main.outputs.reason ?? '', /alpine-test-migrate: exited with code 3/);
      assert.equal(check(readReport(run.main), 'docker.teardown')?.status, 'info', 'removed in the background');
      // Once the background removal is done (its result written), nothing is left.
      const removal = JSON.parse(run.main.state['detached-removal'] ?? '{}') as { resultFile: string };
      await until(() => fs.existsSync(removal.resultFile), { what: 'the background removal written its result', intervalMs: 50 });
      assert.deepEqual(await projectResources(project), nothing, 'the background removal removed the stack');
      // What a create call that `up` had in flight would leave: a container with the project's label, created after.
      const { node: image } = await ensureTestImages();
      await dockerOk(['create', '--label', `com.docker.compose.project=${project}`, '--label', 'com.docker.compose.service=late', image]);
      const post = await run.runPost();
      assert.equal(post.exitCode, 0, post.stdout);
      assert.match(post.log, new RegExp(`Left of project ${project}: 1 container\\(s\\): removed now`));
      assert.match(post.summary, /\*\*Left\*\* by the label .* after it: 1 container, 0 networks, 0 volumes/);
      assert.deepEqual(await projectResources(project), nothing);
      const again = await run.runPost();
      assert.equal(again.exitCode, 0, again.stdout);
      assert.match(again.log, new RegExp(`Nothing of project ${project} is left`));
    } finally {
      run.cleanup();
    }
  });

  test('up still blocked on the chain at startup-timeout: the reason names what was not ready and why, not compose up', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo(slowChain(600_000));
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'startup-timeout': '20' }, env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.exitCode, 1, run.main.stdout);
      const reason = run.main.outputs.reason ?? '';
      assert.match(reason, /not healthy within startup-timeout \(20 s\)/);
      assert.match(reason, /alpine-test-backend: \/health answered HTTP 503( for \d+ s)?/);
      assert.doesNotMatch(reason, /compose up did not finish/);
      // The log group shows up's own lines as they come, and every 10 s what is not ready yet (what
      // the backend said by then depends on how fast this machine started it: the reason above has its 503).
      assert.match(run.main.stdout, /^ {2}up \| \S.*alpine-test-backend/m);
      assert.match(run.main.stdout, /^\d+ s of 20 s \(startup-timeout\): waiting for compose up is still running; .*alpine-test-backend/m);
      const report = readReport(run.main);
      assert.equal(check(report, 'compose.up')?.status, 'info');
      assert.match(check(report, 'compose.up')!.detail, /still running at startup-timeout/);
      assert.deepEqual(await projectResources(project!), nothing);
    } finally {
      run.cleanup();
    }
  });
});
