/**
 * src/core.ts speaks to the runner as @actions/core does: the same calls, run through both side by
 * side, write the same stdout and the same file commands (the random delimiters aside).
 */
import * as actions from '@actions/core';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as ours from '../../src/core.js';

type Core = typeof ours;

/** What `fn` wrote to stdout and to each file command, with GITHUB_OUTPUT/ENV/STATE set or not. */
async function written(fn: (core: Core) => void | Promise<void>, core: Core, files: boolean): Promise<Record<string, string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-core-'));
  const names = ['OUTPUT', 'ENV', 'STATE'] as const;
  const saved = Object.fromEntries(names.map((n) => [n, process.env[`GITHUB_${n}`]]));
  for (const n of names) {
    if (files) {
      fs.writeFileSync(path.join(dir, n), '');
      process.env[`GITHUB_${n}`] = path.join(dir, n);
    } else delete process.env[`GITHUB_${n}`];
  }
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn(core);
  } finally {
    process.stdout.write = write;
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[`GITHUB_${n}`];
      else process.env[`GITHUB_${n}`] = saved[n];
    }
  }
  const result: Record<string, string> = { stdout: out.join('') };
  if (files) for (const n of names) result[n] = fs.readFileSync(path.join(dir, n), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  // Each file command has its own random delimiter.
  for (const k of Object.keys(result)) result[k] = result[k]!.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');
  return result;
}

async function same(fn: (core: Core) => void | Promise<void>): Promise<void> {
  for (const files of [true, false]) {
    const theirs = await written(fn, actions as unknown as Core, files);
    const mine = await written(fn, ours, files);
    assert.deepEqual(mine, theirs, `with${files ? '' : 'out'} file commands`);
  }
}

describe('src/core.ts against @actions/core', () => {
  test('outputs: plain, multi-line, escapes, JSON, empty', () =>
    same((core) => {
      core.setOutput('mode', 'docker');
      core.setOutput('reason', 'line one\nline two\r\n100% sure: a, b');
      core.setOutput('service-ports', { backend: { host: 'localhost', ports: { 8000: 8002 } } });
      core.setOutput('empty', '');
    }));

  test('exported variables reach this process and the file', async () => {
    await same((core) => {
      core.exportVariable('COS_CORE_TEST', 'a\nb=c');
    });
    assert.equal(process.env.COS_CORE_TEST, 'a\nb=c');
    delete process.env.COS_CORE_TEST;
  });

  test('state, masks, debug and plain lines', () =>
    same((core) => {
      core.saveState('teardown-plan', JSON.stringify({ files: ['a b', 'c'] }));
      core.setSecret('s3cr%t\nsecond');
      core.debug('exec: ["docker","ps"]\n::error::x');
      core.info('plain line');
    }));

  test('annotations: every property, commas and colons in them, a line 0 left out, a multi-line message', () =>
    same((core) => {
      core.error('broken\nthing 100%', {
        file: 'docker/compose.yml',
        startLine: 7,
        endLine: 9,
        startColumn: 3,
        endColumn: 12,
        title: 'a, b: c',
      });
      core.warning('careful', { title: 'only a title' });
      core.notice('note', { file: 'x.yml', startLine: 0 });
      core.warning('no properties');
    }));

  test('groups: around the work, closed when it throws, its value returned', async () => {
    await same(async (core) => {
      assert.equal(await core.group('Docker: up', () => Promise.resolve(42)), 42);
      await assert.rejects(
        core.group('Staging: probe', () => Promise.reject(new Error('boom'))),
        /boom/,
      );
    });
  });

  test('state saved in this process is read back when the runner passes none (local-action runs main and post in one process)', async () => {
    await written((core) => core.saveState('cos-in-process', '{"plan":1}'), ours, false);
    assert.equal(ours.getState('cos-in-process'), '{"plan":1}');
    // What the runner passes wins: the post step of a real run is a process of its own.
    process.env['STATE_cos-in-process'] = 'from-runner';
    try {
      assert.equal(ours.getState('cos-in-process'), 'from-runner');
    } finally {
      delete process.env['STATE_cos-in-process'];
    }
  });

  test('inputs and state read back: names with spaces, trimmed, empty when unset', () => {
    process.env['INPUT_MULTI_LINE'] = '  value \n';
    process.env['STATE_teardown-plan'] = '{"a":1}';
    try {
      for (const core of [actions as unknown as Core, ours]) {
        assert.equal(core.getInput('multi line'), 'value');
        assert.equal(core.getInput('not-set'), '');
        assert.equal(core.getState('teardown-plan'), '{"a":1}');
        assert.equal(core.getState('nothing'), '');
      }
    } finally {
      delete process.env['INPUT_MULTI_LINE'];
      delete process.env['STATE_teardown-plan'];
    }
  });
});
