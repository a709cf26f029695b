/**
 * The step cancelled while its image builds (issue 12): the runner sends SIGINT (then SIGTERM, then
 * SIGKILL). The main step stops `compose up` and the build with it, still writes mode=none and a
 * reason, and exits; the post step removes the stack; nothing outlives the post step: no compose
 * process, no build step still running, no image finished later.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { runAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { docker, projectResources } from '../support/docker.js';
import { readReport, useDockerRepos } from '../support/e2e.js';
import { sleep } from '../support/time.js';

/** Processes whose command line holds `text` (not this test's own pgrep). */
const processesWith = (text: string): string[] => {
  try {
    return execFileSync('pgrep', ['-af', text], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.includes('pgrep'));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

describeEachCompose('cancelled while the image builds', (compose) => {
  const { files, track, env, ready } = useDockerRepos(compose);

  test('SIGINT during the build: up and the build stopped, outputs written, post removes everything, nothing outlives it', async (t) => {
    if (!(await ready(t))) return;
    const project = `cos-cancel-${compose.name}-${process.pid}`;
    track(project);
    // A build step that would end 8 s in, unique per suite: seen in the log, then looked for.
    const marker = `sleep 8 && echo built-by-${project}`;
    const ws = files({
      'compose.yaml': ['services:', '  app:', '    build: .', '    ports: ["8000"]', ''].join('\n'),
      Dockerfile: `FROM {{image}}\nRUN ${marker}\n`,
    });
    const run = await runAction({
      workspace: ws,
      inputs: { mode: 'docker', build: 'true', 'project-name': project, 'startup-timeout': '300' },
      env,
      cancelWhen: (out) => out.includes(`RUN ${marker}`),
    });
    try {
      assert.match(run.main.stdout, new RegExp(`RUN ${marker}`), 'the build was under way');
      assert.equal(run.main.exitCode, 1, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'none');
      assert.match(
        run.main.outputs.reason ?? '',
        /The step was cancelled \(SIGINT\); [1-9]\d* running docker or compose command\(s\) were stopped/,
      );
      assert.equal(readReport(run.main).checks.at(-1)?.id, 'cancelled');
      assert.ok(run.main.annotations.some((a) => a.level === 'warning' && a.properties.title === 'Cancelled'));
      assert.equal(run.post?.exitCode, 0, run.post?.stdout);
      // Had the build gone on, it would have ended by now (its step takes 8 s) and tagged its image.
      await sleep(10_000);
      assert.deepEqual(processesWith(project), [], 'no compose process of the project');
      assert.deepEqual(processesWith(marker), [], 'the build step is not running');
      assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
      const images = await docker(['images', '--format', '{{.Repository}}', '--filter', `reference=${project}*`]);
      assert.equal(images.stdout.trim(), '', 'no image was finished after the cancel');
    } finally {
      run.cleanup();
    }
  });
});
