/**
 * The built services of a stack in the image cache (issue 28): each begun as soon as the files
 * name it (src/images/build-restore.ts), settled for the plan compose config confirms (a service
 * whose build the confirmation changed begins again), its restored image tagged as compose names
 * it.
 */
import type { ComposePlan } from '../compose/plan-types.js';
import { settleBuild, type BuildSettleDeps, type BuildVerdict } from './build-restore.js';
import type { BuildSource, BuiltImageToSave } from './build-types.js';
import { tagImage } from './engine.js';
import type { StackImages } from './stack-images.js';
import type { ImageRecord } from './types.js';

const TAG_MS = 15_000;

export interface BuildStage {
  /** Begin the builds not begun yet (a build is the same when all its sources are). */
  begin(builds: BuildSource[]): void;
  /** The confirmed plan's builds settled: a row each, and what the post step saves (its id once `up` built it). */
  finish(found: StackImages, plan: ComposePlan): Promise<{ records: ImageRecord[]; toSave: BuiltImageToSave[] }>;
}

type Begun = { src: BuildSource; verdict: Promise<BuildVerdict>; stop: AbortController };

/** What makes two builds one: every source the key reads. */
const sameness = (s: BuildSource): string =>
  JSON.stringify([s.service, s.image, s.context, s.dockerfile, s.text, s.args, s.target, s.platform, s.options, s.pullPolicy, s.unkeyed]);

/** The name compose gives the service's image, as written (`docker tag` takes it so). */
const writtenName = (src: BuildSource, plan: ComposePlan): string =>
  src.image ?? `${plan.projectName}${plan.compose.version?.major === 1 ? '_' : '-'}${src.service}`;

/** One built service's row, its restored image tagged as compose names it. */
async function rowOf(v: BuildVerdict, src: BuildSource, plan: ComposePlan, env: NodeJS.ProcessEnv): Promise<ImageRecord> {
  const name = writtenName(src, plan);
  const row = { image: name, written: src.image ?? '', services: [src.service], via: 'build' as const, durationMs: v.durationMs };
  if (v.outcome === 'present') return { ...row, state: 'present', detail: v.detail };
  if (v.outcome === 'build') return { ...row, state: 'built', ...(v.key ? { key: v.key } : {}), detail: v.detail };
  const tagged = await tagImage(v.id!, name, env, TAG_MS);
  if (!tagged.ok) return { ...row, state: 'built', detail: `restored, but docker tag failed (${tagged.detail}): compose builds it` };
  return { ...row, state: v.outcome, key: v.key, sizeBytes: v.sizeBytes, detail: v.detail };
}

/** `names`: what compose may name a service's image (its project and compose version may be known only later). */
export function beginBuildStage(deps: BuildSettleDeps, names: (src: BuildSource) => string[], stopped: AbortSignal): BuildStage {
  const begun = new Map<string, Begun>();
  return {
    begin(builds) {
      for (const src of builds) {
        const same = sameness(src);
        if (begun.has(same)) continue;
        const stop = new AbortController();
        // A build of the same service begun before (the prediction's, now stopped) restores into the
        // same folder: this one starts once that one has ended.
        const before = [...begun.values()].filter((b) => b.src.service === src.service).map((b) => b.verdict);
        const verdict = Promise.all(before).then(() => settleBuild(src, deps, () => names(src), AbortSignal.any([stopped, stop.signal])));
        begun.set(same, { src, stop, verdict });
      }
    },
    async finish(found, plan) {
      const confirmed = new Set(found.builds.map(sameness));
      for (const [same, b] of begun) if (!confirmed.has(same)) b.stop.abort();
      this.begin(found.builds);
      // Each row (its image tagged) as soon as its verdict comes, all at once.
      const settled = await Promise.all(
        found.builds.map(async (src) => {
          const v = await begun.get(sameness(src))!.verdict;
          return { v, row: await rowOf(v, src, plan, deps.env) };
        }),
      );
      const toSave: BuiltImageToSave[] = [];
      for (const { v, row } of settled) if (v.toSave && row.state === 'built') toSave.push({ ...v.toSave, image: row.image, id: '' });
      return { records: settled.map((s) => s.row), toSave };
    },
  };
}
