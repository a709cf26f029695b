/**
 * The build key's parts that need no engine: the build context hashed (what the `.dockerignore`
 * lets through, by content and mode, not times; links by target; large files streamed), the keys
 * made of it, what changed since the previous key's manifest, and cache-hit with built images.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { buildKeys, buildManifest } from '../../src/images/build-key.js';
import { firstChangedPath, whatChanged } from '../../src/images/build-change.js';
import type { BuildSource, ContextDigest } from '../../src/images/build-types.js';
import { hashContext, ignoreFileFor } from '../../src/images/context-hash.js';
import { layersToDrop } from '../../src/images/own-layers.js';
import { cacheHitOf } from '../../src/images/restore.js';
import type { ImageRecord } from '../../src/images/types.js';

const never = new AbortController().signal;

/** A context folder with these files (a mode of its own after a `|`: `run.sh|755`). */
function context(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-build-context-'));
  for (const [spec, text] of Object.entries(files)) {
    const [name, mode] = spec.split('|') as [string, string | undefined];
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
    if (mode) fs.chmodSync(path.join(dir, name), parseInt(mode, 8));
  }
  return dir;
}

const hashOf = async (dir: string, dockerfile?: string): Promise<ContextDigest> => hashContext(dir, ignoreFileFor(dir, dockerfile), never);

describe('the build context, hashed', () => {
  test('what the .dockerignore leaves out does not count; what it lets through does, by content and mode, not time', async () => {
    const dir = context({
      '.dockerignore': 'node_modules\n**/*.log\nsecret/\n!secret/public.txt\n',
      'app.py': 'print(1)\n',
      'run.sh|755': 'echo\n',
      'node_modules/x/index.js': 'x',
      'logs/a.log': 'a',
      'secret/key.pem': 'k',
      'secret/public.txt': 'p',
    });
    const before = await hashOf(dir);
    assert.deepEqual(
      before.entries.map((e) => `${e.kind} ${e.path}`),
      ['file .dockerignore', 'file app.py', 'dir logs', 'file run.sh', 'file secret/public.txt'],
    );
    assert.equal(before.entries.find((e) => e.path === 'run.sh')?.mode, '0755');

    fs.writeFileSync(path.join(dir, 'node_modules/x/index.js'), 'changed');
    fs.writeFileSync(path.join(dir, 'logs/a.log'), 'changed');
    fs.writeFileSync(path.join(dir, 'secret/key.pem'), 'changed');
    fs.utimesSync(path.join(dir, 'app.py'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    assert.equal((await hashOf(dir)).digest, before.digest, 'ignored files and times do not count');

    fs.chmodSync(path.join(dir, 'app.py'), 0o700);
    const moded = await hashOf(dir);
    assert.notEqual(moded.digest, before.digest, 'a mode counts');
    fs.chmodSync(path.join(dir, 'app.py'), 0o644);
    fs.writeFileSync(path.join(dir, 'secret/public.txt'), 'changed');
    assert.notEqual((await hashOf(dir)).digest, before.digest, 'a file kept by an exception counts');
  });

  test('a link by its target, never followed; a Dockerfile’s own ignore file before the context’s', async () => {
    const dir = context({
      '.dockerignore': 'a.txt\n',
      'a.txt': 'a',
      'b.txt': 'b',
      'Dockerfile.dockerignore': 'b.txt\n',
      Dockerfile: 'FROM x\n',
    });
    fs.symlinkSync('a.txt', path.join(dir, 'link'));
    const own = await hashOf(dir, path.join(dir, 'Dockerfile'));
    assert.deepEqual(
      own.entries.map((e) => e.path),
      ['.dockerignore', 'Dockerfile', 'Dockerfile.dockerignore', 'a.txt', 'link'],
    );
    const link = own.entries.find((e) => e.path === 'link')!;
    assert.equal(link.kind, 'link');
    assert.equal(link.digest, createHash('sha256').update('a.txt').digest('hex'));
    fs.writeFileSync(path.join(dir, 'a.txt'), 'changed');
    const after = await hashOf(dir, path.join(dir, 'Dockerfile'));
    assert.equal(after.entries.find((e) => e.path === 'link')?.digest, link.digest, 'the target’s content is not the link’s');
    assert.deepEqual(
      (await hashOf(dir, path.join(dir, 'other.Dockerfile'))).entries.map((e) => e.path),
      ['.dockerignore', 'Dockerfile', 'Dockerfile.dockerignore', 'b.txt', 'link'],
      "without a Dockerfile's own, the context's",
    );
  });

  test('a large file is hashed as a stream, to the digest of its content', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'z');
    const dir = context({ 'big.bin': big.toString() });
    const hashed = await hashOf(dir);
    assert.equal(hashed.entries[0]?.digest, createHash('sha256').update(big).digest('hex'));
    assert.equal(hashed.bytes, big.length);
  });

  test('a .dockerignore line that is no pattern: an error naming the file, the line and the pattern', async () => {
    const dir = context({ '.dockerignore': 'ok\nsrc/[a-\n', a: 'a' });
    await assert.rejects(hashOf(dir), /\.dockerignore line 2: "src\/\[a-" is not a pattern/);
  });

  test('stopped: rejects', async () => {
    const dir = context({ a: 'a' });
    await assert.rejects(hashContext(dir, undefined, AbortSignal.abort()), /abort/i);
  });
});

const source = (over: Partial<BuildSource> = {}): BuildSource => ({
  service: 'backend',
  image: undefined,
  context: '/ws/backend',
  where: 'backend: Dockerfile',
  dockerfile: '/ws/backend/Dockerfile',
  text: 'FROM python:3.12\nCOPY . /app\n',
  args: { A: '1' },
  target: undefined,
  platform: undefined,
  options: '',
  bases: ['docker.io/library/python:3.12'],
  pullPolicy: undefined,
  ...over,
});
const ctx = (digest: string, entries: ContextDigest['entries'] = []): ContextDigest => ({ digest, entries, bytes: 0, durationMs: 0 });
const bases = { 'docker.io/library/python:3.12': 'sha256:' + 'a'.repeat(64) };

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

describe('what changed since the previous key', () => {
  const entries = (...list: Array<[string, string]>): ContextDigest['entries'] =>
    list.map(([p, sig]) => {
      const [kind, mode, digest] = sig.split(' ') as ['file', string, string];
      return { path: p, kind, mode, digest };
    });
  const manifest = (over: Partial<BuildSource> = {}, list = entries(['a', 'file 0644 aa'], ['b/c', 'file 0644 bb']), b = bases) =>
    buildManifest('compose-or-staging-build-v1-x', source(over), ctx('c', list), b);

  test('the first thing that differs, in the order a person looks', () => {
    const before = manifest();
    const table: Array<[ReturnType<typeof manifest>, string | undefined]> = [
      [manifest(), undefined],
      [manifest({ text: 'FROM x\n' }), 'the Dockerfile changed'],
      [manifest({ target: 'test' }), 'target changed (none → test)'],
      [manifest({ platform: 'linux/arm64' }), 'platform changed (none → linux/arm64)'],
      [manifest({ args: { A: '2' } }), 'build arg A changed'],
      [manifest({ args: { A: '1', B: '1' } }), 'build arg B added'],
      [manifest({ args: {} }), 'build arg A removed'],
      [manifest({ options: '{"network":"host"}' }), 'the build options changed (labels, network, secrets, …)'],
      [
        manifest({}, undefined, { 'docker.io/library/python:3.12': 'sha256:' + 'e'.repeat(64) }),
        'base image docker.io/library/python:3.12 has a new digest',
      ],
      [manifest({}, entries(['a', 'file 0644 aa'], ['b/c', 'file 0644 cc'])), 'the context changed: first changed file b/c (changed)'],
      [
        manifest({}, entries(['a', 'file 0755 aa'], ['b/c', 'file 0644 bb'])),
        'the context changed: first changed file a (mode 0644 → 0755)',
      ],
      [
        manifest({}, entries(['a', 'file 0644 aa'], ['aa', 'file 0644 x'], ['b/c', 'file 0644 bb'])),
        'the context changed: first changed file aa (added)',
      ],
      [manifest({}, entries(['b/c', 'file 0644 bb'])), 'the context changed: first changed file a (removed)'],
      [manifest({}, entries(['a', 'link 0777 aa'], ['b/c', 'file 0644 bb'])), 'the context changed: first changed file a (now a link)'],
    ];
    for (const [after, want] of table) assert.equal(whatChanged(before, after), want);
  });

  test('the first changed path, at either end', () => {
    assert.equal(firstChangedPath([], [['z', 'file 0644 1']]), 'z (added)');
    assert.equal(firstChangedPath([['z', 'file 0644 1']], []), 'z (removed)');
    assert.equal(firstChangedPath([['a', 'f']], [['a', 'f']]), undefined);
  });
});

describe("a built image's entry: its own layers", () => {
  test('the files of the bottom layers a base image has as its own are dropped, no more', () => {
    const paths = ['blobs/sha256/a', 'blobs/sha256/b', 'blobs/sha256/c'];
    const ids = ['sha256:a', 'sha256:b', 'sha256:c'];
    assert.deepEqual(layersToDrop(paths, ids, [['sha256:a', 'sha256:b']]), ['blobs/sha256/a', 'blobs/sha256/b']);
    assert.deepEqual(
      layersToDrop(paths, ids, [['sha256:a'], ['sha256:a', 'sha256:b']]),
      ['blobs/sha256/a', 'blobs/sha256/b'],
      'the longest',
    );
    // A base of an earlier stage only: its layers are not below this image's.
    assert.deepEqual(layersToDrop(paths, ids, [['sha256:z', 'sha256:b']]), []);
    // A layer the build repeats (an empty one): the file stays for the kept layer.
    assert.deepEqual(layersToDrop(['e', 'x', 'e'], ['sha256:e', 'sha256:x', 'sha256:e'], [['sha256:e']]), []);
    assert.deepEqual(layersToDrop(['l1/layer.tar', 'l2/layer.tar'], ['sha256:a', 'sha256:b'], [['sha256:a']]), ['l1/layer.tar']);
    assert.deepEqual(layersToDrop(paths, ['sha256:a'], [['sha256:a']]), [], 'lists that do not line up');
  });
});

describe('cache-hit with built images', () => {
  const row = (state: ImageRecord['state'], key?: string): ImageRecord => ({
    image: 'x',
    written: 'x',
    services: ['s'],
    via: 'build',
    state,
    detail: '',
    ...(key ? { key } : {}),
  });
  test('a built image with a build key was looked for (a miss); one built every run, or present, was not', () => {
    assert.equal(cacheHitOf([row('restored', 'k'), row('built')]), 'true');
    assert.equal(cacheHitOf([row('restored', 'k'), row('built', 'k2')]), 'partial');
    assert.equal(cacheHitOf([row('built', 'k2'), row('present'), row('skipped')]), 'false');
    assert.equal(cacheHitOf([row('skipped'), row('present')]), 'true');
  });
});
