/**
 * Built images from the cache (issue 28), end to end: the bundled entry points, compose v2 and v1,
 * the Actions cache service stand-in, a registry on loopback holding the base image, and one
 * RUNNER_TEMP for every run (a hosted runner's is fixed):
 *
 * 1. a service built from a Dockerfile whose RUN takes seconds: built, and the post step saves it
 *    under its build key (and the manifest of what the key covered);
 * 2. its image removed (and its base image): restored by its build key (the row names the run
 *    that saved it; its entry holds its own layers, its base image comes by its own entry), the
 *    stack up in less time than the build alone took, `cache-hit: true`;
 * 3. a file of its context changed: built again, the row names that file, the container sees it;
 * 4. a file its `.dockerignore` leaves out changed: restored;
 *
 * and two targets of one multi-stage Dockerfile, and (v2) a `dockerfile_inline`, each keyed apart:
 * each restored image is its own, and an inline Dockerfile changed is built again.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startAction, type StepResult } from '../harness/runner.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { describeEachCompose, requireCompose, type ComposeUnderTest } from '../support/compose.js';
import { docker, dockerOk, removeProject, requireDocker } from '../support/docker.js';
import { ensureTestImages } from '../support/images.js';
import { startRegistry, type LocalRegistry } from '../support/registry.js';

interface JsonImage {
  image: string;
  state: string;
  services: string[];
  via: string;
  key: string | null;
  detail: string;
}
interface JsonCheck {
  id: string;
  durationMs: number;
}

const reportOf = (step: StepResult): { images: JsonImage[]; checks: JsonCheck[] } =>
  JSON.parse(fs.readFileSync(step.outputs.report!, 'utf8')) as { images: JsonImage[]; checks: JsonCheck[] };
/** The row of the image built for `service`. */
const rowOf = (step: StepResult, service: string): JsonImage => {
  const row = reportOf(step).images.find(
    (i) => i.via === 'build' && i.services.length === 1 && i.services[0] === service && !i.image.includes('/cos/'),
  );
  assert.ok(row, `no row for ${service}: ${told(step)}`);
  return row;
};
const told = (step: StepResult): string => {
  let images = '';
  try {
    images = reportOf(step)
      .images.map((i) => `  ${i.image} (${i.services.join(',')}): ${i.state}, ${i.detail}`)
      .join('\n');
  } catch (err) {
    images = `  (no report: ${String(err)})`;
  }
  return `mode ${step.outputs.mode}; reason: ${step.outputs.reason ?? ''}\nimages:\n${images}\n----- output\n${step.stdout}`;
};

interface Setup {
  registry: LocalRegistry;
  cache: CacheService;
  base: string;
  workspace: string;
  env: Record<string, string>;
  projects: string[];
  /** Every image a run built or restored, by name. */
  images: Set<string>;
  cleanups: Array<() => void>;
}

async function setUp(t: TestContext, compose: ComposeUnderTest, files: Record<string, string>): Promise<Setup | undefined> {
  if (!(await requireDocker(t)) || !requireCompose(t, compose)) return undefined;
  const registry = await startRegistry();
  if (!registry) {
    if (process.env.CI === 'true') throw new Error('docker-registry is not installed (CI=true, so this is not skipped)');
    t.skip('needs docker-registry (Debian package)');
    return undefined;
  }
  const cache = await startCacheService();
  const { busybox } = await ensureTestImages();
  const base = `${registry.host}/cos/build-base:v1`;
  await dockerOk(['tag', busybox, base]);
  await dockerOk(['push', base], { timeoutMs: 120_000 });
  await docker(['rmi', base]);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-build-cache-'));
  const workspace = path.join(root, 'ws');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(workspace, name), text.replaceAll('BASE', base));
  }
  const runnerTemp = path.join(root, 'runner-temp');
  fs.mkdirSync(runnerTemp);
  const s: Setup = {
    registry,
    cache,
    base,
    workspace,
    env: { ...compose.env, ...cache.env, RUNNER_TEMP: runnerTemp },
    projects: [],
    images: new Set(),
    cleanups: [],
  };
  t.after(async () => {
    for (const p of s.projects) await removeProject(p);
    for (const c of s.cleanups) c();
    for (const image of [...s.images, base]) await docker(['rmi', '--force', image]);
    await cache.close();
    await registry.remove();
    fs.rmSync(root, { recursive: true, force: true });
  });
  return s;
}

let runs = 0;

/** One run: the main step, `look` while its stack is up, then the post step. */
async function run(
  s: Setup,
  look: (main: StepResult) => Promise<void> = async () => undefined,
): Promise<{ main: StepResult; post: StepResult; runId: string }> {
  const runId = String(7_000_000 + process.pid * 10 + ++runs);
  const r = await startAction({
    workspace: s.workspace,
    inputs: { 'cache-images': 'true', 'backend-service': 'backend', 'auth-service': '', 'startup-timeout': '180' },
    env: { ...s.env, GITHUB_RUN_ID: runId },
  });
  s.cleanups.push(r.cleanup);
  if (r.main.outputs['project-name']) s.projects.push(r.main.outputs['project-name']);
  for (const i of reportOf(r.main).images) if (i.via === 'build' && !i.image.includes('/cos/')) s.images.add(i.image);
  let post: StepResult;
  try {
    await look(r.main);
  } finally {
    post = await r.runPost();
  }
  return { main: r.main, post, runId };
}

/** What a file holds in the running container of `service`. */
async function seen(main: StepResult, service: string, file: string): Promise<string> {
  const project = main.outputs['project-name']!;
  const id = (
    await dockerOk([
      'ps',
      '--quiet',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
    ])
  ).trim();
  return (await dockerOk(['exec', id, 'cat', file])).trim();
}

const saved = (s: Setup): string[] => s.cache.entries.filter((e) => e.finalized).map((e) => e.key);

const ONE_SERVICE = {
  'compose.yaml': [
    'services:',
    '  app:',
    '    build:',
    '      context: ./app',
    '      args: { GREETING: hello }',
    '    command: ["sleep", "300"]',
    '',
  ].join('\n'),
  // The engine's own build cache must not have the RUN from an earlier test run: a nonce of this one.
  'app/Dockerfile': `FROM BASE\nARG GREETING\nRUN sleep 8 && echo "$GREETING" > /greeting && echo ${process.pid}-${Date.now()} > /nonce\nCOPY . /app\n`,
  'app/data.txt': 'one\n',
  'app/.dockerignore': '# not sent to the builder\nignored.txt\n',
  'app/ignored.txt': 'first\n',
};

describeEachCompose('built images from the cache', (compose) => {
  test('built and saved; restored faster than it builds; a context file changed: built, named, seen; an ignored file changed: restored', async (t) => {
    const s = await setUp(t, compose, ONE_SERVICE);
    if (!s) return;

    // 1. Nothing in the cache: compose builds it, the post step saves it under its build key.
    const first = await run(s, async (main) => assert.equal(await seen(main, 'app', '/greeting'), 'hello'));
    assert.equal(first.main.outputs.mode, 'docker', told(first.main));
    assert.equal(first.main.outputs['cache-hit'], 'false', told(first.main));
    const built = rowOf(first.main, 'app');
    assert.equal(built.state, 'built', told(first.main));
    assert.match(built.key ?? '', /^compose-or-staging-build-v1-linux\/\w+-app-[0-9a-f]{12}-[0-9a-f]{32}-[0-9a-f]{16}$/);
    assert.match(built.detail, /no entry: none was saved for this service yet; the post step saves it/);
    assert.equal(first.post.exitCode, 0, first.post.stdout);
    assert.ok(saved(s).includes(built.key!), `${saved(s).join('\n')}\n${first.post.stdout}`);
    assert.ok(
      saved(s).some((k) => k.startsWith('compose-or-staging-build-manifest-v1-')),
      saved(s).join('\n'),
    );
    assert.match(first.post.stdout, /saved as compose-or-staging-build-v1-[^:]*: its own \d+ of \d+ layers .*its manifest saved beside it/);
    const buildMs = reportOf(first.main).checks.find((c) => c.id === 'compose.up')!.durationMs;
    assert.ok(buildMs >= 8000, `compose up built for ${buildMs} ms`);

    // 2. Its image removed (and the base image too): restored by its build key, faster than the build.
    await docker(['rmi', '--force', built.image, s.base]);
    const second = await run(s, async (main) => assert.equal(await seen(main, 'app', '/app/data.txt'), 'one'));
    assert.equal(second.main.outputs.mode, 'docker', told(second.main));
    assert.equal(second.main.outputs['cache-hit'], 'true', told(second.main));
    const restored = rowOf(second.main, 'app');
    assert.equal(restored.state, 'restored', told(second.main));
    assert.equal(restored.key, built.key);
    assert.match(restored.detail, new RegExp(`restored by its build key: saved by run ${first.runId} \\(attempt 1, refs/heads/main\\)`));
    // Its entry holds its own layers: the base image came by its own entry, first.
    const baseRow = reportOf(second.main).images.find((i) => i.image.endsWith('/cos/build-base:v1'));
    assert.equal(baseRow?.state, 'restored', told(second.main));
    assert.ok(second.main.durationMs < buildMs, `the main step took ${Math.round(second.main.durationMs)} ms, the build ${buildMs} ms`);
    assert.doesNotMatch(second.post.stdout, /saving \d+ built image/, 'nothing built: nothing saved');

    // 3. A file of its context changed: built again, the file named, and the container sees it.
    fs.writeFileSync(path.join(s.workspace, 'app', 'data.txt'), 'two\n');
    const third = await run(s, async (main) => assert.equal(await seen(main, 'app', '/app/data.txt'), 'two'));
    const rebuilt = rowOf(third.main, 'app');
    assert.equal(rebuilt.state, 'built', told(third.main));
    assert.notEqual(rebuilt.key, built.key);
    assert.match(rebuilt.detail, /the context changed: first changed file data\.txt \(changed\)/);
    assert.ok(rebuilt.detail.includes(`(since ${built.key})`), rebuilt.detail);
    // Its base image is on the engine (the second run restored it); the built one was not in the cache.
    assert.equal(third.main.outputs['cache-hit'], 'false', told(third.main));
    assert.ok(saved(s).includes(rebuilt.key!), third.post.stdout);

    // 4. Only a file the .dockerignore leaves out changed: the same key, restored (on an engine
    // without the base image, as a fresh runner's: one the cache loaded has no registry digest).
    await docker(['rmi', '--force', rebuilt.image, s.base]);
    fs.writeFileSync(path.join(s.workspace, 'app', 'ignored.txt'), 'second\n');
    const fourth = await run(s, async (main) => assert.equal(await seen(main, 'app', '/app/data.txt'), 'two'));
    const again = rowOf(fourth.main, 'app');
    assert.equal(again.state, 'restored', told(fourth.main));
    assert.equal(again.key, rebuilt.key);
    assert.match(again.detail, new RegExp(`saved by run ${third.runId}`));
    if (process.env.COS_DUMP)
      for (const [i, r] of [first, second, third, fourth].entries())
        fs.writeFileSync(
          `${process.env.COS_DUMP}-${compose.name}-${i + 1}.txt`,
          `${r.main.stdout}\n----- post\n${r.post.stdout}\n----- summary\n${r.main.summary}`,
        );
  });
});

const multiStage = (inline: boolean): Record<string, string> => ({
  'compose.yaml': [
    'services:',
    '  first:',
    '    build: { context: ./multi, target: first }',
    '    command: ["sleep", "300"]',
    '  second:',
    '    build: { context: ./multi, target: second }',
    '    command: ["sleep", "300"]',
    ...(inline
      ? [
          '  inline:',
          '    build:',
          '      context: ./multi',
          '      dockerfile_inline: |',
          '        FROM BASE',
          '        RUN echo inline-1 > /which',
          '    command: ["sleep", "300"]',
        ]
      : []),
    '',
  ].join('\n'),
  'multi/Dockerfile': 'FROM BASE AS first\nRUN echo first > /which\nFROM BASE AS second\nRUN echo second > /which\n',
});

describeEachCompose('built images from the cache: multi-stage targets and dockerfile_inline', (compose) => {
  test('each target (and an inline Dockerfile) has a key of its own, and gets its own image back; the inline text changed: built again', async (t) => {
    const inline = compose.name === 'v2'; // compose v1 knows no dockerfile_inline
    const s = await setUp(t, compose, multiStage(inline));
    if (!s) return;
    const services = inline ? ['first', 'second', 'inline'] : ['first', 'second'];
    const which = async (main: StepResult): Promise<void> => {
      for (const svc of services) assert.equal(await seen(main, svc, '/which'), svc === 'inline' ? 'inline-1' : svc, svc);
    };

    const first = await run(s, which);
    const rows = services.map((svc) => rowOf(first.main, svc));
    assert.deepEqual(
      rows.map((r) => r.state),
      services.map(() => 'built'),
      told(first.main),
    );
    assert.equal(new Set(rows.map((r) => r.key)).size, services.length, 'a key each');
    for (const r of rows) assert.ok(saved(s).includes(r.key!), first.post.stdout);

    await docker(['rmi', '--force', ...rows.map((r) => r.image)]);
    const second = await run(s, which);
    assert.deepEqual(
      services.map((svc) => rowOf(second.main, svc).state),
      services.map(() => 'restored'),
      told(second.main),
    );
    assert.equal(second.main.outputs['cache-hit'], 'true');
    if (!inline) return;

    const file = path.join(s.workspace, 'compose.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('inline-1', 'inline-2'));
    const third = await run(s, async (main) => assert.equal(await seen(main, 'inline', '/which'), 'inline-2'));
    const changed = rowOf(third.main, 'inline');
    assert.equal(changed.state, 'built', told(third.main));
    assert.match(changed.detail, /the Dockerfile changed/);
    assert.equal(rowOf(third.main, 'first').state, 'restored');
    assert.equal(third.main.outputs['cache-hit'], 'partial');
  });
});
