/**
 * For the compose planning tests: compose v1 as guessed before its version is known, the inputs
 * at action.yml's defaults unless given, and the small repositories the plans are made from.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadActionDefinition } from '../harness/runner.js';

export const compose = { kind: 'standalone' as const, argv: ['docker-compose'], version: undefined };

const defaults = Object.fromEntries(Object.entries(loadActionDefinition().inputs).map(([k, v]) => [k, v.default ?? '']));

/** An input reader for parseInputs: `g`'s values, else action.yml's defaults. */
export const given =
  (g: Record<string, string> = {}) =>
  (n: string): string =>
    g[n] ?? defaults[n] ?? '';

/** A repo whose compose file sits in docker/ and builds with context `.` (the root): the files alone settle its plan. */
export function predictedRepo(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-predplan-'));
  fs.mkdirSync(path.join(ws, 'docker'));
  fs.writeFileSync(path.join(ws, 'docker', 'b.Dockerfile'), 'FROM x\n');
  fs.writeFileSync(
    path.join(ws, 'docker', 'docker-compose.yml'),
    'services:\n  zeta-backend:\n    build: { context: ., dockerfile: docker/b.Dockerfile }\n    ports: ["8000"]\n  alpha-auth:\n    image: a\n    ports: ["8081"]\n',
  );
  return ws;
}

/** A repo whose `tool` service is in profile debug and builds from a folder that is not there. */
export function profilesRepo(dotenv?: string): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-profiles-'));
  fs.writeFileSync(
    path.join(ws, 'compose.yaml'),
    [
      'services:',
      '  api-backend: { image: a, ports: ["8000"] }',
      '  tool: { build: ./tools-not-checked-out, profiles: [debug] }',
      '  extra-backend: { image: b, ports: ["8000"], profiles: [full, debug] }',
      '',
    ].join('\n'),
  );
  if (dotenv !== undefined) fs.writeFileSync(path.join(ws, '.env'), dotenv);
  return ws;
}

/** A stack whose backend publishes 3000 (not backend-port's default), and an auth service that publishes nothing. */
export const portsStack = [
  'services:',
  '  alpine-test-backend: { image: b, ports: ["3000"], environment: { PORT: "3000" } }',
  '  alpine-test-auth: { image: a }',
  '  db: { image: d }',
  '',
].join('\n');

/** A compose file in the seeds' shape: prefixed names, aliases on two networks, a build, ports in both syntaxes, healthchecks on and off. */
export const SEEDS_SHAPED_COMPOSE = `
services:
  alpine-test-backend:
    build: { context: ., dockerfile: docker/backend.Dockerfile }
    ports: ["\${BACKEND_PORT:-8002}:8000", { target: 9000, published: 9001 }]
    networks: { default: { aliases: [api] } }
    healthcheck: { test: ["CMD", "true"] }
  alpine-test-auth:
    image: auth:1
    networks: { default: { aliases: [login] }, other: { aliases: [sso] } }
    healthcheck: { test: ["NONE"] }
  worker-a: { image: w }
  worker_b: { image: w }
  db: { image: postgres, env_file: [.env.db] }
`;
