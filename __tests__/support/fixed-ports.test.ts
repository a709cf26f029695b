/** The cross-process lock on fixed host ports that test files share (support/fixed-ports.ts). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { holdPorts } from './fixed-ports.js';
import { sleep } from './time.js';

// Lock names only: nothing listens on them.
const lockOf = (port: number) => path.join(os.tmpdir(), `cos-test-port-${port}.lock`);
const PORT = 1_000_000 + (process.pid % 100_000);

test('a lock whose owner is gone is taken over; the holder releases it when its test ends', async (t) => {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a pid that has exited
  fs.writeFileSync(lockOf(PORT), String(dead));
  await t.test('held', async (sub) => {
    await holdPorts(sub, [PORT]);
    assert.equal(fs.readFileSync(lockOf(PORT), 'utf8'), String(process.pid));
  });
  assert.equal(fs.existsSync(lockOf(PORT)), false, 'released');
});

test('a lock a live process holds is waited for, and taken once released', async (t) => {
  fs.writeFileSync(lockOf(PORT + 1), String(process.ppid));
  let held = false;
  await t.test('held', async (sub) => {
    const holding = holdPorts(sub, [PORT + 1]).then(() => (held = true));
    await sleep(300);
    assert.equal(held, false, 'still waiting while the live owner holds it');
    fs.rmSync(lockOf(PORT + 1)); // the owner releases it
    await holding;
    assert.equal(fs.readFileSync(lockOf(PORT + 1), 'utf8'), String(process.pid));
  });
});
