/**
 * The image cache's post-step half for built images (issue 28): each image `up` built is saved
 * under its build key, one entry per image (a folder: `image.tar`, saved by id, and `build.json`,
 * which run saved it), then the small entry of what its key covered (the manifest the main step
 * wrote), so that a later run can name what changed. A lookup comes first (parallel jobs), and an
 * image is saved only if its name still names what was built (a later step may have rebuilt or
 * retagged it). Never fails the job: a cache in trouble is a warning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as runner from '../runner.js';
import { formatSize } from '../report/format.js';
import { outsideLine } from '../report/outside.js';
import * as log from '../log.js';
import * as cache from './actions-cache.js';
import { LOOKUP_MS } from './actions-cache.js';
import type { BuildOrigin, BuiltImageToSave } from './build-types.js';
import { imageIdOf, saveImage } from './engine.js';
import { dropBaseLayers } from './own-layers.js';
import { SAVE_IMAGE_MS, UPLOAD_MS, type SavedImage } from './save.js';

/** Its manifest's entry: small, so a short bound. */
const MANIFEST_UPLOAD_MS = 60_000;

/** Which run this is, for `build.json`: a later run's row says where its image came from. */
function origin(img: BuiltImageToSave, env: NodeJS.ProcessEnv): BuildOrigin {
  return {
    key: img.key,
    service: img.service,
    id: img.id,
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
    ref: env.GITHUB_REF ?? '',
    savedAt: new Date().toISOString(),
  };
}

export async function saveBuiltImages(images: BuiltImageToSave[], env: NodeJS.ProcessEnv): Promise<SavedImage[]> {
  if (images.length === 0) return [];
  if (!(await cache.cacheAvailable())) {
    log.info(`Image cache: ${images.length} built image(s) not saved: this job has no Actions cache service.`);
    return [];
  }
  return runner.group(`Image cache: saving ${images.length} built image(s) under their build keys`, async () => {
    // One at a time: each holds its tar and the library's compressed copy on the runner's disk.
    const results: SavedImage[] = [];
    for (const img of images) {
      const r = await saveOne(img, env);
      results.push(r);
      const line = `${outsideLine(r.image, 500)} (${outsideLine(img.service, 200)}): ${outsideLine(r.detail)}`;
      if (r.outcome === 'failed' || r.outcome === 'unasked') log.warning(line, { title: 'Image cache' });
      else log.info(line);
      if (r.outcome === 'unasked') break;
    }
    return results;
  });
}

async function saveOne(img: BuiltImageToSave, env: NodeJS.ProcessEnv): Promise<SavedImage> {
  const said = (outcome: SavedImage['outcome'], detail: string): SavedImage => ({ image: img.image, outcome, detail });
  const found = await cache.lookup(img.folder, img.key, [], LOOKUP_MS);
  if (!found.ok) return said('unasked', `not saved: the cache could not be asked (${found.detail})`);
  if (found.value === img.key) return said('in-cache', `already in the cache (${img.key}): not saved again`);
  const facts = await imageIdOf(img.image, env, 30_000);
  if (!facts) return said('gone', 'no longer on the engine: not saved');
  if (facts.id !== img.id) return said('gone', `now names another image than the one built (${facts.id}): not saved`);
  // Its process starts now and loads while `docker save` writes the file.
  fs.mkdirSync(img.folder, { recursive: true });
  const saving = cache.prepareSave(img.folder);
  try {
    const t0 = performance.now();
    const tar = path.join(img.folder, 'image.tar');
    const written = await saveImage(img.id, tar, env, SAVE_IMAGE_MS);
    if (!written.ok) return said('failed', `not saved: ${written.detail}`);
    fs.writeFileSync(path.join(img.folder, 'build.json'), JSON.stringify(origin(img, env)));
    // A base pinned by digest is not in the image cache (compose pulls it): its layers stay in.
    const cached = (img.bases ?? []).filter((b) => !b.includes('@'));
    const held = await dropBaseLayers(tar, img.id, cached, env);
    const size = fs.statSync(tar).size;
    const saved = await saving.run(img.key, UPLOAD_MS);
    if (!saved.ok) return said('failed', `not saved: ${saved.detail}`);
    if (saved.value === -1) return said('in-cache', `not saved: another job is saving ${img.key} (the cache said so)`);
    const manifest = await saveManifest(img);
    const took = Math.round(performance.now() - t0);
    return said('saved', `saved as ${img.key}: ${held}, ${formatSize(size)} before compression, in ${took} ms; ${manifest}`);
  } finally {
    saving.cancel();
    fs.rmSync(img.folder, { recursive: true, force: true });
  }
}

/** The manifest's entry, saved after the image's (what the key covered: a later run compares with it). */
async function saveManifest(img: BuiltImageToSave): Promise<string> {
  if (!fs.existsSync(img.manifest)) return 'its manifest was not written: not saved';
  const saving = cache.prepareSave(img.manifest);
  try {
    const saved = await saving.run(img.manifestKey, MANIFEST_UPLOAD_MS);
    if (!saved.ok) return `its manifest not saved (${saved.detail})`;
    return saved.value === -1 ? 'its manifest was being saved by another job' : 'its manifest saved beside it';
  } finally {
    saving.cancel();
    fs.rmSync(img.manifest, { force: true });
  }
}
