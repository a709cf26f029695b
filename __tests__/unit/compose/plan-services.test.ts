/** The services part of the plan (src/compose/plan-services.ts): what starts, what is awaited, the backend and auth endpoints. */
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { describe, test } from 'node:test';
import { parseComposeYaml } from '../../../src/compose/model.js';
import { given, portsStack } from '../../support/planning.js';

describe('services compose starts no container for (deploy.replicas: 0, scale: 0, up-flags --scale x=0)', () => {
  const stack = parseComposeYaml(`
services:
  web: { image: w, ports: ["8000"], depends_on: [worker] }
  worker: { image: w, deploy: { replicas: 0 } }
  tool: { image: t, scale: 0 }
  alpine-test-auth: { image: a, ports: ["8081"], scale: 0 }
`);
  const plan = async (g: Record<string, string> = {}) => {
    const { planServices } = await import('../../../src/compose/plan-services.js');
    const { parseInputs } = await import('../../../src/inputs.js');
    return planServices(parseInputs(given(g), os.tmpdir()), stack, [], { names: [], from: undefined });
  };
  const planError = async (g: Record<string, string>) => {
    try {
      await plan(g);
    } catch (err) {
      return err as Error & { stage?: string; underlying?: unknown };
    }
    assert.fail('no error');
  };

  test('not awaited, said why; what depends on them is awaited as usual', async () => {
    const p = await plan();
    assert.deepEqual(p.awaited, ['web']);
    assert.deepEqual(p.notStarting, [
      { name: 'alpine-test-auth', why: 'scale: 0', inFile: true },
      { name: 'tool', why: 'scale: 0', inFile: true },
      { name: 'worker', why: 'deploy.replicas: 0', inFile: true },
    ]);
    assert.deepEqual((await plan({ services: 'web' })).awaited, ['web'], 'compose starts web without worker');
  });

  test('up-flags --scale overrides the file either way', async () => {
    const p = await plan({ 'up-flags': '--scale worker=1 --scale=web=0' });
    assert.deepEqual(p.awaited, ['worker']);
    assert.deepEqual(
      p.notStarting.map((s) => [s.name, s.why]),
      [
        ['alpine-test-auth', 'scale: 0'],
        ['tool', 'scale: 0'],
        ['web', 'up-flags --scale web=0'],
      ],
    );
  });

  test('backend-service or auth-service left at its default and scaled to 0: there is none, and a notice says why', async () => {
    const p = await plan({ 'backend-service': 'backend', 'up-flags': '--scale web=0' });
    assert.equal(p.auth, undefined);
    assert.deepEqual(
      p.notices.map((n) => [n.subject, n.input, n.service, n.message]),
      [
        [
          'auth',
          'auth-service',
          'alpine-test-auth',
          "auth-service left at its default 'auth'; alpine-test-auth starts no container (scale: 0): no auth service",
        ],
      ],
    );
    const b = await (async () => {
      const { planServices } = await import('../../../src/compose/plan-services.js');
      const { parseInputs } = await import('../../../src/inputs.js');
      const m = parseComposeYaml('services:\n  api-backend: { image: a, ports: ["8000"], deploy: { replicas: 0 } }\n  db: { image: d }\n');
      return planServices(parseInputs(given(), os.tmpdir()), m, [], { names: [], from: undefined });
    })();
    assert.equal(b.backend, undefined);
    assert.deepEqual(b.awaited, ['db']);
    assert.match(
      b.notices[0]!.message,
      /^backend-service left at its default 'backend'; api-backend starts no container \(deploy.replicas: 0\): no backend: the stack is ready when its containers are, and no URL is exported$/,
    );
  });

  test('named explicitly (backend-service, auth-service, services), a service scaled to 0 is an error naming the input and the service', async () => {
    const { ServiceNotStartedError } = await import('../../../src/compose/replicas.js');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { 'backend-service': 'worker' },
        /^Input 'backend-service': worker starts no container \(deploy.replicas: 0\): compose creates none for it, even when named. Set 'backend-service' to a service that starts, or start it with up-flags '--scale worker=1'.$/,
      ],
      [{ 'auth-service': 'alpine-test-auth' }, /^Input 'auth-service': alpine-test-auth starts no container \(scale: 0\)/],
      [{ services: 'web, tool' }, /^Input 'services': tool starts no container \(scale: 0\).*Remove it from 'services', or start it/],
      [
        { 'backend-service': 'web', 'up-flags': '--scale web=0' },
        /^Input 'backend-service': web starts no container \(up-flags --scale web=0\).*or drop '--scale web=0' from up-flags.$/,
      ],
      [{ services: 'work' }, /^Input 'services': no service 'work'/],
    ];
    for (const [g, want] of cases) {
      const err = await planError(g);
      assert.match(err.message, want, JSON.stringify(g));
      assert.equal(err.stage, 'services');
    }
    assert.ok((await planError({ services: 'tool' })).underlying instanceof ServiceNotStartedError);
  });
});

describe('the container port of the backend and the auth service', () => {
  const plan = async (compose: string, g: Record<string, string> = {}) => {
    const { planServices } = await import('../../../src/compose/plan-services.js');
    const { parseInputs } = await import('../../../src/inputs.js');
    return planServices(parseInputs(given(g), os.tmpdir()), parseComposeYaml(compose), [], { names: [], from: undefined });
  };
  const stack = portsStack;

  test('in the plan: the chosen port, and a notice each for the backend (3000) and the auth service (no port, no URL)', async () => {
    const p = await plan(stack);
    assert.deepEqual(p.backend, { query: 'backend', service: 'alpine-test-backend', via: 'prefix', port: 3000 });
    assert.equal(p.auth, undefined);
    assert.deepEqual(
      p.notices.map((n) => [n.subject, n.input, n.service, n.message]),
      [
        [
          'backend',
          'backend-port',
          'alpine-test-backend',
          'backend-port left at its default 8000; alpine-test-backend publishes only 3000/tcp: using 3000',
        ],
        [
          'auth',
          'auth-port',
          'alpine-test-auth',
          'auth-port left at its default 8081; alpine-test-auth publishes no port: no auth URL, the stack is judged on its containers',
        ],
      ],
    );
    assert.deepEqual(p.awaited, ['alpine-test-backend', 'alpine-test-auth', 'db'], 'both are still awaited as containers');
  });

  test('a backend with no port and services named: it is still started (it was named), without a URL', async () => {
    const p = await plan(stack.replace('ports: ["3000"], ', ''), { services: 'db' });
    assert.equal(p.backend, undefined);
    assert.deepEqual(p.services, ['db', 'alpine-test-backend', 'alpine-test-auth']);
    assert.match(p.notices[0]!.message, /alpine-test-backend publishes no port: no backend URL/);
  });

  test('an explicit port the service does not publish is an error naming the input (auth-port too)', async () => {
    const { PortNotPublishedError } = await import('../../../src/compose/endpoint-port.js');
    for (const [g, input] of [
      [{ 'backend-port': '8080' }, 'backend-port'],
      [{ 'auth-port': '9000' }, 'auth-port'],
    ] as const) {
      await assert.rejects(
        plan(stack, g),
        (e: unknown) =>
          e instanceof Error &&
          (e as { stage?: string }).stage === 'services' &&
          (e as { underlying?: unknown }).underlying instanceof PortNotPublishedError &&
          e.message.startsWith(`Input '${input}': service alpine-test-`),
      );
    }
  });
});
