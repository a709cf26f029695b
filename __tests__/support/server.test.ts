/**
 * Tests of the test application (examples/app/server.mjs) and of the
 * in-process staging helpers (__tests__/support/staging.ts).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { configFromEnv, createAppServer } from '../../examples/app/server.mjs';
import { startSilentServer, startStagingServer } from './staging.js';
import { closeWebSocket, connectWebSocket, echo } from './ws-client.js';
import { sleep } from './time.js';

const SERVER_SCRIPT = fileURLToPath(new URL('../../examples/app/server.mjs', import.meta.url));
const T = { timeout: 15_000 };

test('health answers 200 with a JSON body naming the app, and is logged and recorded', T, async (t) => {
  const s = await startStagingServer({ name: 'alpha' });
  t.after(() => s.close());
  assert.match(s.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(s.wsUrl, `ws://127.0.0.1:${s.port}/ws`);

  const res = await fetch(`${s.baseUrl}/health?probe=1`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = (await res.json()) as { name: string; status: string; ready: boolean };
  assert.equal(body.name, 'alpha');
  assert.equal(body.status, 'ok');
  assert.equal(body.ready, true);

  assert.deepEqual(s.logs, ['alpha GET /health -> 200']);
  assert.deepEqual(s.requests, [{ method: 'GET', path: '/health', authorization: false, upgrade: false }]);
  assert.ok(s.connections >= 1);
});

test('unknown paths are 404, a plain GET on the ws path is 426, healthStatus is configurable', T, async (t) => {
  const s = await startStagingServer({ healthPath: '/healthz', healthStatus: 500, name: 'b' });
  t.after(() => s.close());
  assert.equal((await fetch(`${s.baseUrl}/nope`)).status, 404);
  assert.equal((await fetch(`${s.baseUrl}/health`)).status, 404);
  assert.equal((await fetch(`${s.baseUrl}/ws`)).status, 426);
  const res = await fetch(`${s.baseUrl}/healthz`);
  assert.equal(res.status, 500);
  assert.equal(((await res.json()) as { status: string }).status, 'unhealthy');
  const post = await fetch(`${s.baseUrl}/elsewhere`, { method: 'POST', body: 'x' });
  assert.equal(post.status, 404);
  assert.deepEqual(s.logs, [
    'b GET /nope -> 404',
    'b GET /health -> 404',
    'b GET /ws -> 426',
    'b GET /healthz -> 500',
    'b POST /elsewhere -> 404',
  ]);
});

test('requireToken: health and upgrades need the bearer token; the token is never logged', T, async (t) => {
  const token = 's3cret-token-value';
  const s = await startStagingServer({ requireToken: token, name: 'sec' });
  t.after(() => s.close());

  assert.equal((await fetch(`${s.baseUrl}/health`)).status, 401);
  assert.equal((await fetch(`${s.baseUrl}/health`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.equal((await fetch(`${s.baseUrl}/health`, { headers: { authorization: token } })).status, 401);
  assert.equal((await fetch(`${s.baseUrl}/health`, { headers: { authorization: `Bearer ${token}` } })).status, 200);

  const denied = await connectWebSocket(s.wsUrl);
  assert.equal(denied.accepted, false);
  assert.ok('status' in denied && denied.status === 401, `expected 401, got ${JSON.stringify(denied)}`);
  const ok = await connectWebSocket(s.wsUrl, { headers: { Authorization: `Bearer ${token}` } });
  assert.ok(ok.accepted);
  await closeWebSocket(ok.ws);

  assert.equal(
    s.requests.map((r) => `${r.upgrade ? 'UPGRADE' : r.method} ${r.authorization}`).join(','),
    'GET false,GET true,GET true,GET true,UPGRADE false,UPGRADE true',
  );
  assert.ok(!s.logs.join('\n').includes(token), 'token must not be logged');
  assert.ok(!s.logs.join('\n').toLowerCase().includes('bearer'), 'authorization must not be logged');
});

test('readyAfterMs: 503 (health and upgrade) until ready, then 200/101', T, async (t) => {
  // Ready a minute after it listens: early is early however slow this machine is; ready is made
  // so by moving the clock's start back, not by waiting.
  const s = await startStagingServer({ readyAfterMs: 60_000 });
  t.after(() => s.close());
  const early = await fetch(`${s.baseUrl}/health`);
  assert.equal(early.status, 503);
  assert.equal(((await early.json()) as { status: string }).status, 'starting');
  const wsEarly = await connectWebSocket(s.wsUrl);
  assert.ok(!wsEarly.accepted && 'status' in wsEarly && wsEarly.status === 503);

  s.markStarted(Date.now() - 60_000);
  assert.equal((await fetch(`${s.baseUrl}/health`)).status, 200);
  const wsLate = await connectWebSocket(s.wsUrl);
  assert.ok(wsLate.accepted);
  await closeWebSocket(wsLate.ws);

  s.markStarted(); // readiness clock restarts
  assert.equal((await fetch(`${s.baseUrl}/health`)).status, 503);
});

test('WebSocket: handshake accepted, text and binary (incl. 64 KiB+) messages echoed, clean close', T, async (t) => {
  const s = await startStagingServer({ name: 'wsapp' });
  t.after(() => s.close());
  const out = await connectWebSocket(s.wsUrl);
  assert.ok(out.accepted, JSON.stringify(out));
  const { ws } = out;

  const text = await echo(ws, 'hello');
  assert.equal(text.isBinary, false);
  assert.equal(text.data.toString(), 'hello');

  const medium = 'm'.repeat(300);
  assert.equal((await echo(ws, medium)).data.toString(), medium);

  const big = Buffer.alloc(70_000, 7);
  const bin = await echo(ws, big);
  assert.equal(bin.isBinary, true);
  assert.ok(bin.data.equals(big));

  const pong = new Promise<Buffer>((resolve) => ws.once('pong', (d) => resolve(d)));
  ws.ping('p1');
  assert.equal((await pong).toString(), 'p1');

  assert.equal(await closeWebSocket(ws, 1000), 1000);
  assert.ok(s.logs.includes('wsapp GET /ws -> 101'));
  assert.deepEqual(s.requests, [{ method: 'GET', path: '/ws', authorization: false, upgrade: true }]);
});

test('WebSocket: wsStatus other than 101 rejects the upgrade with that status', T, async (t) => {
  for (const status of [403, 500, 502]) {
    const s = await startStagingServer({ wsStatus: status, name: 'rej' });
    t.after(() => s.close());
    const out = await connectWebSocket(s.wsUrl);
    assert.ok(!out.accepted && 'status' in out, JSON.stringify(out));
    assert.equal(out.status, status);
    assert.match(out.body, new RegExp(String(status)));
    assert.deepEqual(s.logs, [`rej GET /ws -> ${status}`]);
  }
});

test('WebSocket: an upgrade on another path is 404, a custom wsPath works', T, async (t) => {
  const s = await startStagingServer({ wsPath: '/socket' });
  t.after(() => s.close());
  assert.equal(s.wsUrl, `ws://127.0.0.1:${s.port}/socket`);
  const wrong = await connectWebSocket(`ws://127.0.0.1:${s.port}/ws`);
  assert.ok(!wrong.accepted && 'status' in wrong && wrong.status === 404);
  const right = await connectWebSocket(s.wsUrl);
  assert.ok(right.accepted);
  await closeWebSocket(right.ws);
});

test('WebSocket: a bad handshake (no Sec-WebSocket-Key) is 400', T, async (t) => {
  const s = await startStagingServer();
  t.after(() => s.close());
  const res = await new Promise<number>((resolve, reject) => {
    import('node:http')
      .then(({ request }) => {
        const req = request(`${s.baseUrl}/ws`, { headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
        req.on('response', (r) => resolve(r.statusCode ?? 0));
        req.on('upgrade', () => reject(new Error('unexpected upgrade')));
        req.on('error', reject);
        req.end();
      })
      .catch(reject);
  });
  assert.equal(res, 400);
});

test('delayMs delays answers', T, async (t) => {
  const s = await startStagingServer({ delayMs: 250 });
  t.after(() => s.close());
  const started = Date.now();
  assert.equal((await fetch(`${s.baseUrl}/health`)).status, 200);
  assert.ok(Date.now() - started >= 240, `answered after ${Date.now() - started}ms`);
  const wsStarted = Date.now();
  const out = await connectWebSocket(s.wsUrl);
  assert.ok(out.accepted);
  assert.ok(Date.now() - wsStarted >= 240);
  await closeWebSocket(out.ws);
});

test('staging counts TCP connections, so a test can prove nothing connected; close() kills open sockets', T, async () => {
  const s = await startStagingServer();
  assert.equal(s.connections, 0);
  assert.deepEqual(s.requests, []);

  // a raw TCP connection without any request is still counted
  const net = await import('node:net');
  const raw = net.connect(s.port, '127.0.0.1');
  await once(raw, 'connect');
  await sleep(50);
  assert.equal(s.connections, 1);
  assert.equal(s.requests.length, 0);

  const open = await connectWebSocket(s.wsUrl);
  assert.ok(open.accepted);
  const closed = once(open.ws, 'close');
  const rawClosed = once(raw, 'close');
  const started = Date.now();
  await s.close();
  await Promise.all([closed, rawClosed]);
  assert.ok(Date.now() - started < 2_000, 'close() must not wait for clients');
  await s.close(); // idempotent
  await assert.rejects(fetch(`${s.baseUrl}/health`));
});

test('the silent server accepts connections and never answers (clients time out)', T, async (t) => {
  const silent = await startSilentServer();
  t.after(() => silent.close());
  assert.equal(silent.connections, 0);

  const { get } = await import('node:http');
  const started = Date.now();
  const outcome = await new Promise<string>((resolve) => {
    const req = get(`${silent.baseUrl}/health`, { timeout: 300, agent: false }, () => resolve('response'));
    req.on('timeout', () => {
      req.destroy();
      resolve('timeout');
    });
    req.on('error', () => undefined);
  });
  assert.equal(outcome, 'timeout');
  assert.ok(Date.now() - started >= 280);
  assert.equal(silent.connections, 1);

  const ws = await connectWebSocket(`ws://127.0.0.1:${silent.port}/ws`, { handshakeTimeout: 200 });
  assert.ok(!ws.accepted && 'error' in ws);
  assert.match(ws.error.message, /timed out/i);
  assert.equal(silent.connections, 2);

  // fetch (undici) too; note undici opens one more idle connection after the abort
  await assert.rejects(fetch(`${silent.baseUrl}/health`, { signal: AbortSignal.timeout(200) }), {
    name: 'TimeoutError',
  });
  assert.ok(silent.connections >= 3);
});

test('configFromEnv reads every variable and rejects non-integers', () => {
  const cfg = configFromEnv({
    PORT: '9000',
    HOST: '127.0.0.1',
    APP_NAME: 'envapp',
    HEALTH_PATH: '/hz',
    HEALTH_STATUS: '204',
    WS_PATH: '/sock',
    WS_STATUS: '403',
    READY_AFTER_MS: '10',
    EXIT_AFTER_MS: '20',
    EXIT_CODE: '3',
    DELAY_MS: '5',
    REQUIRE_TOKEN: 'tok',
  });
  assert.deepEqual(cfg, {
    port: 9000,
    host: '127.0.0.1',
    name: 'envapp',
    healthPath: '/hz',
    healthStatus: 204,
    wsPath: '/sock',
    wsStatus: 403,
    readyAfterMs: 10,
    exitAfterMs: 20,
    exitCode: 3,
    delayMs: 5,
    requireToken: 'tok',
  });
  assert.deepEqual(configFromEnv({}), {});
  assert.throws(() => configFromEnv({ PORT: 'eighty' }), /PORT must be an integer/);
  assert.throws(() => configFromEnv({ TLS_CERT: '/x' }), /TLS_CERT and TLS_KEY/);
  const server = createAppServer(configFromEnv({ APP_NAME: 'n' }));
  assert.equal(server.appConfig.name, 'n');
  assert.equal(server.appConfig.wsStatus, 101);
  assert.equal(server.listening, false, 'createAppServer must not listen');
});

/** Spawn server.mjs as a script; resolves once it logged its listening line. */
async function runScript(env: Record<string, string>) {
  const child = spawn(process.execPath, [SERVER_SCRIPT], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    rl.on('line', (line) => {
      lines.push(line);
      const m = / listening on (?:\[[^\]]+\]|[^:]+):(\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(({ code }) => reject(new Error(`server exited early (${code}): ${lines.join('\n')}`)));
  });
  return { child, lines, port, exited };
}

test('as a script: reads env, listens, logs requests, exits 0 on SIGTERM', T, async (t) => {
  const run = await runScript({ PORT: '0', HOST: '127.0.0.1', APP_NAME: 'main', REQUIRE_TOKEN: 'tkn' });
  t.after(() => run.child.kill('SIGKILL'));
  assert.equal(run.lines[0], `main listening on 127.0.0.1:${run.port}`);
  const res = await fetch(`http://127.0.0.1:${run.port}/health`, { headers: { authorization: 'Bearer tkn' } });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { name: string }).name, 'main');
  const started = Date.now();
  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 2_000);
  assert.ok(run.lines.includes('main GET /health -> 200'), run.lines.join('\n'));
  assert.ok(!run.lines.join('\n').includes('tkn'));
});

test('as a script: SIGINT exits 0; default host is dual-stack ::', T, async (t) => {
  const run = await runScript({ PORT: '0' });
  t.after(() => run.child.kill('SIGKILL'));
  assert.match(run.lines[0] ?? '', /^app listening on (\[::\]|0\.0\.0\.0):\d+$/);
  assert.equal((await fetch(`http://127.0.0.1:${run.port}/health`)).status, 200);
  run.child.kill('SIGINT');
  assert.equal((await run.exited).code, 0);
});

test('as a script: EXIT_AFTER_MS exits with EXIT_CODE', T, async (t) => {
  const run = await runScript({ PORT: '0', HOST: '127.0.0.1', EXIT_AFTER_MS: '300', EXIT_CODE: '7' });
  t.after(() => run.child.kill('SIGKILL'));
  assert.equal((await run.exited).code, 7);
  const dflt = await runScript({ PORT: '0', HOST: '127.0.0.1', EXIT_AFTER_MS: '100' });
  t.after(() => dflt.child.kill('SIGKILL'));
  assert.equal((await dflt.exited).code, 1);
});
