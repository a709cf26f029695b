import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { loadActionDefinition } from '../harness/runner.js';
import * as actions from '@actions/core';
import { deriveWebsocketUrl, InputError, inputsFrom, parseInputs, parseList, shellWords, type InputName } from '../../src/inputs.js';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-inputs-'));
// Unset inputs read as action.yml's defaults, as the runner gives them.
const defaults = Object.fromEntries(Object.entries(loadActionDefinition().inputs).map(([k, v]) => [k, v.default ?? '']));
const parse = (given: Record<string, string>) => parseInputs((name) => given[name] ?? defaults[name] ?? '', workspace);

describe('parseInputs', () => {
  test('no inputs at all: every default is safe', () => {
    const i = parse({});
    assert.equal(i.mode, 'auto');
    assert.equal(i.workingDirectory, workspace);
    assert.deepEqual(i.composeFiles, []);
    assert.equal(i.projectDirectory, undefined);
    assert.equal(i.startupTimeoutMs, 120_000);
    assert.equal(i.staging.timeoutMs, 10_000);
    assert.equal(i.backendService, 'backend');
    assert.equal(i.backendPort, 8000);
    assert.equal(i.authService, 'auth');
    assert.equal(i.authServiceExplicit, false);
    assert.equal(i.failOnUnavailable, true);
    assert.equal(i.staging.backendUrl, undefined);
    assert.equal(i.staging.websocketUrl, undefined);
  });

  test('booleans accept true/false in any case', () => {
    const i = parse({ build: 'TRUE', 'fail-on-unavailable': 'False', 'export-env': 'tRuE', teardown: 'false', 'cache-images': 'true' });
    assert.deepEqual([i.build, i.failOnUnavailable, i.exportEnv, i.teardown, i.cacheImages], [true, false, true, false, true]);
  });

  test('url-host takes a host name, an IPv4 address or an IPv6 address (bracketed for URLs)', () => {
    const host = (v: string) => parse({ 'url-host': v }).urlHost;
    assert.equal(host(''), undefined);
    assert.equal(host('docker'), 'docker');
    assert.equal(host(' build-host.internal '), 'build-host.internal');
    assert.equal(host('10.0.0.5'), '10.0.0.5');
    assert.equal(host('::1'), '[::1]');
    assert.equal(host('[fd00::5]'), '[fd00::5]');
    assert.equal(parse({ isolate: 'TRUE' }).isolate, true);
  });

  test("websocket-path '' means no WebSocket check: nothing derived for staging unless staging-websocket-url is given", () => {
    assert.equal(parse({}).websocketPath, '/ws');
    const none = parse({ 'websocket-path': '', 'staging-backend-url': 'https://stg.example.com' });
    assert.equal(none.websocketPath, undefined);
    assert.equal(none.staging.websocketUrl, undefined);
    const given = parse({
      'websocket-path': '',
      'staging-backend-url': 'https://stg.example.com',
      'staging-websocket-url': 'wss://ws.example.com/x',
    });
    assert.equal(given.staging.websocketUrl, 'wss://ws.example.com/x');
  });

  test('backend-service is explicit only when it differs from its default', () => {
    assert.equal(parse({}).backendServiceExplicit, false);
    assert.equal(parse({ 'backend-service': 'backend' }).backendServiceExplicit, false);
    assert.equal(parse({ 'backend-service': 'api' }).backendServiceExplicit, true);
  });

  test('backend-port and auth-port are explicit only when they differ from their defaults (the runner passes 8000 / 8081 for unset)', () => {
    const cases: Array<[Record<string, string>, number, boolean, number, boolean]> = [
      [{}, 8000, false, 8081, false],
      [{ 'backend-port': '8000', 'auth-port': '8081' }, 8000, false, 8081, false],
      [{ 'backend-port': ' 3000 ' }, 3000, true, 8081, false],
      [{ 'auth-port': '9000' }, 8000, false, 9000, true],
    ];
    for (const [given, backendPort, backendPortExplicit, authPort, authPortExplicit] of cases) {
      const i = parse(given);
      assert.deepEqual(
        {
          backendPort: i.backendPort,
          backendPortExplicit: i.backendPortExplicit,
          authPort: i.authPort,
          authPortExplicit: i.authPortExplicit,
        },
        { backendPort, backendPortExplicit, authPort, authPortExplicit },
        JSON.stringify(given),
      );
    }
  });

  test('lists accept newlines and commas', () => {
    assert.deepEqual(parseList('a, b\nc,,\n\n d '), ['a', 'b', 'c', 'd']);
    const i = parse({ 'compose-files': 'docker/a.yml\ndocker/b.yml, c.yml', services: 'backend,auth' });
    assert.deepEqual(
      i.composeFiles.map((f) => path.relative(workspace, f)),
      ['docker/a.yml', 'docker/b.yml', 'c.yml'],
    );
    assert.deepEqual(i.services, ['backend', 'auth']);
  });

  test('compose-files are relative to working-directory', () => {
    fs.mkdirSync(path.join(workspace, 'sub'), { recursive: true });
    const i = parse({ 'working-directory': 'sub', 'compose-files': 'docker/c.yml' });
    assert.equal(i.composeFiles[0], path.join(workspace, 'sub', 'docker', 'c.yml'));
  });

  test('staging websocket URL: derived from the backend URL, or the input wins', () => {
    assert.equal(parse({ 'staging-backend-url': 'https://stg.example.com/api/' }).staging.websocketUrl, 'wss://stg.example.com/api/ws');
    assert.equal(
      parse({ 'staging-backend-url': 'http://stg:8080', 'websocket-path': '/socket' }).staging.websocketUrl,
      'ws://stg:8080/socket',
    );
    const given = parse({ 'staging-backend-url': 'https://a.example', 'staging-websocket-url': 'wss://b.example/live' }).staging;
    assert.equal(given.websocketUrl, 'wss://b.example/live');
    assert.equal(given.websocketUrlSource, 'input');
    assert.equal(deriveWebsocketUrl('https://x.example', '/ws'), 'wss://x.example/ws');
  });

  test('auth-service: default is not explicit, another name is, empty means none', () => {
    assert.equal(parse({ 'auth-service': 'auth' }).authServiceExplicit, false);
    assert.equal(parse({ 'auth-service': 'login' }).authServiceExplicit, true);
    assert.equal(parse({ 'auth-service': ' ' }).authService, undefined);
  });

  test('upload-logs: on-failure by default, always and never in any case', () => {
    assert.equal(parse({}).uploadLogs, 'on-failure');
    assert.equal(parse({ 'upload-logs': 'ALWAYS' }).uploadLogs, 'always');
    assert.equal(parse({ 'upload-logs': ' never ' }).uploadLogs, 'never');
  });

  test('fractional seconds are fine', () => {
    assert.equal(parse({ 'startup-timeout': '2.5' }).startupTimeoutMs, 2500);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['mode', 'dockr', /one of auto, docker, staging; got "dockr"/],
    ['pull', 'sometimes', /one of missing, always, never/],
    ['upload-logs', 'on-success', /Input 'upload-logs' must be one of on-failure, always, never; got "on-success"/],
    ['upload-logs', 'true', /Input 'upload-logs' .*got "true"/],
    ['startup-timeout', '0', /a number of seconds from 1 to 3600; got "0"/],
    ['staging-timeout', '0.0001', /a number of seconds from 1 to 600; got "0.0001"/],
    [
      'staging-backend-url',
      'https://staging.example\n/evil',
      /one URL, with no spaces, tabs or line breaks inside; got "https:\/\/staging.example\\n\/evil"/,
    ],
    ['staging-auth-url', 'https://auth.example/\thealth', /no spaces, tabs or line breaks/],
    ['staging-websocket-url', 'wss://user:pw@staging.example/ ws', /got "wss:\/\/user:\*\*\*@staging.example\/ ws"/],
    ['startup-timeout', '-5', /got "-5"/],
    ['startup-timeout', 'abc', /got "abc"/],
    ['startup-timeout', '99999', /from 1 to 3600/],
    ['staging-timeout', '601', /from 1 to 600/],
    ['backend-port', '70000', /1 to 65535; got "70000"/],
    ['auth-port', '8o81', /got "8o81"/],
    ['build', 'yes', /true or false; got "yes"/],
    ['fail-on-unavailable', '1', /true or false/],
    ['export-env', 'on', /true or false/],
    ['teardown', 'nope', /true or false/],
    ['cache-images', 'y', /true or false/],
    ['isolate', 'yes', /true or false; got "yes"/],
    ['url-host', 'http://docker:2375', /host name or an IP address, with no scheme, port or path; got "http:\/\/docker:2375"/],
    ['url-host', 'docker:2375', /got "docker:2375"/],
    ['url-host', 'host/path', /got "host\/path"/],
    ['url-host', 'under_score', /got "under_score"/],
    ['url-host', '::zz', /got "::zz"/],
    ['staging-backend-url', 'ftp://files.example', /http or https URL; got "ftp:\/\/files.example"/],
    ['staging-backend-url', 'staging.example.com', /http or https URL/],
    ['staging-auth-url', 'ws://auth.example', /http or https URL/],
    ['staging-websocket-url', 'https://x.example/ws', /ws or wss URL/],
    ['working-directory', '../outside', /stay inside the workspace/],
    ['compose-files', '../../etc/compose.yml', /stay inside the workspace/],
    ['project-directory', '/etc', /stay inside the workspace/],
    ['project-name', 'Bad Name', /lower-case letters/],
    ['health-path', 'health', /starting with '\/'/],
    ['websocket-path', '/ws?x=1', /starting with '\/'/],
    ['backend-service', 'back end', /service name/],
    ['up-flags', '--wait; rm -rf /', /shell operator/],
    ['up-flags', '"unclosed', /unclosed double quote/],
  ];
  for (const [input, value, message] of bad) {
    test(`${input}=${JSON.stringify(value)} is refused, naming the input and the value`, () => {
      assert.throws(
        () => parse({ [input]: value }),
        (err: unknown) =>
          err instanceof InputError && err.input === input && err.message.includes(`'${input}'`) && message.test(err.message),
      );
    });
  }

  test('a password in a staging URL never appears in the error', () => {
    assert.throws(
      () => parse({ 'staging-backend-url': 'ftp://user:pa55word@x.example' }),
      (err: Error) => !err.message.includes('pa55word') && err.message.includes('***'),
    );
  });

  test('a symlink out of the workspace is refused', () => {
    const link = path.join(workspace, 'escape');
    fs.rmSync(link, { force: true });
    fs.symlinkSync(os.tmpdir(), link);
    assert.throws(() => parse({ 'working-directory': 'escape' }), /a link to/);
  });

  test('a token with a newline is refused without showing it', () => {
    assert.throws(
      () => parse({ 'staging-token': 'abc\ndef' }),
      (err: Error) => err instanceof InputError && !err.message.includes('abc'),
    );
  });
});

describe('inputsFrom', () => {
  test('reads an input as @actions/core does: INPUT_<NAME>, spaces as _, trimmed, empty when unset', () => {
    const env = { INPUT_MULTI_LINE: '  value \n', 'INPUT_STAGING-TOKEN': ' t0k ' };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      // The reader's mechanics, on names action.yml does not have too (hence the casts).
      for (const name of ['multi line', 'staging-token', 'not-set'])
        assert.equal(inputsFrom(env)(name as InputName), actions.getInput(name), name);
      assert.equal(inputsFrom(env)('multi line' as InputName), 'value');
    } finally {
      for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    }
  });
});

describe('shellWords (up-flags)', () => {
  const cases: Array<[string, string[]]> = [
    ['', []],
    ['--build --force-recreate', ['--build', '--force-recreate']],
    [`--scale "worker=2" --label 'a b'`, ['--scale', 'worker=2', '--label', 'a b']],
    [`--env "say \\"hi\\""`, ['--env', 'say "hi"']],
    [`a\\ b c`, ['a b', 'c']],
    [`''`, ['']],
    [`x'y'"z"`, ['xyz']],
    ['--timeout\n10', ['--timeout', '10']],
    [`'$HOME;|'`, ['$HOME;|']],
  ];
  for (const [raw, words] of cases) {
    test(`${JSON.stringify(raw)} → ${JSON.stringify(words)}`, () => assert.deepEqual(shellWords('up-flags', raw), words));
  }
  for (const raw of ['a | b', 'a && b', '$(id)', '`id`', '"$HOME"', "'open"]) {
    test(`${JSON.stringify(raw)} is refused`, () => assert.throws(() => shellWords('up-flags', raw), InputError));
  }
});
