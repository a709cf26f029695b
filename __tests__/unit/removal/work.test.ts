/**
 * removal/work.ts: the background process removes what the main step handed it, the way the main
 * step did before (every container at once, then the project's networks and volumes by its
 * label), and writes its result whatever happened.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, type TestContext } from 'node:test';
import { readResult } from '../../../src/removal/await.js';
import type { RemovalJob } from '../../../src/removal/types.js';
import { runRemovalJob, stepEnded } from '../../../src/removal/work.js';
import { fakeDockerCli } from '../../support/fake-removal.js';
import { tempDir } from '../../support/temp.js';

/** A job file for the stack `shop` (its project directory a fresh folder), and where its result goes. */
function writeJob(t: TestContext, job: Omit<RemovalJob, 'resultFile' | 'stack' | 'stepPid'>): { jobFile: string; resultFile: string } {
  const dir = tempDir(t, 'cos-work-');
  const resultFile = path.join(dir, 'result.json');
  const jobFile = path.join(dir, 'job.json');
  const stack = {
    compose: ['docker', 'compose'],
    projectName: 'shop',
    projectDirectory: dir,
    files: [path.join(dir, 'compose.yaml')],
    engineEnv: {},
  };
  // A step that has ended: no process is this one's parent with pid -1.
  fs.writeFileSync(jobFile, JSON.stringify({ ...job, stack, resultFile, stepPid: -1 }));
  return { jobFile, resultFile };
}

test('the known containers, any other the label finds, then the networks and volumes by label; the networks this step joined are left first; the result is written', async (t) => {
  const docker = fakeDockerCli();
  t.after(docker.cleanup);
  const { jobFile, resultFile } = writeJob(t, {
    known: ['c1', 'c2'],
    lookAgain: false,
    joined: { container: 'job-container', networks: ['shop_default'] },
  });
  const env = { ...docker.env, FAKE_PS: 'c1 c2 c3', FAKE_NETWORKS: 'n1', FAKE_VOLUMES: 'v1' };
  const before = Date.now();
  const result = await runRemovalJob(jobFile, env);
  assert.equal(result.ok, true, result.detail);
  assert.equal(result.detail, 'removed project shop');
  assert.ok(result.startedAt >= before && result.finishedAt >= result.startedAt);
  assert.deepEqual(readResult(resultFile), result);
  const calls = docker.calls();
  assert.equal(calls[0], 'network disconnect --force shop_default job-container', 'left before anything is removed');
  assert.ok(calls.includes('rm --force --volumes c1 c2'), calls.join('\n'));
  assert.ok(calls.includes('rm --force --volumes c3'), 'found by the label');
  assert.ok(calls.includes('ps --all --quiet --no-trunc --filter label=com.docker.compose.project=shop'));
  assert.ok(calls.includes('network rm n1'));
  assert.ok(calls.includes('volume rm --force v1'));
  assert.ok(!calls.some((c) => c.startsWith('compose')), 'no compose down when removing by label worked');
});

test('an engine that refuses everything: compose down is tried too, and a failed result is still written', async (t) => {
  const docker = fakeDockerCli();
  t.after(docker.cleanup);
  const { jobFile, resultFile } = writeJob(t, { known: ['c1'], lookAgain: false });
  const result = await runRemovalJob(jobFile, { ...docker.env, FAKE_FAIL: '1' });
  assert.equal(result.ok, false);
  assert.match(result.detail, /engine could not be asked/);
  assert.ok(docker.calls().some((c) => c.startsWith('compose --project-name shop') && c.includes(' down --volumes --remove-orphans')));
  assert.deepEqual(readResult(resultFile), result);
});

test('stepEnded: nothing is removed while the step that started the removal runs; it goes on once the step has ended', async (t) => {
  const dir = tempDir(t, 'cos-step-');
  const work = pathToFileURL(path.resolve('src/removal/work.ts')).href;
  // The removal's stand-in: waits for the step that started it (its parent, whose pid it is given, as the job gives it) to end.
  fs.writeFileSync(
    path.join(dir, 'removal.mjs'),
    [
      `const { stepEnded } = await import(${JSON.stringify(work)});`,
      'const step = Number(process.argv[2]);',
      "process.stdout.write('waiting\\n');",
      `(await import('node:fs')).writeFileSync(${JSON.stringify(path.join(dir, 'waiting'))}, '');`,
      'await stepEnded(step, 60_000);',
      "process.stdout.write(process.ppid === step ? 'gave up\\n' : 'the step has ended\\n');",
    ].join('\n'),
  );
  // The step: starts it, and ends once it is waiting.
  fs.writeFileSync(
    path.join(dir, 'step.mjs'),
    [
      "import { spawn } from 'node:child_process';",
      `spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(path.join(dir, 'removal.mjs'))}, String(process.pid)], { stdio: ['ignore', 'inherit', 'inherit'] }).unref();`,
      "import { existsSync } from 'node:fs';",
      `setInterval(() => existsSync(${JSON.stringify(path.join(dir, 'waiting'))}) && process.exit(0), 20);`,
    ].join('\n'),
  );
  const step = spawn(process.execPath, [path.join(dir, 'step.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  step.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  // The pipe closes once both have written their last line.
  await new Promise((r) => step.stdout.once('close', r));
  assert.equal(out, 'waiting\nthe step has ended\n');
  assert.ok((await stepEnded(-1, 60_000)) < 60_000, 'a step that is not this process’s parent has ended already');
});
