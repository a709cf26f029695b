/**
 * Example repositories for end-to-end tests, written into a fresh workspace: the "alpine-test"
 * layout real teams have (compose file in docker/, build context written relative to the root,
 * prefixed service names with aliases, the backend published on ${BACKEND_PORT:-8002}).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface AlpineRepoOptions {
  /** Node app image (from ensureTestImages). */
  image: string;
  /** Environment of the backend container (server.mjs settings). */
  backendEnv?: Record<string, string>;
  /** The backend's ports entry; default "${BACKEND_PORT:-8002}:8000". */
  backendPorts?: string[];
  /** Where the compose file says the Dockerfile is (relative to the root context). */
  dockerfile?: string;
  /** Where the Dockerfile really is; default the same place. */
  dockerfileAt?: string;
  /** The auth service's name (default `alpine-test-auth`). */
  authName?: string;
  /** The network alias of the auth service (default `auth`); may hold a `${VAR}`. */
  authAlias?: string;
  /** The network alias of the backend service (default `backend`); may hold a `${VAR}`. */
  backendAlias?: string;
  /** The auth service's image (default the test image). */
  authImage?: string;
  /** Include the auth service (default true). */
  auth?: boolean;
  /** Extra YAML for the backend service (indented 4 spaces; `{{image}}` is the test image). */
  backendExtra?: string;
  restart?: string;
  /** More services, as YAML indented 2 spaces (`image:` may say `{{image}}` for the test image). */
  extraServices?: string;
}

export function makeAlpineRepo(o: AlpineRepoOptions): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-ws-'));
  const dockerfile = o.dockerfile ?? 'docker/backend.Dockerfile';
  const at = path.join(ws, o.dockerfileAt ?? dockerfile);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.mkdirSync(path.join(ws, 'docker'), { recursive: true });
  fs.writeFileSync(at, `FROM ${o.image}\nENV APP_NAME=alpine-test-backend\n`);
  const env = Object.entries(o.backendEnv ?? {})
    .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
    .join('');
  const ports = (o.backendPorts ?? ['${BACKEND_PORT:-8002}:8000']).map((p) => `      - ${JSON.stringify(p)}\n`).join('');
  const auth =
    o.auth === false
      ? ''
      : `  ${o.authName ?? 'alpine-test-auth'}:
    image: ${o.authImage ?? o.image}
    environment:
      PORT: "8081"
      APP_NAME: alpine-test-auth
    ports:
      - "8081"
    networks:
      default:
        aliases: [${JSON.stringify(o.authAlias ?? 'auth')}]
`;
  fs.writeFileSync(
    path.join(ws, 'docker', 'docker-compose.alpine-test.yml'),
    `version: "3.8"
services:
  alpine-test-backend:
    build:
      context: .
      dockerfile: ${dockerfile}
    ports:
${ports}${env ? `    environment:\n${env}` : ''}${o.restart ? `    restart: ${o.restart}\n` : ''}${(o.backendExtra ?? '').replaceAll('{{image}}', o.image)}    networks:
      default:
        aliases: [${JSON.stringify(o.backendAlias ?? 'backend')}]
${auth}${(o.extraServices ?? '').replaceAll('{{image}}', o.image)}`,
  );
  return ws;
}

export interface SeedsRepoOptions {
  /** Node app image (from ensureTestImages): backend, auth, worker, nginx and mailhog, and the stand-ins. */
  image: string;
  /**
   * Debian's PostgreSQL and Redis (from ensurePostgresImage / ensureRedisImage), checked by
   * `pg_isready` and `redis-cli ping` as the seeds check them. Unset: stand-ins from the node app
   * image on the same ports, checked by wget (a database ready at once, as in e2e/seeds.test.ts).
   */
  databases?: { postgres: string; redis: string };
  /** The backend's host port (the seeds publish it on `${BACKEND_PORT:-8002}`). */
  backendPort: number;
  /** Every healthcheck's interval (the seeds: `10s`) and start_period (the seeds: `120s`; none when unset). */
  interval: string;
  startPeriod?: string;
  /** Environment of the backend container (server.mjs settings). */
  backendEnv?: Record<string, string>;
  /**
   * How the worker and nginx wait on the backend: `service_started`, as the seeds' file has it (a
   * plain list, so `up -d` returns once the backend has started), or `service_healthy`, as
   * e2e/seeds.test.ts has it (so `up` waits on the backend's healthcheck).
   */
  dependents?: 'service_started' | 'service_healthy';
}

/** The database, the cache and the migration of {@link makeSeedsRepo}, as YAML indented 2 spaces. */
function seedsData(o: SeedsRepoOptions, check: (test: string) => string, healthy: string): string {
  const wget = (port: number): string => `["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:${port}/health"]`;
  const db = o.databases;
  const postgres = db
    ? `    image: ${db.postgres}
    environment:
      POSTGRES_USER: postgres
      POSTGRES_PASSWORD: cos-secret
      POSTGRES_DB: alpine_test
${check('["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]')}`
    : `    image: {{image}}
    environment: { PORT: "5432", APP_NAME: postgres }
${check(wget(5432))}`;
  const redis = db
    ? `    image: ${db.redis}\n${check('["CMD", "redis-cli", "ping"]')}`
    : `    image: {{image}}\n    environment: { PORT: "6379", APP_NAME: redis }\n${check(wget(6379))}`;
  const migrate = db
    ? `    image: ${db.postgres}
    command: ["sh", "-c", "psql -h alpine-test-postgres -U postgres -d alpine_test -c 'select 1' && echo migrated"]
    environment:
      PGPASSWORD: cos-secret
`
    : `    image: {{image}}
    command: ["sh", "-c", "wget -q -O /dev/null http://alpine-test-postgres:5432/health && echo migrated"]
`;
  return `  alpine-test-postgres:
${postgres}    ports:
      - "5432"
  alpine-test-redis:
${redis}    ports:
      - "6379"
  alpine-test-migrate:
${migrate}    depends_on:
${healthy}`;
}

/**
 * The seeds' stack (`docker/docker-compose.alpine-test.yml`, as the fixture `config-seeds` recorded
 * it), 8 services: a database and a cache, each with its healthcheck; a migration run once the
 * database is healthy; the backend built from the root context, behind `service_healthy` on both
 * and `service_completed_successfully` on the migration, with a wget healthcheck; the auth service;
 * a worker and nginx behind the backend; mailhog. No container_name and no fixed host port but the
 * backend's, so runs never collide.
 */
export function makeSeedsRepo(o: SeedsRepoOptions): string {
  const check = (test: string): string =>
    [
      '    healthcheck:',
      `      test: ${test}`,
      `      interval: ${o.interval}`,
      '      timeout: 5s',
      '      retries: 30',
      ...(o.startPeriod ? [`      start_period: ${o.startPeriod}`] : []),
      '',
    ].join('\n');
  const on = (service: string, condition: string): string => `      ${service}:\n        condition: ${condition}\n`;
  const dependents = o.dependents ?? 'service_started';
  return makeAlpineRepo({
    image: o.image,
    backendPorts: [`${o.backendPort}:8000`],
    backendEnv: { DATABASE_URL: 'postgres://postgres:cos-secret@alpine-test-postgres:5432/alpine_test', ...o.backendEnv },
    backendExtra:
      '    depends_on:\n' +
      on('alpine-test-postgres', 'service_healthy') +
      on('alpine-test-redis', 'service_healthy') +
      on('alpine-test-migrate', 'service_completed_successfully') +
      check('["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/health"]'),
    extraServices: `${seedsData(o, check, on('alpine-test-postgres', 'service_healthy'))}  alpine-test-worker:
    image: {{image}}
    command: ["/usr/bin/node", "-e", "setInterval(() => {}, 60000)"]
    depends_on:
${on('alpine-test-backend', dependents)}  alpine-test-nginx:
    image: {{image}}
    environment: { PORT: "80", APP_NAME: nginx }
    ports:
      - "127.0.0.1::80"
    depends_on:
${on('alpine-test-backend', dependents)}${on('alpine-test-auth', 'service_started')}  alpine-test-mailhog:
    image: {{image}}
    environment: { PORT: "8025", APP_NAME: mailhog }
`,
  });
}
