/**
 * A container job, for real: the action runs in a container (node, the docker CLI and the compose
 * v2 plugin from this machine; the engine's socket mounted; the action and the temp folder at the
 * same paths; its own network), main, a test step and post each through `docker exec`, as the
 * runner does for a workflow's `container:`. The stack's published ports are on the engine's host,
 * not in that container: the action joins the stack's network and hands out URLs by service name
 * and container port, a later step in the container reaches them, and post leaves the network
 * before removing the stack.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAction, type StepResult } from '../harness/runner.js';
import { COMPOSE_V2_DIR, describeEachCompose } from '../support/compose.js';
import { docker, dockerOk, projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { ensureTestImages } from '../support/images.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const nothing = { containers: [], networks: [], volumes: [] };

/** The engine's socket on this machine, to mount into the job container. */
function socketPath(): string {
  const host = process.env.DOCKER_HOST;
  return host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock';
}

/** A job container: node (the test image), the docker CLI and compose v2 from this machine, mounted. */
async function startJobContainer(name: string, network: string | undefined, extraVolumes: string[] = []): Promise<void> {
  // network: a user-defined one, 'host' (act's default), or undefined for Docker's default bridge.
  const image = (await ensureTestImages()).node;
  const docker = (await dockerOk(['version', '--format', '{{.Client.Os}}'])) && '/usr/bin/docker';
  await dockerOk([
    'run',
    '--detach',
    '--name',
    name,
    ...(network ? ['--network', network] : []),
    '--volume',
    `${socketPath()}:/var/run/docker.sock`,
    '--volume',
    `${docker}:/usr/local/bin/docker:ro`,
    '--volume',
    `${COMPOSE_V2_DIR}/cli-plugins:/usr/local/lib/docker/cli-plugins:ro`,
    // The action and every temp folder (workspace, runner files) at the same paths as here.
    '--volume',
    `${REPO_ROOT}:${REPO_ROOT}:ro`,
    '--volume',
    `${os.tmpdir()}:${os.tmpdir()}`,
    ...extraVolumes.flatMap((v) => ['--volume', v]),
    image,
    'node',
    '-e',
    'setInterval(() => {}, 1 << 30)',
  ]);
}

/** GET <url>/health from inside the job container, as a later step of the job: the docker exec result (code 0: HTTP 200). */
function healthFromJob(job: string, url: string) {
  return docker([
    'exec',
    job,
    'node',
    '-e',
    'fetch(process.argv[1] + "/health").then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(2))',
    url,
  ]);
}

/** A job container's name, its own network's and the project's, for one test; both removed after it. */
function jobNames(t: TestContext, variant: string): { job: string; jobNetwork: string; project: string } {
  const tag = `${process.pid}-${variant}`;
  const names = { job: `cos-job-${tag}`, jobNetwork: `cos-jobnet-${tag}`, project: `cos-container-job-${tag}` };
  t.after(async () => {
    await docker(['rm', '--force', names.job]);
    await docker(['network', 'rm', names.jobNetwork]);
  });
  return names;
}

/** Run post: it succeeds, leaves every network it joined and removes the whole project. */
async function postLeavesNothing(run: { runPost: () => Promise<StepResult>; cleanup: () => void }, project: string): Promise<void> {
  const post = await run.runPost();
  assert.equal(post.exitCode, 0, post.stdout + post.stderr);
  assert.doesNotMatch(post.stdout, /could not leave|incomplete|compose down failed/, post.stdout);
  assert.deepEqual(await projectResources(project), nothing, 'post removed the stack, its network included');
  run.cleanup();
}

async function networksOf(container: string): Promise<string[]> {
  const out = await dockerOk(['inspect', '--format', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', container]);
  return out.trim().split(/\s+/).filter(Boolean).sort();
}

describeEachCompose(
  'container job',
  (compose) => {
    const { repo, track, ready } = useDockerRepos(compose);

    for (const variant of [
      { title: 'on a network of its own: URLs by service name', network: true },
      { title: "on Docker's default bridge (no embedded DNS): URLs by the service's address on the stack's network", network: false },
    ]) {
      test(variant.title, async (t) => {
        if (!(await ready(t))) return;
        const names = jobNames(t, variant.network ? 'net' : 'bridge');
        const { job, project } = names;
        const jobNetwork = variant.network ? names.jobNetwork : undefined;
        track(project);
        if (jobNetwork) await dockerOk(['network', 'create', jobNetwork]);
        await startJobContainer(job, jobNetwork);
        const before = await networksOf(job);

        const ws = repo({ backendPorts: ['8000'] });
        const run = await startAction({ workspace: ws, inputs: { mode: 'docker', 'project-name': project }, inContainer: job });
        try {
          assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
          assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
          const backendUrl = new URL(run.main.outputs['backend-url']!);
          assert.equal(backendUrl.port, '8000', 'the container port, not a published one');
          if (variant.network) {
            assert.equal(backendUrl.hostname, 'alpine-test-backend');
            assert.equal(run.main.outputs['websocket-url'], 'ws://alpine-test-backend:8000/ws');
            assert.equal(run.main.outputs['auth-url'], 'http://alpine-test-auth:8081');
          } else assert.match(backendUrl.hostname, /^\d+\.\d+\.\d+\.\d+$/);
          assert.equal(run.main.env.BACKEND_URL, run.main.outputs['backend-url']);
          const ports = JSON.parse(run.main.outputs['service-ports']!) as Record<string, { host: string; ports: Record<string, number> }>;
          assert.equal(ports['alpine-test-backend']?.ports['8000'], 8000);
          if (variant.network) assert.equal(run.main.env.COMPOSE_HOST_ALPINE_TEST_BACKEND, 'alpine-test-backend');

          // The summary and the report say where the step ran and how the URLs were built.
          const location = check(readReport(run.main), 'docker.location');
          assert.equal(location?.status, 'info');
          assert.match(location!.detail, new RegExp(`In container ${job} \\([0-9a-f]{12}\\) of this engine`));
          assert.match(location!.detail, variant.network ? /by its name and container port/ : /at its address on that network/);
          assert.match(run.main.summary, /Where the step runs/);
          assert.match(check(readReport(run.main), 'docker.ports')!.detail, new RegExp(`joined network ${project}_default`));

          // A later step of the job, in the same container, reaches the backend on that URL.
          const health = await healthFromJob(job, run.main.outputs['backend-url']!);
          assert.equal(health.code, 0, `GET ${run.main.outputs['backend-url']}/health from the job container: ${health.stderr}`);
          assert.deepEqual(await networksOf(job), [...before, `${project}_default`].sort());
        } finally {
          await postLeavesNothing(run, project);
          assert.deepEqual(await networksOf(job), before, 'the job container is back on its own networks only');
        }
      });
    }

    test('the workspace at another path than on the host (/__w/…), with relative bind mounts and a secret file: given to the engine as its host has them', async (t) => {
      if (!(await ready(t))) return;
      const { job, jobNetwork, project } = jobNames(t, 'binds');
      // Where the job container has the workspace; this machine has no such folder.
      const inside = `/__w/${project}/app`;
      track(project);
      // Had the paths gone to the engine untranslated, it would have made empty folders there.
      t.after(() => fs.rmSync(`/__w/${project}`, { recursive: true, force: true }));
      const made = repo({
        backendPorts: ['8000'],
        backendExtra: '    volumes:\n      - ./fixtures:/fixtures:ro\n    secrets:\n      - token\n',
      });
      // Outside the temp folder the job container has at the same path: the host's paths of the
      // workspace do not exist in the job container, as in a real container job.
      const ws = fs.mkdtempSync('/var/tmp/cos-binds-ws-');
      t.after(() => fs.rmSync(ws, { recursive: true, force: true }));
      fs.cpSync(made, ws, { recursive: true });
      fs.appendFileSync(path.join(ws, 'docker', 'docker-compose.alpine-test.yml'), 'secrets:\n  token:\n    file: ./docker/token.txt\n');
      fs.mkdirSync(path.join(ws, 'fixtures'));
      fs.writeFileSync(path.join(ws, 'fixtures', 'hello.txt'), 'from the repository');
      fs.writeFileSync(path.join(ws, 'docker', 'token.txt'), 'the secret file');
      await dockerOk(['network', 'create', jobNetwork]);
      await startJobContainer(job, jobNetwork, [`${ws}:${inside}`]);

      const run = await startAction({
        workspace: ws,
        containerWorkspace: inside,
        inputs: { mode: 'docker', 'project-name': project },
        inContainer: job,
      });
      try {
        assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
        assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
        const binds = check(readReport(run.main), 'compose.binds');
        assert.equal(binds?.status, 'info', run.main.stdout);
        assert.match(binds!.detail, new RegExp(`2 paths of container ${job} given to the engine as its host has them`));
        assert.ok(binds!.detail.includes(`${inside}/fixtures → ${ws}/fixtures`), binds!.detail);
        assert.ok(binds!.detail.includes(`secret token: ${inside}/docker/token.txt → ${ws}/docker/token.txt`), binds!.detail);
        assert.match(run.main.summary, /Bind mounts/);

        // The backend has the repository's files, not an empty folder of the engine's host.
        const backend = (
          await dockerOk([
            'ps',
            '--quiet',
            '--filter',
            `label=com.docker.compose.project=${project}`,
            '--filter',
            'label=com.docker.compose.service=alpine-test-backend',
          ])
        ).trim();
        const read = (file: string) =>
          dockerOk(['exec', backend, 'node', '-e', 'process.stdout.write(require("fs").readFileSync(process.argv[1], "utf8"))', file]);
        assert.equal(await read('/fixtures/hello.txt'), 'from the repository');
        assert.equal(await read('/run/secrets/token'), 'the secret file');
        assert.equal(fs.existsSync(inside), false, 'nothing was made at the container-side path on the engine host');
        assert.equal(
          (await docker(['exec', job, 'node', '-e', 'process.exit(require("fs").existsSync(process.argv[1]) ? 0 : 3)', ws])).code,
          3,
          'the job container has no such path',
        );

        // And a test step in the job container still reaches the backend by name.
        const health = await healthFromJob(job, run.main.outputs['backend-url']!);
        assert.equal(health.code, 0, health.stderr);
      } finally {
        await postLeavesNothing(run, project);
      }
    });

    test('url-host (the gateway of the job container’s network): URLs name it with the published ports, no network is joined', async (t) => {
      if (!(await ready(t))) return;
      const { job, jobNetwork, project } = jobNames(t, 'urlhost');
      track(project);
      await dockerOk(['network', 'create', jobNetwork]);
      const gateway = (await dockerOk(['network', 'inspect', jobNetwork, '--format', '{{(index .IPAM.Config 0).Gateway}}'])).trim();
      assert.match(gateway, /^\d+\.\d+\.\d+\.\d+$/);
      await startJobContainer(job, jobNetwork);
      const before = await networksOf(job);
      const ws = repo({ backendPorts: ['8000'] });
      const run = await startAction({
        workspace: ws,
        inputs: { mode: 'docker', 'project-name': project, 'url-host': gateway },
        inContainer: job,
      });
      try {
        assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
        const backendUrl = new URL(run.main.outputs['backend-url']!);
        assert.equal(backendUrl.hostname, gateway);
        assert.notEqual(backendUrl.port, '8000', 'the published port');
        assert.equal(new URL(run.main.outputs['auth-url']!).hostname, gateway);
        const location = check(readReport(run.main), 'docker.location')!;
        assert.match(
          location.detail,
          new RegExp(
            `url-host: every URL names ${gateway.replaceAll('.', '\\.')}, with the ports the engine published \\(the step runs in container ${job} of this engine\\)`,
          ),
        );
        assert.deepEqual(await networksOf(job), before, 'no network joined');
        const health = await healthFromJob(job, run.main.outputs['backend-url']!);
        assert.equal(health.code, 0, `GET ${run.main.outputs['backend-url']}/health from the job container: ${health.stderr}`);
      } finally {
        await postLeavesNothing(run, project);
      }
    });

    test('a backend that crashes: its removal runs on in the job container after the main step’s `docker exec` ended, leaves the network the step joined, and the post step finds nothing left', async (t) => {
      if (!(await ready(t))) return;
      const { job, jobNetwork, project } = jobNames(t, 'crash');
      track(project);
      await dockerOk(['network', 'create', jobNetwork]);
      await startJobContainer(job, jobNetwork);
      const before = await networksOf(job);
      const ws = repo({ backendPorts: ['8000'], backendEnv: { READY_AFTER_MS: '60000', EXIT_AFTER_MS: '3000', EXIT_CODE: '3' } });
      const run = await startAction({
        workspace: ws,
        inputs: { mode: 'docker', 'project-name': project, 'startup-timeout': '120' },
        inContainer: job,
      });
      try {
        assert.equal(run.main.exitCode, 1, run.main.stdout + run.main.stderr);
        assert.match(run.main.outputs.reason ?? '', /alpine-test-backend: exited with code 3/);
        assert.match(check(readReport(run.main), 'docker.teardown')?.detail ?? '', /in the background once this step has ended/);
        const post = await run.runPost();
        assert.equal(post.exitCode, 0, post.stdout + post.stderr);
        assert.match(
          post.log,
          new RegExp(`finished at \\S+, \\d+ ms after it started \\(the post step waited \\d+ ms\\): removed project ${project}`),
        );
        assert.match(post.log, new RegExp(`Nothing of project ${project} is left`));
        assert.deepEqual(await projectResources(project), nothing);
        assert.deepEqual(await networksOf(job), before, 'the job container is back on its own networks only');
      } finally {
        run.cleanup();
      }
    });

    test("sharing the host's network (act's default, --network host): it cannot join the stack's network, and reaches the published ports on localhost", async (t) => {
      if (!(await ready(t))) return;
      const { job, project } = jobNames(t, 'host');
      track(project);
      await startJobContainer(job, 'host');
      const ws = repo({ backendPorts: ['8000'] });
      const run = await startAction({ workspace: ws, inputs: { mode: 'docker', 'project-name': project }, inContainer: job });
      try {
        assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
        assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
        assert.match(run.main.outputs['backend-url']!, /^http:\/\/(?:localhost|127\.0\.0\.1):\d+$/);
        assert.notEqual(new URL(run.main.outputs['backend-url']!).port, '8000', 'the published port');
        const location = check(readReport(run.main), 'docker.location');
        assert.match(location!.detail, /on network mode host: it cannot join the stack's network/);
        assert.doesNotMatch(check(readReport(run.main), 'docker.ports')!.detail, /joined network/);
      } finally {
        await postLeavesNothing(run, project);
      }
    });
  },
  ['v2'],
);
