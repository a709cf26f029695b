/**
 * A command run in a container and a container's log followed: on the engine's socket they must
 * give what the docker CLI gives (exit code, stdout, stderr, a missing program, a gone container),
 * checked side by side on a real container; and the frames of the engine's stream read right.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execIn, followLog, readLog } from '../../../src/docker/container-io.js';
import { engineSocket } from '../../../src/docker/endpoint.js';
import { FrameReader } from '../../../src/docker/stream-frames.js';
import { dockerEngine, dockerOk, docker } from '../../support/docker.js';
import { ensureTestImages } from '../../support/images.js';
import { sleep } from '../../support/time.js';

const frame = (stream: number, text: string): Buffer => {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
};

describe('FrameReader', () => {
  test('frames split anywhere, stdout and stderr told apart', () => {
    const got: string[] = [];
    const r = new FrameReader((b, s) => got.push(`${s}:${b.toString()}`));
    const all = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err é\n'), frame(1, 'out 2')]);
    for (let i = 0; i < all.length; i += 3) r.push(all.subarray(i, i + 3));
    assert.deepEqual(got.join(''), 'stdout:out 1\nstderr:err é\nstdout:out 2');
  });

  test('a raw stream (a container with a TTY): all of it stdout, as it came', () => {
    const got: string[] = [];
    const r = new FrameReader((b, s) => got.push(`${s}:${b.toString()}`));
    r.push(Buffer.from('he'));
    r.push(Buffer.from('llo\n'));
    r.push(Buffer.from('world\n'));
    assert.deepEqual(got, ['stdout:hello\n', 'stdout:world\n']);
  });
});

describe('in a real container: the socket says what the CLI says', () => {
  let id = '';
  let socketEnv: NodeJS.ProcessEnv = process.env;
  let skip = '';

  before(async () => {
    const engine = await dockerEngine();
    if (!engine.available) {
      if (process.env.CI === 'true') throw new Error(`CI needs a Docker engine: ${engine.reason}`);
      skip = `no Docker engine: ${engine.reason}`;
      return;
    }
    if (!engineSocket(process.env)) {
      skip = 'the engine is not on a local socket here';
      return;
    }
    const images = await ensureTestImages();
    id = (await dockerOk(['run', '-d', '--label', 'cos-test=container-io', '-e', 'PORT=8080', images.node])).trim();
    socketEnv = process.env;
  });
  after(async () => {
    if (id) await docker(['rm', '-f', id]);
  });

  test('exit code, stdout and stderr of a command', async (t) => {
    if (skip) return t.skip(skip);
    const cmd = ['/bin/sh', '-c', 'echo out; echo err >&2; exit 3'];
    const api = await execIn(socketEnv, id, cmd, { timeoutMs: 30_000 });
    const cli = await docker(['exec', id, ...cmd]);
    assert.equal(api.argv[0], 'docker');
    assert.deepEqual([api.code, api.stdout, api.stderr], [cli.code, cli.stdout, cli.stderr]);
    assert.deepEqual([api.code, api.stdout, api.stderr], [3, 'out\n', 'err\n']);
  });

  test('a program the image lacks, and a container that is gone: a failure either way, with the words callers look for', async (t) => {
    if (skip) return t.skip(skip);
    const missing = await execIn(socketEnv, id, ['no-such-program', 'x'], { timeoutMs: 30_000 });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stdout + missing.stderr, /not found|no such file/i);
    const gone = await execIn(socketEnv, 'f'.repeat(64), ['true'], { timeoutMs: 30_000 });
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /No such container/i);
  });

  test('a command that outlasts its time: timed out, not a pass', async (t) => {
    if (skip) return t.skip(skip);
    const r = await execIn(socketEnv, id, ['sleep', '5'], { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.code, null);
  });

  test('a followed log: the lines as they come, from both streams', async (t) => {
    if (skip) return t.skip(skip);
    const lines: string[] = [];
    const stop = new AbortController();
    const following = followLog(socketEnv, id, {
      tail: 0,
      signal: stop.signal,
      timeoutMs: 60_000,
      onLine: (l, s) => lines.push(`${s}:${l}`),
    });
    // The app logs each request it serves: ask it twice, from inside.
    for (let i = 0; i < 50 && lines.length < 1; i++) {
      await execIn(socketEnv, id, ['node', '-e', "require('http').get('http://127.0.0.1:8080/health', r => r.resume())"], {
        timeoutMs: 30_000,
      });
      await sleep(100);
    }
    stop.abort();
    await following;
    assert.ok(lines.length >= 1, 'a line came');
    assert.ok(
      lines.every((l) => /^std(out|err):/.test(l) && !l.includes('\u0001')),
      `no frame header leaks: ${JSON.stringify(lines)}`,
    );
  });

  test('the last lines of a log, stamped: the same as `docker logs --timestamps --tail`', async (t) => {
    if (skip) return t.skip(skip);
    const api = await readLog(socketEnv, id, 3, { timeoutMs: 30_000 });
    const cli = await docker(['logs', '--timestamps', '--tail', '3', id]);
    assert.equal(api.code, 0);
    assert.deepEqual([api.stdout, api.stderr], [cli.stdout, cli.stderr]);
    assert.match(api.stdout + api.stderr, /^\d{4}-\d\d-\d\dT[\d:.]+Z /m);
    const gone = await readLog(socketEnv, 'f'.repeat(64), 3, { timeoutMs: 30_000 });
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /No such container/i);
  });
});
