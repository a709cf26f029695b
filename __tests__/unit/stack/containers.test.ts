/**
 * What the engine says of a stack's containers (src/stack/containers.ts): docker inspect's JSON read
 * (parseInspect), and which published binding of a port is reached, from which host (choosePublished).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { choosePublished, parseInspect } from '../../../src/stack/containers.js';

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
