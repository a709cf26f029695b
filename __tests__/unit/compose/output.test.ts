/**
 * Reading what compose prints when `up`, `pull` or a build fails, and its logs, on outputs recorded
 * from compose 2.26, 2.40 and v1 themselves, and written from compose v5's source
 * (__tests__/fixtures/compose-output): the failure keeps compose's own words (not BuildKit's
 * progress), each error once. The kind of failure they make: stack/lifecycle.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorLines, logLines, pullsBegun } from '../../../src/compose/output.js';
import { recorded, type Flavour } from '../../support/recorded.js';

describe('a failed up, pull or build: compose own words, each error once', () => {
  test('v1 says each error twice (per container, per service): kept once', () => {
    const lines = errorLines(recorded('v1', 'up-port-allocated').stderr);
    assert.equal(lines.filter((l) => l.includes('Bind for 0.0.0.0:18765')).length, 1, JSON.stringify(lines));
  });

  test("v5 names the dependency's container and why the dependency failed", () => {
    assert.deepEqual(errorLines(recorded('v5', 'up-dependency-exit').stderr), [
      'Container rec-up-dependency-exit-db-1: dependency db failed to start',
      'dependency failed to start: container rec-up-dependency-exit-db-1 exited (1)',
    ]);
    // 2.40's error event has no words of its own: only the reason compose ends with.
    assert.deepEqual(errorLines(recorded('v2.40', 'up-dependency-exit').stderr), [
      'dependency failed to start: container rec-up-dependency-exit-db-1 exited (1)',
    ]);
  });

  test('nothing recognisable: the last line that is not progress', () => {
    assert.deepEqual(errorLines(' Container p-a-1  Creating\nsomething odd happened\n Container p-a-1  Created\n'), [
      'something odd happened',
    ]);
    const legacyBanner = [
      'something odd happened',
      'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
      '            Install the buildx component to build images with BuildKit:',
      '            https://docs.docker.com/go/buildx/',
      '',
    ].join('\n');
    assert.deepEqual(errorLines(legacyBanner), ['something odd happened'], 'the builder banner is no reason');
  });
});

describe('compose logs: a container own lines', () => {
  for (const flavour of ['v1', 'v2', 'v2.40', 'v5'] as const) {
    test(`${flavour}: prefix (and 2.26's erase-line escape) removed, a | in the line kept`, () => {
      assert.deepEqual(logLines(recorded(flavour, 'logs-no-timestamps').stdout), ['first line', 'second line', 'with | pipe']);
      const stamped = logLines(recorded(flavour, 'logs-timestamps').stdout);
      assert.equal(stamped.length, 3);
      for (const [i, text] of ['first line', 'second line', 'with | pipe'].entries())
        assert.match(stamped[i]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${text.replace('|', '\\|')}$`));
    });
  }
});

describe('what compose was pulling when its pull failed', () => {
  const table: Array<[flavour: Flavour, fixture: string, begun: { services: string[]; images: string[] }]> = [
    ['v1', 'up-image-unpullable', { services: ['app'], images: [] }],
    ['v1', 'pull-unpullable', { services: ['app'], images: [] }],
    ['v2', 'up-image-unpullable', { services: ['app'], images: [] }],
    ['v2.40', 'pull-unpullable', { services: ['app'], images: [] }],
    ['v2.40', 'up-image-unpullable-json', { services: ['app'], images: [] }],
    ['v5', 'up-image-unpullable', { services: [], images: ['cos-record/not-here:1'] }],
    ['v2', 'up-build-fails', { services: [], images: [] }],
  ];
  for (const [flavour, fixture, begun] of table)
    test(`${flavour} ${fixture}`, () => assert.deepEqual(pullsBegun(recorded(flavour, fixture).stderr), begun));
});
