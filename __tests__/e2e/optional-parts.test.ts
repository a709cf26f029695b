/**
 * Optional parts end to end: a stack without a WebSocket endpoint (`websocket-path: ''`), and a
 * stack without a backend (no service called `backend`, every input at its default), on both
 * composes; and staging without a WebSocket check.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runAction, startAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { startStagingServer } from '../support/staging.js';

const nothing = { containers: [], networks: [], volumes: [] };

describeEachCompose('optional parts', (compose) => {
  const { repo, files, track, env, ready } = useDockerRepos(compose);

  test("websocket-path '' with a backend that has no WebSocket: docker mode, no WebSocket URL, the summary says not checked", async (t) => {
    if (!(await ready(t))) return;
    const ws = repo({ backendEnv: { WS_STATUS: '404' }, backendPorts: ['8000'], auth: false });
    const run = await startAction({ workspace: ws, inputs: { mode: 'docker', 'websocket-path': '' }, env });
    track(run.main.outputs['project-name']);
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'docker');
      assert.match(run.main.outputs['backend-url'] ?? '', /^http:\/\/(localhost|127\.0\.0\.1):\d+$/);
      assert.equal(run.main.outputs['websocket-url'], '');
      assert.equal(run.main.env.WEBSOCKET_URL, undefined, 'no WebSocket URL is exported');
      assert.equal(run.main.env.BACKEND_URL, run.main.outputs['backend-url']);
      const report = readReport(run.main);
      assert.deepEqual(
        [check(report, 'wait.websocket')?.status, check(report, 'wait.websocket')?.detail],
        ['skipped', 'not checked: websocket-path is empty'],
      );
      assert.match(run.main.summary, /not checked: websocket-path is empty/);
    } finally {
      await run.runPost();
      run.cleanup();
    }
  });

  test('a stack whose only service is web, every input at its default: docker mode, no backend URL, web in service-ports', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({
      'compose.yaml': ['services:', '  web:', '    image: {{image}}', '    ports: ["8000"]', ''].join('\n'),
    });
    const run = await startAction({ workspace: ws, env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'docker');
      assert.equal(run.main.outputs['backend-url'], '');
      assert.equal(run.main.outputs['websocket-url'], '');
      assert.equal(run.main.outputs['backend-port'], '');
      const ports = JSON.parse(run.main.outputs['service-ports'] ?? '') as Record<string, { host: string; ports: Record<string, number> }>;
      assert.deepEqual(Object.keys(ports), ['web'], 'web is in service-ports');
      const webPort = ports.web!.ports['8000']!;
      assert.ok(webPort > 0);
      assert.deepEqual(run.main.env, {
        TEST_MODE: 'docker',
        USE_STAGING_FALLBACK: 'false',
        COMPOSE_HOST_WEB: ports.web!.host,
        COMPOSE_PORT_WEB_8000: String(webPort),
      });
      assert.equal((await fetch(`http://${ports.web!.host}:${webPort}/health`)).status, 200, 'web answers there');
      const report = readReport(run.main);
      assert.match(
        check(report, 'compose.services')!.detail,
        /no backend service 'backend' in the stack \(fine: backend-service was left at its default/,
      );
      assert.equal(check(report, 'wait')?.status, 'ok');
      assert.equal((await projectResources(project!)).containers.length, 1, 'web runs');
    } finally {
      const post = await run.runPost();
      assert.equal(post.exitCode, 0);
      assert.deepEqual(await projectResources(project!), nothing);
      run.cleanup();
    }
  });

  test('named explicitly, a backend-service the stack lacks is still an error listing the services there are', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({ 'compose.yaml': ['services:', '  web:', '    image: {{image}}', '    ports: ["8000"]', ''].join('\n') });
    const run = await runAction({ workspace: ws, inputs: { 'backend-service': 'api', mode: 'docker' }, env });
    track(run.main.outputs['project-name']);
    try {
      assert.equal(run.main.exitCode, 1);
      assert.match(run.main.outputs.reason ?? '', /'api'.*web/);
      assert.equal(check(readReport(run.main), 'compose.services')?.failure, 'service-missing');
    } finally {
      run.cleanup();
    }
  });
});

describe('optional parts, staging', () => {
  test("websocket-path '' and no staging-websocket-url: staging is usable without a WebSocket, and none is exported", async (t) => {
    const staging = await startStagingServer({ wsStatus: 404 });
    t.after(() => staging.close());
    const run = await runAction({
      inputs: { mode: 'staging', 'websocket-path': '', 'staging-backend-url': staging.baseUrl },
    });
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'staging');
      assert.equal(run.main.outputs['websocket-url'], '');
      assert.equal(run.main.env.WEBSOCKET_URL, undefined);
      assert.equal(run.main.env.STAGING_WEBSOCKET_URL, undefined);
      assert.equal(staging.requests.filter((r) => r.upgrade).length, 0, 'no handshake was attempted');
      const report = readReport(run.main);
      assert.equal(check(report, 'staging.websocket')?.status, 'skipped');
      assert.match(run.main.summary, /not checked: websocket-path is empty and no staging-websocket-url is given/);
    } finally {
      run.cleanup();
    }
  });
});
