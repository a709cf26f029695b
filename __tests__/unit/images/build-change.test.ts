/** What changed since the previous build key's manifest (src/images/build-change.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildManifest } from '../../../src/images/build-key.js';
import { firstChangedPath, whatChanged } from '../../../src/images/build-change.js';
import type { BuildSource, ContextDigest } from '../../../src/images/build-types.js';
import { bases, ctx, source } from '../../support/build-source.js';

describe('what changed since the previous key', () => {
  const entries = (...list: Array<[string, string]>): ContextDigest['entries'] =>
    list.map(([p, sig]) => {
      const [kind, mode, digest] = sig.split(' ') as ['file', string, string];
      return { path: p, kind, mode, digest };
    });
  const manifest = (over: Partial<BuildSource> = {}, list = entries(['a', 'file 0644 aa'], ['b/c', 'file 0644 bb']), b = bases) =>
    buildManifest('compose-or-staging-build-v1-x', source(over), ctx('c', list), b);

  test('the first thing that differs, in the order a person looks', () => {
    const before = manifest();
    const table: Array<[ReturnType<typeof manifest>, string | undefined]> = [
      [manifest(), undefined],
      [manifest({ text: 'FROM x\n' }), 'the Dockerfile changed'],
      [manifest({ target: 'test' }), 'target changed (none → test)'],
      [manifest({ platform: 'linux/arm64' }), 'platform changed (none → linux/arm64)'],
      [manifest({ args: { A: '2' } }), 'build arg A changed'],
      [manifest({ args: { A: '1', B: '1' } }), 'build arg B added'],
      [manifest({ args: {} }), 'build arg A removed'],
      [manifest({ options: '{"network":"host"}' }), 'the build options changed (labels, network, secrets, …)'],
      [
        manifest({}, undefined, { 'docker.io/library/python:3.12': 'sha256:' + 'e'.repeat(64) }),
        'base image docker.io/library/python:3.12 has a new digest',
      ],
      [manifest({}, entries(['a', 'file 0644 aa'], ['b/c', 'file 0644 cc'])), 'the context changed: first changed file b/c (changed)'],
      [
        manifest({}, entries(['a', 'file 0755 aa'], ['b/c', 'file 0644 bb'])),
        'the context changed: first changed file a (mode 0644 → 0755)',
      ],
      [
        manifest({}, entries(['a', 'file 0644 aa'], ['aa', 'file 0644 x'], ['b/c', 'file 0644 bb'])),
        'the context changed: first changed file aa (added)',
      ],
      [manifest({}, entries(['b/c', 'file 0644 bb'])), 'the context changed: first changed file a (removed)'],
      [manifest({}, entries(['a', 'link 0777 aa'], ['b/c', 'file 0644 bb'])), 'the context changed: first changed file a (now a link)'],
    ];
    for (const [after, want] of table) assert.equal(whatChanged(before, after), want);
  });

  test('the first changed path, at either end', () => {
    assert.equal(firstChangedPath([], [['z', 'file 0644 1']]), 'z (added)');
    assert.equal(firstChangedPath([['z', 'file 0644 1']], []), 'z (removed)');
    assert.equal(firstChangedPath([['a', 'f']], [['a', 'f']]), undefined);
  });
});
