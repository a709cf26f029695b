/**
 * The Docker path end to end: the bundled action through the runner harness, against a real
 * Docker engine, on repositories laid out the way real teams lay them out.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runAction, startAction } from '../harness/runner.js';
import { composesUnderTest, describeEachCompose } from '../support/compose.js';
import { builtWith, projectResources, requireDocker } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { holdPorts } from '../support/fixed-ports.js';
import { startStagingServer } from '../support/staging.js';

const COMPOSE_FILE = 'docker/docker-compose.alpine-test.yml';
/** The 1-based line of the workspace's compose file that is exactly `text`. */
const lineOf = (workspace: string, text: string): number => {
  const line = fs.readFileSync(path.join(workspace, COMPOSE_FILE), 'utf8').split('\n').indexOf(text) + 1;
  assert.ok(line > 0, `no line ${JSON.stringify(text)}`);
  return line;
};

describeEachCompose('docker path', (compose) => {
  const { repo, track, env, ready } = useDockerRepos(compose);

  test('compose in docker/, context relative to the root, prefixed names, ${BACKEND_PORT:-8002}: docker mode on 8002, and post removes everything', async (t) => {
    if (!(await ready(t))) return;
    await holdPorts(t, [8002]); // the compose file's own port: other files publish it too
    const ws = repo({ backendEnv: { READY_AFTER_MS: '800' } });
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker' }, env, traceLeftovers: true });
    const { main } = run;
    track(main.outputs['project-name'] ?? '');
    try {
      assert.equal(main.exitCode, 0, main.stdout);
      assert.deepEqual(main.leftovers, [], 'nothing holds the step open once it is done (no timer, socket or process)');
      assert.equal(main.outputs.mode, 'docker');
      assert.equal(main.outputs['docker-available'], 'true');
      assert.equal(main.outputs['backend-url'], 'http://localhost:8002');
      assert.equal(main.outputs['websocket-url'], 'ws://localhost:8002/ws');
      assert.equal(main.outputs['backend-port'], '8002');
      // A random host port may differ between the IPv4 and IPv6 bindings; then 127.0.0.1 is named on purpose.
      assert.match(main.outputs['auth-url'] ?? '', /^http:\/\/(localhost|127\.0\.0\.1):\d+$/);
      assert.equal(main.outputs['compose-files'], 'docker/docker-compose.alpine-test.yml');
      assert.equal(main.outputs['project-directory'], '.');
      assert.match(main.outputs['project-name'] ?? '', /^cos-widgets-\d+-1-integration-tests-[a-z0-9]{4}$/);
      assert.deepEqual(
        {
          TEST_MODE: main.env.TEST_MODE,
          USE_STAGING_FALLBACK: main.env.USE_STAGING_FALLBACK,
          BACKEND_URL: main.env.BACKEND_URL,
          DOCKER_BACKEND_PORT: main.env.DOCKER_BACKEND_PORT,
        },
        { TEST_MODE: 'docker', USE_STAGING_FALLBACK: 'false', BACKEND_URL: 'http://localhost:8002', DOCKER_BACKEND_PORT: '8002' },
      );
      // Every started service's ports, for the tests that need more than the backend.
      const ports = JSON.parse(main.outputs['service-ports'] ?? '') as Record<string, { host: string; ports: Record<string, number> }>;
      assert.deepEqual(Object.keys(ports).sort(), ['alpine-test-auth', 'alpine-test-backend']);
      assert.deepEqual(ports['alpine-test-backend'], { host: 'localhost', ports: { '8000': 8002 } });
      assert.equal(main.env.COMPOSE_PORT_ALPINE_TEST_BACKEND_8000, '8002');
      assert.equal(main.env.COMPOSE_HOST_ALPINE_TEST_BACKEND, 'localhost');
      assert.equal(`http://${ports['alpine-test-auth']!.host}:${ports['alpine-test-auth']!.ports['8081']}`, main.outputs['auth-url']);
      assert.equal(main.env.COMPOSE_PORT_ALPINE_TEST_AUTH_8081, String(ports['alpine-test-auth']!.ports['8081']));
      const report = readReport(main);
      assert.match(check(report, 'compose.services')!.detail, /backend → alpine-test-backend \(via alias\)/);
      assert.match(
        check(report, 'compose.project-directory')!.detail,
        /^\.: every build context and Dockerfile exists from here \(not from docker\)/,
      );

      // As on GitHub's runners, v2 builds through buildx (BuildKit); v1 with the classic builder.
      assert.equal(await builtWith(main.outputs['project-name']!, 'alpine-test-backend'), compose.name === 'v2' ? 'buildkit' : 'classic');

      // The backend really answers, on the URL the action gave.
      const health = await fetch(`${main.outputs['backend-url']}/health`);
      assert.equal(health.status, 200);
      assert.match(await health.text(), /alpine-test-backend/);
      const auth = await fetch(`${main.outputs['auth-url']}/health`);
      assert.equal(auth.status, 200);
    } finally {
      const post = await run.runPost();
      assert.equal(post.exitCode, 0, post.stdout);
      assert.deepEqual(post.leftovers, []);
      assert.deepEqual(await projectResources(main.outputs['project-name']!), { containers: [], networks: [], volumes: [] });
      run.cleanup();
    }
  });

  test('a missing Dockerfile fails the Docker path before up, naming the file and its nearest match', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({ dockerfile: 'docker/backend.alpine.Dockerfile', dockerfileAt: 'dockerfiles/backend.alpine.Dockerfile' });
    const run = await runAction({
      workspace: ws,
      inputs: { mode: 'docker', 'project-name': `cos-missing-${compose.name}-${process.pid}` },
      env,
    });
    track(`cos-missing-${compose.name}-${process.pid}`);
    try {
      assert.equal(run.main.exitCode, 1);
      assert.match(
        run.main.outputs.reason ?? '',
        /Dockerfile docker\/backend\.alpine\.Dockerfile is missing; dockerfiles\/backend\.alpine\.Dockerfile exists/,
      );
      const report = readReport(run.main);
      assert.equal(check(report, 'compose.up'), undefined, 'up never ran');
      assert.deepEqual(await projectResources(`cos-missing-${compose.name}-${process.pid}`), { containers: [], networks: [], volumes: [] });
    } finally {
      run.cleanup();
    }
  });

  test('a missing Dockerfile of a service whose image is already here: docker mode with build false, with a warning on its line; an error with build true', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({
      dockerfile: 'docker/backend.alpine.Dockerfile',
      dockerfileAt: 'dockerfiles/backend.alpine.Dockerfile',
      backendPorts: ['8000'],
      auth: false,
      backendExtra: '    image: {{image}}\n',
    });
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker' }, env });
    track(run.main.outputs['project-name']);
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'docker');
      const paths = check(readReport(run.main), 'compose.build-paths')!;
      assert.equal(paths.status, 'info');
      assert.match(
        paths.detail,
        /Dockerfile .*backend\.alpine\.Dockerfile is missing.*not needed now, as alpine-test-backend's image .* is already on the engine and build is false/,
      );
      const line = lineOf(ws, '      dockerfile: docker/backend.alpine.Dockerfile');
      const warning = run.main.annotations.find((a) => a.level === 'warning' && a.properties.file === COMPOSE_FILE);
      assert.equal(warning?.properties.line, String(line), 'a warning on the dockerfile line');
      assert.equal(run.main.annotations.filter((a) => a.level === 'error').length, 0);
    } finally {
      await run.runPost();
      run.cleanup();
    }
    const built = await runAction({ workspace: ws, inputs: { mode: 'docker', build: 'true' }, env });
    track(built.main.outputs['project-name']);
    try {
      assert.equal(built.main.exitCode, 1);
      assert.equal(check(readReport(built.main), 'compose.project-directory')?.failure, 'dockerfile-missing', 'a build needs it');
    } finally {
      built.cleanup();
    }
  });

  test('a backend whose container exits: the wait ends within seconds of the exit, not at the timeout', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({ backendEnv: { READY_AFTER_MS: '60000', EXIT_AFTER_MS: '1500', EXIT_CODE: '3' }, backendPorts: ['8000'] });
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'startup-timeout': '120' }, env });
    track(run.main.outputs['project-name'] ?? '');
    try {
      assert.equal(run.main.exitCode, 1);
      assert.match(run.main.outputs.reason ?? '', /alpine-test-backend: exited with code 3/);
      const wait = check(readReport(run.main), 'wait')!;
      // About 3 s here (build, up, the 1.5 s until the exit); the guard only tells it from the 120 s timeout.
      assert.ok(wait.durationMs < 60_000, `wait took ${wait.durationMs} ms for a container that exited after 1.5 s (timeout 120 s)`);
      const failure = readReport(run.main).serviceFailures.find((f) => f.service === 'alpine-test-backend');
      assert.equal(failure?.state, 'exited with code 3');
      assert.ok(
        failure?.logTail.some((l) => l.includes('alpine-test-backend')),
        JSON.stringify(failure?.logTail),
      );
      // Removed by the process the main step left it to; the post step waited for it and looked by label.
      assert.equal(check(readReport(run.main), 'docker.teardown')?.status, 'info');
      assert.deepEqual(await projectResources(run.main.outputs['project-name']!), { containers: [], networks: [], volumes: [] });
      assert.match(run.post?.log ?? '', /The removal the main step started at .* finished at /);
      assert.match(run.post?.log ?? '', /Nothing of project \S+ is left/);
    } finally {
      run.cleanup();
    }
  });

  test('health 404 or a WebSocket rejected with 404 on a running backend: the wait ends after 10 s of it, not at startup-timeout', async (t) => {
    if (!(await ready(t))) return;
    const inputs = { mode: 'docker', 'startup-timeout': '120' };
    const [health, ws] = await Promise.all([
      runAction({ workspace: repo({ backendEnv: { HEALTH_STATUS: '404' }, backendPorts: ['8000'], auth: false }), inputs, env }),
      runAction({ workspace: repo({ backendEnv: { WS_STATUS: '404' }, backendPorts: ['8000'], auth: false }), inputs, env }),
    ]);
    track(health.main.outputs['project-name'], ws.main.outputs['project-name']);
    try {
      for (const [run, says, failure, input] of [
        [health, /alpine-test-backend: \/health answered HTTP 404 for 10 s/, 'health-status', 'health-path'],
        [ws, /alpine-test-backend: WebSocket \/ws was rejected with HTTP 404 for 10 s/, 'ws-rejected', 'websocket-path'],
      ] as const) {
        assert.equal(run.main.exitCode, 1, run.main.stdout);
        assert.match(run.main.outputs.reason ?? '', says);
        assert.match(run.main.outputs.reason ?? '', /^.*the stack failed while starting/);
        const wait = check(readReport(run.main), 'wait')!;
        assert.equal(wait.failure, failure);
        // Expected ~10 s; the generous guard only tells it apart from the 120 s startup-timeout.
        assert.ok(wait.durationMs < 100_000, `wait took ${wait.durationMs} ms`);
        assert.match(run.main.summary, new RegExp(`<code>${input}</code>`), 'the hint names the input to check');
        assert.deepEqual(await projectResources(run.main.outputs['project-name']!), { containers: [], networks: [], volumes: [] });
      }
    } finally {
      health.cleanup();
      ws.cleanup();
    }
  });

  test('a backend that never turns healthy: the wait ends at startup-timeout and the stack is removed', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({ backendEnv: { HEALTH_STATUS: '503' }, backendPorts: ['8000'], auth: false });
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'startup-timeout': '15' }, env, traceLeftovers: true });
    track(run.main.outputs['project-name'] ?? '');
    try {
      assert.equal(run.main.exitCode, 1);
      assert.deepEqual(run.main.leftovers, [], 'a failed wait leaves no probe, timer or process behind');
      assert.match(
        run.main.outputs.reason ?? '',
        /not healthy within startup-timeout \(15 s\): alpine-test-backend: \/health answered HTTP 503( for \d+ s)?/,
      );
      const wait = check(readReport(run.main), 'wait')!;
      // It ends at the 15 s timeout (the wait includes up); the guard only catches a hang.
      assert.ok(wait.durationMs < 15_000 + 25_000, `wait ${wait.durationMs} ms`);
      assert.deepEqual(await projectResources(run.main.outputs['project-name']!), { containers: [], networks: [], volumes: [] });
    } finally {
      run.cleanup();
    }
  });

  test('two runs at once on one engine with random host ports: both reach docker mode with their own URLs', async (t) => {
    if (!(await ready(t))) return;
    const a = repo({ backendPorts: ['8000'] });
    const b = repo({ backendPorts: ['8000'] });
    const [ra, rb] = await Promise.all([
      startAction({ workspace: a, inputs: { mode: 'docker' }, env }),
      startAction({ workspace: b, inputs: { mode: 'docker' }, env }),
    ]);
    track(ra.main.outputs['project-name'] ?? '', rb.main.outputs['project-name'] ?? '');
    try {
      assert.equal(ra.main.outputs.mode, 'docker', ra.main.stdout);
      assert.equal(rb.main.outputs.mode, 'docker', rb.main.stdout);
      assert.notEqual(ra.main.outputs['project-name'], rb.main.outputs['project-name']);
      assert.notEqual(ra.main.outputs['backend-url'], rb.main.outputs['backend-url']);
      for (const r of [ra, rb]) assert.equal((await fetch(`${r.main.outputs['backend-url']}/health`)).status, 200);
    } finally {
      await Promise.all([ra.runPost(), rb.runPost()]);
      ra.cleanup();
      rb.cleanup();
    }
  });

  test('with a fixed host port taken by another run, the second reports that the port is already allocated', async (t) => {
    if (!(await ready(t))) return;
    const fixed = { ...env, BACKEND_PORT: '18002' };
    const first = await startAction({ workspace: repo({ auth: false }), inputs: { mode: 'docker' }, env: fixed });
    track(first.main.outputs['project-name'] ?? '');
    try {
      assert.equal(first.main.outputs.mode, 'docker', first.main.stdout);
      assert.equal(first.main.outputs['backend-port'], '18002');
      const second = await runAction({ workspace: repo({ auth: false }), inputs: { mode: 'docker' }, env: fixed });
      track(second.main.outputs['project-name'] ?? '');
      try {
        assert.equal(second.main.exitCode, 1);
        assert.match(second.main.outputs.reason ?? '', /port is already allocated/);
        // Named as such: the port, the service that asks for it, the variable that sets it, on its line.
        const up = check(readReport(second.main), 'compose.up')!;
        const line = lineOf(second.workspace, '      - "${BACKEND_PORT:-8002}:8000"');
        assert.equal(up.failure, 'port-allocated');
        assert.deepEqual(up.location, { file: COMPOSE_FILE, line });
        assert.deepEqual(up.data, {
          kind: 'port-allocated',
          port: 18002,
          service: 'alpine-test-backend',
          written: '${BACKEND_PORT:-8002}:8000',
          variable: 'BACKEND_PORT',
        });
        const annotation = second.main.annotations.find((a) => a.level === 'error' && a.properties.file === COMPOSE_FILE);
        assert.equal(annotation?.properties.line, String(line));
        assert.match(annotation?.message ?? '', /set BACKEND_PORT to a free port/);
        assert.deepEqual(await projectResources(second.main.outputs['project-name']!), { containers: [], networks: [], volumes: [] });
      } finally {
        second.cleanup();
      }
      assert.equal((await fetch('http://localhost:18002/health')).status, 200, 'the first stack is untouched');
    } finally {
      await first.runPost();
      first.cleanup();
    }
  });

  test('with a fixed container_name held by another run, the second names it, on its line; the first is untouched', async (t) => {
    if (!(await ready(t))) return;
    const name = `cos-fixed-${compose.name}-${process.pid}`;
    const backendExtra = `    container_name: ${name}\n`;
    const first = await startAction({
      workspace: repo({ auth: false, backendPorts: ['8000'], backendExtra }),
      inputs: { mode: 'docker' },
      env,
    });
    track(first.main.outputs['project-name']);
    try {
      assert.equal(first.main.outputs.mode, 'docker', first.main.stdout);
      const second = await runAction({
        workspace: repo({ auth: false, backendPorts: ['8000'], backendExtra }),
        inputs: { mode: 'docker' },
        env,
      });
      track(second.main.outputs['project-name']);
      try {
        assert.equal(second.main.exitCode, 1);
        assert.match(second.main.outputs.reason ?? '', new RegExp(`the container name ${name} is already in use`));
        const up = check(readReport(second.main), 'compose.up')!;
        assert.equal(up.failure, 'container-name-conflict');
        assert.deepEqual(up.location, { file: COMPOSE_FILE, line: lineOf(second.workspace, `    container_name: ${name}`) });
        const annotation = second.main.annotations.find((a) => a.level === 'error' && a.properties.file === COMPOSE_FILE);
        assert.match(annotation?.message ?? '', /container_name/);
        assert.deepEqual(await projectResources(second.main.outputs['project-name']!), { containers: [], networks: [], volumes: [] });
      } finally {
        second.cleanup();
      }
      assert.equal((await fetch(`${first.main.outputs['backend-url']}/health`)).status, 200, 'the first stack is untouched');
    } finally {
      await first.runPost();
      first.cleanup();
    }
  });
  test('readiness is noticed promptly even when the healthcheck interval is 60 s; post is safe to run twice', async (t) => {
    if (!(await ready(t))) return;
    const healthcheck = `    healthcheck:
      test: ["CMD", "/usr/bin/node", "-e", "fetch('http://127.0.0.1:8000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
      interval: 60s
      start_period: 60s
`;
    const ws = repo({ backendEnv: { READY_AFTER_MS: '1000' }, backendPorts: ['8000'], auth: false, backendExtra: healthcheck });
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker' }, env });
    track(run.main.outputs['project-name'] ?? '');
    try {
      assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
      const wait = check(readReport(run.main), 'wait')!;
      // Expected 1-2 s; the guard only tells it apart from Docker's 60 s tick.
      assert.ok(wait.durationMs < 40_000, `healthy after ${wait.durationMs} ms, not at Docker's 60 s tick`);
    } finally {
      const first = await run.runPost();
      const second = await run.runPost();
      assert.equal(first.exitCode, 0);
      assert.equal(second.exitCode, 0, 'a second teardown does not fail');
      assert.equal(second.annotations.filter((a) => a.level === 'warning').length, 0, second.stdout);
      assert.deepEqual(await projectResources(run.main.outputs['project-name']!), { containers: [], networks: [], volumes: [] });
      run.cleanup();
    }
  });

  test('a restart-looping backend fails the wait at once', async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({
      backendEnv: { READY_AFTER_MS: '60000', EXIT_AFTER_MS: '300', EXIT_CODE: '1' },
      backendPorts: ['8000'],
      auth: false,
      restart: 'always',
    });
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'startup-timeout': '120' }, env });
    track(run.main.outputs['project-name'] ?? '');
    try {
      assert.equal(run.main.exitCode, 1);
      assert.match(run.main.outputs.reason ?? '', /alpine-test-backend: restart loop/);
      // About 3 s here (build, up, two restarts); the guard only tells it from the 120 s timeout.
      const waited = check(readReport(run.main), 'wait')!.durationMs;
      assert.ok(waited < 60_000, `wait took ${waited} ms for a restart loop (timeout 120 s)`);
    } finally {
      run.cleanup();
    }
  });
  test('pull never: a local image is used and a missing one fails naming it; pull always: the pull that fails is reported, naming its service', async (t) => {
    if (!(await ready(t))) return;
    const local = await runAction({ workspace: repo({ backendPorts: ['8000'] }), inputs: { mode: 'docker', pull: 'never' }, env });
    track(local.main.outputs['project-name']);
    const missingImage = 'cos-test/not-here:1';
    const never = await runAction({
      workspace: repo({ backendPorts: ['8000'], authImage: missingImage }),
      inputs: { mode: 'docker', pull: 'never' },
      env,
    });
    track(never.main.outputs['project-name']);
    // No registry is reachable here, and the test image exists only locally: an explicit pull fails.
    const always = await runAction({ workspace: repo({ backendPorts: ['8000'] }), inputs: { mode: 'docker', pull: 'always' }, env });
    track(always.main.outputs['project-name']);
    const argv = (r: typeof never): string[][] =>
      [...r.main.stdout.matchAll(/::debug::exec: (\[[^\n]*\])/g)].map((m) => JSON.parse(m[1]!) as string[]);
    const ups = (r: typeof never) => argv(r).filter((a) => a.includes('up'));
    try {
      assert.equal(local.main.exitCode, 0, local.main.stdout);
      assert.equal(local.main.outputs.mode, 'docker');

      assert.equal(never.main.exitCode, 1);
      const up = check(readReport(never.main), 'compose.up')!;
      assert.equal(up.failure, 'image-missing');
      assert.deepEqual(
        await projectResources(never.main.outputs['project-name']!),
        { containers: [], networks: [], volumes: [] },
        'nothing is left',
      );
      assert.equal(always.main.exitCode, 1);
      const pulled = check(readReport(always.main), 'compose.up')!;
      assert.equal(pulled.failure, 'image-missing', pulled.detail);
      assert.match(pulled.detail, /alpine-test-auth/, 'the service whose image could not be pulled is named');

      if (compose.name === 'v1') {
        // v1 has no up --pull: never is an image check before up, always a pull before up.
        assert.equal(up.detail, `pull is 'never' and these images are not on the engine: ${missingImage}`);
        assert.deepEqual(ups(never), [], 'up never ran');
        assert.ok(
          argv(always).some((a) => a[0] === 'docker-compose' && a.at(-1) === 'pull'),
          'a pull runs before up',
        );
        assert.ok(ups(always).every((a) => !a.includes('--pull')));
      } else {
        // v2 takes up --pull; the failure is compose's own words, naming the image.
        assert.match(up.detail, new RegExp(`[Nn]o such image: ${missingImage}`));
        assert.deepEqual(
          ups(never).map((a) => a.slice(a.indexOf('up'))),
          [['up', '--detach', '--pull', 'never']],
        );
        assert.deepEqual(
          ups(always).map((a) => a.slice(a.indexOf('up'))),
          [['up', '--detach', '--pull', 'always']],
        );
        assert.ok(
          argv(always).every((a) => a.at(-1) !== 'pull'),
          'no separate pull',
        );
      }
    } finally {
      for (const r of [local, never, always]) r.cleanup();
    }
  });

  test('services behind an inactive profile are neither built, started nor awaited; naming one says which profile to activate', async (t) => {
    if (!(await ready(t))) return;
    const extraServices = [
      '  tool:',
      '    image: {{image}}',
      '    profiles: [debug]',
      '  backend-debugger:',
      '    image: {{image}}',
      '    ports: ["8000"]',
      '    profiles: [debug]',
      '',
    ].join('\n');
    const ws = repo({ backendPorts: ['8000'], auth: false, extraServices });
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'startup-timeout': '60' }, env, post: false });
    const project = run.main.outputs['project-name'] ?? '';
    track(project);
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'docker');
      assert.match(
        check(readReport(run.main), 'compose.services')!.detail,
        /; not started: backend-debugger \(profile debug\), tool \(profile debug\), as COMPOSE_PROFILES is not set$/,
      );
      assert.equal(check(readReport(run.main), 'compose.fast-lane'), undefined, 'the early start agreed with compose config: no second up');
      const services = execFileSync(
        'docker',
        ['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Label "com.docker.compose.service"}}'],
        {
          encoding: 'utf8',
        },
      );
      assert.deepEqual(services.split('\n').filter(Boolean), ['alpine-test-backend']);
    } finally {
      run.cleanup();
    }

    const named = await runAction({ workspace: ws, inputs: { mode: 'docker', 'backend-service': 'backend-debugger' }, env, post: false });
    track(named.main.outputs['project-name']);
    try {
      assert.equal(named.main.exitCode, 1);
      assert.match(
        named.main.outputs.reason ?? '',
        /Input 'backend-service': backend-debugger is only in profile debug, and COMPOSE_PROFILES is not set\. Set COMPOSE_PROFILES=debug/,
      );
      assert.deepEqual(await projectResources(named.main.outputs['project-name']!), { containers: [], networks: [], volumes: [] });
    } finally {
      named.cleanup();
    }
  });
});

describe('docker path, without a usable Docker', () => {
  const { repo } = useDockerRepos(composesUnderTest()[0]!);

  test('daemon unreachable (DOCKER_HOST at a dead socket): reported unavailable at once (no time-out), and mode docker never touches staging', async () => {
    const staging = await startStagingServer();
    try {
      const ws = repo({});
      const run = await runAction({
        workspace: ws,
        inputs: { mode: 'docker', 'staging-backend-url': staging.baseUrl },
        env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      });
      try {
        assert.equal(run.main.exitCode, 1, 'mode docker with no Docker fails the step');
        assert.equal(run.main.outputs.mode, 'none');
        assert.equal(run.main.outputs['docker-available'], 'false');
        assert.match(run.main.outputs.reason ?? '', /daemon is not running or not reachable.*nonexistent\/docker\.sock/);
        const availability = check(readReport(run.main), 'docker.availability')!;
        assert.equal(availability.status, 'failed');
        // A dead socket answers at once (well under a second; how fast belongs to npm run bench):
        // the generous guard only tells it apart from the 8 s time-out a hung daemon would take.
        assert.ok(availability.durationMs < 8000, `known in ${availability.durationMs} ms`);
        const error = run.main.annotations.find((a) => a.level === 'error');
        assert.match(error?.message ?? '', /mode docker: no staging fallback/);
        assert.equal(staging.connections, 0, 'mode docker opens no connection to staging');
        assert.equal(run.post?.exitCode, 0);
      } finally {
        run.cleanup();
      }
    } finally {
      await staging.close();
    }
  });

  test('a daemon that answers with no compose installed: docker-available is true, and the reason says compose is missing', async (t) => {
    if (!(await requireDocker(t))) return;
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bin-'));
    const dockerCli = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim();
    fs.symlinkSync(dockerCli, path.join(bin, 'docker'));
    const run = await runAction({
      workspace: repo({}),
      inputs: { mode: 'docker' },
      env: { PATH: bin, DOCKER_CONFIG: bin }, // only the docker CLI: no plugin, no docker-compose
    });
    try {
      assert.equal(run.main.exitCode, 1);
      assert.equal(run.main.outputs['docker-available'], 'true', 'a daemon answered');
      assert.match(run.main.outputs.reason ?? '', /neither 'docker compose' \(plugin\) nor 'docker-compose' is installed/);
    } finally {
      run.cleanup();
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
