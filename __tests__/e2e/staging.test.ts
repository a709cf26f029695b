/**
 * The staging fallback end to end: the bundled action through the runner harness, against real
 * loopback staging servers (plain, TLS, token-protected, silent, slow to become ready). No Docker
 * is needed: DOCKER_HOST points at a socket nobody listens on, or at one the test counts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runAction, type ActionRun, type StepResult } from '../harness/runner.js';
import { freePort } from '../support/free-port.js';
import { startSilentServer, startStagingServer, type StagingServer } from '../support/staging.js';
import { readReport, type ReportCheck } from '../support/e2e.js';
import { makeCertificate, type Certificate } from '../support/tls.js';

const stagingCheck = (step: StepResult, name: 'backend-health' | 'websocket' | 'auth-health'): ReportCheck => {
  const c = readReport(step).checks.find((x) => x.id === `staging.${name}`);
  assert.ok(c, `the report has a staging.${name} check: ${JSON.stringify(readReport(step).checks.map((x) => x.id))}`);
  return c;
};
const errors = (step: StepResult) => step.annotations.filter((a) => a.level === 'error');
const warnings = (step: StepResult) => step.annotations.filter((a) => a.level === 'warning');
const healthRequests = (s: StagingServer, p = '/health') => s.requests.filter((r) => r.path === p && !r.upgrade);
const upgradeRequests = (s: StagingServer) => s.requests.filter((r) => r.upgrade);

/** Every variable the contract lists for staging mode, or for none. */
const STAGING_ONLY = ['USE_STAGING_SERVICES', 'STAGING_BASE_URL', 'STAGING_BACKEND_URL', 'STAGING_WEBSOCKET_URL', 'STAGING_AUTH_URL'];
const URL_VARS = ['BACKEND_URL', 'WEBSOCKET_URL', 'AUTH_URL'];

let tmp = '';
let deadSocket = '';
/** Each test's guard: its runs take 1–3 s here; this only catches one that hangs. */
const T = { timeout: 120_000 };

/** Run the action with no Docker daemon (a socket nobody listens on); always cleaned up. */
async function runNoDocker(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  onStdout?: (soFar: string) => void,
): Promise<ActionRun> {
  return runAction({ inputs, env: { DOCKER_HOST: `unix://${deadSocket}`, ...env }, timeoutMs: 60_000, traceLeftovers: true, onStdout });
}

describe('staging fallback, end to end', () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-staging-e2e-'));
    deadSocket = path.join(tmp, 'dead.sock');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test(
    'no Docker daemon, staging healthy, mode auto: mode staging, and every staging variable of the contract is exported',
    T,
    async (t) => {
      const staging = await startStagingServer({ name: 'staging-backend' });
      const auth = await startStagingServer({ name: 'staging-auth' });
      t.after(() => Promise.all([staging.close(), auth.close()]));
      const run = await runNoDocker({ 'staging-backend-url': staging.baseUrl, 'staging-auth-url': auth.baseUrl });
      t.after(run.cleanup);
      const { main } = run;
      t.diagnostic(`main step took ${Math.round(main.durationMs)} ms`);

      assert.equal(main.exitCode, 0, main.stdout);
      assert.deepEqual(main.leftovers, [], 'no probe socket or timer holds the step open');
      assert.deepEqual(errors(main), []);
      assert.deepEqual(warnings(main), []);
      assert.equal(main.outputs.mode, 'staging');
      assert.equal(main.outputs['use-staging-fallback'], 'true');
      assert.equal(main.outputs['docker-available'], 'false');
      assert.equal(main.outputs['backend-url'], staging.baseUrl);
      assert.equal(main.outputs['websocket-url'], staging.wsUrl);
      assert.equal(main.outputs['auth-url'], auth.baseUrl);
      assert.equal(main.outputs['staging-backend-url'], staging.baseUrl);
      assert.equal(main.outputs['staging-websocket-url'], staging.wsUrl);
      assert.equal(main.outputs['staging-auth-url'], auth.baseUrl);
      assert.match(main.outputs.reason ?? '', /staging/i);
      assert.match(main.outputs.reason ?? '', /dead\.sock|not running|not reachable/, 'the reason says why Docker was not used');

      assert.deepEqual(
        Object.fromEntries(['TEST_MODE', 'USE_STAGING_FALLBACK', ...URL_VARS, ...STAGING_ONLY].map((k) => [k, main.env[k]])),
        {
          TEST_MODE: 'staging_fallback',
          USE_STAGING_FALLBACK: 'true',
          BACKEND_URL: staging.baseUrl,
          WEBSOCKET_URL: staging.wsUrl,
          AUTH_URL: auth.baseUrl,
          USE_STAGING_SERVICES: 'true',
          STAGING_BASE_URL: staging.baseUrl,
          STAGING_BACKEND_URL: staging.baseUrl,
          STAGING_WEBSOCKET_URL: staging.wsUrl,
          STAGING_AUTH_URL: auth.baseUrl,
        },
      );
      assert.equal(main.env.DOCKER_BACKEND_PORT, undefined, 'no Docker port in staging mode');

      // Staging was really asked: backend health, a WebSocket handshake, and auth health.
      assert.equal(healthRequests(staging).length, 1);
      assert.equal(upgradeRequests(staging).length, 1);
      assert.ok(staging.logs.includes('staging-backend GET /ws -> 101'), staging.logs.join('\n'));
      assert.equal(healthRequests(auth).length, 1);
      assert.equal(stagingCheck(main, 'auth-health').status, 'ok');
      assert.match(main.summary, /staging/i);

      // Only a bound against hangs; speed is not measured here.
      assert.ok(main.durationMs < 20_000, `main step took ${Math.round(main.durationMs)} ms`);
      assert.equal(run.post?.exitCode, 0, run.post?.stdout);
    },
  );

  describe('staging answers 404 on health and on the WebSocket upgrade', () => {
    let staging: StagingServer;
    before(async () => {
      staging = await startStagingServer({ healthStatus: 404, wsStatus: 404 });
    });
    after(() => staging.close());

    test('fail-on-unavailable (default): mode none, the step fails with one ::error, and both 404s are named', T, async (t) => {
      const run = await runNoDocker({ 'staging-backend-url': staging.baseUrl });
      t.after(run.cleanup);
      const { main } = run;
      assert.equal(main.exitCode, 1, main.stdout);
      assert.equal(main.outputs.mode, 'none');
      assert.equal(main.outputs['use-staging-fallback'], 'false');
      assert.equal(errors(main).length, 1, JSON.stringify(errors(main)));
      const reason = main.outputs.reason ?? '';
      for (const text of [reason, errors(main)[0]!.message]) {
        assert.match(text, /backend-health[^;]*\b404\b/, text);
        assert.match(text, /websocket[^;]*\b404\b/, text);
      }
      assert.equal(stagingCheck(main, 'backend-health').data?.status, 404);
      assert.equal(stagingCheck(main, 'backend-health').data?.class, 'http-status');
      assert.equal(stagingCheck(main, 'websocket').data?.status, 404);
      assert.equal(stagingCheck(main, 'websocket').data?.class, 'ws-rejected');
      const summaryLines = main.summary.split('\n');
      assert.ok(
        summaryLines.some((l) => /backend-health/.test(l) && /\b404\b/.test(l)),
        main.summary,
      );
      assert.ok(
        summaryLines.some((l) => /websocket/i.test(l) && /\b404\b/.test(l) && /rejected/i.test(l)),
        main.summary,
      );
      assert.deepEqual(
        { TEST_MODE: main.env.TEST_MODE, USE_STAGING_FALLBACK: main.env.USE_STAGING_FALLBACK },
        {
          TEST_MODE: 'none',
          USE_STAGING_FALLBACK: 'false',
        },
      );
      for (const k of [...URL_VARS, ...STAGING_ONLY]) assert.equal(main.env[k], undefined, `${k} is not exported in mode none`);
    });

    test('fail-on-unavailable: false: the step passes with mode none and a ::warning', T, async (t) => {
      const run = await runNoDocker({ 'staging-backend-url': staging.baseUrl, 'fail-on-unavailable': 'false' });
      t.after(run.cleanup);
      const { main } = run;
      assert.equal(main.exitCode, 0, main.stdout);
      assert.equal(main.outputs.mode, 'none');
      assert.deepEqual(errors(main), []);
      assert.equal(warnings(main).length, 1, JSON.stringify(main.annotations));
      assert.match(warnings(main)[0]!.message, /backend-health[^;]*\b404\b/);
      assert.match(warnings(main)[0]!.message, /websocket[^;]*\b404\b/);
    });
  });

  describe('staging over TLS', () => {
    let cert: Certificate;
    before(async () => {
      cert = await makeCertificate({ hosts: ['127.0.0.1', 'localhost'] });
    });
    after(() => cert.cleanup());

    test(
      'a certificate from an unknown CA: a TLS error naming the reason; usable once the CA is trusted through NODE_EXTRA_CA_CERTS',
      T,
      async (t) => {
        const staging = await startStagingServer({ tls: { cert: cert.certPath, key: cert.keyPath } });
        t.after(() => staging.close());
        assert.match(staging.baseUrl, /^https:/);

        const untrusted = await runNoDocker({ 'staging-backend-url': staging.baseUrl });
        t.after(untrusted.cleanup);
        assert.equal(untrusted.main.exitCode, 1, untrusted.main.stdout);
        assert.equal(untrusted.main.outputs.mode, 'none');
        for (const name of ['backend-health', 'websocket'] as const) {
          const c = stagingCheck(untrusted.main, name);
          assert.equal(c.data?.class, 'tls', JSON.stringify(c));
          assert.match(c.detail, /TLS error: .*(unknown issuer|unable to verify)/i, c.detail);
        }
        assert.match(untrusted.main.outputs.reason ?? '', /backend-health TLS error: .*unknown issuer/);
        assert.match(untrusted.main.outputs.reason ?? '', /websocket TLS error: .*unknown issuer/);

        const trusted = await runNoDocker({ 'staging-backend-url': staging.baseUrl }, { NODE_EXTRA_CA_CERTS: cert.caPath });
        t.after(trusted.cleanup);
        assert.equal(trusted.main.exitCode, 0, trusted.main.stdout);
        assert.equal(trusted.main.outputs.mode, 'staging');
        assert.equal(trusted.main.env.STAGING_WEBSOCKET_URL, staging.wsUrl);
        assert.match(staging.wsUrl, /^wss:/);
        assert.ok(staging.logs.includes('app GET /ws -> 101'), 'the wss handshake really happened');
      },
    );

    test('a self-signed CA sent in the chain: reported as self-signed', T, async (t) => {
      const staging = await startStagingServer({ tls: { cert: `${cert.certPem}${cert.caPem}`, key: cert.keyPem } });
      t.after(() => staging.close());
      const run = await runNoDocker({ 'staging-backend-url': staging.baseUrl });
      t.after(run.cleanup);
      assert.equal(run.main.outputs.mode, 'none');
      const c = stagingCheck(run.main, 'backend-health');
      assert.equal(c.data?.class, 'tls');
      assert.match(c.detail, /self-signed/);
      assert.match(run.main.outputs.reason ?? '', /TLS error: self-signed/);
    });

    test('an expired certificate (CA trusted): a TLS error that says expired', T, async (t) => {
      const expired = await makeCertificate({ hosts: ['127.0.0.1'], expired: true });
      t.after(() => expired.cleanup());
      const staging = await startStagingServer({ tls: { cert: expired.certPath, key: expired.keyPath } });
      t.after(() => staging.close());
      const run = await runNoDocker({ 'staging-backend-url': staging.baseUrl }, { NODE_EXTRA_CA_CERTS: expired.caPath });
      t.after(run.cleanup);
      assert.equal(run.main.outputs.mode, 'none');
      for (const name of ['backend-health', 'websocket'] as const) {
        const c = stagingCheck(run.main, name);
        assert.equal(c.data?.class, 'tls');
        assert.match(c.detail, /expired/);
      }
      assert.match(run.main.outputs.reason ?? '', /backend-health TLS error: certificate expired/);
    });

    test('a certificate for another host (CA trusted): a TLS error that says so', T, async (t) => {
      const other = await makeCertificate({ hosts: ['staging.example.com'] });
      t.after(() => other.cleanup());
      const staging = await startStagingServer({ tls: { cert: other.certPath, key: other.keyPath } });
      t.after(() => staging.close());
      const run = await runNoDocker({ 'staging-backend-url': staging.baseUrl }, { NODE_EXTRA_CA_CERTS: other.caPath });
      t.after(run.cleanup);
      assert.equal(run.main.outputs.mode, 'none');
      for (const name of ['backend-health', 'websocket'] as const) {
        const c = stagingCheck(run.main, name);
        assert.equal(c.data?.class, 'tls');
        assert.match(c.detail, /another host/);
      }
    });
  });

  test(
    'a staging that needs a token: 401 without staging-token, usable with it, and the token is nowhere in what the step leaves',
    T,
    async (t) => {
      const token = `tok-${randomBytes(18).toString('hex')}`;
      const staging = await startStagingServer({ requireToken: token });
      t.after(() => staging.close());

      const without = await runNoDocker({ 'staging-backend-url': staging.baseUrl });
      t.after(without.cleanup);
      assert.equal(without.main.exitCode, 1);
      assert.equal(without.main.outputs.mode, 'none');
      const health = stagingCheck(without.main, 'backend-health');
      assert.equal(health.data?.class, 'http-status');
      assert.equal(health.data?.status, 401);
      assert.equal(stagingCheck(without.main, 'websocket').data?.status, 401);
      assert.match(without.main.outputs.reason ?? '', /backend-health HTTP 401/);
      assert.equal(healthRequests(staging).length, 1, 'a 401 is not retried');

      staging.requests.length = 0;
      const withToken = await runNoDocker({ 'staging-backend-url': staging.baseUrl, 'staging-token': token });
      t.after(withToken.cleanup);
      const { main, post } = withToken;
      assert.equal(main.exitCode, 0, main.stdout);
      assert.equal(main.outputs.mode, 'staging');
      assert.ok(staging.requests.length >= 2 && staging.requests.every((r) => r.authorization), JSON.stringify(staging.requests));
      assert.ok(staging.logs.includes('app GET /ws -> 101'));
      assert.ok(main.masks.includes(token), 'the token is masked');

      const report = fs.readFileSync(main.outputs.report!, 'utf8');
      const places: Array<[string, string]> = [
        ['outputs', JSON.stringify(main.outputs)],
        ['exported variables', JSON.stringify(main.env)],
        ['summary', main.summary],
        ['log', main.log],
        [
          'stdout (less ::add-mask::)',
          main.stdout
            .split('\n')
            .filter((l) => l !== `::add-mask::${token}`)
            .join('\n'),
        ],
        ['stderr', main.stderr],
        ['annotations', JSON.stringify(main.annotations)],
        ['JSON report', report],
        ['post step', `${post?.stdout ?? ''}${post?.stderr ?? ''}${post?.summary ?? ''}${JSON.stringify(post?.outputs ?? {})}`],
      ];
      for (const [where, text] of places) assert.ok(!text.includes(token), `the token appears in the ${where}`);
      // The same for the failed run, whose error annotation and reason are longer.
      for (const text of [without.main.stdout, without.main.summary, fs.readFileSync(without.main.outputs.report!, 'utf8')]) {
        assert.ok(!text.includes(token));
      }
    },
  );

  test('a staging that never answers: the probe ends at staging-timeout, classified timeout, and the step does not hang', T, async (t) => {
    const silent = await startSilentServer();
    t.after(() => silent.close());
    const run = await runNoDocker({ 'staging-backend-url': silent.baseUrl, 'staging-timeout': '4' });
    t.after(run.cleanup);
    const { main } = run;
    t.diagnostic(`main step took ${Math.round(main.durationMs)} ms with staging-timeout 4 s`);
    assert.equal(main.exitCode, 1);
    assert.deepEqual(main.leftovers, [], 'the timed-out probes leave no socket or timer behind');
    assert.equal(main.outputs.mode, 'none');
    assert.ok(silent.connections >= 2, `health and WebSocket connected (${silent.connections})`);
    for (const name of ['backend-health', 'websocket'] as const) {
      const c = stagingCheck(main, name);
      assert.equal(c.data?.class, 'timeout', JSON.stringify(c));
      // The deadline is the step's (4 s from when staging was asked); a probe that started a little
      // later on a loaded machine waits a little less, but far more than one that gave up at once.
      assert.ok(c.durationMs >= 2000, `${name} gave up after ${c.durationMs} ms, not at the 4 s deadline`);
    }
    assert.match(main.outputs.reason ?? '', /backend-health no answer before the deadline/);
    // Ends at the 4 s staging-timeout; the generous guard only catches a step that hangs on.
    assert.ok(main.durationMs < 4000 + 40_000, `main step took ${Math.round(main.durationMs)} ms`);
  });

  test('mode staging never calls Docker: no docker or docker-compose process, no connection to DOCKER_HOST', T, async (t) => {
    const bin = path.join(tmp, 'shim-bin');
    const marker = path.join(tmp, 'docker-called');
    const socketPath = path.join(tmp, 'docker.sock');
    fs.mkdirSync(bin, { recursive: true });
    // Each shim records its call, and (like a real client) connects to DOCKER_HOST, then fails.
    const shim = [
      `#!${process.execPath}`,
      `require('node:fs').appendFileSync(${JSON.stringify(marker)}, process.argv.slice(1).join(' ') + '\\n');`,
      `const host = process.env.DOCKER_HOST || '';`,
      `if (!host.startsWith('unix://')) process.exit(1);`,
      `const s = require('node:net').connect(host.slice('unix://'.length));`,
      `s.on('connect', () => { s.end(); process.exit(1); });`,
      `s.on('error', () => process.exit(1));`,
      '',
    ].join('\n');
    for (const name of ['docker', 'docker-compose']) fs.writeFileSync(path.join(bin, name), shim, { mode: 0o755 });
    let connections = 0;
    const daemon = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => daemon.listen(socketPath, resolve));
    t.after(() => new Promise<void>((resolve) => daemon.close(() => resolve())));
    const staging = await startStagingServer();
    t.after(() => staging.close());
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, DOCKER_HOST: `unix://${socketPath}` };

    // Control: in auto mode the same set-up does reach the socket (asked directly, or by a shim).
    const control = await runAction({ inputs: { 'staging-backend-url': staging.baseUrl }, env, post: false });
    t.after(control.cleanup);
    assert.ok(connections > 0, 'auto mode reached the counted socket (the set-up can see a Docker call)');
    fs.rmSync(marker, { force: true });
    connections = 0;

    const run = await runAction({ inputs: { mode: 'staging', 'staging-backend-url': staging.baseUrl }, env });
    t.after(run.cleanup);
    assert.equal(run.main.exitCode, 0, run.main.stdout);
    assert.equal(run.main.outputs.mode, 'staging');
    assert.equal(run.main.outputs['docker-available'], 'false');
    assert.match(run.main.summary, /not checked/);
    assert.equal(run.post?.exitCode, 0, run.post?.stdout);
    assert.ok(!fs.existsSync(marker), `Docker was called: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
    assert.equal(connections, 0, 'no connection to DOCKER_HOST');
  });

  describe('retries', () => {
    test('refused at first (not listening yet), then listening within the deadline: usable after more than one attempt', T, async (t) => {
      const staging = await startStagingServer();
      t.after(() => staging.close());
      // A port nothing listens on; 1 s after the step starts its probe, it starts forwarding to the
      // staging server (counted from the probe, not from the test: a loaded machine starts node late).
      const port = await freePort();
      const open = new Set<net.Socket>();
      const proxy = net.createServer((client) => {
        const upstream = net.connect(staging.port, '127.0.0.1');
        for (const s of [client, upstream]) {
          open.add(s);
          s.once('close', () => open.delete(s));
        }
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.pipe(upstream).pipe(client);
      });
      t.after(() => {
        for (const s of open) s.destroy();
        return new Promise<void>((resolve) => (proxy.listening ? proxy.close(() => resolve()) : resolve()));
      });
      let probing: () => void = () => undefined;
      const opening = new Promise<void>((resolve, reject) => {
        proxy.once('error', reject); // e.g. the port was taken meanwhile: say so rather than crash
        probing = () => setTimeout(() => proxy.listen(port, '127.0.0.1', resolve), 1000);
      });
      let seen = false;
      const base = `http://127.0.0.1:${port}`;
      const run = await runNoDocker({ mode: 'staging', 'staging-backend-url': base, 'staging-timeout': '30' }, {}, (out) => {
        if (seen || !out.includes('::group::Staging: probe')) return;
        seen = true;
        probing();
      });
      t.after(run.cleanup);
      await opening;
      const { main } = run;
      assert.equal(main.exitCode, 0, main.stdout);
      assert.equal(main.outputs.mode, 'staging');
      assert.equal(main.outputs['backend-url'], base);
      for (const name of ['backend-health', 'websocket'] as const) {
        const c = stagingCheck(main, name);
        assert.equal(c.status, 'ok');
        assert.ok((c.data?.attempts ?? 0) > 1, `${name}: ${c.data?.attempts} attempts`);
        assert.match(c.detail, /\(\d+ attempts\)/);
      }
      assert.equal(healthRequests(staging).length, 1, 'refused attempts never reached the server; the one that did passed');
    });

    test('503 while starting, ready within the deadline: usable after more than one attempt', T, async (t) => {
      // Ready 1.5 s after the step starts its probe (counted from the probe, not from the test: a
      // loaded machine starts node late, and the first answer must still be a 503).
      const staging = await startStagingServer({ readyAfterMs: 1500 });
      t.after(() => staging.close());
      let seen = false;
      const run = await runNoDocker({ mode: 'staging', 'staging-backend-url': staging.baseUrl, 'staging-timeout': '30' }, {}, (out) => {
        if (seen || !out.includes('::group::Staging: probe')) return;
        seen = true;
        staging.markStarted();
      });
      t.after(run.cleanup);
      const { main } = run;
      assert.equal(main.exitCode, 0, main.stdout);
      assert.equal(main.outputs.mode, 'staging');
      assert.ok(staging.logs.includes('app GET /health -> 503'), staging.logs.join('\n'));
      assert.ok(staging.logs.includes('app GET /health -> 200'), staging.logs.join('\n'));
      assert.ok(healthRequests(staging).length > 1);
      const c = stagingCheck(main, 'backend-health');
      assert.ok((c.data?.attempts ?? 0) > 1, `${c.data?.attempts} attempts`);
      assert.equal(c.data?.attempts, healthRequests(staging).length, 'one request per attempt');
    });

    test('a 404 is never retried: the health endpoint is asked exactly once', T, async (t) => {
      const staging = await startStagingServer({ healthStatus: 404 });
      t.after(() => staging.close());
      const run = await runNoDocker({ 'staging-backend-url': staging.baseUrl, 'staging-timeout': '6' });
      t.after(run.cleanup);
      assert.equal(run.main.outputs.mode, 'none');
      assert.equal(healthRequests(staging).length, 1, staging.logs.join('\n'));
      assert.equal(stagingCheck(run.main, 'backend-health').data?.attempts, 1);
      assert.equal(stagingCheck(run.main, 'websocket').status, 'ok', 'the WebSocket itself was fine');
    });
  });
});
