/**
 * A built image's entry holds only the layers its build added: the layers of its base image
 * (which comes to the engine by its own entry, or a pull) are dropped from its `docker save` tar.
 * The engine's loader takes a layer it already has (the same layers below it too) from its store,
 * and reads a layer's file only when it lacks the layer: such a tar loads once the base images are on the engine (and fails,
 * naming the missing layer, when they are not: compose then builds). So a stack whose services
 * share a base holds that base once in the cache, not once per service.
 */
import * as fs from 'node:fs';
import { exec } from '../exec.js';
import { copyTarWithout, readTarMember } from './tar-filter.js';

const INSPECT_MS = 30_000;

/**
 * The tar members to drop: the files (as manifest.json names them, in order) of the layers below
 * the longest run of the image's bottom layers (`diffIds`, in the same order) that a base image
 * has as its own bottom layers (the engine's loader finds a layer by its whole stack below it, so
 * only such a run is on the engine). A file a kept layer uses too is kept. Nothing when the lists
 * do not line up. Pure.
 */
export function layersToDrop(manifestLayers: string[], diffIds: string[], bases: string[][]): string[] {
  if (manifestLayers.length !== diffIds.length) return [];
  const below = Math.max(
    0,
    ...bases.map((base) => {
      let n = 0;
      while (n < base.length && n < diffIds.length && base[n] === diffIds[n]) n++;
      return n;
    }),
  );
  const kept = new Set(manifestLayers.slice(below));
  return [...new Set(manifestLayers.slice(0, below).filter((p) => !kept.has(p)))];
}

/** An image's layers (diff ids, bottom first); undefined when the engine has no such image. */
async function diffIdsOf(image: string, env: NodeJS.ProcessEnv): Promise<string[] | undefined> {
  const r = await exec(['docker', 'image', 'inspect', '--format', '{{json .RootFS.Layers}}', image], { env, timeoutMs: INSPECT_MS });
  if (r.code !== 0) return undefined;
  try {
    const layers = JSON.parse(r.stdout.trim()) as unknown;
    return Array.isArray(layers) && layers.every((l) => typeof l === 'string') ? (layers as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Drop from `tar` (a `docker save` of image `id`) the layers of `bases` (canonical references on
 * the engine). Says what it did, in a clause; the tar is kept whole when anything is in doubt.
 */
export async function dropBaseLayers(tar: string, id: string, bases: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const own = await diffIdsOf(id, env);
  const baseLayers: string[][] = [];
  for (const base of bases) baseLayers.push((await diffIdsOf(base, env)) ?? []);
  if (!own || baseLayers.every((b) => b.length === 0)) return 'whole (no base image on the engine to leave out)';
  let paths: string[] = [];
  try {
    const manifest = JSON.parse((await readTarMember(tar, 'manifest.json'))?.toString('utf8') ?? '[]') as Array<{ Layers?: unknown }>;
    const layers = manifest[0]?.Layers;
    if (manifest.length === 1 && Array.isArray(layers)) paths = layers.map(String);
  } catch {
    paths = [];
  }
  const drop = new Set(layersToDrop(paths, own, baseLayers));
  if (drop.size === 0) return 'whole (none of its layers is its base image’s)';
  const slim = `${tar}.own`;
  try {
    await copyTarWithout(tar, slim, (name) => drop.has(name));
    await fs.promises.rename(slim, tar);
  } catch (err) {
    fs.rmSync(slim, { force: true });
    return `whole (its base layers could not be left out: ${err instanceof Error ? err.message : String(err)})`;
  }
  const kept = paths.filter((p) => !drop.has(p)).length;
  return `its own ${kept} of ${paths.length} layers (its base image's come by its own entry)`;
}
