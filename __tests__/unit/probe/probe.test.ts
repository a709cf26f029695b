/**
 * The probes (src/probe/probe.ts) against real loopback servers: how every way of failing is
 * classified; redirects that change scheme (http → https, ws → wss, and back), the usual "http goes
 * to https" setup, followed with the agent of the new scheme, never a crash (TLS with a certificate
 * from a CA made for the test).
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { classifyError, probeHttp, probeWebSocket, type Agents, type ProbeClass } from '../../../src/probe/probe.js';
import { freePort } from '../../support/free-port.js';
import { startSilentServer, startStagingServer, type StagingServer } from '../../support/staging.js';
import { makeCertificate, type Certificate } from '../../support/tls.js';
import { until } from '../../support/time.js';

const T = { timeout: 30_000 };
const opts = { timeoutMs: 5000 };

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}
const close = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/** A plain HTTP server that redirects every request and every upgrade to `target` + the path. */
async function redirector(target: () => string, status = 301): Promise<{ base: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? '-'}`);
    res.writeHead(status, { location: `${target()}${req.url}` }).end();
  });
  server.on('upgrade', (req, socket: net.Socket) => {
    seen.push(`UPGRADE ${req.url} auth=${req.headers.authorization ?? '-'}`);
    socket.end(`HTTP/1.1 ${status} Moved\r\nLocation: ${target().replace(/^http/, 'ws')}${req.url}\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('scheme-changing redirects', () => {
  let cert: Certificate;
  let tls: StagingServer;
  let agents: Agents;
  before(async () => {
    cert = await makeCertificate({ hosts: ['127.0.0.1', 'localhost'] });
    tls = await startStagingServer({ tls: { cert: cert.certPem, key: cert.keyPem } });
    agents = { http: new http.Agent(), https: new https.Agent({ ca: cert.caPem }) };
  });
  after(() => tls.close());

  test('HTTP: http → https is followed over TLS', T, async (t) => {
    const r = await redirector(() => tls.baseUrl);
    t.after(r.close);
    const p = await probeHttp(`${r.base}/health`, { timeoutMs: 10_000, agents });
    assert.deepEqual([p.class, p.status], ['ok', 200], p.detail);
  });

  test('WebSocket: ws → wss is followed over TLS', T, async (t) => {
    const r = await redirector(() => tls.baseUrl);
    t.after(r.close);
    const p = await probeWebSocket(`${r.base.replace('http', 'ws')}/ws`, { timeoutMs: 10_000, agents });
    assert.deepEqual([p.class, p.status], ['ok', 101], p.detail);
  });

  test('WebSocket: wss → ws is followed too', T, async (t) => {
    const plain = await startStagingServer();
    t.after(() => plain.close());
    const cert2 = await makeCertificate({ hosts: ['127.0.0.1'] });
    const server = https.createServer({ cert: cert2.certPem, key: cert2.keyPem }, (_req, res) => res.writeHead(404).end());
    server.on('upgrade', (req, socket: net.Socket) =>
      socket.end(`HTTP/1.1 308 Moved\r\nLocation: ${plain.wsUrl.replace(/\/ws$/, '')}${req.url}\r\nContent-Length: 0\r\n\r\n`),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
    const { port } = server.address() as net.AddressInfo;
    const mixed = { http: new http.Agent(), https: new https.Agent({ ca: cert2.caPem }) };
    const p = await probeWebSocket(`wss://127.0.0.1:${port}/ws`, { timeoutMs: 10_000, agents: mixed });
    assert.deepEqual([p.class, p.status], ['ok', 101], p.detail);
  });

  test('a redirect loop ends as a classified failure naming the redirects, not a crash or a hang', T, async (t) => {
    let base = '';
    const r = await redirector(() => base, 302);
    base = r.base;
    t.after(r.close);
    const ws = await probeWebSocket(`${r.base.replace('http', 'ws')}/ws`, { timeoutMs: 10_000, agents });
    assert.equal(ws.class, 'ws-rejected');
    assert.match(ws.detail, /too many redirects/);
    const h = await probeHttp(`${r.base}/health`, { timeoutMs: 10_000, agents });
    assert.deepEqual([h.class, h.status], ['http-status', 302]);
    assert.match(h.detail, /too many redirects: 6/);
  });

  test('the bearer token is not sent on to another host', T, async (t) => {
    const r = await redirector(() => tls.baseUrl.replace('127.0.0.1', 'localhost'));
    t.after(r.close);
    const before = tls.requests.length;
    const auth = { authorization: 'Bearer s3cret' };
    const ws = await probeWebSocket(`${r.base.replace('http', 'ws')}/ws`, { timeoutMs: 10_000, agents, headers: auth });
    const h = await probeHttp(`${r.base}/health`, { timeoutMs: 10_000, agents, headers: auth });
    assert.deepEqual([ws.class, h.class], ['ok', 'ok'], `${ws.detail} / ${h.detail}`);
    assert.ok(
      r.seen.every((l) => l.includes('auth=Bearer s3cret')),
      'the first host got it',
    );
    const followed = tls.requests.slice(before);
    assert.equal(followed.length, 2);
    assert.ok(
      followed.every((q) => q.authorization !== true),
      JSON.stringify(followed),
    );
  });

  test('the same host moving to TLS (http → https, ws → wss) keeps it: the usual setup, behind a token', T, async (t) => {
    const guarded = await startStagingServer({ tls: { cert: cert.certPem, key: cert.keyPem }, requireToken: 's3cret' });
    t.after(() => guarded.close());
    const r = await redirector(() => guarded.baseUrl);
    t.after(r.close);
    const auth = { authorization: 'Bearer s3cret' };
    const ws = await probeWebSocket(`${r.base.replace('http', 'ws')}/ws`, { timeoutMs: 10_000, agents, headers: auth });
    const h = await probeHttp(`${r.base}/health`, { timeoutMs: 10_000, agents, headers: auth });
    assert.deepEqual([ws.class, ws.status, h.class, h.status], ['ok', 101, 'ok', 200], `${ws.detail} / ${h.detail}`);
  });
});

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
    const port = await freePort();
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
