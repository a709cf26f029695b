/** stack/observe/listeners.ts: the host's /proc is read only for the container the pid belongs to. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readHostTable } from '../../../../src/stack/observe/listeners.js';
import { tempDir } from '../../../support/temp.js';

test('readHostTable: the pid is the container only when its cgroup names the id; tcp6 may be absent', (t) => {
  const proc = tempDir(t, 'cos-proc-');
  const id = 'c0ffee'.repeat(10);
  const pid = (n: number, cgroup: string, tcp6 = true): void => {
    fs.mkdirSync(path.join(proc, String(n), 'net'), { recursive: true });
    fs.writeFileSync(path.join(proc, String(n), 'cgroup'), cgroup);
    fs.writeFileSync(path.join(proc, String(n), 'net', 'tcp'), 'TCP4');
    if (tcp6) fs.writeFileSync(path.join(proc, String(n), 'net', 'tcp6'), 'TCP6');
  };
  pid(10, `0::/docker/${id}\n`);
  pid(11, `0::/system.slice/docker-${id}.scope\n`, false);
  pid(12, '0::/user.slice/some-other-process\n');
  assert.equal(readHostTable({ id, pid: 10 }, proc), 'TCP4\nTCP6');
  assert.equal(readHostTable({ id, pid: 11 }, proc), 'TCP4\n', 'systemd cgroup driver; IPv6 off');
  assert.equal(readHostTable({ id, pid: 12 }, proc), undefined, 'another process under that number (a step in a container)');
  assert.equal(readHostTable({ id, pid: 13 }, proc), undefined, 'no such process here (a remote engine)');
  assert.equal(readHostTable({ id, pid: 0 }, proc), undefined, 'not running');
});
