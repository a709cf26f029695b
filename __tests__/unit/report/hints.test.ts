/** The hint for a failed check (src/report/hints.ts: hintFor): the table, and what a check's data refines. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hintFor } from '../../../src/report/hints.js';

describe('an sshd that drops compose’s connections during up', () => {
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
