/**
 * The fallback with a dead daemon: DOCKER_HOST at a socket nobody listens on, every input at its
 * default (so the health, WebSocket and auth probes), staging-backend-url, staging-websocket-url and
 * staging-auth-url set as a user sets them, each endpoint answering in 300 ms.
 *
 * Contenders, alternated round by round:
 * - action: the main step, from its start to its end, in staging mode;
 * - floor: a bare `node -e "require('http').get(url, r => r.resume())"` to the same staging health
 *   URL, from its start to its exit: a process start and one answer, less than the action must do.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ComposeUnderTest } from '../__tests__/support/compose.js';
import { startStagingServer, type StagingServer } from '../__tests__/support/staging.js';
import { alternate, composeLabel, mainStep } from './common.js';
import type { Bench, Contender } from './common.js';
import type { Row } from './stats.js';

const DELAY_MS = 300;

/** The floor: a fresh node making one GET (not spawnSync: the staging server answers from this process). */
const floor =
  (url: string): Contender =>
  () =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, ['-e', `require('http').get(${JSON.stringify(url)}, r => r.resume())`], {
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`the floor exited ${code}`))));
    });

/** Throw unless the step asked staging's health, its WebSocket and auth's health (what the defaults probe). */
function checkProbed(backend: StagingServer, auth: StagingServer, from: { backend: number; auth: number }): void {
  const b = backend.requests.slice(from.backend);
  const a = auth.requests.slice(from.auth);
  const seen = [
    b.some((r) => r.path === '/health' && !r.upgrade),
    b.some((r) => r.path === '/ws' && r.upgrade),
    a.some((r) => r.path === '/health' && !r.upgrade),
  ];
  if (seen.includes(false)) throw new Error(`the step did not probe health, WebSocket and auth: ${JSON.stringify({ b, a })}`);
}

function contenders(c: ComposeUnderTest, backend: StagingServer, auth: StagingServer, deadSocket: string) {
  const action: Contender = async () => {
    const from = { backend: backend.requests.length, auth: auth.requests.length };
    const run = await mainStep(
      {
        inputs: { 'staging-backend-url': backend.baseUrl, 'staging-websocket-url': backend.wsUrl, 'staging-auth-url': auth.baseUrl },
        env: { ...c.env, DOCKER_HOST: `unix://${deadSocket}` },
      },
      'staging',
    );
    run.cleanup();
    checkProbed(backend, auth, from);
    return run.main.durationMs;
  };
  return { action, floor: floor(`${backend.baseUrl}/health`) };
}

export async function deadDaemonFallback(bench: Bench): Promise<Row[]> {
  console.log(
    `\nfallback with a dead daemon, every input at its default, staging's health, WebSocket and auth answering in ${DELAY_MS} ms`,
  );
  const backend = await startStagingServer({ delayMs: DELAY_MS, name: 'staging-backend' });
  const auth = await startStagingServer({ delayMs: DELAY_MS, name: 'staging-auth' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bench-dead-'));
  try {
    const figures = await alternate(bench, (c) => contenders(c, backend, auth, path.join(dir, 'docker.sock')));
    return bench.composes.map((c) => ({
      figure: 'fallback, dead daemon, defaults (health + WebSocket + auth, 300 ms each)',
      compose: composeLabel(c),
      action: figures.get(c.name)!.action,
      ratios: [{ against: 'floor', reference: figures.get(c.name)!.floor, goal: 1.1 }],
    }));
  } finally {
    await backend.close();
    await auth.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
