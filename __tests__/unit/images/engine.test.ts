/**
 * What the engine has (src/images/engine.ts): which images it lacks, from one docker image inspect
 * (lackedFromInspect); its image list read as canonical references (parseImageList); the digest an
 * image was pulled by (repoDigestFor).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lackedFromInspect, parseImageList, repoDigestFor } from '../../../src/images/engine.js';
import { parseReference, type ImageReference } from '../../../src/images/reference.js';

const ref = (s: string): ImageReference => parseReference(s) as ImageReference;

describe('which images the engine lacks, from one docker image inspect', () => {
  const refs = ['docker.io/library/busybox:1', '127.0.0.1:5000/cos/db:1'];
  test('all there: none; each "No such image" line, in the short name the engine may give, is one', () => {
    assert.deepEqual([...lackedFromInspect(0, '', refs)!], []);
    assert.deepEqual(
      [
        ...lackedFromInspect(
          1,
          'Error response from daemon: No such image: busybox:1\nError: No such image: 127.0.0.1:5000/cos/db:1\n',
          refs,
        )!,
      ],
      refs,
    );
  });
  test('anything else (no daemon, an image not asked about): it cannot say', () => {
    assert.equal(lackedFromInspect(1, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.', refs), undefined);
    assert.equal(lackedFromInspect(1, 'Error: No such image: other:1', refs), undefined);
    assert.equal(lackedFromInspect(1, '', refs), undefined);
  });
});

describe('what the engine has', () => {
  test('docker image ls rows as canonical references, by tag and by repository digest; <none> left out', () => {
    const d = `sha256:${'b'.repeat(64)}`;
    const list = parseImageList(
      [`busybox\tlatest\t${d}`, `127.0.0.1:5000/cos/web\tv1\t<none>`, '<none>\t<none>\t<none>', `ghcr.io/acme/app\t<none>\t${d}`, ''].join(
        '\n',
      ),
    );
    assert.deepEqual(
      [...list].sort(),
      ['127.0.0.1:5000/cos/web:v1', `docker.io/library/busybox:latest`, `docker.io/library/busybox@${d}`, `ghcr.io/acme/app@${d}`].sort(),
    );
  });

  test("the digest an image was pulled by: its own repository's, whatever the spelling", () => {
    const d1 = `sha256:${'1'.repeat(64)}`;
    const d2 = `sha256:${'2'.repeat(64)}`;
    const json = JSON.stringify([`127.0.0.1:5000/other@${d1}`, `busybox@${d2}`]);
    assert.equal(repoDigestFor(ref('docker.io/library/busybox:1.36'), json), d2);
    assert.equal(repoDigestFor(ref('127.0.0.1:5000/cos/web:v1'), json), undefined);
    assert.equal(repoDigestFor(ref('busybox'), 'not json'), undefined);
    assert.equal(repoDigestFor(ref('busybox'), '{"a":1}'), undefined);
  });
});
