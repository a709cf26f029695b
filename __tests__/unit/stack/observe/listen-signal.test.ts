/**
 * stack/observe/listen-signal.ts: a container that begins to listen on a new socket is a signal;
 * what it listened on when first watched is not. Read from a /proc of the test's own, on a clock
 * the test moves.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ListenSignal, newSockets } from '../../../../src/stack/observe/listen-signal.js';
import { FakeTimers } from '../../../support/fake-timers.js';
import { tempDir } from '../../../support/temp.js';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
/** One /proc/net/tcp line for a socket on 0.0.0.0:port in state `st` (0A listening, 01 established). */
const line = (n: number, port: number, st = '0A'): string =>
  `   ${n}: 00000000:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 ${st} 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n`;

test('newSockets: the listening sockets not seen before', () => {
  const seen = new Set(['00000000:5432']);
  assert.deepEqual(
    newSockets(seen, [
      { address: '00000000', port: 5432, loopback: false },
      { address: '0100007F', port: 6379, loopback: true },
    ]),
    ['0100007F:6379'],
  );
});

test('a watched container that starts listening signals at the next poll, once; one that cannot be read here is not watched', async (t) => {
  const proc = tempDir(t, 'cos-proc-');
  const id = 'ab12'.repeat(16);
  fs.mkdirSync(path.join(proc, '42', 'net'), { recursive: true });
  fs.writeFileSync(path.join(proc, '42', 'cgroup'), `0::/docker/${id}\n`);
  const tcp = path.join(proc, '42', 'net', 'tcp');
  fs.writeFileSync(tcp, HEADER + line(0, 9000));
  const timers = new FakeTimers();
  const heard: string[] = [];
  const s = new ListenSignal((key) => heard.push(key), timers, proc);
  assert.equal(s.watch('db', { id, pid: 42 }), true);
  assert.equal(s.watch('elsewhere', { id: 'ff'.repeat(32), pid: 42 }), false, 'pid 42 is not that container here');
  await timers.advance(1000);
  assert.deepEqual(heard, [], 'what it listened on already is no news; an established connection neither');
  fs.writeFileSync(tcp, HEADER + line(0, 9000) + line(1, 5432, '01'));
  await timers.advance(1000);
  assert.deepEqual(heard, []);
  fs.writeFileSync(tcp, HEADER + line(0, 9000) + line(1, 5432));
  await timers.advance(100);
  assert.deepEqual(heard, ['db']);
  await timers.advance(1000);
  assert.deepEqual(heard, ['db'], 'once');
  s.close();
  assert.equal(timers.armed, 0);
});
