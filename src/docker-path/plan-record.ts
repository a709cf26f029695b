/**
 * The plan as the report and the log tell it: the checks of a plan that was made (its files, its
 * project directory and name, its services, the build paths it does without), each said in the
 * log, and a notice for each decision the plan made because an input was left at its default.
 */
import { locateBuildPath, locateInCompose } from '../compose/locate.js';
import type { ComposePlan } from '../compose/plan-types.js';
import { describeMissing } from '../compose/project-directory.js';
import { describeActive, profileList } from '../compose/profiles.js';
import { describeResolution } from '../compose/services.js';
import type { Inputs } from '../inputs.js';
import * as log from '../log.js';
import type { PathContext } from './context.js';

/** "; not started: tool (profile debug), as COMPOSE_PROFILES is not set", or "" when every service starts. */
function notStarted(p: ComposePlan): string {
  if (p.inactive.length === 0) return '';
  const list = p.inactive.map((s) => `${s.name} (${profileList(s)})`);
  return `; not started: ${list.join(', ')}, as ${describeActive(p.profiles)}`;
}

/** "; no container: worker (deploy.replicas: 0): not awaited", or "" when every service gets one. */
function noContainer(p: ComposePlan): string {
  if (p.notStarting.length === 0) return '';
  const list = p.notStarting.map((s) => `${s.name} (${s.why})`);
  return `; no container: ${list.join(', ')}: compose creates none for ${p.notStarting.length > 1 ? 'them' : 'it'}, so ${p.notStarting.length > 1 ? 'they are' : 'it is'} not awaited`;
}

/** The services check's detail: what resolved to what, what the plan decided, what does not start. */
function servicesDetail(inputs: Inputs, p: ComposePlan): string {
  const about = (subject: 'backend' | 'auth'): boolean => p.notices.some((n) => n.subject === subject);
  return [
    p.resolutions.map(describeResolution).join(', ') || undefined,
    ...p.notices.map((n) => n.message),
    p.backend || about('backend')
      ? undefined
      : `no backend service '${inputs.backendService}' in the stack (fine: backend-service was left at its default; the stack is ready when its containers are, and no URL is exported)`,
    p.auth || !inputs.authService || about('auth')
      ? undefined
      : `no auth service '${inputs.authService}' in the stack (fine: auth-service was left at its default)`,
  ]
    .filter(Boolean)
    .join('; ')
    .concat(notStarted(p), noContainer(p));
}

/** Add the checks of a plan that was made (`ms`: how long it took), and say them in the log. */
export function recordPlan(ctx: PathContext, p: ComposePlan, ms: number): void {
  const { inputs, report, rel } = ctx;
  const before = report.checks.length;
  report.add({
    id: 'compose.files',
    title: 'Compose files',
    status: 'ok',
    durationMs: ms,
    detail: `${p.files.map(rel).join(', ')}${p.discovery ? ' (discovered)' : ' (from compose-files)'}`,
    data: { files: p.files.map(rel), notChosen: p.discovery?.notChosen.map((n) => ({ file: rel(n.file), why: n.why })) ?? [] },
  });
  report.add({
    id: 'compose.project-directory',
    title: 'Project directory',
    status: 'ok',
    detail: `${rel(p.projectDirectory)}: ${p.projectDirectoryWhy}`,
  });
  report.add({ id: 'compose.project-name', title: 'Project name', status: 'ok', detail: p.projectName });
  report.add({
    id: 'compose.services',
    title: 'Services',
    status: 'ok',
    detail: servicesDetail(inputs, p),
    data: {
      resolutions: p.resolutions,
      awaited: p.awaited,
      inactive: p.inactive,
      profiles: p.profiles.names,
      notStarting: p.notStarting,
      notices: p.notices,
    },
  });
  if (p.notBuilt.length > 0) {
    const first = p.notBuilt[0]!;
    const where = locateBuildPath(p.files, first.service, first.kind);
    report.add({
      id: 'compose.build-paths',
      title: 'Build paths of services not built',
      status: 'info',
      detail: `${p.notBuilt.map((m) => describeMissing(m, inputs.workspace)).join('; ')}: not needed now, as ${[...new Set(p.notBuilt.map((m) => `${m.service}'s image ${m.image}`))].join(', ')} is already on the engine and build is false; a build would fail`,
      location: where && { file: rel(where.file), line: where.line },
    });
  }
  for (const c of report.checks.slice(before)) log.info(`${c.title}: ${c.detail}`);
  for (const n of p.notices) {
    // On the line that explains it: the service's ports, or what scales it to 0.
    const svc = ['services', n.service];
    const keys = n.input.endsWith('-port')
      ? [[...svc, 'ports']]
      : [
          [...svc, 'deploy', 'replicas'],
          [...svc, 'scale'],
        ];
    const at = locateInCompose(p.files, [...keys, svc]);
    log.notice(n.message, { title: `Input '${n.input}'`, ...(at && { file: rel(at.file), startLine: at.line }) });
  }
}
