/**
 * Stage: the images `up` needs, pulled with retries when a pull of compose's own met registry
 * trouble (images/pull-stage.ts: those the engine lacks, each with retries, compose's failed pull
 * counted as their first try), for the confirmed plan or the early start's; and what that came
 * to, in the report: one row per image (the Images table, with each image's tries), and a failed
 * check when the trouble outlasted the tries. A stack whose images are there pays nothing for it.
 */
import type { ComposePlan } from '../compose/plan-types.js';
import { pullStage } from '../images/pull-stage.js';
import { imagesUpPulls } from '../images/stack-images.js';
import { countTries, type PullStageOutcome } from '../images/types.js';
import type { Inputs } from '../inputs.js';
import type { Report } from '../report/model.js';
import type { Repull, UpResult } from '../stack/lifecycle.js';

const NOTHING: PullStageOutcome = { ok: true, records: [], pulledAll: false, pulledAny: false };

/**
 * The pulls with retries for `up` on a confirmed plan; none with `pull: never`, or with
 * cache-images (whose restore pulled what the cache lacked, with the same retries), or when the
 * stack pulls no image.
 */
export function repullFor(inputs: Inputs, plan: ComposePlan, env: NodeJS.ProcessEnv): Repull | undefined {
  if (inputs.pull === 'never' || inputs.cacheImages) return undefined;
  const always = inputs.pull === 'always';
  const images = imagesUpPulls(plan.model, plan.services, always);
  if (images.length === 0) return undefined;
  return ({ signal, deadline, onLine, tried }) => pullStage(images, { always, env, deadline, signal, onLine, tried });
}

/**
 * The early start's: its plan is only predicted, and a variable that a `.env` sets may name
 * another image than the files show, so nothing is pulled before `compose config` has said which
 * images they are (`confirmed`: the confirmed plan, or undefined once the early start is dropped).
 */
export function earlyRepull(
  inputs: Inputs,
  predicted: ComposePlan,
  env: NodeJS.ProcessEnv,
  confirmed: Promise<ComposePlan | undefined>,
  /** Called when it begins to wait for `confirmed`. */
  waiting: () => void,
): Repull | undefined {
  if (!repullFor(inputs, predicted, env)) return undefined;
  return async (o) => {
    waiting();
    const plan = await untilAborted(confirmed, o.signal);
    const repull = plan && repullFor(inputs, plan, env);
    return repull ? repull(o) : NOTHING;
  };
}

/** `p`'s value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return p;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const stop = (): void => resolve(undefined);
    signal.addEventListener('abort', stop, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/**
 * The pull stage's rows and its check. Without cache-images the rows are the Images table (with
 * it, the restore's rows are, and this stage did not run).
 */
export function recordPulls(report: Report, up: UpResult, timeoutSeconds: number): void {
  if (!up.images) return;
  report.images.push(...up.images);
  const pulled = up.images.filter((r) => r.state !== 'present');
  const counts = pulled.map((r) => `${r.image} ${r.state} (${countTries(r.tries ?? 0)})`);
  if (up.ok || !up.pull) {
    report.add({
      id: 'images.pull',
      title: 'Pulls with retries',
      status: 'ok',
      durationMs: Math.max(0, ...pulled.map((r) => r.durationMs ?? 0)),
      detail: counts.join('; '),
      data: { images: pulled.map((r) => ({ image: r.image, state: r.state, tries: r.tries })) },
    });
    return;
  }
  report.add({
    id: 'images.pull',
    title: 'Pulls with retries',
    status: 'failed',
    durationMs: up.durationMs,
    detail: up.detail,
    failure: up.kind === 'registry-rate-limit' ? 'registry-rate-limit' : 'registry-unavailable',
    data: { ...up.pull, timeoutSeconds },
  });
}
