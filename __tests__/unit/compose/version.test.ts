/**
 * Compose versions as printed in the wild, and the features decided by version (never by
 * assuming the major is 2): a table of real `compose version` outputs.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { atLeast, parseComposeVersion, supports, type ComposeFeature } from '../../../src/compose/version.js';
import { FIXTURES, recorded, type Flavour } from '../../support/recorded.js';

const stdoutOf = (flavour: string, name: string): string => recorded(flavour as Flavour, name).stdout;

describe('parseComposeVersion: every form seen in the wild', () => {
  const table: Array<[string, string, [number, number, number], string]> = [
    ['GitHub ubuntu-latest (plugin, long form)', 'Docker Compose version v2.38.2', [2, 38, 2], '2.38.2'],
    ['GitHub, --short', '2.38.2', [2, 38, 2], '2.38.2'],
    ['older plugin, --short with a v', 'v2.17.3', [2, 17, 3], '2.17.3'],
    ['Debian trixie package', '2.26.1-4', [2, 26, 1], '2.26.1-4'],
    ['Debian trixie package, long form', 'Docker Compose version 2.26.1-4', [2, 26, 1], '2.26.1-4'],
    ['Ubuntu jammy backport', '2.24.6+ds1-0ubuntu1~22.04.1', [2, 24, 6], '2.24.6+ds1-0ubuntu1~22.04.1'],
    ['ubuntu-26.04 (compose v5)', 'v5.1.3', [5, 1, 3], '5.1.3'],
    ['compose v5, long form', 'Docker Compose version v5.1.3\n', [5, 1, 3], '5.1.3'],
    ['Python compose v1', 'docker-compose version 1.29.2, build unknown', [1, 29, 2], '1.29.2'],
    [
      'Python compose v1, long form with docker-py',
      'docker-compose version 1.29.2, build 5becea4c\ndocker-py version: 5.0.0\nCPython version: 3.7.10\nOpenSSL version: OpenSSL 1.1.0l  10 Sep 2019\n',
      [1, 29, 2],
      '1.29.2',
    ],
    ['Python compose v1, --short', '1.29.2\n', [1, 29, 2], '1.29.2'],
    ['a release candidate', 'Docker Compose version v2.30.0-rc.1', [2, 30, 0], '2.30.0-rc.1'],
    ['desktop build suffix', 'Docker Compose version v2.29.1-desktop.1', [2, 29, 1], '2.29.1-desktop.1'],
    ['two parts only', 'Docker Compose version 2.3', [2, 3, 0], '2.3'],
  ];
  for (const [what, output, [major, minor, patch], text] of table) {
    test(`${what}: ${JSON.stringify(output.split('\n')[0])}`, () => {
      assert.deepEqual(parseComposeVersion(output), { major, minor, patch, text });
    });
  }
  test('no version at all (a development build, an error text): undefined', () => {
    assert.equal(parseComposeVersion('Docker Compose version dev'), undefined);
    assert.equal(parseComposeVersion(''), undefined);
    assert.equal(parseComposeVersion("docker: 'compose' is not a docker command."), undefined);
  });
});

describe('parseComposeVersion: what each recorded compose printed (v5: from its source)', () => {
  const table: Array<[flavour: string, forms: string[], [number, number, number], text: string]> = [
    ['v1', ['version-long', 'version-short'], [1, 29, 2], '1.29.2'],
    ['v2', ['version-long', 'version-short', 'version-json'], [2, 26, 1], '2.26.1-4'],
    ['v2.40', ['version-long', 'version-short', 'version-json'], [2, 40, 3], '2.40.3-3'],
    ['v5', ['version-long', 'version-short', 'version-json'], [5, 5, 0], '5.5.0'],
  ];
  for (const [flavour, forms, [major, minor, patch], text] of table) {
    for (const form of forms) {
      test(`${flavour} ${form}: ${JSON.stringify(stdoutOf(flavour, form).trim())}`, () => {
        assert.deepEqual(parseComposeVersion(stdoutOf(flavour, form)), { major, minor, patch, text });
      });
    }
    test(`${flavour}: VERSION has every feature its version brought`, () => {
      const v = parseComposeVersion(fs.readFileSync(path.join(FIXTURES, flavour, 'VERSION'), 'utf8'));
      for (const f of ['up-pull', 'reset-tag', 'override-tag'] as const) assert.equal(supports(v, f), major >= 2, `${flavour} ${f}`);
    });
  }
  test('a JSON answer without a version is none', () => {
    assert.equal(parseComposeVersion('{"version":"dev"}'), undefined);
    assert.equal(parseComposeVersion('{"other":"5.1.0"}'), undefined);
  });
});

describe('features by version', () => {
  const v = (s: string) => parseComposeVersion(s);
  const table: Array<[string, ComposeFeature, boolean]> = [
    ['1.29.2', 'up-pull', false],
    ['2.7.0', 'up-pull', false],
    ['2.8.0', 'up-pull', true],
    ['2.38.2', 'up-pull', true],
    ['5.1.3', 'up-pull', true],
    ['2.23.3', 'reset-tag', false],
    ['2.24.0', 'reset-tag', true],
    ['2.24.3', 'override-tag', false],
    ['2.24.4', 'override-tag', true],
    ['2.24.6+ds1-0ubuntu1~22.04.1', 'override-tag', true],
    ['2.26.1-4', 'override-tag', true],
    ['5.0.0', 'override-tag', true],
    ['3.0.0', 'reset-tag', true],
  ];
  for (const [version, feature, expected] of table) {
    test(`${version} ${expected ? 'has' : 'lacks'} ${feature}`, () => assert.equal(supports(v(version), feature), expected));
  }
  test('an unknown version has no feature (the emulations work on every compose)', () => {
    assert.equal(supports(undefined, 'up-pull'), false);
    assert.equal(atLeast(undefined, [0, 0, 0]), false);
  });
  test('atLeast compares numerically, not as text', () => {
    assert.equal(atLeast(v('2.10.0'), [2, 9, 0]), true);
    assert.equal(atLeast(v('10.0.0'), [9, 99, 99]), true);
    assert.equal(atLeast(v('2.9.10'), [2, 9, 9]), true);
    assert.equal(atLeast(v('2.9.8'), [2, 9, 9]), false);
  });
});
