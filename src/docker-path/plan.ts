/**
 * Stage: the compose plan. Begun with the compose the file system suggests while availability is
 * still being asked (it needs only the files and `compose config`), used when the guess was right,
 * made again when it was not; recorded check by check, and a failed plan with its kind, hint data
 * and the line of the compose file it is about.
 */
import * as runner from '../runner.js';
import type { ComposeCommand } from '../docker/availability.js';
import { DiscoveryError } from '../compose/discovery.js';
import { locateBuildPath, locateInCompose, locateNode, type Location } from '../compose/locate.js';
import { DECLARATION_KEY, DeclarationError, describeProblem } from '../compose/declared-readiness.js';
import { PortNotPublishedError } from '../compose/endpoint-port.js';
import { ComposeTooOldError, newestNeeded } from '../compose/needs.js';
import { describeResolution, makePlan, PlanError, tooOldFor, type ComposePlan } from '../compose/plan.js';
import { describeMissing } from '../compose/project-directory.js';
import { describeActive, profileList } from '../compose/profiles.js';
import { ServiceNotStartedError } from '../compose/replicas.js';
import { ServiceResolutionError } from '../compose/services.js';
import { formatTriple } from '../compose/version.js';
import { errorMessage, type Check } from '../report/model.js';
import { settle, unwrap, type PathContext, type Settled } from './context.js';
import type { Inputs } from '../inputs.js';
import type { DockerStage } from './result.js';
import * as log from '../log.js';

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
  | { ok: false; stage: DockerStage; reason: string; invalid?: true };

/** The plan for the compose availability found: the early one when its guess was that compose. */
export async function confirmPlan(
  ctx: PathContext,
  planning: Planning,
  compose: ComposeCommand,
  projectName: string,
): Promise<PlanOutcome> {
  const { inputs, report, env, rel } = ctx;
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
    const err = caught instanceof PlanError ? (tooOldFor(caught, compose, inputs.workspace) ?? caught) : caught;
    const stage: DockerStage = err instanceof PlanError ? err.stage : 'config';
    report.add({
      id: `compose.${stage}`,
      title: `Compose ${stage}`,
      status: 'failed',
      detail: errorMessage(err),
      ...(err instanceof PlanError ? planFailure(err, rel) : { failure: 'config-invalid' as const }),
    });
    const invalid = err instanceof PlanError && err.underlying instanceof DeclarationError;
    return { ok: false, stage, reason: errorMessage(err), ...(invalid ? { invalid } : {}) };
  }
}

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

function recordPlan(ctx: PathContext, p: ComposePlan, ms: number): void {
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

/** The failure kind, hint data and compose-file location of a failed plan. */
function planFailure(err: PlanError, rel: (p: string) => string): Pick<Check, 'failure' | 'data' | 'location'> {
  const at = (l: Location | undefined): Check['location'] => l && { file: rel(l.file), line: l.line };
  const u = err.underlying;
  switch (err.stage) {
    case 'discovery':
      if (!(u instanceof DiscoveryError) || u.foundAt === undefined) return { failure: 'no-compose-file' };
      return u.foundAt.length > 0 ? { failure: 'file-found-elsewhere', data: { foundAt: u.foundAt } } : { failure: 'file-missing' };
    case 'config':
      if (u instanceof DeclarationError) {
        const first = u.problems[0];
        return {
          failure: 'invalid-input',
          location: first && at(locateNode(err.files, first.path)),
          data: { declaration: DECLARATION_KEY, service: first?.service, problems: u.problems.map(describeProblem) },
        };
      }
      if (u instanceof ComposeTooOldError) {
        const first = u.unmet[0]!;
        const needed = newestNeeded(u.unmet);
        return {
          failure: 'compose-too-old',
          location: { file: rel(first.file), line: first.line },
          data: {
            compose: u.version.text,
            needed: needed && formatTriple(needed),
            keys: u.unmet.map((n) => ({ key: n.key, since: formatTriple(n.since), file: rel(n.file), line: n.line })),
          },
        };
      }
      return { failure: 'config-invalid', location: err.files[0] ? { file: rel(err.files[0]) } : undefined };
    case 'project-directory': {
      const first = err.missing[0];
      return {
        failure: 'dockerfile-missing',
        data: {
          missing: err.missing.map((m) => ({ service: m.service, kind: m.kind, path: rel(m.path), nearest: m.nearest && rel(m.nearest) })),
        },
        location: first && at(locateBuildPath(err.files, first.service, first.kind)),
      };
    }
    case 'services':
      if (u instanceof ServiceNotStartedError) {
        const svc = ['services', u.notStarting.name];
        return {
          failure: 'service-not-started',
          data: { query: u.query, input: u.input, service: u.notStarting.name, why: u.notStarting.why },
          location: at(locateInCompose(err.files, [[...svc, 'deploy', 'replicas'], [...svc, 'scale'], svc])),
        };
      }
      if (u instanceof ServiceResolutionError)
        return {
          failure: u.kind === 'ambiguous' ? 'service-ambiguous' : 'service-missing',
          data: { query: u.query, candidates: u.candidates },
          location: at(locateInCompose(err.files, [['services']])),
        };
      if (u instanceof PortNotPublishedError)
        return {
          failure: 'port-not-published',
          data: { input: u.input, service: u.service, containerPort: u.containerPort },
          location: at(
            locateInCompose(err.files, [
              ['services', u.service, 'ports'],
              ['services', u.service],
            ]),
          ),
        };
      return { failure: 'port-not-published' };
  }
}
