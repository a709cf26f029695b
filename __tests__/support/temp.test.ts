/** tempDir: a fresh folder named by its prefix, removed with what it holds once the test that asked for it ends. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempDir } from './temp.js';

test('tempDir: made under the system temp folder, then removed with its contents after the (sub)test', async (t) => {
  let made = '';
  await t.test('uses it', (sub) => {
    made = tempDir(sub, 'cos-temp-test-');
    assert.equal(path.dirname(made), os.tmpdir());
    assert.match(path.basename(made), /^cos-temp-test-.{6}$/);
    fs.mkdirSync(path.join(made, 'deep', 'er'), { recursive: true });
    fs.writeFileSync(path.join(made, 'deep', 'er', 'file'), 'x');
  });
  assert.ok(made);
  assert.equal(fs.existsSync(made), false, 'removed once the subtest ended');
});

test('tempDir: two asks, two folders', (t) => {
  assert.notEqual(tempDir(t, 'cos-temp-test-'), tempDir(t, 'cos-temp-test-'));
});
