/**
 * Where the step runs (src/docker/where.ts): the container id read from the mount table, the
 * cgroup file or the host name. How it reaches the stack from there: stack/reach.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containerIdCandidates, looksLikeContainer } from '../../../src/docker/where.js';

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
