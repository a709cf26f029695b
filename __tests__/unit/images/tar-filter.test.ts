/**
 * A tar copied without some members, as a stream: archives GNU tar writes in its own format (long
 * names in `L` headers) and in pax (`x` headers), and a member of several MB; what is left is what
 * tar lists, byte for byte, and a member is read back by its name.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { copyTarWithout, readTarMember } from '../../../src/images/tar-filter.js';

const long = `${'deep/'.repeat(30)}file-with-a-name-longer-than-a-hundred-characters.txt`;

function archive(format: 'gnu' | 'pax'): { dir: string; tar: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-tar-filter-'));
  const src = path.join(dir, 'src');
  fs.mkdirSync(path.join(src, path.dirname(long)), { recursive: true });
  fs.writeFileSync(path.join(src, long), 'long\n');
  fs.writeFileSync(path.join(src, 'manifest.json'), '[{"Layers":["a"]}]');
  fs.writeFileSync(path.join(src, 'big.bin'), Buffer.alloc(3 * 1024 * 1024 + 100, 7));
  fs.writeFileSync(path.join(src, 'drop-me'), 'x');
  const tar = path.join(dir, 'in.tar');
  execFileSync('tar', [`--format=${format}`, '-cf', tar, '-C', src, 'manifest.json', 'big.bin', 'drop-me', long]);
  return { dir, tar };
}

const listed = (tar: string): string[] => execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).trim().split('\n');

describe('a tar without some members', () => {
  for (const format of ['gnu', 'pax'] as const) {
    test(`${format}: the members dropped go with their long-name headers; the rest is kept whole`, async () => {
      const { dir, tar } = archive(format);
      const out = path.join(dir, 'out.tar');
      assert.deepEqual(await copyTarWithout(tar, out, (n) => n === 'drop-me' || n === long), ['drop-me', long]);
      assert.deepEqual(listed(out), ['manifest.json', 'big.bin']);
      const extracted = path.join(dir, 'x');
      fs.mkdirSync(extracted);
      execFileSync('tar', ['-xf', out, '-C', extracted]);
      assert.deepEqual(fs.readFileSync(path.join(extracted, 'big.bin')), fs.readFileSync(path.join(dir, 'src', 'big.bin')));
      // Only the short one dropped: the long name survives, as tar reads it.
      const kept = path.join(dir, 'kept.tar');
      await copyTarWithout(tar, kept, (n) => n === 'drop-me');
      assert.deepEqual(listed(kept), ['manifest.json', 'big.bin', long]);
      assert.equal((await readTarMember(kept, long))?.toString(), 'long\n');
      assert.equal((await readTarMember(tar, 'manifest.json'))?.toString(), '[{"Layers":["a"]}]');
      assert.equal(await readTarMember(tar, 'nothing'), undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  test('an archive cut short: rejected', async () => {
    const { dir, tar } = archive('gnu');
    fs.truncateSync(tar, 700);
    await assert.rejects(
      copyTarWithout(tar, path.join(dir, 'out.tar'), () => false),
      /cut short/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
