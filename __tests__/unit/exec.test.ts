/** The one exec module, with real processes: the @actions/exec path and the killable spawn path give the same results. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exec, ExecError, execOrThrow, type ExecOptions, type ExecResult } from '../../src/exec.js';
import { alive } from '../support/processes.js';
import { until } from '../support/time.js';

// No deadline and no signal: @actions/exec. A deadline: the spawn wrapper (one far away, so it never fires).
const paths: Array<[string, ExecOptions]> = [
  ['no deadline (@actions/exec)', {}],
  ['deadline (spawn)', { timeoutMs: 120_000 }],
];
const KEYS = ['aborted', 'argv', 'code', 'durationMs', 'spawnError', 'stderr', 'stdout', 'timedOut'];

let dir: string;
before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cos-exec-')));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function assertShape(r: ExecResult): void {
  assert.deepEqual(Object.keys(r).sort(), KEYS);
  assert.equal(typeof r.durationMs, 'number');
}

/** Wait until pid is gone (a guard far past the moment it takes, not a measurement). */
const gone = (pid: number, what: string): Promise<void> => until(() => !alive(pid), { what });

// Prints the background grandchild's pid first, then waits on two sleeps: only a group kill stops both.
const GROUP = ['sh', '-c', 'sleep 30 & echo $!; sleep 30; wait'];

function grandchildPid(r: ExecResult): number {
  const pid = Number(r.stdout.trim().split('\n')[0]);
  assert.ok(Number.isInteger(pid) && pid > 1, `no pid in stdout ${JSON.stringify(r.stdout)}`);
  return pid;
}

for (const [name, base] of paths) {
  describe(`exec, ${name}`, () => {
    test('exit 0 with stdout (UTF-8 decoded)', async () => {
      const r = await exec(['sh', '-c', 'printf "hello é€ ✓"'], { ...base });
      assertShape(r);
      assert.deepEqual(
        { code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, aborted: r.aborted, spawnError: r.spawnError },
        { code: 0, stdout: 'hello é€ ✓', stderr: '', timedOut: false, aborted: false, spawnError: undefined },
      );
      assert.deepEqual(r.argv, ['sh', '-c', 'printf "hello é€ ✓"']);
    });

    test('durationMs covers the process from start to exit: a child sleeping 300 ms took at least 300 ms', async () => {
      const r = await exec(['sleep', '0.3'], { ...base });
      assert.equal(r.code, 0);
      assert.ok(r.durationMs >= 300, `durationMs ${r.durationMs} for a 300 ms sleep`);
    });

    test('a non-zero exit resolves with the code and stderr', async () => {
      const r = await exec(['sh', '-c', 'echo partial; echo oops >&2; exit 3'], { ...base });
      assertShape(r);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, 'partial\n');
      assert.equal(r.stderr, 'oops\n');
      assert.equal(r.spawnError, undefined);
      assert.equal(r.timedOut, false);
    });

    test('a process killed by a signal has code null', async () => {
      const r = await exec(['sh', '-c', 'kill -9 $$'], { ...base });
      assertShape(r);
      assert.equal(r.code, null);
      assert.equal(r.spawnError, undefined);
      assert.equal(r.timedOut, false);
      assert.equal(r.aborted, false);
    });

    test('cwd is honoured', async () => {
      const r = await exec(['sh', '-c', 'pwd -P'], { ...base, cwd: dir });
      assert.equal(r.code, 0);
      assert.equal(r.stdout.trim(), dir);
    });

    test('env is honoured; a variable left undefined is not passed', async () => {
      const env = { ...process.env, COS_EXEC_SET: 'yes it is', COS_EXEC_UNSET: undefined };
      const r = await exec(['sh', '-c', 'printf "%s|%s" "$COS_EXEC_SET" "${COS_EXEC_UNSET-unset}"'], { ...base, env });
      assert.equal(r.code, 0);
      assert.equal(r.stdout, 'yes it is|unset');
    });

    test('a program not on PATH: spawnError ENOENT, code null, no throw', async () => {
      const r = await exec(['cos-exec-no-such-program', '--version'], { ...base });
      assertShape(r);
      assert.equal(r.spawnError?.code, 'ENOENT');
      assert.equal(r.code, null);
      assert.equal(r.stdout, '');
      assert.equal(r.timedOut, false);
    });

    test('a missing cwd: spawnError ENOENT, code null, no throw', async () => {
      const r = await exec(['sh', '-c', 'true'], { ...base, cwd: path.join(dir, 'not-there') });
      assertShape(r);
      assert.equal(r.spawnError?.code, 'ENOENT');
      assert.equal(r.code, null);
    });

    test('a NUL byte in an argument, the cwd or the env: spawnError, no throw', async () => {
      for (const [argv, opts] of [
        [['sh', '-c', 'echo a\0b'], {}],
        [['sh', '-c', 'true'], { cwd: `${dir}\0x` }],
        [['sh', '-c', 'true'], { env: { ...process.env, COS_EXEC_NUL: 'a\0b' } }],
      ] as Array<[string[], ExecOptions]>) {
        const r = await exec(argv, { ...base, ...opts });
        assertShape(r);
        assert.equal(r.spawnError?.code, 'ERR_INVALID_ARG_VALUE');
        assert.equal(r.code, null);
      }
    });

    test('an absolute program path works with an empty PATH; a space or a quote in it too', async () => {
      const sub = path.join(dir, `has space "and" quote ${name.replace(/\W+/g, '-')}`);
      fs.mkdirSync(sub);
      const tool = path.join(sub, 'tool "x".sh');
      fs.writeFileSync(tool, '#!/bin/sh\nprintf "%s," "$@"\n', { mode: 0o755 });
      const r = await exec([tool, 'a b', '"q"', 'c\\d'], { ...base, env: { PATH: '' } });
      assert.equal(r.spawnError, undefined);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, 'a b,"q",c\\d,');
    });

    test('execOrThrow throws an ExecError with the last stderr lines', async () => {
      const argv = ['sh', '-c', 'for l in one two three four; do echo $l >&2; done; exit 2'];
      await assert.rejects(execOrThrow(argv, { ...base }), (err: unknown) => {
        assert.ok(err instanceof ExecError);
        assert.equal(err.result.code, 2);
        assert.match(err.message, /exit code 2: two \| three \| four$/);
        return true;
      });
      await assert.rejects(execOrThrow(['cos-exec-no-such-program'], { ...base }), /could not start \(ENOENT\)/);
      const ok = await execOrThrow(['sh', '-c', 'echo fine'], { ...base });
      assert.equal(ok.stdout, 'fine\n');
    });
  });
}

describe('exec: stdin input (always the spawn wrapper: @actions/exec cannot catch EPIPE on it)', () => {
  test('input goes to stdin', async () => {
    const r = await exec(['cat'], { input: 'line one\nline two ✓\n' });
    assertShape(r);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'line one\nline two ✓\n');
  });

  test('input a promise gives: stdin stays open until it gives it, then gets it and ends', async () => {
    let give: (text: string) => void = () => undefined;
    const running = exec(['sh', '-c', 'echo started; cat'], {
      input: new Promise<string>((r) => (give = r)),
      onLine: (line) => line === 'started' && give('later\n'),
    });
    const r = await running;
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'started\nlater\n');
  });

  test('input a promise never gives, to a process killed meanwhile: no crash', async () => {
    const r = await exec(['cat'], { input: new Promise<string>(() => undefined), timeoutMs: 200 });
    assert.equal(r.timedOut, true);
    assert.equal(r.spawnError, undefined);
  });

  test('input to a program that exits without reading it is no crash (EPIPE is swallowed)', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await exec(['true'], { input: 'x'.repeat(200_000) });
      assert.equal(r.code, 0);
      assert.equal(r.spawnError, undefined);
    }
  });
});

describe('exec: which path runs', () => {
  test('both look a bare program name up on the PATH of the env given, so both run the same program', async () => {
    for (const [, base] of paths) {
      const r = await exec(['sh', '-c', 'true'], { ...base, env: { PATH: '/cos-exec-nowhere' } });
      assert.equal(r.spawnError?.code, 'ENOENT');
      const bin = path.join(dir, 'bin-only-here');
      fs.mkdirSync(bin, { recursive: true });
      fs.writeFileSync(path.join(bin, 'cos-exec-only-here'), '#!/bin/sh\necho here\n', { mode: 0o755 });
      const found = await exec(['cos-exec-only-here'], { ...base, env: { PATH: bin } });
      assert.equal(found.stdout, 'here\n', JSON.stringify(found));
    }
  });

  // @actions/exec checks the cwd itself and says so in its own words; child_process fails the spawn.
  test('no deadline goes through @actions/exec, a deadline through spawn: a missing cwd is told apart by its message', async () => {
    const cwd = path.join(dir, 'not-there-either');
    const viaActions = await exec(['sh', '-c', 'true'], { cwd });
    const viaSpawn = await exec(['sh', '-c', 'true'], { cwd, timeoutMs: 120_000 });
    assert.match(viaActions.spawnError?.message ?? '', /^The cwd: .*not-there-either does not exist!$/);
    assert.match(viaSpawn.spawnError?.message ?? '', /^spawn sh ENOENT$/);
    assert.equal(viaActions.spawnError?.code, 'ENOENT');
    assert.equal(viaSpawn.spawnError?.code, 'ENOENT');
  });
});

describe('exec: stopping the whole process group', () => {
  test('timeoutMs kills the process and its background grandchild', async () => {
    const r = await exec(GROUP, { timeoutMs: 300 });
    assertShape(r);
    assert.equal(r.timedOut, true);
    assert.equal(r.aborted, false);
    assert.equal(r.code, null);
    assert.ok(r.durationMs < 20_000, `took ${r.durationMs} ms for a 300 ms deadline`);
    await gone(grandchildPid(r), 'the background sleep to end after the deadline');
  });

  test('an abort kills the process and its background grandchild', async () => {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 200);
    const r = await exec(GROUP, { signal: ac.signal });
    clearTimeout(timer);
    assertShape(r);
    assert.equal(r.aborted, true);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, null);
    assert.ok(r.durationMs < 20_000, `took ${r.durationMs} ms after a 200 ms abort`);
    await gone(grandchildPid(r), 'the background sleep to end after the abort');
    assert.match(new ExecError(r).message, /^sh -c .*: aborted after/);
  });

  test('an abort before a far deadline is an abort, not a timeout', async () => {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 200);
    const r = await exec(GROUP, { signal: ac.signal, timeoutMs: 120_000 });
    clearTimeout(timer);
    assert.equal(r.aborted, true);
    assert.equal(r.timedOut, false);
    await gone(grandchildPid(r), 'the background sleep to end after the abort');
  });

  test('a signal already aborted does not start the process', async () => {
    const marker = path.join(dir, 'should-not-exist');
    const r = await exec(['sh', '-c', `echo ran > '${marker}'`], { signal: AbortSignal.abort() });
    assertShape(r);
    assert.equal(r.aborted, true);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, null);
    assert.equal(r.spawnError, undefined);
    assert.equal(fs.existsSync(marker), false);
    await assert.rejects(execOrThrow(['sh', '-c', `echo ran > '${marker}'`], { signal: AbortSignal.abort() }), ExecError);
    assert.equal(fs.existsSync(marker), false);
  });
});

describe('exec: the step inputs stay out of child processes', () => {
  for (const [how, extra] of [
    ['@actions/exec', {}],
    ['the spawn wrapper', { timeoutMs: 30_000 }],
  ] as const) {
    test(`${how}: no INPUT_* variable (the staging token among them) reaches docker or compose`, async () => {
      const env = { ...process.env, 'INPUT_STAGING-TOKEN': 'tok-secret', INPUT_MODE: 'auto', KEEP_ME: 'yes' };
      const r = await exec(['sh', '-c', 'env'], { env, ...extra });
      assert.equal(r.code, 0);
      assert.doesNotMatch(r.stdout, /INPUT_|tok-secret/);
      assert.match(r.stdout, /^KEEP_ME=yes$/m);
    });
  }
});

describe('exec onLine', () => {
  test('each line of both streams as it comes, while both are still collected', async () => {
    const lines: string[] = [];
    const r = await exec(['sh', '-c', 'printf "a\\r\\nb\\rc"; printf "err\\n" >&2; sleep 0.1; printf "\\nd"'], {
      onLine: (l, stream) => lines.push(`${stream}:${l}`),
    });
    assert.equal(r.code, 0);
    assert.deepEqual(
      lines.filter((l) => l.startsWith('stdout')),
      ['stdout:a', 'stdout:b', 'stdout:c', 'stdout:d'],
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('stderr')),
      ['stderr:err'],
    );
    assert.equal(r.stdout, 'a\r\nb\rc\nd');
  });
});
