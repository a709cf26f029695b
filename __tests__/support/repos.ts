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
