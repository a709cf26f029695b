/** The build key (src/images/build-key.ts): its shape, what makes it, and its manifest. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { buildKeys, buildManifest } from '../../../src/images/build-key.js';
import { bases, ctx, source } from '../../support/build-source.js';

describe('the build key', () => {
  test('its shape; the same inputs, the same key; each input its own', () => {
    const k = buildKeys('linux/amd64', source(), ctx('c1'), bases);
    assert.match(k.key!, /^compose-or-staging-build-v1-linux\/amd64-backend-[0-9a-f]{12}-[0-9a-f]{32}-[0-9a-f]{16}$/);
    assert.equal(buildKeys('linux/amd64', source(), ctx('c1'), { ...bases }).key, k.key);
    const others = [
      buildKeys('linux/arm64', source(), ctx('c1'), bases),
      buildKeys('linux/amd64', source({ text: 'FROM python:3.12\nCOPY . /srv\n' }), ctx('c1'), bases),
      buildKeys('linux/amd64', source({ args: { A: '2' } }), ctx('c1'), bases),
      buildKeys('linux/amd64', source({ target: 'test' }), ctx('c1'), bases),
      buildKeys('linux/amd64', source({ platform: 'linux/arm64' }), ctx('c1'), bases),
      buildKeys('linux/amd64', source({ options: '{"labels":{"a":"b"}}' }), ctx('c1'), bases),
      buildKeys('linux/amd64', source(), ctx('c2'), bases),
      buildKeys('linux/amd64', source(), ctx('c1'), { 'docker.io/library/python:3.12': 'sha256:' + 'b'.repeat(64) }),
    ].map((o) => o.key);
    assert.equal(new Set([k.key, ...others]).size, others.length + 1, others.join('\n'));
  });

  test('a base image’s new digest keeps the content part: the outage’s restore key is the same', () => {
    const a = buildKeys('linux/amd64', source(), ctx('c1'), bases);
    const b = buildKeys('linux/amd64', source(), ctx('c1'), { 'docker.io/library/python:3.12': 'sha256:' + 'c'.repeat(64) });
    const outage = buildKeys('linux/amd64', source(), ctx('c1'), undefined);
    assert.equal(outage.key, undefined);
    assert.equal(outage.manifestKey, undefined);
    assert.deepEqual(outage.restoreKeys, a.restoreKeys);
    assert.deepEqual(b.restoreKeys, a.restoreKeys);
    assert.ok(a.key!.startsWith(a.restoreKeys[0]!));
  });

  test('one scope, one entry name (the library’s version hashes it); another place or service, another', () => {
    const a = buildKeys('linux/amd64', source(), ctx('c1'), bases);
    const b = buildKeys('linux/amd64', source({ args: { A: '9' } }), ctx('c9'), bases);
    assert.equal(a.entryName, b.entryName);
    assert.equal(a.manifestName, b.manifestName);
    assert.equal(a.manifestPrefix, b.manifestPrefix);
    assert.ok(a.manifestKey!.startsWith(a.manifestPrefix));
    assert.notEqual(buildKeys('linux/amd64', source({ where: 'api: Dockerfile' }), ctx('c1'), bases).entryName, a.entryName);
    assert.notEqual(buildKeys('linux/amd64', source({ service: 'worker' }), ctx('c1'), bases).manifestPrefix, a.manifestPrefix);
  });

  test('a service name unfit for a key is hashed; no key holds a comma', () => {
    const k = buildKeys('linux/amd64', source({ service: 'a'.repeat(200) }), ctx('c1'), bases);
    assert.match(k.key!, /-[0-9a-f]{16}-[0-9a-f]{12}-/);
    assert.ok(k.key!.length < 200);
    assert.ok(!k.key!.includes(','));
  });

  test('its manifest hashes build arg values (they may be secrets)', () => {
    const m = buildManifest('k', source({ args: { TOKEN: 's3cret-value' } }), ctx('c1'), bases);
    assert.ok(!JSON.stringify(m).includes('s3cret-value'));
    assert.equal(m.args.TOKEN, createHash('sha256').update('s3cret-value').digest('hex'));
  });
});
