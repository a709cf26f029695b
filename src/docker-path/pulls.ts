/**
 * Stage: the images `up` needs, on the engine before it starts (images/pull-stage.ts: asked once,
 * those it lacks pulled with retries), for the confirmed plan or the early start's; and what that
 * came to, in the report: one row per image when anything was pulled (the Images table, with each
 * image's tries), and a failed check when a registry's trouble outlasted the tries.
 */
import type { ComposePlan } from '../compose/plan.js';
import { lackedImages } from '../images/engine.js';
import { pullStage } from '../images/pull-stage.js';
import { imagesUpPulls } from '../images/stack-images.js';
import type { PullStageOutcome } from '../images/types.js';
import type { Inputs } from '../inputs.js';
import type { Report } from '../report/model.js';
import type { PullFirst, UpResult } from '../stack/lifecycle.js';

const NOTHING: PullStageOutcome = { ok: true, records: [], pulledAll: false };

/**
 * The pull stage for `up` on a confirmed plan; none with `pull: never`, or with cache-images
 * (whose restore settled the images already, pulls with retries included), or when the stack
 * pulls no image.
 */
export function pullFirstFor(inputs: Inputs, plan: ComposePlan, env: NodeJS.ProcessEnv): PullFirst | undefined {
  if (inputs.pull === 'never' || inputs.cacheImages) return undefined;
  const always = inputs.pull === 'always';
  const images = imagesUpPulls(plan.model, plan.services, always);
  if (images.length === 0) return undefined;
  return (signal, deadline, onLine) => pullStage(images, { always, env, deadline, signal, onLine });
}

/**
 * The early start's: its plan is only predicted, and a variable that a `.env` sets may name
 * another image than the files show. Every predicted image on the engine (the common case, one
 * CLI call): `up` starts at once. Else nothing is pulled before `compose config` has said which
 * images they are (`confirmed`: the confirmed plan, or undefined once the early start is dropped).
 */
export function earlyPullFirst(
  inputs: Inputs,
  predicted: ComposePlan,
  env: NodeJS.ProcessEnv,
  confirmed: Promise<ComposePlan | undefined>,
  /** Called when it begins to wait for `confirmed`. */
  waiting: () => void = () => undefined,
): PullFirst | undefined {
  if (!pullFirstFor(inputs, predicted, env)) return undefined;
  const refs = imagesUpPulls(predicted.model, predicted.services).map((i) => i.ref.canonical);
  return async (signal, deadline, onLine) => {
    const lacked = await lackedImages(refs, env, Math.max(1, deadline - performance.now()), signal);
    if (lacked?.size === 0 || signal?.aborted) return NOTHING;
    waiting();
    const plan = await untilAborted(confirmed, signal);
    const stage = plan && pullFirstFor(inputs, plan, env);
    return stage ? stage(signal, deadline, onLine) : NOTHING;
  };
}

/** `p`'s value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return p;
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
  const counts = pulled.map((r) => `${r.image} ${r.state} (${r.tries} ${r.tries === 1 ? 'try' : 'tries'})`);
  if (up.ok || !up.pull) {
    report.add({
      id: 'images.pull',
      title: 'Pull the images up needs',
      status: 'ok',
      durationMs: Math.max(0, ...pulled.map((r) => r.durationMs ?? 0)),
      detail: counts.join('; '),
      data: { images: pulled.map((r) => ({ image: r.image, state: r.state, tries: r.tries })) },
    });
    return;
  }
  report.add({
    id: 'images.pull',
    title: 'Pull the images up needs',
    status: 'failed',
    durationMs: up.durationMs,
    detail: up.detail,
    failure: up.kind === 'registry-rate-limit' ? 'registry-rate-limit' : 'registry-unavailable',
    data: { ...up.pull, timeoutSeconds },
  });
}
