/**
 * The image cache's main-step half for a service compose builds (issue 28), begun alongside the
 * pulls and the daemon's answer:
 *
 *   built every run (`build: true`, `up-flags: --build`, `pull_policy: build`) → nothing to do;
 *   its image on the engine already → compose does not build it: nothing to do;
 *   else its build key (src/images/build-key.ts: the context hashed as a stream, its base images'
 *        digests as the image cache asked them) → its entry restored and `docker load`ed, to be
 *        tagged as compose names it (so `up` finds it and does not build);
 *   a base image's registry out of reach → the newest entry of the same context;
 *   not in the cache → compose builds it, and the post step saves it under the key (why it was
 *        not there is said: no entry yet, or what changed since the previous key).
 *
 * Bounded as the image cache's pulls are: a slow or broken cache costs a build, never the stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cache from './actions-cache.js';
import { LOOKUP_MS } from './actions-cache.js';
import { buildKeys, buildManifest, entryNameOf, type BuildKeys } from './build-key.js';
import { whyNotInCache } from './build-previous.js';
import type { BaseDigest, BuildOrigin, BuildSource, BuiltImageToSave, ContextDigest } from './build-types.js';
import { hashContext, ignoreFileFor } from './context-hash.js';
import { imageIdOf, loadImage } from './engine.js';
import { imagesFolder } from './folder.js';
import { parseReference } from './reference.js';

/** Listing an image's id. */
const INSPECT_MS = 15_000;

export interface BuildSettleDeps {
  env: NodeJS.ProcessEnv;
  /** Why every image is built this run (the inputs ask), or undefined. */
  asked: string | undefined;
  platform: Promise<string>;
  listing: Promise<Set<string> | { error: string }>;
  available: Promise<boolean>;
  /** The digest of a base image (canonical), as the image cache found it. */
  baseDigest(canonical: string): Promise<BaseDigest>;
  /** Settles once the image cache is done with a base image (on the engine, or not to be had). */
  baseSettled(canonical: string): Promise<void>;
  /** A download's bound (half of what is left of startup-timeout), and what is left. */
  restoreBudget(): number;
  remaining(): number;
  /** The cache service's trouble, for the one warning. */
  problems: string[];
}

/** What became of one built service before `up`; its row is made once compose's name for it is known. */
export interface BuildVerdict {
  service: string;
  /** restored(-older): loaded, to be tagged; present: the engine has its image; build: compose builds it. */
  outcome: 'restored' | 'restored-older' | 'present' | 'build';
  /** The image loaded (restored). */
  id?: string;
  /** Its build key: restored from, or (built) saved under by the post step. */
  key?: string;
  /** Built: what the post step needs to save it (the image's name and id come later). */
  toSave?: Omit<BuiltImageToSave, 'image' | 'id'>;
  sizeBytes?: number;
  detail: string;
  durationMs: number;
}

/** The service's build key and what it covered, or why it has none. */
type Keyed = { keys: BuildKeys; context: ContextDigest; bases: Record<string, string> | undefined; outage?: string } | { why: string };

/** Hash the context and ask the base images' digests, at once; bounded by `ms`. */
async function keyFor(src: BuildSource, deps: BuildSettleDeps, signal: AbortSignal, ms: number): Promise<Keyed> {
  const bound = AbortSignal.any([signal, AbortSignal.timeout(ms)]);
  const hashing = hashContext(src.context!, ignoreFileFor(src.context!, src.dockerfile), bound).catch((err: unknown) => ({
    error:
      bound.aborted && !signal.aborted ? `not hashed within ${Math.round(ms / 1000)} s` : err instanceof Error ? err.message : String(err),
  }));
  const [context, digests, platform] = await Promise.all([hashing, Promise.all(src.bases.map((b) => deps.baseDigest(b))), deps.platform]);
  if ('error' in context) return { why: `its build context could not be hashed (${context.error})` };
  const bases: Record<string, string> = {};
  let outage: string | undefined;
  for (const [i, d] of digests.entries()) {
    const base = src.bases[i]!;
    if (d.ok) bases[base] = d.digest;
    else if (!d.outage) return { why: `base image ${base} has no digest to key it by (${d.why})` };
    else outage ??= `base image ${base}: ${d.why}`;
  }
  return {
    keys: buildKeys(platform, src, context, outage ? undefined : bases),
    context,
    bases: outage ? undefined : bases,
    ...(outage ? { outage } : {}),
  };
}

/** `saved by run 8812734 (attempt 1, refs/heads/main) at 2025-…`: where a restored entry came from. */
export const savedBy = (o: BuildOrigin): string =>
  `saved by run ${o.runId || '?'} (attempt ${o.runAttempt || '?'}${o.ref ? `, ${o.ref}` : ''}) at ${o.savedAt}`;

/** The entry of `keys` restored and loaded; or why not (`miss`: the cache has none). */
async function restoreBuilt(
  src: BuildSource,
  keys: BuildKeys,
  restoring: cache.Prepared<string | undefined>,
  deps: BuildSettleDeps,
  signal: AbortSignal,
): Promise<{ id: string; sizeBytes: number; key: string; origin: BuildOrigin } | { why: string; miss: boolean }> {
  const folder = path.join(imagesFolder(), keys.entryName);
  const restoreKeys = keys.key ? [] : keys.restoreKeys;
  const primary = keys.key ?? keys.restoreKeys[0]!;
  try {
    const found = await cache.lookup(folder, primary, restoreKeys, keys.key ? LOOKUP_MS : deps.restoreBudget());
    if (!found.ok) {
      deps.problems.push(found.detail);
      return { why: `the cache could not be asked (${found.detail})`, miss: false };
    }
    if (found.value === undefined) return { why: 'not in the cache', miss: true };
    const got = await restoring.run(primary, deps.restoreBudget(), restoreKeys);
    if (signal.aborted) return { why: 'no longer needed', miss: false };
    if (!got.ok || got.value === undefined) {
      if (!got.ok) deps.problems.push(got.detail);
      return { why: `its entry could not be restored (${got.ok ? 'the library restored nothing' : got.detail})`, miss: false };
    }
    const origin = JSON.parse(fs.readFileSync(path.join(folder, 'build.json'), 'utf8')) as BuildOrigin;
    // Its entry holds its own layers only: the engine must have its base images' first.
    await Promise.all(src.bases.map((b) => deps.baseSettled(b)));
    if (signal.aborted) return { why: 'no longer needed', miss: false };
    const loaded = await loadImage(path.join(folder, 'image.tar'), deps.env, deps.remaining(), signal);
    if (!loaded.ok) return { why: `docker load failed (are its base images on the engine?): ${loaded.detail}`, miss: false };
    const facts = await imageIdOf(origin.id, deps.env, INSPECT_MS);
    if (!facts) return { why: `its entry ${got.value} did not hold the image it names (${origin.id})`, miss: false };
    return { id: facts.id, sizeBytes: facts.sizeBytes, key: got.value, origin };
  } catch (err) {
    return { why: `its entry could not be read (${err instanceof Error ? err.message : String(err)})`, miss: false };
  } finally {
    restoring.cancel();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Built every run, or no key: compose builds it, and nothing is saved. */
function unkeyed(src: BuildSource, deps: BuildSettleDeps): string | undefined {
  if (src.pullPolicy === 'build') return 'built every run: the compose file asks (pull_policy: build)';
  if (deps.asked) return `built every run: ${deps.asked}`;
  if (src.unkeyed) return `built by compose: no build key (${src.unkeyed})`;
  return undefined;
}

/** Settle one built service; never rejects (a failure is a build). */
export async function settleBuild(
  src: BuildSource,
  deps: BuildSettleDeps,
  /** The names compose may give its image (canonical): one when the file names it. */
  names: () => string[],
  signal: AbortSignal,
): Promise<BuildVerdict> {
  const t0 = performance.now();
  const verdict = (v: Omit<BuildVerdict, 'service' | 'durationMs'>): BuildVerdict => ({
    service: src.service,
    ...v,
    durationMs: performance.now() - t0,
  });
  const build = (detail: string): BuildVerdict => verdict({ outcome: 'build', detail });
  try {
    const asked = unkeyed(src, deps);
    if (asked) return build(asked);
    const local = await deps.listing;
    if ('error' in local) return build(`built by compose: the engine's images could not be listed (${local.error})`);
    if (names().some((n) => local.has(n)))
      return verdict({ outcome: 'present', detail: 'on the engine already: compose does not build it; neither restored nor saved' });
    if (!(await deps.available))
      return build('built by compose: this job has no Actions cache service (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set)');
    // Its restore's process starts now, and loads while the context is hashed and the key looked up.
    const entry = path.join(imagesFolder(), entryNameOf(await deps.platform, src));
    const restoring = cache.prepareRestore(entry, [], signal);
    const keyed = await keyFor(src, deps, signal, deps.restoreBudget()).catch((err: unknown) => {
      restoring.cancel();
      throw err;
    });
    if ('why' in keyed) {
      restoring.cancel();
      return build(`built by compose: ${keyed.why}`);
    }
    const got = await restoreBuilt(src, keyed.keys, restoring, deps, signal);
    if ('id' in got) {
      const older = keyed.outage ? `the newest entry of the same context (${keyed.outage}), ` : '';
      return verdict({
        outcome: keyed.outage ? 'restored-older' : 'restored',
        id: got.id,
        key: got.key,
        sizeBytes: got.sizeBytes,
        detail: `restored by its build key: ${older}${savedBy(got.origin)}`,
      });
    }
    if (!keyed.keys.key || !keyed.bases)
      return build(`built by compose: ${got.why}, and with ${keyed.outage} it has no key to be saved under`);
    return await missed(src, { keys: keyed.keys, context: keyed.context, bases: keyed.bases }, got, signal, verdict);
  } catch (err) {
    return build(`built by compose: the image cache failed (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Not restored: why (what changed, when it was a miss), and the manifest written for the post step. */
async function missed(
  src: BuildSource,
  keyed: { keys: BuildKeys; context: ContextDigest; bases: Record<string, string> },
  got: { why: string; miss: boolean },
  signal: AbortSignal,
  verdict: (v: Omit<BuildVerdict, 'service' | 'durationMs'>) => BuildVerdict,
): Promise<BuildVerdict> {
  const { keys } = keyed;
  const key = keys.key!;
  const manifest = buildManifest(key, src, keyed.context, keyed.bases);
  const folder = imagesFolder();
  const why = got.miss ? await whyNotInCache(folder, keys, manifest, signal) : got.why;
  if (signal.aborted) return verdict({ outcome: 'build', detail: 'built by compose: no longer needed' });
  fs.mkdirSync(folder, { recursive: true });
  const manifestFile = path.join(folder, keys.manifestName);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return verdict({
    outcome: 'build',
    key,
    toSave: {
      service: src.service,
      key,
      manifestKey: keys.manifestKey!,
      folder: path.join(folder, keys.entryName),
      manifest: manifestFile,
      bases: src.bases,
    },
    detail: `built by compose: ${why}; the post step saves it under its build key`,
  });
}

/** The canonical names compose may give a built service's image: its `image:`, else project and service (v2 `-`, v1 `_`). */
export function composeNames(src: BuildSource, projectName: string, major: number | undefined): string[] {
  const written = src.image
    ? [src.image]
    : major === undefined
      ? [`${projectName}-${src.service}`, `${projectName}_${src.service}`]
      : [`${projectName}${major === 1 ? '_' : '-'}${src.service}`];
  return written.map((w) => parseReference(w)).flatMap((r) => ('error' in r ? [] : [r.canonical]));
}
