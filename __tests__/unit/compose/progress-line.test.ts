/**
 * Compose's progress lines, plain and `--progress json`, as compose 2.26 and 2.40 printed them
 * (recorded) and as v5 prints them (written from its source): read by their shape, whatever the
 * version, into who, what was said and whether it failed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failureText, readableLine, readProgressLine, resourceWords } from '../../../src/compose/progress-line.js';
import { recorded, type Flavour } from '../../support/recorded.js';

const stderrOf = (flavour: string, name: string): string[] =>
  recorded(flavour as Flavour, name)
    .stderr.split('\n')
    .filter((l) => l !== '');

describe('a successful up: every line is progress, none failed', () => {
  for (const [flavour, name] of [
    ['v2', 'up-ok'],
    ['v2.40', 'up-ok'],
    ['v2.40', 'up-ok-json'],
    ['v5', 'up-ok'],
    ['v5', 'up-ok-json'],
  ] as const) {
    test(`${flavour} ${name}`, () => {
      const lines = stderrOf(flavour, name);
      assert.equal(lines.length, 12);
      for (const l of lines) {
        const p = readProgressLine(l);
        assert.ok(p, `not read: ${JSON.stringify(l)}`);
        assert.match(p.resource, /^(Network rec-up-ok(-json)?_default|Container rec-up-ok(-json)?-(web|worker)-1)$/);
        assert.match(p.said, /^(Creating|Created|Starting|Started|Waiting|Healthy)$/, JSON.stringify(l));
        assert.equal(p.failed, false);
      }
    });
  }

  test('plain and json say the same, in 2.40 (two spaces) and in v5 (one, and one at the end)', () => {
    for (const f of ['v2.40', 'v5']) {
      const plain = stderrOf(f, 'up-ok').map((l) => readProgressLine(l)!);
      const json = stderrOf(f, 'up-ok-json').map((l) => readProgressLine(l)!);
      assert.deepEqual(
        json.map((p) => ({ ...p, resource: p.resource.replace('rec-up-ok-json', 'rec-up-ok') })),
        plain,
        f,
      );
      // The log of `up` shows a JSON line as the plain writer's words.
      assert.equal(readableLine(stderrOf(f, 'up-ok-json')[0]!), 'Network rec-up-ok-json_default Creating');
    }
  });
});

describe('failed steps: who, and why in compose own words', () => {
  const get = 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host';
  const table: Array<[flavour: string, name: string, resource: string, why: string]> = [
    ['v2', 'up-image-unpullable', 'app', get],
    ['v2.40', 'up-image-unpullable', 'app', get],
    ['v2.40', 'up-image-unpullable-json', 'app', get],
    ['v5', 'up-image-unpullable', 'Image cos-record/not-here:1', get],
    ['v5', 'up-image-unpullable-json', 'Image cos-record/not-here:1', get],
    [
      'v2.40',
      'up-pull-never-missing',
      'Container rec-up-pull-never-missing-app-1',
      'Error response from daemon: No such image: cos-record/not-here:1',
    ],
    ['v5', 'up-pull-never-missing', 'service:app:1', 'Error response from daemon: No such image: cos-record/not-here:1'],
    ['v5', 'up-dependency-unhealthy', 'Container rec-up-dependency-unhealthy-db-1', 'dependency db failed to start'],
    // 2.40's error event carries no words: the line after it says why.
    ['v2.40', 'up-dependency-unhealthy', 'Container rec-up-dependency-unhealthy-db-1', ''],
  ];
  for (const [flavour, name, resource, why] of table) {
    test(`${flavour} ${name}: ${resource}`, () => {
      const failed = stderrOf(flavour, name)
        .map((l) => readProgressLine(l))
        .filter((p) => p?.failed);
      assert.equal(failed.length, 1, JSON.stringify(failed));
      assert.equal(failed[0]!.resource, resource);
      assert.equal(failureText(failed[0]!), why);
    });
  }

  test("v5's plan id of a container it failed to create is its service", () => {
    assert.equal(resourceWords('service:app:1'), 'app');
    assert.equal(resourceWords('service:my.api:12'), 'my.api');
    assert.equal(resourceWords('Container p-app-1'), 'Container p-app-1');
  });

  test("the engine's own `Error response from daemon` keeps its words; compose's word `Error` does not", () => {
    const p = (said: string) => ({ resource: 'x', said, failed: true });
    assert.equal(failureText(p('Error response from daemon: gone')), 'Error response from daemon: gone');
    assert.equal(failureText(p('Error Get "https://x/": EOF')), 'Get "https://x/": EOF');
    assert.equal(failureText(p('Error')), '');
  });

  test('a warning is no failure (v5 status, v2 text)', () => {
    assert.equal(readProgressLine('{"id":"Image b:1","status":"Warning","text":"pull access denied"}')?.failed, false);
    assert.equal(readProgressLine(' app Warning pull access denied')?.failed, false);
    assert.equal(readProgressLine('{"id":"Container p-a-1","status":"Error"}')?.failed, true, "2.40's bare error event");
  });
});

describe('what is not progress', () => {
  for (const line of [
    'Error response from daemon: No such image: cos-record/not-here:1',
    'dependency failed to start: container p-db-1 is unhealthy',
    '#6 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    ' > [2/2] RUN echo about to fail && false:',
    '   2 | >>> RUN echo about to fail && false',
    '{"error":true,"message":"Error response from daemon: gone"}',
    'Creating network "p_default" with the default driver',
    '',
  ]) {
    test(JSON.stringify(line), () => assert.equal(readProgressLine(line), undefined));
  }

  test('readable: JSON errors and tail messages as words, anything else as it is', () => {
    assert.equal(readableLine('{"error":true,"message":"Error response from daemon: gone"}'), 'Error response from daemon: gone');
    assert.equal(
      readableLine('{"tail":true,"text":"WARNING: Some service image(s) must be built"}'),
      'WARNING: Some service image(s) must be built',
    );
    assert.equal(readableLine(' Container p-a-1  Started'), ' Container p-a-1  Started');
    assert.equal(readableLine('{"not":"compose"}'), '{"not":"compose"}');
    assert.equal(readableLine('{broken'), '{broken');
  });
});
