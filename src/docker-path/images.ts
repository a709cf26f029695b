/**
 * Stage: the stack's images through the Actions cache (`cache-images: true`), settled before `up`:
 * one row per image in the report, one check saying what the cache did, a warning when the cache
 * service was in trouble, and what the post step is to save.
 */
import * as runner from '../runner.js';
import type { ComposePlan } from '../compose/plan-types.js';
import type { ImageRestore } from '../images/restore.js';
import type { BuiltImageToSave } from '../images/build-types.js';
import { imageIdOf } from '../images/engine.js';
import type { ImageCacheOutcome } from '../images/types.js';
import type { ContainerInfo } from '../stack/containers.js';
import { outsideLine } from '../report/outside.js';
import { formatSize } from '../report/format.js';
import { saveImageCacheState } from '../state.js';
import { engineEnv, type PathContext } from './context.js';
import * as log from '../log.js';

/** One line: `3 images: 1 restored, 1 pulled, 1 present`. Pure. */
export function describeImages(outcome: ImageCacheOutcome): string {
  const counts = new Map<string, number>();
  for (const r of outcome.records) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const parts = [...counts].map(([state, n]) => `${n} ${state.replace('-', ' ')}`);
  const n = outcome.records.length;
  return `${n} image${n === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}; cache-hit ${outcome.cacheHit}`;
}

export async function settleImages(ctx: PathContext, restore: ImageRestore, plan: ComposePlan): Promise<ImageCacheOutcome> {
  const { report, env } = ctx;
  return runner.group('Docker: images (cache-images)', async () => {
    const outcome = await restore.finish(plan);
    report.images.push(...outcome.records);
    report.imageCache = { cacheHit: outcome.cacheHit, platform: outcome.platform };
    for (const r of outcome.records)
      log.info(
        `${r.image} (${r.services.join(', ')}): ${r.state}${r.sizeBytes !== undefined ? `, ${formatSize(r.sizeBytes)}` : ''}; ${outsideLine(r.detail)}`,
      );
    const troubled = outcome.problems.length > 0;
    report.add({
      id: 'images.cache',
      title: 'Image cache',
      status: 'info',
      durationMs: outcome.durationMs,
      detail: `${describeImages(outcome)} (platform ${outcome.platform})${
        troubled ? `; the Actions cache service failed, so images were pulled instead: ${outcome.problems.join('; ')}` : ''
      }`,
      failure: troubled ? 'cache-service' : undefined,
      data: { cacheHit: outcome.cacheHit, platform: outcome.platform, problems: outcome.problems },
    });
    if (troubled)
      log.warning(
        `The Actions cache service failed; the stack goes on without it: ${outcome.problems.map((p) => outsideLine(p)).join('; ')}`,
        {
          title: 'Image cache',
        },
      );
    if (outcome.toSave.length) saveImageCacheState({ images: outcome.toSave, engineEnv: engineEnv(env) });
    return outcome;
  });
}

/**
 * After `up`: the images it built that the post step saves under their build keys, each with the
 * id of what was built (its containers', or the engine's answer for its name when `up` failed
 * before the wait), so that the post step saves only that. One `up` never built is left out.
 */
export async function recordBuiltImages(
  ctx: PathContext,
  outcome: ImageCacheOutcome,
  containers: ContainerInfo[] | undefined,
): Promise<void> {
  const built: BuiltImageToSave[] = [];
  for (const b of outcome.builtToSave) {
    const id = containers?.find((c) => c.service === b.service && c.imageId)?.imageId ?? (await imageIdOf(b.image, ctx.env, 15_000))?.id;
    if (id) built.push({ ...b, id });
  }
  if (built.length) saveImageCacheState({ images: outcome.toSave, built, engineEnv: engineEnv(ctx.env) });
}
