/**
 * The cache service stand-in speaks what @actions/cache 6 speaks: the library itself saves
 * through it (a small file: Put Blob; a file above the block size: Put Block + Put Block List),
 * restores by key and by restore key, and finds nothing for an unknown key; a service answering
 * 500 or refusing connections fails the library's calls as the real one would.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { startCacheService, type CacheService } from './cache-service.js';
import { tempDir } from './temp.js';

type CacheModule = typeof import('@actions/cache');

/** Point the library at `service` for this test: it reads the environment on each call. */
async function useService(t: TestContext, service: CacheService): Promise<CacheModule> {
  const saved = Object.fromEntries(Object.keys(service.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, service.env);
  t.after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  return import('@actions/cache');
}

function workdir(t: TestContext): string {
  const dir = tempDir(t, 'cos-cache-');
  return dir;
}

describe('the cache service stand-in, driven by @actions/cache itself', () => {
  test('save then restore, by key and by restore key; an unknown key finds nothing', async (t) => {
    const service = await startCacheService();
    t.after(() => service.close());
    const cache = await useService(t, service);
    const dir = workdir(t);
    const file = path.join(dir, 'image.tar');
    const content = randomBytes(64 * 1024);
    fs.writeFileSync(file, content);
    const id = await cache.saveCache([file], 'cos-image-busybox-sha256:abc');
    assert.ok(id > 0, `saved as entry ${id}`);
    assert.deepEqual(
      service.requests.filter((r) => !r.startsWith('GET')),
      ['POST CreateCacheEntry', 'PUT blob', 'POST FinalizeCacheEntryUpload'],
    );
    fs.rmSync(file);
    assert.equal(await cache.restoreCache([file], 'cos-image-busybox-sha256:abc'), 'cos-image-busybox-sha256:abc');
    assert.deepEqual(fs.readFileSync(file), content);
    fs.rmSync(file);
    assert.equal(await cache.restoreCache([file], 'cos-image-busybox-sha256:new', ['cos-image-busybox-']), 'cos-image-busybox-sha256:abc');
    assert.deepEqual(fs.readFileSync(file), content);
    assert.equal(await cache.restoreCache([file], 'cos-image-other', [], { lookupOnly: true }), undefined);
  });

  test('slowLookups: the next lookups are answered late, with the same answer; the ones after at once', async (t) => {
    const service = await startCacheService();
    t.after(() => service.close());
    const cache = await useService(t, service);
    const file = path.join(workdir(t), 'image.tar');
    fs.writeFileSync(file, 'x');
    await cache.saveCache([file], 'cos-slow-key');
    service.slowLookups(1, 1500);
    const late = performance.now();
    assert.equal(await cache.restoreCache([file], 'cos-slow-key', [], { lookupOnly: true }), 'cos-slow-key');
    // Held back at least as long as asked (a lower bound: nothing here depends on the machine's speed).
    assert.ok(performance.now() - late >= 1500, `answered after ${performance.now() - late} ms`);
    assert.equal(await cache.restoreCache([file], 'cos-other', [], { lookupOnly: true }), undefined);
    assert.equal(service.requests.filter((r) => r === 'POST GetCacheEntryDownloadURL').length, 2);
  });

  test('an incompressible 3 MiB file round-trips byte for byte', async (t) => {
    const service = await startCacheService();
    t.after(() => service.close());
    const cache = await useService(t, service);
    const dir = workdir(t);
    const file = path.join(dir, 'big.bin');
    const content = randomBytes(3 * 1024 * 1024);
    fs.writeFileSync(file, content);
    assert.ok((await cache.saveCache([file], 'cos-big')) > 0);
    fs.rmSync(file);
    assert.equal(await cache.restoreCache([file], 'cos-big'), 'cos-big');
    assert.deepEqual(fs.readFileSync(file), content);
  });

  test('blocks (what the library sends above 128 MiB): Put Block in any order, Put Block List assembles them in the listed order', async (t) => {
    const service = await startCacheService();
    t.after(() => service.close());
    // A signed upload URL, as CreateCacheEntry gives it.
    const created = (await (
      await fetch(`${service.env.ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry`, {
        method: 'POST',
        headers: { authorization: `Bearer ${service.env.ACTIONS_RUNTIME_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'cos-blocks', version: 'v' }),
      })
    ).json()) as { ok: boolean; signed_upload_url: string };
    assert.equal(created.ok, true);
    const { BlockBlobClient } = await import('@azure/storage-blob');
    const content = randomBytes(10_000);
    // The Azure SDK itself, told to upload in 1 KiB blocks.
    await new BlockBlobClient(created.signed_upload_url).uploadData(content, { maxSingleShotSize: 1024, blockSize: 1024, concurrency: 4 });
    assert.ok(service.requests.filter((r) => r === 'PUT block').length >= 10, service.requests.join(', '));
    assert.deepEqual(service.requests.at(-1), 'PUT blocklist');
    assert.deepEqual(service.entries[0]!.bytes, content);
  });

  // A 500 too, but the library retries it 5 times over ~30 s (3 s, ×1.5 each): the action must
  // bound that itself; here a status it does not retry.
  test('a service answering 400, or refusing connections: the library reports failure at once', async (t) => {
    const service = await startCacheService();
    const cache = await useService(t, service);
    const dir = workdir(t);
    const file = path.join(dir, 'x.bin');
    fs.writeFileSync(file, 'x');
    service.failWith(400);
    // restoreCache warns and returns undefined on a service error.
    assert.equal(await cache.restoreCache([file], 'cos-x', [], { lookupOnly: true }), undefined);
    assert.equal(service.requests.filter((r) => r === 'POST GetCacheEntryDownloadURL').length, 1);
    await service.close();
    assert.equal(await cache.restoreCache([file], 'cos-x', [], { lookupOnly: true }), undefined);
  });
});
