/**
 * The image cache's main-step half (`cache-images: true`): each image the stack pulls, as soon as
 * the files name it, alongside the daemon's answer and the plan:
 *
 *   on the engine already → nothing (neither restored nor saved)
 *   else its digest from the registry (a HEAD, not a pull) → the cache entry of that digest,
 *        downloaded and `docker load`ed;
 *   the registry cannot be asked (outage, rate limit) → the newest entry saved for the reference;
 *   not in the cache → pulled here, with retries (images/pull.ts; timed, sized, its tries
 *        counted), and saved by the post step.
 *
 * `up` starts once every image is settled. A cache service in trouble costs seconds (every call
 * is bounded) and a warning, never the step.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ComposePlan } from '../compose/plan-types.js';
import { daemonAnswered, platformOf, type DaemonAnswer } from '../docker/availability.js';
import type { Inputs } from '../inputs.js';
import * as cache from './actions-cache.js';
import { imagesFolder } from './folder.js';
import { imageFacts, localImages } from './engine.js';
import { headDigest, isOutage } from './registry.js';
import { stackImages, type StackImage, type StackImages } from './stack-images.js';
import { beginBuildStage } from './build-stage.js';
import { LIST_MS, settleImage, type Look, type RestoreContext } from './restore-image.js';
import { composeNames } from './build-restore.js';
import type { BaseDigest } from './build-types.js';
import type { ImageCacheOutcome, ImageRecord } from './types.js';

/** A HEAD of a manifest: an answer in well under a second, or the registry is in trouble. */
const HEAD_MS = 5000;

/**
 * The tar file one image goes through. Its name is the same on every runner: it is the one path
 * the cache is given, and the cache's version hashes it (src/images/actions-cache.ts).
 */
export function imageFile(platform: string, canonical: string): string {
  const name = createHash('sha256').update(`${platform} ${canonical}`).digest('hex').slice(0, 24);
  return path.join(imagesFolder(), `${name}.tar`);
}

/** Node's platform as the engine names it: the key's platform when the daemon did not say. */
function hostPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };
  return `${process.platform === 'win32' ? 'windows' : process.platform}/${arch[process.arch] ?? process.arch}`;
}

/** cache-hit from the records. Pure. */
export function cacheHitOf(records: ImageRecord[]): ImageCacheOutcome['cacheHit'] {
  // A built image with a build key was looked for in the cache; one built every run was not.
  const lacked = records.filter(
    (r) => ['restored', 'restored-older', 'pulled', 'missing'].includes(r.state) || (r.state === 'built' && r.key),
  );
  const restored = lacked.filter((r) => r.state === 'restored' || r.state === 'restored-older').length;
  if (restored === lacked.length) return 'true';
  return restored > 0 ? 'partial' : 'false';
}

/**
 * A base image's digest for a build key: the engine's image when it has one (the build starts from
 * it: the digest it was pulled by), else what its registry says now. An image the cache loaded
 * has no such digest: its registry's answer stands for it (a built image keyed so and built on an
 * older one holds only its own layers, which load on no engine without that older one), else its id.
 */
async function baseDigestOf(img: StackImage, seen: Look, env: NodeJS.ProcessEnv): Promise<BaseDigest> {
  if (seen.present) {
    const facts = await imageFacts(img.ref, env, LIST_MS);
    if (!facts) return { ok: false, outage: false, why: 'the engine could not say what it is' };
    if (facts.digest) return { ok: true, digest: facts.digest };
    const asked = seen.head ? await seen.head : undefined;
    return { ok: true, digest: asked?.ok ? asked.digest : facts.id };
  }
  if (!seen.head) return { ok: true, digest: img.ref.digest! };
  const answer = await seen.head;
  return answer.ok ? { ok: true, digest: answer.digest } : { ok: false, outage: isOutage(answer), why: `${answer.kind}: ${answer.detail}` };
}

/**
 * Each image's first look, asked once: its registry's answer (at once: it needs no daemon) and
 * whether the engine has it; and, for a build's key, a base image's digest from that look.
 */
function imageLooks(
  listing: Promise<Set<string> | { error: string }>,
  env: NodeJS.ProcessEnv,
): { look(img: StackImage): Promise<Look>; named: Map<string, StackImage>; baseDigest(canonical: string): Promise<BaseDigest> } {
  const looks = new Map<string, Promise<Look>>();
  /** The images named so far, by canonical reference: a build's base images among them. */
  const named = new Map<string, StackImage>();
  const look = (img: StackImage): Promise<Look> => {
    let known = looks.get(img.ref.canonical);
    if (!known) {
      const head = img.ref.digest ? undefined : headDigest(img.ref, { timeoutMs: HEAD_MS });
      known = listing.then((local) => ({ head, local, present: !('error' in local) && local.has(img.ref.canonical) }));
      looks.set(img.ref.canonical, known);
    }
    return known;
  };
  const digests = new Map<string, Promise<BaseDigest>>();
  const baseDigest = (canonical: string): Promise<BaseDigest> => {
    const img = named.get(canonical);
    if (!img) return Promise.resolve({ ok: false, outage: false, why: 'not among the images asked' });
    // Once per image: services built from one base ask the engine about it once.
    if (!digests.has(canonical))
      digests.set(
        canonical,
        look(img).then((seen) => baseDigestOf(img, seen, env)),
      );
    return digests.get(canonical)!;
  };
  return { look, named, baseDigest };
}

/** Why every built image is built this run, when the inputs say so. Pure. */
function askedToBuild(inputs: Inputs): string | undefined {
  if (inputs.build) return 'the input asks (build: true)';
  return inputs.upFlags.includes('--build') ? 'the input asks (up-flags: --build)' : undefined;
}

export interface ImageRestore {
  /** Every image of the confirmed plan settled (those the prediction missed are begun now). */
  finish(plan: ComposePlan): Promise<ImageCacheOutcome>;
  /** Docker is not usable: nothing more is begun, nothing is loaded. */
  stop(): void;
}

/** An image whose settling threw: missing, and why. */
function failedRecord(img: StackImage, err: unknown): ImageRecord {
  const detail = `the image cache failed: ${err instanceof Error ? err.message : String(err)}`;
  return { image: img.ref.canonical, written: img.written, services: img.services, via: img.via, state: 'missing', detail };
}

/** What every image's restore shares, begun at once: the cache's availability, the platform, the engine's images, each image's look. */
function restoreContextOf(inputs: Inputs, env: NodeJS.ProcessEnv, daemon: Promise<DaemonAnswer> | undefined, started: number) {
  const deadline = started + inputs.startupTimeoutMs;
  const answered = daemon?.then((a) => (daemonAnswered(a) ? a : undefined)) ?? Promise.resolve(undefined);
  const listing = answered.then((a) => (a ? localImages(env, LIST_MS) : { error: 'the daemon did not answer' }));
  const { look, named, baseDigest } = imageLooks(listing, env);
  const ctx: RestoreContext = {
    inputs,
    env,
    deadline,
    remaining: () => Math.max(1000, deadline - performance.now()),
    // A download gets at most half of what is left, so that a stalled one still leaves time to pull.
    restoreBudget: () => Math.max(10_000, Math.floor((deadline - performance.now()) / 2)),
    available: cache.cacheAvailable(),
    platform: answered.then((a) => (a && platformOf(a)) || hostPlatform()),
    look,
    fileOf: imageFile,
    problems: [],
    toSave: [],
  };
  return { ctx, listing, named, baseDigest };
}

/**
 * Begin at once, on the images of the plan the files predict (when they predict one): the
 * registries, the cache and the engine's list are asked alongside the daemon's answer.
 */
export function beginImageRestore(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  daemon: Promise<DaemonAnswer> | undefined,
  predicted: ComposePlan | undefined,
): ImageRestore {
  const started = performance.now();
  const stopped = new AbortController();
  const { ctx, listing, named, baseDigest } = restoreContextOf(inputs, env, daemon, started);
  const { platform, available, restoreBudget, remaining, problems, toSave } = ctx;
  const begun = new Map<string, Promise<ImageRecord>>();
  /** Each image's own stop: Docker is not usable, or the confirmed plan does not need it. */
  const stops = new Map<string, AbortController>();
  const naming: { projectName: string; major: number | undefined } = { projectName: predicted?.projectName ?? '', major: undefined };
  const builds = beginBuildStage(
    {
      env,
      asked: askedToBuild(inputs),
      platform,
      listing,
      available,
      baseDigest,
      // A built image's entry holds only its own layers: loaded once its base images are on the engine.
      baseSettled: (canonical) => begun.get(canonical)?.then(() => undefined) ?? Promise.resolve(),
      restoreBudget,
      remaining,
      problems,
    },
    (src) => composeNames(src, naming.projectName, naming.major),
    stopped.signal,
  );

  const begin = (found: StackImages): void => {
    for (const img of found.images) {
      named.set(img.ref.canonical, img);
      if (begun.has(img.ref.canonical)) continue;
      const stop = new AbortController();
      stops.set(img.ref.canonical, stop);
      begun.set(
        img.ref.canonical,
        settleImage(ctx, img, AbortSignal.any([stopped.signal, stop.signal])).catch((err: unknown) => failedRecord(img, err)),
      );
    }
    builds.begin(found.builds);
  };
  if (predicted) begin(stackImages(predicted.model, predicted.services, predicted.projectDirectory));

  return {
    async finish(plan) {
      naming.projectName = plan.projectName;
      naming.major = plan.compose.version?.major;
      const found = stackImages(plan.model, plan.services, plan.projectDirectory);
      begin(found);
      const wanted = new Set(found.images.map((i) => i.ref.canonical));
      // Images of the prediction that the confirmed plan does not start: their pulls are stopped.
      for (const [image, stop] of stops) if (!wanted.has(image)) stop.abort();
      const built = builds.finish(found, plan);
      const records = (await Promise.all([...begun.entries()].filter(([k]) => wanted.has(k)).map(([, p]) => p))) as ImageRecord[];
      const ownImages = await built;
      records.push(...ownImages.records);
      for (const s of found.skipped)
        records.push({ image: s.what, written: s.what, services: [s.service], via: 'build', state: 'skipped', detail: s.why });
      return {
        records,
        cacheHit: cacheHitOf(records),
        problems: [...new Set(problems)],
        toSave: toSave.filter((s) => wanted.has(s.image)),
        builtToSave: ownImages.toSave,
        platform: await platform,
        durationMs: performance.now() - started,
      };
    },
    stop() {
      stopped.abort();
    },
  };
}
