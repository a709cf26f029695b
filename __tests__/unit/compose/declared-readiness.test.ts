/** readiness/declared.ts: the `x-compose-or-staging.ready` syntax, and what is wrong with a declaration. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { DeclarationError, describeCheck, describeProblem, parseDeclaration } from '../../../src/compose/declared-readiness.js';

const svc = (yaml: string): Record<string, unknown> => parse(yaml) as Record<string, unknown>;

describe('parseDeclaration: what a service declares', () => {
  const cases: Array<[string, string, unknown]> = [
    ['no key: nothing declared', 'image: x', undefined],
    ['a log pattern', 'x-compose-or-staging: { ready: [ { log: "ready to accept" } ] }', [{ kind: 'log', pattern: 'ready to accept' }]],
    ['a tcp port', 'x-compose-or-staging: { ready: [ { tcp: 5432 } ] }', [{ kind: 'tcp', port: 5432 }]],
    ['a tcp port as an interpolated string', 'x-compose-or-staging: { ready: [ { tcp: "5432" } ] }', [{ kind: 'tcp', port: 5432 }]],
    [
      'http with every field',
      'x-compose-or-staging: { ready: [ { http: { port: 9200, path: /_cluster/health, status: 200 } } ] }',
      [{ kind: 'http', port: 9200, path: '/_cluster/health', status: 200 }],
    ],
    [
      'http: defaults path / and 2xx',
      'x-compose-or-staging: { ready: [ { http: { port: 80 } } ] }',
      [{ kind: 'http', port: 80, path: '/', status: '2xx' }],
    ],
    ['http as a bare port', 'x-compose-or-staging: { ready: [ { http: 80 } ] }', [{ kind: 'http', port: 80, path: '/', status: '2xx' }]],
    [
      'http with a status class',
      'x-compose-or-staging: { ready: [ { http: { port: 80, status: 4XX } } ] }',
      [{ kind: 'http', port: 80, path: '/', status: '4xx' }],
    ],
    [
      'websocket',
      'x-compose-or-staging: { ready: [ { websocket: { port: 9200, path: /events } } ] }',
      [{ kind: 'websocket', port: 9200, path: '/events' }],
    ],
    [
      'several checks, in order',
      'x-compose-or-staging: { ready: [ { log: "up" }, { tcp: 1 } ] }',
      [
        { kind: 'log', pattern: 'up' },
        { kind: 'tcp', port: 1 },
      ],
    ],
  ];
  for (const [name, yaml, checks] of cases)
    test(name, () => {
      const r = parseDeclaration('db', svc(yaml));
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.checks, checks);
    });
});

describe('parseDeclaration: a malformed declaration names the service, the key and why', () => {
  const cases: Array<[string, string, Array<string | number>, RegExp]> = [
    ['not a map', 'x-compose-or-staging: yes', [], /must be a map with a 'ready' list/],
    ['no ready list', 'x-compose-or-staging: { wait: [] }', ['wait'], /unknown key 'wait'/],
    ['an empty ready list', 'x-compose-or-staging: { ready: [] }', ['ready'], /one or more checks/],
    ['an item with two checks', 'x-compose-or-staging: { ready: [ { log: a, tcp: 1 } ] }', ['ready', 0], /each item of ready is one check/],
    ['an unknown check', 'x-compose-or-staging: { ready: [ { grpc: 50051 } ] }', ['ready', 0, 'grpc'], /unknown check 'grpc'/],
    ['a port that is no port', 'x-compose-or-staging: { ready: [ { tcp: abc } ] }', ['ready', 0, 'tcp'], /'abc' is not a port/],
    ['port 0', 'x-compose-or-staging: { ready: [ { tcp: 0 } ] }', ['ready', 0, 'tcp'], /0 is not a port/],
    ['port 70000', 'x-compose-or-staging: { ready: [ { tcp: 70000 } ] }', ['ready', 0, 'tcp'], /70000 is not a port/],
    ['a bad regex', 'x-compose-or-staging: { ready: [ { log: "ready(" } ] }', ['ready', 0, 'log'], /not a regular expression/],
    ['an empty pattern', 'x-compose-or-staging: { ready: [ { log: "" } ] }', ['ready', 0, 'log'], /not a pattern/],
    [
      'a bad status',
      'x-compose-or-staging: { ready: [ { http: { port: 80, status: ok } } ] }',
      ['ready', 0, 'http', 'status'],
      /'ok' is not an HTTP status/,
    ],
    [
      'status 600',
      'x-compose-or-staging: { ready: [ { http: { port: 80, status: 600 } } ] }',
      ['ready', 0, 'http', 'status'],
      /600 is not an HTTP status/,
    ],
    [
      'a path without /',
      'x-compose-or-staging: { ready: [ { http: { port: 80, path: health } } ] }',
      ['ready', 0, 'http', 'path'],
      /must start with \//,
    ],
    ['http without a port', 'x-compose-or-staging: { ready: [ { http: { path: /h } } ] }', ['ready', 0, 'http'], /needs a port/],
    [
      'an unknown http key',
      'x-compose-or-staging: { ready: [ { http: { port: 80, method: POST } } ] }',
      ['ready', 0, 'http', 'method'],
      /unknown key 'method'/,
    ],
    [
      'websocket takes no status',
      'x-compose-or-staging: { ready: [ { websocket: { port: 80, status: 101 } } ] }',
      ['ready', 0, 'websocket', 'status'],
      /unknown key 'status'/,
    ],
  ];
  for (const [name, yaml, at, why] of cases)
    test(name, () => {
      const r = parseDeclaration('db', svc(yaml));
      const first = r.problems[0];
      assert.ok(first, 'a problem is reported');
      assert.equal(first.service, 'db');
      assert.deepEqual(first.path, ['services', 'db', 'x-compose-or-staging', ...at]);
      assert.match(first.message, why);
    });

  test('the problem as one line, and the error the plan throws', () => {
    const r = parseDeclaration('db', svc('x-compose-or-staging: { ready: [ { log: ok }, { tcp: abc } ] }'));
    assert.deepEqual(r.checks, [{ kind: 'log', pattern: 'ok' }], 'the good checks are kept');
    assert.equal(
      describeProblem(r.problems[0]!),
      "service db, x-compose-or-staging.ready[1].tcp: 'abc' is not a port: give a container port, a number from 1 to 65535",
    );
    assert.match(new DeclarationError(r.problems).message, /^Invalid x-compose-or-staging in the compose file: service db, /);
  });
});

test('describeCheck: each check as a person reads it', () => {
  assert.equal(describeCheck({ kind: 'log', pattern: 'ready' }), 'log /ready/');
  assert.equal(describeCheck({ kind: 'tcp', port: 5432 }), 'tcp 5432');
  assert.equal(describeCheck({ kind: 'http', port: 80, path: '/h', status: '2xx' }), 'http :80/h → 2xx');
  assert.equal(describeCheck({ kind: 'websocket', port: 80, path: '/ws' }), 'websocket :80/ws');
});
