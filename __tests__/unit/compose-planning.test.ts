/** The pure core of compose planning: ports, service resolution, ranking, project names, argv. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { loadActionDefinition } from '../harness/runner.js';
import { downArgs, pullArgs, upArgs } from '../../src/compose/commands.js';
import { discoverComposeFiles, rankCandidates } from '../../src/compose/discovery.js';
import type { Candidate } from '../../src/compose/plan-types.js';
import type { ComposeTarget } from '../../src/compose/types.js';
import { parseComposeYaml, parseShortPort } from '../../src/compose/model.js';
import { editDistance, isRemoteContext, missingBuildPaths, nearestMatch } from '../../src/compose/project-directory.js';
import { deriveProjectName } from '../../src/compose/project-name.js';
import { findService, resolveService, ServiceResolutionError } from '../../src/compose/services.js';
import { parseComposeVersion } from '../../src/compose/version.js';

describe('short port syntax', () => {
  const cases: Array<[string, Array<[number, string | undefined, string | undefined, string]>]> = [
    ['8000', [[8000, undefined, undefined, 'tcp']]],
    ['8002:8000', [[8000, '8002', undefined, 'tcp']]],
    ['127.0.0.1:8081:8081/tcp', [[8081, '8081', '127.0.0.1', 'tcp']]],
    ['127.0.0.1::8000', [[8000, undefined, '127.0.0.1', 'tcp']]],
    ['[::1]:9000:9000/udp', [[9000, '9000', '::1', 'udp']]],
    [
      '9000-9001:8000-8001',
      [
        [8000, '9000', undefined, 'tcp'],
        [8001, '9001', undefined, 'tcp'],
      ],
    ],
  ];
  for (const [spec, expected] of cases) {
    test(spec, () =>
      assert.deepEqual(
        parseShortPort(spec).map((p) => [p.target, p.published, p.hostIp, p.protocol]),
        expected,
      ),
    );
  }
});

const model = parseComposeYaml(`
services:
  alpine-test-backend:
    build: { context: ., dockerfile: docker/backend.Dockerfile }
    ports: ["\${BACKEND_PORT:-8002}:8000", { target: 9000, published: 9001 }]
    networks: { default: { aliases: [api] } }
    healthcheck: { test: ["CMD", "true"] }
  alpine-test-auth:
    image: auth:1
    networks: { default: { aliases: [login] }, other: { aliases: [sso] } }
    healthcheck: { test: ["NONE"] }
  worker-a: { image: w }
  worker_b: { image: w }
  db: { image: postgres, env_file: [.env.db] }
`);

describe('resolved model', () => {
  test('build, ports, aliases and healthchecks are read', () => {
    const b = model.services.get('alpine-test-backend')!;
    assert.deepEqual(b.build, { context: '.', dockerfile: 'docker/backend.Dockerfile' });
    assert.deepEqual(
      b.ports.map((p) => p.target),
      [8000, 9000],
    );
    assert.equal(b.hasHealthcheck, true);
    assert.equal(model.services.get('alpine-test-auth')!.hasHealthcheck, false, 'NONE disables it');
    assert.deepEqual(model.services.get('alpine-test-auth')!.aliases, ['login', 'sso']);
    assert.deepEqual(model.services.get('db')!.envFiles, ['.env.db']);
  });
});

describe('service resolution', () => {
  const cases: Array<[string, string, string]> = [
    ['alpine-test-backend', 'alpine-test-backend', 'name'],
    ['api', 'alpine-test-backend', 'alias'],
    ['sso', 'alpine-test-auth', 'alias'],
    ['backend', 'alpine-test-backend', 'prefix'],
    ['auth', 'alpine-test-auth', 'prefix'],
    ['test-backend', 'alpine-test-backend', 'prefix'],
    ['b', 'worker_b', 'prefix'],
  ];
  for (const [query, service, via] of cases) {
    test(`${query} → ${service} via ${via}`, () => assert.deepEqual(resolveService(model, query, 'services'), { query, service, via }));
  }
  test('a name that is only the tail of a word does not match (kend ≠ backend)', () => {
    assert.equal(findService(model, 'kend', 'backend-service'), undefined);
  });
  test('ambiguity is an error listing the candidates', () => {
    const m = parseComposeYaml('services: { a-backend: {image: x}, b-backend: {image: x} }');
    assert.throws(
      () => resolveService(m, 'backend', 'backend-service'),
      (e: unknown) =>
        e instanceof ServiceResolutionError &&
        e.kind === 'ambiguous' &&
        /a-backend, b-backend/.test(e.message) &&
        /'backend-service'/.test(e.message),
    );
  });
  test('a missing name lists the services there are', () => {
    assert.throws(
      () => resolveService(model, 'cache', 'services'),
      /no service 'cache'.*alpine-test-backend, alpine-test-auth, worker-a, worker_b, db/,
    );
  });
});

describe('discovery ranking', () => {
  const c = (file: string, order: number, definesBackend: boolean, variant?: string, parseError?: string): Candidate => ({
    file,
    order,
    definesBackend,
    variant,
    parseError,
  });
  test('defining the backend beats order; a test variant beats a plain file', () => {
    const ranked = rankCandidates([
      c('/w/compose.yml', 0, false),
      c('/w/docker/docker-compose.prod.yml', 1, true, 'prod'),
      c('/w/docker/docker-compose.alpine-test.yml', 2, true, 'alpine-test'),
    ]);
    assert.deepEqual(
      ranked.map((x) => path.basename(x.file)),
      ['docker-compose.alpine-test.yml', 'docker-compose.prod.yml', 'compose.yml'],
    );
  });
  test('otherwise the discovery order decides; unreadable files come last', () => {
    const ranked = rankCandidates([c('/w/a.yml', 0, false, undefined, 'bad yaml'), c('/w/b.yml', 1, false), c('/w/c.yml', 2, false)]);
    assert.deepEqual(
      ranked.map((x) => path.basename(x.file)),
      ['b.yml', 'c.yml', 'a.yml'],
    );
  });

  test('on disk: the docker/ test variant that defines the backend is chosen, the others are explained', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-disc-'));
    fs.mkdirSync(path.join(ws, 'docker'));
    fs.writeFileSync(path.join(ws, 'docker-compose.yml'), 'services: { web: { image: nginx } }\n');
    fs.writeFileSync(path.join(ws, 'docker', 'docker-compose.alpine-test.yml'), 'services: { alpine-test-backend: { image: x } }\n');
    fs.writeFileSync(path.join(ws, 'docker', 'docker-compose.override.yml'), 'services: {}\n');
    fs.writeFileSync(path.join(ws, 'docker', 'docker-compose.dev.yml'), 'services: { backend: { image: x } }\n');
    const d = discoverComposeFiles(ws, 'backend', ws);
    assert.equal(path.relative(ws, d.chosen.file), 'docker/docker-compose.alpine-test.yml');
    assert.deepEqual(
      d.notChosen.map((n) => [path.relative(ws, n.file), n.why]),
      [
        ['docker/docker-compose.dev.yml', 'not a test variant (chose docker-compose.alpine-test.yml)'],
        ['docker-compose.yml', "does not define 'backend'"],
      ],
    );
  });

  test('a base file brings its override file along, as compose would', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-disc-'));
    fs.writeFileSync(path.join(ws, 'compose.yaml'), 'services: { backend: { image: x } }\n');
    fs.writeFileSync(path.join(ws, 'compose.override.yaml'), 'services: {}\n');
    assert.deepEqual(
      discoverComposeFiles(ws, 'backend', ws).files.map((f) => path.basename(f)),
      ['compose.yaml', 'compose.override.yaml'],
    );
  });

  test('nothing found: the error says where it looked', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-disc-'));
    assert.throws(
      () => discoverComposeFiles(ws, 'backend', ws),
      /No compose file found. Looked in \..*docker\/, .docker\/, deploy\/, compose\//,
    );
  });
});

describe('project directory: missing build paths and their nearest match', () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-pd-'));
  fs.mkdirSync(path.join(ws, 'docker'));
  fs.mkdirSync(path.join(ws, 'dockerfiles'));
  fs.writeFileSync(path.join(ws, 'dockerfiles', 'backend.alpine.Dockerfile'), 'FROM x\n');
  fs.writeFileSync(path.join(ws, 'docker', 'auth.Dockerfile'), 'FROM x\n');
  const m = parseComposeYaml(`
services:
  backend: { build: { context: ., dockerfile: docker/backend.alpine.Dockerfile } }
  auth: { build: { context: ., dockerfile: docker/auth.Dockerfile } }
  web: { build: ./web }
`);
  test('from the root: the missing Dockerfile and the missing context are named, with the nearest match', () => {
    const missing = missingBuildPaths(m, ws, ws);
    assert.deepEqual(
      missing.map((x) => [x.service, x.kind, path.relative(ws, x.path), x.nearest && path.relative(ws, x.nearest)]),
      [
        ['backend', 'dockerfile', 'docker/backend.alpine.Dockerfile', 'dockerfiles/backend.alpine.Dockerfile'],
        ['web', 'context', 'web', undefined],
      ],
    );
  });
  test('a near name is found when no file has the same name', () => {
    assert.equal(path.relative(ws, nearestMatch(path.join(ws, 'docker', 'auth.Dockerfil'), ws)!), 'docker/auth.Dockerfile');
    assert.equal(nearestMatch(path.join(ws, 'docker', 'completely-different-name.txt'), ws), undefined);
  });
  test('dockerfile_inline needs no Dockerfile, but still its context; an absolute dockerfile is not under the context', () => {
    const abs = path.join(ws, 'dockerfiles', 'backend.alpine.Dockerfile');
    const forms = parseComposeYaml(`
services:
  inline: { build: { context: ., dockerfile_inline: "FROM x" } }
  inline-no-folder: { build: { context: ./gone, dockerfile_inline: "FROM x" } }
  absolute: { build: { context: ./docker, dockerfile: ${JSON.stringify(abs)} } }
  absolute-missing: { build: { context: ./docker, dockerfile: ${JSON.stringify(path.join(ws, 'elsewhere.Dockerfile'))} } }
`);
    assert.deepEqual(
      missingBuildPaths(forms, ws, ws).map((x) => [x.service, x.kind, path.relative(ws, x.path)]),
      [
        ['inline-no-folder', 'context', 'gone'],
        ['absolute-missing', 'dockerfile', 'elsewhere.Dockerfile'],
      ],
    );
  });
  test('a remote context (a URL, git over ssh, github.com/…) has nothing to find here, whatever its dockerfile', () => {
    const remote = parseComposeYaml(`
services:
  tarball: { build: https://example.com/app.tar.gz }
  git: { build: { context: "https://github.com/acme/app.git#main:sub", dockerfile: docker/app.Dockerfile } }
  ssh: { build: "git@github.com:acme/app.git" }
  short: { build: github.com/acme/app }
  gitscheme: { build: "git://example.com/app.git" }
`);
    assert.deepEqual(missingBuildPaths(remote, ws, ws), []);
  });
  const remoteCases: Array<[string, boolean]> = [
    ['https://example.com/app.tar.gz', true],
    ['http://example.com/app.tar.gz', true],
    ['git://example.com/app.git#v1', true],
    ['ssh://git@example.com/app.git', true],
    ['git+ssh://example.com/app.git', true],
    ['git@github.com:acme/app.git', true],
    ['github.com/acme/app', true],
    ['.', false],
    ['./github.com/acme', false],
    ['github.company.example/app', false],
    ['/abs/ctx', false],
    ['C:\\src\\app', false],
  ];
  for (const [context, remote] of remoteCases) {
    test(`isRemoteContext(${JSON.stringify(context)}) is ${remote}`, () => assert.equal(isRemoteContext(context), remote));
  }
  test('edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});

describe('project name', () => {
  test('readable, unique per repo, run, attempt, job and suffix; compose-safe', () => {
    const name = deriveProjectName(
      { GITHUB_REPOSITORY: 'acme/Widgets', GITHUB_RUN_ID: '8812734', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'tests' },
      () => 'k3f9',
    );
    assert.equal(name, 'cos-widgets-8812734-1-tests-k3f9');
  });
  test('long and odd names are trimmed to something compose accepts', () => {
    const name = deriveProjectName(
      {
        GITHUB_REPOSITORY: 'acme/A_Very.Long Repository Name With Stuff',
        GITHUB_RUN_ID: '123456789012',
        GITHUB_RUN_ATTEMPT: '3',
        GITHUB_JOB: 'Integration Tests (Matrix: node 20, ubuntu)',
      },
      () => 'zz99',
    );
    assert.match(name, /^[a-z0-9][a-z0-9_-]*$/);
    assert.ok(name.length <= 60, name);
    assert.ok(name.includes('-123456789012-3-'), name);
    assert.ok(name.endsWith('-zz99'), name);
  });
  test('outside Actions it still works', () => {
    assert.equal(
      deriveProjectName({}, () => 'ab12'),
      'cos-local-run-1-job-ab12',
    );
  });
});

describe('compose argv', () => {
  const v1: ComposeTarget = {
    compose: { argv: ['docker-compose'], version: parseComposeVersion('docker-compose version 1.29.2, build unknown') },
    projectName: 'p',
    projectDirectory: '/w',
    files: ['/w/docker/c.yml'],
  };
  const v2: ComposeTarget = { ...v1, compose: { argv: ['docker', 'compose'], version: parseComposeVersion('2.26.1-4') } };
  const base = ['--project-name', 'p', '--project-directory', '/w', '-f', '/w/docker/c.yml'];
  test('up on v2 passes --pull unless it is the default', () => {
    assert.deepEqual(upArgs(v2, { build: true, pull: 'always', upFlags: ['--scale', 'w=2'], services: ['backend'] }), [
      'docker',
      'compose',
      ...base,
      'up',
      '--detach',
      '--build',
      '--pull',
      'always',
      '--scale',
      'w=2',
      'backend',
    ]);
    assert.deepEqual(upArgs(v2, { build: false, pull: 'missing', upFlags: [], services: [] }), [
      'docker',
      'compose',
      ...base,
      'up',
      '--detach',
    ]);
  });
  test('v1 has no up --pull: always becomes a pull before up', () => {
    assert.deepEqual(upArgs(v1, { build: false, pull: 'always', upFlags: [], services: [] }), [
      'docker-compose',
      ...base,
      'up',
      '--detach',
    ]);
    assert.deepEqual(pullArgs(v1, { build: false, pull: 'always', upFlags: [], services: ['a'] }), [
      'docker-compose',
      ...base,
      'pull',
      'a',
    ]);
    assert.equal(pullArgs(v1, { build: false, pull: 'missing', upFlags: [], services: [] }), undefined);
    assert.equal(pullArgs(v2, { build: false, pull: 'always', upFlags: [], services: [] }), undefined);
  });
  test('down removes volumes and orphans with a short grace period', () => {
    assert.deepEqual(downArgs(v2), ['docker', 'compose', ...base, 'down', '--volumes', '--remove-orphans', '--timeout', '2']);
  });
});

describe('raw prediction (before compose config confirms)', () => {
  test('interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR, $$', async () => {
    const { interpolate } = await import('../../src/compose/model.js');
    const env = { SET: 'x', EMPTY: '' };
    assert.equal(interpolate('${SET}/${UNSET}/$SET/$$SET', env), 'x//x/$SET');
    assert.equal(interpolate('${UNSET:-d}|${EMPTY:-d}|${EMPTY-d}|${UNSET-d}', env), 'd|d||d');
    assert.equal(interpolate('"${BACKEND_PORT:-8002}:8000"', {}), '"8002:8000"');
  });
  test('the project directory the raw files predict: the root for a file in docker/ with context .', async () => {
    const { firstWorkableDirectory } = await import('../../src/compose/plan-directory.js');
    const { readRawModel } = await import('../../src/compose/plan-raw.js');
    const predictProjectDirectory = (files: string[], candidates: string[], workspace: string, env: NodeJS.ProcessEnv) => {
      const raw = readRawModel(files, env);
      return raw && firstWorkableDirectory(raw, candidates, workspace, env);
    };
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-pred-'));
    fs.mkdirSync(path.join(ws, 'docker'));
    fs.writeFileSync(path.join(ws, 'docker', 'b.Dockerfile'), 'FROM x\n');
    const file = path.join(ws, 'docker', 'c.yml');
    fs.writeFileSync(file, 'services:\n  b:\n    build: { context: "${CTX:-.}", dockerfile: docker/b.Dockerfile }\n');
    assert.equal(predictProjectDirectory([file], [path.join(ws, 'docker'), ws], ws, {}), ws);
    assert.equal(predictProjectDirectory([file], [path.join(ws, 'docker')], ws, {}), undefined);
    assert.equal(predictProjectDirectory([file], [path.join(ws, 'docker'), ws], ws, { CTX: '..' }), path.join(ws, 'docker'));
  });
});

/** For the planning tests: compose v1 as guessed before its version is known, and inputs at their defaults unless given. */
const compose = { kind: 'standalone' as const, argv: ['docker-compose'], version: undefined };
const defaults = Object.fromEntries(Object.entries(loadActionDefinition().inputs).map(([k, v]) => [k, v.default ?? '']));
const given =
  (g: Record<string, string> = {}) =>
  (n: string): string =>
    g[n] ?? defaults[n] ?? '';

describe('the predicted plan (early start)', () => {
  const setup = () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-predplan-'));
    fs.mkdirSync(path.join(ws, 'docker'));
    fs.writeFileSync(path.join(ws, 'docker', 'b.Dockerfile'), 'FROM x\n');
    fs.writeFileSync(
      path.join(ws, 'docker', 'docker-compose.yml'),
      'services:\n  zeta-backend:\n    build: { context: ., dockerfile: docker/b.Dockerfile }\n    ports: ["8000"]\n  alpha-auth:\n    image: a\n    ports: ["8081"]\n',
    );
    return ws;
  };

  test('settled from the files alone: files, the root as project directory, services by prefix', async () => {
    const { predictPlan } = await import('../../src/compose/plan.js');
    const { parseInputs } = await import('../../src/inputs.js');
    const ws = setup();
    const inputs = parseInputs(given(), ws);
    const p = predictPlan(inputs, compose, {}, 'proj');
    assert.ok(p);
    assert.deepEqual(p.files, [path.join(ws, 'docker', 'docker-compose.yml')]);
    assert.equal(p.projectDirectory, ws);
    assert.equal(p.backend?.service, 'zeta-backend');
    assert.equal(p.auth?.service, 'alpha-auth');
    assert.deepEqual(p.awaited, ['zeta-backend', 'alpha-auth']);
  });

  test('a stack with no service called backend, every input at its default: no backend, every container awaited', async () => {
    const { predictPlan } = await import('../../src/compose/plan.js');
    const { parseInputs } = await import('../../src/inputs.js');
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-predplan-'));
    fs.writeFileSync(path.join(ws, 'compose.yaml'), 'services:\n  web:\n    image: w\n    ports: ["80"]\n  cache:\n    image: c\n');
    const p = predictPlan(parseInputs(given(), ws), compose, {}, 'proj');
    assert.ok(p);
    assert.equal(p.backend, undefined);
    assert.equal(p.auth, undefined);
    assert.deepEqual(p.awaited, ['web', 'cache']);
    // Named explicitly, a backend that is not there is still an error (the prediction gives up; compose config reports it).
    assert.equal(predictPlan(parseInputs(given({ 'backend-service': 'api' }), ws), compose, {}, 'proj'), undefined);
  });

  test('not settled when no directory has every build path, or a service does not resolve', async () => {
    const { predictPlan } = await import('../../src/compose/plan.js');
    const { parseInputs } = await import('../../src/inputs.js');
    const ws = setup();
    fs.rmSync(path.join(ws, 'docker', 'b.Dockerfile'));
    assert.equal(predictPlan(parseInputs(given(), ws), compose, {}, 'proj'), undefined);
    const ws2 = setup();
    assert.equal(predictPlan(parseInputs(given({ 'backend-service': 'nope' }), ws2), compose, {}, 'proj'), undefined);
  });

  test('samePlan: order of services does not matter (compose config sorts them); anything that changes up or the wait does', async () => {
    const { predictPlan } = await import('../../src/compose/plan.js');
    const { samePlan } = await import('../../src/compose/same-plan.js');
    const { parseInputs } = await import('../../src/inputs.js');
    const p = predictPlan(parseInputs(given(), setup()), compose, {}, 'proj')!;
    assert.equal(samePlan(p, { ...p, awaited: [...p.awaited].reverse() }), true);
    assert.equal(samePlan(p, { ...p, projectDirectory: '/elsewhere' }), false);
    assert.equal(samePlan(p, { ...p, projectName: 'other' }), false);
    assert.equal(samePlan(p, { ...p, auth: undefined }), false);
    assert.equal(samePlan(p, { ...p, awaited: ['zeta-backend'] }), false);
    assert.equal(samePlan(p, { ...p, compose: { ...compose, kind: 'plugin', argv: ['docker', 'compose'] } }), false);
  });
});

describe('profiles: only the services compose would start are planned and awaited', () => {
  /** A repo whose `tool` service is in profile debug and builds from a folder that is not there. */
  const setup = (dotenv?: string) => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-profiles-'));
    fs.writeFileSync(
      path.join(ws, 'compose.yaml'),
      [
        'services:',
        '  api-backend: { image: a, ports: ["8000"] }',
        '  tool: { build: ./tools-not-checked-out, profiles: [debug] }',
        '  extra-backend: { image: b, ports: ["8000"], profiles: [full, debug] }',
        '',
      ].join('\n'),
    );
    if (dotenv !== undefined) fs.writeFileSync(path.join(ws, '.env'), dotenv);
    return ws;
  };

  test('.env values: quotes, export, comments; the last one wins', async () => {
    const { dotenvValue } = await import('../../src/compose/profiles.js');
    const cases: Array<[string, string | undefined]> = [
      ['COMPOSE_PROFILES=debug', 'debug'],
      ['export COMPOSE_PROFILES = "a,b"', 'a,b'],
      ["COMPOSE_PROFILES='x' ", 'x'],
      ['COMPOSE_PROFILES=a # the usual', 'a'],
      ['# COMPOSE_PROFILES=commented\nOTHER=1', undefined],
      ['COMPOSE_PROFILES=a\nCOMPOSE_PROFILES=b', 'b'],
      ['COMPOSE_PROFILES=', ''],
      ['XCOMPOSE_PROFILES=a', undefined],
    ];
    for (const [text, want] of cases) assert.equal(dotenvValue(text, 'COMPOSE_PROFILES'), want, text);
  });

  test('active profiles: the environment wins over .env, even when empty; * activates every profile', async () => {
    const { activeProfiles, splitByProfiles } = await import('../../src/compose/profiles.js');
    const ws = setup('COMPOSE_PROFILES=debug\n');
    assert.deepEqual(activeProfiles({}, ws), { names: ['debug'], from: '.env' });
    assert.deepEqual(activeProfiles({ COMPOSE_PROFILES: 'full, x' }, ws), { names: ['full', 'x'], from: 'environment' });
    assert.deepEqual(activeProfiles({ COMPOSE_PROFILES: '' }, ws), { names: [], from: 'environment' });
    assert.deepEqual(activeProfiles({}, os.tmpdir() + '/no-such-dir'), { names: [], from: undefined });
    const m = parseComposeYaml(fs.readFileSync(path.join(ws, 'compose.yaml'), 'utf8'));
    const names = (active: string[]) => [...splitByProfiles(m, active).active.services.keys()];
    assert.deepEqual(names([]), ['api-backend']);
    assert.deepEqual(names(['full']), ['api-backend', 'extra-backend']);
    assert.deepEqual(names(['*']), ['api-backend', 'tool', 'extra-backend']);
    assert.deepEqual(
      splitByProfiles(m, ['full']).inactive.map((s) => s.name),
      ['tool'],
    );
  });

  test('inactive services are not awaited, their build paths do not matter, and backend resolves among the active ones', async () => {
    const { predictPlan } = await import('../../src/compose/plan.js');
    const { parseInputs } = await import('../../src/inputs.js');
    const ws = setup();
    const p = predictPlan(parseInputs(given({ 'backend-service': 'backend' }), ws), compose, {}, 'proj');
    assert.ok(p, 'the missing ./tools-not-checked-out does not block the plan: tool does not start');
    assert.equal(p.projectDirectory, ws);
    assert.equal(p.backend?.service, 'api-backend', 'extra-backend is inactive, so backend is not ambiguous');
    assert.deepEqual(p.awaited, ['api-backend']);
    assert.deepEqual(p.services, [], 'compose starts the active services itself');
    // By name, whichever order compose printed them in (v1 sorts, v2 keeps the file's).
    assert.deepEqual(p.inactive, [
      { name: 'extra-backend', profiles: ['full', 'debug'] },
      { name: 'tool', profiles: ['debug'] },
    ]);
    const full = predictPlan(parseInputs(given({ 'backend-service': 'api-backend' }), ws), compose, { COMPOSE_PROFILES: 'full' }, 'proj');
    assert.deepEqual(full?.awaited, ['api-backend', 'extra-backend']);
    // With debug active, tool must be built, and its context is missing: no directory works.
    assert.equal(
      predictPlan(parseInputs(given({ 'backend-service': 'api-backend' }), setup('COMPOSE_PROFILES=debug')), compose, {}, 'proj'),
      undefined,
    );
  });
});

describe('services compose starts no container for (deploy.replicas: 0, scale: 0, up-flags --scale x=0)', () => {
  const stack = parseComposeYaml(`
services:
  web: { image: w, ports: ["8000"], depends_on: [worker] }
  worker: { image: w, deploy: { replicas: 0 } }
  tool: { image: t, scale: 0 }
  alpine-test-auth: { image: a, ports: ["8081"], scale: 0 }
`);
  const plan = async (g: Record<string, string> = {}) => {
    const { planServices } = await import('../../src/compose/plan-services.js');
    const { parseInputs } = await import('../../src/inputs.js');
    return planServices(parseInputs(given(g), os.tmpdir()), stack, [], { names: [], from: undefined });
  };
  const planError = async (g: Record<string, string>) => {
    try {
      await plan(g);
    } catch (err) {
      return err as Error & { stage?: string; underlying?: unknown };
    }
    assert.fail('no error');
  };

  test('up-flags --scale: both spellings, the last one wins, anything else ignored', async () => {
    const { scaleFlags } = await import('../../src/compose/replicas.js');
    const cases: Array<[string[], Array<[string, number]>]> = [
      [['--scale', 'web=2'], [['web', 2]]],
      [['--scale=web=0', '--scale', 'web=3'], [['web', 3]]],
      [
        ['--no-recreate', '--scale', 'a=0', '--scale=b=1'],
        [
          ['a', 0],
          ['b', 1],
        ],
      ],
      [['--scale', 'web'], []],
      [['--scale', 'web=x'], []],
      [['--scale'], []],
    ];
    for (const [flags, want] of cases) assert.deepEqual([...scaleFlags(flags)], want, flags.join(' '));
  });

  test('not awaited, said why; what depends on them is awaited as usual', async () => {
    const p = await plan();
    assert.deepEqual(p.awaited, ['web']);
    assert.deepEqual(p.notStarting, [
      { name: 'alpine-test-auth', why: 'scale: 0', inFile: true },
      { name: 'tool', why: 'scale: 0', inFile: true },
      { name: 'worker', why: 'deploy.replicas: 0', inFile: true },
    ]);
    assert.deepEqual((await plan({ services: 'web' })).awaited, ['web'], 'compose starts web without worker');
  });

  test('up-flags --scale overrides the file either way', async () => {
    const p = await plan({ 'up-flags': '--scale worker=1 --scale=web=0' });
    assert.deepEqual(p.awaited, ['worker']);
    assert.deepEqual(
      p.notStarting.map((s) => [s.name, s.why]),
      [
        ['alpine-test-auth', 'scale: 0'],
        ['tool', 'scale: 0'],
        ['web', 'up-flags --scale web=0'],
      ],
    );
  });

  test('backend-service or auth-service left at its default and scaled to 0: there is none, and a notice says why', async () => {
    const p = await plan({ 'backend-service': 'backend', 'up-flags': '--scale web=0' });
    assert.equal(p.auth, undefined);
    assert.deepEqual(
      p.notices.map((n) => [n.subject, n.input, n.service, n.message]),
      [
        [
          'auth',
          'auth-service',
          'alpine-test-auth',
          "auth-service left at its default 'auth'; alpine-test-auth starts no container (scale: 0): no auth service",
        ],
      ],
    );
    const b = await (async () => {
      const { planServices } = await import('../../src/compose/plan-services.js');
      const { parseInputs } = await import('../../src/inputs.js');
      const m = parseComposeYaml('services:\n  api-backend: { image: a, ports: ["8000"], deploy: { replicas: 0 } }\n  db: { image: d }\n');
      return planServices(parseInputs(given(), os.tmpdir()), m, [], { names: [], from: undefined });
    })();
    assert.equal(b.backend, undefined);
    assert.deepEqual(b.awaited, ['db']);
    assert.match(
      b.notices[0]!.message,
      /^backend-service left at its default 'backend'; api-backend starts no container \(deploy.replicas: 0\): no backend: the stack is ready when its containers are, and no URL is exported$/,
    );
  });

  test('named explicitly (backend-service, auth-service, services), a service scaled to 0 is an error naming the input and the service', async () => {
    const { ServiceNotStartedError } = await import('../../src/compose/replicas.js');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { 'backend-service': 'worker' },
        /^Input 'backend-service': worker starts no container \(deploy.replicas: 0\): compose creates none for it, even when named. Set 'backend-service' to a service that starts, or start it with up-flags '--scale worker=1'.$/,
      ],
      [{ 'auth-service': 'alpine-test-auth' }, /^Input 'auth-service': alpine-test-auth starts no container \(scale: 0\)/],
      [{ services: 'web, tool' }, /^Input 'services': tool starts no container \(scale: 0\).*Remove it from 'services', or start it/],
      [
        { 'backend-service': 'web', 'up-flags': '--scale web=0' },
        /^Input 'backend-service': web starts no container \(up-flags --scale web=0\).*or drop '--scale web=0' from up-flags.$/,
      ],
      [{ services: 'work' }, /^Input 'services': no service 'work'/],
    ];
    for (const [g, want] of cases) {
      const err = await planError(g);
      assert.match(err.message, want, JSON.stringify(g));
      assert.equal(err.stage, 'services');
    }
    assert.ok((await planError({ services: 'tool' })).underlying instanceof ServiceNotStartedError);
  });
});

describe('the container port of the backend and the auth service', () => {
  const svc = (ports: string) =>
    parseComposeYaml(`services:\n  alpine-test-backend: { image: b, ports: ${ports} }\n`).services.get('alpine-test-backend')!;
  const cases: Array<[string, string, { port: number; explicit: boolean }, number | undefined, RegExp | undefined]> = [
    ['published as asked', '["8000"]', { port: 8000, explicit: false }, 8000, undefined],
    ['published as asked, among others', '["9000", "127.0.0.1:8002:8000"]', { port: 8000, explicit: true }, 8000, undefined],
    [
      'default, one TCP port published: that one',
      '["3000"]',
      { port: 8000, explicit: false },
      3000,
      /^backend-port left at its default 8000; alpine-test-backend publishes only 3000\/tcp: using 3000$/,
    ],
    [
      'default, one port on two addresses: still one',
      '["127.0.0.1:3000:3000", "3000"]',
      { port: 8000, explicit: false },
      3000,
      /only 3000\/tcp/,
    ],
    ['default, one TCP port beside a UDP one', '["3000", "5000/udp"]', { port: 8000, explicit: false }, 3000, /only 3000\/tcp/],
    [
      'default, no port: no URL',
      '[]',
      { port: 8000, explicit: false },
      undefined,
      /^backend-port left at its default 8000; alpine-test-backend publishes no port: no backend URL, the stack is judged on its containers$/,
    ],
    ['default, only UDP: no URL', '["5000/udp"]', { port: 8000, explicit: false }, undefined, /publishes no TCP port: no backend URL/],
  ];
  for (const [what, ports, want, port, notice] of cases) {
    test(what, async () => {
      const { chooseContainerPort } = await import('../../src/compose/endpoint-port.js');
      const choice = chooseContainerPort(svc(ports), { input: 'backend-port', ...want });
      assert.equal(choice.port, port);
      if (notice) assert.match(choice.notice ?? '', notice);
      else assert.equal(choice.notice, undefined);
    });
  }
  const errors: Array<[string, string, { port: number; explicit: boolean }, RegExp]> = [
    [
      'explicit and not published: the error names the input and what is published',
      '["3000"]',
      { port: 8080, explicit: true },
      /^Input 'backend-port': service alpine-test-backend does not publish container port 8080; it publishes \(random\):3000\/tcp. Set 'backend-port' to its container port or publish it in the compose file.$/,
    ],
    ['explicit, nothing published', '[]', { port: 8080, explicit: true }, /does not publish container port 8080; it publishes no ports\./],
    [
      'default, several TCP ports and none is 8000: which one is not guessed',
      '["3000", "9229"]',
      { port: 8000, explicit: false },
      /it publishes \(random\):3000\/tcp, \(random\):9229\/tcp \(backend-port is left at its default, and it publishes more than one\)/,
    ],
  ];
  for (const [what, ports, want, message] of errors) {
    test(what, async () => {
      const { chooseContainerPort, PortNotPublishedError } = await import('../../src/compose/endpoint-port.js');
      assert.throws(
        () => chooseContainerPort(svc(ports), { input: 'backend-port', ...want }),
        (e: unknown) =>
          e instanceof PortNotPublishedError &&
          e.containerPort === want.port &&
          e.service === 'alpine-test-backend' &&
          message.test(e.message),
      );
    });
  }

  const plan = async (compose: string, g: Record<string, string> = {}) => {
    const { planServices } = await import('../../src/compose/plan-services.js');
    const { parseInputs } = await import('../../src/inputs.js');
    return planServices(parseInputs(given(g), os.tmpdir()), parseComposeYaml(compose), [], { names: [], from: undefined });
  };
  const stack = [
    'services:',
    '  alpine-test-backend: { image: b, ports: ["3000"], environment: { PORT: "3000" } }',
    '  alpine-test-auth: { image: a }',
    '  db: { image: d }',
    '',
  ].join('\n');

  test('in the plan: the chosen port, and a notice each for the backend (3000) and the auth service (no port, no URL)', async () => {
    const p = await plan(stack);
    assert.deepEqual(p.backend, { query: 'backend', service: 'alpine-test-backend', via: 'prefix', port: 3000 });
    assert.equal(p.auth, undefined);
    assert.deepEqual(
      p.notices.map((n) => [n.subject, n.input, n.service, n.message]),
      [
        [
          'backend',
          'backend-port',
          'alpine-test-backend',
          'backend-port left at its default 8000; alpine-test-backend publishes only 3000/tcp: using 3000',
        ],
        [
          'auth',
          'auth-port',
          'alpine-test-auth',
          'auth-port left at its default 8081; alpine-test-auth publishes no port: no auth URL, the stack is judged on its containers',
        ],
      ],
    );
    assert.deepEqual(p.awaited, ['alpine-test-backend', 'alpine-test-auth', 'db'], 'both are still awaited as containers');
  });

  test('a backend with no port and services named: it is still started (it was named), without a URL', async () => {
    const p = await plan(stack.replace('ports: ["3000"], ', ''), { services: 'db' });
    assert.equal(p.backend, undefined);
    assert.deepEqual(p.services, ['db', 'alpine-test-backend', 'alpine-test-auth']);
    assert.match(p.notices[0]!.message, /alpine-test-backend publishes no port: no backend URL/);
  });

  test('an explicit port the service does not publish is an error naming the input (auth-port too)', async () => {
    const { PortNotPublishedError } = await import('../../src/compose/endpoint-port.js');
    for (const [g, input] of [
      [{ 'backend-port': '8080' }, 'backend-port'],
      [{ 'auth-port': '9000' }, 'auth-port'],
    ] as const) {
      await assert.rejects(
        plan(stack, g),
        (e: unknown) =>
          e instanceof Error &&
          (e as { stage?: string }).stage === 'services' &&
          (e as { underlying?: unknown }).underlying instanceof PortNotPublishedError &&
          e.message.startsWith(`Input '${input}': service alpine-test-`),
      );
    }
  });

  test('samePlan: a different port for the backend or auth is a different plan (the wait probes it)', async () => {
    const { predictPlan } = await import('../../src/compose/plan.js');
    const { samePlan } = await import('../../src/compose/same-plan.js');
    const { parseInputs } = await import('../../src/inputs.js');
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-ports-'));
    fs.writeFileSync(
      path.join(ws, 'compose.yaml'),
      stack.replace('alpine-test-auth: { image: a }', 'alpine-test-auth: { image: a, ports: ["8081"] }'),
    );
    const p = predictPlan(parseInputs(given(), ws), compose, {}, 'proj')!;
    assert.equal(p.backend?.port, 3000, 'the prediction chooses as the confirmed plan does');
    assert.equal(p.auth?.port, 8081);
    assert.equal(samePlan(p, { ...p, backend: { ...p.backend!, port: 8000 } }), false);
    assert.equal(samePlan(p, { ...p, auth: { ...p.auth!, port: 9000 } }), false);
    assert.equal(samePlan(p, { ...p }), true);
  });
});
