/** Where the image cache's process of its own finds its script (src/images/cache-child.ts: cacheChildArgv). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cacheChildArgv } from '../../../src/images/cache-child.js';
import { tempDir } from '../../support/temp.js';

test('its script: dist/cache/index.js beside the bundle that asks; else the entry in src/, with the loader this process has', (t) => {
  const dir = tempDir(t, 'cos-cache-script-');
  const main = pathToFileURL(path.join(dir, 'main', 'index.js')).href;
  assert.deepEqual(cacheChildArgv(main, ['--import', 'tsx', '--enable-source-maps']), [
    '--import',
    'tsx',
    path.join(dir, 'entries', 'cache.ts'),
  ]);
  fs.mkdirSync(path.join(dir, 'cache'));
  fs.writeFileSync(path.join(dir, 'cache', 'index.js'), '');
  assert.deepEqual(cacheChildArgv(main, ['--import', 'tsx']), [path.join(dir, 'cache', 'index.js')]);
});
