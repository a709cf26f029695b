/**
 * Services `up` creates no container for: `deploy.replicas: 0` or `scale: 0` in the files, or
 * `--scale NAME=0` in up-flags. Compose v2 2.26 and v1 1.29 both start nothing for such a
 * service, not even when `up` names it, and say nothing; `--scale NAME=N` overrides the files
 * either way (__tests__/fixtures/compose-output/README.md). Pure.
 */
import type { ComposeModel } from './model-types.js';
import type { NotStarting } from './plan-types.js';
import type { InputName } from '../input-names.js';

/**
 * The `--scale NAME=N` (or `--scale=NAME=N`) of up-flags, by service; a later one wins, as it does
 * for compose. Anything else is left to compose to judge.
 */
export function scaleFlags(upFlags: string[]): Map<string, number> {
  const out = new Map<string, number>();
  upFlags.forEach((flag, i) => {
    const value = flag === '--scale' ? upFlags[i + 1] : flag.startsWith('--scale=') ? flag.slice('--scale='.length) : undefined;
    const m = value === undefined ? null : /^([^=]+)=(\d+)$/.exec(value);
    if (m) out.set(m[1] as string, Number(m[2]));
  });
  return out;
}

/** The services of `model` that `up` with these flags creates no container for, in model order. */
export function notStarting(model: ComposeModel, upFlags: string[]): NotStarting[] {
  const flags = scaleFlags(upFlags);
  const out: NotStarting[] = [];
  for (const svc of model.services.values()) {
    const flag = flags.get(svc.name);
    if (flag === 0) out.push({ name: svc.name, why: `up-flags --scale ${svc.name}=0`, inFile: false });
    else if (flag === undefined && svc.replicas?.count === 0) out.push({ name: svc.name, why: `${svc.replicas.key}: 0`, inFile: true });
  }
  return out;
}

/** "alpine-test-backend starts no container (deploy.replicas: 0)", the words every message uses. */
export function describeNotStarting(s: NotStarting): string {
  return `${s.name} starts no container (${s.why})`;
}

/** A service named by an input (`services`, `backend-service`, `auth-service`) that starts no container. */
export class ServiceNotStartedError extends Error {
  constructor(
    readonly input: Extract<InputName, 'services' | 'backend-service' | 'auth-service'>,
    readonly query: string,
    readonly notStarting: NotStarting,
  ) {
    const s = notStarting;
    const named = query === s.name ? s.name : `'${query}' is ${s.name}, which`;
    const instead = input === 'services' ? `Remove it from '${input}'` : `Set '${input}' to a service that starts`;
    const start = s.inFile ? `start it with up-flags '--scale ${s.name}=1'` : `drop '--scale ${s.name}=0' from up-flags`;
    super(
      `Input '${input}': ${named} starts no container (${s.why}): compose creates none for it, even when named. ${instead}, or ${start}.`,
    );
    this.name = 'ServiceNotStartedError';
  }
}
