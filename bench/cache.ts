/**
 * cache-images (issue 14), on demand (BENCH_ONLY=cache): a ~106 MB image in a registry on loopback,
 * not on the engine, compose v2: the main step without cache-images (compose pulls), with a cache
 * hit (restored and loaded), and with an empty cache (looked up, pulled by the step); and the post
 * step's save. A loopback registry is the fastest pull there is: the hit's figure is its cost, not
 * the saving a remote registry would give. No goal: printed beside the table.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction } from '../__tests__/harness/runner.js';
import { startCacheService } from '../__tests__/support/cache-service.js';
import type { ComposeUnderTest } from '../__tests__/support/compose.js';
import { removeProject } from '../__tests__/support/docker.js';
import { startRegistry } from '../__tests__/support/registry.js';
import { composeLabel, ROUNDS, stageMs } from './common.js';
import type { Bench } from './common.js';
import { figure, median } from './stats.js';

/**
 * Push to the registry an image whose one layer nothing else on the engine shares (the test
 * image's files and a file of its own, through export and import): removing its tag removes its
 * layer, so a pull really transfers it, and a load really writes it. Resolves with its size.
 */
async function uniqueImage(image: string, tag: string, root: string): Promise<number> {
  const holder = spawnSync('docker', ['create', image], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(path.join(root, 'unique'), `${process.pid} ${Date.now()} ${Math.random()}`);
  spawnSync('docker', ['cp', path.join(root, 'unique'), `${holder}:/unique`]);
  const exported = spawn('docker', ['export', holder], { stdio: ['ignore', 'pipe', 'ignore'] });
  const imported = spawn('docker', ['import', '--change', 'CMD ["/usr/bin/node"]', '-', tag], { stdio: ['pipe', 'ignore', 'ignore'] });
  exported.stdout.pipe(imported.stdin);
  await new Promise((r) => imported.once('close', r));
  spawnSync('docker', ['rm', holder], { stdio: 'ignore' });
  spawnSync('docker', ['push', tag], { stdio: 'ignore' });
  return Number(spawnSync('docker', ['image', 'inspect', '--format', '{{.Size}}', tag], { encoding: 'utf8' }).stdout.trim());
}

interface CacheRun {
  main: number;
  post: number;
  images: number;
  hit: string | undefined;
}

/** One run of the action (main and post) on the image, without the image on the engine. */
async function once(
  c: ComposeUnderTest,
  dirs: { ws: string; runnerTemp: string },
  tag: string,
  cacheImages: boolean,
  env: Record<string, string>,
  round: number | string,
): Promise<CacheRun> {
  spawnSync('docker', ['rmi', '--force', tag], { stdio: 'ignore' });
  const project = `cos-bench-cache-${process.pid}-${round}-${cacheImages ? 'on' : 'off'}`;
  const run = await runAction({
    workspace: dirs.ws,
    inputs: { mode: 'docker', 'project-name': project, 'cache-images': String(cacheImages), 'auth-service': '' },
    env: { ...c.env, ...env, RUNNER_TEMP: dirs.runnerTemp },
  });
  try {
    if (run.main.outputs.mode !== 'docker') throw new Error(`action did not reach docker mode: ${run.main.outputs.reason}`);
    return {
      main: run.main.durationMs,
      post: run.post?.durationMs ?? NaN,
      images: cacheImages ? stageMs(run.main, 'images.cache') : NaN,
      hit: run.main.outputs['cache-hit'],
    };
  } finally {
    run.cleanup();
    await removeProject(project);
  }
}

type Series = Record<'pull' | 'teardownOnly' | 'hit' | 'hitImages' | 'miss' | 'missImages' | 'save', number[]>;

/** The rounds: a pull, a hit and a miss (an empty cache service), each round. */
async function rounds(c: ComposeUnderTest, dirs: { ws: string; runnerTemp: string }, tag: string): Promise<Series> {
  const s: Series = { pull: [], teardownOnly: [], hit: [], hitImages: [], miss: [], missImages: [], save: [] };
  const seeded = await startCacheService();
  try {
    const seed = await once(c, dirs, tag, true, seeded.env, 'seed');
    if (seeded.entries.filter((e) => e.finalized).length !== 1) throw new Error('the seeding run saved nothing');
    console.log(`seeded the cache: main ${Math.round(seed.main)} ms, post (teardown and save) ${Math.round(seed.post)} ms`);
    for (let i = 0; i < ROUNDS; i++) {
      const a = await once(c, dirs, tag, false, {}, i);
      const b = await once(c, dirs, tag, true, seeded.env, i);
      if (b.hit !== 'true') throw new Error(`expected a cache hit, got cache-hit ${b.hit}`);
      const empty = await startCacheService();
      const m = await once(c, dirs, tag, true, empty.env, i).finally(() => empty.close());
      [s.pull, s.teardownOnly, s.hit, s.hitImages, s.miss, s.missImages, s.save].forEach((xs, k) =>
        xs.push([a.main, a.post, b.main, b.images, m.main, m.images, m.post][k] as number),
      );
      console.log(
        `round ${i + 1}: pull ${Math.round(a.main)} ms; hit ${Math.round(b.main)} ms (images ${Math.round(b.images)} ms); miss ${Math.round(m.main)} ms (images ${Math.round(m.images)} ms), its post ${Math.round(m.post)} ms`,
      );
    }
  } finally {
    await seeded.close();
  }
  return s;
}

const signed = (x: number): string => `${x < 0 ? '−' : '+'}${Math.abs(Math.round(x))} ms`;

/** The case; resolves with its one line, printed after the table (it has no goal). */
export async function imageCache(bench: Bench): Promise<string | undefined> {
  const c = bench.composes.find((x) => x.name === 'v2');
  if (!c) return void console.log('\ncache-images: not benched (needs compose v2)');
  const registry = await startRegistry();
  if (!registry) return void console.log('\ncache-images: not benched (needs docker-registry)');
  const tag = `${registry.host}/cos/bench-node:v1`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bench-cache-'));
  const dirs = { ws: path.join(root, 'ws'), runnerTemp: path.join(root, 'runner-temp') };
  fs.mkdirSync(dirs.ws);
  fs.mkdirSync(dirs.runnerTemp);
  const command = '    command: ["/usr/bin/node", "-e", "setInterval(() => {}, 1e9)"]';
  fs.writeFileSync(path.join(dirs.ws, 'compose.yaml'), ['services:', '  web:', `    image: ${tag}`, command, ''].join('\n'));
  try {
    const mb = ((await uniqueImage(bench.image, tag, root)) / 1024 / 1024).toFixed(0);
    console.log(`\ncache-images on a ${mb} MB image in a loopback registry, ${ROUNDS} rounds, ${c.name}`);
    const s = await rounds(c, dirs, tag);
    console.log(`without cache-images (compose pulls): ${figure(s.pull)}`);
    console.log(`cache hit (restore and docker load): ${figure(s.hit)}; the images stage ${figure(s.hitImages)}`);
    console.log(`empty cache (lookup, the step pulls): ${figure(s.miss)}; the images stage ${figure(s.missImages)}`);
    console.log(`post step: teardown alone ${figure(s.teardownOnly)}; teardown and saving the pulled image ${figure(s.save)}`);
    const [hit, pull, miss] = [median(s.hit), median(s.pull), median(s.miss)];
    return `cache-images, ${mb} MB image, loopback registry, ${composeLabel(c)}: a hit / a pull ${(hit / pull).toFixed(2)} (${Math.round(hit)} / ${Math.round(pull)} ms); an empty cache / a pull ${(miss / pull).toFixed(2)} (${signed(miss - pull)}); saving in the post step ${signed(median(s.save) - median(s.teardownOnly))}`;
  } finally {
    spawnSync('docker', ['rmi', '--force', tag], { stdio: 'ignore' });
    await registry.remove();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
