/**
 * After the decision (issue 26, item 4): the main step hands a ready stack to the job's next steps
 * and a watcher of the action's own follows it until the post step. A service that dies while the
 * tests run is reported by the post step (summary and a warning annotation, with how long after
 * the stack was declared ready); a service a later step stops on purpose is said, not warned of;
 * the post step's own teardown is not reported; the watcher is gone after the post step.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { startAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { dockerOk, projectResources } from '../support/docker.js';
import { useDockerRepos } from '../support/e2e.js';
import { alive, processIds } from '../support/processes.js';
import { until } from '../support/time.js';
import { tempDir } from '../support/temp.js';

/** A service that runs until a file appears in its bind-mounted gate folder (an absolute path), then exits 3. */
const flaky = (gate: string): string =>
  [
    '  flaky:',
    '    image: {{image}}',
    `    command: ["/usr/bin/node", "-e", "setInterval(() => { if (require('fs').existsSync('/gate/die')) process.exit(3) }, 100)"]`,
    `    volumes: [${JSON.stringify(`${gate}:/gate`)}]`,
    '',
  ].join('\n');

/** The backend on a host port of the engine's choosing: the suites of both composes may run at once. */
const anyPort = ['8000'];

async function containerOf(project: string, service: string): Promise<string> {
  const ids = await dockerOk([
    'ps',
    '-aq',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    `label=com.docker.compose.service=${service}`,
  ]);
  return ids.trim().split('\n')[0] ?? '';
}

/** Until the container has exited; a guard far past the 100 ms it takes. */
function untilExited(id: string): Promise<void> {
  return until(async () => (await dockerOk(['inspect', '--format', '{{.State.Status}}', id])).trim() === 'exited', {
    what: `container ${id} to exit`,
    timeoutMs: 120_000,
    intervalMs: 100,
  });
}

describeEachCompose('after the decision', (compose) => {
  const { repo, track, env, ready } = useDockerRepos(compose);

  test('a service dies while the tests run: the post step reports it (summary, warning annotation, how long after ready); a service stopped on purpose is said, not warned of; the teardown is not reported', async (t) => {
    if (!(await ready(t))) return;
    const project = `cos-after-${compose.name}-${process.pid}`;
    track(project);
    const gate = tempDir(t, 'cos-gate-');
    const workspace = repo({ extraServices: flaky(gate), backendPorts: anyPort });
    const run = await startAction({
      workspace,
      inputs: { mode: 'docker', 'project-name': project, 'startup-timeout': '120' },
      env,
      timeoutMs: 300_000,
    });
    t.after(() => run.cleanup());
    const { main } = run;
    assert.equal(main.exitCode, 0, main.stdout);
    assert.equal(main.outputs.mode, 'docker');
    const watcher = JSON.parse(main.state['after-decision-watcher'] ?? '{}') as { pid: number; recordFile: string; readyAt: number };
    assert.ok(alive(watcher.pid), 'the watcher outlives the main step');
    assert.equal(processIds(watcher.pid)?.pgrp, watcher.pid, 'in a process group of its own');

    // The tests run: flaky dies on its own; a test stops the auth service on purpose.
    const flakyId = await containerOf(project, 'flaky');
    fs.writeFileSync(path.join(gate, 'die'), '');
    await untilExited(flakyId);
    await dockerOk(['stop', '-t', '1', await containerOf(project, 'alpine-test-auth')]);

    const post = await run.runPost();
    assert.equal(post.exitCode, 0, post.stdout);
    assert.equal(alive(watcher.pid), false, 'the post step ended the watcher');
    assert.deepEqual((await projectResources(project)).containers, [], 'the teardown still removed the stack');

    const warnings = post.annotations.filter((a) => a.level === 'warning');
    assert.equal(warnings.length, 1, JSON.stringify(post.annotations));
    assert.match(warnings[0]!.message, /^flaky exited 3 at \d\d:\d\d:\d\d UTC, \d+\.\d s after the stack was declared ready$/);
    assert.equal(warnings[0]!.properties.title, 'After the decision');
    const since = Number(/, (\d+\.\d) s after/.exec(warnings[0]!.message)![1]);
    assert.ok(since > 0 && since * 1000 <= post.endedAt - watcher.readyAt, `${since} s is between the decision and the post step`);

    assert.match(post.summary, new RegExp(`### After the decision: project ${project}`));
    assert.match(post.summary, /^\| \d\d:\d\d:\d\d UTC \| \+\d+\.\d s \| flaky \| ⚠️ exited 3 \|$/m);
    assert.match(post.summary, /^\| \d\d:\d\d:\d\d UTC \| \+\d+\.\d s \| alpine-test-auth \| ℹ️ was stopped on request /m);
    assert.match(post.summary, /⚠️ 1 of these may have failed the tests/);
    assert.doesNotMatch(post.summary, /did not cover the whole time/);
    assert.doesNotMatch(post.summary, /\| alpine-test-backend \|/, 'the teardown came after the watch ended');
  });

  test('nothing happens after the decision: the post step says so in one line, and ends the watcher', async (t) => {
    if (!(await ready(t))) return;
    const project = `cos-after-quiet-${compose.name}-${process.pid}`;
    track(project);
    const run = await startAction({
      workspace: repo({ backendPorts: anyPort }),
      inputs: { mode: 'docker', 'project-name': project, 'startup-timeout': '120' },
      env,
      timeoutMs: 300_000,
    });
    t.after(() => run.cleanup());
    assert.equal(run.main.exitCode, 0, run.main.stdout);
    const watcher = JSON.parse(run.main.state['after-decision-watcher'] ?? '{}') as { pid: number };
    const post = await run.runPost();
    assert.equal(post.exitCode, 0, post.stdout);
    assert.equal(alive(watcher.pid), false);
    assert.match(
      post.summary,
      /✅ No service died, restarted or changed health from \d\d:\d\d:\d\d UTC, when the stack was declared ready, to the post step/,
    );
    assert.match(post.log, new RegExp(`After the decision: no service of project ${project} died, restarted or changed health\\.`));
    assert.equal(post.annotations.filter((a) => a.level === 'warning').length, 0, post.stdout);
  });
});
