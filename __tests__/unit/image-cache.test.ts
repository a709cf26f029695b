/**
 * The image cache's parts that need no engine: which images a stack pulls (started services,
 * build args, Dockerfiles read from the project directory), the engine's image list read as
 * canonical references, the digest an image was pulled by, cache-hit, the platform, the entry's
 * file; the summary's and the report's image rows with hostile text; the library's output routed
 * (its warnings never reach the log as workflow commands, the action's own lines pass) against the
 * cache service stand-in; and the main bundle without @actions/cache in it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { modelFromDocument } from '../../src/compose/model.js';
import { platformOf } from '../../src/docker/availability.js';
import { lackedFromInspect, parseImageList, repoDigestFor } from '../../src/images/engine.js';
import { parseReference, type ImageReference } from '../../src/images/reference.js';
import { cacheHitOf, imageFile } from '../../src/images/restore.js';
import type { ImageRecord } from '../../src/images/types.js';
import { imagesUpPulls, stackImages, startedServices } from '../../src/images/stack-images.js';
import { buildJsonReport } from '../../src/report/json.js';
import { Report } from '../../src/report/model.js';
import { renderSummary, renderSummaryText } from '../../src/report/summary.js';
import type { ExportPlan } from '../../src/outputs.js';
import { REPO_ROOT } from '../harness/runner.js';
import { startCacheService } from '../support/cache-service.js';

const ref = (s: string): ImageReference => parseReference(s) as ImageReference;

describe('the images a stack pulls', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-stack-images-'));
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', 'Dockerfile'), 'ARG NODE=18\nFROM node:${NODE}-alpine AS deps\nFROM deps\n');
  fs.writeFileSync(path.join(dir, 'app', 'worker.Dockerfile'), 'FROM docker.io/library/postgres:16\nFROM busybox\n');
  const model = modelFromDocument({
    services: {
      backend: { build: { context: 'app', args: ['NODE=20'] }, depends_on: { db: { condition: 'service_healthy' } } },
      worker: { build: { context: './app', dockerfile: 'worker.Dockerfile', args: { UNUSED: null } } },
      db: { image: 'postgres:16' },
      cache: { image: 'redis' },
      pinned: { image: 'busybox@sha256:' + 'a'.repeat(64) },
      odd: { image: 'Not/A:Valid Ref' },
      gone: { build: { context: 'missing' } },
      remote: { build: 'https://github.com/acme/app.git' },
    },
  });

  test('started services: the named ones and what they depend on, transitively; all when none is named', () => {
    assert.deepEqual(startedServices(model, ['backend']).sort(), ['backend', 'db']);
    assert.equal(startedServices(model, []).length, model.services.size);
  });

  test("each image once, canonical; a service's image and its Dockerfile's bases with its build args; what cannot be read is said", () => {
    const found = stackImages(model, [], dir);
    const rows = found.images.map((i) => `${i.ref.canonical} ${i.via} ${i.services.join('+')}`);
    assert.deepEqual(rows, [
      'docker.io/library/node:20-alpine build backend',
      'docker.io/library/postgres:16 build worker+db',
      'docker.io/library/busybox:latest build worker',
      'docker.io/library/redis:latest image cache',
      `docker.io/library/busybox@sha256:${'a'.repeat(64)} image pinned`,
    ]);
    assert.deepEqual(found.built, ['backend', 'worker', 'gone', 'remote']);
    assert.deepEqual(
      found.skipped.map((s) => s.service),
      ['odd', 'gone', 'remote'],
    );
    assert.match(found.skipped.find((s) => s.service === 'gone')!.why, /cannot be read: ENOENT/);
    assert.match(found.skipped.find((s) => s.service === 'remote')!.why, /remote build context/);
    assert.deepEqual(
      stackImages(model, ['backend'], dir).images.map((i) => i.ref.canonical),
      ['docker.io/library/node:20-alpine', 'docker.io/library/postgres:16'],
    );
  });
});

describe('the images up pulls', () => {
  const model = modelFromDocument({
    services: {
      backend: { build: 'app', image: 'acme/backend:dev', depends_on: ['db', 'cache'] },
      db: { image: 'postgres:16' },
      cache: { image: 'redis:7', pull_policy: 'always' },
      arm: { image: 'postgres:16', platform: 'linux/arm64' },
      tool: { image: 'busybox', pull_policy: 'if_not_present' },
      local: { image: 'acme/local:1', pull_policy: 'never' },
      odd: { image: 'Not A Ref' },
    },
  });
  const rows = (services: string[], anyPolicy = false): string[] =>
    imagesUpPulls(model, services, anyPolicy).map((i) => `${i.ref.canonical} ${i.services.join('+')}${i.platform ? ` ${i.platform}` : ''}`);

  test("each started service's image that is not built, once; a pull_policy other than missing is compose's to follow", () => {
    assert.deepEqual(rows([]), ['docker.io/library/postgres:16 db', 'docker.io/library/busybox:latest tool']);
    assert.deepEqual(rows(['backend']), ['docker.io/library/postgres:16 db']);
  });

  test('pull: always takes every one (up --pull always would), a platform of its own kept', () => {
    assert.deepEqual(rows([], true), [
      'docker.io/library/postgres:16 db',
      'docker.io/library/redis:7 cache',
      'docker.io/library/busybox:latest tool',
      'docker.io/acme/local:1 local',
    ]);
    const arm = modelFromDocument({ services: { arm: { image: 'postgres:16', platform: 'linux/arm64' } } });
    assert.deepEqual(
      imagesUpPulls(arm, []).map((i) => i.platform),
      ['linux/arm64'],
    );
  });
});

describe('which images the engine lacks, from one docker image inspect', () => {
  const refs = ['docker.io/library/busybox:1', '127.0.0.1:5000/cos/db:1'];
  test('all there: none; each "No such image" line, in the short name the engine may give, is one', () => {
    assert.deepEqual([...lackedFromInspect(0, '', refs)!], []);
    assert.deepEqual(
      [
        ...lackedFromInspect(
          1,
          'Error response from daemon: No such image: busybox:1\nError: No such image: 127.0.0.1:5000/cos/db:1\n',
          refs,
        )!,
      ],
      refs,
    );
  });
  test('anything else (no daemon, an image not asked about): it cannot say', () => {
    assert.equal(lackedFromInspect(1, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.', refs), undefined);
    assert.equal(lackedFromInspect(1, 'Error: No such image: other:1', refs), undefined);
    assert.equal(lackedFromInspect(1, '', refs), undefined);
  });
});

describe('the images a dockerfile_inline pulls', () => {
  test('its FROM lines are read from the compose file, with ARG defaults and build args; a remote context does not matter', () => {
    const m = modelFromDocument({
      services: {
        inline: {
          build: {
            context: '/nowhere',
            dockerfile_inline: 'ARG BASE=alpine:3.19\nFROM ${BASE} AS base\nFROM base\nFROM ${TOOLS}\n',
            args: { TOOLS: 'busybox:1.36' },
          },
        },
        remote: { build: { context: 'https://github.com/acme/app.git', dockerfile_inline: 'FROM node:20\n' } },
        scratch: { build: { dockerfile_inline: 'FROM scratch\nCOPY x /x\n' } },
      },
    });
    const found = stackImages(m, [], os.tmpdir());
    assert.deepEqual(
      found.images.map((i) => `${i.ref.canonical} ${i.via} ${i.services.join('+')}`),
      [
        'docker.io/library/alpine:3.19 build inline',
        'docker.io/library/busybox:1.36 build inline',
        'docker.io/library/node:20 build remote',
      ],
    );
    assert.deepEqual(found.built, ['inline', 'remote', 'scratch']);
    assert.deepEqual(found.skipped, [], 'no Dockerfile was looked for');
  });
});

describe('what the engine has', () => {
  test('docker image ls rows as canonical references, by tag and by repository digest; <none> left out', () => {
    const d = `sha256:${'b'.repeat(64)}`;
    const list = parseImageList(
      [`busybox\tlatest\t${d}`, `127.0.0.1:5000/cos/web\tv1\t<none>`, '<none>\t<none>\t<none>', `ghcr.io/acme/app\t<none>\t${d}`, ''].join(
        '\n',
      ),
    );
    assert.deepEqual(
      [...list].sort(),
      ['127.0.0.1:5000/cos/web:v1', `docker.io/library/busybox:latest`, `docker.io/library/busybox@${d}`, `ghcr.io/acme/app@${d}`].sort(),
    );
  });

  test("the digest an image was pulled by: its own repository's, whatever the spelling", () => {
    const d1 = `sha256:${'1'.repeat(64)}`;
    const d2 = `sha256:${'2'.repeat(64)}`;
    const json = JSON.stringify([`127.0.0.1:5000/other@${d1}`, `busybox@${d2}`]);
    assert.equal(repoDigestFor(ref('docker.io/library/busybox:1.36'), json), d2);
    assert.equal(repoDigestFor(ref('127.0.0.1:5000/cos/web:v1'), json), undefined);
    assert.equal(repoDigestFor(ref('busybox'), 'not json'), undefined);
    assert.equal(repoDigestFor(ref('busybox'), '{"a":1}'), undefined);
  });

  test("the engine's platform from its docker version answer; nothing odd goes into a key", () => {
    const answer = (server: unknown) => ({
      version: { stdout: JSON.stringify({ Client: {}, Server: server }) } as never,
      contextHost: undefined,
    });
    assert.equal(platformOf(answer({ Os: 'linux', Arch: 'arm64' })), 'linux/arm64');
    assert.equal(platformOf(answer({ Os: 'linux', Arch: 'amd64,evil' })), undefined);
    assert.equal(platformOf(answer(null)), undefined);
    assert.equal(platformOf({ version: { stdout: 'Cannot connect' } as never, contextHost: undefined }), undefined);
  });

  test("an entry's file: the same path for the same platform and image, another for another", () => {
    const a = imageFile('linux/amd64', 'docker.io/library/busybox:latest');
    assert.equal(a, imageFile('linux/amd64', 'docker.io/library/busybox:latest'));
    assert.notEqual(a, imageFile('linux/arm64', 'docker.io/library/busybox:latest'));
    assert.notEqual(a, imageFile('linux/amd64', 'docker.io/library/busybox:1'));
    assert.match(path.basename(a), /^[0-9a-f]{24}\.tar$/);
  });
});

const row = (state: ImageRecord['state'], extra: Partial<ImageRecord> = {}): ImageRecord => ({
  image: `docker.io/library/${state}:1`,
  written: `${state}:1`,
  services: ['svc'],
  via: 'image',
  state,
  detail: state,
  ...extra,
});

describe('cache-hit', () => {
  test('true when every image the engine lacked came from the cache (or it lacked none), partial when some, false when none', () => {
    assert.equal(cacheHitOf([row('restored'), row('restored-older'), row('present'), row('built'), row('skipped')]), 'true');
    assert.equal(cacheHitOf([row('present')]), 'true');
    assert.equal(cacheHitOf([row('restored'), row('pulled')]), 'partial');
    assert.equal(cacheHitOf([row('pulled'), row('missing'), row('present')]), 'false');
    // An image pinned by digest that the engine lacks is missing (compose pulls it): not a hit.
    assert.equal(cacheHitOf([row('restored'), row('missing')]), 'partial');
  });
});

describe('image rows in the summary and the report', () => {
  const exports: ExportPlan = { outputs: {}, env: {} };
  const decision = { mode: 'docker' as const, reason: 'ok', fail: false };
  const hostile = 'pull failed: ::error::boom <script>x</script> | https://user:hunter2@registry.example/v2/';
  const report = new Report();
  report.images.push(
    row('pulled', { sizeBytes: 3 * 1024 * 1024 + 1, durationMs: 1234.4, tries: 3, detail: hostile }),
    row('restored-older', { sizeBytes: 2048, durationMs: 10 }),
    row('built'),
  );
  report.imageCache = { cacheHit: 'partial', platform: 'linux/amd64' };

  test('markdown: one row per image with its state, tries, size and time; outside text escaped and without credentials', () => {
    const md = renderSummary(report, decision, exports);
    assert.match(md, /### Images \(cache-hit: partial, platform linux\/amd64\)/);
    assert.match(md, /\| ⬇️ \| <code>docker\.io\/library\/pulled:1<\/code> \| svc \| pulled \| 3 \| 3\.0 MB \| 1,234\u00a0ms \|/);
    assert.match(md, /\| ⚠️ \| .*restored-older \| – \| 2 kB \| 10\u00a0ms \|/);
    assert.match(md, /\| 🔨 \| .*built \| – \| – \| – \|/);
    assert.ok(!md.includes('<script>') && !md.includes('hunter2'), md);
    assert.match(md, /&lt;script&gt;/);
    const text = renderSummaryText(report, decision, exports);
    assert.match(text, /Images \(cache-hit: partial\):\n {2}docker\.io\/library\/pulled:1 \(svc\): pulled, 3 tries, 3\.0 MB, 1234 ms; /);
    assert.ok(!text.includes('hunter2'));
  });

  test('JSON: every field, null when unknown, credentials removed', () => {
    const json = buildJsonReport(report, decision, exports);
    assert.equal(json.images.length, 3);
    assert.deepEqual(json.images[2], {
      image: 'docker.io/library/built:1',
      written: 'built:1',
      services: ['svc'],
      via: 'image',
      state: 'built',
      sizeBytes: null,
      durationMs: null,
      tries: null,
      digest: null,
      key: null,
      detail: 'built',
    });
    assert.equal(json.images[0]!.durationMs, 1234);
    assert.equal(json.images[0]!.tries, 3);
    assert.ok(!JSON.stringify(json).includes('hunter2'));
  });
});

describe("the library's output", () => {
  test("a cache service that refuses: the call says why, cleaned; the library's warning never reaches the log as a command; the action's own line passes", async () => {
    const service = await startCacheService();
    await service.close();
    // In a process of its own: this one's stdout carries the test runner's report.
    const probe = path.join(REPO_ROOT, '__tests__', 'support', 'cache-output-probe.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', probe], {
      env: { ...process.env, ...service.env, RUNNER_TEMP: fs.mkdtempSync(path.join(os.tmpdir(), 'cos-cache-unit-')) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    await new Promise((r) => child.once('close', r));
    const result = JSON.parse(stderr.trim().split('\n').pop() ?? '') as {
      written: string;
      outcome: { ok: boolean; detail?: string };
      inFlight: number;
    };
    assert.equal(result.outcome.ok, false);
    assert.match(result.outcome.detail ?? '', /^cache lookup: Failed to restore: .*ECONNREFUSED/);
    assert.match(result.written, /^the action says this while the cache is asked$/m);
    assert.doesNotMatch(result.written, /^::(warning|error)/m);
    assert.doesNotMatch(result.written, /Failed to restore/);
    assert.equal(result.inFlight, 0, 'nothing of the call is left running');
  });
});

describe('the bundle', () => {
  test('@actions/cache is not in the main bundle: a chunk of its own, loaded only with cache-images', () => {
    const dist = path.join(REPO_ROOT, 'dist', 'main');
    const files = fs.readdirSync(dist).filter((f) => f.endsWith('.js'));
    const holding = files.filter((f) => fs.readFileSync(path.join(dist, f), 'utf8').includes('GetCacheEntryDownloadURL'));
    assert.equal(holding.length, 1, files.join(', '));
    assert.notEqual(holding[0], 'index.js');
    assert.ok(fs.statSync(path.join(dist, 'index.js')).size < 1_000_000);
  });
});
