/**
 * Compose profiles. A service with `profiles:` starts only when one of them is active; the active
 * ones come from COMPOSE_PROFILES, in the environment or else in the project directory's `.env`
 * (as compose reads it), and `*` activates them all. Compose v1's `config` prints every service,
 * v2's only the active ones (the plan adds the others from the raw files): filtering here gives
 * both, and the raw prediction, the same stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ComposeModel, ServiceSpec } from './model-types.js';
import type { ActiveProfiles } from './plan-types.js';

/** One variable of a compose `.env` file (KEY=VALUE, quotes, `export `, comments); undefined when absent. */
export function dotenvValue(text: string, key: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m || m[1] !== key) continue;
    const raw = (m[2] as string).trim();
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    found = quoted ? (quoted[2] as string) : raw.replace(/\s+#.*$/, '');
  }
  return found;
}

export function activeProfiles(env: NodeJS.ProcessEnv, projectDirectory: string): ActiveProfiles {
  const split = (v: string): string[] =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (env.COMPOSE_PROFILES !== undefined) return { names: split(env.COMPOSE_PROFILES), from: 'environment' };
  let text: string;
  try {
    text = fs.readFileSync(path.join(projectDirectory, '.env'), 'utf8');
  } catch {
    return { names: [], from: undefined };
  }
  const v = dotenvValue(text, 'COMPOSE_PROFILES');
  return v === undefined ? { names: [], from: undefined } : { names: split(v), from: '.env' };
}

export function isActive(svc: ServiceSpec, active: string[]): boolean {
  return svc.profiles.length === 0 || active.includes('*') || svc.profiles.some((p) => active.includes(p));
}

/** The model of the services that start, and those left out by their profiles. Pure. */
export function splitByProfiles(model: ComposeModel, active: string[]): { active: ComposeModel; inactive: ServiceSpec[] } {
  const on = new Map<string, ServiceSpec>();
  const inactive: ServiceSpec[] = [];
  for (const [name, svc] of model.services) {
    if (isActive(svc, active)) on.set(name, svc);
    else inactive.push(svc);
  }
  return { active: { ...model, services: on }, inactive };
}

/** "COMPOSE_PROFILES is not set" / "COMPOSE_PROFILES=a,b (from .env)". */
export function describeActive(p: ActiveProfiles): string {
  if (p.from === undefined) return 'COMPOSE_PROFILES is not set';
  return `COMPOSE_PROFILES=${p.names.join(',')}${p.from === '.env' ? ' (from .env)' : ''}`;
}

/** "profile debug" / "profiles debug, tools". */
export function profileList(svc: Pick<ServiceSpec, 'profiles'>): string {
  return `${svc.profiles.length === 1 ? 'profile' : 'profiles'} ${svc.profiles.join(', ')}`;
}

/** The services `up` starts from `projectDirectory` (their profiles active, as its `.env` may say). */
export function startingServices(model: ComposeModel, env: NodeJS.ProcessEnv, projectDirectory: string): ComposeModel {
  return splitByProfiles(model, activeProfiles(env, projectDirectory).names).active;
}
