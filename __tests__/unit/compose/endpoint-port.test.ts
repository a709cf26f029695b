/** The container port of the backend and the auth service (src/compose/endpoint-port.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseComposeYaml } from '../../../src/compose/model.js';

describe('the container port of the backend and the auth service', () => {
  const svc = (ports: string) =>
    parseComposeYaml(`services:\n  alpine-test-backend: { image: b, ports: ${ports} }\n`).services.get('alpine-test-backend')!;
  const cases: Array<[string, string, { port: number; explicit: boolean }, number | undefined, RegExp | undefined]> = [
    ['published as asked', '["8000"]', { port: 8000, explicit: false }, 8000, undefined],
    ['published as asked, among others', '["9000", "127.0.0.1:8002:8000"]', { port: 8000, explicit: true }, 8000, undefined],
    [
      'default, one TCP port published: that one',
      '["3000"]',
      { port: 8000, explicit: false },
      3000,
      /^backend-port left at its default 8000; alpine-test-backend publishes only 3000\/tcp: using 3000$/,
    ],
    [
      'default, one port on two addresses: still one',
      '["127.0.0.1:3000:3000", "3000"]',
      { port: 8000, explicit: false },
      3000,
      /only 3000\/tcp/,
    ],
    ['default, one TCP port beside a UDP one', '["3000", "5000/udp"]', { port: 8000, explicit: false }, 3000, /only 3000\/tcp/],
    [
      'default, no port: no URL',
      '[]',
      { port: 8000, explicit: false },
      undefined,
      /^backend-port left at its default 8000; alpine-test-backend publishes no port: no backend URL, the stack is judged on its containers$/,
    ],
    ['default, only UDP: no URL', '["5000/udp"]', { port: 8000, explicit: false }, undefined, /publishes no TCP port: no backend URL/],
  ];
  for (const [what, ports, want, port, notice] of cases) {
    test(what, async () => {
      const { chooseContainerPort } = await import('../../../src/compose/endpoint-port.js');
      const choice = chooseContainerPort(svc(ports), { input: 'backend-port', ...want });
      assert.equal(choice.port, port);
      if (notice) assert.match(choice.notice ?? '', notice);
      else assert.equal(choice.notice, undefined);
    });
  }
  const errors: Array<[string, string, { port: number; explicit: boolean }, RegExp]> = [
    [
      'explicit and not published: the error names the input and what is published',
      '["3000"]',
      { port: 8080, explicit: true },
      /^Input 'backend-port': service alpine-test-backend does not publish container port 8080; it publishes \(random\):3000\/tcp. Set 'backend-port' to its container port or publish it in the compose file.$/,
    ],
    ['explicit, nothing published', '[]', { port: 8080, explicit: true }, /does not publish container port 8080; it publishes no ports\./],
    [
      'default, several TCP ports and none is 8000: which one is not guessed',
      '["3000", "9229"]',
      { port: 8000, explicit: false },
      /it publishes \(random\):3000\/tcp, \(random\):9229\/tcp \(backend-port is left at its default, and it publishes more than one\)/,
    ],
  ];
  for (const [what, ports, want, message] of errors) {
    test(what, async () => {
      const { chooseContainerPort, PortNotPublishedError } = await import('../../../src/compose/endpoint-port.js');
      assert.throws(
        () => chooseContainerPort(svc(ports), { input: 'backend-port', ...want }),
        (e: unknown) =>
          e instanceof PortNotPublishedError &&
          e.containerPort === want.port &&
          e.service === 'alpine-test-backend' &&
          message.test(e.message),
      );
    });
  }
});
