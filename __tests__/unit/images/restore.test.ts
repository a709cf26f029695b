/**
 * The image restore (src/images/restore.ts): the cache-hit output (cacheHitOf), with built images
 * too; an entry's file (imageFile).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cacheHitOf, imageFile } from '../../../src/images/restore.js';
import type { ImageRecord } from '../../../src/images/types.js';
import { imageRow } from '../../support/report.js';

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

describe('what the engine has', () => {
  test("an entry's file: the same path for the same platform and image, another for another", () => {
    const a = imageFile('linux/amd64', 'docker.io/library/busybox:latest');
    assert.equal(a, imageFile('linux/amd64', 'docker.io/library/busybox:latest'));
    assert.notEqual(a, imageFile('linux/arm64', 'docker.io/library/busybox:latest'));
    assert.notEqual(a, imageFile('linux/amd64', 'docker.io/library/busybox:1'));
    assert.match(path.basename(a), /^[0-9a-f]{24}\.tar$/);
  });
});

describe('cache-hit', () => {
  test('true when every image the engine lacked came from the cache (or it lacked none), partial when some, false when none', () => {
    assert.equal(
      cacheHitOf([imageRow('restored'), imageRow('restored-older'), imageRow('present'), imageRow('built'), imageRow('skipped')]),
      'true',
    );
    assert.equal(cacheHitOf([imageRow('present')]), 'true');
    assert.equal(cacheHitOf([imageRow('restored'), imageRow('pulled')]), 'partial');
    assert.equal(cacheHitOf([imageRow('pulled'), imageRow('missing'), imageRow('present')]), 'false');
    // An image pinned by digest that the engine lacks is missing (compose pulls it): not a hit.
    assert.equal(cacheHitOf([imageRow('restored'), imageRow('missing')]), 'partial');
  });
});
