/**
 * Where the engine is, as the docker CLI would find it, read without starting a process; and the
 * local socket the action may ask directly.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { contextHostFromFiles, engineSocket } from '../../../src/docker/endpoint.js';
import { tempDir } from '../../support/temp.js';

describe('contextHostFromFiles: the endpoint the docker CLI would use, read from its files', () => {
  /** What `docker context inspect` (the current context) says for this DOCKER_CONFIG. */
  const cliSays = (env: NodeJS.ProcessEnv): string =>
    execFileSync('docker', ['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).trim();

  test('the default context, a named one, "default" named: the same host as the CLI', (t) => {
    const dir = tempDir(t, 'cos-ctx-');
    const env = { DOCKER_CONFIG: dir, DOCKER_HOST: '', DOCKER_CONTEXT: '' };
    assert.equal(contextHostFromFiles(env), 'unix:///var/run/docker.sock', 'no config.json at all');
    assert.equal(contextHostFromFiles(env), cliSays(env));
    execFileSync('docker', ['context', 'create', 'remote-one', '--docker', 'host=tcp://127.0.0.2:2376'], {
      env: { ...process.env, ...env },
    });
    execFileSync('docker', ['context', 'use', 'remote-one'], { env: { ...process.env, ...env } });
    assert.equal(contextHostFromFiles(env), 'tcp://127.0.0.2:2376');
    assert.equal(contextHostFromFiles(env), cliSays(env));
    execFileSync('docker', ['context', 'use', 'default'], { env: { ...process.env, ...env } });
    assert.equal(contextHostFromFiles(env), cliSays(env));
  });

  test('what it cannot tell is left to the CLI: DOCKER_CONTEXT, a context without its meta file, a config.json that is not JSON', (t) => {
    const dir = tempDir(t, 'cos-ctx-');
    assert.equal(contextHostFromFiles({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'other' }), undefined);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ currentContext: 'gone' }));
    assert.equal(contextHostFromFiles({ DOCKER_CONFIG: dir }), undefined);
    fs.writeFileSync(path.join(dir, 'config.json'), '{ not json');
    assert.equal(contextHostFromFiles({ DOCKER_CONFIG: dir }), undefined);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: {} }));
    assert.equal(contextHostFromFiles({ DOCKER_CONFIG: dir }), 'unix:///var/run/docker.sock');
  });
});

describe('engineSocket: the local socket to ask directly, and only that', () => {
  test('DOCKER_HOST unix:// is its path; tcp://, ssh:// and npipe:// are left to the CLI', () => {
    assert.equal(engineSocket({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }), '/run/user/1000/docker.sock');
    assert.equal(engineSocket({ DOCKER_HOST: 'tcp://127.0.0.2:2376' }), undefined);
    assert.equal(engineSocket({ DOCKER_HOST: 'ssh://me@host' }), undefined);
    assert.equal(engineSocket({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }), undefined);
    assert.equal(engineSocket({ DOCKER_HOST: 'unix://relative.sock' }), undefined);
  });

  test("without DOCKER_HOST, the current context's endpoint: the default socket, a named context's host, nothing for one only the CLI reads", (t) => {
    const dir = tempDir(t, 'cos-sock-');
    assert.equal(engineSocket({ DOCKER_CONFIG: dir }), '/var/run/docker.sock');
    assert.equal(engineSocket({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'other' }), undefined);
    const env = { ...process.env, DOCKER_CONFIG: dir, DOCKER_HOST: '', DOCKER_CONTEXT: '' };
    execFileSync('docker', ['context', 'create', 'rootless', '--docker', 'host=unix:///run/user/1000/docker.sock'], { env });
    execFileSync('docker', ['context', 'use', 'rootless'], { env });
    // Another HOME: the answer for the first config is remembered, not reused for this one.
    assert.equal(engineSocket({ DOCKER_CONFIG: dir, HOME: '/nonexistent' }), '/run/user/1000/docker.sock');
  });
});
