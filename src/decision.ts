/**
 * The decision: which mode the job gets, from the Docker result and the staging result. Pure.
 */
import type { Mode } from './inputs.js';

export type DockerResult =
  | { status: 'not-checked' }
  | { status: 'healthy' }
  | { status: 'failed'; available: boolean; reason: string }
  /** The compose file asks what the action cannot do: an invalid input, which no staging hides. */
  | { status: 'invalid'; reason: string };

export type StagingResult =
  { status: 'not-configured' } | { status: 'not-probed'; reason: string } | { status: 'usable' } | { status: 'unusable'; reason: string };

export interface Decision {
  mode: 'docker' | 'staging' | 'none';
  /** One line: why this mode. */
  reason: string;
  /** The step fails (mode none and fail-on-unavailable). */
  fail: boolean;
}

function dockerWhy(d: DockerResult): string {
  switch (d.status) {
    case 'not-checked':
      return 'Docker was not checked';
    case 'healthy':
      return 'the Docker stack is healthy';
    case 'failed':
      return `Docker failed: ${trimStop(d.reason)}`;
    case 'invalid':
      return trimStop(d.reason);
  }
}

/** End a sentence with a full stop, unless it already ends with its own punctuation. */
function sentence(s: string): string {
  return /[.?!]$/.test(s) ? s : `${s}.`;
}

/** A reason that ends a sentence of ours: without its own closing full stop. */
function trimStop(reason: string): string {
  return reason.replace(/\.+\s*$/, '');
}

function stagingWhy(s: StagingResult): string {
  switch (s.status) {
    case 'not-configured':
      return 'no staging-backend-url is set';
    case 'not-probed':
      return `staging was not probed: ${s.reason}`;
    case 'usable':
      return 'staging is usable';
    case 'unusable':
      return `staging is not usable: ${trimStop(s.reason)}`;
  }
}

/** Decide the mode. A healthy Docker stack beats staging; staging beats nothing. */
export function decide(mode: Mode, docker: DockerResult, staging: StagingResult, failOnUnavailable: boolean): Decision {
  const none = (reason: string): Decision => ({ mode: 'none', reason, fail: failOnUnavailable });
  // An invalid input fails the step whatever else is usable: a fallback would hide the mistake.
  if (docker.status === 'invalid') return { mode: 'none', reason: sentence(dockerWhy(docker)), fail: true };
  if (mode !== 'staging' && docker.status === 'healthy') {
    return { mode: 'docker', reason: 'The Docker Compose stack is healthy.', fail: false };
  }
  if (mode !== 'docker' && staging.status === 'usable') {
    const why = mode === 'staging' ? 'mode is staging' : dockerWhy(docker);
    return { mode: 'staging', reason: sentence(`Using staging: ${why}`), fail: false };
  }
  if (mode === 'docker') return none(`Neither mode is usable: ${dockerWhy(docker)} (mode docker: no staging fallback).`);
  if (mode === 'staging') return none(`Neither mode is usable: ${stagingWhy(staging)} (mode staging: Docker not used).`);
  return none(sentence(`Neither mode is usable: ${dockerWhy(docker)}; ${stagingWhy(staging)}`));
}
