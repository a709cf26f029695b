/**
 * Tests of __tests__/support/remote-engine.ts: the local engine reached as a remote one, over
 * tcp:// with mutual TLS (socat) and over ssh:// (a private sshd), by the docker CLI, a docker
 * context and compose v2.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';

import { composesUnderTest, requireCompose } from './compose.js';
import { dockerOk, projectResources, removeProject, requireDocker } from './docker.js';
import { ensureTestImages } from './images.js';
import { alive, descendantPids } from './processes.js';
import { dockerWith, missingTools, portAccepts, startSshEngine, startTlsEngine } from './remote-engine.js';
import { tempDir } from './temp.js';
import { until } from './time.js';

const T = { timeout: 120_000 };
const VERSION = ['version', '--format', '{{.Server.Version}}'];

/** Gate on a Docker engine and the programs `kind` needs: skip locally, fail under CI=true. */
async function requireEngine(t: TestContext, kind: 'tls' | 'ssh'): Promise<boolean> {
  if (!(await requireDocker(t))) return false;
  const missing = missingTools(kind);
  if (missing.length === 0) return true;
  if (process.env.CI === 'true') throw new Error(`the ${kind} engine needs ${missing.join(', ')} (CI=true, so it is not skipped)`);
  t.skip(`the ${kind} engine needs ${missing.join(', ')}`);
  return false;
}

async function localVersion(): Promise<string> {
  return dockerOk(VERSION);
}

test('TLS engine: answers like the local socket, only to a client with a certificate of its CA', T, async (t) => {
  if (!(await requireEngine(t, 'tls'))) return;
  const started = Date.now();
  const engine = await startTlsEngine();
  t.diagnostic(`startTlsEngine took ${Date.now() - started} ms`);
  t.after(() => engine.stop());

  assert.match(engine.env.DOCKER_HOST, /^tcp:\/\/127\.0\.0\.2:\d+$/);
  assert.equal(engine.env.DOCKER_HOST, `tcp://${engine.host}:${engine.port}`);
  assert.equal(engine.env.DOCKER_TLS_VERIFY, '1');
  assert.equal(engine.env.DOCKER_CERT_PATH, engine.certPath);
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) assert.ok(existsSync(join(engine.certPath, f)), f);

  const through = await dockerWith(engine.env, VERSION);
  assert.equal(through.code, 0, through.stderr);
  assert.equal(through.stdout.trim(), await localVersion());

  // DOCKER_TLS_VERIFY=1 with only the CA: the CLI connects without a client certificate and is refused
  const caOnly = tempDir(t, 'cos-ca-only-');
  await copyFile(engine.caPath, join(caOnly, 'ca.pem'));
  const noCert = await dockerWith({ ...engine.env, DOCKER_CERT_PATH: caOnly }, VERSION);
  assert.notEqual(noCert.code, 0, noCert.stdout);
  assert.match(noCert.stderr, /certificate required|handshake failure|bad certificate|connection reset/i);
  // plain http to the TLS port is refused too
  const plain = await dockerWith({ DOCKER_HOST: engine.env.DOCKER_HOST, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' }, VERSION);
  assert.notEqual(plain.code, 0, plain.stdout);
});

test('TLS engine: a docker context for it works through DOCKER_CONTEXT', T, async (t) => {
  if (!(await requireEngine(t, 'tls'))) return;
  const engine = await startTlsEngine();
  t.after(() => engine.stop());
  const config = tempDir(t, 'cos-ctx-config-');
  const name = `cos-tls-${randomBytes(3).toString('hex')}`;
  await engine.createContext(config, name);

  const env: Record<string, string> = {
    DOCKER_CONFIG: config,
    DOCKER_CONTEXT: name,
    DOCKER_HOST: '',
    DOCKER_TLS_VERIFY: '',
    DOCKER_CERT_PATH: '',
  };
  const endpoint = await dockerWith(env, ['context', 'inspect', name, '--format', '{{.Endpoints.docker.Host}}']);
  assert.equal(endpoint.stdout.trim(), engine.env.DOCKER_HOST, endpoint.stderr);
  const through = await dockerWith(env, VERSION);
  assert.equal(through.code, 0, through.stderr);
  assert.equal(through.stdout.trim(), await localVersion());
  // the context keeps its own copy of the TLS material, in the docker config folder
  assert.equal((await readdir(join(config, 'contexts', 'tls'))).length, 1);
});

test('TLS engine: stop() ends socat (and its forked children), closes the port and removes the files', T, async (t) => {
  if (!(await requireEngine(t, 'tls'))) return;
  const engine = await startTlsEngine();
  t.after(() => engine.stop());
  // a connection held open keeps a forked socat child alive
  const events = spawn('docker', ['events'], { env: { ...process.env, ...engine.env }, stdio: 'ignore' });
  t.after(() => events.kill('SIGKILL'));
  await until(() => descendantPids(engine.pid).length > 0, { what: 'socat forked a child for docker events', intervalMs: 50 });
  const tree = [engine.pid, ...descendantPids(engine.pid)];
  assert.ok(tree.every(alive));

  await engine.stop();
  assert.deepEqual(tree.filter(alive), [], 'socat and its children must be gone');
  assert.equal(await portAccepts(engine.host, engine.port), false, 'the port must be closed');
  assert.equal(existsSync(engine.dir), false);
  await engine.stop(); // idempotent
});

test('SSH engine: answers like the local socket through the ssh wrapper; stop() ends sshd and its sessions', T, async (t) => {
  if (!(await requireEngine(t, 'ssh'))) return;
  const started = Date.now();
  const engine = await startSshEngine();
  t.diagnostic(`startSshEngine took ${Date.now() - started} ms`);
  t.after(() => engine.stop());

  assert.equal(engine.env.DOCKER_HOST, `ssh://${engine.user}@127.0.0.1:${engine.port}`);
  assert.ok(engine.env.PATH.startsWith(`${engine.binDir}:`));
  assert.ok(existsSync(join(engine.binDir, 'ssh')));

  const through = await dockerWith(engine.env, VERSION);
  assert.equal(through.code, 0, through.stderr);
  assert.equal(through.stdout.trim(), await localVersion());
  // a session held open (docker events runs `docker system dial-stdio` through ssh) …
  const events = spawn('docker', ['events'], { env: { ...process.env, ...engine.env }, stdio: 'ignore' });
  t.after(() => events.kill('SIGKILL'));
  const dialing = async (): Promise<number[]> => {
    const pids = descendantPids(engine.pid);
    const cmds = await Promise.all(pids.map((p) => readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '')));
    return pids.filter((_, i) => cmds[i]!.includes('dial-stdio'));
  };
  await until(async () => (await dialing()).length > 0, { what: 'a dial-stdio session under sshd', intervalMs: 50 });
  const tree = [engine.pid, ...descendantPids(engine.pid)];
  const exited = new Promise<number | null>((resolve) => events.on('exit', (code) => resolve(code)));

  // … is ended by stop(), with sshd
  await engine.stop();
  assert.deepEqual(tree.filter(alive), [], 'sshd and its sessions must be gone');
  assert.equal(await portAccepts(engine.host, engine.port), false, 'the port must be closed');
  assert.equal(existsSync(engine.dir), false);
  assert.notEqual(await exited, 0, 'docker events loses its engine');
  await engine.stop(); // idempotent
});

test('SSH engine: compose v2 over ssh (up of 12 services at once, ls, down)', { timeout: 300_000 }, async (t) => {
  if (!(await requireEngine(t, 'ssh'))) return;
  const v2 = composesUnderTest().find((c) => c.name === 'v2')!;
  if (!requireCompose(t, v2)) return;
  const { busybox } = await ensureTestImages();
  const engine = await startSshEngine();
  t.after(() => engine.stop());
  const env = { ...engine.env, ...v2.env };

  const version = await dockerWith(env, ['compose', 'version', '--short']);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), v2.version);

  const project = `cosssh${process.pid}${randomBytes(3).toString('hex')}`;
  t.after(() => removeProject(project).catch(() => undefined));
  const dir = tempDir(t, 'cos-ssh-compose-');
  const services = Array.from({ length: 12 }, (_, i) => `  s${i}:\n    image: ${busybox}\n    command: ["sleep", "300"]\n    init: true\n`);
  await writeFile(join(dir, 'compose.yml'), `services:\n${services.join('')}`);

  // more concurrent API connections (so ssh connections) than sshd's default MaxStartups allows
  const up = await dockerWith(env, ['compose', '-p', project, 'up', '-d'], { cwd: dir, timeoutMs: 240_000 });
  assert.equal(up.code, 0, up.stderr);
  const found = await projectResources(project); // through the local socket
  assert.equal(found.containers.length, 12);

  const ls = await dockerWith(env, ['compose', 'ls', '--all', '--format', 'json', '--filter', `name=${project}`]);
  assert.equal(ls.code, 0, ls.stderr);
  const listed = JSON.parse(ls.stdout) as { Name: string; Status: string }[];
  assert.deepEqual(
    listed.map((p) => [p.Name, p.Status]),
    [[project, 'running(12)']],
  );

  const down = await dockerWith(env, ['compose', '-p', project, 'down', '-t', '0'], { cwd: dir, timeoutMs: 240_000 });
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
});
