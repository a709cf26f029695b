/**
 * Tests of __tests__/support/images.ts: the registry-free test images build, are
 * tagged by content, and actually run.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'node:test';

import { docker, dockerOk, requireDocker } from './docker.js';
import { BUSYBOX_IMAGE_REPO, ensureTestImages, NODE_IMAGE_REPO, testImageTags } from './images.js';
import { closeWebSocket, connectWebSocket, echo } from './ws-client.js';
import { sleep } from './time.js';

const T = { timeout: 45_000 };

/** `docker run -d` a container that is force-removed when the test ends. */
async function runDetached(t: TestContext, args: string[]): Promise<string> {
  const name = `cos-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  t.after(async () => {
    await docker(['rm', '-f', '-v', name]);
  });
  await dockerOk(['run', '-d', '--name', name, '--label', 'cos-test=1', ...args]);
  return name;
}

/** Host address of a container's published port, e.g. `127.0.0.1:49153`. */
async function publishedPort(container: string, port: string): Promise<string> {
  const out = await dockerOk(['port', container, port]);
  const first = out.split('\n').find((l) => l.startsWith('127.0.0.1:'));
  assert.ok(first, `no 127.0.0.1 binding in: ${out}`);
  return first;
}

/**
 * Poll `url` until it answers `status` (or fail after `ms`).
 *
 * Each attempt is aborted after 1s by a *ref'd* timer: right after `docker run`
 * a connection through docker-proxy can hang instead of being refused, and
 * neither undici's socket nor AbortSignal.timeout() keeps the event loop alive,
 * so node:test would cancel the test ("Promise resolution is still pending but
 * the event loop has already resolved").
 */
async function waitForStatus(url: string, status: number, ms = 10_000, init: RequestInit = {}): Promise<Response> {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('attempt timed out after 1s')), 1_000);
    try {
      const res = await fetch(url, { ...init, signal: controller.signal });
      if (res.status === status) return res;
      last = `status ${res.status}`;
      await res.body?.cancel();
    } catch (err) {
      last = (err as Error).message;
    } finally {
      clearTimeout(timer);
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer ${status} within ${ms}ms (last: ${last})`);
}

test('test images are tagged by content hash, built once, with the expected config', T, async (t) => {
  if (!(await requireDocker(t))) return;
  const images = await ensureTestImages();
  assert.match(images.node, new RegExp(`^${NODE_IMAGE_REPO}:[0-9a-f]{12}$`));
  assert.match(images.busybox, new RegExp(`^${BUSYBOX_IMAGE_REPO}:[0-9a-f]{12}$`));
  assert.deepEqual(await testImageTags(), images);
  assert.equal(ensureTestImages(), ensureTestImages(), 'memoised per process');

  const nodeConfig = JSON.parse(await dockerOk(['image', 'inspect', '--format', '{{json .Config}}', images.node])) as {
    Cmd: string[];
    ExposedPorts: Record<string, unknown>;
    WorkingDir: string;
  };
  assert.deepEqual(nodeConfig.Cmd, ['/usr/bin/node', '/app/server.mjs']);
  assert.ok('8000/tcp' in nodeConfig.ExposedPorts);
  assert.equal(nodeConfig.WorkingDir, '/app');
  const inside = await dockerOk(['run', '--rm', images.node, 'sh', '-c', 'ls /app; wget --help 2>&1 | head -n 1; node --version']);
  assert.match(inside, /^server\.mjs\nBusyBox .*\nv\d+\.\d+\.\d+$/);
  const bbCmd = await dockerOk(['image', 'inspect', '--format', '{{json .Config.Cmd}}', images.busybox]);
  assert.deepEqual(JSON.parse(bbCmd), ['/bin/sh']);
});

test('busybox image runs applets (echo, wget, nc, sleep) and has /tmp and /etc/passwd', T, async (t) => {
  if (!(await requireDocker(t))) return;
  const { busybox } = await ensureTestImages();
  const out = await dockerOk([
    'run',
    '--rm',
    busybox,
    'sh',
    '-c',
    'echo ok && wget --help 2>&1 | head -n 1 && which nc sleep cat httpd true false && ' +
      'test -d /tmp && test -w /tmp && grep -c root /etc/passwd',
  ]);
  const lines = out.split('\n');
  assert.equal(lines[0], 'ok');
  assert.match(lines[1] ?? '', /BusyBox/);
  assert.deepEqual(lines.slice(2, 8), ['/bin/nc', '/bin/sleep', '/bin/cat', '/bin/httpd', '/bin/true', '/bin/false']);
  assert.equal(lines[8], '1');
  assert.equal((await docker(['run', '--rm', busybox, 'false'])).code, 1);
});

test('node image: the app answers health and WebSocket on a published port, and stops promptly', T, async (t) => {
  if (!(await requireDocker(t))) return;
  const { node } = await ensureTestImages();
  const container = await runDetached(t, ['-p', '127.0.0.1::8000', '-e', 'APP_NAME=in-docker', '-e', 'REQUIRE_TOKEN=tok', node]);
  const address = await publishedPort(container, '8000/tcp');
  assert.match(address, /^127\.0\.0\.1:\d+$/);

  assert.equal((await waitForStatus(`http://${address}/health`, 401)).status, 401);
  const res = await waitForStatus(`http://${address}/health`, 200, 5_000, { headers: { authorization: 'Bearer tok' } });
  const body = (await res.json()) as { name: string; status: string };
  assert.deepEqual([body.name, body.status], ['in-docker', 'ok']);
  assert.equal((await fetch(`http://${address}/nope`)).status, 404);

  const ws = await connectWebSocket(`ws://${address}/ws`, { headers: { Authorization: 'Bearer tok' } });
  assert.ok(ws.accepted, JSON.stringify(ws));
  assert.equal((await echo(ws.ws, 'from host')).data.toString(), 'from host');
  await closeWebSocket(ws.ws);

  // the node app is PID 1 and handles SIGTERM itself: `docker stop` does not reach its 10 s kill
  // (a kill would leave exit code 137, whatever this machine's speed; a clean SIGTERM exit leaves 0)
  await dockerOk(['stop', container]);
  assert.equal(await dockerOk(['inspect', '--format', '{{.State.ExitCode}}', container]), '0');

  const logs = await docker(['logs', container]);
  assert.match(logs.stdout, /^in-docker listening on (\[::\]|0\.0\.0\.0):8000$/m);
  assert.match(logs.stdout, /^in-docker GET \/health -> 200$/m);
  assert.match(logs.stdout, /^in-docker GET \/ws -> 101$/m);
  assert.doesNotMatch(logs.stdout, /tok/);
});

test('node image: EXIT_AFTER_MS/EXIT_CODE make the container exit with that code', T, async (t) => {
  if (!(await requireDocker(t))) return;
  const { node } = await ensureTestImages();
  const container = await runDetached(t, ['-e', 'EXIT_AFTER_MS=200', '-e', 'EXIT_CODE=3', node]);
  const code = await dockerOk(['wait', container], { timeoutMs: 15_000 });
  assert.equal(code, '3');
});
