/**
 * src/runner.ts: the runner is spoken to through @actions/core, loaded after the first moves.
 * What is said before it has loaded comes out, in order, once it has; its own writes are marked
 * as its own; state saved in this process reads back when the runner passes none.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../harness/runner.js';
import * as runner from '../../src/runner.js';
import { tempDir } from '../support/temp.js';

/** Run `body` (an ES module's text, `runner` imported) in a node of its own, the runner's files in `dir`. */
function inFreshProcess(body: string, dir: string): { stdout: string; output: string; env: string; state: string } {
  for (const n of ['OUTPUT', 'ENV', 'STATE']) fs.writeFileSync(path.join(dir, n), '');
  const script = path.join(dir, 'script.mts');
  fs.writeFileSync(script, `import * as runner from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'runner.ts'))};\n${body}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      GITHUB_OUTPUT: path.join(dir, 'OUTPUT'),
      GITHUB_ENV: path.join(dir, 'ENV'),
      GITHUB_STATE: path.join(dir, 'STATE'),
    },
  });
  assert.equal(r.status, 0, r.stderr);
  const read = (n: string): string => fs.readFileSync(path.join(dir, n), 'utf8');
  return { stdout: r.stdout, output: read('OUTPUT'), env: read('ENV'), state: read('STATE') };
}

describe('runner', () => {
  test('what is said before @actions/core has loaded comes out once it has, in the order it was said, before what follows', (t) => {
    const dir = tempDir(t, 'cos-runner-');
    const run = inFreshProcess(
      `
runner.setSecret('s3cret-value');
runner.info('first line');
runner.warning('careful', { title: 'A title', file: 'docker/compose.yml', startLine: 3 });
runner.setOutput('mode', 'docker');
runner.exportVariable('COS_EXPORTED', 'yes');
runner.saveState('plan', '{"a":1}');
// exported at once for this very process, before @actions/core has loaded
if (process.env.COS_EXPORTED !== 'yes') throw new Error('not exported at once');
await runner.loadRunner();
runner.info('after the load');
`,
      dir,
    );
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines, [
      '::add-mask::s3cret-value',
      'first line',
      '::warning title=A title,file=docker/compose.yml,line=3::careful',
      'after the load',
    ]);
    assert.match(run.output, /^mode<<ghadelimiter_[0-9a-f-]+\ndocker\n/);
    assert.match(run.env, /^COS_EXPORTED<<ghadelimiter_[0-9a-f-]+\nyes\n/);
    assert.match(run.state, /^plan<<ghadelimiter_[0-9a-f-]+\n\{"a":1\}\n/);
  });

  test('its own writes are marked as its own (a library routed meanwhile is told apart), and nothing else is', async () => {
    await runner.loadRunner();
    const seen: Array<[string, boolean]> = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      seen.push([String(chunk), runner.writingOwn()]);
      return true;
    }) as typeof process.stdout.write;
    try {
      runner.info('ours');
      process.stdout.write('a library\n');
      await runner.group('A group', async () => undefined);
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(seen, [
      ['ours\n', true],
      ['a library\n', false],
      ['::group::A group\n', true],
      ['::endgroup::\n', true],
    ]);
  });

  test('groups close when their work throws, and pass its value on', async () => {
    await runner.loadRunner();
    const write = process.stdout.write.bind(process.stdout);
    const out: string[] = [];
    process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      assert.equal(await runner.group('g', async () => 42), 42);
      await assert.rejects(
        runner.group('h', () => Promise.reject(new Error('boom'))),
        /boom/,
      );
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(out, ['::group::g\n', '::endgroup::\n', '::group::h\n', '::endgroup::\n']);
  });

  test('state saved in this process is read back when the runner passes none (local-action runs main and post in one process)', async () => {
    await runner.loadRunner();
    const saved = process.env.GITHUB_STATE;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-runner-'));
    process.env.GITHUB_STATE = path.join(dir, 'STATE');
    fs.writeFileSync(process.env.GITHUB_STATE, '');
    try {
      runner.saveState('cos-in-process', '{"plan":1}');
      assert.equal(runner.getState('cos-in-process'), '{"plan":1}');
      // What the runner passes wins: the post step of a real run is a process of its own.
      process.env['STATE_cos-in-process'] = 'from-runner';
      assert.equal(runner.getState('cos-in-process'), 'from-runner');
      assert.equal(runner.getState('never-saved'), '');
    } finally {
      delete process.env['STATE_cos-in-process'];
      if (saved === undefined) delete process.env.GITHUB_STATE;
      else process.env.GITHUB_STATE = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
