/**
 * cache-images end to end, through the bundled entry points, a real registry on loopback
 * (Debian's docker-registry) and the Actions cache service stand-in that @actions/cache itself
 * was proven against:
 *
 * 1. the images are not on the engine: the main step pulls them (a service's image and the base
 *    image of a Dockerfile), the post step saves one entry per image;
 * 2. removed again, registry up: both restored from the entries of the digests the registry gives;
 * 3. removed again, registry stopped (an outage), and the cache slow to answer: the newest entries
 *    restored all the same, docker mode, and the summary says the images may be older;
 * 4. the same without cache-images: no image, no Docker stack;
 * a cache service that answers 500, or refuses connections: pulled as without the cache, a
 * warning, never an error annotation, nothing saved; and entries saved by one runner restored by
 * another whose RUNNER_TEMP and workspace are elsewhere, at other depths: the same images.
 * The stack's built service is built every run (`build: true`), so its base image is always
 * needed; built images restored by their build keys: image-build-cache.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { runAction, startAction, type StepResult } from '../harness/runner.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { composesUnderTest, describeEachCompose, requireCompose, type ComposeUnderTest } from '../support/compose.js';
import { docker, dockerOk, removeProject, requireDocker } from '../support/docker.js';
import { ensureTestImages } from '../support/images.js';
import { startRegistry, type LocalRegistry } from '../support/registry.js';

interface JsonImage {
  image: string;
  state: string;
  services: string[];
  sizeBytes: number | null;
  durationMs: number | null;
  key: string | null;
  detail: string;
}

const imagesOf = (step: StepResult): JsonImage[] =>
  (JSON.parse(fs.readFileSync(step.outputs.report!, 'utf8')) as { images: JsonImage[] }).images;
const stateOf = (step: StepResult): Record<string, string> =>
  Object.fromEntries(imagesOf(step).map((i) => [i.image.replace(/^127\.0\.0\.1:\d+\//, ''), i.state]));
/**
 * A failed assertion's message: the step's reason, its images and annotations first (what a CI
 * log's excerpt keeps), then its whole output.
 */
function told(step: StepResult): string {
  let images: string;
  try {
    images = imagesOf(step)
      .map((i) => `  ${i.image}: ${i.state} in ${Math.round(i.durationMs ?? 0)} ms, ${i.detail}`)
      .join('\n');
  } catch (err) {
    images = `  (no report: ${String(err)})`;
  }
  const annotations = step.annotations
    .filter((a) => a.level !== 'debug')
    .map((a) => `  ${a.level}: ${a.message}`)
    .join('\n');
  return `mode ${step.outputs.mode}, exit ${step.exitCode}; reason: ${step.outputs.reason ?? ''}\nimages:\n${images}\nannotations:\n${annotations}\n----- output\n${step.stdout}`;
}

const v2 = composesUnderTest().find((c) => c.name === 'v2')!;

interface Setup {
  registry: LocalRegistry;
  cache: CacheService;
  /** The two images in the registry: a service's, and a Dockerfile's base. */
  web: string;
  base: string;
  workspace: string;
  runnerTemp: string;
  env: Record<string, string>;
  projects: string[];
  cleanups: Array<() => void>;
}

async function setUp(t: TestContext, compose: ComposeUnderTest = v2): Promise<Setup | undefined> {
  if (!(await requireDocker(t)) || !requireCompose(t, compose)) return undefined;
  const registry = await startRegistry();
  if (!registry) {
    if (process.env.CI === 'true') throw new Error('docker-registry is not installed (CI=true, so this is not skipped)');
    t.skip('needs docker-registry (Debian package)');
    return undefined;
  }
  const cache = await startCacheService();
  const { busybox } = await ensureTestImages();
  const web = `${registry.host}/cos/cached-web:v1`;
  const base = `${registry.host}/cos/cached-base:v1`;
  for (const tag of [web, base]) {
    await dockerOk(['tag', busybox, tag]);
    await dockerOk(['push', tag], { timeoutMs: 120_000 });
  }
  await removeImages(web, base);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-image-cache-'));
  const workspace = path.join(root, 'ws');
  fs.mkdirSync(path.join(workspace, 'app'), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, 'compose.yaml'),
    [
      'services:',
      '  web:',
      `    image: ${web}`,
      '    command: ["sleep", "300"]',
      '  built:',
      '    build: ./app',
      '    command: ["sleep", "300"]',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(workspace, 'app', 'Dockerfile'), `FROM ${base}\nRUN echo built > /built.txt\n`);
  // RUNNER_TEMP and the workspace are the same in every run, as on one runner (another runner's
  // are elsewhere: see 'cache-images across runners').
  const runnerTemp = path.join(root, 'runner-temp');
  fs.mkdirSync(runnerTemp);
  const setup: Setup = {
    registry,
    cache,
    web,
    base,
    workspace,
    runnerTemp,
    env: { ...compose.env, ...cache.env, RUNNER_TEMP: runnerTemp },
    projects: [],
    cleanups: [],
  };
  t.after(async () => {
    for (const p of setup.projects) await removeProject(p);
    for (const c of setup.cleanups) c();
    await removeImages(web, base);
    await cache.close();
    await registry.remove();
    fs.rmSync(root, { recursive: true, force: true });
  });
  return setup;
}

async function removeImages(...tags: string[]): Promise<void> {
  for (const tag of tags) await docker(['rmi', '--force', tag]);
}

/** One run of the action; `runner`: another runner's workspace and RUNNER_TEMP than the setup's. */
async function run(
  s: Setup,
  inputs: Record<string, string>,
  runner?: { workspace: string; runnerTemp: string },
): Promise<{ main: StepResult; post: StepResult | undefined }> {
  const r = await runAction({
    workspace: runner?.workspace ?? s.workspace,
    // The built service is built every run (build: true): these tests are about the images pulled
    // (a built image's own entry: image-build-cache.test.ts).
    inputs: { 'backend-service': 'backend', 'auth-service': '', 'startup-timeout': '120', build: 'true', ...inputs },
    env: runner ? { ...s.env, RUNNER_TEMP: runner.runnerTemp } : s.env,
  });
  if (r.main.outputs['project-name']) s.projects.push(r.main.outputs['project-name']);
  s.cleanups.push(r.cleanup);
  return r;
}

const errorAnnotations = (step: StepResult | undefined) => (step?.annotations ?? []).filter((a) => a.level === 'error');

describeEachCompose('cache-images', (compose) => {
  test('pulled and saved; restored by digest; restored in an outage; without the cache the outage stops Docker', async (t) => {
    const s = await setUp(t, compose);
    if (!s) return;
    const images = { 'cos/cached-web:v1': 'pulled', 'cos/cached-base:v1': 'pulled' };

    // 1. Nothing on the engine, nothing in the cache: pulled here, saved by the post step.
    const first = await run(s, { 'cache-images': 'true' });
    assert.equal(first.main.exitCode, 0, told(first.main));
    assert.equal(first.main.outputs.mode, 'docker', told(first.main));
    assert.equal(first.main.outputs['cache-hit'], 'false');
    const built = `${first.main.outputs['project-name']}${compose.name === 'v1' ? '_' : '-'}built`;
    assert.deepEqual(stateOf(first.main), { ...images, [built]: 'built' });
    const pulled = imagesOf(first.main).filter((i) => i.state === 'pulled');
    assert.ok(
      pulled.every((i) => (i.sizeBytes ?? 0) > 100_000 && (i.durationMs ?? 0) > 0),
      JSON.stringify(pulled),
    );
    assert.match(first.main.summary, /### Images \(cache-hit: false, platform linux\/\w+\)/);
    assert.equal(first.post?.exitCode, 0, first.post?.stdout);
    assert.deepEqual(errorAnnotations(first.main).concat(errorAnnotations(first.post)), []);
    const saved = s.cache.entries.filter((e) => e.finalized).map((e) => e.key);
    assert.equal(saved.length, 2, first.post?.stdout);
    assert.ok(
      saved.every((k) =>
        /^compose-or-staging-image-v1-linux\/\w+-127\.0\.0\.1:\d+\/cos\/cached-(web|base):v1@sha256:[0-9a-f]{64}$/.test(k),
      ),
      saved.join('\n'),
    );
    assert.match(first.post?.stdout ?? '', /saved as compose-or-staging-image-v1-/);

    // 2. Removed from the engine; the registry answers: restored from the entries of its digests.
    await removeImages(s.web, s.base);
    const second = await run(s, { 'cache-images': 'true' });
    assert.equal(second.main.outputs.mode, 'docker', told(second.main));
    assert.equal(second.main.outputs['cache-hit'], 'true');
    assert.equal(stateOf(second.main)['cos/cached-web:v1'], 'restored', told(second.main));
    assert.equal(stateOf(second.main)['cos/cached-base:v1'], 'restored', told(second.main));
    assert.equal(s.cache.entries.filter((e) => e.finalized).length, 2, 'nothing more saved: nothing was pulled');
    assert.doesNotMatch(second.post?.stdout ?? '', /Image cache: saving/);

    // 3. Removed again, and the registry is gone: the newest entries, said to be maybe older. The
    // cache is slow too (its lookups answered 7 s late, past the 6 s a lookup gets when a pull is
    // the way out): in an outage it is the only source, and it is waited for.
    await removeImages(s.web, s.base);
    await s.registry.stop();
    s.cache.slowLookups(2, 7000);
    const third = await run(s, { 'cache-images': 'true', 'startup-timeout': '300' });
    assert.equal(third.main.outputs.mode, 'docker', told(third.main));
    assert.equal(third.main.outputs['cache-hit'], 'true');
    assert.equal(stateOf(third.main)['cos/cached-web:v1'], 'restored-older', told(third.main));
    assert.equal(stateOf(third.main)['cos/cached-base:v1'], 'restored-older', told(third.main));
    assert.ok(
      imagesOf(third.main).some((i) => (i.durationMs ?? 0) >= 7000),
      `a lookup answered 7 s late: ${told(third.main)}`,
    );
    assert.match(third.main.summary, /possibly an older image than the registry has/);

    // 4. The same outage without cache-images: the image cannot be had, no Docker stack.
    await removeImages(s.web, s.base);
    const fourth = await run(s, { 'cache-images': 'false', 'fail-on-unavailable': 'false' });
    assert.equal(fourth.main.outputs.mode, 'none', told(fourth.main));
    assert.equal(fourth.main.outputs['cache-hit'], 'false');
    assert.deepEqual(imagesOf(fourth.main), []);
    // compose's own word for it: the registry of an image refuses connections.
    assert.match(fourth.main.outputs.reason ?? '', /compose up failed: .*(connection refused|cached-web|cached-base)/);
    if (process.env.COS_DUMP)
      for (const [i, r] of [first, second, third].entries())
        fs.writeFileSync(
          `${process.env.COS_DUMP}-${i + 1}.txt`,
          `${r.main.stdout}\n----- post\n${r.post?.stdout}\n----- summary\n${r.main.summary}`,
        );
  });
});

describe('cache-images with a cache service in trouble, compose v2', () => {
  for (const trouble of ['500', 'refused'] as const) {
    test(`a cache service that ${trouble === '500' ? 'answers 500' : 'refuses connections'}: pulled as without it, one warning, no error, nothing saved`, async (t) => {
      const s = await setUp(t);
      if (!s) return;
      if (trouble === '500') s.cache.failWith(500);
      else await s.cache.close();
      const r = await run(s, { 'cache-images': 'true' });
      assert.equal(r.main.exitCode, 0, told(r.main));
      assert.equal(r.main.outputs.mode, 'docker', told(r.main));
      assert.equal(r.main.outputs['cache-hit'], 'false');
      assert.equal(stateOf(r.main)['cos/cached-web:v1'], 'pulled');
      assert.deepEqual(errorAnnotations(r.main).concat(errorAnnotations(r.post)), []);
      const warnings = r.main.annotations.filter((a) => a.level === 'warning' && a.properties.title === 'Image cache');
      assert.equal(warnings.length, 1, told(r.main));
      assert.match(warnings[0]!.message, /The Actions cache service failed/);
      const report = JSON.parse(fs.readFileSync(r.main.outputs.report!, 'utf8')) as {
        checks: Array<{ id: string; failure: string | null }>;
      };
      assert.equal(report.checks.find((c) => c.id === 'images.cache')?.failure, 'cache-service');
      // The post step asks before saving, hears the same trouble, and saves nothing.
      assert.equal(r.post?.exitCode, 0, r.post?.stdout);
      assert.ok(
        r.post!.annotations.some((a) => a.level === 'warning' && /not saved: the cache could not be asked/.test(a.message)),
        r.post?.stdout,
      );
      assert.equal(s.cache.requests.filter((q) => q.includes('CreateCacheEntry')).length, 0, s.cache.requests.join('\n'));
    });
  }

  test('a later step retags a pulled image: the post step does not save another image under its digest', async (t) => {
    const s = await setUp(t);
    if (!s) return;
    const run = await startAction({
      workspace: s.workspace,
      inputs: { 'auth-service': '', 'cache-images': 'true', build: 'true' },
      env: s.env,
    });
    s.cleanups.push(run.cleanup);
    if (run.main.outputs['project-name']) s.projects.push(run.main.outputs['project-name']);
    assert.equal(run.main.outputs.mode, 'docker', told(run.main));
    assert.equal(stateOf(run.main)['cos/cached-web:v1'], 'pulled');
    // What a test step might do: build or pull something else under the same name.
    const { node } = await ensureTestImages();
    await dockerOk(['tag', node, s.web]);
    const post = await run.runPost();
    assert.equal(post.exitCode, 0, post.stdout);
    const saved = s.cache.entries.filter((e) => e.finalized).map((e) => e.key);
    assert.equal(saved.length, 1, post.stdout);
    assert.match(saved[0]!, /cached-base:v1@sha256:/);
    assert.match(post.stdout, /cached-web:v1: now names another image than the one pulled .*: not saved/);
  });
});

/** The engine's id of each image. */
const idsOf = async (...tags: string[]): Promise<string[]> =>
  Promise.all(tags.map(async (tag) => (await dockerOk(['image', 'inspect', '--format', '{{.Id}}', tag])).trim()));

describe('cache-images across runners, compose v2', () => {
  test('saved by a runner whose RUNNER_TEMP is beside its workspace, restored by one whose RUNNER_TEMP and workspace are elsewhere, at other depths: the same images', async (t) => {
    const s = await setUp(t);
    if (!s) return;
    // Two different images: each entry must give back its own.
    const { busybox } = await ensureTestImages();
    await dockerOk(['build', '--quiet', '--tag', s.web, '-'], {
      input: `FROM ${busybox}\nLABEL cos.test=cached-web\n`,
      timeoutMs: 120_000,
    });
    await dockerOk(['push', s.web], { timeoutMs: 120_000 });
    await removeImages(s.web, s.base);

    // Runner A: the setup's workspace, its RUNNER_TEMP beside it (../runner-temp).
    const first = await run(s, { 'cache-images': 'true' });
    assert.equal(first.main.outputs.mode, 'docker', told(first.main));
    assert.equal(stateOf(first.main)['cos/cached-web:v1'], 'pulled', told(first.main));
    assert.equal(stateOf(first.main)['cos/cached-base:v1'], 'pulled', told(first.main));
    assert.equal(s.cache.entries.filter((e) => e.finalized).length, 2, first.post?.stdout);
    const pulled = await idsOf(s.web, s.base);
    assert.notEqual(pulled[0], pulled[1]);
    await removeImages(s.web, s.base);

    // Runner B, on another machine layout: the workspace five levels down elsewhere, RUNNER_TEMP
    // four levels down in yet another place.
    const root = path.dirname(s.workspace);
    const b = {
      workspace: path.join(root, 'b', 'runners', '2', '_work', 'app', 'app'),
      runnerTemp: path.join(root, 'tmp', 'job', '7', 'temp'),
    };
    fs.cpSync(s.workspace, b.workspace, { recursive: true });
    fs.mkdirSync(b.runnerTemp, { recursive: true });
    const listing = (dir: string): string[] => (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
    const before = listing(b.workspace);
    const second = await run(s, { 'cache-images': 'true' }, b);
    assert.equal(second.main.outputs.mode, 'docker', told(second.main));
    assert.equal(second.main.outputs['cache-hit'], 'true', told(second.main));
    assert.equal(stateOf(second.main)['cos/cached-web:v1'], 'restored', told(second.main));
    assert.equal(stateOf(second.main)['cos/cached-base:v1'], 'restored', told(second.main));
    assert.deepEqual(await idsOf(s.web, s.base), pulled, 'the images restored are the ones saved');
    assert.equal(s.cache.entries.filter((e) => e.finalized).length, 2, 'nothing more saved');
    assert.deepEqual(listing(b.workspace), before, "nothing written into runner B's workspace");
    assert.deepEqual(errorAnnotations(second.main).concat(errorAnnotations(second.post)), []);
  });
});
