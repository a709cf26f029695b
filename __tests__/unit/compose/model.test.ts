/**
 * The model of what `compose config` prints, from outputs recorded from compose v2 and v1 themselves
 * (__tests__/fixtures/compose-output): the same files give the same model on both, whatever form
 * each prints them in; and what only v2 prints (string ports, ranges, `name:`, depends_on with
 * `required` and `restart`) is read as meant.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { modelFromDocument, parseComposeYaml, parseShortPort, rawModel } from '../../../src/compose/model.js';
import type { ComposeModel, PortSpec, ServiceSpec } from '../../../src/compose/model-types.js';
import { FIXTURES, recorded, recordedConfig } from '../../support/recorded.js';
import { SEEDS_SHAPED_COMPOSE } from '../../support/planning.js';

const WORKDIR = '/work/seeds';
/** The model of a recorded `config` output, with the recorder's @WORKDIR@ placeholder back to a path. */
const recordedModel = (flavour: 'v1' | 'v2' | 'v2.40', name: string): ComposeModel =>
  parseComposeYaml(recordedConfig(flavour, name, WORKDIR));
const port = (target: number, published?: string, hostIp?: string, protocol = 'tcp'): PortSpec => ({ target, published, hostIp, protocol });

describe('compose config of the same files: v1 and v2 give the same model', () => {
  for (const name of ['config-seeds', 'config-seeds-profile-debug', 'config-ports', 'config-replicas', 'config-remote-contexts']) {
    test(name, () => {
      const v1 = recordedModel('v1', name);
      const v2 = recordedModel('v2', name);
      // v2 prints only the services whose profiles are active; v1 prints them all (the plan filters both).
      const active = (m: ComposeModel) => [...m.services.values()].filter((s) => s.profiles.length === 0 || name.endsWith('debug'));
      assert.deepEqual(
        active(v2).map((s) => s.name),
        active(v1).map((s) => s.name),
      );
      for (const s of active(v1)) assert.deepEqual(v2.services.get(s.name), s, s.name);
    });
  }
});

describe('compose config of the same files: 2.40 (recorded on Engine 28) gives the model 2.26 gives', () => {
  const names = fs
    .readdirSync(path.join(FIXTURES, 'v2'))
    .filter((f) => f.startsWith('config-'))
    .map((f) => f.replace(/\.json$/, ''));
  test('every config recording of 2.26 has a 2.40 one', () => assert.ok(names.length >= 11, names.join(' ')));
  for (const name of names) test(name, () => assert.deepEqual(recordedModel('v2.40', name), recordedModel('v2', name)));
});

describe('the seeds stack, as both print it', () => {
  for (const flavour of ['v1', 'v2'] as const) {
    test(`${flavour}: fixed names and ports, build paths, aliases, healthchecks, depends_on conditions`, () => {
      const m = recordedModel(flavour, 'config-seeds');
      const s = (n: string) => m.services.get(n) as ServiceSpec;
      assert.equal(s('alpine-test-postgres').containerName, 'alpine-test-postgres');
      assert.deepEqual(s('alpine-test-postgres').ports, [port(5432, '5435')]);
      assert.equal(s('alpine-test-postgres').hasHealthcheck, true);
      assert.deepEqual(s('alpine-test-redis').ports, [port(6379, '6382')]);
      assert.deepEqual(s('alpine-test-nginx').ports, [port(80, '8080', '127.0.0.1')]);
      assert.deepEqual(s('alpine-test-backend').build, { context: WORKDIR, dockerfile: 'docker/backend.Dockerfile' });
      assert.deepEqual(s('alpine-test-backend').aliases, ['backend']);
      assert.deepEqual(s('alpine-test-backend').ports, [port(8000, '8002')]);
      assert.deepEqual(
        s('alpine-test-backend').dependsOn.map((d) => [d.service, d.condition, d.required]),
        [
          ['alpine-test-migrate', 'service_completed_successfully', true],
          ['alpine-test-postgres', 'service_healthy', true],
          ['alpine-test-redis', 'service_healthy', true],
        ],
      );
      // The short list form (worker: depends_on: [alpine-test-backend]) reads as service_started.
      assert.deepEqual(s('alpine-test-worker').dependsOn, [
        { service: 'alpine-test-backend', condition: 'service_started', required: true, restart: false },
      ]);
      assert.equal(s('alpine-test-worker').hasHealthcheck, false);
      assert.equal(s('alpine-test-migrate').ports.length, 0);
    });
  }

  test('v2 names the project in its output (-p wins over the file); v1 does not', () => {
    assert.equal(recordedModel('v2', 'config-seeds').name, 'rec-seeds');
    assert.equal(recordedModel('v1', 'config-seeds').name, undefined);
    assert.equal(recordedModel('v2', 'config-seeds-v2').name, 'rec-seeds-v2');
    assert.equal(recordedModel('v2', 'config-seeds-v2-own-name').name, 'seeds', 'without -p, the file names it');
  });

  test('profiles: v1 prints the debug-only service with its profile; v2 only once the profile is active', () => {
    assert.deepEqual(recordedModel('v1', 'config-seeds').services.get('debug-tool')?.profiles, ['debug']);
    assert.equal(recordedModel('v2', 'config-seeds').services.has('debug-tool'), false);
    assert.deepEqual(recordedModel('v2', 'config-seeds-profile-debug').services.get('debug-tool')?.profiles, ['debug']);
  });
});

describe('ports in every form', () => {
  const expected = [
    port(8000),
    port(8000, '8002'),
    port(9229, '9229', '127.0.0.1'),
    port(9300, '9300', '::1'),
    port(9301, '9301', '::1'),
    port(5000, '5000', undefined, 'udp'),
    port(5001, '5001', undefined, 'udp'),
    port(5432, '5435'),
    port(80, '8088'),
    port(81),
  ];
  for (const flavour of ['v1', 'v2'] as const) {
    test(`${flavour}: short forms (IPv6 without brackets on v1), ranges one port each, long forms`, () => {
      assert.deepEqual(recordedModel(flavour, 'config-ports').services.get('app')?.ports, expected);
    });
  }
  test('v2 only: host_ip in the long form, and a published range kept as written', () => {
    assert.deepEqual(recordedModel('v2', 'config-ports-long-host-ip').services.get('app')?.ports, [port(80, '8088', '127.0.0.1')]);
    assert.deepEqual(recordedModel('v2', 'config-ports-long-range').services.get('app')?.ports, [port(7000, '7000-7001')]);
  });
});

describe('how many containers a service gets: deploy.replicas and scale', () => {
  const counts = (m: ComposeModel) => Object.fromEntries([...m.services.values()].map((s) => [s.name, s.replicas]));
  for (const flavour of ['v1', 'v2'] as const) {
    test(`${flavour}: both keys read, with the key that set them; a service with neither has none`, () => {
      assert.deepEqual(counts(recordedModel(flavour, 'config-replicas')), {
        'replicas-two': { count: 2, key: 'deploy.replicas' },
        'replicas-zero': { count: 0, key: 'deploy.replicas' },
        'scale-zero': { count: 0, key: 'scale' },
        web: undefined,
      });
    });
  }
  const cases: Array<[string, string, ServiceSpec['replicas']]> = [
    ['a raw file interpolated to digits', 'deploy: { replicas: "0" }', { count: 0, key: 'deploy.replicas' }],
    ['scale as a number', 'scale: 3', { count: 3, key: 'scale' }],
    [
      'both (compose refuses distinct values): deploy.replicas is read',
      'scale: 1\n    deploy: { replicas: 0 }',
      { count: 0, key: 'deploy.replicas' },
    ],
    ['deploy without replicas, then scale', 'deploy: { resources: {} }\n    scale: 0', { count: 0, key: 'scale' }],
    ['not a count: ignored', 'deploy: { replicas: "${N}" }', undefined],
    ['negative: ignored', 'scale: -1', undefined],
  ];
  for (const [what, yaml, want] of cases) {
    test(what, () => assert.deepEqual(parseComposeYaml(`services:\n  s:\n    image: x\n    ${yaml}\n`).services.get('s')?.replicas, want));
  }
  test('the raw prediction reads them after interpolation', () => {
    const m = rawModel(['services:\n  s:\n    image: x\n    deploy:\n      replicas: ${S_REPLICAS:-0}\n'], {});
    assert.deepEqual(m.services.get('s')?.replicas, { count: 0, key: 'deploy.replicas' });
    assert.equal(rawModel(['services:\n  s:\n    image: x\n    scale: ${N:-1}\n'], { N: '2' }).services.get('s')?.replicas?.count, 2);
  });
});

describe('build forms: dockerfile_inline, remote contexts, an absolute dockerfile', () => {
  test('v2: dockerfile_inline is kept as the text it is ($$ undone), with or without a context', () => {
    const m = recordedModel('v2', 'config-dockerfile-inline');
    assert.deepEqual(m.services.get('inline')?.build, {
      context: WORKDIR,
      dockerfile: 'Dockerfile',
      inline: 'ARG BASE=cos-record/busybox:1\nFROM ${BASE}\nRUN echo built > /built\n',
      args: { BASE: 'cos-record/busybox:1' },
    });
    assert.deepEqual(m.services.get('inline-no-context')?.build, {
      context: WORKDIR,
      dockerfile: 'Dockerfile',
      inline: 'FROM cos-record/busybox:1',
    });
  });
  test('v1 refuses dockerfile_inline', () => {
    const r = recorded('v1', 'config-dockerfile-inline');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unsupported option: 'dockerfile_inline'/);
  });
  for (const flavour of ['v1', 'v2'] as const) {
    test(`${flavour}: remote contexts stay as written; an absolute dockerfile too`, () => {
      const m = recordedModel(flavour, 'config-remote-contexts');
      const b = (n: string) => m.services.get(n)?.build;
      assert.deepEqual(b('tarball'), { context: 'https://example.com/app.tar.gz', dockerfile: 'Dockerfile' });
      assert.deepEqual(b('git-https'), {
        context: 'https://github.com/docker/getting-started.git#main:app',
        dockerfile: 'docker/Dockerfile',
      });
      assert.deepEqual(b('git-ssh'), { context: 'git@github.com:docker/getting-started.git', dockerfile: 'Dockerfile' });
      assert.deepEqual(b('github-short'), { context: 'github.com/docker/getting-started', dockerfile: 'Dockerfile' });
      assert.deepEqual(b('absolute-dockerfile'), { context: WORKDIR, dockerfile: '/opt/elsewhere/app.Dockerfile' });
    });
  }
});

describe("build: what else it says, for the image cache's build key", () => {
  test('target, the other options as one stable text (labels in either form alike), additional_contexts noticed; paths and cache settings left out', () => {
    const m = modelFromDocument({
      services: {
        a: {
          build: {
            context: '/ws/a',
            target: 'test',
            labels: ['b=2', 'a=1'],
            network: 'host',
            cache_from: ['type=gha'],
            tags: ['x:1'],
            additional_contexts: { shared: '/ws/shared' },
          },
        },
        b: { build: { context: '/ws/b', labels: { a: '1', b: '2' }, network: 'host' } },
        c: { build: { context: '/ws/c' } },
      },
    });
    const build = (n: string) => m.services.get(n)?.build;
    assert.equal(build('a')?.target, 'test');
    assert.equal(build('a')?.additionalContexts, true);
    assert.equal(build('a')?.options, '{"additional_contexts":{"shared":"/ws/shared"},"labels":{"a":"1","b":"2"},"network":"host"}');
    assert.equal(build('b')?.options, '{"labels":{"a":"1","b":"2"},"network":"host"}');
    assert.deepEqual(build('c'), { context: '/ws/c', dockerfile: 'Dockerfile' });
  });
});

describe('what only v2 prints', () => {
  test('depends_on with required: false and restart: true', () => {
    const m = recordedModel('v2', 'config-seeds-v2');
    const deps = (n: string) =>
      m.services.get(n)?.dependsOn.map((d) => `${d.service} ${d.condition} required=${d.required} restart=${d.restart}`);
    assert.deepEqual(deps('alpine-test-backend'), [
      'alpine-test-migrate service_completed_successfully required=true restart=false',
      'alpine-test-postgres service_healthy required=true restart=false',
      'alpine-test-redis service_healthy required=false restart=false',
    ]);
    assert.deepEqual(deps('alpine-test-migrate'), ['alpine-test-postgres service_healthy required=true restart=true']);
  });

  test('$$ is how both print a literal $: the model holds the $ itself', () => {
    const raw = recorded('v2', 'config-seeds');
    assert.match(raw.stdout, /pa\$\$word/, 'the recorded output escapes it');
    const m = parseComposeYaml(
      [
        'services:',
        '  app:',
        '    image: registry.local/app:$${TAG}',
        '    build:',
        '      context: /src/$$HOME',
        '      dockerfile: Docker$$file',
      ].join('\n'),
    );
    assert.equal(m.services.get('app')?.image, 'registry.local/app:${TAG}');
    assert.deepEqual(m.services.get('app')?.build, { context: '/src/$HOME', dockerfile: 'Docker$file' });
  });
});

describe('the raw files of an override with !reset and !override (the early prediction)', () => {
  const read = (c: string) => ['a.yml', 'b.yml'].map((f) => fs.readFileSync(path.join(FIXTURES, 'inputs', c, f), 'utf8'));
  test('!reset removes what the earlier file said; !override replaces it; neither is warned about', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      assert.deepEqual(rawModel(read('v1-rejects-reset'), {}).services.get('app')?.ports, []);
      assert.deepEqual(rawModel(read('v1-rejects-override'), {}).services.get('app')?.ports, [port(80, '9000')]);
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });
  test('!reset of a whole service removes it; a nested !reset leaves no trace', () => {
    const base = ['services:', '  api:', '    image: a', '    healthcheck: { test: [CMD, true] }', '  worker:', '    image: w'].join('\n');
    const override = [
      'services:',
      '  worker: !reset null',
      '  api:',
      '    healthcheck:',
      '      test: !reset []',
      '    ports: [!reset x, "8000"]',
    ].join('\n');
    const m = rawModel([base, override], {});
    assert.deepEqual([...m.services.keys()], ['api']);
    assert.deepEqual(m.services.get('api')?.ports, [port(8000)]);
  });
});

test('a raw prediction with extends or include: what it mounts is not known yet (indirect)', () => {
  assert.equal(rawModel(['services:\n  web:\n    extends: {file: base.yml, service: web}\n'], {}).indirect, true);
  assert.equal(rawModel(['include: [other.yml]\nservices: {}\n'], {}).indirect, true);
  assert.equal(rawModel(['services:\n  web:\n    image: x\n'], {}).indirect, undefined);
});

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

const resolved = parseComposeYaml(SEEDS_SHAPED_COMPOSE);

describe('resolved model', () => {
  test('build, ports, aliases and healthchecks are read', () => {
    const b = resolved.services.get('alpine-test-backend')!;
    assert.deepEqual(b.build, { context: '.', dockerfile: 'docker/backend.Dockerfile' });
    assert.deepEqual(
      b.ports.map((p) => p.target),
      [8000, 9000],
    );
    assert.equal(b.hasHealthcheck, true);
    assert.equal(resolved.services.get('alpine-test-auth')!.hasHealthcheck, false, 'NONE disables it');
    assert.deepEqual(resolved.services.get('alpine-test-auth')!.aliases, ['login', 'sso']);
    assert.deepEqual(resolved.services.get('db')!.envFiles, ['.env.db']);
  });
});

describe('interpolation (the raw files, before compose config confirms)', () => {
  test('interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR, $$', async () => {
    const { interpolate } = await import('../../../src/compose/model.js');
    const env = { SET: 'x', EMPTY: '' };
    assert.equal(interpolate('${SET}/${UNSET}/$SET/$$SET', env), 'x//x/$SET');
    assert.equal(interpolate('${UNSET:-d}|${EMPTY:-d}|${EMPTY-d}|${UNSET-d}', env), 'd|d||d');
    assert.equal(interpolate('"${BACKEND_PORT:-8002}:8000"', {}), '"8002:8000"');
  });
});
