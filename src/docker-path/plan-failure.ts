/**
 * A plan that could not be made, as the report tells it: the check of the stage that failed, with
 * its failure kind, hint data and the line of the compose file it is about. A `compose config`
 * failure on a file written for a newer compose says which key needs which version.
 */
import { DECLARATION_KEY, DeclarationError, describeProblem } from '../compose/declared-readiness.js';
import { DiscoveryError } from '../compose/discovery.js';
import { PortNotPublishedError } from '../compose/endpoint-port.js';
import { locateBuildPath, locateInCompose, locateNode, type Location } from '../compose/locate.js';
import { ComposeTooOldError, newestNeeded, tooOldFor } from '../compose/needs.js';
import { PlanError, type PlanStage } from '../compose/plan-error.js';
import { ServiceNotStartedError } from '../compose/replicas.js';
import { ServiceResolutionError } from '../compose/services.js';
import type { ComposeCommand } from '../compose/types.js';
import { formatTriple } from '../compose/version.js';
import { errorMessage, type Check, type CheckOf } from '../report/model.js';
import type { PathContext } from './context.js';
import type { DockerStage } from './result.js';

/** What failed: the stage, why, and whether the compose file declares something the action cannot use. */
export interface PlanFailure {
  stage: DockerStage;
  reason: string;
  invalid?: true;
}

/** Add the failed stage's check for what `makePlan` threw, planning for `compose`. */
export function recordPlanFailure(ctx: PathContext, caught: unknown, compose: ComposeCommand): PlanFailure {
  const { inputs, report, rel } = ctx;
  const err = caught instanceof PlanError ? (tooOldFor(caught, compose, inputs.workspace) ?? caught) : caught;
  const stage: DockerStage = err instanceof PlanError ? err.stage : 'config';
  report.add({
    title: `Compose ${stage}`,
    status: 'failed',
    detail: errorMessage(err),
    ...(err instanceof PlanError ? planFailure(err, rel) : { id: 'compose.config', failure: 'config-invalid' }),
  });
  const invalid = err instanceof PlanError && err.underlying instanceof DeclarationError;
  return { stage, reason: errorMessage(err), ...(invalid ? { invalid } : {}) };
}

/** The check of a plan stage, `compose.<stage>`: its id with the facts that id carries. */
type StageFacts = { [S in PlanStage]: Pick<CheckOf<`compose.${S}`>, 'id' | 'failure' | 'data' | 'location'> }[PlanStage];

/** The failed stage's check id, failure kind, hint data and compose-file location. */
function planFailure(err: PlanError, rel: (p: string) => string): StageFacts {
  const at = (l: Location | undefined): Check['location'] => l && { file: rel(l.file), line: l.line };
  const u = err.underlying;
  switch (err.stage) {
    case 'discovery':
      return { id: 'compose.discovery', ...discoveryFailure(u, rel) };
    case 'config':
      if (u instanceof DeclarationError) {
        const first = u.problems[0];
        return {
          id: 'compose.config',
          failure: 'invalid-input',
          location: first && at(locateNode(err.files, first.path)),
          data: { declaration: DECLARATION_KEY, service: first?.service, problems: u.problems.map(describeProblem) },
        };
      }
      if (u instanceof ComposeTooOldError) {
        const first = u.unmet[0]!;
        const needed = newestNeeded(u.unmet);
        return {
          id: 'compose.config',
          failure: 'compose-too-old',
          location: { file: rel(first.file), line: first.line },
          data: {
            compose: u.version.text,
            needed: needed && formatTriple(needed),
            keys: u.unmet.map((n) => ({ key: n.key, since: formatTriple(n.since), file: rel(n.file), line: n.line })),
          },
        };
      }
      return { id: 'compose.config', failure: 'config-invalid', location: err.files[0] ? { file: rel(err.files[0]) } : undefined };
    case 'project-directory': {
      const first = err.missing[0];
      return {
        id: 'compose.project-directory',
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
          id: 'compose.services',
          failure: 'service-not-started',
          data: { query: u.query, input: u.input, service: u.notStarting.name, why: u.notStarting.why },
          location: at(locateInCompose(err.files, [[...svc, 'deploy', 'replicas'], [...svc, 'scale'], svc])),
        };
      }
      if (u instanceof ServiceResolutionError)
        return {
          id: 'compose.services',
          failure: u.kind === 'ambiguous' ? 'service-ambiguous' : 'service-missing',
          data: { query: u.query, candidates: u.candidates },
          location: at(locateInCompose(err.files, [['services']])),
        };
      if (u instanceof PortNotPublishedError)
        return {
          id: 'compose.services',
          failure: 'port-not-published',
          data: { input: u.input, service: u.service, containerPort: u.containerPort },
          location: at(
            locateInCompose(err.files, [
              ['services', u.service, 'ports'],
              ['services', u.service],
            ]),
          ),
        };
      return { id: 'compose.services', failure: 'port-not-published' };
  }
}

/** Discovery's failure: no compose file at all, or a named one that is missing (and where files of its name are). */
function discoveryFailure(u: unknown, rel: (p: string) => string): Pick<CheckOf<'compose.discovery'>, 'failure' | 'data'> {
  if (!(u instanceof DiscoveryError) || u.foundAt === undefined) return { failure: 'no-compose-file' };
  if (u.foundAt.length > 0) return { failure: 'file-found-elsewhere', data: { foundAt: u.foundAt } };
  return { failure: 'file-missing', data: u.file === undefined ? undefined : { file: rel(u.file) } };
}
