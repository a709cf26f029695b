/**
 * The staging probe (src/staging/probe.ts), called directly against real loopback servers: what is
 * retried, and that cancelling stops at once. How each probe classifies a failure: probe/probe.test.ts.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import type { StagingInputs } from '../../../src/inputs.js';
import { type ProbeClass, type ProbeResult } from '../../../src/probe/probe.js';
import { probeStaging, retryable } from '../../../src/staging/probe.js';
import { startStagingServer } from '../../support/staging.js';

const T = { timeout: 15_000 };

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}
const close = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

function stagingInputs(backendUrl: string, extra: Partial<StagingInputs> = {}): StagingInputs {
  const ws = new URL(backendUrl);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    backendUrl,
    websocketUrl: `${ws.toString().replace(/\/$/, '')}/ws`,
    websocketUrlSource: 'derived',
    authUrl: undefined,
    token: undefined,
    timeoutMs: 5000,
    ...extra,
  };
}

describe('retryable: only what can pass on a retry', () => {
  const result = (cls: ProbeClass, status?: number): ProbeResult => ({
    kind: cls === 'ws-rejected' ? 'websocket' : 'http',
    url: 'http://x',
    class: cls,
    status,
    detail: '',
    latencyMs: 0,
  });
  const table: Array<[ProbeClass, number | undefined, boolean]> = [
    ['refused', undefined, true],
    ['reset', undefined, true],
    ['http-status', 502, true],
    ['http-status', 503, true],
    ['http-status', 504, true],
    ['ws-rejected', 502, true],
    ['ws-rejected', 503, true],
    ['ws-rejected', 504, true],
    ['http-status', 404, false],
    ['http-status', 401, false],
    ['http-status', 403, false],
    ['http-status', 500, false],
    ['ws-rejected', 404, false],
    ['ws-rejected', 401, false],
    ['ws-rejected', 400, false],
    ['tls', undefined, false],
    ['dns', undefined, false],
    ['timeout', undefined, false],
    ['error', undefined, false],
    ['ok', 200, false],
    ['http-status', undefined, false],
  ];
  for (const [cls, status, want] of table) {
    test(`${cls}${status === undefined ? '' : ` ${status}`}: ${want ? 'retried' : 'not retried'}`, () => {
      assert.equal(retryable(result(cls, status)), want);
    });
  }
});

describe('probeStaging', () => {
  test('every check passes: usable, one attempt each, the token sent on every probe, auth probed when given', T, async (t) => {
    const staging = await startStagingServer({ requireToken: 'unit-token' });
    const auth = await startStagingServer({ requireToken: 'unit-token', healthPath: '/auth/health' });
    t.after(() => Promise.all([staging.close(), auth.close()]));
    const p = await probeStaging(stagingInputs(staging.baseUrl, { authUrl: auth.baseUrl, token: 'unit-token' }), '/health', '/auth/health');
    assert.equal(p.usable, true, p.reason);
    assert.deepEqual(
      p.checks.map((c) => [c.name, c.result.class, c.attempts]),
      [
        ['backend-health', 'ok', 1],
        ['websocket', 'ok', 1],
        ['auth-health', 'ok', 1],
      ],
    );
    assert.ok([...staging.requests, ...auth.requests].every((r) => r.authorization));
    assert.equal(auth.requests.length, 1);
    assert.ok(!p.reason.includes('unit-token') && !JSON.stringify(p.checks).includes('unit-token'));
  });

  test('not ready (503) at first: retried until ready, within the deadline', { timeout: 60_000 }, async (t) => {
    // Ready 3 s in: the first answer is a 503 even when loading the probes is slow (a loaded machine).
    const staging = await startStagingServer({ readyAfterMs: 3000 });
    t.after(() => staging.close());
    staging.markStarted();
    const p = await probeStaging(stagingInputs(staging.baseUrl, { timeoutMs: 30_000 }), '/health', '/health');
    assert.equal(p.usable, true, p.reason);
    for (const c of p.checks) assert.ok(c.attempts > 1, `${c.name}: ${c.attempts}`);
    assert.equal(p.checks[0]!.attempts, staging.requests.filter((r) => !r.upgrade).length);
  });

  test('no WebSocket URL (websocket-path empty): the handshake is not tried, and health alone decides', T, async (t) => {
    const staging = await startStagingServer({ wsStatus: 404 });
    t.after(() => staging.close());
    const p = await probeStaging(stagingInputs(staging.baseUrl, { websocketUrl: undefined }), '/health', '/health');
    assert.equal(p.usable, true, p.reason);
    assert.deepEqual(
      p.checks.map((c) => c.name),
      ['backend-health'],
    );
    assert.equal(staging.requests.filter((r) => r.upgrade).length, 0, 'no handshake was attempted');
  });

  test('404 and 401 are not retried; the reason names each failed check', T, async (t) => {
    const staging = await startStagingServer({ healthStatus: 404, wsStatus: 401 });
    t.after(() => staging.close());
    const p = await probeStaging(stagingInputs(staging.baseUrl), '/health', '/health');
    assert.equal(p.usable, false);
    assert.deepEqual(
      p.checks.map((c) => [c.name, c.result.class, c.result.status, c.attempts]),
      [
        ['backend-health', 'http-status', 404, 1],
        ['websocket', 'ws-rejected', 401, 1],
      ],
    );
    assert.equal(staging.requests.length, 2);
    assert.match(p.reason, /^backend-health HTTP 404[^;]*; websocket WebSocket upgrade rejected with HTTP 401/);
  });

  test('still 503 at the deadline: unusable, and the probe ends near staging-timeout', T, async (t) => {
    const staging = await startStagingServer({ healthStatus: 503, wsStatus: 503 });
    t.after(() => staging.close());
    const p = await probeStaging(stagingInputs(staging.baseUrl, { timeoutMs: 1200 }), '/health', '/health');
    assert.equal(p.usable, false);
    for (const c of p.checks) assert.ok(c.attempts > 1 && c.result.status === 503, `${c.name}: ${c.attempts} × ${c.result.status}`);
    // Near the 1.2 s deadline; the guard (generous for a loaded machine) only tells it apart from retrying on.
    assert.ok(p.durationMs < 1200 + 8000, `${Math.round(p.durationMs)} ms`);
  });

  test('a retry cut short by the deadline keeps the answer staging gave: 503, not "no answer"', T, async (t) => {
    // First request 503 (retryable), every later one never answered: the retry runs into the deadline.
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      if (requests === 1) res.writeHead(503).end();
    });
    server.on('upgrade', (_req, socket) =>
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'),
    );
    const port = await listen(server);
    t.after(() => {
      server.closeAllConnections();
      return close(server);
    });
    const p = await probeStaging(stagingInputs(`http://127.0.0.1:${port}`, { timeoutMs: 1500 }), '/health', '/health');
    const health = p.checks.find((c) => c.name === 'backend-health')!;
    assert.equal(requests >= 2, true, `retried (${requests} requests)`);
    assert.deepEqual([health.result.class, health.result.status, health.attempts >= 2], ['http-status', 503, true]);
    assert.match(health.result.detail, /503.*; the last retry got no answer before the deadline/);
    assert.match(p.reason, /backend-health HTTP 503/);
  });

  test('cancelled while backing off: the next attempt is not started, so the probe ends at once', T, async (t) => {
    // First request 503 (retryable), every later one never answered: a retry after the cancel would hang.
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      if (requests === 1) res.writeHead(503).end();
    });
    server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n'));
    const port = await listen(server);
    t.after(() => {
      server.closeAllConnections();
      return close(server);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 40);
    const started = performance.now();
    const p = await probeStaging(
      stagingInputs(`http://127.0.0.1:${port}`, { timeoutMs: 8000 }),
      '/health',
      '/health',
      undefined,
      controller.signal,
    );
    const took = performance.now() - started;
    assert.equal(p.usable, false);
    assert.ok(took < 2000, `cancelled probe took ${Math.round(took)} ms (staging-timeout 8 s)`);
  });
});
