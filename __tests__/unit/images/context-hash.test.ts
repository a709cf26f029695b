/**
 * The build context hashed (src/images/context-hash.ts): what the `.dockerignore` lets through, by
 * content and mode, not times; links by target; large files streamed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ContextDigest } from '../../../src/images/build-types.js';
import { hashContext, ignoreFileFor } from '../../../src/images/context-hash.js';

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
