/** Whether a stack's files mount host paths (src/docker-path/binds.ts: mountsHostPaths), from a raw prediction. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawModel } from '../../../src/compose/model.js';
import { mountsHostPaths } from '../../../src/docker-path/binds.js';

test('a raw prediction: extends may mount anything (yes); a named volume alone, no; a relative bind, yes', () => {
  assert.equal(mountsHostPaths({ model: rawModel(['services:\n  web:\n    extends: base\n  base:\n    image: x\n'], {}) }), true);
  assert.equal(mountsHostPaths({ model: rawModel(['services:\n  web:\n    image: x\n    volumes: [cache:/c]\n'], {}) }), false);
  assert.equal(mountsHostPaths({ model: rawModel(['services:\n  web:\n    image: x\n    volumes: [./d:/d]\n'], {}) }), true);
});
