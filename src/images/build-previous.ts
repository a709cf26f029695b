/**
 * Why a built service's key is not in the cache: no entry was ever saved for it (this service,
 * built from this place), or the newest one saved had another key, and what changed since (its
 * manifest, a small entry of its own, is restored and compared: src/images/build-change.ts).
 * Bounded as a lookup is: a slow cache leaves the change unnamed, never holds up the build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cache from './actions-cache.js';
import { LOOKUP_MS } from './actions-cache.js';
import { whatChanged } from './build-change.js';
import type { BuildKeys } from './build-key.js';
import type { BuildManifest } from './build-types.js';

/** One clause: why the key `keys.key` was not found, as the Images row says it. */
export async function whyNotInCache(folder: string, keys: BuildKeys, current: BuildManifest, signal: AbortSignal): Promise<string> {
  const file = path.join(folder, keys.manifestName);
  const deadline = performance.now() + LOOKUP_MS;
  const found = await cache.lookup(file, keys.manifestKey!, [keys.manifestPrefix], LOOKUP_MS);
  if (!found.ok) return 'not in the cache; whether an earlier key was saved is not known (the cache could not be asked)';
  if (found.value === undefined) return 'no entry: none was saved for this service yet';
  if (found.value === keys.manifestKey) return 'no entry (its manifest was saved, its image was not)';
  const previous = found.value;
  const restoring = cache.prepareRestore(file, [], signal);
  try {
    const got = await restoring.run(previous, Math.max(1000, deadline - performance.now()));
    if (!got.ok || got.value !== previous)
      return `the previous key (${previous}) differs; what changed is not known (its manifest could not be restored)`;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BuildManifest;
    if (manifest.version !== 1 || !Array.isArray(manifest.entries))
      return `the previous key (${previous}) differs; its manifest is of another version`;
    const change = whatChanged(manifest, current);
    // The image's key, which the manifest's mirrors: what the earlier row showed.
    return `${change ?? 'something the manifest does not record changed'} (since ${typeof manifest.key === 'string' ? manifest.key : previous})`;
  } catch (err) {
    return `the previous key (${previous}) differs; what changed is not known (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    restoring.cancel();
    fs.rmSync(file, { force: true });
  }
}
