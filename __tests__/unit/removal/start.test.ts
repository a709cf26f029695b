/**
 * removal/start.ts: the failed stack's removal runs in a process that outlives the step: its own
 * process group and session, its output in a file, nothing of the step's that holds it or that it
 * holds, out of reach of what the action kills on cancel.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { killRunningChildren } from '../../../src/exec.js';
import { awaitRemoval } from '../../../src/removal/await.js';
import { bundledRemovalScript, startDetachedRemoval } from '../../../src/removal/start.js';
import { detachedEnv as removalEnv } from '../../../src/detached.js';
import type { RemovalJob } from '../../../src/removal/types.js';
import { fakeRemovalScript, waitForFile } from '../../support/fake-removal.js';
import { alive, processIds } from '../../support/processes.js';
import { until } from '../../support/time.js';
import { tempDir } from '../../support/temp.js';

const job: Omit<RemovalJob, 'resultFile' | 'stepPid'> = {
  stack: { compose: ['docker', 'compose'], projectName: 'p', projectDirectory: '/w', files: ['/w/compose.yaml'], engineEnv: {} },
  known: ['c1'],
  lookAgain: false,
};

/** Cleanup: the fake removal's process group, if it still runs. */
function stop(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
}

test('startDetachedRemoval: its own process group and session, stdout and stderr in its log file under the given folder, no input or step file in its environment; killRunningChildren does not reach it', async (t) => {
  const dir = tempDir(t, 'cos-removal-');
  const before = process.getActiveResourcesInfo().filter((r) => r === 'ProcessWrap').length;
  const env = {
    ...process.env,
    'INPUT_STAGING-TOKEN': 'hunter2',
    GITHUB_OUTPUT: '/x/output',
    GITHUB_STATE: '/x/state',
    DOCKER_HOST: 'unix:///x.sock',
  };
  const d = startDetachedRemoval(job, { script: fakeRemovalScript(dir), dir, env });
  t.after(() => stop(d.pid));
  assert.equal(path.dirname(path.dirname(d.logFile)), dir);
  assert.deepEqual(JSON.parse(fs.readFileSync(d.jobFile, 'utf8')), { ...job, resultFile: d.resultFile, stepPid: process.pid });
  assert.deepEqual(d.stack, job.stack);
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'ProcessWrap').length, before, 'unref: the step does not wait for it');
  await waitForFile(`${d.resultFile}.env`);
  const ids = processIds(d.pid);
  assert.deepEqual([ids?.pgrp, ids?.session], [d.pid, d.pid], 'a process group and session of its own');
  const names = JSON.parse(fs.readFileSync(`${d.resultFile}.env`, 'utf8')) as string[];
  assert.ok(names.includes('DOCKER_HOST'));
  for (const gone of ['INPUT_STAGING-TOKEN', 'GITHUB_OUTPUT', 'GITHUB_STATE']) assert.ok(!names.includes(gone), gone);

  killRunningChildren();
  assert.ok(alive(d.pid), 'what the action stops on cancel does not include it');
  fs.writeFileSync(`${d.resultFile}.go`, '');
  const waited = await awaitRemoval(d, 30_000);
  assert.equal(waited.outcome, 'finished');
  assert.match(fs.readFileSync(d.logFile, 'utf8'), /hello on stdout[\s\S]*hello on stderr/);
});

test('it outlives the step: the step process started it and was killed with its whole process group, and the removal went on to its result', async (t) => {
  const dir = tempDir(t, 'cos-removal-');
  const script = fakeRemovalScript(dir);
  const start = pathToFileURL(path.resolve('src/removal/start.ts')).href;
  // The step: starts the removal, says its pid, and stays until killed, in a process group of its own.
  const code = `const { startDetachedRemoval } = await import(${JSON.stringify(start)});
const d = startDetachedRemoval(${JSON.stringify(job)}, { script: ${JSON.stringify(script)}, dir: ${JSON.stringify(dir)}, env: process.env });
console.log(JSON.stringify(d));
setInterval(() => {}, 1000);`;
  const step = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  step.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  await until(() => out.includes('\n'), { what: 'the step printing its removal' });
  const d = JSON.parse(out) as { pid: number; resultFile: string; jobFile: string };
  t.after(() => stop(d.pid));
  await waitForFile(`${d.resultFile}.env`);
  const ended = new Promise((r) => step.once('close', r));
  process.kill(-step.pid!, 'SIGKILL');
  await ended;
  assert.ok(alive(d.pid), 'the removal lives on after the step and its process group were killed');
  assert.notEqual(processIds(d.pid)?.ppid, step.pid, 'no longer the step’s child');
  fs.writeFileSync(`${d.resultFile}.go`, '');
  const waited = await awaitRemoval(d, 30_000);
  assert.equal(waited.outcome, 'finished');
});

test('startDetachedRemoval throws when it cannot start the process (the caller then removes the stack itself)', (t) => {
  const dir = tempDir(t, 'cos-removal-');
  assert.throws(
    () => startDetachedRemoval(job, { script: fakeRemovalScript(dir), dir, env: process.env, node: path.join(dir, 'no-node') }),
    /could not start/,
  );
});

test('bundledRemovalScript: dist/background/index.js beside the bundle that asks; none when there is none (run from src/)', (t) => {
  const dir = tempDir(t, 'cos-removal-');
  fs.mkdirSync(path.join(dir, 'main'));
  const main = pathToFileURL(path.join(dir, 'main', 'index.js')).href;
  assert.equal(bundledRemovalScript(main), undefined);
  fs.mkdirSync(path.join(dir, 'background'));
  fs.writeFileSync(path.join(dir, 'background', 'index.js'), '');
  assert.equal(bundledRemovalScript(main), path.join(dir, 'background', 'index.js'));
});

test('removalEnv: the step’s environment without its inputs or its own files', () => {
  assert.deepEqual(
    removalEnv({
      PATH: '/bin',
      INPUT_MODE: 'docker',
      GITHUB_ENV: '/e',
      GITHUB_PATH: '/p',
      GITHUB_STEP_SUMMARY: '/s',
      GITHUB_RUN_ID: '7',
      RUNNER_TEMP: '/t',
    }),
    { PATH: '/bin', GITHUB_RUN_ID: '7', RUNNER_TEMP: '/t' },
  );
});
