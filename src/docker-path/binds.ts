/**
 * Stage: bind mounts, when the step runs in a container of the engine (see compose/binds.ts).
 * The paths compose resolved are this container's; those under one of its mounts are given to the
 * engine as its host has them, in an override file that joins the plan (every later compose call,
 * and the post step, use it). Repository files no mount holds are warned about: the engine would
 * mount an empty folder of its own host instead (a short-form bind), or `up` fails on a path that
 * does not exist (a long-form bind, a secret, a config).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { translateBinds } from '../compose/binds.js';
import type { ComposePlan } from '../compose/plan-types.js';
import { isLoopbackHost, publishHostFor } from '../docker/availability.js';
import type { Where } from '../docker/where.js';
import { outsideLine } from '../report/outside.js';
import * as log from '../log.js';
import type { PathContext } from './context.js';
import { remoteEngine } from './location.js';

/**
 * Whether a plan mounts anything from the engine's host (bind mounts; secrets, configs and
 * volumes backed by a path), or may once `extends` / `include` are resolved.
 */
export function mountsHostPaths(plan: Pick<ComposePlan, 'model'>): boolean {
  return (
    plan.model.indirect === true ||
    (plan.model.files?.length ?? 0) > 0 ||
    [...plan.model.services.values()].some((s) => (s.binds?.length ?? 0) > 0)
  );
}

/** Give the plan's bind sources as the engine's host has them; true when an override joined the plan. */
export function translateMounts(ctx: PathContext, plan: ComposePlan, where: Where, endpoint: string | undefined): boolean {
  if (!mountsHostPaths(plan)) return false;
  const within = [...new Set([plan.projectDirectory, ctx.inputs.workspace, ...plan.files.map((f) => path.dirname(f))])];
  if (where.kind === 'host' || where.kind === 'foreign-container') {
    tellElsewhere(ctx, plan, where, endpoint, within);
    return false;
  }
  const started = performance.now();
  const t = translateBinds([...plan.model.services.values()], plan.model.files ?? [], where.container.mounts, within);
  const show = (p: string): string => outsideLine(p, 300);
  const missing = t.missing.map((m) => `${m.what}: ${show(m.path)}`);
  if (missing.length > 0) {
    log.warning(
      `These paths of the step's container are on no mount of it, so the engine's host does not have them: it mounts an empty folder instead (a short-form bind), or up fails with "bind source path does not exist": ${missing.join('; ')}. Mount the workspace into the job container (a workflow's container: does), or keep these files under it.`,
      { title: 'Bind mounts the engine cannot see' },
    );
  }
  let file: string | undefined;
  if (t.override) {
    const dir = ctx.env.RUNNER_TEMP || os.tmpdir();
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, `compose-or-staging-${plan.projectName}.binds.yml`);
    fs.writeFileSync(file, t.override, { mode: 0o600 });
    plan.overrides = [...(plan.overrides ?? []), file];
  }
  const moved = t.moved.map((m) => `${m.what}: ${show(m.from)} → ${show(m.to)}`);
  const detail = [
    moved.length > 0 &&
      `${moved.length} path${moved.length === 1 ? '' : 's'} of container ${outsideLine(where.container.name, 200)} given to the engine as its host has ${moved.length === 1 ? 'it' : 'them'} (override file ${show(file!)}): ${moved.join('; ')}`,
    missing.length > 0 && `on no mount of this container, so not on the engine's host: ${missing.join('; ')}`,
    moved.length === 0 && missing.length === 0 && 'every bind mount path is the same in this container and on the engine\u2019s host',
  ]
    .filter(Boolean)
    .join('. ');
  ctx.report.add({
    id: 'compose.binds',
    title: 'Bind mounts',
    status: 'info',
    durationMs: performance.now() - started,
    detail,
    data: { moved: t.moved, missing: t.missing, ...(file ? { file } : {}) },
  });
  log.info(`Bind mounts: ${detail}`);
  return file !== undefined;
}

/**
 * The engine opens bind mount paths on its own host. A remote engine has the repository's files
 * only if it holds a checkout at the same path: a warning with the paths. A step in a container
 * this engine does not run (another engine's, Podman's, a pod's, with this engine's socket) may
 * see the repository at another path than the engine's host: said, without a warning (a runner
 * in a sidecar setup usually shares the path). An engine on this machine's loopback is local.
 */
function tellElsewhere(ctx: PathContext, plan: ComposePlan, where: Where, endpoint: string | undefined, within: string[]): void {
  const remote = remoteEngine(endpoint, ctx.env);
  const elsewhere = remote !== undefined && !isLoopbackHost(publishHostFor(endpoint));
  if (!elsewhere && where.kind !== 'foreign-container') return;
  // With no mount to go through, every repository path is one the engine opens on its own host.
  const paths = translateBinds([...plan.model.services.values()], plan.model.files ?? [], [], within).missing.map(
    (m) => `${m.what}: ${m.path}`,
  );
  if (paths.length === 0) return;
  const listed = paths.map((p) => outsideLine(p, 300)).join('; ');
  const detail = elsewhere
    ? `The engine is remote (${remote}): it opens these repository paths on its own host, which has them only if it holds a checkout at the same path: ${listed}. Copy what they need into the image, or use a named volume, for an engine on another machine.`
    : `This step runs in a container that the engine does not run, so the engine opens these repository paths on its own host, where they are the same only if the repository is mounted at the same path: ${listed}.`;
  ctx.report.add({
    id: 'compose.binds',
    title: 'Bind mounts',
    status: 'info',
    durationMs: 0,
    detail,
    data: { ...(elsewhere ? { remote: endpoint } : { where: where.kind }), paths },
  });
  if (elsewhere) log.warning(detail, { title: 'Bind mounts on a remote engine' });
  else log.info(`Bind mounts: ${detail}`);
}
