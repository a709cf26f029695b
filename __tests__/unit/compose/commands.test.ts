/** The compose command lines (src/compose/commands.ts): up and pull arguments follow the compose version, not the command name. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { downArgs, pullArgs, upArgs } from '../../../src/compose/commands.js';
import type { ComposeTarget } from '../../../src/compose/types.js';
import { parseComposeVersion } from '../../../src/compose/version.js';

describe('up and pull arguments follow the version, not the command name', () => {
  const target = (command: string[], version: string | undefined): ComposeTarget => ({
    compose: { argv: command, version: version === undefined ? undefined : parseComposeVersion(version) },
    projectName: 'p',
    projectDirectory: '/w',
    files: ['/w/c.yml'],
  });
  const table: Array<[string, string[], string | undefined, boolean]> = [
    ['v1 standalone', ['docker-compose'], '1.29.2', false],
    ['an old v2 plugin', ['docker', 'compose'], '2.7.0', false],
    ['v2 plugin 2.8', ['docker', 'compose'], '2.8.0', true],
    ['a v2 binary installed as docker-compose', ['docker-compose'], '2.26.1', true],
    ['compose v5', ['docker', 'compose'], '5.1.3', true],
    ['a dev build', ['docker', 'compose'], undefined, false],
  ];
  for (const [what, command, version, hasPull] of table) {
    test(`${what}: pull always ${hasPull ? 'is up --pull always' : 'is a pull before up'}`, () => {
      const t = target(command, version);
      const o = { build: false, pull: 'always' as const, upFlags: [], services: ['api'] };
      const up = upArgs(t, o);
      assert.equal(up.includes('--pull'), hasPull);
      assert.deepEqual(
        pullArgs(t, o),
        hasPull ? undefined : [...command, '--project-name', 'p', '--project-directory', '/w', '-f', '/w/c.yml', 'pull', 'api'],
      );
    });
  }
});

describe('compose argv', () => {
  const v1: ComposeTarget = {
    compose: { argv: ['docker-compose'], version: parseComposeVersion('docker-compose version 1.29.2, build unknown') },
    projectName: 'p',
    projectDirectory: '/w',
    files: ['/w/docker/c.yml'],
  };
  const v2: ComposeTarget = { ...v1, compose: { argv: ['docker', 'compose'], version: parseComposeVersion('2.26.1-4') } };
  const base = ['--project-name', 'p', '--project-directory', '/w', '-f', '/w/docker/c.yml'];
  test('up on v2 passes --pull unless it is the default', () => {
    assert.deepEqual(upArgs(v2, { build: true, pull: 'always', upFlags: ['--scale', 'w=2'], services: ['backend'] }), [
      'docker',
      'compose',
      ...base,
      'up',
      '--detach',
      '--build',
      '--pull',
      'always',
      '--scale',
      'w=2',
      'backend',
    ]);
    assert.deepEqual(upArgs(v2, { build: false, pull: 'missing', upFlags: [], services: [] }), [
      'docker',
      'compose',
      ...base,
      'up',
      '--detach',
    ]);
  });
  test('v1 has no up --pull: always becomes a pull before up', () => {
    assert.deepEqual(upArgs(v1, { build: false, pull: 'always', upFlags: [], services: [] }), [
      'docker-compose',
      ...base,
      'up',
      '--detach',
    ]);
    assert.deepEqual(pullArgs(v1, { build: false, pull: 'always', upFlags: [], services: ['a'] }), [
      'docker-compose',
      ...base,
      'pull',
      'a',
    ]);
    assert.equal(pullArgs(v1, { build: false, pull: 'missing', upFlags: [], services: [] }), undefined);
    assert.equal(pullArgs(v2, { build: false, pull: 'always', upFlags: [], services: [] }), undefined);
  });
  test('down removes volumes and orphans with a short grace period', () => {
    assert.deepEqual(downArgs(v2), ['docker', 'compose', ...base, 'down', '--volumes', '--remove-orphans', '--timeout', '2']);
  });
});
