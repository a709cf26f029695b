/**
 * The images `up` needs (the `image:` of each service it starts that is not built), pulled with
 * retries once a pull of compose's own met registry trouble (a 429, a 5xx, a timeout, a reset):
 * the engine is asked which it lacks (every one, with `pull: always`), and those are pulled at
 * once, each with retries (pull.ts), compose's failed pull counted as the first try of what it was
 * pulling. Registry trouble that outlasts the tries fails the stage, naming the image; any other
 * failed pull (denied, not found) is left to `up`, which says why in compose's own words, as does
 * an engine that cannot say what it has.
 */
import { imageFacts, lackedImages } from './engine.js';
import { pullWithRetries, type PullOutcome } from './pull.js';
import { describeTrouble } from '../docker/pull-trouble.js';
import { parseReference } from './reference.js';
import { countTries as tries, type ImageRecord, type NeededImage, type PullsTried, type PullStageOutcome } from './types.js';

/** Asking the engine which images it has: well under a second, unless it is in trouble. */
const INSPECT_MS = 15_000;

export interface PullStageOptions {
  /** `pull: always`: every image is pulled, whatever the engine has. */
  always: boolean;
  env: NodeJS.ProcessEnv;
  /** A `performance.now()` time: startup-timeout's end. */
  deadline: number;
  signal?: AbortSignal;
  /** A line for the log (outside text in it: the daemon's words). */
  onLine?: (line: string) => void;
  /** What compose was pulling when its pull failed: their first try. */
  tried?: PullsTried;
}

export async function pullStage(images: NeededImage[], o: PullStageOptions): Promise<PullStageOutcome> {
  const refs = images.map((i) => i.ref.canonical);
  const lacked = o.always
    ? new Set(refs)
    : await lackedImages(refs, o.env, Math.max(1, Math.min(INSPECT_MS, o.deadline - performance.now())), o.signal);
  // The engine could not say: `up` asks it again, and says what is wrong.
  if (!lacked) return { ok: true, records: [], pulledAll: false, pulledAny: false };
  const pulls = await Promise.all(
    images.map(async (img): Promise<[NeededImage, PullOutcome | undefined]> => {
      if (!lacked.has(img.ref.canonical)) return [img, undefined];
      o.onLine?.(`pulling ${img.ref.canonical} (${img.services.join(', ')}) with retries`);
      const pulled = await pullWithRetries(img.ref, o.env, {
        deadline: o.deadline,
        signal: o.signal,
        platform: img.platform,
        onPause: o.onLine,
        triedBefore: o.tried && triedBy(img, o.tried) ? o.tried.said : undefined,
      });
      o.onLine?.(
        `${img.ref.canonical}: ${pulled.ok ? 'pulled' : 'not pulled'} in ${Math.round(pulled.durationMs)} ms, ${tries(pulled.tries)}`,
      );
      return [img, pulled];
    }),
  );
  const records = await Promise.all(pulls.map(async ([img, p]) => withSize(pullRecord(img, p), img, o.env)));
  const failed = pulls.find(([, p]) => p && !p.ok && !p.stopped && p.trouble);
  const pulledAny = pulls.some(([, p]) => p?.ok);
  if (!failed) return { ok: true, records, pulledAll: o.always && pulls.every(([, p]) => p?.ok), pulledAny };
  const [img, p] = failed as [NeededImage, PullOutcome];
  return {
    ok: false,
    kind: p.trouble === 'rate-limited' ? 'registry-rate-limit' : 'registry-unavailable',
    detail: `${img.ref.canonical} (${img.services.join(', ')}) could not be pulled: ${describeTrouble(p.trouble!)} through ${tries(p.tries)} in ${(p.durationMs / 1000).toFixed(1)} s: ${p.said}`,
    records,
    image: img.ref.canonical,
    services: img.services,
    tries: p.tries,
  };
}

/** Whether compose was pulling `img` when its pull failed: by a service of it, or by its name. Pure. */
export function triedBy(img: NeededImage, tried: PullsTried): boolean {
  if (img.services.some((s) => tried.services.includes(s))) return true;
  return tried.images.some((written) => {
    const ref = parseReference(written);
    return !('error' in ref) && ref.canonical === img.ref.canonical;
  });
}

/** A pulled image's size, as the engine has it (one more call, on the path that pulled). */
async function withSize(row: ImageRecord, img: NeededImage, env: NodeJS.ProcessEnv): Promise<ImageRecord> {
  if (row.state !== 'pulled') return row;
  const facts = await imageFacts(img.ref, env, INSPECT_MS);
  return facts ? { ...row, sizeBytes: facts.sizeBytes, ...(facts.digest ? { digest: facts.digest } : {}) } : row;
}

/** The row of one image: on the engine already, pulled (on which try), or not. Pure. */
export function pullRecord(img: NeededImage, p: PullOutcome | undefined): ImageRecord {
  const row = { image: img.ref.canonical, written: img.written, services: img.services, via: 'image' as const };
  if (!p) return { ...row, state: 'present', detail: 'on the engine already: not pulled' };
  const took = { tries: p.tries, durationMs: p.durationMs };
  if (p.ok)
    return {
      ...row,
      ...took,
      state: 'pulled',
      detail: p.tries === 1 ? 'pulled' : `pulled on try ${p.tries}; the try before it: ${p.said}`,
    };
  return { ...row, ...took, state: 'missing', detail: `not pulled (${tries(p.tries)}): ${p.said}` };
}
