/** The stack's secret values: environment values by name, the contents of `secrets:` files. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { secretEnvironment, secretFileValues } from '../../../src/compose/secret-values.js';
import { modelFromDocument } from '../../../src/compose/model.js';

test('environment values whose names say secret, as a map (v2) or NAME=value items (v1)', () => {
  const table: Array<[unknown, string[]]> = [
    [{ POSTGRES_PASSWORD: 'pg-pass-1', POSTGRES_USER: 'app' }, ['pg-pass-1']],
    [
      { api_token: 't0k', JWT_SECRET: 's3c', AWS_ACCESS_KEY_ID: 'AKIA1', GCP_CREDENTIALS: '{"a":1}', PORT: 8080 },
      ['t0k', 's3c', 'AKIA1', '{"a":1}'],
    ],
    [['DB_PASSWORD=with=equals', 'MODE=test', 'EMPTY_TOKEN=', 'BARE_SECRET'], ['with=equals']],
    [{ PASSWORD_FILE_UNSET: null, KEYCLOAK_URL: 'http://kc' }, ['http://kc']],
    [undefined, []],
  ];
  for (const [env, want] of table) assert.deepEqual(secretEnvironment(env), want, JSON.stringify(env));
});

test('secrets: files give their whole content and each line; configs and unreadable files give nothing', () => {
  const files: Record<string, string> = { '/s/db': 'pg-file-secret\n', '/s/users': 'alice:pw-alice\nbob:pw-bob\n' };
  const got = secretFileValues(
    [
      { kind: 'secrets', name: 'db', file: '/s/db' },
      { kind: 'secrets', name: 'users', file: '/s/users' },
      { kind: 'secrets', name: 'gone', file: '/s/gone' },
      { kind: 'configs', name: 'conf', file: '/s/db' },
    ],
    (f) => files[f],
  );
  assert.deepEqual(got, ['pg-file-secret', 'alice:pw-alice\nbob:pw-bob', 'alice:pw-alice', 'bob:pw-bob']);
});

test("the model keeps a service's secret environment values", () => {
  const m = modelFromDocument({ services: { db: { image: 'pg', environment: { POSTGRES_PASSWORD: 'pw-123' } }, web: { image: 'x' } } });
  assert.deepEqual(m.services.get('db')?.secretEnv, ['pw-123']);
  assert.equal(m.services.get('web')?.secretEnv, undefined);
});
