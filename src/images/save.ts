/**
 * The image cache's post-step half: each image the main step pulled (not those restored or
 * already there) is saved as one cache entry, keyed by platform, reference and the digest it was
 * pulled by. A lookup comes first, so parallel jobs that pulled the same image do not race for
 * one key. Never fails the job: a cache in trouble is a warning.
 */
import * as fs from 'node:fs';
import * as runner from '../runner.js';
import { formatSize } from '../report/format.js';
import type { ImageCacheState } from '../state.js';
import * as cache from './actions-cache.js';
import { LOOKUP_MS } from './actions-cache.js';
import { imageFacts, saveImage } from './engine.js';
import { parseReference } from './reference.js';
import { outsideLine } from '../report/outside.js';
import * as log from '../log.js';

/** `docker save` of one image. */
export const SAVE_IMAGE_MS = 5 * 60_000;
/** Uploading one image's entry: a stalled upload must not hold the job for long. */
export const UPLOAD_MS = 5 * 60_000;

export interface SavedImage {
  image: string;
  /** unasked: the cache service could not be asked (the images after it are not tried). */
  outcome: 'saved' | 'in-cache' | 'gone' | 'failed' | 'unasked';
  detail: string;
}

export async function saveImages(state: ImageCacheState, env: NodeJS.ProcessEnv): Promise<SavedImage[]> {
  if (state.images.length === 0) return [];
  if (!(await cache.cacheAvailable())) {
    log.info(`Image cache: ${state.images.length} pulled image(s) not saved: this job has no Actions cache service.`);
    return [];
  }
  return runner.group(`Image cache: saving ${state.images.length} pulled image(s)`, async () => {
    // One at a time: each holds its tar and the library's compressed copy on the runner's disk.
    const results: SavedImage[] = [];
    for (const img of state.images) {
      const r = await saveOne(img, env);
      results.push(r);
      const line = `${outsideLine(r.image, 500)}: ${outsideLine(r.detail)}`;
      if (r.outcome === 'failed' || r.outcome === 'unasked') log.warning(line, { title: 'Image cache' });
      else log.info(line);
      // The service is in trouble: the next images would only wait for the same answer.
      if (r.outcome === 'unasked') break;
    }
    return results;
  });
}

async function saveOne(img: ImageCacheState['images'][number], env: NodeJS.ProcessEnv): Promise<SavedImage> {
  const ref = parseReference(img.image);
  if ('error' in ref) return { image: img.image, outcome: 'failed', detail: `not saved: ${ref.error}` };
  const found = await cache.lookup(img.file, img.key, [], LOOKUP_MS);
  if (!found.ok) return { image: img.image, outcome: 'unasked', detail: `not saved: the cache could not be asked (${found.detail})` };
  if (found.value === img.key)
    return { image: img.image, outcome: 'in-cache', detail: `already in the cache (${img.key}): not saved again` };
  const facts = await imageFacts(ref, env, 30_000);
  if (!facts) return { image: img.image, outcome: 'gone', detail: 'no longer on the engine: not saved' };
  // A later step of the job may have built, retagged or pulled another image under this name.
  if (img.id && facts.id !== img.id)
    return { image: img.image, outcome: 'gone', detail: `now names another image than the one pulled (${facts.id}): not saved` };
  // Its process starts now (the folder with it) and loads while `docker save` writes the file.
  const saving = cache.prepareSave(img.file);
  try {
    const t0 = performance.now();
    const written = await saveImage(ref, img.file, env, SAVE_IMAGE_MS);
    if (!written.ok) return { image: img.image, outcome: 'failed', detail: `not saved: ${written.detail}` };
    const size = fs.statSync(img.file).size;
    const saved = await saving.run(img.key, UPLOAD_MS);
    if (!saved.ok) return { image: img.image, outcome: 'failed', detail: `not saved: ${saved.detail}` };
    if (saved.value === -1)
      return { image: img.image, outcome: 'in-cache', detail: `not saved: another job is saving ${img.key} (the cache said so)` };
    return {
      image: img.image,
      outcome: 'saved',
      detail: `saved as ${img.key} (${formatSize(size)} before compression) in ${Math.round(performance.now() - t0)} ms`,
    };
  } finally {
    saving.cancel();
    fs.rmSync(img.file, { force: true });
  }
}
