/** The error of a plan that cannot be made, with the stage that failed. A leaf: shapes only. */
import type { MissingBuildPath } from './plan-types.js';

export type PlanStage = 'discovery' | 'config' | 'project-directory' | 'services';

export class PlanError extends Error {
  constructor(
    readonly stage: PlanStage,
    message: string,
    readonly missing: MissingBuildPath[] = [],
    /** The error underneath (a DiscoveryError, a ServiceResolutionError), when there is one. */
    readonly underlying?: unknown,
  ) {
    super(message);
    this.name = 'PlanError';
  }

  /** The compose files the plan had chosen when it failed (none when discovery failed). */
  files: string[] = [];
}
