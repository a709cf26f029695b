/**
 * Tests of __tests__/support/tls.ts together with the staging server over https/wss.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import https from 'node:https';
import { test } from 'node:test';

import { startStagingServer } from './staging.js';
import { makeCertificate } from './tls.js';
import { closeWebSocket, connectWebSocket, echo } from './ws-client.js';

const T = { timeout: 20_000 };

/** GET `url` over https; resolves with the status or the TLS/connection error code. */
function httpsGet(url: string, options: https.RequestOptions = {}): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = https.get(url, { agent: false, timeout: 5_000, ...options }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

test('makeCertificate: CA + leaf with the requested subjectAltNames, files and PEM text', T, async (t) => {
  const c = await makeCertificate({ hosts: ['localhost', '127.0.0.1', '::1', 'app.test'] });
  t.after(() => c.cleanup());
  for (const p of [c.caPath, c.certPath, c.keyPath]) assert.ok(existsSync(p) && p.startsWith(c.dir));
  assert.match(c.keyPem, /-----BEGIN PRIVATE KEY-----/);
  const ca = new X509Certificate(c.caPem);
  const leaf = new X509Certificate(c.certPem);
  assert.ok(ca.ca);
  assert.ok(!leaf.ca);
  assert.ok(leaf.verify(ca.publicKey), 'leaf must be signed by the CA');
  assert.ok(leaf.checkIssued(ca));
  assert.equal(leaf.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:app.test');
  assert.ok(new Date(leaf.validTo).getTime() > Date.now());
  assert.ok(new Date(leaf.validFrom).getTime() <= Date.now() + 1000);

  await c.cleanup();
  assert.equal(existsSync(c.dir), false);
  await assert.rejects(makeCertificate({ hosts: [] }), /at least one host/);
  await assert.rejects(makeCertificate({ hosts: ['bad host/'] }), /not a DNS name/);
});

test('https staging: an untrusted (self-signed CA) certificate fails, passing the CA succeeds', T, async (t) => {
  const c = await makeCertificate({ hosts: ['localhost', '127.0.0.1'] });
  t.after(() => c.cleanup());
  const s = await startStagingServer({ tls: { cert: c.certPem, key: c.keyPem }, name: 'secure' });
  t.after(() => s.close());
  assert.match(s.baseUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(s.wsUrl, /^wss:\/\/127\.0\.0\.1:\d+\/ws$/);

  const untrusted = await httpsGet(`${s.baseUrl}/health`);
  assert.equal(untrusted.status, undefined);
  assert.match(untrusted.error ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT/);
  await assert.rejects(fetch(`${s.baseUrl}/health`), TypeError, 'fetch must refuse the untrusted certificate');

  assert.deepEqual(await httpsGet(`${s.baseUrl}/health`, { ca: c.caPem }), { status: 200 });
  // same certificate, by host name
  assert.deepEqual(await httpsGet(`https://localhost:${s.port}/health`, { ca: c.caPem }), { status: 200 });

  const wsBad = await connectWebSocket(s.wsUrl);
  assert.ok(!wsBad.accepted && 'error' in wsBad);
  const wsOk = await connectWebSocket(s.wsUrl, { ca: c.caPem });
  assert.ok(wsOk.accepted, JSON.stringify(wsOk));
  assert.equal((await echo(wsOk.ws, 'over tls')).data.toString(), 'over tls');
  await closeWebSocket(wsOk.ws);

  // failed handshakes never became HTTP requests
  assert.deepEqual(
    s.requests.map((r) => `${r.upgrade ? 'UPGRADE' : r.method} ${r.path}`),
    ['GET /health', 'GET /health', 'UPGRADE /ws'],
  );
  assert.ok(s.connections >= 6);
});

test('https staging: an expired certificate fails even with the CA; a wrong host name fails', T, async (t) => {
  const [expired, other] = await Promise.all([
    makeCertificate({ hosts: ['127.0.0.1'], expired: true }),
    makeCertificate({ hosts: ['only.example.test'] }),
  ]);
  t.after(() => expired.cleanup());
  t.after(() => other.cleanup());
  assert.equal(new X509Certificate(expired.certPem).validTo, 'Jan  2 00:00:00 2020 GMT');

  // cert/key given as file paths this time
  const s = await startStagingServer({ tls: { cert: expired.certPath, key: expired.keyPath } });
  t.after(() => s.close());
  assert.deepEqual(await httpsGet(`${s.baseUrl}/health`, { ca: expired.caPem }), { error: 'CERT_HAS_EXPIRED' });
  const ws = await connectWebSocket(s.wsUrl, { ca: expired.caPem });
  assert.ok(!ws.accepted && 'error' in ws && /expired/i.test(ws.error.message));

  const wrongHost = await startStagingServer({ tls: { cert: other.certPem, key: other.keyPem } });
  t.after(() => wrongHost.close());
  assert.deepEqual(await httpsGet(`${wrongHost.baseUrl}/health`, { ca: other.caPem }), {
    error: 'ERR_TLS_CERT_ALTNAME_INVALID',
  });
  assert.equal(s.requests.length + wrongHost.requests.length, 0);
});

test('staging rejects tls values that are neither PEM nor a file', T, async () => {
  await assert.rejects(
    startStagingServer({ tls: { cert: '/nonexistent/cert.pem', key: '/nonexistent/key.pem' } }),
    /neither PEM text nor an existing file/,
  );
});
