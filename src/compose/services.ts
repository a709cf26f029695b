/**
 * Service resolution: the tests say `backend`, compose says `alpine-test-backend`. A name is found
 * as a service name, then a network alias, then as the end of one service's name after a `-`,
 * `_` or `.` (a prefixed name). Pure.
 */
import type { ComposeModel } from './model-types.js';
import type { ResolvedService } from './plan-types.js';

export class ServiceResolutionError extends Error {
  constructor(
    readonly query: string,
    readonly kind: 'missing' | 'ambiguous',
    readonly candidates: string[],
    message: string,
  ) {
    super(message);
    this.name = 'ServiceResolutionError';
  }
}

/** Resolve one name, or return undefined when nothing matches. Ambiguity throws. */
export function findService(model: ComposeModel, query: string, input: string): ResolvedService | undefined {
  if (model.services.has(query)) return { query, service: query, via: 'name' };
  const byAlias = [...model.services.values()].filter((s) => s.aliases.includes(query)).map((s) => s.name);
  if (byAlias.length === 1) return { query, service: byAlias[0] as string, via: 'alias' };
  if (byAlias.length > 1) {
    throw new ServiceResolutionError(
      query,
      'ambiguous',
      byAlias,
      `Input '${input}': '${query}' is a network alias of several services: ${byAlias.join(', ')}. Name one of them.`,
    );
  }
  const byPrefix = [...model.services.keys()].filter(
    (name) => name.length > query.length && name.endsWith(query) && '-_.'.includes(name[name.length - query.length - 1] as string),
  );
  if (byPrefix.length === 1) return { query, service: byPrefix[0] as string, via: 'prefix' };
  if (byPrefix.length > 1) {
    throw new ServiceResolutionError(
      query,
      'ambiguous',
      byPrefix,
      `Input '${input}': '${query}' matches several services: ${byPrefix.join(', ')}. Name one of them.`,
    );
  }
  return undefined;
}

/** Resolve a name that must exist. */
export function resolveService(model: ComposeModel, query: string, input: string): ResolvedService {
  const found = findService(model, query, input);
  if (found) return found;
  const names = [...model.services.keys()];
  throw new ServiceResolutionError(
    query,
    'missing',
    names,
    `Input '${input}': no service '${query}' (by name, network alias or prefixed name). The services are: ${names.join(', ') || '(none)'}.`,
  );
}

/** Say how a name was found, e.g. "backend → alpine-test-backend (via prefix)". */
export function describeResolution(r: ResolvedService): string {
  return r.via === 'name' ? r.service : `${r.query} → ${r.service} (via ${r.via})`;
}
