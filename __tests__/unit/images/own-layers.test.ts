/** A built image's entry keeps its own layers only (src/images/own-layers.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { layersToDrop } from '../../../src/images/own-layers.js';

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
