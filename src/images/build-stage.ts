/**
 * The built services of a stack in the image cache (issue 28): each begun as soon as the files
 * name it (src/images/build-restore.ts), settled for the plan compose config confirms (a service
 * whose build the confirmation changed begins again), its restored image tagged as compose names
 * it; and the base images they alone use fetched only when one of them is built after all (an
 * image restored by its build key holds its base already).
 */
import type { ComposePlan } from '../compose/plan.js';
import { settleBuild, type BuildSettleDeps, type BuildVerdict } from './build-restore.js';
import type { BuildSource, BuiltImageToSave } from './build-types.js';
import { tagImage } from './engine.js';
import type { StackImage, StackImages } from './stack-images.js';
import type { ImageRecord } from './types.js';

const TAG_MS = 15_000;

export interface BuildStage {
  /** Begin the builds not begun yet (a build is the same when all its sources are). */
  begin(builds: BuildSource[]): void;
  /**
   * For a base image that only built services use (`built`: the services built): whether it must
   * be fetched, once their verdicts are known; undefined when another service uses it anyway.
   */
  needed(img: StackImage, built: string[]): Promise<boolean> | undefined;
  /** The confirmed plan's builds settled: a row each, and what the post step saves (its id once `up` built it). */
  finish(found: StackImages, plan: ComposePlan): Promise<{ records: ImageRecord[]; toSave: BuiltImageToSave[] }>;
  /** Docker is not usable: what runs is stopped, and no base image waits. */
  stop(): void;
}

type Begun = { src: BuildSource; verdict: Promise<BuildVerdict>; stop: AbortController };

/** What makes two builds one: every source the key reads. */
const sameness = (s: BuildSource): string =>
  JSON.stringify([s.service, s.image, s.context, s.dockerfile, s.text, s.args, s.target, s.platform, s.options, s.pullPolicy, s.unkeyed]);

/** A promise with its resolve. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

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
  const gates = new Map<string, { promise: Promise<boolean>; resolve: (v: boolean) => void }>();
  /** Once the plan is confirmed: each confirmed build's verdict, by service; undefined before. */
  let verdicts: Map<string, Promise<BuildVerdict>> | undefined;
  let ended = false;
  /** Whether `img` must be fetched, from the verdicts of the services built from it. */
  const neededFrom = (img: StackImage, known: Map<string, Promise<BuildVerdict>>): Promise<boolean> => {
    const builds = img.services.map((s) => known.get(s));
    const all = builds.filter((b): b is Promise<BuildVerdict> => b !== undefined);
    if (all.length < builds.length) return Promise.resolve(true);
    return Promise.all(all).then((vs) => vs.some((v) => v.outcome === 'build'));
  };
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
    needed(img, built) {
      if (img.via !== 'build' || img.services.some((s) => !built.includes(s))) return undefined;
      if (ended) return Promise.resolve(false);
      if (verdicts) return neededFrom(img, verdicts);
      const gate = gates.get(img.ref.canonical) ?? deferred<boolean>();
      gates.set(img.ref.canonical, gate);
      return gate.promise;
    },
    async finish(found, plan) {
      const confirmedBuilds = new Set(found.builds.map(sameness));
      for (const [same, b] of begun) if (!confirmedBuilds.has(same)) b.stop.abort();
      this.begin(found.builds);
      const wanted = new Map(found.builds.map((src) => [sameness(src), begun.get(sameness(src))!]));
      const known = new Map([...wanted.values()].map((b) => [b.src.service, b.verdict]));
      verdicts = known;
      // Each base image waits only for the services built from it; one of the prediction only is not fetched.
      const confirmed = new Map(found.images.map((i) => [i.ref.canonical, i]));
      for (const [image, gate] of gates) {
        const img = confirmed.get(image);
        if (img) void neededFrom(img, known).then(gate.resolve);
        else gate.resolve(false);
      }
      const records: ImageRecord[] = [];
      const toSave: BuiltImageToSave[] = [];
      for (const b of wanted.values()) {
        const v = await b.verdict;
        const row = await rowOf(v, b.src, plan, deps.env);
        records.push(row);
        if (v.toSave && row.state === 'built') toSave.push({ ...v.toSave, image: row.image, id: '' });
      }
      return { records, toSave };
    },
    stop() {
      ended = true;
      for (const gate of gates.values()) gate.resolve(false);
    },
  };
}
