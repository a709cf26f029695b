/**
 * Declared readiness: the `x-compose-or-staging` key of a service, read from the compose file's
 * data (compose ignores `x-` keys; its `config` YAML output, v1 and v2 alike, keeps them). Pure.
 *
 * ```yaml
 * x-compose-or-staging:
 *   ready:
 *     - log: "ready to accept connections"          # a regular expression on the container's log
 *     - tcp: 5432                                    # a container port listening inside the container
 *     - http: { port: 9200, path: /health, status: 200 }  # status: a code or a class (default 2xx)
 *     - websocket: { port: 9200, path: /events }
 * ```
 */
import type { DeclarationProblem, DeclaredCheck, StatusSpec } from '../readiness/types.js';

/** The extension key a service declares its readiness under. */
export const DECLARATION_KEY = 'x-compose-or-staging';

const KINDS = ['log', 'tcp', 'http', 'websocket'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v)));

class Problems {
  readonly list: DeclarationProblem[] = [];
  constructor(private readonly service: string) {}
  add(path: Array<string | number>, message: string): undefined {
    this.list.push({ service: this.service, path: ['services', this.service, DECLARATION_KEY, ...path], message });
    return undefined;
  }
}

/** A TCP port: an integer 1-65535, or such a number written as a string (interpolated). */
function portOf(raw: unknown, at: Array<string | number>, problems: Problems): number | undefined {
  const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  return problems.add(at, `${show(raw)} is not a port: give a container port, a number from 1 to 65535`);
}

function statusOf(raw: unknown, at: Array<string | number>, problems: Problems): StatusSpec | undefined {
  if (raw === undefined) return '2xx';
  const n = typeof raw === 'string' && /^\d{3}$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599) return n;
  if (typeof raw === 'string' && /^[1-5]xx$/i.test(raw.trim())) return raw.trim().toLowerCase() as StatusSpec;
  return problems.add(at, `${show(raw)} is not an HTTP status: give a code such as 200, or a class such as 2xx`);
}

function pathOf(raw: unknown, at: Array<string | number>, problems: Problems): string | undefined {
  if (raw === undefined) return '/';
  if (typeof raw === 'string' && raw.startsWith('/') && !/\s/.test(raw)) return raw;
  return problems.add(at, `${show(raw)} is not a URL path: it must start with / and hold no spaces`);
}

/** `http:` / `websocket:` as `{ port, path, status }`, or a bare port (path `/`). */
function endpointOf(kind: 'http' | 'websocket', raw: unknown, at: Array<string | number>, problems: Problems): DeclaredCheck | undefined {
  const fields = isObj(raw) ? raw : { port: raw };
  const allowed = kind === 'http' ? ['port', 'path', 'status'] : ['port', 'path'];
  for (const k of Object.keys(fields).filter((k) => !allowed.includes(k)))
    problems.add([...at, k], `unknown key '${k}' (${kind} takes ${allowed.join(', ')})`);
  if (fields.port === undefined) return problems.add(at, `${kind} needs a port: { port: 8080, path: /health }`);
  const port = portOf(fields.port, [...at, 'port'], problems);
  const path = pathOf(fields.path, [...at, 'path'], problems);
  if (kind === 'websocket') return port && path ? { kind, port, path } : undefined;
  const status = statusOf(fields.status, [...at, 'status'], problems);
  return port && path && status ? { kind, port, path, status } : undefined;
}

function logOf(raw: unknown, at: Array<string | number>, problems: Problems): DeclaredCheck | undefined {
  if (typeof raw !== 'string' || raw === '')
    return problems.add(at, `${show(raw)} is not a pattern: give a regular expression as a string`);
  try {
    new RegExp(raw);
  } catch (err) {
    return problems.add(at, `${show(raw)} is not a regular expression: ${(err as Error).message}`);
  }
  return { kind: 'log', pattern: raw };
}

function checkOf(item: unknown, i: number, problems: Problems): DeclaredCheck | undefined {
  const at: Array<string | number> = ['ready', i];
  const keys = isObj(item) ? Object.keys(item) : [];
  if (!isObj(item) || keys.length !== 1)
    return problems.add(at, `each item of ready is one check: log, tcp, http or websocket (got ${show(item)})`);
  const kind = keys[0] as string;
  const value = item[kind];
  switch (kind) {
    case 'log':
      return logOf(value, [...at, kind], problems);
    case 'tcp': {
      const port = portOf(value, [...at, kind], problems);
      return port ? { kind: 'tcp', port } : undefined;
    }
    case 'http':
    case 'websocket':
      return endpointOf(kind, value, [...at, kind], problems);
    default:
      return problems.add([...at, kind], `unknown check '${kind}' (the checks are ${KINDS.join(', ')})`);
  }
}

/**
 * The checks a service declares, and what is wrong with its declaration. `undefined` checks: it
 * declares none (the key is absent). Pure.
 */
export function parseDeclaration(service: string, svc: Obj): { checks: DeclaredCheck[] | undefined; problems: DeclarationProblem[] } {
  const problems = new Problems(service);
  const raw = svc[DECLARATION_KEY];
  if (raw === undefined || raw === null) return { checks: undefined, problems: [] };
  if (!isObj(raw)) {
    problems.add([], `${DECLARATION_KEY} must be a map with a 'ready' list`);
    return { checks: undefined, problems: problems.list };
  }
  for (const k of Object.keys(raw).filter((k) => k !== 'ready')) problems.add([k], `unknown key '${k}' (the only key is 'ready')`);
  const ready = raw.ready;
  if (!Array.isArray(ready) || ready.length === 0) {
    problems.add(ready === undefined ? [] : ['ready'], `'ready' must be a list of one or more checks (log, tcp, http, websocket)`);
    return { checks: undefined, problems: problems.list };
  }
  const checks = ready.map((item, i) => checkOf(item, i, problems));
  return { checks: checks.filter((c): c is DeclaredCheck => c !== undefined), problems: problems.list };
}

/** One check as a person reads it: `log /ready/`, `tcp 5432`, `http :9200/health → 200`. Pure. */
export function describeCheck(c: DeclaredCheck): string {
  switch (c.kind) {
    case 'log':
      return `log /${c.pattern}/`;
    case 'tcp':
      return `tcp ${c.port}`;
    case 'http':
      return `http :${c.port}${c.path} → ${c.status}`;
    case 'websocket':
      return `websocket :${c.port}${c.path}`;
  }
}

/** A problem as one line: "service db, x-compose-or-staging.ready[1].tcp: 'abc' is not a port …". Pure. */
export function describeProblem(p: DeclarationProblem): string {
  const key = p.path
    .slice(2)
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`))
    .join('');
  return `service ${p.service}, ${key}: ${p.message}`;
}

/** A stack whose declared readiness cannot be used: refused before `up`, as an invalid input. */
export class DeclarationError extends Error {
  constructor(readonly problems: DeclarationProblem[]) {
    super(
      `Invalid ${DECLARATION_KEY} in the compose file: ${problems
        .slice(0, 3)
        .map(describeProblem)
        .join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
    );
    this.name = 'DeclarationError';
  }
}
