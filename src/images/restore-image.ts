/**
 * One pulled image of the stack through the cache (src/images/restore.ts begins them all): on the
 * engine already, else the cache entry of its registry's digest restored and loaded, else pulled
 * here with retries and saved by the post step. Each step says why it did not get further.
 */
import * as fs from 'node:fs';
import type { Inputs } from '../inputs.js';
import * as cache from './actions-cache.js';
import { LOOKUP_MS } from './actions-cache.js';
import { imageCacheKeys } from './cacheable.js';
import { imageFacts, loadImage } from './engine.js';
import { pullWithRetries } from './pull.js';
import { isOutage, type DigestAnswer } from './registry.js';
import type { StackImage } from './stack-images.js';
import { countTries, type ImageRecord, type ImageToSave } from './types.js';

/** Listing or inspecting the engine's images. */
export const LIST_MS = 15_000;

/** An image's first look: its registry's answer (none when pinned by digest), and whether the engine has it. */
export type Look = { head: Promise<DigestAnswer> | undefined; local: Set<string> | { error: string }; present: boolean };

/** What every image's restore shares: the inputs and their bounds, what the engine and the cache said, where findings go. */
export interface RestoreContext {
  inputs: Inputs;
  env: NodeJS.ProcessEnv;
  /** startup-timeout's end (performance.now() time). */
  deadline: number;
  /** What is left of it (at least a second). */
  remaining: () => number;
  /** What one download may take: half of what is left, so that a stalled one still leaves time to pull. */
  restoreBudget: () => number;
  available: Promise<boolean>;
  platform: Promise<string>;
  look: (img: StackImage) => Promise<Look>;
  /** The tar file one image goes through (see imageFile). */
  fileOf: (platform: string, canonical: string) => string;
  /** The cache's troubles, said once in a warning. */
  problems: string[];
  /** What the post step saves. */
  toSave: ImageToSave[];
}

/** What the cache gave for one image: its record's state and facts, or why it gave none. */
type FromCache = { record?: Omit<ImageRecord, 'image' | 'written' | 'services' | 'via' | 'durationMs'>; why: string };

type Row = Pick<ImageRecord, 'image' | 'written' | 'services' | 'via'>;

/** One image, settled: present, restored, pulled, or missing and why. */
export async function settleImage(ctx: RestoreContext, img: StackImage, signal: AbortSignal): Promise<ImageRecord> {
  const t0 = performance.now();
  const row: Row = { image: img.ref.canonical, written: img.written, services: img.services, via: img.via };
  const { head, local, present } = await ctx.look(img);
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
  const p = await ctx.platform;
  const fromCache = await restoreFromCache(ctx, img, p, answer, local, signal);
  if (fromCache.record) return { ...row, ...fromCache.record, durationMs: performance.now() - t0 };
  // Not from the cache: pulled here (compose would pull it anyway), timed, and saved by the post step.
  const why = fromCache.why;
  if (ctx.inputs.pull === 'never') return { ...row, state: 'missing', digest, detail: `${why}; pull is never: not pulled` };
  if (signal.aborted) return { ...row, state: 'missing', digest, detail: `${why}; no longer needed` };
  return pullHere(ctx, img, row, { why, digest, platform: p, t0 }, signal);
}

/** Pulled here, with retries as the pull stage's (a registry's bad minute is when the cache had nothing); kept for the post step to save. */
async function pullHere(
  ctx: RestoreContext,
  img: StackImage,
  row: Row,
  o: { why: string; digest: string | undefined; platform: string; t0: number },
  signal: AbortSignal,
): Promise<ImageRecord> {
  const { why, digest } = o;
  const pulled = await pullWithRetries(img.ref, ctx.env, { deadline: ctx.deadline, signal });
  const took = (): number => performance.now() - o.t0;
  if (!pulled.ok)
    return {
      ...row,
      state: 'missing',
      digest,
      durationMs: took(),
      tries: pulled.tries,
      detail: `${why}; the pull failed (${countTries(pulled.tries)}): ${pulled.said}`,
    };
  const facts = await imageFacts(img.ref, ctx.env, LIST_MS);
  const savedDigest = facts?.digest ?? digest;
  if (savedDigest && facts)
    ctx.toSave.push({
      image: img.ref.canonical,
      key: imageCacheKeys(img.ref.canonical, o.platform, savedDigest).key,
      file: ctx.fileOf(o.platform, img.ref.canonical),
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
}

/** Why the cache is not even asked for this image, or undefined when it is. */
function notAsked(answer: DigestAnswer, local: Set<string> | { error: string }): string | undefined {
  if ('error' in local) return `the engine's images could not be listed (${local.error})`;
  // Without the digest, the newest entry for the reference only when the registry is out of reach:
  // a registry that answers "denied" would let a moving tag go stale in the cache for ever.
  if (!answer.ok && !isOutage(answer)) return `its registry gave no digest (${answer.kind}: ${answer.detail})`;
  return undefined;
}

/** The image from the cache, or why not. */
async function restoreFromCache(
  ctx: RestoreContext,
  img: StackImage,
  p: string,
  answer: DigestAnswer,
  local: Set<string> | { error: string },
  signal: AbortSignal,
): Promise<FromCache> {
  const skip = notAsked(answer, local);
  if (skip) return { why: skip };
  if (!(await ctx.available)) return { why: 'this job has no Actions cache service (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set)' };
  const digest = answer.ok ? answer.digest : undefined;
  const keys = imageCacheKeys(img.ref.canonical, p, digest);
  const restoreKeys = digest ? [] : keys.restoreKeys;
  const file = ctx.fileOf(p, img.ref.canonical);
  // Its process starts now and loads while the lookup runs; on a miss it is killed unused.
  const restoring = cache.prepareRestore(file, restoreKeys, signal);
  try {
    const found = await cache.lookup(file, keys.key, restoreKeys, digest ? LOOKUP_MS : ctx.restoreBudget());
    if (!found.ok) {
      ctx.problems.push(found.detail);
      return { why: `the cache could not be asked (${found.detail})` };
    }
    if (found.value === undefined)
      return {
        why: digest
          ? `not in the cache (digest ${digest})`
          : `not in the cache, and its registry is out of reach (${(answer as { detail: string }).detail})`,
      };
    if (signal.aborted) return { why: 'no longer needed' };
    const got = await restoring.run(keys.key, ctx.restoreBudget());
    if (signal.aborted) return { why: 'no longer needed' };
    if (!got.ok || got.value === undefined) {
      if (!got.ok) ctx.problems.push(got.detail);
      return { why: `the cache entry could not be restored (${got.ok ? 'the library restored nothing' : got.detail})` };
    }
    return await loadRestored(ctx, img, file, got.value, answer, signal);
  } finally {
    restoring.cancel();
    fs.rmSync(file, { force: true });
  }
}

/** The entry restored to `file` (matched by `key`), loaded into the engine. */
async function loadRestored(
  ctx: RestoreContext,
  img: StackImage,
  file: string,
  key: string,
  answer: DigestAnswer,
  signal: AbortSignal,
): Promise<FromCache> {
  const loaded = await loadImage(file, ctx.env, ctx.remaining(), signal);
  if (!loaded.ok) return { why: `docker load failed: ${loaded.detail}` };
  const facts = await imageFacts(img.ref, ctx.env, LIST_MS);
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
}
