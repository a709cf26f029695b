/**
 * Remote engines, for real, on compose v2: this machine's engine reached the way a remote one is,
 * over `ssh://` (a private sshd on loopback, sshd's stock connection limits, a key made here), over
 * `tcp://` with mutual TLS (a socat proxy on 127.0.0.2 with certificates made here), and through a
 * Docker context holding that TLS endpoint. The action runs main and post as the runner does: URLs
 * name the engine's host, a later step reaches them, the summary says where the engine is, the
 * certificate and key paths appear nowhere, and post removes the stack through the same engine.
 * A key or a certificate the engine refuses is its own failure kind, with the fix.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { startAction, type StepResult } from '../harness/runner.js';
import { COMPOSE_V2_DIR, describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { missingTools, startSshEngine, startTlsEngine, type SshEngine, type TlsEngine } from '../support/remote-engine.js';
import { until } from '../support/time.js';
import { tempDir } from '../support/temp.js';

const nothing = { containers: [], networks: [], volumes: [] };

/** Everything a person or a later step could read of a run. */
const everything = (s: StepResult): string =>
  [
    s.stdout,
    s.stderr,
    s.summary,
    JSON.stringify(s.outputs),
    JSON.stringify(s.env),
    s.outputs.report && fs.existsSync(s.outputs.report) ? fs.readFileSync(s.outputs.report, 'utf8') : '',
  ].join('\n');

describeEachCompose(
  'remote engines',
  (compose) => {
    const { repo, track, ready } = useDockerRepos(compose);
    let tls: TlsEngine | undefined;
    let ssh: SshEngine | undefined;
    const needs = (t: TestContext, kind: 'tls' | 'ssh'): boolean => {
      const missing = missingTools(kind);
      if (missing.length === 0) return true;
      if (process.env.CI === 'true') throw new Error(`needs ${missing.join(', ')} (CI=true, so not skipped)`);
      t.skip(`needs ${missing.join(', ')}`);
      return false;
    };
    after(async () => {
      await tls?.stop();
      await ssh?.stop();
    });

    /** Main with `env`, a later step's GET /health on the backend URL, post; nothing of the project left. */
    async function roundTrip(project: string, env: Record<string, string>, host: string, says: RegExp, secrets: string[]): Promise<void> {
      track(project);
      const ws = repo({ backendPorts: ['8000'] });
      const run = await startAction({
        workspace: ws,
        inputs: { mode: 'docker', 'project-name': project },
        env: { ...compose.env, ...env },
      });
      try {
        assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
        assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
        const backend = new URL(run.main.outputs['backend-url']!);
        assert.equal(backend.hostname, host, "URLs name the engine's host");
        assert.equal(new URL(run.main.outputs['auth-url']!).hostname, host);
        const health = await fetch(new URL('/health', backend));
        assert.equal(health.status, 200, `GET ${backend.href}health from this machine, as a test step would`);
        const location = check(readReport(run.main), 'docker.location')!;
        assert.match(location.detail, says);
        assert.equal((location.data as { kind?: string } | undefined)?.kind, 'remote');
        assert.match(run.main.summary, /Where the step runs/);
        for (const s of secrets) assert.ok(!everything(run.main).includes(s), `${s} appears in what main showed`);
      } finally {
        const post = await run.runPost();
        assert.equal(post.exitCode, 0, post.stdout + post.stderr);
        assert.doesNotMatch(post.stdout, /incomplete|compose down failed/, post.stdout);
        for (const s of secrets) assert.ok(!everything(post).includes(s), `${s} appears in what post showed`);
        assert.deepEqual(await projectResources(project), nothing, 'post removed the stack through the same engine');
        run.cleanup();
      }
    }

    test('ssh://: compose over the docker CLI’s SSH connection (sshd with its stock limits)', async (t) => {
      if (!(await ready(t)) || !needs(t, 'ssh')) return;
      ssh = await startSshEngine({ stockLimits: true });
      await roundTrip(
        `cos-remote-ssh-${process.pid}`,
        ssh.env,
        '127.0.0.1',
        new RegExp(
          `The engine is remote \\(ssh://(?:[^@/]+@)?127\\.0\\.0\\.1:${ssh.port}, over SSH\\): URLs name its host 127\\.0\\.0\\.1`,
        ),
        [ssh.dir],
      );
    });

    test('docs/engines.md’s tunnel (one ssh -L to the engine’s socket, DOCKER_HOST=unix://…, url-host): URLs on the engine’s host', async (t) => {
      if (!(await ready(t)) || !needs(t, 'ssh')) return;
      ssh ??= await startSshEngine({ stockLimits: true });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-tunnel-'));
      const sock = path.join(dir, 'docker.sock');
      const u = new URL(ssh.env.DOCKER_HOST);
      const tunnel = spawn(
        path.join(ssh.binDir, 'ssh'),
        ['-nNT', '-o', 'ExitOnForwardFailure=yes', '-L', `${sock}:/var/run/docker.sock`, '-p', u.port, `${u.username}@${u.hostname}`],
        { stdio: 'ignore' },
      );
      t.after(() => {
        tunnel.kill();
        fs.rmSync(dir, { recursive: true, force: true });
      });
      // A guard far above the ~0.3 s the tunnel takes to open.
      await until(
        () => {
          assert.equal(tunnel.exitCode, null, 'the tunnel exited before it opened');
          return fs.existsSync(sock);
        },
        { what: 'the tunnel to open', timeoutMs: 30_000, intervalMs: 50 },
      );
      const project = `cos-remote-tunnel-${process.pid}`;
      track(project);
      const ws = repo({ backendPorts: ['8000'] });
      const run = await startAction({
        workspace: ws,
        inputs: { mode: 'docker', 'project-name': project, 'url-host': '127.0.0.1' },
        env: { ...compose.env, DOCKER_HOST: `unix://${sock}` },
      });
      try {
        assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
        const backend = new URL(run.main.outputs['backend-url']!);
        assert.equal(backend.hostname, '127.0.0.1');
        assert.equal((await fetch(new URL('/health', backend))).status, 200);
      } finally {
        const post = await run.runPost();
        assert.equal(post.exitCode, 0, post.stdout + post.stderr);
        assert.deepEqual(await projectResources(project), nothing, 'post removed the stack through the tunnel');
        run.cleanup();
      }
    });

    test('tcp:// with TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH): URLs on the engine’s host, no certificate path shown', async (t) => {
      if (!(await ready(t)) || !needs(t, 'tls')) return;
      tls ??= await startTlsEngine();
      await roundTrip(
        `cos-remote-tls-${process.pid}`,
        tls.env,
        '127.0.0.2',
        new RegExp(`The engine is remote \\(tcp://127\\.0\\.0\\.2:${tls.port}, with TLS\\): URLs name its host 127\\.0\\.0\\.2`),
        [tls.dir],
      );
    });

    test('DOCKER_CONTEXT naming a TLS endpoint: the context’s host, no TLS store path shown', async (t) => {
      if (!(await ready(t)) || !needs(t, 'tls')) return;
      tls ??= await startTlsEngine();
      const config = tempDir(t, 'cos-context-');
      fs.symlinkSync(path.join(COMPOSE_V2_DIR, 'cli-plugins'), path.join(config, 'cli-plugins'));
      await tls.createContext(config, 'ci-remote');
      await roundTrip(
        `cos-remote-context-${process.pid}`,
        { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'ci-remote', DOCKER_HOST: undefined as unknown as string },
        '127.0.0.2',
        new RegExp(`The engine is remote \\(tcp://127\\.0\\.0\\.2:${tls.port}, context ci-remote\\)`),
        [tls.dir, path.join(config, 'contexts', 'tls')],
      );
    });

    test('an engine that refuses: an unknown SSH host key, a client without a certificate: their own failure kinds, no path shown', async (t) => {
      if (!(await ready(t)) || !needs(t, 'tls') || !needs(t, 'ssh')) return;
      tls ??= await startTlsEngine();
      ssh ??= await startSshEngine({ stockLimits: true });
      const caOnly = tempDir(t, 'cos-ca-only-');
      fs.copyFileSync(tls.caPath, path.join(caOnly, 'ca.pem'));
      const noCerts = path.join(caOnly, 'not-there');
      for (const [kind, env, shown] of [
        // ssh without the test's known_hosts and key (the machine's own ssh settings): refused.
        ['engine-ssh', { DOCKER_HOST: ssh.env.DOCKER_HOST }, /ssh/],
        ['engine-tls', { ...tls.env, DOCKER_CERT_PATH: caOnly }, /TLS/],
        // The CLI names the file it could not read: shown by its name only.
        ['engine-tls', { ...tls.env, DOCKER_CERT_PATH: noCerts }, /ca\.pem/],
      ] as const) {
        const run = await startAction({ inputs: { mode: 'auto', 'fail-on-unavailable': 'false' }, env: { ...compose.env, ...env } });
        try {
          assert.equal(run.main.exitCode, 0, run.main.stdout + run.main.stderr);
          assert.equal(run.main.outputs.mode, 'none');
          const availability = check(readReport(run.main), 'docker.availability')!;
          assert.equal(availability.failure, kind, availability.detail);
          assert.match(availability.detail, shown);
          assert.ok(!everything(run.main).includes(caOnly) && !everything(run.main).includes(ssh.dir), everything(run.main));
          assert.match(run.main.summary, kind === 'engine-ssh' ? /ssh-keyscan/ : /client <code>cert\.pem<\/code>/);
        } finally {
          run.cleanup();
        }
      }
    });
  },
  ['v2'],
);
