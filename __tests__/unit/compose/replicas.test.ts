/** Services compose starts no container for (src/compose/replicas.ts): up-flags --scale. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

describe('services compose starts no container for (deploy.replicas: 0, scale: 0, up-flags --scale x=0)', () => {
  test('up-flags --scale: both spellings, the last one wins, anything else ignored', async () => {
    const { scaleFlags } = await import('../../../src/compose/replicas.js');
    const cases: Array<[string[], Array<[string, number]>]> = [
      [['--scale', 'web=2'], [['web', 2]]],
      [['--scale=web=0', '--scale', 'web=3'], [['web', 3]]],
      [
        ['--no-recreate', '--scale', 'a=0', '--scale=b=1'],
        [
          ['a', 0],
          ['b', 1],
        ],
      ],
      [['--scale', 'web'], []],
      [['--scale', 'web=x'], []],
      [['--scale'], []],
    ];
    for (const [flags, want] of cases) assert.deepEqual([...scaleFlags(flags)], want, flags.join(' '));
  });
});
