/**
 * Stage: isolate: true. On compose 2.24.4 or later, the override file that resets fixed names and
 * host ports joins the plan (every later compose call, and the post step, use it); on an older
 * compose a warning says why nothing changed.
 */
import * as os from 'node:os';
import { describeIsolation, isolationOverride, listFixed, writeIsolation } from '../compose/isolate.js';
import type { ComposePlan } from '../compose/plan-types.js';
import { supports } from '../compose/version.js';
import type { PathContext } from './context.js';
import * as log from '../log.js';

export function isolate(ctx: PathContext, plan: ComposePlan): void {
  const { report, env } = ctx;
  const i = isolationOverride(plan.model, plan.projectName);
  const title = 'Isolation (isolate: true)';
  if (i.yaml === '') {
    const detail =
      i.keptNames.length > 0
        ? `nothing reset: ${describeIsolation(i)}`
        : 'nothing to isolate: no container_name, fixed host port, or fixed network or volume name in the stack';
    report.add({ id: 'compose.isolate', title, status: 'info', detail });
    log.info(detail);
    return;
  }
  if (!supports(plan.compose.version, 'override-tag')) {
    const v = plan.compose.version?.text ?? 'of an unknown version';
    const detail = `not applied: isolation needs compose 2.24.4 or later (an override file with !reset and !override); this is compose ${v}, so these stay as the compose file says, and two jobs on one engine can collide on them: ${listFixed(i)}`;
    report.add({ id: 'compose.isolate', title, status: 'info', detail, data: { compose: v, needed: '2.24.4' } });
    log.warning(detail, { title: 'isolate: true needs compose 2.24.4 or later' });
    return;
  }
  const file = writeIsolation(i, plan.projectName, env.RUNNER_TEMP || os.tmpdir());
  plan.overrides = [...(plan.overrides ?? []), file];
  const detail = describeIsolation(i);
  report.add({
    id: 'compose.isolate',
    title,
    status: 'ok',
    detail,
    data: { file, containerNames: i.containerNames, hostPorts: i.hostPorts, networks: i.networks, volumes: i.volumes },
  });
  log.info(`Isolation: ${detail} (override file ${file})`);
}
