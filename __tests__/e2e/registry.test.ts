/**
 * A real registry on loopback (Debian's docker-registry): an image pushed to it by the engine is
 * found by its digest without a pull, the same digest the engine recorded for the push; once the
 * registry is stopped (an outage), the answer is "unreachable", naming it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headDigest } from '../../src/images/registry.js';
import { parseReference, type ImageReference } from '../../src/images/reference.js';
import { dockerOk, requireDocker } from '../support/docker.js';
import { ensureTestImages } from '../support/images.js';
import { startRegistry } from '../support/registry.js';

test('a registry on loopback: the digest of a pushed tag, without a pull; unreachable once it stops', async (t) => {
  if (!(await requireDocker(t))) return;
  const registry = await startRegistry();
  if (!registry) {
    if (process.env.CI === 'true') throw new Error('docker-registry is not installed (CI=true, so this is not skipped)');
    return t.skip('needs docker-registry (Debian package)');
  }
  t.after(() => registry.remove());
  const { busybox } = await ensureTestImages();
  const tag = `${registry.host}/cos/busybox:bench`;
  await dockerOk(['tag', busybox, tag]);
  t.after(() => dockerOk(['rmi', tag]).catch(() => undefined));
  await dockerOk(['push', tag], { timeoutMs: 120_000 });
  const pushed = JSON.parse(await dockerOk(['inspect', '--format', '{{json .RepoDigests}}', tag])) as string[];
  const recorded = pushed.find((d) => d.startsWith(`${registry.host}/cos/busybox@`))?.split('@')[1];
  assert.ok(recorded, JSON.stringify(pushed));

  const ref = parseReference(tag) as ImageReference;
  const answer = await headDigest(ref, { timeoutMs: 10_000 });
  assert.deepEqual(answer.ok ? answer.digest : answer, recorded);

  await registry.stop();
  const outage = await headDigest(ref, { timeoutMs: 10_000 });
  assert.equal(outage.ok ? 'ok' : outage.kind, 'unreachable');
  assert.match(outage.ok ? '' : outage.detail, new RegExp(`^${registry.host.replace(/\./g, '\\.')} could not be asked about`));
});
