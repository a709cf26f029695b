/**
 * The one vocabulary of failures, from the engine's answer to the report: every known failure is
 * named here once, in pipeline order. The place that detects a failure names it with one of these
 * words (the engine's answer with an {@link EngineFailure}, a failed `up` with an
 * {@link UpFailureKind}); the report carries it as the check's `failure`, and the summary's hint for it
 * comes from one table (report/hints.ts). No switch translates one name into another.
 */

/** Why the engine cannot be used, as its answer (or the lack of one) says. */
export const ENGINE_FAILURES = [
  'no-cli',
  'daemon-down',
  'socket-permission',
  'bad-context',
  // An ssh:// engine: the SSH connection failed (key, host key, user, or no docker on the far side).
  'engine-ssh',
  // A tcp:// engine with TLS: the handshake or the certificate files failed.
  'engine-tls',
  'compose-missing',
  // The daemon, or compose, answered nothing in time, twice: there, but too slow (an overloaded runner).
  'docker-slow',
  // The engine runs Windows containers (Docker on windows-latest): a Linux stack would fail on its first pull.
  'windows-engine',
] as const;

export type EngineFailure = (typeof ENGINE_FAILURES)[number];

/** Why a registry failed a pull, through every try. */
export const REGISTRY_FAILURES = ['registry-rate-limit', 'registry-unavailable'] as const;

export type RegistryFailure = (typeof REGISTRY_FAILURES)[number];

/** What a failed `compose up` said, classified (but an ssh:// engine's connections failing mid-way, which is the engine's). */
const UP_OWN_FAILURES = [
  'port-allocated',
  'container-name-conflict',
  'image-missing',
  ...REGISTRY_FAILURES,
  'build-failed',
  // Anything else compose said.
  'up-failed',
  // `up` did not finish before startup-timeout.
  'up-timeout',
] as const;

/** What a failed `compose up` said, classified: an ssh:// engine's connections can fail mid-way too (sshd dropping compose's many connections). */
export const UP_FAILURES = [...UP_OWN_FAILURES, 'engine-ssh'] as const;

export type UpFailureKind = (typeof UP_FAILURES)[number];

/** Every known failure, once, in pipeline order: the source of truth for the hints, the tests and the documentation. */
export const FAILURE_KINDS = [
  // The inputs and the action itself.
  'invalid-input',
  'internal',
  ...ENGINE_FAILURES,
  // The compose files and the plan.
  'file-found-elsewhere',
  'file-missing',
  'no-compose-file',
  'config-invalid',
  'compose-too-old',
  'dockerfile-missing',
  'service-missing',
  'service-ambiguous',
  'service-not-started',
  'port-not-published',
  ...UP_OWN_FAILURES,
  // The wait.
  'unhealthy',
  'exited',
  'restarting',
  'wait-timeout',
  // A probe's answer (the wait's or staging's).
  'health-status',
  'ws-rejected',
  'unauthorized',
  'tls',
  'dns',
  'refused',
  'timeout',
  'reset',
  'probe-error',
  // The image cache's service.
  'cache-service',
] as const;

export type FailureKind = (typeof FAILURE_KINDS)[number];
