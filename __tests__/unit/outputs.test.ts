/** What later steps receive (src/outputs.ts), per mode, with sources. */
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { describe, test } from 'node:test';
import type { Decision } from '../../src/decision.js';
import { parseInputs } from '../../src/inputs.js';
import { exportable, OUTPUT_NAMES, planExports, planFailureExports, type ExportFacts } from '../../src/outputs.js';
import { credentialSecrets } from '../../src/probe/credentials.js';
import { clearSecrets, registerSecret } from '../../src/report/outside.js';
import { loadActionDefinition } from '../harness/runner.js';

const defaults = Object.fromEntries(Object.entries(loadActionDefinition().inputs).map(([k, v]) => [k, v.default ?? '']));
const inputs = (given: Record<string, string> = {}) => parseInputs((n) => given[n] ?? defaults[n] ?? '', os.tmpdir());
const facts = (decision: Decision, over: Partial<ExportFacts> = {}): ExportFacts => ({
  decision,
  dockerAvailable: true,
  docker: {
    backendUrl: 'http://localhost:8002',
    websocketUrl: 'ws://localhost:8002/ws',
    authUrl: undefined,
    backendPort: 8002,
    servicePorts: { 'alpine-test-backend': { host: 'localhost', ports: { '8000': 8002 } } },
  },
  composeFiles: ['docker/docker-compose.alpine-test.yml'],
  projectDirectory: '.',
  projectName: 'cos-x',
  reportPath: '/tmp/r.json',
  ...over,
});
const values = (r: Record<string, { value: string }>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.value]));
const staging = { 'staging-backend-url': 'https://stg.example.com', 'staging-auth-url': 'https://auth.stg.example.com' };

describe('planExports', () => {
  test('docker mode', () => {
    const p = planExports(inputs(staging), facts({ mode: 'docker', reason: 'healthy', fail: false }));
    assert.deepEqual(values(p.env), {
      TEST_MODE: 'docker',
      USE_STAGING_FALLBACK: 'false',
      BACKEND_URL: 'http://localhost:8002',
      WEBSOCKET_URL: 'ws://localhost:8002/ws',
      AUTH_URL: '',
      DOCKER_BACKEND_PORT: '8002',
      COMPOSE_HOST_ALPINE_TEST_BACKEND: 'localhost',
      COMPOSE_PORT_ALPINE_TEST_BACKEND_8000: '8002',
    });
    assert.deepEqual(JSON.parse(p.outputs['service-ports']!.value), {
      'alpine-test-backend': { host: 'localhost', ports: { '8000': 8002 } },
    });
    assert.equal(p.outputs['backend-url']!.source, 'detected from Docker');
    assert.equal(
      p.outputs['staging-websocket-url']!.value,
      'wss://stg.example.com/ws',
      'staging outputs hold the derived URL even when not probed',
    );
    assert.equal(p.outputs['staging-websocket-url']!.source, 'derived');
  });
  test('staging mode', () => {
    const p = planExports(inputs(staging), facts({ mode: 'staging', reason: 'docker failed', fail: false }, { docker: undefined }));
    assert.deepEqual(values(p.env), {
      TEST_MODE: 'staging_fallback',
      USE_STAGING_FALLBACK: 'true',
      BACKEND_URL: 'https://stg.example.com',
      WEBSOCKET_URL: 'wss://stg.example.com/ws',
      AUTH_URL: 'https://auth.stg.example.com',
      USE_STAGING_SERVICES: 'true',
      STAGING_BASE_URL: 'https://stg.example.com',
      STAGING_BACKEND_URL: 'https://stg.example.com',
      STAGING_WEBSOCKET_URL: 'wss://stg.example.com/ws',
      STAGING_AUTH_URL: 'https://auth.stg.example.com',
    });
    assert.equal(p.outputs['use-staging-fallback']!.value, 'true');
    assert.equal(p.outputs['backend-port']!.value, '');
  });
  test('docker mode, no backend in the stack: backend-url empty and no URL variable exported', () => {
    const none = { backendUrl: undefined, websocketUrl: undefined, authUrl: undefined, backendPort: undefined, servicePorts: {} };
    const p = planExports(inputs(), facts({ mode: 'docker', reason: 'healthy', fail: false }, { docker: none }));
    assert.deepEqual(values(p.env), { TEST_MODE: 'docker', USE_STAGING_FALLBACK: 'false' });
    assert.deepEqual(
      [p.outputs['backend-url']!.value, p.outputs['websocket-url']!.value, p.outputs['auth-url']!.value, p.outputs['backend-port']!.value],
      ['', '', '', ''],
    );
    assert.equal(p.outputs['backend-url']!.source, 'fixed');
  });

  test('docker mode, websocket-path empty: no WebSocket URL, the rest as usual', () => {
    const noWs = {
      backendUrl: 'http://localhost:8002',
      websocketUrl: undefined,
      authUrl: 'http://localhost:9001',
      backendPort: 8002,
      servicePorts: {},
    };
    const p = planExports(inputs({ 'websocket-path': '' }), facts({ mode: 'docker', reason: 'healthy', fail: false }, { docker: noWs }));
    assert.deepEqual(values(p.env), {
      TEST_MODE: 'docker',
      USE_STAGING_FALLBACK: 'false',
      BACKEND_URL: 'http://localhost:8002',
      AUTH_URL: 'http://localhost:9001',
      DOCKER_BACKEND_PORT: '8002',
    });
    assert.equal(p.outputs['websocket-url']!.value, '');
  });

  test('staging mode, websocket-path empty and no staging-websocket-url: no WebSocket URL anywhere', () => {
    const p = planExports(inputs({ ...staging, 'websocket-path': '' }), facts({ mode: 'staging', reason: 'fallback', fail: false }));
    assert.equal(p.env.WEBSOCKET_URL, undefined);
    assert.equal(p.env.STAGING_WEBSOCKET_URL, undefined);
    assert.equal(p.outputs['websocket-url']!.value, '');
    assert.equal(p.outputs['staging-websocket-url']!.value, '');
    assert.equal(p.env.BACKEND_URL?.value, 'https://stg.example.com');
  });

  test('mode none exports no URL variables', () => {
    const p = planExports(inputs(staging), facts({ mode: 'none', reason: 'nothing', fail: true }, { docker: undefined }));
    assert.deepEqual(values(p.env), { TEST_MODE: 'none', USE_STAGING_FALLBACK: 'false' });
    assert.equal(p.outputs.mode!.value, 'none');
  });
  test('export-env false: outputs only', () => {
    const p = planExports(inputs({ 'export-env': 'false' }), facts({ mode: 'docker', reason: 'ok', fail: false }));
    assert.deepEqual(p.env, {});
    assert.equal(p.outputs['backend-url']!.value, 'http://localhost:8002');
  });
  test('outside text in a value is made safe, never refused: control characters escaped, one line, compose-files one file per line', () => {
    assert.equal(exportable('reason', 'staging answered 503 Service\tUnavailable'), 'staging answered 503 Service\\tUnavailable');
    assert.equal(exportable('BACKEND_URL', 'http://x\nEVIL=1'), 'http://x\\nEVIL=1');
    assert.equal(exportable('reason', 'pg: ok\r::error::x ##[stop-commands]'), 'pg: ok\\r::error::x ##\\[stop-commands]');
    assert.equal(exportable('compose-files', 'a.yml\nb.yml'), 'a.yml\nb.yml');
  });
  test('a staging URL keeps the password the user gave (later steps need it); the reason never holds it', (t) => {
    t.after(clearSecrets);
    for (const secret of credentialSecrets('https://ci:p%zz@staging.example')) registerSecret(secret);
    assert.equal(exportable('staging-backend-url', 'https://ci:p%zz@staging.example'), 'https://ci:p%zz@staging.example');
    assert.equal(exportable('STAGING_BACKEND_URL', 'https://ci:p%zz@staging.example'), 'https://ci:p%zz@staging.example');
    const basic = Buffer.from('ci:p%zz').toString('base64');
    assert.equal(exportable('reason', `401 for Basic ${basic} (p%zz)`), '401 for Basic *** (***)');
  });
  test('a secret echoed back by staging never reaches an output, in any of its forms', (t) => {
    t.after(clearSecrets);
    registerSecret('t0k&n<s3cret>');
    assert.equal(
      exportable('reason', 'HTTP 401 bad token t0k&n<s3cret> (t0k&amp;n&lt;s3cret&gt;, t0k%26n%3Cs3cret%3E)'),
      'HTTP 401 bad token *** (***, ***)',
    );
  });
});

describe('every output of action.yml, always', () => {
  test("OUTPUT_NAMES is action.yml's list; a decision and an early end both write each of them", () => {
    const declared = Object.keys(loadActionDefinition().outputs ?? {});
    assert.deepEqual([...OUTPUT_NAMES].sort(), declared.sort());
    const p = planExports(inputs({}), facts({ mode: 'none', reason: 'x', fail: true }));
    assert.deepEqual(Object.keys(p.outputs).sort(), declared.sort());
    const early = planFailureExports("Input 'mode' must be one of …", '/tmp/r.json', true);
    assert.deepEqual(Object.keys(early.outputs).sort(), declared.sort());
    assert.deepEqual(early.env, {
      TEST_MODE: { value: 'none', source: 'fixed' },
      USE_STAGING_FALLBACK: { value: 'false', source: 'fixed' },
    });
    assert.deepEqual(planFailureExports('x', '/tmp/r.json', false).env, {});
  });
});
