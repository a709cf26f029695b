/**
 * The probe module and the staging probe, called directly against real loopback servers:
 * how every way of failing is classified, what is retried, and that cancelling stops at once.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import type { StagingInputs } from '../../../src/inputs.js';
import { classifyError, probeHttp, probeWebSocket, type ProbeClass, type ProbeResult } from '../../../src/probe/probe.js';
import { probeStaging, retryable } from '../../../src/staging/probe.js';
import { startSilentServer, startStagingServer } from '../../support/staging.js';
import { until } from '../../support/time.js';

const T = { timeout: 15_000 };
const opts = { timeoutMs: 5000 };

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}
const close = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await close(s);
  return port;
}

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

describe('probeHttp and probeWebSocket against real servers', () => {
  test('a name under .invalid: dns, for HTTP and WebSocket', T, async () => {
    const h = await probeHttp('http://staging.cos-test.invalid/health', opts);
    const w = await probeWebSocket('ws://staging.cos-test.invalid/ws', opts);
    for (const r of [h, w]) {
      assert.equal(r.class, 'dns', JSON.stringify(r));
      assert.match(r.detail, /DNS lookup failed/);
      assert.equal(r.status, undefined);
    }
  });

  test('a closed port: refused, for HTTP and WebSocket', T, async () => {
    const port = await closedPort();
    const h = await probeHttp(`http://127.0.0.1:${port}/health`, opts);
    const w = await probeWebSocket(`ws://127.0.0.1:${port}/ws`, opts);
    assert.equal(h.class, 'refused', JSON.stringify(h));
    assert.equal(w.class, 'refused', JSON.stringify(w));
    assert.equal(h.kind, 'http');
    assert.equal(w.kind, 'websocket');
  });

  test('a server that destroys the connection: reset, for HTTP and WebSocket', T, async () => {
    const server = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    const port = await listen(server);
    try {
      const h = await probeHttp(`http://127.0.0.1:${port}/health`, opts);
      const w = await probeWebSocket(`ws://127.0.0.1:${port}/ws`, opts);
      assert.equal(h.class, 'reset', JSON.stringify(h));
      assert.equal(w.class, 'reset', JSON.stringify(w));
      assert.match(h.detail, /reset/);
    } finally {
      await close(server);
    }
  });

  test('an upgrade rejected: ws-rejected with the status the server sent; a 2xx health is ok and a 404 is http-status 404', T, async () => {
    for (const status of [403, 404, 503]) {
      const s = await startStagingServer({ wsStatus: status, healthStatus: status === 404 ? 404 : 200 });
      try {
        const w = await probeWebSocket(s.wsUrl, opts);
        assert.equal(w.class, 'ws-rejected');
        assert.equal(w.status, status);
        assert.match(w.detail, new RegExp(`rejected with HTTP ${status}\\b`));
        const h = await probeHttp(`${s.baseUrl}/health`, opts);
        if (status === 404) assert.deepEqual([h.class, h.status], ['http-status', 404]);
        else assert.deepEqual([h.class, h.status], ['ok', 200]);
      } finally {
        await s.close();
      }
    }
    const ok = await startStagingServer();
    try {
      const w = await probeWebSocket(ok.wsUrl, opts);
      assert.deepEqual([w.class, w.status], ['ok', 101]);
    } finally {
      await ok.close();
    }
  });

  test('a server that never answers: timeout at the probe timeout', T, async () => {
    const silent = await startSilentServer();
    try {
      const started = performance.now();
      const [h, w] = await Promise.all([
        probeHttp(`${silent.baseUrl}/health`, { timeoutMs: 400 }),
        probeWebSocket(`${silent.baseUrl.replace(/^http/, 'ws')}/ws`, { timeoutMs: 400 }),
      ]);
      const took = performance.now() - started;
      assert.equal(h.class, 'timeout');
      assert.equal(w.class, 'timeout');
      assert.ok(h.latencyMs >= 350 && w.latencyMs >= 350, `${h.latencyMs} / ${w.latencyMs} ms`);
      assert.ok(took < 4000, `${took} ms for a 400 ms timeout`);
    } finally {
      await silent.close();
    }
  });

  test('a health body that never ends: the status decides at once, and the connection is closed, not held to the timeout', T, async () => {
    let closed = 0;
    const server = http.createServer((req, res) => {
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'text/event-stream' });
      const tick = setInterval(() => res.write(`data: ${'x'.repeat(1000)}\n\n`), 20);
      res.on('close', () => {
        clearInterval(tick);
        closed++;
      });
    });
    const port = await listen(server);
    try {
      const [ok, missing] = await Promise.all([
        probeHttp(`http://127.0.0.1:${port}/health`, { timeoutMs: 8000 }),
        probeHttp(`http://127.0.0.1:${port}/nope`, { timeoutMs: 8000 }),
      ]);
      assert.equal(ok.class, 'ok');
      assert.equal(missing.class, 'http-status');
      assert.equal(missing.status, 404);
      assert.ok(ok.latencyMs < 8000 && missing.latencyMs < 8000, `${ok.latencyMs} / ${missing.latencyMs} ms with an 8 s timeout`);
      await until(() => closed >= 2, { what: 'both streams closed by the probe' });
      assert.equal(closed, 2, 'both streams were closed by the probe');
    } finally {
      server.closeAllConnections();
      await close(server);
    }
  });

  test('a huge health body is not read whole: 200 MB are cut off after the first bytes', T, async () => {
    let sent = 0;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(200 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024);
      const pump = (): void => {
        while (sent < 200 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const port = await listen(server);
    try {
      const r = await probeHttp(`http://127.0.0.1:${port}/health`, { timeoutMs: 8000 });
      assert.equal(r.class, 'ok');
      assert.ok(sent < 50 * 1024 * 1024, `the server got to send ${Math.round(sent / 1024 / 1024)} MB`);
    } finally {
      server.closeAllConnections();
      await close(server);
    }
  });

  test('an already aborted signal ends the probe at once instead of at its timeout', T, async () => {
    const silent = await startSilentServer();
    try {
      const signal = AbortSignal.abort();
      const started = performance.now();
      const [h, w] = await Promise.all([
        probeHttp(`${silent.baseUrl}/health`, { timeoutMs: 8000, signal }),
        probeWebSocket(`${silent.baseUrl.replace(/^http/, 'ws')}/ws`, { timeoutMs: 8000, signal }),
      ]);
      const took = performance.now() - started;
      assert.notEqual(h.class, 'ok');
      assert.notEqual(w.class, 'ok');
      assert.ok(took < 2000, `took ${Math.round(took)} ms with an 8 s timeout`);
    } finally {
      await silent.close();
    }
  });

  test('credentials in the URL: sent as Basic auth, and never part of the reported URL', T, async () => {
    let seen: string | undefined;
    const server = http.createServer((req, res) => {
      seen = req.headers.authorization;
      res.writeHead(seen === `Basic ${Buffer.from('probe user:p@ss/word').toString('base64')}` ? 200 : 401).end();
    });
    const port = await listen(server);
    try {
      const h = await probeHttp(`http://probe%20user:p%40ss%2Fword@127.0.0.1:${port}/health`, opts);
      assert.equal(h.class, 'ok', `${JSON.stringify(h)} (server saw ${seen})`);
      assert.equal(h.url, `http://127.0.0.1:${port}/health`);
      // An explicit Authorization header wins over the URL's credentials.
      const bearer = await probeHttp(`http://u:p@127.0.0.1:${port}/health`, { ...opts, headers: { authorization: 'Bearer x' } });
      assert.equal(seen, 'Bearer x');
      assert.deepEqual([bearer.class, bearer.status], ['http-status', 401]);
      assert.ok(!bearer.url.includes('u:p@') && !bearer.detail.includes('u:p@'));
    } finally {
      await close(server);
    }
    const s = await startStagingServer();
    try {
      const w = await probeWebSocket(s.wsUrl.replace('ws://', 'ws://user:secret@'), opts);
      assert.equal(w.class, 'ok');
      assert.equal(w.url, s.wsUrl);
    } finally {
      await s.close();
    }
  });
});

describe('classifyError: one class for every error shape', () => {
  const sys = (code: string, message = code): Error => Object.assign(new Error(message), { code });
  const cases: Array<[string, unknown, boolean, ProbeClass, RegExp]> = [
    ['timed out wins over any error', sys('ECONNRESET'), true, 'timeout', /deadline/],
    ['ECONNREFUSED', sys('ECONNREFUSED'), false, 'refused', /refused/],
    ['ENOTFOUND', sys('ENOTFOUND'), false, 'dns', /ENOTFOUND/],
    ['EAI_AGAIN', sys('EAI_AGAIN'), false, 'dns', /EAI_AGAIN/],
    ['ECONNRESET', sys('ECONNRESET'), false, 'reset', /reset/],
    ['socket hang up without a code', new Error('socket hang up'), false, 'reset', /reset/],
    ['CERT_HAS_EXPIRED', sys('CERT_HAS_EXPIRED'), false, 'tls', /expired/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', sys('DEPTH_ZERO_SELF_SIGNED_CERT'), false, 'tls', /self-signed/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', sys('ERR_TLS_CERT_ALTNAME_INVALID'), false, 'tls', /another host/],
    ['an unlisted ERR_SSL code', sys('ERR_SSL_SOMETHING_NEW'), false, 'tls', /ERR_SSL_SOMETHING_NEW/],
    [
      'the code on the cause (fetch wraps errors)',
      Object.assign(new Error('fetch failed'), { cause: sys('ECONNREFUSED') }),
      false,
      'refused',
      /refused/,
    ],
    ['EHOSTUNREACH', sys('EHOSTUNREACH'), false, 'refused', /unreachable/],
    ['anything else', new Error('something odd\nsecond line'), false, 'error', /^something odd$/],
  ];
  for (const [name, err, timedOut, cls, detail] of cases) {
    test(name, () => {
      const c = classifyError(err, timedOut);
      assert.equal(c.class, cls);
      assert.match(c.detail, detail);
    });
  }
});

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
