/**
 * One failed check per failure class, and what the reader must see besides its hint: the summary
 * renders each (unit/report/summary.test.ts), and the hints' table is held to the same list of kinds
 * (unit/report/hints.test.ts).
 */
import type { FailureKind } from '../../src/failure-kinds.js';
import type { SketchCheck } from './report.js';

export interface FailureCase {
  check: Omit<SketchCheck, 'durationMs' | 'failure' | 'status' | 'title'>;
  /** What the reader must see, besides the hint itself. */
  shows: string[];
}

/** One report per failure class; a Record, so adding a FailureKind without a case does not compile. */
export const failureCases: Record<FailureKind, FailureCase> = {
  'docker-slow': {
    check: {
      id: 'docker.availability',
      detail: 'Docker 27.3.1 answers, but `docker-compose version` did not answer within 8 s, nor within 12 s when asked again',
    },
    shows: ['overloaded', 'do not install'],
  },
  'invalid-input': {
    check: { id: 'inputs', detail: "startup-timeout must be a number of seconds, got 'soon'", data: { input: 'startup-timeout' } },
    shows: ['Fix startup-timeout', 'nothing was started'],
  },
  internal: {
    check: { id: 'internal', detail: 'TypeError: x is undefined' },
    shows: ['open an issue'],
  },
  'no-cli': {
    check: { id: 'docker.availability', detail: 'The docker CLI is not on PATH.' },
    shows: ['runner with Docker', 'mode: staging'],
  },
  'daemon-down': {
    check: { id: 'docker.availability', detail: 'daemon not running', data: { endpoint: 'unix:///var/run/docker.sock' } },
    shows: ['start the daemon', 'DOCKER_HOST', 'unix:///var/run/docker.sock'],
  },
  'socket-permission': { check: { id: 'docker.availability', detail: 'permission denied' }, shows: ['docker group', 'socket'] },
  'bad-context': { check: { id: 'docker.availability', detail: 'context "gone" not found' }, shows: ['DOCKER_CONTEXT'] },
  'engine-ssh': {
    check: { id: 'docker.availability', detail: 'Permission denied (publickey)', data: { endpoint: 'ssh://build-host:2222' } },
    shows: ['ssh://build-host', 'ssh-keyscan', 'ssh-agent', 'docker group'],
  },
  'engine-tls': {
    check: {
      id: 'docker.availability',
      detail: 'x509: certificate signed by unknown authority',
      data: { endpoint: 'tcp://10.0.0.5:2376' },
    },
    shows: ['tcp://10.0.0.5:2376', 'DOCKER_CERT_PATH', 'ca.pem', 'DOCKER_TLS_VERIFY'],
  },
  'compose-missing': { check: { id: 'docker.availability', detail: 'no compose' }, shows: ['compose plugin'] },
  'file-found-elsewhere': {
    check: { id: 'compose.discovery', detail: 'compose.yml does not exist', data: { foundAt: ['docker/compose.yml'] } },
    shows: ['Set compose-files to docker/compose.yml'],
  },
  'file-missing': {
    check: { id: 'compose.discovery', detail: 'missing', data: { file: 'ci/compose.yml' } },
    shows: ['ci/compose.yml does not exist', 'compose-files'],
  },
  'no-compose-file': { check: { id: 'compose.discovery', detail: 'no compose file' }, shows: ['set compose-files', 'working-directory'] },
  'compose-too-old': {
    check: {
      id: 'compose.config',
      detail: 'The compose file needs compose v2 (2.17.0 or later)',
      location: { file: 'docker/compose.yml', line: 12 },
      data: { needed: '2.17.0', compose: '1.29.2' },
    },
    shows: ['docker/compose.yml:12', '2.17.0', 'or later', '1.29.2', 'docker compose'],
  },
  'container-name-conflict': {
    check: {
      id: 'compose.up',
      detail: 'the container name alpine-test-postgres is already in use',
      location: { file: 'docker/compose.yml', line: 9 },
      data: { containerName: 'alpine-test-postgres', service: 'alpine-test-postgres' },
    },
    shows: ['container_name', 'alpine-test-postgres', 'another container', 'docker/compose.yml:9'],
  },
  'config-invalid': {
    check: { id: 'compose.config', detail: 'yaml: line 7: did not find expected key', location: { file: 'docker/compose.yml', line: 7 } },
    shows: ['docker/compose.yml:7', 'docker compose config'],
  },
  'dockerfile-missing': {
    check: {
      id: 'compose.project-directory',
      detail: 'Dockerfile missing',
      data: { missing: [{ service: 'backend', kind: 'dockerfile', path: 'docker/backend/Dockerfile', nearest: 'backend/Dockerfile' }] },
    },
    shows: ['project-directory', 'docker/backend/Dockerfile is missing', 'nearest match backend/Dockerfile'],
  },
  'service-missing': {
    check: { id: 'compose.services', detail: 'no service', data: { query: 'api', input: 'backend-service', candidates: ['web', 'db'] } },
    shows: ['No service matches api', 'set backend-service', 'web, db'],
  },
  'service-ambiguous': {
    check: { id: 'compose.services', detail: 'ambiguous', data: { query: 'backend', candidates: ['a-backend', 'b-backend'] } },
    shows: ['backend matches several services (a-backend, b-backend)', 'backend-service'],
  },
  'service-not-started': {
    check: {
      id: 'compose.services',
      detail: 'starts no container',
      data: { query: 'backend', input: 'backend-service', service: 'alpine-test-backend', why: 'deploy.replicas: 0' },
    },
    shows: [
      'alpine-test-backend starts no container (deploy.replicas: 0)',
      'set backend-service',
      'up-flags --scale alpine-test-backend=1',
    ],
  },
  'port-not-published': {
    check: { id: 'wait', detail: 'port 8000 is not published', data: { containerPort: 8000, service: 'backend' } },
    shows: ['ports: ["8000"]', 'backend-port'],
  },
  'port-allocated': {
    check: {
      id: 'compose.up',
      detail: 'port is already allocated',
      data: {
        port: 5435,
        service: 'alpine-test-postgres',
        written: '${ALPINE_TEST_POSTGRES_PORT:-5435}:5432',
        variable: 'ALPINE_TEST_POSTGRES_PORT',
      },
      location: { file: 'docker/compose.yml', line: 12 },
    },
    shows: ['host port 5435', 'alpine-test-postgres', 'ALPINE_TEST_POSTGRES_PORT', 'to a free port', 'docker/compose.yml:12'],
  },
  'image-missing': {
    check: { id: 'compose.up', detail: 'pull access denied', data: { image: 'ghcr.io/acme/api:nope' } },
    shows: ['ghcr.io/acme/api:nope', 'log in to its registry'],
  },
  'registry-rate-limit': {
    check: { id: 'images.pull', detail: 'toomanyrequests', data: { image: 'docker.io/library/postgres:16', tries: 6 } },
    shows: ['docker.io/library/postgres:16', 'through 6 tries', 'docker login', 'cache-images: true', 'registry mirror'],
  },
  'registry-unavailable': {
    check: { id: 'images.pull', detail: '503 Service Unavailable', data: { image: 'ghcr.io/acme/api:1', tries: 5 } },
    shows: ['ghcr.io/acme/api:1', 'kept failing', 'through 5 tries', 'cache-images: true', 'status page'],
  },
  'build-failed': { check: { id: 'compose.up', detail: 'failed to solve' }, shows: ["compose's own error", 'docker compose build'] },
  'up-failed': { check: { id: 'compose.up', detail: 'network x not found' }, shows: ['up-flags', 'docker compose up'] },
  'up-timeout': {
    check: { id: 'compose.up', detail: 'timeout', data: { timeoutSeconds: 120 } },
    shows: ['startup-timeout (currently 120 s)'],
  },
  unhealthy: {
    check: { id: 'wait', detail: 'backend unhealthy', data: { service: 'backend' } },
    shows: ['backend is unhealthy', 'healthcheck output', 'startup-timeout'],
  },
  exited: {
    check: { id: 'wait', detail: 'backend exited with code 3', data: { service: 'backend', exitCode: 3 } },
    shows: ['backend exited with code 3', 'last log lines', 'startup-timeout'],
  },
  restarting: {
    check: { id: 'wait', detail: 'restart loop', data: { service: 'worker' } },
    shows: ['worker keeps restarting', 'last log lines', 'startup-timeout'],
  },
  'wait-timeout': {
    check: { id: 'wait', detail: 'not healthy in time', data: { timeoutSeconds: 60, waiting: ['backend'] } },
    shows: ['startup-timeout (currently 60 s)', 'still waiting for backend', "failed services' logs"],
  },
  'health-status': {
    check: { id: 'staging.backend-health', detail: 'HTTP 404 Not Found', data: { status: 404, path: '/api/health' } },
    shows: ['check health-path (currently /api/health)', 'staging-backend-url'],
  },
  'ws-rejected': {
    check: { id: 'wait.websocket', detail: 'WebSocket upgrade rejected with HTTP 404', data: { status: 404, path: '/socket' } },
    shows: ['websocket-path (currently /socket)'],
  },
  unauthorized: {
    check: { id: 'staging.backend-health', detail: 'HTTP 401', data: { status: 401 } },
    shows: ['staging-token', 'HTTP 401'],
  },
  tls: {
    check: { id: 'staging.backend-health', detail: 'TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)' },
    shows: ['NODE_EXTRA_CA_CERTS'],
  },
  dns: { check: { id: 'staging.auth-health', detail: 'DNS lookup failed (ENOTFOUND)' }, shows: ['host name', 'staging-auth-url'] },
  refused: { check: { id: 'staging.websocket', detail: 'connection refused' }, shows: ['staging-websocket-url'] },
  timeout: {
    check: { id: 'staging.backend-health', detail: 'no answer before the deadline', data: { timeoutSeconds: 10 } },
    shows: ['staging-timeout (currently 10 s)'],
  },
  reset: { check: { id: 'staging.backend-health', detail: 'connection reset by the server' }, shows: ['scheme and port'] },
  'probe-error': { check: { id: 'staging.backend-health', detail: 'ERR_X: something odd' }, shows: ['staging-backend-url', 'HTTPS_PROXY'] },
  'windows-engine': {
    check: { id: 'docker.availability', detail: 'Docker 27.3.1 runs Windows containers (windows/amd64)' },
    shows: ['ubuntu-latest', 'mode'],
  },
  'cache-service': {
    check: { id: 'images.cache', detail: 'cache lookup: no answer within 6 s' },
    shows: ['cache-images', 'githubstatus'],
  },
};
