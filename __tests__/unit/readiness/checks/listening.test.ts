import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeListening, parseListeners } from '../../../../src/readiness/checks/listening.js';

describe('listening inside the container', () => {
  // Recorded from a container: node listening on :: 8000, and a connection.
  const tcp6 = [
    '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000000000000000000000000000:1F40 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 32084 1 00000000e4a7e244 100 0 0 10 0',
    '   1: 0000000000000000FFFF00000200110A:1F40 0000000000000000FFFF00000100110A:C350 01 00000000:00000000 00:00000000 00000000     0        0 0 1',
  ].join('\n');
  const tcp = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 1 1',
    '   1: 00000000:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 2 1',
    '   2: 0200110A:0050 0100110A:D431 01 00000000:00000000 00:00000000 00000000   101        0 3 1',
  ].join('\n');

  test('parseListeners reads LISTEN sockets only, and tells loopback apart', () => {
    assert.deepEqual(
      parseListeners(`${tcp}\n${tcp6}`).map((l) => [l.port, l.loopback]),
      [
        [5432, true],
        [9090, false],
        [8000, false],
      ],
    );
    assert.deepEqual(parseListeners('garbage\n\n'), []);
  });

  const listeners = parseListeners(`${tcp}\n${tcp6}`);
  const cases: Array<[string, number[], string, RegExp]> = [
    ['every port listening', [8000, 9090], 'pass', /ports 8000, 9090 listening/],
    ['one not yet', [8000, 80], 'wait', /port 80 not listening inside the container yet/],
    ['loopback only: unreachable through the published port', [5432], 'wait', /loopback only .*bind 0\.0\.0\.0/],
  ];
  for (const [name, ports, state, why] of cases)
    test(name, () => {
      const r = judgeListening(ports, listeners);
      assert.equal(r.state, state);
      assert.match(r.why, why);
    });
});
