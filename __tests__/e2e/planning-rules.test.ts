/**
 * Planning rules end to end (issue 23, items 5 and 6), through the bundled action on compose v2
 * and v1: a service compose starts no container for (`deploy.replicas: 0`, `scale: 0`) is not
 * waited for.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
      assert.equal(check(readReport(run.main), 'compose.up'), undefined, 'up never ran');
      assert.deepEqual(await projectResources(project!), nothing);
    } finally {
      run.cleanup();
    }
  });
});
