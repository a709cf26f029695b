/**
 * Stage, last: what `up` and the wait came to. A stack whose wait ended well, still running when
 * the outputs are written, is handed on with its endpoints; any other is removed (its logs read
 * first) and the path says at which stage it failed and why. Every service's story is told either way.
 */
import type { ComposePlan } from '../compose/plan-types.js';
import type { DockerAvailability } from '../docker/availability.js';
import type { ServiceStory } from '../report/service-story.js';
import type { ContainerInfo } from '../stack/containers.js';
import { recheck } from '../stack/recheck.js';
import type { Failing, WaitOutcome } from '../stack/wait.js';
import type { PathContext } from './context.js';
import { removeFailedStack } from './failed-stack.js';
import { endpointsOf } from './ports.js';
import type { DockerPathResult } from './result.js';
import { tellStories } from './stories.js';
import type { Started } from './up.js';

type Tell = (containers: ContainerInfo[], failing: Failing[]) => ServiceStory[];
type Failed = Extract<WaitOutcome, { ok: false }>;

/** The stories of the plan's services as `wait` saw them (with their log files, once written). */
function storyTeller(ctx: PathContext, plan: ComposePlan, wait: WaitOutcome): Tell {
  const logOf = (service: string) => ctx.report.logFiles.find((f) => f.service === service);
  return (containers, failing) => tellStories({ awaited: plan.awaited, containers, ready: wait.ready, failing, logOf });
}

/** The wait ended without a ready stack: remove it, its logs read first. */
async function failedWait(ctx: PathContext, plan: ComposePlan, up: Started['up'], wait: Failed, tell: Tell): Promise<string> {
  const services = wait.failing.map((f) => f.service).filter((s) => plan.model.services.has(s));
  await removeFailedStack(ctx, plan, services, !up.ok && (up.kind === 'stopped' || up.kind === 'up-timeout'), wait.containers);
  // Told again with the log files now written.
  ctx.report.services = tell(wait.containers, wait.failing);
  return wait.kind === 'timeout'
    ? `the stack was not healthy within startup-timeout (${ctx.inputs.startupTimeoutMs / 1000} s): ${wait.reason}`
    : `the stack failed while starting: ${wait.reason}`;
}

/** A service that died since the ready look must not be handed on as usable: the reason when one did. */
async function diedSinceReady(ctx: PathContext, plan: ComposePlan, wait: WaitOutcome, tell: Tell): Promise<string | undefined> {
  const died = await recheck(wait.containers, plan.awaited, ctx.env);
  if (died.length === 0) return undefined;
  const reason = died.map((d) => `${d.service}: ${d.why}`).join('; ');
  const seen = wait.containers.map((c) => died.find((d) => d.container.id === c.id)?.container ?? c);
  ctx.report.services = tell(seen, died);
  ctx.report.add({
    id: 'wait.after',
    title: 'Still running when the outputs are written',
    status: 'failed',
    failure: 'exited',
    detail: reason,
    data: { service: died[0]?.service },
  });
  await removeFailedStack(
    ctx,
    plan,
    died.map((d) => d.service),
    false,
    wait.containers,
  );
  ctx.report.services = tell(seen, died);
  return `the stack failed while starting: ${reason}`;
}

export async function outcomeOf(
  ctx: PathContext,
  plan: ComposePlan,
  availability: DockerAvailability,
  started: Started,
): Promise<DockerPathResult> {
  const { up, wait } = started;
  if (!wait) {
    await removeFailedStack(ctx, plan, [], false);
    // A pull that failed before `up` ran says so itself (the image, the registry's answer, the tries).
    const reason = up.ok ? 'compose up failed: no wait' : up.pull ? up.detail : `compose up failed: ${up.detail}`;
    return { ok: false, availability, plan, stage: 'up', reason };
  }
  const readyAt = (ctx.report.waitEndedAt = Date.now());
  const tell = storyTeller(ctx, plan, wait);
  ctx.report.services = tell(wait.containers, wait.ok ? [] : wait.failing);
  if (!wait.ok) return { ok: false, availability, plan, stage: 'wait', reason: await failedWait(ctx, plan, up, wait, tell) };

  const endpoints = await endpointsOf(ctx, plan, availability, wait);
  const died = await diedSinceReady(ctx, plan, wait, tell);
  if (died) return { ok: false, availability, plan, stage: 'wait', reason: died };
  const containers = Object.fromEntries(wait.containers.map((c) => [c.id, c.service]));
  return { ok: true, availability, plan, endpoints, ready: { at: readyAt, containers } };
}
