/**
 * What later steps receive: the outputs (every mode) and, with export-env, the environment
 * variables of the contract. {@link planExports} is pure and says where each value came from;
 * {@link publishExports} writes them.
 */
import * as runner from './runner.js';
import type { Decision } from './decision.js';
import type { Inputs } from './inputs.js';
import { portVariables, type ServicePorts } from './stack/service-ports.js';
import { outsideLine, outsideText } from './report/outside.js';

export type Source = 'input' | 'derived' | 'detected from Docker' | 'decision' | 'fixed';

export interface Exported {
  value: string;
  source: Source;
}

/**
 * The Docker stack's endpoints, when the Docker path got that far. No backend (backend-service
 * left at its default and absent) leaves them all undefined; an empty websocket-path the WebSocket URL.
 */
export interface DockerEndpoints {
  backendUrl: string | undefined;
  websocketUrl: string | undefined;
  authUrl: string | undefined;
  backendPort: number | undefined;
  /** Every started service's host and published ports. */
  servicePorts: ServicePorts;
}

export interface ExportFacts {
  decision: Decision;
  dockerAvailable: boolean;
  docker: DockerEndpoints | undefined;
  /** Workspace-relative compose files, project directory and project name compose ran with. */
  composeFiles: string[];
  projectDirectory: string | undefined;
  projectName: string | undefined;
  reportPath: string;
  /** With cache-images, once the images were settled: whether they came from the cache. */
  cacheHit?: 'true' | 'partial' | 'false';
  /** The name of the logs artifact the main step uploaded, when it did. */
  logsArtifact?: string;
}

export interface ExportPlan {
  outputs: Record<string, Exported>;
  env: Record<string, Exported>;
}

/** Build every output and variable with its source. Pure. */
export function planExports(inputs: Inputs, facts: ExportFacts): ExportPlan {
  const { decision, docker } = facts;
  const s = inputs.staging;
  const stagingWsSource: Source = s.websocketUrlSource === 'derived' ? 'derived' : 'input';
  const fixed = (value: string): Exported => ({ value, source: 'fixed' });
  const fromInput = (value: string | undefined): Exported => ({ value: value ?? '', source: 'input' });

  let backend: Exported = fixed('');
  let websocket: Exported = fixed('');
  let auth: Exported = fixed('');
  let backendPort: Exported = fixed('');
  const detected = (value: string | number | undefined): Exported =>
    value === undefined ? fixed('') : { value: String(value), source: 'detected from Docker' };
  if (decision.mode === 'docker' && docker) {
    backend = detected(docker.backendUrl);
    websocket = detected(docker.websocketUrl);
    auth = docker.backendUrl === undefined ? fixed('') : { value: docker.authUrl ?? '', source: 'detected from Docker' };
    backendPort = detected(docker.backendPort);
  } else if (decision.mode === 'staging') {
    backend = fromInput(s.backendUrl);
    websocket = { value: s.websocketUrl ?? '', source: stagingWsSource };
    auth = fromInput(s.authUrl);
  }

  const outputs: Record<string, Exported> = {
    mode: { value: decision.mode, source: 'decision' },
    'use-staging-fallback': { value: String(decision.mode === 'staging'), source: 'decision' },
    'docker-available': { value: String(facts.dockerAvailable), source: 'detected from Docker' },
    'backend-url': backend,
    'websocket-url': websocket,
    'auth-url': auth,
    'backend-port': backendPort,
    'staging-backend-url': fromInput(s.backendUrl),
    'staging-websocket-url': { value: s.websocketUrl ?? '', source: s.websocketUrl ? stagingWsSource : 'fixed' },
    'staging-auth-url': fromInput(s.authUrl),
    'compose-files': { value: facts.composeFiles.join('\n'), source: inputs.composeFiles.length ? 'input' : 'derived' },
    'project-directory': { value: facts.projectDirectory ?? '', source: inputs.projectDirectory ? 'input' : 'derived' },
    'project-name': { value: facts.projectName ?? '', source: inputs.projectName ? 'input' : 'derived' },
    reason: { value: decision.reason, source: 'decision' },
    report: { value: facts.reportPath, source: 'fixed' },
    'service-ports':
      decision.mode === 'docker' && docker ? { value: JSON.stringify(docker.servicePorts), source: 'detected from Docker' } : fixed(''),
    // false without cache-images, or when Docker ended before the images were settled.
    'cache-hit': facts.cacheHit ? { value: facts.cacheHit, source: 'detected from Docker' } : fixed('false'),
    'logs-artifact': facts.logsArtifact ? { value: facts.logsArtifact, source: 'detected from Docker' } : fixed(''),
  };

  const env: Record<string, Exported> = {};
  if (inputs.exportEnv) {
    if (decision.mode === 'none') {
      env.TEST_MODE = fixed('none');
      env.USE_STAGING_FALLBACK = fixed('false');
    } else {
      env.TEST_MODE = fixed(decision.mode === 'docker' ? 'docker' : 'staging_fallback');
      env.USE_STAGING_FALLBACK = fixed(String(decision.mode === 'staging'));
      // No backend: no URL variable at all; no WebSocket endpoint: no WebSocket URL. A variable the
      // job already had is then not overwritten with nothing.
      const hasBackend = backend.value !== '';
      if (hasBackend) {
        env.BACKEND_URL = backend;
        if (websocket.value !== '') env.WEBSOCKET_URL = websocket;
        env.AUTH_URL = auth;
      }
      if (decision.mode === 'docker') {
        if (hasBackend) env.DOCKER_BACKEND_PORT = backendPort;
        for (const [k, v] of Object.entries(portVariables(docker?.servicePorts ?? {})))
          env[k] = { value: v, source: 'detected from Docker' };
      } else {
        env.USE_STAGING_SERVICES = fixed('true');
        env.STAGING_BASE_URL = fromInput(s.backendUrl);
        env.STAGING_BACKEND_URL = fromInput(s.backendUrl);
        if (s.websocketUrl !== undefined) env.STAGING_WEBSOCKET_URL = { value: s.websocketUrl, source: stagingWsSource };
        env.STAGING_AUTH_URL = fromInput(s.authUrl);
      }
    }
  }
  return { outputs, env };
}

/**
 * The exports of a step that ended before any decision (an invalid input, an unexpected error):
 * every output the contract lists, mode `none`, the reason, the report; with `export-env`,
 * TEST_MODE=none and USE_STAGING_FALLBACK=false, and no URL variable.
 */
export function planFailureExports(reason: string, reportPath: string, exportEnv: boolean): ExportPlan {
  const fixed = (value: string): Exported => ({ value, source: 'fixed' });
  const outputs: Record<string, Exported> = {};
  for (const name of OUTPUT_NAMES) outputs[name] = fixed('');
  Object.assign(outputs, {
    mode: { value: 'none', source: 'decision' },
    'use-staging-fallback': { value: 'false', source: 'decision' },
    'docker-available': fixed('false'),
    reason: { value: reason, source: 'decision' },
    report: fixed(reportPath),
    'cache-hit': fixed('false'),
  });
  const env: Record<string, Exported> = exportEnv ? { TEST_MODE: fixed('none'), USE_STAGING_FALLBACK: fixed('false') } : {};
  return { outputs, env };
}

/** Every output of the contract, in its order. */
export const OUTPUT_NAMES = [
  'mode',
  'use-staging-fallback',
  'docker-available',
  'backend-url',
  'websocket-url',
  'auth-url',
  'backend-port',
  'staging-backend-url',
  'staging-websocket-url',
  'staging-auth-url',
  'compose-files',
  'project-directory',
  'project-name',
  'reason',
  'report',
  'service-ports',
  'cache-hit',
  'logs-artifact',
] as const;

/** Outputs and variables are long at most this (a reason quoting compose at length, say). */
const MAX_EXPORT = 16 * 1024;

/**
 * A value as it may be exported: outside text in it (a status line with a TAB, a healthcheck's
 * output in `reason`) is made safe, never refused, so a strange answer cannot cost the outputs.
 * One line, except `compose-files` (one file per line). A registered secret is removed from the
 * `reason` (where staging's own words can echo it), and only there: a staging URL keeps the
 * password the user put in it, as later steps need it (the runner masks it). Pure but for the
 * secrets registered.
 */
export function exportable(name: string, value: string): string {
  const keepSecrets = name !== 'reason';
  return name === 'compose-files' ? outsideText(value, MAX_EXPORT, keepSecrets) : outsideLine(value, MAX_EXPORT, keepSecrets);
}

/** Write the plan: outputs with runner.setOutput, variables with runner.exportVariable. */
export function publishExports(plan: ExportPlan): void {
  for (const [name, { value }] of Object.entries(plan.outputs)) runner.setOutput(name, exportable(name, value));
  for (const [name, { value }] of Object.entries(plan.env)) runner.exportVariable(name, exportable(name, value));
}
