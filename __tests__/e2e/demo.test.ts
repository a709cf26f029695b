/**
 * `npm run demo` end to end, as a person runs it: the staging fallback always, and the docker path
 * when a Docker engine answers (after which nothing of the demo's project may remain).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../harness/runner.js';
import { projectResources, requireDocker } from '../support/docker.js';

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDemo(args: string[]): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'demo', '--', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The value on a `name  value  source` line of the demo's outputs or env block. */
const value = (stdout: string, name: string): string | undefined => new RegExp(`^  ${name} +(\\S+)`, 'm').exec(stdout)?.[1];

describe('npm run demo', () => {
  test('--staging: the action falls back to the local staging server and the demo prints the outputs', { timeout: 120_000 }, async () => {
    const run = await runDemo(['--staging']);
    const all = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.code, 0, all);
    assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
    assert.equal(value(run.stdout, 'mode'), 'staging', all);
    assert.equal(value(run.stdout, 'use-staging-fallback'), 'true');
    assert.equal(value(run.stdout, 'docker-available'), 'false');
    assert.match(value(run.stdout, 'backend-url') ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(value(run.stdout, 'websocket-url') ?? '', /^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    assert.match(value(run.stdout, 'auth-url') ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(value(run.stdout, 'TEST_MODE'), 'staging_fallback');
    assert.match(run.stdout, /JSON report: +\S+\.json/);
    assert.match(run.stdout, /Nothing to tear down: no stack was started\./);
    assert.doesNotMatch(all, /demo-staging-token/, 'the staging token is never printed');
  });

  test('with a Docker engine: docker mode, and the post step leaves nothing of the project', { timeout: 300_000 }, async (t) => {
    if (!(await requireDocker(t))) return;
    const run = await runDemo([]);
    const all = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.code, 0, all);
    assert.equal(value(run.stdout, 'mode'), 'docker', all);
    assert.equal(value(run.stdout, 'docker-available'), 'true');
    assert.match(value(run.stdout, 'backend-url') ?? '', /^http:\/\/(localhost|127\.0\.0\.1):\d+$/);
    assert.equal(value(run.stdout, 'compose-files'), 'examples/compose.yaml');
    assert.equal(value(run.stdout, 'TEST_MODE'), 'docker');
    const project = value(run.stdout, 'project-name');
    assert.ok(project, all);
    assert.match(run.stdout, /Teardown: removed project/);
    assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
  });
});
