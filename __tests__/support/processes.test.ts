/** What the tests read of processes in /proc: `alive` is false for a process that is gone, and for one that exited unreaped (a zombie). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { test } from 'node:test';
import { alive, processIds } from './processes.js';
import { until } from './time.js';

const state = (pid: number): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
};

test('alive: this process is; a running child is, and is gone once it has exited and been reaped', async () => {
  assert.equal(alive(process.pid), true);
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  await once(child, 'spawn');
  assert.equal(alive(child.pid!), true);
  assert.equal(processIds(child.pid!)?.ppid, process.pid);
  child.kill('SIGKILL');
  await once(child, 'exit');
  await until(() => state(child.pid!) === undefined, { what: 'the child reaped' });
  assert.equal(alive(child.pid!), false);
});

test('alive: a zombie (exited, its parent never reaps it) counts as gone', async (t) => {
  // sh starts a short background sleep, then becomes `sleep 600`, which never waits for it.
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 600'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => parent.kill('SIGKILL'));
  let out = '';
  parent.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  await until(() => out.includes('\n'), { what: 'the background pid' });
  const zombie = Number(out.trim());
  await until(() => state(zombie) === 'Z', { what: `process ${zombie} a zombie` });
  assert.equal(alive(zombie), false);
  assert.equal(alive(parent.pid!), true, 'its parent is alive');
});
