/**
 * Decide, then remove (issue 24): when a service crashes, the main step reads the failing
 * service's logs, writes its decision and ends; the failed stack is removed by a process of its own
 * that outlives the step, and the post step waits for it, confirms by the project's label that
 * nothing is left, and removes what is. The removal is held back at its `docker rm` (a docker
 * CLI on PATH that waits for a gate file) so that what the main step does not wait for can be seen.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { alive, processIds } from '../support/processes.js';
import { startStagingServer } from '../support/staging.js';
import { findOnPath } from '../../src/exec.js';
import { until } from '../support/time.js';
import { tempDir } from '../support/temp.js';

const nothing = { containers: [], networks: [], volumes: [] };

/** A stack whose backend exits 3 a moment after it starts, beside an auth service and a worker with a named volume. */
const crashing = {
  backendEnv: { READY_AFTER_MS: '60000', EXIT_AFTER_MS: '1500', EXIT_CODE: '3' },
  backendPorts: ['8000'],
  extraServices: [
    '  worker:',
    '    image: {{image}}',
    '    command: ["sleep", "300"]',
    '    volumes: ["data:/data"]',
    'volumes:',
    '  data: {}',
    '',
  ].join('\n'),
};

/**
 * A docker CLI first on PATH whose `docker rm` waits until `gate` exists; everything else goes
 * straight through. `killHeld` kills the `docker rm`s waiting there (each runs in a process group
 * of its own, as every command the action runs does, so killing the removal's group spares them).
 */
function heldRemoval(t: TestContext): { env: Record<string, string>; open: () => void; killHeld: () => void } {
  const dir = tempDir(t, 'cos-held-rm-');
  const gate = path.join(dir, 'open');
  const real = findOnPath('docker')!;
  fs.writeFileSync(
    path.join(dir, 'docker'),
    ['#!/bin/sh', `if [ "$1" = rm ]; then while [ ! -e "${gate}" ]; do sleep 0.05; done; fi`, `exec "${real}" "$@"`, ''].join('\n'),
    { mode: 0o755 },
  );
  return {
    env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` },
    open: () => fs.writeFileSync(gate, ''),
    killHeld: () => void spawnSync('pkill', ['-KILL', '-f', path.join(dir, 'docker')]),
  };
}

describeEachCompose('decide, then remove', (compose) => {
  const { repo, track, env, ready } = useDockerRepos(compose);

  test('a service crashes: the main step decides and ends while the removal is held back; the post step waits for it, nothing of the project is left, and its summary says when the removal finished', async (t) => {
    if (!(await ready(t))) return;
    const staging = await startStagingServer();
    t.after(() => staging.close());
    const held = heldRemoval(t);
    const project = `cos-bg-rm-${compose.name}-${process.pid}`;
    track(project);
    const run = await startAction({
      workspace: repo(crashing),
      inputs: { 'project-name': project, 'startup-timeout': '120', 'staging-backend-url': staging.baseUrl },
      env: { ...env, ...held.env },
      // Far past what the run takes: a main step that waited for the held removal would never end.
      timeoutMs: 300_000,
      traceLeftovers: true,
    });
    t.after(() => run.cleanup());
    const { main } = run;
    try {
      assert.equal(main.exitCode, 0, main.stdout);
      assert.equal(main.outputs.mode, 'staging');
      assert.match(main.outputs.reason ?? '', /alpine-test-backend: exited with code 3/);
      assert.deepEqual(main.leftovers, [], 'nothing of the removal holds the step open');
      const report = readReport(main);
      const failure = report.serviceFailures.find((f) => f.service === 'alpine-test-backend');
      assert.ok(
        failure?.logTail.some((l) => l.includes('exiting with code 3')),
        `its logs, read before anything was removed: ${JSON.stringify(failure?.logTail)}`,
      );
      assert.match(
        check(report, 'wait.http')?.hint ?? '',
        /^alpine-test-backend exited with code 3 \(see Failed services\): nothing was left to answer/,
        'the probe of a crashed backend points at the crash, not at backend-port',
      );
      assert.equal(check(report, 'docker.teardown')?.status, 'info');
      assert.match(check(report, 'docker.teardown')?.detail ?? '', /in the background once this step has ended \(pid \d+\)/);
      assert.match(main.summary, /Mode: staging/);

      // The step is over, its decision written; the removal is still held at its `docker rm`.
      const removal = JSON.parse(main.state['detached-removal'] ?? '{}') as { pid: number; logFile: string };
      assert.ok(alive(removal.pid), 'the removal outlives the step');
      assert.equal(processIds(removal.pid)?.pgrp, removal.pid, 'in a process group of its own');
      assert.ok(fs.existsSync(removal.logFile), 'its output goes to a file');
      const during = await projectResources(project);
      assert.ok(during.containers.length > 0, 'the stack was not removed before the step ended');
    } finally {
      held.open();
    }
    const post = await run.runPost();
    assert.equal(post.exitCode, 0, post.stdout);
    assert.deepEqual(await projectResources(project), nothing, `no container, network or volume of the project is left: ${post.stdout}`);
    assert.match(post.log, /The removal the main step started at \S+ \(pid \d+\) finished at \S+, \d+ ms after it started/);
    assert.match(post.summary, /\*\*Removal finished\*\* at \d{4}-\d\d-\d\dT[\d:.]+Z, \d+ ms after it was started by the main step/);
    assert.match(post.summary, /\*\*Nothing left\*\* by the label <code>com\.docker\.compose\.project=/);
    assert.equal(post.annotations.filter((a) => a.level === 'warning').length, 0, post.stdout);
  });

  test('the background removal is killed before it removed anything (teardown false): the post step says so, and removes everything itself', async (t) => {
    if (!(await ready(t))) return;
    const held = heldRemoval(t);
    const project = `cos-bg-kill-${compose.name}-${process.pid}`;
    track(project);
    const run = await startAction({
      workspace: repo(crashing),
      inputs: { mode: 'docker', 'project-name': project, 'startup-timeout': '120', teardown: 'false' },
      env: { ...env, ...held.env },
      // Far past what the run takes: a main step that waited for the held removal would never end.
      timeoutMs: 300_000,
    });
    t.after(() => run.cleanup());
    assert.equal(run.main.exitCode, 1, run.main.stdout);
    assert.match(run.main.outputs.reason ?? '', /alpine-test-backend: exited with code 3/);
    const removal = JSON.parse(run.main.state['detached-removal'] ?? '{}') as { pid: number };
    // Its death, as a machine's cleanup would bring it: the whole process group, at once.
    process.kill(-removal.pid, 'SIGKILL');
    held.killHeld();
    await until(() => !alive(removal.pid), { what: 'the killed removal gone', intervalMs: 50 });
    held.open();
    assert.ok((await projectResources(project)).containers.length > 0, 'it removed nothing');

    const post = await run.runPost();
    assert.equal(post.exitCode, 0, post.stdout);
    assert.deepEqual(await projectResources(project), nothing, post.stdout);
    assert.ok(
      post.annotations.some((a) => a.level === 'warning' && /ended without finishing/.test(a.message)),
      post.stdout,
    );
    assert.match(post.summary, /\*\*Removal did not finish\*\*/, post.stdout);
    assert.match(
      post.summary,
      /\*\*Left\*\* by the label <code>com\.docker\.compose\.project=[^<]+<\/code> after it: [1-9]\d* containers?/,
      post.stdout,
    );
    // Removed: by `down`, or by label where `down` tripped over what the killed removal had begun.
    assert.match(post.summary, /✅ \*\*Removed by the post step\*\* in \d+ ms: /, post.stdout);
  });
});
