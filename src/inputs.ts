/**
 * Every input of action.yml, parsed and validated once into a typed {@link Inputs} object.
 *
 * Parsing is pure: it reads values through a function and resolves paths against a workspace
 * given by the caller, so it is tested with plain tables. Every problem throws an
 * {@link InputError} that names the input and the value it got.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UploadLogs } from './logs/types.js';
import { defaultOf, type InputName } from './input-names.js';

export type { InputName };

export type Mode = 'auto' | 'docker' | 'staging';
export type PullPolicy = 'missing' | 'always' | 'never';

/** Where a value came from, for the summary's "what later steps receive" table. */
export type ValueSource = 'input' | 'derived' | 'default';

export interface StagingInputs {
  /** Base URL of the staging backend, normalised (no trailing slash); undefined = no staging. */
  backendUrl: string | undefined;
  /** WebSocket URL: the input, or derived from backendUrl + websocket-path. */
  websocketUrl: string | undefined;
  websocketUrlSource: ValueSource;
  authUrl: string | undefined;
  /** Bearer token; already masked with core.setSecret by the caller before anything is logged. */
  token: string | undefined;
  timeoutMs: number;
}

export interface Inputs {
  mode: Mode;
  /** Absolute path of GITHUB_WORKSPACE. */
  workspace: string;
  /** Absolute path where discovery starts (inside the workspace). */
  workingDirectory: string;
  /** Absolute paths of the compose files given; empty = discover. */
  composeFiles: string[];
  /** Absolute project directory given; undefined = decide. */
  projectDirectory: string | undefined;
  projectName: string | undefined;
  services: string[];
  build: boolean;
  pull: PullPolicy;
  upFlags: string[];
  startupTimeoutMs: number;
  backendService: string;
  /** True when backend-service was set to something other than its default: then it must exist. */
  backendServiceExplicit: boolean;
  /** The backend's container port; the plan may choose another when it is left at its default (see plan.backend.port). */
  backendPort: number;
  /** True when backend-port was set to something other than its default: then it must be published. */
  backendPortExplicit: boolean;
  healthPath: string;
  /** undefined = no WebSocket check (websocket-path set to ''). */
  websocketPath: string | undefined;
  /** undefined = there is no auth service. */
  authService: string | undefined;
  /** True when auth-service was set to something other than its default. */
  authServiceExplicit: boolean;
  /** The auth service's container port; as backendPort (see plan.auth.port). */
  authPort: number;
  /** True when auth-port was set to something other than its default. */
  authPortExplicit: boolean;
  authHealthPath: string;
  staging: StagingInputs;
  failOnUnavailable: boolean;
  exportEnv: boolean;
  teardown: boolean;
  cacheImages: boolean;
  /** Reset container names and fixed host ports through an override file (compose 2.24.4+). */
  isolate: boolean;
  /** The host part of every Docker-mode URL, instead of the detected one; undefined = detect. */
  urlHost: string | undefined;
  /** When the services' complete logs are uploaded as an artifact (they are written either way). */
  uploadLogs: UploadLogs;
}

/** A bad input value. The message names the input and, unless it is secret, the value. */
export class InputError extends Error {
  constructor(
    readonly input: InputName,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** Reads one input's raw value ('' when unset), as core.getInput does. */
export type InputReader = (name: InputName) => string;

/** The inputs as the runner passes them: `INPUT_<NAME>` (spaces as `_`), trimmed; '' when not set. */
export function inputsFrom(env: NodeJS.ProcessEnv): InputReader {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export const DEFAULT_AUTH_SERVICE = defaultOf('auth-service');
export const DEFAULT_BACKEND_SERVICE = defaultOf('backend-service');
export const DEFAULT_BACKEND_PORT = Number(defaultOf('backend-port'));
export const DEFAULT_AUTH_PORT = Number(defaultOf('auth-port'));
const MAX_STARTUP_TIMEOUT_S = 3600;
const MAX_STAGING_TIMEOUT_S = 600;

/** Quote a value for an error message: JSON keeps control characters visible. */
export function show(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

/** One of `allowed`, in any case; empty means action.yml's default. */
function oneOf<T extends string>(input: InputName, raw: string, allowed: readonly T[]): T {
  const value = raw.trim().toLowerCase();
  if (value === '') return defaultOf(input) as T;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(input, `Input '${input}' must be one of ${allowed.join(', ')}; got ${show(raw)}.`);
}

/** A host for URLs: a DNS name, an IPv4 address, or an IPv6 address (brackets added); no scheme, port or path. */
export function parseHost(input: InputName, raw: string): string | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  if (new RegExp(`^${label}(?:\\.${label})*\\.?$`).test(v) && v.length <= 253) return v;
  const bare = v.replace(/^\[(.*)\]$/, '$1');
  if (bare.includes(':') && /^[0-9A-Fa-f:.]+$/.test(bare)) {
    try {
      return new URL(`http://[${bare}]/`).hostname;
    } catch {
      // not an IPv6 address: the error below
    }
  }
  throw new InputError(input, `Input '${input}' must be a host name or an IP address, with no scheme, port or path; got ${show(raw)}.`);
}

/** true/false in any case; empty means the default. Anything else is an error. */
export function parseBoolean(input: InputName, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (value === '') return defaultOf(input) === 'true';
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(input, `Input '${input}' must be true or false; got ${show(raw)}.`);
}

/**
 * Timeouts below this are no budget at all: a probe cannot even connect (0.0001 was accepted, and
 * ended every probe as "no answer").
 */
export const MIN_TIMEOUT_S = 1;

/** A number of seconds from MIN_TIMEOUT_S to `max`; returned in milliseconds. */
export function parseSeconds(input: InputName, raw: string, max: number): number {
  const value = raw.trim();
  if (value === '') return Number(defaultOf(input)) * 1000;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < MIN_TIMEOUT_S || n > max) {
    throw new InputError(input, `Input '${input}' must be a number of seconds from ${MIN_TIMEOUT_S} to ${max}; got ${show(raw)}.`);
  }
  return Math.round(n * 1000);
}

export function parsePort(input: InputName, raw: string): number {
  const value = raw.trim();
  if (value === '') return Number(defaultOf(input));
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new InputError(input, `Input '${input}' must be a port number from 1 to 65535; got ${show(raw)}.`);
  }
  return n;
}

/** A list: one item per line or comma-separated; blanks dropped. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parsePath(input: InputName, raw: string): string {
  const value = raw.trim();
  if (value === '') return defaultOf(input);
  if (!value.startsWith('/') || /[\s?#]/.test(value)) {
    throw new InputError(input, `Input '${input}' must be a URL path starting with '/' (no spaces, '?' or '#'); got ${show(raw)}.`);
  }
  return value;
}

/**
 * Resolve `raw` against `base` and make sure it stays inside the workspace, lexically and, when it
 * exists, after following symlinks.
 */
export function resolveInsideWorkspace(input: InputName, raw: string, base: string, workspace: string): string {
  if (raw.includes('\0')) throw new InputError(input, `Input '${input}' contains a NUL character.`);
  const resolved = path.resolve(base, raw);
  const escapes = (p: string, root: string): boolean => {
    const rel = path.relative(root, p);
    return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  };
  if (escapes(resolved, workspace)) {
    throw new InputError(
      input,
      `Input '${input}' must stay inside the workspace (${workspace}); got ${show(raw)}, which resolves to ${resolved}.`,
    );
  }
  let real: string | undefined;
  try {
    real = fs.realpathSync(resolved);
  } catch {
    // Does not exist (yet): the lexical check above is all there is to check.
  }
  if (real !== undefined && escapes(real, safeRealpath(workspace))) {
    throw new InputError(input, `Input '${input}' must stay inside the workspace (${workspace}); got ${show(raw)}, a link to ${real}.`);
  }
  return resolved;
}

function safeRealpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Strip the password from a URL before it appears in an error. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}

function parseUrl(input: InputName, raw: string, protocols: readonly string[]): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  // The URL parser drops tabs and newlines silently: a URL that holds one is a mistake to name.
  if (/[\u0000-\u001f\u007f\s]/.test(value)) {
    throw new InputError(
      input,
      `Input '${input}' must be one URL, with no spaces, tabs or line breaks inside; got ${show(redactUrl(value))}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(input, `Input '${input}' must be an absolute ${protocols.join(' or ')} URL; got ${show(redactUrl(value))}.`);
  }
  if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
    throw new InputError(input, `Input '${input}' must be an absolute ${protocols.join(' or ')} URL; got ${show(redactUrl(value))}.`);
  }
  if (url.hash !== '') {
    throw new InputError(input, `Input '${input}' must not have a #fragment; got ${show(redactUrl(value))}.`);
  }
  return url.toString().replace(/\/$/, '');
}

/** http→ws, https→wss, plus the WebSocket path. */
export function deriveWebsocketUrl(backendUrl: string, websocketPath: string): string {
  const url = new URL(backendUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}${websocketPath}`;
  return url.toString();
}

const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

function parseServiceName(input: InputName, raw: string): string {
  const value = raw.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) {
    throw new InputError(input, `Input '${input}' must be a service name (letters, digits, '.', '_', '-'); got ${show(raw)}.`);
  }
  return value;
}

/**
 * Split a string into words the way a POSIX shell would (single and double quotes, backslash
 * escapes), without expansion. Operators such as `;`, `|`, `&`, `>` and `$(` are refused: up-flags
 * are arguments, not a command line.
 */
export function shellWords(input: InputName, raw: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const fail = (why: string): never => {
    throw new InputError(input, `Input '${input}' could not be parsed: ${why}; got ${show(raw)}.`);
  };
  while (i < raw.length) {
    const c = raw[i] as string;
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) fail('unclosed single quote');
      word += raw.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= raw.length) fail('unclosed double quote');
        const d = raw[i] as string;
        if (d === '"') break;
        if (d === '\\' && i + 1 < raw.length && '"\\$`\n'.includes(raw[i + 1] as string)) {
          word += raw[i + 1];
          i += 2;
          continue;
        }
        if (d === '$' || d === '`') fail(`'${d}' (no expansion is done; quote it with single quotes)`);
        word += d;
        i++;
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 >= raw.length) fail('trailing backslash');
      if (raw[i + 1] !== '\n') {
        word += raw[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (';&|<>()`$'.includes(c)) {
      fail(`'${c}' is a shell operator or expansion, not part of a flag (quote it if it is meant literally)`);
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * backend-port and auth-port, each with whether it was set. The runner gives action.yml's default
 * for an unset input, so the default value counts as unset (as for backend-service).
 */
function endpointPorts(read: InputReader): Pick<Inputs, 'backendPort' | 'backendPortExplicit' | 'authPort' | 'authPortExplicit'> {
  const backendPort = parsePort('backend-port', read('backend-port'));
  const authPort = parsePort('auth-port', read('auth-port'));
  return {
    backendPort,
    backendPortExplicit: backendPort !== DEFAULT_BACKEND_PORT,
    authPort,
    authPortExplicit: authPort !== DEFAULT_AUTH_PORT,
  };
}

/** The staging inputs: URLs (the WebSocket one derived from the backend's when not given), token, timeout. */
function stagingInputs(read: InputReader, websocketPath: string | undefined): StagingInputs {
  const backendUrl = parseUrl('staging-backend-url', read('staging-backend-url'), ['http', 'https']);
  const wsInput = parseUrl('staging-websocket-url', read('staging-websocket-url'), ['ws', 'wss']);
  const authUrl = parseUrl('staging-auth-url', read('staging-auth-url'), ['http', 'https']);
  const token = read('staging-token').trim();
  if (/[\r\n\0]/.test(token)) {
    throw new InputError('staging-token', "Input 'staging-token' must be one line (it holds a newline or NUL character; value not shown).");
  }
  const derive = wsInput === undefined && backendUrl !== undefined && websocketPath !== undefined;
  return {
    backendUrl,
    websocketUrl: derive ? deriveWebsocketUrl(backendUrl, websocketPath) : wsInput,
    websocketUrlSource: derive ? 'derived' : 'input',
    authUrl,
    token: token === '' ? undefined : token,
    timeoutMs: parseSeconds('staging-timeout', read('staging-timeout'), MAX_STAGING_TIMEOUT_S),
  };
}

/**
 * Parse and validate every input. `read` returns the raw value of one input ('' when unset);
 * `workspace` is GITHUB_WORKSPACE. Secrets must be masked by the caller before this runs, so a
 * thrown message can be logged safely; messages never include `staging-token`.
 */
export function parseInputs(read: InputReader, workspace: string): Inputs {
  const ws = path.resolve(workspace);
  const mode = oneOf('mode', read('mode'), ['auto', 'docker', 'staging'] as const);
  const workingDirectory = resolveInsideWorkspace(
    'working-directory',
    read('working-directory').trim() || defaultOf('working-directory'),
    ws,
    ws,
  );
  const composeFiles = parseList(read('compose-files')).map((f) => resolveInsideWorkspace('compose-files', f, workingDirectory, ws));
  const projectDirRaw = read('project-directory').trim();
  const projectDirectory = projectDirRaw === '' ? undefined : resolveInsideWorkspace('project-directory', projectDirRaw, ws, ws);

  const projectNameRaw = read('project-name').trim();
  if (projectNameRaw !== '' && !PROJECT_NAME.test(projectNameRaw)) {
    throw new InputError(
      'project-name',
      `Input 'project-name' must be lower-case letters, digits, '_' and '-', starting with a letter or digit; got ${show(projectNameRaw)}.`,
    );
  }

  const services = parseList(read('services')).map((s) => parseServiceName('services', s));
  const backendService = parseServiceName('backend-service', read('backend-service').trim() || DEFAULT_BACKEND_SERVICE);
  const authRaw = read('auth-service').trim();
  const authService = authRaw === '' ? undefined : parseServiceName('auth-service', authRaw);

  const healthPath = parsePath('health-path', read('health-path'));
  // The runner gives action.yml's default (/ws) for an unset input: an empty value was set on purpose.
  const websocketPath = read('websocket-path').trim() === '' ? undefined : parsePath('websocket-path', read('websocket-path'));

  return {
    mode,
    workspace: ws,
    workingDirectory,
    composeFiles,
    projectDirectory,
    projectName: projectNameRaw === '' ? undefined : projectNameRaw,
    services,
    build: parseBoolean('build', read('build')),
    pull: oneOf('pull', read('pull'), ['missing', 'always', 'never'] as const),
    upFlags: shellWords('up-flags', read('up-flags')),
    startupTimeoutMs: parseSeconds('startup-timeout', read('startup-timeout'), MAX_STARTUP_TIMEOUT_S),
    backendService,
    backendServiceExplicit: backendService !== DEFAULT_BACKEND_SERVICE,
    ...endpointPorts(read),
    healthPath,
    websocketPath,
    authService,
    authServiceExplicit: authService !== undefined && authService !== DEFAULT_AUTH_SERVICE,
    authHealthPath: parsePath('auth-health-path', read('auth-health-path')),
    staging: stagingInputs(read, websocketPath),
    failOnUnavailable: parseBoolean('fail-on-unavailable', read('fail-on-unavailable')),
    exportEnv: parseBoolean('export-env', read('export-env')),
    teardown: parseBoolean('teardown', read('teardown')),
    cacheImages: parseBoolean('cache-images', read('cache-images')),
    isolate: parseBoolean('isolate', read('isolate')),
    urlHost: parseHost('url-host', read('url-host')),
    uploadLogs: oneOf('upload-logs', read('upload-logs'), ['on-failure', 'always', 'never'] as const),
  };
}
