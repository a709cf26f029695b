/**
 * Where the step runs (src/docker/where.ts) and how it reaches the stack from there
 * (src/stack/reach.ts): the container id read from the mount table, the cgroup file or the host
 * name, the network to join, whether names resolve, and url-host over published ports.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { beginLocating } from '../../src/docker-path/location.js';
import { containerIdCandidates, looksLikeContainer } from '../../src/docker/where.js';
import type { Inputs } from '../../src/inputs.js';
import { Report } from '../../src/report/model.js';
import type { ContainerInfo } from '../../src/stack/containers.js';
import { hasEmbeddedDns, NetworkReacher, networkFor, publishedReacher } from '../../src/stack/reach.js';

const ID = '3f9c2a1b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a';
const OTHER = 'a'.repeat(64);

describe('where the step runs', () => {
  test('a container id from the mount table (cgroup v2: the engine mounts the container’s own hostname, hosts and resolv.conf)', () => {
    const mountinfo = [
      '1466 1401 0:320 / / rw,relatime master:535 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X',
      `1483 1466 259:1 /var/lib/docker/containers/${ID}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/root rw`,
      `1484 1466 259:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw,relatime - ext4 /dev/root rw`,
      // A volume that happens to hold another container's folder is not this container.
      `1490 1466 259:1 /srv/backup/containers/${OTHER}/config.v2.json /backup.json rw - ext4 /dev/root rw`,
    ].join('\n');
    assert.deepEqual(containerIdCandidates({ mountinfo, cgroup: '0::/\n', hostname: 'runner' }), [ID]);
  });

  test('cgroup v1 names the container; the host name (its short id by default) comes last', () => {
    const cgroup = `12:memory:/docker/${ID}\n11:cpu,cpuacct:/docker/${ID}\n`;
    assert.deepEqual(containerIdCandidates({ mountinfo: '', cgroup, hostname: ID.slice(0, 12) }), [ID, ID.slice(0, 12)]);
    assert.deepEqual(containerIdCandidates({ mountinfo: '', cgroup: `0::/system.slice/docker-${ID}.scope`, hostname: 'x' }), [ID]);
  });

  test('a host: no /.dockerenv and no id anywhere; a host name of hex letters alone does not make a container', () => {
    const host = {
      dockerenv: false,
      mountinfo: '22 27 0:21 / /proc rw - proc proc rw',
      cgroup: '0::/user.slice',
      hostname: 'cafe12345678',
    };
    assert.equal(looksLikeContainer(host), false);
    assert.equal(looksLikeContainer({ ...host, dockerenv: true }), true);
    assert.equal(looksLikeContainer({ ...host, cgroup: `12:memory:/docker/${ID}` }), true);
  });
});

const container = (networks: ContainerInfo['networks'], ports: ContainerInfo['ports'] = {}): ContainerInfo => ({
  id: 'c',
  name: 'p-backend-1',
  service: 'backend',
  status: 'running',
  exitCode: 0,
  oomKilled: false,
  restartCount: 0,
  restartPolicy: '',
  health: undefined,
  lastHealthOutput: undefined,
  healthTest: undefined,
  healthTimeoutMs: undefined,
  ports,
  networks,
  error: '',
});

describe('reaching the stack', () => {
  const net = { ip: '172.20.0.3', aliases: ['backend'] };

  test("the network to join: the project's default, else another of its own, else one this container is on, else the first; never host or none", () => {
    assert.equal(networkFor(container({ p_backend: net, p_default: net }), [], 'p'), 'p_default');
    assert.equal(networkFor(container({ p_backend: net, shared: net }), ['shared'], 'p'), 'p_backend', 'its own before a shared one');
    assert.equal(networkFor(container({ app_default: net, shared: net }), ['shared'], 'p'), 'shared');
    assert.equal(networkFor(container({ z_net: net, a_net: net }), [], 'p'), 'a_net');
    assert.equal(networkFor(container({ host: net }), [], 'p'), undefined);
  });

  test("by service name on the project's network; by address on Docker's default bridge (no names there) or without embedded DNS", () => {
    const job = { id: 'j', networks: ['p_default', 'bridge'] };
    const env = {};
    const byName = new NetworkReacher({ project: 'p', container: job, env, namesResolve: true });
    assert.deepEqual(byName.endpoint(container({ p_default: net }), '8000/tcp'), { host: 'backend', port: 8000 });
    assert.deepEqual(byName.endpoint(container({ bridge: { ip: '172.17.0.4', aliases: [] } }), '8000/tcp'), {
      host: '172.17.0.4',
      port: 8000,
    });
    const byAddress = new NetworkReacher({ project: 'p', container: job, env, namesResolve: false });
    assert.deepEqual(byAddress.endpoint(container({ p_default: net }), '5432/tcp'), { host: '172.20.0.3', port: 5432 });
    assert.deepEqual(byAddress.endpoint(container({ p_default: { ip: 'fd00::3', aliases: [] } }), '80/tcp'), {
      host: '[fd00::3]',
      port: 80,
    });
    assert.equal(byAddress.defaultHost(container({ p_default: net })), '172.20.0.3');
  });

  test("names resolve when the resolver is Docker's embedded DNS", () => {
    assert.equal(hasEmbeddedDns('# Generated by Docker Engine.\nnameserver 127.0.0.11\noptions ndots:0\n'), true);
    assert.equal(hasEmbeddedDns('nameserver 10.0.0.2\nsearch example.internal\n'), false);
  });

  test("url-host names every URL with the published port; a binding on the engine's loopback only when url-host is loopback too", () => {
    const c = container(
      {},
      { '8000/tcp': [{ hostIp: '0.0.0.0', hostPort: 32768 }], '9000/tcp': [{ hostIp: '127.0.0.1', hostPort: 32769 }] },
    );
    assert.deepEqual(publishedReacher('localhost', 'host.docker.internal').endpoint(c, '8000/tcp'), {
      host: 'host.docker.internal',
      port: 32768,
    });
    assert.equal(
      publishedReacher('localhost', 'host.docker.internal').endpoint(c, '9000/tcp'),
      undefined,
      'not reachable from another host: says so at once',
    );
    assert.deepEqual(publishedReacher('localhost', '127.0.0.1').endpoint(c, '9000/tcp'), { host: '127.0.0.1', port: 32769 });
    assert.deepEqual(publishedReacher('localhost').endpoint(c, '8000/tcp'), { host: 'localhost', port: 32768 });
    assert.equal(publishedReacher('localhost', 'h').endpoint(c, '7000/tcp'), undefined, 'not published: not reachable');
    assert.equal(publishedReacher('localhost', 'h').defaultHost(c), 'h');
  });

  test("the Docker path's reacher names url-host for a service none of whose ports is reached, as for the others", async () => {
    const report = new Report();
    const location = beginLocating({ inputs: { urlHost: 'host.docker.internal' } as Inputs, report, env: {} }, undefined, 'p');
    const reacher = location.reacher('localhost');
    assert.equal(reacher.defaultHost(container({})), 'host.docker.internal');
    await location.record('localhost');
    assert.deepEqual(report.checks.find((x) => x.id === 'docker.location')?.data, { kind: 'url-host' });
  });
});
