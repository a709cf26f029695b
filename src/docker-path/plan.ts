/**
 * Stage: the compose plan (src/compose/plan.ts makes it). Begun with the compose the file system
 * suggests while availability is still being asked (it needs only the files and `compose
 * config`), used when the guess was right, made again when it was not; recorded check by check
 * (plan-record.ts), and a failed plan with its kind, hint data and the line of the compose file it
 * is about (plan-failure.ts).
 */
import * as runner from '../runner.js';
import type { ComposeCommand } from '../docker/availability.js';
import { makePlan } from '../compose/plan.js';
import type { ComposePlan } from '../compose/plan-types.js';
import { settle, unwrap, type PathContext, type Settled } from './context.js';
import { recordPlanFailure, type PlanFailure } from './plan-failure.js';
import { recordPlan } from './plan-record.js';

/** A plan begun before availability said which compose there is. */
export interface Planning {
  /** The compose it was begun with. */
  guessed: ComposeCommand | undefined;
  startedAt: number;
  early: Promise<Settled<ComposePlan>> | undefined;
  /** Kill its compose processes (Docker is not usable: the plan is not needed). */
  stop: () => void;
}

export function beginPlanning(ctx: PathContext, guessed: ComposeCommand | undefined, projectName: string): Planning {
  const startedAt = performance.now();
  const controller = new AbortController();
  return {
    guessed,
    startedAt,
    early: guessed ? settle(makePlan(ctx.inputs, guessed, ctx.env, projectName, controller.signal)) : undefined,
    stop: () => controller.abort(),
  };
}

export type PlanOutcome =
  | { ok: true; plan: ComposePlan }
  /** `invalid`: the compose file declares something the action cannot use (an invalid input, not a Docker failure). */
  | ({ ok: false } & PlanFailure);

/** The plan for the compose availability found: the early one when its guess was that compose. */
export async function confirmPlan(
  ctx: PathContext,
  planning: Planning,
  compose: ComposeCommand,
  projectName: string,
): Promise<PlanOutcome> {
  const { inputs, env } = ctx;
  const reuse = planning.early !== undefined && planning.guessed?.argv.join(' ') === compose.argv.join(' ');
  if (!reuse) await planning.early; // a wrong guess: let its compose process finish before planning again
  try {
    const plan = await runner.group('Docker: compose plan', async () => {
      const started = reuse ? planning.startedAt : performance.now();
      const p = reuse ? unwrap((await planning.early)!) : await makePlan(inputs, compose, env, projectName);
      p.compose = compose;
      recordPlan(ctx, p, performance.now() - started);
      return p;
    });
    return { ok: true, plan };
  } catch (caught) {
    return { ok: false, ...recordPlanFailure(ctx, caught, compose) };
  }
}
