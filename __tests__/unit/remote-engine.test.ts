/**
 * Remote engines (ssh://, tcp:// with TLS, a context): what the log may show of the endpoint and
 * of the CLI's errors (no password, no credential path), how a failure is told apart, how the
 * summary says where the engine is, and the warning about bind mounts on another machine.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import type { ComposePlan } from '../../src/compose/plan-types.js';
import { checkDocker, classifyDaemonError, showEndpoint, withoutCredentialPaths } from '../../src/docker/availability.js';
import { translateMounts } from '../../src/docker-path/binds.js';
import { pathContext } from '../../src/docker-path/context.js';
import { remoteEngine } from '../../src/docker-path/location.js';
import type { Inputs } from '../../src/inputs.js';
import { hintFor } from '../../src/report/hints.js';
import { Report } from '../../src/report/model.js';
import { classifyUpFailure } from '../../src/stack/lifecycle.js';

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
    ['Failed to initialize: unable to resolve docker endpoint: open $DOCKER_CERT_PATH/ca.pem: no such file or directory', 'engine-tls'],
    // An HTTPS proxy's handshake is not the engine's TLS.
    [
      'error during connect: Get "http://10.0.0.5:2375/v1.24/version": proxyconnect tcp: tls: first record does not look like a TLS handshake',
      'daemon-not-running',
    ],
    [
      'error during connect: Get "http://10.0.0.5:2375/v1.24/version": dial tcp 10.0.0.5:2375: connect: connection refused',
      'daemon-not-running',
    ],
  ];
  for (const [stderr, problem] of cases)
    test(`${problem}: ${stderr.slice(0, 60)}…`, () => assert.equal(classifyDaemonError(stderr).problem, problem));
});

describe('where the engine is, as the summary says it', () => {
  for (const [endpoint, env, said] of [
    ['ssh://ci@build-host', { DOCKER_HOST: 'ssh://ci@build-host' }, 'ssh://ci@build-host, over SSH'],
    ['tcp://10.0.0.5:2376', { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' }, 'tcp://10.0.0.5:2376, with TLS'],
    ['tcp://10.0.0.5:2375', { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, 'tcp://10.0.0.5:2375, plain TCP'],
    ['tcp://10.0.0.5:2376', { DOCKER_CONTEXT: 'remote' }, 'tcp://10.0.0.5:2376, context remote'],
    ['tcp://10.0.0.5:2376', {}, 'tcp://10.0.0.5:2376, the current context'],
    ['unix:///var/run/docker.sock', {}, undefined],
    [undefined, {}, undefined],
  ] as const) {
    test(`${endpoint ?? '(no endpoint)'} ${JSON.stringify(env)} → ${said ?? 'local'}`, () =>
      assert.equal(remoteEngine(endpoint, env), said));
  }
});

describe('bind mounts on a remote engine', () => {
  const plan = (binds: Array<{ source: string; target: string }>): ComposePlan =>
    ({
      projectName: 'p',
      projectDirectory: '/repo',
      files: ['/repo/docker/compose.yml'],
      model: {
        services: new Map([['api', { name: 'api', binds: binds.map((b) => ({ ...b, entry: `${b.source}:${b.target}` })) }]]),
        files: [{ kind: 'secrets', name: 'token', file: '/repo/token.txt' }],
      },
    }) as unknown as ComposePlan;
  const run = (endpoint: string, env: NodeJS.ProcessEnv, p = plan([{ source: '/repo/fixtures', target: '/fixtures' }])) => {
    const report = new Report();
    const ctx = pathContext({ workspace: '/repo' } as Inputs, report, env, () => {
      throw new Error('not used');
    });
    const moved = translateMounts(ctx, p, { kind: 'host' }, endpoint);
    return { moved, check: report.checks.find((c) => c.id === 'compose.binds') };
  };

  test('another machine: the repository paths it would open there are named, nothing is rewritten', () => {
    const { moved, check } = run('ssh://ci@build-host', { DOCKER_HOST: 'ssh://ci@build-host' });
    assert.equal(moved, false);
    assert.equal(check?.status, 'info');
    assert.match(check!.detail, /The engine is remote \(ssh:\/\/ci@build-host, over SSH\)/);
    assert.match(check!.detail, /service api, \/fixtures: \/repo\/fixtures; secret token: \/repo\/token\.txt/);
  });

  test("an engine on this machine's loopback, a local socket, or binds outside the repository: nothing to say", () => {
    assert.equal(run('tcp://127.0.0.2:2376', { DOCKER_HOST: 'tcp://127.0.0.2:2376', DOCKER_TLS_VERIFY: '1' }).check, undefined);
    assert.equal(run('unix:///var/run/docker.sock', {}).check, undefined);
    const hostPaths = plan([{ source: '/etc/localtime', target: '/etc/localtime' }]);
    (hostPaths.model as { files: unknown[] }).files = [];
    assert.equal(run('tcp://10.0.0.5:2376', { DOCKER_HOST: 'tcp://10.0.0.5:2376' }, hostPaths).check, undefined);
  });
});

describe('an sshd that drops compose’s connections during up', () => {
  const stderr = [
    ' Container p-web-17  Creating',
    'error during connect: Post "http://docker.example.com/v1.41/containers/create?name=p-web-18": command [ssh -o ConnectTimeout=30 -T -l ci -- build-host docker system dial-stdio] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=kex_exchange_identification: read: Connection reset by peer',
  ].join('\n');

  test('a broken pipe on the connection through ssh (the CLI’s placeholder host docker.example.com) is the same failure', () => {
    const r = classifyUpFailure({
      stderr: 'error during connect: Get "http://docker.example.com/v1.41/images/x/json": write |1: broken pipe',
      stdout: '',
      timedOut: false,
      code: 1,
    });
    assert.equal(r.kind, 'engine-ssh');
    assert.equal(
      classifyUpFailure({ stderr: 'error during connect: Get "http://10.0.0.5:2375/v1.41/x": EOF', stdout: '', timedOut: false, code: 1 })
        .kind,
      'other',
    );
  });

  test('compose’s words keep no credential path', () => {
    const r = classifyUpFailure(
      { stderr: 'Error response from daemon: open /srv/ci/certs/key.pem: no such file or directory', stdout: '', timedOut: false, code: 1 },
      { DOCKER_CERT_PATH: '/srv/ci/certs' },
    );
    assert.ok(!r.detail.includes('/srv/ci/certs'), r.detail);
    assert.match(r.detail, /\$DOCKER_CERT_PATH\/key\.pem/);
  });

  test('is its own kind, and the hint says which sshd setting to raise', () => {
    const r = classifyUpFailure({ stderr, stdout: '', timedOut: false, code: 1 });
    assert.equal(r.kind, 'engine-ssh');
    const hint = hintFor({
      id: 'compose.up',
      title: 'up',
      status: 'failed',
      durationMs: 0,
      detail: r.detail,
      failure: 'engine-ssh',
      data: {},
    });
    assert.match(hint!, /MaxStartups/);
    assert.match(hint!, /MaxSessions/);
  });

  test('a key the engine refuses at the start gets the key and known_hosts advice instead', () => {
    const hint = hintFor({
      id: 'docker.availability',
      title: 'Docker',
      status: 'failed',
      durationMs: 0,
      detail: 'The SSH connection to the Docker engine failed: … stderr=ci@build-host: Permission denied (publickey).',
      failure: 'engine-ssh',
      data: { endpoint: 'ssh://ci@build-host' },
    });
    assert.match(hint!, /known_hosts/);
    assert.doesNotMatch(hint!, /MaxStartups/);
  });
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
