/**
 * The early start (fast lane) and triage end to end, against a real engine: a stack started on the
 * plan the raw files predict is kept only when `compose config` confirms that plan; otherwise it
 * is removed (and started again, or the plan's error reported). Also what a person reads when the
 * Docker path fails: the summary and the annotation on the compose file's line.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runAction, startAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { startStagingServer } from '../support/staging.js';
import { tempDir } from '../support/temp.js';

const nothing = { containers: [], networks: [], volumes: [] };

describeEachCompose('early start and triage', (compose) => {
  const { repo, track, env, ready } = useDockerRepos(compose);

  test('the files predict an auth service that compose config (reading .env) does not have: the early stack is removed and started again', async (t) => {
    if (!(await ready(t))) return;
    // Named so that `auth` is found only through the alias (no prefix match).
    const ws = repo({ authName: 'login-service', authAlias: '${AUTH_ALIAS:-auth}', backendPorts: ['8000'] });
    // Compose reads .env from the project directory; the raw prediction does not.
    fs.writeFileSync(path.join(ws, '.env'), 'AUTH_ALIAS=login\n');
    const project = `cos-redo-${compose.name}-${process.pid}`;
    track(project);
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker', 'project-name': project }, env, traceLeftovers: true });
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.deepEqual(run.main.leftovers, [], 'the cancelled early wait leaves nothing behind');
      assert.equal(run.main.outputs.mode, 'docker');
      const report = readReport(run.main);
      assert.equal(check(report, 'compose.fast-lane')?.status, 'info', 'the early stack was removed');
      assert.match(check(report, 'compose.fast-lane')!.detail, /compose config resolved the files differently/);
      assert.equal(check(report, 'compose.up')?.detail, 'started', 'started again on the confirmed plan');
      // The confirmed plan has no auth service (its alias is `login`), so no auth URL.
      assert.equal(run.main.outputs['auth-url'], '');
      const health = await fetch(`${run.main.outputs['backend-url']}/health`);
      assert.equal(health.status, 200);
    } finally {
      const post = await run.runPost();
      assert.equal(post.exitCode, 0, post.stdout);
      assert.deepEqual(await projectResources(project), nothing);
      run.cleanup();
    }
  });

  if (compose.name === 'v1')
    test('availability fails after an early up ran (docker-compose answers up but not version): the early stack is removed, and project-name still says what it ran as', async (t) => {
      if (!(await ready(t))) return;
      const bin = tempDir(t, 'cos-bin-');
      const real = execFileSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' }).trim();
      fs.writeFileSync(
        path.join(bin, 'docker-compose'),
        `#!/bin/sh\nif [ "$1" = version ]; then echo 'broken install' >&2; exit 1; fi\nexec '${real}' "$@"\n`,
        { mode: 0o755 },
      );
      const ws = repo({ backendPorts: ['8000'], auth: false, backendEnv: { READY_AFTER_MS: '600000' } });
      const run = await runAction({ workspace: ws, inputs: { mode: 'docker' }, env: { ...env, PATH: `${bin}:${process.env.PATH}` } });
      const project = run.main.outputs['project-name'];
      track(project);
      try {
        assert.equal(run.main.exitCode, 1, run.main.stdout);
        const report = readReport(run.main);
        assert.equal(check(report, 'docker.availability')?.failure, 'compose-missing');
        assert.match(check(report, 'compose.fast-lane')?.detail ?? '', /removed: Docker is not usable/);
        assert.match(project ?? '', /\S/, 'project-name says what the early up ran as');
        assert.deepEqual(await projectResources(project!), nothing);
      } finally {
        run.cleanup();
      }
    });

  test('compose config finds no backend where the files predicted one: the early stack is gone before the step ends', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({ backendAlias: '${BACKEND_ALIAS:-api}', backendPorts: ['8000'], auth: false });
    fs.writeFileSync(path.join(ws, '.env'), 'BACKEND_ALIAS=web\n');
    const project = `cos-nobackend-${compose.name}-${process.pid}`;
    track(project);
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker', 'project-name': project, 'backend-service': 'api' }, env });
    try {
      assert.equal(run.main.exitCode, 1);
      assert.match(run.main.outputs.reason ?? '', /'api'/);
      const report = readReport(run.main);
      assert.equal(check(report, 'compose.services')?.failure, 'service-missing');
      assert.equal(check(report, 'compose.fast-lane')?.status, 'info');
      // Removed by the main step itself, before post.
      assert.deepEqual(await projectResources(project), nothing);
      const annotation = run.main.annotations.find((a) => a.properties.file === 'docker/docker-compose.alpine-test.yml');
      assert.ok(annotation, `an annotation on the compose file: ${JSON.stringify(run.main.annotations)}`);
      assert.equal(annotation.properties.line, '2', 'the services: line');
      const post = await run.runPost();
      assert.match(post.stdout, /Nothing to tear down: the main step already removed project/);
    } finally {
      run.cleanup();
    }
  });

  test('a missing Dockerfile: an annotation on the dockerfile line of the compose file, naming the nearest match', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({ dockerfile: 'docker/backend.alpine.Dockerfile', dockerfileAt: 'dockerfiles/backend.alpine.Dockerfile' });
    const project = `cos-annot-${compose.name}-${process.pid}`;
    track(project);
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'project-name': project }, env });
    try {
      assert.equal(run.main.exitCode, 1);
      const compose = fs.readFileSync(path.join(ws, 'docker', 'docker-compose.alpine-test.yml'), 'utf8').split('\n');
      const line = compose.findIndex((l) => l.includes('dockerfile: docker/backend.alpine.Dockerfile')) + 1;
      const annotation = run.main.annotations.find((a) => a.properties.file === 'docker/docker-compose.alpine-test.yml');
      assert.ok(annotation, `an annotation on the compose file: ${JSON.stringify(run.main.annotations)}`);
      assert.equal(annotation.level, 'error');
      assert.equal(annotation.properties.line, String(line));
      assert.match(annotation.message, /dockerfiles\/backend\.alpine\.Dockerfile/);
      assert.deepEqual(check(readReport(run.main), 'compose.project-directory')?.location, {
        file: 'docker/docker-compose.alpine-test.yml',
        line,
      });
      // And one error for the step, saying what to do next.
      assert.equal(run.main.annotations.filter((a) => a.level === 'error' && !a.properties.file).length, 1);
    } finally {
      run.cleanup();
    }
  });

  test('a backend that never turns healthy, with staging up: the summary names alpine-test-backend, holds its log lines, and says staging was used', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({ backendEnv: { HEALTH_STATUS: '503', APP_NAME: 'alpine-test-backend' }, backendPorts: ['8000'], auth: false });
    const staging = await startStagingServer();
    t.after(() => staging.close());
    const run = await runAction({
      workspace: ws,
      // Long enough for the app to answer (its 503s are what the summary must show) on a loaded machine.
      inputs: { mode: 'auto', 'startup-timeout': '15', 'staging-backend-url': staging.baseUrl },
      env,
    });
    track(run.main.outputs['project-name'] ?? '');
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'staging');
      const summary = run.main.summary;
      assert.match(summary, /Staging/);
      assert.match(summary, /alpine-test-backend/);
      // The app logs each request it answers: `<name> GET /health -> 503`.
      assert.match(summary, /alpine-test-backend GET \/health -&gt; 503|alpine-test-backend GET \/health -> 503/);
      assert.match(summary, /startup-timeout/);
      assert.ok(Buffer.byteLength(summary) < 1024 * 1024);
      assert.deepEqual(await projectResources(run.main.outputs['project-name']!), nothing);
    } finally {
      run.cleanup();
    }
  });
});
