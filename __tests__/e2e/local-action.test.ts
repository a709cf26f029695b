/**
 * GitHub's local runner for JavaScript actions, as docs/development.md tells a person
 * to run it: `local-action run . src/main.ts .env --post src/post.ts`, with `.env` made from
 * `.env.example`. It runs main and post from `src/` in one process (no state files, no runner), so
 * this checks that the post step finds what main saved and removes the stack.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { ensureTestImages } from '../support/images.js';
import { useDockerRepos } from '../support/e2e.js';
import { tempDir } from '../support/temp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');
/** Ten times what a run takes here (about 6 s); only a guard against a hang. */
const GUARD_MS = 120_000;

function runLocalAction(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), GUARD_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}

/** `.env.example` with some of its lines changed (KEY=value replaced, or added when absent). */
function envFileFrom(changes: Record<string, string>): string {
  let text = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
  for (const [key, value] of Object.entries(changes)) {
    const line = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, `${key}=${value}`) : `${text}\n${key}=${value}\n`;
  }
  return text;
}

const outputOf = (output: string, name: string): string | undefined =>
  new RegExp(`^::set-output name=${name}::(.*)$`, 'm').exec(output)?.[1];

describeEachCompose(
  'local-action (GitHub local runner)',
  (compose) => {
    const { track, env, ready } = useDockerRepos(compose);

    test('runs main and post from src/ on the example stack: docker mode, then nothing of the project is left', async (t) => {
      if (!(await ready(t))) return;
      const image = (await ensureTestImages()).node;
      const dir = tempDir(t, 'cos-local-action-');
      const project = `cos-local-action-${compose.name}-${process.pid}`;
      track(project);
      const summary = path.join(dir, 'summary.md');
      const envFile = path.join(dir, 'action.env');
      fs.writeFileSync(
        envFile,
        envFileFrom({
          INPUT_MODE: 'docker',
          'INPUT_PROJECT-NAME': project,
          DEMO_NODE_IMAGE: image,
          GITHUB_STEP_SUMMARY: summary,
          RUNNER_TEMP: dir,
        }),
      );

      const { code, output } = await runLocalAction(['run', '.', 'src/main.ts', envFile, '--post', 'src/post.ts'], env);

      assert.equal(code, 0, output);
      assert.equal(outputOf(output, 'mode'), 'docker', output);
      assert.equal(outputOf(output, 'project-name'), project);
      // localhost, or 127.0.0.1 when the engine gave the IPv4 and IPv6 bindings different host ports.
      assert.match(outputOf(output, 'backend-url') ?? '', /^http:\/\/(?:localhost|127\.0\.0\.1):\d+$/);
      assert.match(
        outputOf(output, 'websocket-url') ?? '',
        /^ws:\/\/(?:localhost|127\.0\.0\.1):\d+\/ws$/,
        'the WebSocket check ran (websocket-path from .env.example)',
      );
      assert.match(
        outputOf(output, 'auth-url') ?? '',
        /^http:\/\/(?:localhost|127\.0\.0\.1):\d+$/,
        'the auth service was awaited (auth-service from .env.example)',
      );
      // The post step ran in the same process and found the plan main saved.
      assert.ok(output.indexOf('Running Post Step') > output.indexOf('Mode: docker'), output);
      assert.match(output, new RegExp(`Teardown: removed project ${project} in \\d+ ms`), output);
      assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
      assert.match(fs.readFileSync(summary, 'utf8'), /docker/i, 'the job summary went to GITHUB_STEP_SUMMARY');
      const report = outputOf(output, 'report');
      assert.ok(report && report.startsWith(dir), `the report is under RUNNER_TEMP: ${report}`);
    });
  },
  // One compose suffices: what is checked is local-action's way of running main and post, not compose.
  ['v2'],
);
