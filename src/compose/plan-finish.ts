/**
 * Stage 7 of the plan, the plan itself: the readiness the starting services declare
 * (`x-compose-or-staging`) must be usable, and the values of the stages before are put together
 * as the plan `up`, the wait and the report read.
 */
import { byText } from '../order.js';
import { DeclarationError } from './declared-readiness.js';
import { PlanError } from './plan-error.js';
import type { ComposePlan, ServicedConfig } from './plan-types.js';
import type { ComposeCommand } from './types.js';

/** The plan for `compose` under `projectName`; a PlanError of the 'config' stage when a declaration is not usable. */
export function finishPlan(p: ServicedConfig, compose: ComposeCommand, projectName: string): ComposePlan {
  const problems = [...p.model.services.values()].flatMap((s) => s.readyProblems ?? []);
  if (problems.length > 0) {
    const err = new DeclarationError(problems);
    throw new PlanError('config', err.message, [], err);
  }
  return {
    compose,
    projectName,
    projectDirectory: p.projectDirectory,
    projectDirectoryWhy: p.projectDirectoryWhy,
    files: p.files,
    model: p.model,
    profiles: p.profiles,
    inactive: p.inactive.map((s) => ({ name: s.name, profiles: s.profiles })).sort((a, b) => byText(a.name, b.name)),
    discovery: p.discovery,
    services: p.services,
    awaited: p.awaited,
    backend: p.backend,
    auth: p.auth,
    resolutions: p.resolutions,
    notStarting: p.notStarting,
    notices: p.notices,
    notBuilt: p.notBuilt,
  };
}
