/**
 * isolate: true, end to end. On compose v2 (2.24.4 or later) two runs of one stack with fixed
 * container names, fixed host ports and a fixed network name start side by side on one engine,
 * each on its own ports, a service still reaches another by its old container name, and each post
 * removes only its own stack and override file. On compose v1, isolate says it cannot and why, and
 * the stack starts as written.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { startAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { docker, projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { freePort } from '../support/free-port.js';

const nothing = { containers: [], networks: [], volumes: [] };

/**
 * db and backend with fixed names and host ports, on a network with a fixed name; `reach`, a
 * one-shot the backend waits for, must find db by its container name within a minute.
 */
function fixedStack(tag: string, dbPort: number, backendPort: number): string {
  const db = `cos-iso-db-${tag}`;
  const reach = `const u = 'http://${db}:5432/health'; const end = Date.now() + 60000;
(async () => { for (;;) { try { if ((await fetch(u)).ok) process.exit(0); } catch {} if (Date.now() > end) process.exit(1); await new Promise((r) => setTimeout(r, 300)); } })();`;
  return [
    'services:',
    '  db:',
    '    image: {{image}}',
    `    container_name: ${db}`,
    '    environment: { PORT: "5432", APP_NAME: db }',
    `    ports: ["\${DB_PORT:-${dbPort}}:5432"]`,
    '  reach:',
    '    image: {{image}}',
    `    command: ["/usr/bin/node", "-e", ${JSON.stringify(reach)}]`,
    '    depends_on: [db]',
    '  backend:',
    '    image: {{image}}',
    `    container_name: cos-iso-backend-${tag}`,
    '    environment: { PORT: "8000" }',
    `    ports: ["127.0.0.1:\${BACKEND_PORT:-${backendPort}}:8000"]`,
    '    depends_on:',
    '      reach: { condition: service_completed_successfully }',
    'networks:',
    '  default:',
    `    name: cos-iso-net-${tag}`,
    '',
  ].join('\n');
}

type ServicePorts = Record<string, { host: string; ports: Record<string, number> }>;

describeEachCompose('isolate', (compose) => {
  const { files, track, env, ready } = useDockerRepos(compose);

  if (compose.name === 'v2') {
    test('two runs at once of a stack with fixed names, ports and network: both reach docker mode on their own ports; each post removes only its own stack', async (t) => {
      if (!(await ready(t))) return;
      const [dbPort, backendPort] = [await freePort(), await freePort()];
      const tag = `${compose.name}-${process.pid}`;
      const stack = fixedStack(tag, dbPort, backendPort);
      const inputs = { mode: 'docker', isolate: 'true', 'websocket-path': '' };
      const runs = await Promise.all([
        startAction({ workspace: files({ 'docker-compose.yml': stack }), inputs, env }),
        startAction({ workspace: files({ 'docker-compose.yml': stack }), inputs, env }),
      ]);
      const projects = runs.map((r) => r.main.outputs['project-name'] as string);
      track(...projects);
      try {
        for (const r of runs) assert.equal(r.main.outputs.mode, 'docker', r.main.stdout);
        const ports = runs.map((r) => JSON.parse(r.main.outputs['service-ports'] ?? '') as ServicePorts);
        const backends = runs.map((r) => Number(r.main.outputs['backend-port']));
        const dbs = ports.map((p) => p.db!.ports['5432']!);
        assert.notEqual(backends[0], backends[1]);
        assert.notEqual(dbs[0], dbs[1]);
        for (const p of [...backends, ...dbs])
          assert.ok(p > 0 && p !== dbPort && p !== backendPort, `${p} is a random port, not a fixed one`);
        for (const [i, r] of runs.entries()) {
          assert.equal(r.main.env.COMPOSE_PORT_DB_5432, String(dbs[i]), 'the variables carry the real ports');
          assert.equal(r.main.outputs['backend-url'], `http://127.0.0.1:${backends[i]}`);
          assert.equal((await fetch(`${r.main.outputs['backend-url']}/health`)).status, 200);
          const iso = check(readReport(r.main), 'compose.isolate')!;
          assert.equal(iso.status, 'ok');
          assert.match(
            iso.detail,
            new RegExp(
              `container_name reset for backend \\(cos-iso-backend-${tag}, kept as an alias\\), db \\(cos-iso-db-${tag}, kept as an alias\\)`,
            ),
          );
          assert.match(iso.detail, new RegExp(`fixed network names reset: default \\(cos-iso-net-${tag}\\)`));
          assert.ok(fs.existsSync((iso.data as { file: string }).file), 'the override file stays until the post step');
          assert.equal(r.main.outputs['compose-files'], 'docker-compose.yml', 'the override file is the action’s, not an output');
        }
        // Each stack on its own network, named after its project; no container under the fixed names.
        const names = await docker(['ps', '-a', '--filter', `name=cos-iso-`, '--format', '{{.Names}}']);
        assert.doesNotMatch(names.stdout, new RegExp(`cos-iso-(db|backend)-${tag}\\b`));
        for (const p of projects) assert.deepEqual((await projectResources(p)).networks, [`${p}_default`]);

        const first = await runs[0]!.runPost();
        assert.equal(first.exitCode, 0, first.stdout);
        assert.deepEqual(await projectResources(projects[0]!), nothing);
        assert.equal(fs.existsSync((check(readReport(runs[0]!.main), 'compose.isolate')!.data as { file: string }).file), false);
        assert.equal((await projectResources(projects[1]!)).containers.length, 3, 'the other stack is untouched');
        assert.equal((await fetch(`${runs[1]!.main.outputs['backend-url']}/health`)).status, 200);
      } finally {
        for (const r of runs) {
          await r.runPost();
          r.cleanup();
        }
      }
      for (const p of projects) assert.deepEqual(await projectResources(p), nothing);
    });
  } else {
    test('isolate: true on a compose older than 2.24.4 says it cannot and why; the stack starts as written', async (t) => {
      if (!(await ready(t))) return;
      const [dbPort, backendPort] = [await freePort(), await freePort()];
      const tag = `${compose.name}-${process.pid}`;
      const run = await startAction({
        workspace: files({ 'docker-compose.yml': fixedStack(tag, dbPort, backendPort) }),
        inputs: { mode: 'docker', isolate: 'true', 'websocket-path': '' },
        env,
      });
      const project = run.main.outputs['project-name'];
      track(project);
      try {
        assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
        assert.equal(run.main.outputs['backend-port'], String(backendPort), 'the fixed port, as written');
        const iso = check(readReport(run.main), 'compose.isolate')!;
        assert.equal(iso.status, 'info');
        assert.match(iso.detail, /needs compose 2\.24\.4 or later .*this is compose 1\.29/);
        assert.match(
          iso.detail,
          new RegExp(`container names cos-iso-backend-${tag}, cos-iso-db-${tag}; host ports ${backendPort}, ${dbPort}`),
        );
        const warning = run.main.annotations.find((a) => a.level === 'warning' && /isolate/.test(a.properties.title ?? ''));
        assert.equal(warning?.properties.title, 'isolate: true needs compose 2.24.4 or later');
        const names = await docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}']);
        assert.match(names.stdout, new RegExp(`cos-iso-db-${tag}`), 'the container name as written');
      } finally {
        const post = await run.runPost();
        assert.equal(post.exitCode, 0);
        run.cleanup();
      }
      assert.deepEqual(await projectResources(project!), nothing);
    });
  }
});
