/** The hint for a failed check (src/report/hints.ts: hintFor): the table, and what a check's data refines. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FAILURE_KINDS } from '../../../src/failure-kinds.js';
import { hintFor } from '../../../src/report/hints.js';
import { sketch, type SketchCheck } from '../../support/report.js';
import { failureCases } from '../../support/failure-cases.js';

describe('an sshd that drops compose’s connections during up', () => {
  test('a key the engine refuses at the start gets the key and known_hosts advice instead', () => {
    const hint = hintFor(
      sketch({
        id: 'docker.availability',
        title: 'Docker',
        status: 'failed',
        durationMs: 0,
        detail: 'The SSH connection to the Docker engine failed: … stderr=ci@build-host: Permission denied (publickey).',
        failure: 'engine-ssh',
        data: { endpoint: 'ssh://ci@build-host' },
      }),
    );
    assert.match(hint!, /known_hosts/);
    assert.doesNotMatch(hint!, /MaxStartups/);
  });
});

describe('hints', () => {
  test('FAILURE_KINDS lists each kind once, and every kind has a hint with or without data', () => {
    assert.equal(new Set(FAILURE_KINDS).size, FAILURE_KINDS.length);
    assert.deepEqual([...FAILURE_KINDS].sort(), Object.keys(failureCases).sort());
    for (const kind of FAILURE_KINDS) {
      for (const id of ['wait', 'wait.http', 'staging.backend-health', 'compose.up']) {
        const hint = hintFor(sketch({ id, title: 't', status: 'failed', durationMs: 0, detail: '', failure: kind }));
        assert.ok(hint && hint.length > 20, `${kind} at ${id} has no hint`);
        assert.equal(hint.split('`').length % 2, 1, `${kind}: unbalanced backticks in "${hint}"`);
      }
    }
  });

  test("a check's own hint wins over the table; no failure and no hint: none", () => {
    const base = { id: 'wait', title: 't', status: 'failed' as const, durationMs: 0, detail: '' };
    assert.equal(hintFor(sketch({ ...base, failure: 'exited', hint: 'Run the migrations first.' })), 'Run the migrations first.');
    assert.equal(hintFor(sketch(base)), undefined);
  });

  test('data refines the hint', () => {
    const h = (over: Partial<SketchCheck>): string =>
      hintFor(
        sketch({
          id: 'staging.backend-health',
          title: 't',
          status: 'failed',
          durationMs: 0,
          detail: '',
          failure: 'health-status',
          ...over,
        }),
      )!;
    assert.match(h({ data: { status: 401 } }), /staging-token/);
    assert.match(h({ data: { status: 503 } }), /deployment/);
    assert.match(
      h({ id: 'wait.http', data: { status: 404, path: '/h', input: 'auth-health-path' } }),
      /`auth-health-path` \(currently `\/h`\)/,
    );
    assert.match(h({ data: { status: 404, url: 'https://stg/api/health' } }), /`health-path` \(probed `https:\/\/stg\/api\/health`\)/);
    const unpublished = h({
      id: 'compose.services',
      failure: 'port-not-published',
      data: { input: 'auth-port', service: 'alpine-test-auth', containerPort: 9000 },
    });
    assert.match(unpublished, /`ports: \["9000"\]` to `alpine-test-auth`.*set `auth-port` to the port it listens on \(currently 9000\)/);
    assert.doesNotMatch(unpublished, /backend-port/);
    const tls = (detail: string): string =>
      hintFor(sketch({ id: 'staging.backend-health', title: 't', status: 'failed', durationMs: 0, detail, failure: 'tls' }))!;
    assert.match(tls('TLS error: certificate expired (CERT_HAS_EXPIRED)'), /expired/);
    assert.match(tls('TLS error: certificate is for another host name (ERR_TLS_CERT_ALTNAME_INVALID)'), /host name.*staging-backend-url/);
    assert.match(
      hintFor(
        sketch({
          id: 'compose.files',
          title: 't',
          status: 'failed',
          durationMs: 0,
          detail: '',
          failure: 'file-found-elsewhere',
          data: { foundAt: 'a`b' },
        }),
      )!,
      /`a'b`/,
      'a backtick in data cannot break the code span',
    );
  });
});
