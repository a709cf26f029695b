/**
 * The engine's API on its local socket: against HTTP servers of our own on unix sockets (what an
 * engine answers, slow or wrong), and against the real engine, where it must say what the CLI says.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { checkDocker, versionThroughSocket } from '../../../src/docker/availability.js';
import { apiLines, apiRequest, ApiUnreachable, filtersQuery, unixSocketOf } from '../../../src/docker/engine-api.js';
import { engineSocket } from '../../../src/docker/endpoint.js';
import { requireDocker } from '../../support/docker.js';

/** An HTTP server on a fresh unix socket; closed after the test. */
async function socketServer(t: TestContext, handler: http.RequestListener): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-api-'));
  const socket = path.join(dir, 'docker.sock');
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return socket;
}

const quick = { firstMs: 300, retryMs: 600 };

describe('engine API: transport', () => {
  test('unixSocketOf: the path of unix:// only', () => {
    assert.equal(unixSocketOf('unix:///var/run/docker.sock'), '/var/run/docker.sock');
    assert.equal(unixSocketOf('tcp://localhost:2375'), undefined);
    assert.equal(unixSocketOf(undefined), undefined);
  });

  test('a request gets the status and the body; a filter is sent as the engine reads it', async (t) => {
    const seen: string[] = [];
    const socket = await socketServer(t, (req, res) => {
      seen.push(`${req.method} ${decodeURIComponent(req.url ?? '')}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"Id":"abc"}]');
    });
    const a = await apiRequest(socket, 'GET', `/containers/json?all=1&${filtersQuery({ label: ['com.docker.compose.project=p q'] })}`);
    assert.deepEqual([a.status, a.body, a.bytes.toString()], [200, '[{"Id":"abc"}]', '[{"Id":"abc"}]']);
    assert.deepEqual(seen, ['GET /containers/json?all=1&filters={"label":["com.docker.compose.project=p q"]}']);
  });

  test('no socket: ApiUnreachable ENOENT; no answer in time: ETIMEDOUT; aborted: ABORTED', async (t) => {
    await assert.rejects(
      apiRequest('/nonexistent/docker.sock', 'GET', '/version'),
      (e: unknown) => e instanceof ApiUnreachable && e.code === 'ENOENT',
    );
    const socket = await socketServer(t, () => undefined);
    await assert.rejects(
      apiRequest(socket, 'GET', '/version', { timeoutMs: 200 }),
      (e: unknown) => e instanceof ApiUnreachable && e.code === 'ETIMEDOUT',
    );
    const stop = new AbortController();
    const asked = apiRequest(socket, 'GET', '/version', { signal: stop.signal });
    stop.abort();
    await assert.rejects(asked, (e: unknown) => e instanceof ApiUnreachable && e.code === 'ABORTED');
  });

  test('a streamed answer is read line by line, a line split across chunks whole', async (t) => {
    const socket = await socketServer(t, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"Action":"start"}\n{"Act');
      setTimeout(() => res.end('ion":"die"}\n\n'), 50);
    });
    const lines: string[] = [];
    assert.equal(await apiLines(socket, '/events', (l) => lines.push(l)), 200);
    assert.deepEqual(lines, ['{"Action":"start"}', '{"Action":"die"}']);
    assert.equal(await apiLines('/nonexistent/docker.sock', '/events', (l) => lines.push(l)), 0);
  });
});

describe('the daemon asked on its socket', () => {
  test('an answer is told as `docker version` tells it: the server version and platform', async (t) => {
    const socket = await socketServer(t, (_req, res) => res.end(JSON.stringify({ Version: '28.5.2', Os: 'linux', Arch: 'amd64' })));
    const r = await versionThroughSocket(socket, quick);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), { Client: null, Server: { Version: '28.5.2', Os: 'linux', Arch: 'amd64' } });
  });

  test('no socket: the CLI\'s "Cannot connect", which the judgement calls a daemon not running', async () => {
    const r = await versionThroughSocket('/nonexistent/docker.sock', quick);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^Cannot connect to the Docker daemon at unix:\/\/\/nonexistent\/docker\.sock\. Is the docker daemon running\? \(ENOENT\)$/,
    );
    const a = await checkDocker({ PATH: process.env.PATH, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    assert.equal(a.problem, 'daemon-down');
    assert.equal(a.endpoint, 'unix:///nonexistent/docker.sock');
  });

  test("an engine's error answer: its message", async (t) => {
    const socket = await socketServer(t, (_req, res) => res.writeHead(500).end('{"message":"the engine is shutting down"}'));
    const r = await versionThroughSocket(socket, quick);
    assert.equal(r.stderr, 'Error response from daemon: the engine is shutting down');
    const a = await checkDocker({ PATH: process.env.PATH, DOCKER_HOST: `unix://${socket}` });
    assert.equal(a.problem, 'daemon-down');
    assert.match(a.detail, /the engine is shutting down/);
  });

  test('silent once: asked again with the longer budget; silent twice: timed out (slow, not absent)', async (t) => {
    let asked = 0;
    const socket = await socketServer(t, (_req, res) => {
      asked += 1;
      if (asked === 2) res.end('{"Version":"28.5.2"}');
    });
    assert.equal((await versionThroughSocket(socket, quick)).code, 0);
    assert.equal(asked, 2);
    const silent = await socketServer(t, () => undefined);
    const r = await versionThroughSocket(silent, quick);
    assert.equal(r.timedOut, true);
    assert.ok(r.durationMs >= 900, `both budgets spent: ${r.durationMs} ms`);
  });

  test('the real engine: the same server version as `docker version`', async (t) => {
    if (!(await requireDocker(t))) return;
    const socket = engineSocket(process.env);
    if (!socket) return t.skip('the engine is not on a local socket here');
    const r = await versionThroughSocket(socket);
    const cli = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim();
    assert.equal((JSON.parse(r.stdout) as { Server: { Version: string } }).Server.Version, cli);
  });
});
