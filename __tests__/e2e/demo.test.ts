/**
 * `npm run demo` end to end, as a person runs it: the staging fallback always, and the docker path
 * when a Docker engine answers (after which nothing of the demo's project may remain).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../harness/runner.js';
import { docker, dockerOk, projectResources, requireDocker } from '../support/docker.js';

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
    const summary = /job summary \(Markdown\): (\S+)/.exec(run.stdout)?.[1];
    assert.ok(summary && fs.existsSync(summary), all);
    fs.rmSync(path.dirname(summary), { recursive: true, force: true });
    assert.match(run.stdout, /Nothing to tear down: no stack was started\./);
    assert.doesNotMatch(all, /demo-staging-token/, 'the staging token is never printed');
  });

  test(
    'with a Docker engine, two demos at once: each docker mode in its own folder, nothing of either project left; the image a demo built is removed unless --keep-images',
    { timeout: 300_000 },
    async (t) => {
      if (!(await requireDocker(t))) return;
      const [plain, keeping] = await Promise.all([runDemo([]), runDemo(['--keep-images'])]);
      const folders: string[] = [];
      for (const run of [plain, keeping]) {
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
        const summary = /job summary \(Markdown\): (\S+)/.exec(run.stdout)?.[1];
        assert.ok(summary && fs.existsSync(summary), all);
        folders.push(path.dirname(summary));
        t.after(() => fs.rmSync(path.dirname(summary), { recursive: true, force: true }));
      }
      assert.notEqual(folders[0], folders[1], 'each demo writes to a folder of its own');
      // The demo's own image (built when node:20-alpine is not here): the plain run's tag is gone, the
      // keeping run's is still there (removed here).
      const image = (run: DemoRun) => /^image: +(\S+)/m.exec(run.stdout)?.[1] ?? '';
      if (image(plain).startsWith('compose-or-staging-demo/')) {
        assert.match(plain.stdout, /images the demo built, removed: .*compose-or-staging-demo\/node:/);
        assert.notEqual((await docker(['image', 'inspect', image(plain)])).code, 0, `${image(plain)} is removed`);
        assert.equal((await docker(['image', 'inspect', image(keeping)])).code, 0, `${image(keeping)} is kept`);
        assert.match(keeping.stdout, /kept at the end \(--keep-images\)/);
        const tags = (await dockerOk(['images', 'compose-or-staging-demo/node', '--format', '{{.Repository}}:{{.Tag}}']))
          .split('\n')
          .filter(Boolean);
        for (const tag of tags) await docker(['rmi', tag]);
      }
    },
  );
});
