/** The compose command lines (src/compose/commands.ts): up and pull arguments follow the compose version, not the command name. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pullArgs, upArgs } from '../../../src/compose/commands.js';
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
