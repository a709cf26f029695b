/**
 * Docker on a Windows runner (windows-latest) runs Windows containers only: the action must end
 * the Docker path as soon as the daemon says so, with its own failure kind and a hint, before
 * any pull or `up` (a Linux stack would otherwise fail late, on a pull: "no matching manifest for
 * windows/amd64"). Such an engine answers on a socket of our own (the action asks a local socket
 * directly), and a `docker` on PATH answers as its CLI; both record every call.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { test } from 'node:test';
import { runAction } from '../harness/runner.js';
import { tempDir } from '../support/temp.js';

test('a daemon whose OSType is windows: the Docker path ends at once (no pull, no up), failure windows-engine, the hint names an Ubuntu runner and mode: staging', async (t) => {
  const dir = tempDir(t, 'cos-windows-docker-');
  const calls = path.join(dir, 'calls');
  const server = { Version: '27.3.1', Os: 'windows', Arch: 'amd64', KernelVersion: '10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)' };
  fs.writeFileSync(
    path.join(dir, 'docker'),
    [
      '#!/bin/sh',
      `echo "$*" >> '${calls}'`,
      'case "$1" in',
      `  version) echo '${JSON.stringify({ Client: { Version: '27.3.1', Os: 'windows' }, Server: server })}';;`,
      '  context) echo npipe:////./pipe/docker_engine;;',
      '  compose) [ "$2" = version ] && echo 2.29.7 || exit 1;;',
      '  *) exit 1;;',
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  // The engine itself, on its socket: its version, and nothing else.
  const socket = path.join(dir, 'docker.sock');
  const requests: string[] = [];
  const engine = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/version') res.end(JSON.stringify(server));
    else res.writeHead(404).end('{"message":"not here"}');
  });
  await new Promise<void>((resolve) => engine.listen(socket, resolve));
  t.after(() => new Promise<void>((resolve) => engine.close(() => resolve())));
  const workspace = path.join(dir, 'ws');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'compose.yaml'), 'services:\n  backend:\n    image: busybox\n    ports: ["8000"]\n');
  const run = await runAction({
    workspace,
    inputs: { 'fail-on-unavailable': 'false' },
    // Only the fake answers as docker; a real docker-compose on PATH finds no engine.
    env: {
      PATH: `${dir}${path.delimiter}${process.env.PATH}`,
      HOME: dir,
      DOCKER_CONFIG: path.join(dir, '.docker'),
      DOCKER_HOST: `unix://${socket}`,
    },
  });
  t.after(run.cleanup);
  assert.equal(run.main.exitCode, 0, run.main.stdout);
  assert.equal(run.main.outputs.mode, 'none');
  assert.equal(run.main.outputs['docker-available'], 'true', 'a daemon did answer');
  const report = JSON.parse(fs.readFileSync(run.main.outputs.report!, 'utf8')) as {
    checks: Array<{ id: string; failure: string | null; detail: string; hint: string | null }>;
  };
  const availability = report.checks.find((c) => c.id === 'docker.availability')!;
  assert.equal(availability.failure, 'windows-engine');
  assert.match(availability.detail, /runs Windows containers \(windows\/amd64\): a Linux compose stack cannot run on it/);
  assert.match(availability.hint ?? '', /ubuntu-latest/);
  assert.match(availability.hint ?? '', /staging/);
  assert.match(run.main.outputs.reason ?? '', /Windows containers/);
  assert.match(run.main.summary, /ubuntu-latest/);
  assert.ok(requests.includes('GET /version'), requests.join('\n'));
  const asked = [...(fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean) : []), ...requests];
  assert.ok(!asked.some((c) => /\b(pull|up|create|run|build)\b/.test(c)), asked.join('\n'));
  assert.equal(run.post?.exitCode, 0, run.post?.stdout);
});
