/**
 * Image references read as the engine reads them, and a registry asked for a tag's digest without
 * a pull: against real HTTP servers on loopback (a registry that wants a token from its token
 * service, as Docker Hub does; one that answers 404 or 429; one that refuses or never answers).
 * The real distribution registry is asked in __tests__/e2e/registry.test.ts.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type * as net from 'node:net';
import { describe, test, type TestContext } from 'node:test';
import { headDigest, parseBearerChallenge } from '../../../src/images/registry.js';
import { isLoopbackRegistry, parseReference, type ImageReference } from '../../../src/images/reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseReference', () => {
  const cases: Array<[string, string, string, string | undefined, string]> = [
    ['busybox', 'docker.io', 'library/busybox', 'latest', 'docker.io/library/busybox:latest'],
    ['library/busybox:1.36', 'docker.io', 'library/busybox', '1.36', 'docker.io/library/busybox:1.36'],
    ['docker.io/bitnami/redis:7.2', 'docker.io', 'bitnami/redis', '7.2', 'docker.io/bitnami/redis:7.2'],
    ['ghcr.io/org/app:v1', 'ghcr.io', 'org/app', 'v1', 'ghcr.io/org/app:v1'],
    ['localhost:5000/app', 'localhost:5000', 'app', 'latest', 'localhost:5000/app:latest'],
    ['localhost/app:dev', 'localhost', 'app', 'dev', 'localhost/app:dev'],
    [`127.0.0.1:5599/cos/busybox@${DIGEST}`, '127.0.0.1:5599', 'cos/busybox', undefined, `127.0.0.1:5599/cos/busybox@${DIGEST}`],
    [`postgres:16@${DIGEST}`, 'docker.io', 'library/postgres', '16', `docker.io/library/postgres:16@${DIGEST}`],
  ];
  for (const [text, registry, repository, tag, canonical] of cases) {
    test(text, () => {
      const r = parseReference(text) as ImageReference;
      assert.deepEqual([r.registry, r.repository, r.tag, r.canonical], [registry, repository, tag, canonical]);
    });
  }

  test('Docker Hub is asked at registry-1.docker.io; others at their own host', () => {
    assert.equal((parseReference('busybox') as ImageReference).apiHost, 'registry-1.docker.io');
    assert.equal((parseReference('ghcr.io/a/b') as ImageReference).apiHost, 'ghcr.io');
  });

  test('what is not a reference says why, naming the part', () => {
    assert.match((parseReference('Busybox') as { error: string }).error, /"Busybox" is not a repository name/);
    assert.match((parseReference('app:bad tag') as { error: string }).error, /"bad tag" is not a tag/);
    assert.match((parseReference('app@sha256:xyz') as { error: string }).error, /"sha256:xyz" is not a digest/);
  });

  test('loopback registries', () => {
    assert.deepEqual(['localhost:5000', '127.0.0.1:5599', '[::1]:5000', 'registry.local:5000', 'docker.io'].map(isLoopbackRegistry), [
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

test('parseBearerChallenge', () => {
  assert.deepEqual(
    parseBearerChallenge(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
    ),
    {
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/busybox:pull',
    },
  );
  assert.equal(parseBearerChallenge('Basic realm="x"'), undefined);
  assert.equal(parseBearerChallenge(null), undefined);
});

async function serve(t: TestContext, handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

const ref = (host: string, path = 'org/app:v1'): ImageReference => parseReference(`${host}/${path}`) as ImageReference;

describe('headDigest', () => {
  test('a registry that wants a token: asked for one at its realm, then HEAD with it; the index types accepted; HTTPS tried first on loopback', async (t) => {
    const seen: string[] = [];
    const auth = await serve(t, (req, res) => {
      seen.push(`token ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'good' }));
    });
    const registry = await serve(t, (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
      assert.match(req.headers.accept ?? '', /application\/vnd\.oci\.image\.index\.v1\+json/);
      if (req.headers.authorization !== 'Bearer good') {
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="http://${auth}/token",service="fake.registry",scope="repository:org/app:pull"`,
          })
          .end();
        return;
      }
      res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
    });
    const answer = await headDigest(ref(registry), { timeoutMs: 10_000 });
    assert.deepEqual(answer.ok && answer.digest, DIGEST);
    assert.deepEqual(seen, [
      'HEAD /v2/org/app/manifests/v1 -',
      `token /token?service=fake.registry&scope=${encodeURIComponent('repository:org/app:pull')}`,
      'HEAD /v2/org/app/manifests/v1 Bearer good',
    ]);
  });

  test('404, 429, a token service that says no: each its own kind', async (t) => {
    const auth = await serve(t, (_req, res) => res.writeHead(401).end('{}'));
    const registry = await serve(t, (req, res) => {
      if (req.url?.includes('/missing/')) return void res.writeHead(404).end();
      if (req.url?.includes('/limited/')) return void res.writeHead(429).end();
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${auth}/token",service="s"` }).end();
    });
    const kinds = await Promise.all(
      ['missing/app:1', 'limited/app:1', 'private/app:1'].map(async (p) => {
        const a = await headDigest(ref(registry, p), { timeoutMs: 10_000 });
        return a.ok ? 'ok' : a.kind;
      }),
    );
    assert.deepEqual(kinds, ['not-found', 'rate-limited', 'denied']);
  });

  test('a 5xx from the registry or from its token service is an outage (unavailable); a digest header that is not a digest is not taken', async (t) => {
    const auth = await serve(t, (_req, res) => res.writeHead(503).end('down'));
    const registry = await serve(t, (req, res) => {
      if (req.url?.includes('/broken/')) return void res.writeHead(502).end();
      if (req.url?.includes('/odd/')) return void res.writeHead(200, { 'docker-content-digest': 'sha256:abc,def' }).end();
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${auth}/token",service="s"` }).end();
    });
    const answers = await Promise.all(
      ['broken/app:1', 'tokenless/app:1', 'odd/app:1'].map((p) => headDigest(ref(registry, p), { timeoutMs: 10_000 })),
    );
    assert.deepEqual(
      answers.map((a) => (a.ok ? 'ok' : a.kind)),
      ['unavailable', 'unavailable', 'error'],
    );
    assert.match(answers[2]!.ok ? '' : answers[2]!.detail, /no valid Docker-Content-Digest/);
  });

  test('a registry that refuses (nobody listens), or never answers: unreachable, naming the registry', async (t) => {
    const silent = await serve(t, () => undefined); // accepts, never answers
    // A port nobody listens on: take one, then close its server.
    const closed = await new Promise<string>((resolve) => {
      const s = http.createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(`127.0.0.1:${port}`));
      });
    });
    const gone = await headDigest(ref(closed), { timeoutMs: 10_000 });
    assert.equal(gone.ok, false);
    assert.equal(!gone.ok && gone.kind, 'unreachable');
    assert.match(
      !gone.ok ? gone.detail : '',
      new RegExp(`${closed.replace(/\./g, '\\.')} could not be asked about ${closed.replace(/\./g, '\\.')}/org/app:v1: ECONNREFUSED`),
    );
    const mute = await headDigest(ref(silent), { timeoutMs: 300 });
    assert.equal(!mute.ok && mute.kind, 'unreachable');
    assert.match(!mute.ok ? mute.detail : '', /no answer within 300 ms$/);
  });

  test('a digest reference is its own answer: the registry is not asked', async () => {
    const a = await headDigest(parseReference(`127.0.0.1:1/app@${DIGEST}`) as ImageReference, { timeoutMs: 1000 });
    assert.deepEqual(a.ok && a.digest, DIGEST);
  });
});
