/**
 * Pulls that survive a registry's bad minute, end to end: the bundled action against Debian's
 * docker-registry behind a front of our own (support/registry-front.ts) that refuses the first
 * tries of a pull with HTTP 429 (`TOOMANYREQUESTS`) or 503, on compose v2 and v1:
 *
 * 1. two 429s, then the pull works: docker mode, and the Images row says 3 tries (the early start's
 *    path: the files predict the plan, the image is missing, so it is pulled once compose config
 *    has named it);
 * 2. a 429 that lasts: `registry-rate-limit` within startup-timeout, the hint naming `docker
 *    login`, `cache-images` and a registry mirror;
 * 3. three 503s, then the pull works, with `pull: always` (the path without an early start): 4
 *    tries, and no pull after the one that worked (compose is not asked to pull it again);
 * 4. a 503 that lasts: `registry-unavailable`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test, type TestContext } from 'node:test';
import { runAction, type StepResult } from '../harness/runner.js';
import { describeEachCompose, type ComposeUnderTest } from '../support/compose.js';
import { docker, dockerOk } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { ensureTestImages } from '../support/images.js';
import { startRegistryFront, type RegistryFront } from '../support/registry-front.js';
import { startRegistry, type LocalRegistry } from '../support/registry.js';

interface JsonImage {
  image: string;
  state: string;
  tries: number | null;
  detail: string;
}

const imagesOf = (step: StepResult): JsonImage[] =>
  (JSON.parse(fs.readFileSync(step.outputs.report!, 'utf8')) as { images: JsonImage[] }).images;

/** What a failed assertion shows: the reason, the image rows, then the whole output. */
const told = (step: StepResult): string =>
  `mode ${step.outputs.mode}, exit ${step.exitCode}; reason: ${step.outputs.reason ?? ''}\n${JSON.stringify(
    fs.existsSync(step.outputs.report ?? '') ? imagesOf(step) : 'no report',
    null,
    1,
  )}\n----- output\n${step.stdout}`;

/** The tries the front refused, and those it let through, since `from`. */
const triesSeen = (front: RegistryFront, from: number): { refused: number; passed: number } => {
  // One try is a HEAD by tag, and a GET of it when the HEAD was refused (engine 28), or a GET alone.
  const tries = front.manifestRequests.slice(from).filter((r, i, all) => {
    const head = all.slice(0, i).findLast((x) => x.path === r.path);
    return !(r.method === 'GET' && head?.method === 'HEAD' && head.status === r.status && r.status >= 400);
  });
  return { refused: tries.filter((r) => r.status >= 400).length, passed: tries.filter((r) => r.status < 400).length };
};

describeEachCompose('pulls with retries', (compose: ComposeUnderTest) => {
  const { files, track, env, ready } = useDockerRepos(compose);
  let registry: LocalRegistry | undefined;
  let front: RegistryFront | undefined;
  let image = '';

  before(async () => {
    registry = await startRegistry();
    if (!registry) return;
    front = await startRegistryFront(registry.host);
    image = `${front.host}/cos/pull-retries-${compose.name}:v1`;
    const { busybox } = await ensureTestImages();
    await dockerOk(['tag', busybox, image]);
    await dockerOk(['push', image], { timeoutMs: 120_000 });
  });
  after(async () => {
    if (image) await docker(['rmi', '--force', image]);
    await front?.close();
    await registry?.remove();
  });

  /** Ready with a registry behind the front; the image on the engine or not. */
  const setUp = async (t: TestContext, onEngine: boolean): Promise<string | undefined> => {
    if (!(await ready(t))) return undefined;
    if (!registry) {
      if (process.env.CI === 'true') throw new Error('docker-registry is not installed (CI=true, so this is not skipped)');
      t.skip('needs docker-registry (Debian package)');
      return undefined;
    }
    if (onEngine) await dockerOk(['tag', (await ensureTestImages()).busybox, image]);
    else await docker(['rmi', image]);
    return files({ 'compose.yaml': `services:\n  db:\n    image: ${image}\n    command: ["sleep", "300"]\n` });
  };

  const run = async (t: TestContext, workspace: string, inputs: Record<string, string>): Promise<StepResult> => {
    const r = await runAction({
      workspace,
      inputs: { 'auth-service': '', 'websocket-path': '', mode: 'docker', 'fail-on-unavailable': 'false', ...inputs },
      env,
    });
    track(r.main.outputs['project-name']);
    t.after(r.cleanup);
    if (process.env.COS_DUMP)
      fs.writeFileSync(
        `${process.env.COS_DUMP}-${compose.name}-${t.name.slice(0, 12).replace(/\W/g, '_')}.txt`,
        `${r.main.log}\n----- summary\n${r.main.summary}`,
      );
    return r.main;
  };

  test('two 429s, then the pull works: docker mode, the Images row says 3 tries', async (t) => {
    const ws = await setUp(t, false);
    if (!ws) return;
    const from = front!.manifestRequests.length;
    front!.refuse(429, 2);
    const main = await run(t, ws, {});
    assert.equal(main.outputs.mode, 'docker', told(main));
    const row = imagesOf(main).find((i) => i.image === image);
    assert.deepEqual([row?.state, row?.tries], ['pulled', 3], told(main));
    assert.match(row!.detail, /pulled on try 3; the try before it: toomanyrequests/);
    assert.match(main.summary, new RegExp(`${image.replace(/[.]/g, '\\.')}</code> \\| db \\| pulled \\| 3 \\|`));
    assert.deepEqual(triesSeen(front!, from), { refused: 2, passed: 1 });
    // The first try was compose's own pull.
    assert.match(main.log, /try 1 of at most 6 failed \(.*toomanyrequests: You have reached your pull rate limit/);
    assert.equal(check(readReport(main), 'images.pull')?.status, 'ok');
  });

  test('a 429 that lasts: registry-rate-limit within startup-timeout, and the hint names docker login, cache-images and a mirror', async (t) => {
    const ws = await setUp(t, false);
    if (!ws) return;
    const from = front!.manifestRequests.length;
    front!.refuse(429, Infinity);
    const main = await run(t, ws, { 'startup-timeout': '20' });
    front!.refuse(429, 0);
    assert.equal(main.outputs.mode, 'none', told(main));
    const pulled = check(readReport(main), 'images.pull');
    assert.equal(pulled?.failure, 'registry-rate-limit', told(main));
    const tries = (pulled?.data as { tries?: number } | undefined)?.tries ?? 0;
    assert.ok(tries >= 3, `${tries} tries`);
    assert.ok(pulled!.durationMs < 20_000, `decided after ${pulled!.durationMs} ms`);
    assert.deepEqual(triesSeen(front!, from), { refused: tries, passed: 0 });
    assert.match(
      main.outputs.reason ?? '',
      new RegExp(
        `Docker failed: ${image.replace(/[.]/g, '\\.')} \\(db\\) could not be pulled: the registry's rate limit \\(HTTP 429\\) through ${tries} tries`,
      ),
    );
    assert.equal(check(readReport(main), 'compose.up')?.status, 'info');
    for (const words of ['docker login', 'cache-images', 'registry mirror'])
      assert.ok(main.summary.includes(words), `the summary lacks "${words}"`);
    assert.deepEqual(
      imagesOf(main).map((i) => [i.state, i.tries]),
      [['missing', tries]],
    );
  });

  test('three 503s, then the pull works, with pull: always: 4 tries, and nothing pulls it again', async (t) => {
    const ws = await setUp(t, true);
    if (!ws) return;
    const from = front!.manifestRequests.length;
    front!.refuse(503, 3);
    const main = await run(t, ws, { pull: 'always' });
    assert.equal(main.outputs.mode, 'docker', told(main));
    const row = imagesOf(main).find((i) => i.image === image);
    assert.deepEqual([row?.state, row?.tries], ['pulled', 4], told(main));
    assert.deepEqual(triesSeen(front!, from), { refused: 3, passed: 1 }, 'compose pulled it once more');
  });

  test('a 503 that lasts: registry-unavailable within startup-timeout', async (t) => {
    const ws = await setUp(t, false);
    if (!ws) return;
    front!.refuse(503, Infinity);
    const main = await run(t, ws, { 'startup-timeout': '20' });
    front!.refuse(503, 0);
    assert.equal(main.outputs.mode, 'none', told(main));
    const pulled = check(readReport(main), 'images.pull');
    assert.equal(pulled?.failure, 'registry-unavailable', told(main));
    assert.ok(pulled!.durationMs < 20_000, `decided after ${pulled!.durationMs} ms`);
    assert.ok(main.summary.includes('kept failing'), main.summary);
  });
});
