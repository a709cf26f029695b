/** Compose profiles (src/compose/profiles.ts): COMPOSE_PROFILES from the environment or .env, and the split it makes. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseComposeYaml } from '../../../src/compose/model.js';
import { profilesRepo } from '../../support/planning.js';

describe('profiles: only the services compose would start are planned and awaited', () => {
  test('.env values: quotes, export, comments; the last one wins', async () => {
    const { dotenvValue } = await import('../../../src/compose/profiles.js');
    const cases: Array<[string, string | undefined]> = [
      ['COMPOSE_PROFILES=debug', 'debug'],
      ['export COMPOSE_PROFILES = "a,b"', 'a,b'],
      ["COMPOSE_PROFILES='x' ", 'x'],
      ['COMPOSE_PROFILES=a # the usual', 'a'],
      ['# COMPOSE_PROFILES=commented\nOTHER=1', undefined],
      ['COMPOSE_PROFILES=a\nCOMPOSE_PROFILES=b', 'b'],
      ['COMPOSE_PROFILES=', ''],
      ['XCOMPOSE_PROFILES=a', undefined],
    ];
    for (const [text, want] of cases) assert.equal(dotenvValue(text, 'COMPOSE_PROFILES'), want, text);
  });

  test('active profiles: the environment wins over .env, even when empty; * activates every profile', async () => {
    const { activeProfiles, splitByProfiles } = await import('../../../src/compose/profiles.js');
    const ws = profilesRepo('COMPOSE_PROFILES=debug\n');
    assert.deepEqual(activeProfiles({}, ws), { names: ['debug'], from: '.env' });
    assert.deepEqual(activeProfiles({ COMPOSE_PROFILES: 'full, x' }, ws), { names: ['full', 'x'], from: 'environment' });
    assert.deepEqual(activeProfiles({ COMPOSE_PROFILES: '' }, ws), { names: [], from: 'environment' });
    assert.deepEqual(activeProfiles({}, os.tmpdir() + '/no-such-dir'), { names: [], from: undefined });
    const m = parseComposeYaml(fs.readFileSync(path.join(ws, 'compose.yaml'), 'utf8'));
    const names = (active: string[]) => [...splitByProfiles(m, active).active.services.keys()];
    assert.deepEqual(names([]), ['api-backend']);
    assert.deepEqual(names(['full']), ['api-backend', 'extra-backend']);
    assert.deepEqual(names(['*']), ['api-backend', 'tool', 'extra-backend']);
    assert.deepEqual(
      splitByProfiles(m, ['full']).inactive.map((s) => s.name),
      ['tool'],
    );
  });
});
