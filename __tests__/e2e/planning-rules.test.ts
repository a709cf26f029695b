/**
 * Planning rules end to end (issue 23, items 5 and 6), through the bundled action on compose v2
 * and v1: a service compose starts no container for (`deploy.replicas: 0`, `scale: 0`) is not
 * waited for; `backend-port` left at its default follows the one port the backend publishes, or
 * gives no URL when it publishes none; a `dockerfile_inline` builds (v2 only).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Annotation } from '../harness/runner.js';
import { runAction, startAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';

const nothing = { containers: [], networks: [], volumes: [] };
type ServicePorts = Record<string, { host: string; ports: Record<string, number> }>;

describeEachCompose('planning rules', (compose) => {
  const { files, track, env, ready } = useDockerRepos(compose);

  test('a service with deploy.replicas: 0 and one with scale: 0 beside a working one: docker mode, neither awaited, the report says why', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: {{image}}',
        '    ports: ["8000"]',
        '  worker:',
        '    image: {{image}}',
        '    ports: ["8001"]',
        '    deploy:',
        '      replicas: 0',
        '  tool:',
        '    image: {{image}}',
        '    scale: 0',
        '',
      ].join('\n'),
    });
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker' }, env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'docker', run.main.outputs.reason);
      const report = readReport(run.main);
      const services = check(report, 'compose.services')!;
      assert.match(
        services.detail,
        /no container: tool \(scale: 0\), worker \(deploy\.replicas: 0\): compose creates none for them, so they are not awaited/,
      );
      assert.match(run.main.summary, /no container: tool \(scale: 0\), worker \(deploy\.replicas: 0\)/);
      const wait = check(report, 'wait')!;
      assert.equal(wait.status, 'ok');
      // A guard, not a measure: the old wait gave up on worker only at its 40 s.
      assert.ok(wait.durationMs < 30_000, `healthy after ${wait.durationMs} ms`);
      const ports = JSON.parse(run.main.outputs['service-ports'] ?? '') as ServicePorts;
      assert.deepEqual(Object.keys(ports), ['web']);
      assert.equal((await projectResources(project!)).containers.length, 1, 'compose started web alone');
    } finally {
      const post = await run.runPost();
      assert.equal(post.exitCode, 0);
      assert.deepEqual(await projectResources(project!), nothing);
      run.cleanup();
    }
  });

  test('a backend-service named explicitly that is scaled to 0: an error naming the input, before up', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({
      'compose.yaml': ['services:', '  api:', '    image: {{image}}', '    ports: ["8000"]', '    scale: 0', ''].join('\n'),
    });
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'backend-service': 'api' }, env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.exitCode, 1);
      assert.equal(run.main.outputs.mode, 'none');
      assert.match(run.main.outputs.reason ?? '', /Input 'backend-service': api starts no container \(scale: 0\)/);
      const services = check(readReport(run.main), 'compose.services')!;
      assert.equal(services.failure, 'service-not-started');
      assert.deepEqual(services.location, { file: 'compose.yaml', line: 5 }, 'on the scale: 0 line');
      assert.equal(check(readReport(run.main), 'compose.up'), undefined, 'up never ran');
      assert.deepEqual(await projectResources(project!), nothing);
    } finally {
      run.cleanup();
    }
  });
});

describeEachCompose('planning rules: backend-port left at its default', (compose) => {
  const { files, track, env, ready } = useDockerRepos(compose);
  const notices = (annotations: Annotation[]) => annotations.filter((a) => a.level === 'notice').map((a) => a.message);

  test('a backend that publishes only 3000: the backend URL is on its host port, and GET /health answers there', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({
      'compose.yaml': [
        'services:',
        '  alpine-test-backend:',
        '    image: {{image}}',
        '    environment:',
        '      PORT: "3000"',
        '      APP_NAME: port-3000',
        '    ports: ["3000"]',
        '',
      ].join('\n'),
    });
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker' }, env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'docker', run.main.outputs.reason);
      const said = 'backend-port left at its default 8000; alpine-test-backend publishes only 3000/tcp: using 3000';
      assert.ok(notices(run.main.annotations).includes(said), JSON.stringify(run.main.annotations));
      const notice = run.main.annotations.find((a) => a.message === said)!;
      assert.deepEqual([notice.properties.file, notice.properties.line], ['compose.yaml', '7'], 'on the ports line');
      const report = readReport(run.main);
      assert.ok(check(report, 'compose.services')!.detail.includes(said), check(report, 'compose.services')!.detail);
      assert.ok(run.main.summary.includes(said), 'the summary says it');
      const ports = JSON.parse(run.main.outputs['service-ports'] ?? '') as ServicePorts;
      const hostPort = ports['alpine-test-backend']!.ports['3000']!;
      assert.equal(run.main.outputs['backend-port'], String(hostPort), 'backend-port is the host port of 3000/tcp');
      assert.match(check(report, 'docker.ports')!.detail, new RegExp(`^alpine-test-backend 3000/tcp → [^ ]+:${hostPort}$`));
      const url = run.main.outputs['backend-url'] ?? '';
      assert.match(url, new RegExp(`^http://(localhost|127\\.0\\.0\\.1):${hostPort}$`));
      assert.equal(run.main.outputs['websocket-url'], `${url.replace(/^http/, 'ws')}/ws`);
      assert.equal(run.main.env.BACKEND_URL, url);
      // A later step's request.
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { name: string }).name, 'port-3000');
    } finally {
      const post = await run.runPost();
      assert.equal(post.exitCode, 0);
      assert.deepEqual(await projectResources(project!), nothing);
      run.cleanup();
    }
  });

  test('a backend that publishes no port: docker mode with no backend URL, judged on its containers, and a notice says why', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({ 'compose.yaml': ['services:', '  backend:', '    image: {{image}}', ''].join('\n') });
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker' }, env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'docker', run.main.outputs.reason);
      for (const output of ['backend-url', 'websocket-url', 'auth-url', 'backend-port']) assert.equal(run.main.outputs[output], '', output);
      assert.equal(run.main.env.BACKEND_URL, undefined, 'no URL is exported');
      const said =
        'backend-port left at its default 8000; backend publishes no port: no backend URL, the stack is judged on its containers';
      assert.ok(notices(run.main.annotations).includes(said), JSON.stringify(run.main.annotations));
      const report = readReport(run.main);
      assert.ok(check(report, 'compose.services')!.detail.includes(said));
      assert.doesNotMatch(check(report, 'compose.services')!.detail, /no backend service 'backend' in the stack/);
      assert.equal(check(report, 'wait')?.status, 'ok');
      assert.equal(check(report, 'wait.http'), undefined, 'no health probe');
      assert.equal((await projectResources(project!)).containers.length, 1, 'the backend runs');
    } finally {
      const post = await run.runPost();
      assert.equal(post.exitCode, 0);
      assert.deepEqual(await projectResources(project!), nothing);
      run.cleanup();
    }
  });

  test('an explicit backend-port the backend does not publish is still an error naming what it publishes', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({ 'compose.yaml': ['services:', '  backend:', '    image: {{image}}', '    ports: ["3000"]', ''].join('\n') });
    const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'backend-port': '8080' }, env });
    track(run.main.outputs['project-name']);
    try {
      assert.equal(run.main.exitCode, 1);
      assert.match(
        run.main.outputs.reason ?? '',
        /Input 'backend-port': service backend does not publish container port 8080; it publishes \(random\):3000\/tcp/,
      );
      const services = check(readReport(run.main), 'compose.services')!;
      assert.equal(services.failure, 'port-not-published');
      assert.deepEqual(services.data, { input: 'backend-port', service: 'backend', containerPort: 8080 });
    } finally {
      run.cleanup();
    }
  });
});

// Compose v1 knows no dockerfile_inline (its config refuses the key: fixtures config-dockerfile-inline), so v2 only.
describeEachCompose(
  'planning rules: dockerfile_inline',
  (compose) => {
    const { files, track, env, ready } = useDockerRepos(compose);

    test('a backend built from a dockerfile_inline, with no Dockerfile anywhere: it builds, and the stack is usable', async (t) => {
      if (!(await ready(t))) return;
      const ws = files({
        'compose.yaml': [
          'services:',
          '  backend:',
          '    build:',
          '      context: .',
          '      dockerfile_inline: |',
          '        FROM {{image}}',
          '        ENV APP_NAME=inline-backend',
          '    ports: ["8000"]',
          '',
        ].join('\n'),
      });
      const run = await startAction({ workspace: ws, inputs: { mode: 'docker' }, env });
      const project = run.main.outputs['project-name'];
      track(project);
      try {
        assert.equal(run.main.exitCode, 0, run.main.stdout);
        assert.equal(run.main.outputs.mode, 'docker', run.main.outputs.reason);
        assert.equal(check(readReport(run.main), 'compose.project-directory')?.status, 'ok');
        const health = await fetch(`${run.main.outputs['backend-url']}/health`);
        assert.equal(health.status, 200);
        assert.equal(((await health.json()) as { name: string }).name, 'inline-backend', 'the image the inline Dockerfile built');
      } finally {
        const post = await run.runPost();
        assert.equal(post.exitCode, 0);
        assert.deepEqual(await projectResources(project!), nothing);
        run.cleanup();
      }
    });
  },
  ['v2'],
);
