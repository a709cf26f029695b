/**
 * Stage 5 of the plan, the profiles: COMPOSE_PROFILES, from the environment or the project
 * directory's `.env` (src/compose/profiles.ts), splits the resolved config into the services that
 * start and those left out.
 */
import type { ProfiledConfig, ResolvedConfig } from './plan-types.js';
import { activeProfiles, splitByProfiles } from './profiles.js';

/** The config's model reduced to the services that start, and the ones left out. */
export function applyProfiles(resolved: ResolvedConfig, env: NodeJS.ProcessEnv): ProfiledConfig {
  const profiles = activeProfiles(env, resolved.projectDirectory);
  const { active, inactive } = splitByProfiles(resolved.model, profiles.names);
  return { ...resolved, model: active, profiles, inactive };
}
