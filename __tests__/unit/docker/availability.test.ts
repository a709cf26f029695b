/**
 * The availability check (src/docker/availability.ts). Which compose it finds, with the real CLIs:
 * the plugin when it answers (and then the Python v1 beside it is never started), else the
 * standalone docker-compose; the version is read from what each prints. Remote engines (ssh://,
 * tcp:// with TLS, a context): what the log may show of the endpoint and of the CLI's errors (no
 * password, no credential path), how a failure is told apart; the host a published port is reached
 * on (publishHostFor); the engine's platform from its version answer (platformOf).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseComposeVersion } from '../../../src/compose/version.js';
import {
  checkDocker,
  classifyDaemonError,
  judgeDocker,
  platformOf,
  publishHostFor,
  showEndpoint,
  withoutCredentialPaths,
  type DockerAnswers,
} from '../../../src/docker/availability.js';
import type { ExecResult } from '../../../src/exec.js';
import { composesUnderTest, requireCompose } from '../../support/compose.js';

/** A PATH whose docker-compose records each start in `calls`, then runs the real one. */
function countingPath(): { PATH: string; calls: () => number; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-count-'));
  const real = execFileSync('sh', ['-c', 'command -v docker-compose || true'], { encoding: 'utf8' }).trim();
  const log = path.join(dir, 'calls');
  fs.writeFileSync(path.join(dir, 'docker-compose'), `#!/bin/sh\necho x >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return {
    PATH: `${dir}${path.delimiter}${process.env.PATH}`,
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

describe('checkDocker: which compose', () => {
  for (const c of composesUnderTest()) {
    test(`${c.label}: ${c.name === 'v2' ? 'the plugin, and docker-compose is never started' : 'docker-compose, once the plugin is not there'}`, async (t) => {
      if (!requireCompose(t, c)) return;
      const counting = countingPath();
      try {
        const a = await checkDocker({ ...process.env, ...c.env, PATH: counting.PATH });
        assert.equal(a.compose?.kind, c.name === 'v2' ? 'plugin' : 'standalone');
        assert.deepEqual(a.compose?.argv, c.name === 'v2' ? ['docker', 'compose'] : ['docker-compose']);
        assert.equal(a.compose?.version?.text, c.version);
        assert.deepEqual(a.compose?.version, parseComposeVersion(c.version ?? ''));
        assert.equal(counting.calls(), c.name === 'v2' ? 0 : 1);
      } finally {
        counting.cleanup();
      }
    });
  }
});

/**
 * A docker CLI that answers at once, except where told to be slow: `DAEMON` or `COMPOSE` = `slow`
 * (never in time) or `slow-once` (the first question only).
 */
function fakeDocker(): { env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-fake-docker-'));
  const slow = (name: string, answer: string) =>
    `case "$${name}" in slow) exec sleep 60;; slow-once) [ -e "${dir}/${name}.once" ] || { touch "${dir}/${name}.once"; exec sleep 60; };; esac; ${answer}`;
  const script = [
    '#!/bin/sh',
    'case "$1" in',
    `  version) ${slow('DAEMON', `echo '{"Client":{"Version":"27.3.1"},"Server":{"Version":"27.3.1"}}'`)};;`,
    '  context) echo unix:///var/run/docker.sock;;',
    `  compose) ${slow('COMPOSE', 'echo 2.29.7')};;`,
    'esac',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'docker'), script, { mode: 0o755 });
  return {
    // A tcp:// endpoint: the CLI is asked (a unix socket would be asked directly, and the real engine answer).
    env: { PATH: `${dir}${path.delimiter}/usr/bin${path.delimiter}/bin`, HOME: dir, DOCKER_HOST: 'tcp://fake-engine.invalid:2375' },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

describe('checkDocker: slow is not absent', () => {
  // Far above what a shell script takes to answer, even on a loaded machine; the slow ones sleep 60 s.
  const t2 = { firstMs: 2000, retryMs: 3000 };

  test('compose slow once: asked again, and found', async (t) => {
    const fake = fakeDocker();
    t.after(fake.cleanup);
    const a = await checkDocker({ ...fake.env, COMPOSE: 'slow-once' }, {}, t2);
    assert.equal(a.ok, true, a.detail);
    assert.equal(a.compose?.version?.text, '2.29.7');
  });

  test('compose slow twice: "slow", not "not installed"', async (t) => {
    const fake = fakeDocker();
    t.after(fake.cleanup);
    const a = await checkDocker({ ...fake.env, COMPOSE: 'slow' }, {}, t2);
    assert.equal(a.problem, 'docker-slow');
    assert.match(
      a.detail,
      /`docker compose version` did not answer within 2 s, nor within 3 s when asked again: compose is installed but too slow/,
    );
    assert.doesNotMatch(a.detail, /not installed|neither/);
    assert.ok(a.durationMs >= 5000, `asked twice: ${a.durationMs} ms`);
  });

  test('the daemon slow once: asked again, and found; slow twice: "slow", with its own words', async (t) => {
    const fake = fakeDocker();
    t.after(fake.cleanup);
    const once = await checkDocker({ ...fake.env, DAEMON: 'slow-once' }, {}, t2);
    assert.equal(once.ok, true, once.detail);
    const twice = await checkDocker({ ...fake.env, DAEMON: 'slow' }, {}, t2);
    assert.equal(twice.problem, 'docker-slow');
    assert.match(twice.detail, /did not answer `docker version` within 2 s, nor within 3 s when asked again: it is there but too slow/);
  });
});

describe('judgeDocker: the answers judged, with nothing asked', () => {
  const result = (o: Partial<ExecResult>): ExecResult => ({
    argv: [],
    code: 0,
    stdout: '',
    stderr: '',
    durationMs: 1,
    timedOut: false,
    aborted: false,
    spawnError: undefined,
    ...o,
  });
  const engine = (os = 'linux'): ExecResult =>
    result({ stdout: JSON.stringify({ Client: { Version: '28.5.2' }, Server: { Version: '28.5.2', Os: os, Arch: 'amd64' } }) });
  const plugin = result({ argv: ['docker', 'compose', 'version', '--short'], stdout: '2.40.3\n' });
  const legacy = result({ argv: ['docker-compose', 'version', '--short'], stdout: '1.29.2\n' });
  const slow = result({ argv: ['docker', 'compose', 'version', '--short'], code: null, timedOut: true });
  const rows: Array<[string, DockerAnswers, Record<string, unknown>]> = [
    ['the plugin wins over the standalone', { version: engine(), contextHost: undefined, plugin, legacy }, { ok: true, kind: 'plugin' }],
    [
      'the standalone when the plugin said no',
      { version: engine(), contextHost: undefined, plugin: result({ code: 1 }), legacy },
      { ok: true, kind: 'standalone' },
    ],
    [
      'a daemon that timed out is slow, not absent',
      { version: result({ code: null, timedOut: true }), contextHost: undefined },
      { ok: false, problem: 'docker-slow' },
    ],
    [
      'over ssh, a timeout is the SSH connection',
      { version: result({ code: null, timedOut: true }), contextHost: 'ssh://ci@build-host' },
      { ok: false, problem: 'engine-ssh' },
    ],
    [
      'a refused socket',
      {
        version: result({
          code: 1,
          stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
        }),
        contextHost: undefined,
      },
      { ok: false, problem: 'daemon-down' },
    ],
    ['a Windows engine', { version: engine('windows'), contextHost: undefined, plugin }, { ok: false, problem: 'windows-engine' }],
    ['compose too slow to answer', { version: engine(), contextHost: undefined, plugin: slow }, { ok: false, problem: 'docker-slow' }],
    [
      'no compose at all',
      { version: engine(), contextHost: undefined, plugin: result({ code: 1 }) },
      { ok: false, problem: 'compose-missing' },
    ],
  ];
  for (const [name, answers, want] of rows)
    test(name, () => {
      const got = judgeDocker(answers, {});
      assert.equal(got.ok, want.ok, got.detail);
      if ('problem' in want) assert.equal(got.problem, want.problem, got.detail);
      if ('kind' in want) assert.equal(got.compose?.kind, want.kind);
    });
});

describe('what the log shows of a remote engine', () => {
  test('an endpoint without its password', () => {
    assert.equal(showEndpoint('ssh://ci:hunter2@build-host:2222'), 'ssh://ci@build-host:2222');
    assert.equal(showEndpoint('tcp://u:p%40ss@10.0.0.5:2376'), 'tcp://u@10.0.0.5:2376');
    assert.equal(showEndpoint('ssh://ci@build-host'), 'ssh://ci@build-host');
    assert.equal(showEndpoint('unix:///var/run/docker.sock'), 'unix:///var/run/docker.sock');
  });

  test('the CLI’s errors name credential files by their file name only', () => {
    const env = { DOCKER_CERT_PATH: '/home/runner/secret-certs/' };
    assert.equal(
      withoutCredentialPaths(
        'could not read CA certificate "/home/runner/secret-certs/ca.pem": open /home/runner/secret-certs/ca.pem: no such file',
        env,
      ),
      'could not read CA certificate "$DOCKER_CERT_PATH/ca.pem": open $DOCKER_CERT_PATH/ca.pem: no such file',
    );
    assert.equal(
      withoutCredentialPaths('unable to load client key "/tmp/x/.docker/contexts/tls/3b1f/docker/key.pem"'),
      'unable to load client key "<context TLS store>/key.pem"',
    );
    assert.equal(
      withoutCredentialPaths('Load key "/home/ci/.ssh/deploy_ed25519": invalid format'),
      'Load key "~/.ssh/deploy_ed25519": invalid format',
    );
    assert.equal(
      withoutCredentialPaths('open /etc/docker/certs/client.crt: permission denied'),
      'open <hidden>/client.crt: permission denied',
    );
    assert.equal(
      withoutCredentialPaths('Warning: Identity file /home/ci/deploy_id not accessible: No such file or directory.'),
      'Warning: Identity file <hidden>/deploy_id not accessible: No such file or directory.',
    );
    assert.equal(
      withoutCredentialPaths('dial tcp 10.0.0.5:2376: connect: connection refused'),
      'dial tcp 10.0.0.5:2376: connect: connection refused',
    );
  });
});

describe('a remote engine that does not answer', () => {
  const cases: Array<[string, string]> = [
    [
      'error during connect: Get "http://docker.example.com/v1.24/version": command [ssh -o ConnectTimeout=30 -T -l root -p 2222 -- 127.0.0.1 docker system dial-stdio] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=root@127.0.0.1: Permission denied (publickey).',
      'engine-ssh',
    ],
    ['error during connect: … stderr=Host key verification failed.', 'engine-ssh'],
    ['ssh: connect to host build-host port 22: Connection refused', 'engine-ssh'],
    [
      'error during connect: Get "https://127.0.0.2:2376/v1.24/version": tls: failed to verify certificate: x509: certificate signed by unknown authority',
      'engine-tls',
    ],
    ['error during connect: Get "https://127.0.0.2:2376/v1.24/version": remote error: tls: bad certificate', 'engine-tls'],
    ['could not read CA certificate "$DOCKER_CERT_PATH/ca.pem": open $DOCKER_CERT_PATH/ca.pem: no such file or directory', 'engine-tls'],
    ['Client sent an HTTP request to an HTTPS server.', 'engine-tls'],
    // TLS 1.3: an engine that refuses the client's certificate may hang up instead of saying so.
    [
      'error during connect: Get "https://127.0.0.2:39043/v1.51/version": write tcp 127.0.0.1:43420->127.0.0.2:39043: write: connection reset by peer',
      'engine-tls',
    ],
    // Reset on plain HTTP: no TLS to blame.
    [
      'error during connect: Get "http://10.0.0.5:2375/v1.24/version": read tcp 10.0.0.1:5->10.0.0.5:2375: read: connection reset by peer',
      'daemon-down',
    ],
    ['Failed to initialize: unable to resolve docker endpoint: open $DOCKER_CERT_PATH/ca.pem: no such file or directory', 'engine-tls'],
    // An HTTPS proxy's handshake is not the engine's TLS.
    [
      'error during connect: Get "http://10.0.0.5:2375/v1.24/version": proxyconnect tcp: tls: first record does not look like a TLS handshake',
      'daemon-down',
    ],
    ['error during connect: Get "http://10.0.0.5:2375/v1.24/version": dial tcp 10.0.0.5:2375: connect: connection refused', 'daemon-down'],
  ];
  for (const [stderr, problem] of cases)
    test(`${problem}: ${stderr.slice(0, 60)}…`, () => assert.equal(classifyDaemonError(stderr).problem, problem));
});

describe('an ssh:// engine whose host never answers the SSH handshake', () => {
  test('is an SSH problem, not a busy runner', async (t) => {
    // A port that accepts and then says nothing: ssh waits for the banner until its ConnectTimeout.
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });
    const port = (server.address() as net.AddressInfo).port;
    const a = await checkDocker({ ...process.env, DOCKER_HOST: `ssh://ci@127.0.0.1:${port}` }, {}, { firstMs: 300, retryMs: 300 });
    assert.equal(a.ok, false);
    assert.equal(a.problem, 'engine-ssh', a.detail);
    assert.match(a.detail, /does not answer on its SSH port/);
  });
});

describe('engine host', () => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'localhost'],
    ['unix:///var/run/docker.sock', 'localhost'],
    ['tcp://10.1.2.3:2376', '10.1.2.3'],
    ['ssh://me@build-host', 'build-host'],
    ['tcp://[fd00::5]:2375', '[fd00::5]'],
    ['npipe:////./pipe/docker_engine', 'localhost'],
  ];
  for (const [endpoint, host] of cases) test(`${endpoint} → ${host}`, () => assert.equal(publishHostFor(endpoint), host));
});

describe('daemon errors', () => {
  const cases: Array<[string, string]> = [
    ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 'daemon-down'],
    [
      'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/version": dial unix /var/run/docker.sock: connect: permission denied',
      'socket-permission',
    ],
    ['context "remote" does not exist', 'bad-context'],
    ['error during connect: Get "http://10.0.0.1:2375/v1.24/version": dial tcp 10.0.0.1:2375: connect: connection refused', 'daemon-down'],
    ['something odd', 'daemon-down'],
  ];
  for (const [stderr, problem] of cases) test(problem, () => assert.equal(classifyDaemonError(stderr).problem, problem));
});

describe('what the engine has', () => {
  test("the engine's platform from its docker version answer; nothing odd goes into a key", () => {
    const answer = (server: unknown) => ({
      version: { stdout: JSON.stringify({ Client: {}, Server: server }) } as never,
      contextHost: undefined,
    });
    assert.equal(platformOf(answer({ Os: 'linux', Arch: 'arm64' })), 'linux/arm64');
    assert.equal(platformOf(answer({ Os: 'linux', Arch: 'amd64,evil' })), undefined);
    assert.equal(platformOf(answer(null)), undefined);
    assert.equal(platformOf({ version: { stdout: 'Cannot connect' } as never, contextHost: undefined }), undefined);
  });
});
