/**
 * The vocabulary of readiness: the rules that make a service ready, the checks a compose file
 * may declare for a service, and what one check says at one moment. A leaf: it imports nothing.
 *
 * The rules, in the order they apply (the first that fits a service is its rule; see
 * readiness/rules.ts): `declared`, `endpoint` (the backend or auth service: its HTTP/WebSocket
 * probes), `healthcheck`, `listening` (every published TCP port listening inside the container),
 * `running` (running, and not exited or restarted within 1 s of its start). A one-shot that
 * exited 0 is `done`, whatever its rule would have been.
 */

export type ReadyRule = 'declared' | 'endpoint' | 'healthcheck' | 'listening' | 'running';

/** How a service came to be ready: its rule, or `done` for a one-shot that exited 0. */
export type ReadyBy = ReadyRule | 'done';

/** An HTTP status a declared check expects: one code, or a class such as `2xx`. */
export type StatusSpec = number | `${1 | 2 | 3 | 4 | 5}xx`;

/** One check of a service's `x-compose-or-staging.ready` list. */
export type DeclaredCheck =
  /** A line of the container's log matches this regular expression (JavaScript syntax). */
  | { kind: 'log'; pattern: string }
  /** This container port is listening inside the container (on an address other than loopback). */
  | { kind: 'tcp'; port: number }
  /** A GET of `path` on this container port answers `status`. */
  | { kind: 'http'; port: number; path: string; status: StatusSpec }
  /** A WebSocket handshake on `path` of this container port succeeds. */
  | { kind: 'websocket'; port: number; path: string };

/** A declaration that cannot be used: which service, which key (a path under the service), why. */
export interface DeclarationProblem {
  service: string;
  /** The key path in the compose file, from `services` down (indices for list items). */
  path: Array<string | number>;
  message: string;
}

/** What one check says now. `fail` ends the wait: waiting cannot change it. */
export type CheckState = { state: 'pass'; why: string } | { state: 'wait'; why: string } | { state: 'fail'; why: string };

type StateOf<S extends CheckState['state']> = Extract<CheckState, { state: S }>;

export const pass = (why: string): StateOf<'pass'> => ({ state: 'pass', why });
export const wait = (why: string): StateOf<'wait'> => ({ state: 'wait', why });
export const fail = (why: string): StateOf<'fail'> => ({ state: 'fail', why });
