/**
 * Invalid inputs, end to end on the bundled action: the step fails with an ::error naming the
 * input, and still writes mode=none, a reason naming the input, every other output (empty), the
 * summary and the report. No Docker needed: inputs are checked before anything else runs.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { runAction } from '../harness/runner.js';
import { readReport } from '../support/e2e.js';
import { OUTPUT_NAMES } from '../../src/outputs.js';

const cases: Array<[string, string]> = [
  ['mode', 'dockr'],
  ['startup-timeout', '0'],
  ['startup-timeout', '100000'],
  ['staging-timeout', 'soon'],
  ['staging-backend-url', 'ftp://staging.example'],
  ['staging-auth-url', 'not a url'],
  ['staging-websocket-url', 'https://staging.example/ws'],
  ['build', 'yes'],
  ['fail-on-unavailable', 'maybe'],
  ['working-directory', '../..'],
  ['compose-files', '../elsewhere/compose.yml'],
  ['project-directory', '/'],
  ['pull', 'sometimes'],
  ['backend-port', '0'],
  ['up-flags', '--build; curl evil'],
];

describe('invalid inputs fail the step before anything runs', () => {
  for (const [input, value] of cases) {
    test(`${input}: ${JSON.stringify(value)}`, async () => {
      const run = await runAction({ inputs: { [input]: value }, env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
      try {
        assert.equal(run.main.exitCode, 1, run.main.stdout);
        const errors = run.main.annotations.filter((a) => a.level === 'error');
        assert.equal(errors.length, 1, JSON.stringify(errors));
        assert.ok(errors[0]!.message.includes(`'${input}'`), errors[0]!.message);
        assert.ok(
          errors[0]!.message.includes(JSON.stringify(value)) || input === 'working-directory' || input === 'project-directory',
          errors[0]!.message,
        );
        assert.equal(errors[0]!.properties.title, `Invalid input '${input}'`);
        assert.deepEqual(Object.keys(run.main.outputs).sort(), [...OUTPUT_NAMES].sort(), 'every output is written');
        assert.equal(run.main.outputs.mode, 'none');
        assert.equal(run.main.outputs['use-staging-fallback'], 'false');
        assert.ok(run.main.outputs.reason?.includes(`'${input}'`), run.main.outputs.reason);
        assert.deepEqual(run.main.env, { TEST_MODE: 'none', USE_STAGING_FALLBACK: 'false' }, 'no URL variable');
        const report = readReport(run.main);
        assert.deepEqual(
          report.checks.map((c) => [c.id, c.status, c.failure]),
          [['inputs', 'failed', 'invalid-input']],
        );
        assert.match(run.main.summary, new RegExp(`Input '${input}'`));
        assert.equal(run.post?.exitCode, 0, 'post has nothing to do and does not fail');
      } finally {
        run.cleanup();
      }
    });
  }

  test('the staging token is masked before anything is logged, even when another input is bad', async () => {
    const token = 'tok-9f8e7d6c5b4a';
    const run = await runAction({ inputs: { 'staging-token': token, mode: 'bogus' } });
    try {
      assert.equal(run.main.exitCode, 1);
      assert.deepEqual(run.main.masks, [token]);
      const firstCommand = run.main.stdout.split('\n').find((l) => l.startsWith('::') && !l.startsWith('::debug'));
      assert.equal(firstCommand, `::add-mask::${token}`, 'masking comes first');
      assert.ok(!run.main.log.includes(token));
      assert.ok(!run.main.summary.includes(token));
    } finally {
      run.cleanup();
    }
  });
});

describe('cache-images where Docker ends first', () => {
  test('no daemon, or mode staging: cache-hit false, no image rows, no cache check, nothing said about the cache', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const on = await runAction({ inputs: { 'cache-images': 'true', 'fail-on-unavailable': 'false' }, env });
    const staging = await runAction({
      inputs: { 'cache-images': 'true', mode: 'staging', 'fail-on-unavailable': 'false' },
      env,
    });
    try {
      for (const r of [on, staging]) {
        assert.equal(r.main.exitCode, 0, r.main.stdout);
        assert.equal(r.main.outputs['cache-hit'], 'false');
        const report = JSON.parse(fs.readFileSync(r.main.outputs.report!, 'utf8')) as { images: unknown[]; checks: Array<{ id: string }> };
        assert.deepEqual(report.images, []);
        assert.equal(
          report.checks.find((c) => c.id === 'images.cache'),
          undefined,
        );
        assert.deepEqual(
          r.main.annotations.filter((a) => a.level !== 'debug' && /cache/i.test(`${a.properties.title} ${a.message}`)),
          [],
        );
        assert.doesNotMatch(r.main.summary, /### Images/);
        assert.equal(r.post?.exitCode, 0);
        assert.doesNotMatch(r.post?.stdout ?? '', /Image cache/);
      }
    } finally {
      for (const r of [on, staging]) r.cleanup();
    }
  });
});
