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
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ComposePlan } from '../compose/plan.js';
import { daemonAnswered, platformOf, type DaemonAnswer } from '../docker/availability.js';
import type { Inputs } from '../inputs.js';
import * as cache from './actions-cache.js';
import { LOOKUP_MS } from './actions-cache.js';
import { imagesFolder } from './folder.js';
import { imageCacheKeys } from './cacheable.js';
import { imageFacts, loadImage, localImages } from './engine.js';
import { pullWithRetries } from './pull.js';
import { headDigest, isOutage, type DigestAnswer } from './registry.js';
import { stackImages, type StackImage, type StackImages } from './stack-images.js';
import { beginBuildStage } from './build-stage.js';
import { composeNames } from './build-restore.js';
import type { BaseDigest } from './build-types.js';
import { countTries, type ImageCacheOutcome, type ImageRecord, type ImageToSave } from './types.js';

/** A HEAD of a manifest: an answer in well under a second, or the registry is in trouble. */
const HEAD_MS = 5000;
/** Listing the engine's images. */
const LIST_MS = 15_000;

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

/** An image's first look: its registry's answer (none when pinned by digest), and whether the engine has it. */
type Look = { head: Promise<DigestAnswer> | undefined; local: Set<string> | { error: string }; present: boolean };

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

/** What the cache gave for one image: its record's state and facts, or why it gave none. */
type FromCache = { record?: Omit<ImageRecord, 'image' | 'written' | 'services' | 'via' | 'durationMs'>; why: string };

export interface ImageRestore {
  /** Every image of the confirmed plan settled (those the prediction missed are begun now). */
  finish(plan: ComposePlan): Promise<ImageCacheOutcome>;
  /** Docker is not usable: nothing more is begun, nothing is loaded. */
  stop(): void;
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
  const deadline = started + inputs.startupTimeoutMs;
  const remaining = (): number => Math.max(1000, deadline - performance.now());
  // A download gets at most half of what is left, so that a stalled one still leaves time to pull.
  const restoreBudget = (): number => Math.max(10_000, Math.floor((deadline - performance.now()) / 2));
  const stopped = new AbortController();
  const available = cache.cacheAvailable();
  const answered = daemon?.then((a) => (daemonAnswered(a) ? a : undefined)) ?? Promise.resolve(undefined);
  const platform = answered.then((a) => (a && platformOf(a)) || hostPlatform());
  const listing = answered.then((a) => (a ? localImages(env, LIST_MS) : { error: 'the daemon did not answer' }));
  const problems: string[] = [];
  const toSave: ImageToSave[] = [];
  const begun = new Map<string, Promise<ImageRecord>>();
  /** Each image's own stop: Docker is not usable, or the confirmed plan does not need it. */
  const stops = new Map<string, AbortController>();

  const { look, named, baseDigest } = imageLooks(listing, env);
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

  const settle = async (img: StackImage, signal: AbortSignal): Promise<ImageRecord> => {
    const t0 = performance.now();
    const row = { image: img.ref.canonical, written: img.written, services: img.services, via: img.via };
    const { head, local, present } = await look(img);
    if (present) return { ...row, state: 'present', detail: 'on the engine already: neither restored nor saved' };
    if (!head)
      return {
        ...row,
        state: 'missing',
        digest: img.ref.digest,
        detail: 'pinned by digest, which the cache cannot give back (docker load drops digests): compose pulls it',
      };
    const answer: DigestAnswer = await head;
    const digest = answer.ok ? answer.digest : undefined;
    const p = await platform;
    const took = (): number => performance.now() - t0;
    const fromCache = await restoreOne(img, p, answer, local, signal);
    if (fromCache.record) return { ...row, ...fromCache.record, durationMs: took() };
    // Not from the cache: pulled here (compose would pull it anyway), timed, and saved by the post step.
    const why = fromCache.why;
    if (inputs.pull === 'never') return { ...row, state: 'missing', digest, detail: `${why}; pull is never: not pulled` };
    if (signal.aborted) return { ...row, state: 'missing', digest, detail: `${why}; no longer needed` };
    // With retries, as the pull stage's: a registry's bad minute is when the cache had nothing.
    const pulled = await pullWithRetries(img.ref, env, { deadline, signal });
    const tries = countTries(pulled.tries);
    if (!pulled.ok)
      return {
        ...row,
        state: 'missing',
        digest,
        durationMs: took(),
        tries: pulled.tries,
        detail: `${why}; the pull failed (${tries}): ${pulled.said}`,
      };
    const facts = await imageFacts(img.ref, env, LIST_MS);
    const savedDigest = facts?.digest ?? digest;
    if (savedDigest && facts)
      toSave.push({
        image: img.ref.canonical,
        key: imageCacheKeys(img.ref.canonical, p, savedDigest).key,
        file: imageFile(p, img.ref.canonical),
        id: facts.id,
      });
    return {
      ...row,
      state: 'pulled',
      digest: savedDigest,
      sizeBytes: facts?.sizeBytes,
      durationMs: took(),
      tries: pulled.tries,
      detail: `${why}; pulled in ${Math.round(pulled.durationMs)} ms${pulled.tries > 1 ? ` on try ${pulled.tries} (the one before: ${pulled.said})` : ''}${savedDigest ? '; the post step saves it' : '; no digest to key it by: not saved'}`,
    };
  };

  /** The image from the cache, or why not. */
  const restoreOne = async (
    img: StackImage,
    p: string,
    answer: DigestAnswer,
    local: Set<string> | { error: string },
    signal: AbortSignal,
  ): Promise<FromCache> => {
    if ('error' in local) return { why: `the engine's images could not be listed (${local.error})` };
    const digest = answer.ok ? answer.digest : undefined;
    // Without the digest, the newest entry for the reference only when the registry is out of reach:
    // a registry that answers "denied" would let a moving tag go stale in the cache for ever.
    const outage = isOutage(answer);
    if (!answer.ok && !outage) return { why: `its registry gave no digest (${answer.kind}: ${answer.detail})` };
    if (!(await available)) return { why: 'this job has no Actions cache service (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set)' };
    const keys = imageCacheKeys(img.ref.canonical, p, digest);
    const restoreKeys = digest ? [] : keys.restoreKeys;
    const file = imageFile(p, img.ref.canonical);
    // Its process starts now and loads while the lookup runs; on a miss it is killed unused.
    const restoring = cache.prepareRestore(file, restoreKeys, signal);
    try {
      const found = await cache.lookup(file, keys.key, restoreKeys, digest ? LOOKUP_MS : restoreBudget());
      if (!found.ok) {
        problems.push(found.detail);
        return { why: `the cache could not be asked (${found.detail})` };
      }
      if (found.value === undefined)
        return {
          why: digest
            ? `not in the cache (digest ${digest})`
            : `not in the cache, and its registry is out of reach (${(answer as { detail: string }).detail})`,
        };
      if (signal.aborted) return { why: 'no longer needed' };
      const got = await restoring.run(keys.key, restoreBudget());
      if (signal.aborted) return { why: 'no longer needed' };
      if (!got.ok || got.value === undefined) {
        if (!got.ok) problems.push(got.detail);
        return { why: `the cache entry could not be restored (${got.ok ? 'the library restored nothing' : got.detail})` };
      }
      return await loadRestored(img, file, got.value, answer, signal);
    } finally {
      restoring.cancel();
      fs.rmSync(file, { force: true });
    }
  };

  /** The entry restored to `file` (matched by `key`), loaded into the engine. */
  const loadRestored = async (
    img: StackImage,
    file: string,
    key: string,
    answer: DigestAnswer,
    signal: AbortSignal,
  ): Promise<FromCache> => {
    const loaded = await loadImage(file, env, remaining(), signal);
    if (!loaded.ok) return { why: `docker load failed: ${loaded.detail}` };
    const facts = await imageFacts(img.ref, env, LIST_MS);
    if (!facts) return { why: `the cache entry ${key} did not hold ${img.ref.canonical}` };
    return {
      why: '',
      record: answer.ok
        ? { state: 'restored', digest: answer.digest, key, sizeBytes: facts.sizeBytes, detail: `restored (digest ${answer.digest})` }
        : {
            state: 'restored-older',
            key,
            sizeBytes: facts.sizeBytes,
            detail: `restored the newest entry saved for it, possibly an older image than the registry has: the registry could not be asked (${answer.detail})`,
          },
    };
  };

  const begin = (found: StackImages): void => {
    for (const img of found.images) {
      named.set(img.ref.canonical, img);
      if (begun.has(img.ref.canonical)) continue;
      const stop = new AbortController();
      stops.set(img.ref.canonical, stop);
      begun.set(
        img.ref.canonical,
        settle(img, AbortSignal.any([stopped.signal, stop.signal])).catch((err: unknown) => ({
          image: img.ref.canonical,
          written: img.written,
          services: img.services,
          via: img.via,
          state: 'missing' as const,
          detail: `the image cache failed: ${err instanceof Error ? err.message : String(err)}`,
        })),
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
