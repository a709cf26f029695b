/** Finding the service an input names (src/compose/services.ts): by name, network alias or prefixed name. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseComposeYaml } from '../../../src/compose/model.js';
import { findService, resolveService, ServiceResolutionError } from '../../../src/compose/services.js';
import { SEEDS_SHAPED_COMPOSE } from '../../support/planning.js';

const model = parseComposeYaml(SEEDS_SHAPED_COMPOSE);

describe('service resolution', () => {
  const cases: Array<[string, string, string]> = [
    ['alpine-test-backend', 'alpine-test-backend', 'name'],
    ['api', 'alpine-test-backend', 'alias'],
    ['sso', 'alpine-test-auth', 'alias'],
    ['backend', 'alpine-test-backend', 'prefix'],
    ['auth', 'alpine-test-auth', 'prefix'],
    ['test-backend', 'alpine-test-backend', 'prefix'],
    ['b', 'worker_b', 'prefix'],
  ];
  for (const [query, service, via] of cases) {
    test(`${query} → ${service} via ${via}`, () => assert.deepEqual(resolveService(model, query, 'services'), { query, service, via }));
  }
  test('a name that is only the tail of a word does not match (kend ≠ backend)', () => {
    assert.equal(findService(model, 'kend', 'backend-service'), undefined);
  });
  test('ambiguity is an error listing the candidates', () => {
    const m = parseComposeYaml('services: { a-backend: {image: x}, b-backend: {image: x} }');
    assert.throws(
      () => resolveService(m, 'backend', 'backend-service'),
      (e: unknown) =>
        e instanceof ServiceResolutionError &&
        e.kind === 'ambiguous' &&
        /a-backend, b-backend/.test(e.message) &&
        /'backend-service'/.test(e.message),
    );
  });
  test('a missing name lists the services there are', () => {
    assert.throws(
      () => resolveService(model, 'cache', 'services'),
      /no service 'cache'.*alpine-test-backend, alpine-test-auth, worker-a, worker_b, db/,
    );
  });
});
