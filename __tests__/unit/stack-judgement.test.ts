/** The pure judgements of the Docker path: container verdicts, port choice, failure classes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyDaemonError, publishHostFor } from '../../src/docker/availability.js';
import { choosePublished, parseInspect, type ContainerInfo } from '../../src/stack/containers.js';
import { portVariables, publishedPorts } from '../../src/stack/service-ports.js';
import { publishedReacher } from '../../src/stack/reach.js';
import { classifyUpFailure } from '../../src/stack/lifecycle.js';
import { waitFailure } from '../../src/docker-path/up.js';
import type { ProbeClass } from '../../src/probe/probe.js';
import { definiteAnswer, engineUnreachable } from '../../src/stack/wait.js';
import { runningContainer } from '../support/containers.js';

describe('choosePublished', () => {
  const cases: Array<[string, Array<{ hostIp: string; hostPort: number }>, string, { host: string; port: number } | undefined]> = [
    [
      'IPv4 and IPv6 wildcard, same port',
      [
        { hostIp: '0.0.0.0', hostPort: 8002 },
        { hostIp: '::', hostPort: 8002 },
      ],
      'localhost',
      { host: 'localhost', port: 8002 },
    ],
    [
      'different ports per family: name IPv4 explicitly',
      [
        { hostIp: '0.0.0.0', hostPort: 49153 },
        { hostIp: '::', hostPort: 49154 },
      ],
      'localhost',
      { host: '127.0.0.1', port: 49153 },
    ],
    ['IPv6 only', [{ hostIp: '::', hostPort: 9000 }], 'localhost', { host: '[::1]', port: 9000 }],
    ['loopback only', [{ hostIp: '127.0.0.1', hostPort: 8081 }], 'localhost', { host: '127.0.0.1', port: 8081 }],
    ['remote engine: its host', [{ hostIp: '0.0.0.0', hostPort: 8002 }], 'docker.internal', { host: 'docker.internal', port: 8002 }],
    ['remote engine, loopback binding: unreachable', [{ hostIp: '127.0.0.1', hostPort: 8002 }], 'docker.internal', undefined],
    ['not published', [], 'localhost', undefined],
  ];
  for (const [name, bindings, engine, expected] of cases) test(name, () => assert.deepEqual(choosePublished(bindings, engine), expected));
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
    [
      'error during connect: Get "http://10.0.0.1:2375/v1.24/version": dial tcp 10.0.0.1:2375: connect: connection refused',
      'daemon-down',
    ],
    ['something odd', 'daemon-down'],
  ];
  for (const [stderr, problem] of cases) test(problem, () => assert.equal(classifyDaemonError(stderr).problem, problem));
});

describe('up failures', () => {
  const r = (stderr: string, timedOut = false) => ({ stderr, stdout: '', timedOut, code: 1 });
  test('port already allocated, in those words, with the binding', () => {
    const c = classifyUpFailure(
      r(
        'ERROR: for backend  Cannot start service backend: driver failed programming external connectivity on endpoint p_backend_1: Bind for 0.0.0.0:8002 failed: port is already allocated',
      ),
    );
    assert.equal(c.kind, 'port-allocated');
    assert.match(c.detail, /port is already allocated \(0\.0\.0\.0:8002\)/);
  });
  test('a host port taken by a process (docker-proxy: listen tcp4 … address already in use): a port conflict, with its port', () => {
    const c = classifyUpFailure(
      r(
        'Error response from daemon: driver failed programming external connectivity on endpoint p-db-1: Error starting userland proxy: listen tcp4 0.0.0.0:5435: bind: address already in use',
      ),
    );
    assert.deepEqual([c.kind, c.hostPort], ['port-allocated', 5435]);
  });
  test('image not found', () =>
    assert.equal(classifyUpFailure(r('pull access denied for nope, repository does not exist')).kind, 'image-missing'));
  test('build failed', () =>
    assert.equal(
      classifyUpFailure(r("Service 'backend' failed to build : The command '/bin/sh -c false' returned a non-zero code: 1")).kind,
      'build-failed',
    ));
  test('timeout', () => assert.equal(classifyUpFailure(r('', true)).kind, 'up-timeout'));
  test("a registry's rate limit or 5xx on compose's own pull (a build's base image, say): its kind, not a missing image", () => {
    assert.equal(
      classifyUpFailure(
        r(
          ' db Error toomanyrequests: You have reached your pull rate limit.\nError response from daemon: toomanyrequests: You have reached your pull rate limit.',
        ),
      ).kind,
      'registry-rate-limit',
    );
    assert.equal(
      classifyUpFailure(
        r(
          'failed to solve: node:20: failed to resolve source metadata for docker.io/library/node:20: unexpected status from HEAD request to https://registry-1.docker.io/v2/library/node/manifests/20: 429 Too Many Requests',
        ),
      ).kind,
      'registry-rate-limit',
    );
    assert.equal(
      classifyUpFailure(r('Error response from daemon: received unexpected HTTP status: 503 Service Unavailable')).kind,
      'registry-unavailable',
    );
  });
});

test('docker inspect JSON: one-off containers are ignored, ports and health read', () => {
  const json = JSON.stringify([
    {
      Id: 'a',
      Name: '/p_backend_1',
      RestartCount: 1,
      State: {
        Status: 'running',
        ExitCode: 0,
        Pid: 4242,
        StartedAt: '2026-12-06T14:56:04.844968806Z',
        Health: { Status: 'unhealthy', Log: [{ ExitCode: 1, Output: 'wget: server returned error: HTTP/1.1 503\n' }] },
      },
      Config: {
        Labels: { 'com.docker.compose.service': 'backend' },
        Healthcheck: { Test: ['CMD-SHELL', 'wget -q localhost:8000/health'], Timeout: 3e9 },
      },
      HostConfig: {
        RestartPolicy: { Name: 'on-failure' },
        PortBindings: { '8000/tcp': [{ HostIp: '', HostPort: '8002' }], '9000/tcp': [] },
      },
      NetworkSettings: { Ports: { '8000/tcp': [{ HostIp: '0.0.0.0', HostPort: '8002' }], '9000/tcp': null } },
    },
    { Id: 'b', Name: '/p_run_1', State: { Status: 'running', ExitCode: 0 }, Config: { Labels: { 'com.docker.compose.oneoff': 'True' } } },
  ]);
  const [info, ...rest] = parseInspect(json);
  assert.equal(rest.length, 0);
  assert.equal(info!.service, 'backend');
  assert.equal(info!.health, 'unhealthy');
  assert.equal(info!.lastHealthOutput, 'wget: server returned error: HTTP/1.1 503');
  assert.deepEqual(info!.ports['8000/tcp'], [{ hostIp: '0.0.0.0', hostPort: 8002 }]);
  assert.deepEqual(info!.ports['9000/tcp'], []);
  assert.equal(info!.healthTimeoutMs, 3000);
  assert.equal(info!.restartPolicy, 'on-failure');
  assert.deepEqual(info!.publishes, ['8000/tcp'], 'what it asks to publish, bound or not');
  assert.equal(info!.pid, 4242);
  assert.equal(info!.startedAt, Date.UTC(2026, 11, 6, 14, 56, 4, 844));
});

test('docker inspect JSON: a container never started has no start time, and no pid', () => {
  const [info] = parseInspect(
    JSON.stringify([
      { Id: 'c', Name: '/p_x_1', State: { Status: 'created', ExitCode: 0, Pid: 0, StartedAt: '0001-01-01T00:00:00Z' }, Config: {} },
    ]),
  );
  assert.equal(info!.startedAt, undefined);
  assert.equal(info!.pid, 0);
  assert.deepEqual(info!.publishes, []);
});

describe('every started service: its host and published ports', () => {
  const c = (service: string, name: string, ports: ContainerInfo['ports']): ContainerInfo =>
    runningContainer({ id: name, name, service, ports });
  const v4 = (hostPort: number) => ({ hostIp: '0.0.0.0', hostPort });
  const v6 = (hostPort: number) => ({ hostIp: '::', hostPort });
  const containers = [
    c('alpine-test-postgres', 'p-alpine-test-postgres-1', { '5432/tcp': [v4(5435), v6(5435)] }),
    c('alpine-test-backend', 'p-alpine-test-backend-1', {
      '8000/tcp': [v4(8002)],
      '9229/tcp': [{ hostIp: '127.0.0.1', hostPort: 9229 }],
      '8080/tcp': [],
    }),
    c('alpine-test-migrate', 'p-alpine-test-migrate-1', {}),
    c('dns', 'p-dns-1', { '53/udp': [v4(5353)] }),
    c('web', 'p-web-2', { '80/tcp': [v4(32002)] }),
    c('web', 'p-web-1', { '80/tcp': [v4(32001)] }),
    c('not-started', 'p-other-1', { '1/tcp': [v4(1)] }),
  ];
  test('ports keyed by container port (udp named), exposed-only left out, the first replica, services that publish nothing included', () => {
    const started = ['alpine-test-postgres', 'alpine-test-backend', 'alpine-test-migrate', 'dns', 'web', 'gone'];
    assert.deepEqual(publishedPorts(containers, started, publishedReacher('localhost')), {
      'alpine-test-postgres': { host: 'localhost', ports: { '5432': 5435 } },
      'alpine-test-backend': { host: 'localhost', ports: { '8000': 8002, '9229': 9229 } },
      'alpine-test-migrate': { host: 'localhost', ports: {} },
      dns: { host: 'localhost', ports: { '53/udp': 5353 } },
      web: { host: 'localhost', ports: { '80': 32001 } },
    });
  });
  test('a remote engine: its host; its loopback-only bindings cannot be reached and are left out', () => {
    assert.deepEqual(publishedPorts(containers, ['alpine-test-backend'], publishedReacher('build-host.internal')), {
      'alpine-test-backend': { host: 'build-host.internal', ports: { '8000': 8002 } },
    });
  });
  test('variables: upper case, other characters _, as the contract names them', () => {
    assert.deepEqual(
      portVariables({
        'alpine-test-postgres': { host: 'localhost', ports: { '5432': 5435 } },
        dns: { host: '127.0.0.1', ports: { '53/udp': 5353 } },
        'my.svc': { host: 'localhost', ports: {} },
      }),
      {
        COMPOSE_HOST_ALPINE_TEST_POSTGRES: 'localhost',
        COMPOSE_PORT_ALPINE_TEST_POSTGRES_5432: '5435',
        COMPOSE_HOST_DNS: '127.0.0.1',
        COMPOSE_PORT_DNS_53_UDP: '5353',
        COMPOSE_HOST_MY_SVC: 'localhost',
      },
    );
  });
});

describe('definite answers: what waiting will not change', () => {
  const table: Array<[string, number | undefined, boolean]> = [
    ['http-status', 404, true],
    ['http-status', 400, true],
    ['http-status', 401, true],
    ['http-status', 405, true],
    ['http-status', 499, true],
    ['http-status', 408, false],
    ['http-status', 425, false],
    ['http-status', 429, false],
    ['http-status', 500, false],
    ['http-status', 503, false],
    ['http-status', 302, false],
    ['ws-rejected', 404, true],
    ['ws-rejected', 429, false],
    ['ws-rejected', 502, false],
    ['refused', undefined, false],
    ['timeout', undefined, false],
    ['reset', undefined, false],
    ['ok', 200, false],
  ];
  for (const [cls, status, expected] of table) {
    test(`${cls} ${status ?? ''}: ${expected ? 'definite' : 'keep waiting'}`, () => {
      assert.equal(definiteAnswer({ class: cls as ProbeClass, status }), expected);
    });
  }
});

describe('engineUnreachable: a dead engine, not a slow one', () => {
  const cases: Array<[string, boolean]> = [
    ['docker ps failed: Cannot connect to the Docker daemon at tcp://127.0.0.2:41234. Is the docker daemon running?', true],
    [
      'docker ps failed: error during connect: Get "http://127.0.0.2:41234/v1.41/containers/json": dial tcp 127.0.0.2:41234: connect: connection refused',
      true,
    ],
    ['docker inspect failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', true],
    ['docker ps failed: ', false],
    ['docker inspect failed: Error: No such object: 0123abcd', false],
  ];
  for (const [message, dead] of cases)
    test(`${dead ? 'dead' : 'not dead'}: ${message.slice(0, 60)}`, () => assert.equal(engineUnreachable(message), dead));
});

test('waitFailure: an exited container that was unhealthy exited; a running unhealthy one is unhealthy', () => {
  const base = { id: 'x', name: 'p-db-1', service: 'db', restartCount: 0, restartPolicy: 'no', ports: {} } as unknown as ContainerInfo;
  const failing = (c: Partial<ContainerInfo>) => ({
    ok: false as const,
    kind: 'exited' as const,
    reason: '',
    failing: [{ container: { ...base, ...c } as ContainerInfo, service: 'db', why: '' }],
    containers: [],
    probes: [],
    ready: [],
    durationMs: 0,
  });
  assert.equal(waitFailure(failing({ status: 'exited', exitCode: 1, health: 'unhealthy' })), 'exited');
  assert.equal(waitFailure(failing({ status: 'running', health: 'unhealthy' })), 'unhealthy');
  assert.equal(waitFailure(failing({ status: 'exited', exitCode: 1, restartCount: 2 })), 'restarting');
});
