/** The image restore's cache-hit output with built images (src/images/restore.ts: cacheHitOf). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cacheHitOf } from '../../../src/images/restore.js';
import type { ImageRecord } from '../../../src/images/types.js';

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
