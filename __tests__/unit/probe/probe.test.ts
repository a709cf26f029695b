/**
 * Redirects that change scheme (http → https, ws → wss, and back), the usual "http goes to https"
 * setup: followed with the agent of the new scheme, never a crash. Real loopback servers, TLS with a
 * certificate from a CA made for the test.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { probeHttp, probeWebSocket, type Agents } from '../../../src/probe/probe.js';
import { startStagingServer, type StagingServer } from '../../support/staging.js';
import { makeCertificate, type Certificate } from '../../support/tls.js';

const T = { timeout: 30_000 };

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
