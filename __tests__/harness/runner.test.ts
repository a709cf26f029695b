/** Proves the harness against a tiny known action, so later end-to-end tests can trust it. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { inputEnvName, parseFileCommands, parseWorkflowCommands, REPO_ROOT, runAction } from './runner.js';

const tiny = path.join(REPO_ROOT, '__tests__', 'fixtures', 'tiny-action');

test('input names become INPUT_ variables as the runner names them', () => {
  assert.equal(inputEnvName('staging-backend-url'), 'INPUT_STAGING-BACKEND-URL');
  assert.equal(inputEnvName('multi line'), 'INPUT_MULTI_LINE');
});

test('file commands parse in both formats, values keep = and newlines', () => {
  const parsed = parseFileCommands('a=1=2\nb<<EOF_X\nline1\nline2\nEOF_X\nc<<D\n\nD\n');
  assert.deepEqual(parsed, { a: '1=2', b: 'line1\nline2', c: '' });
  assert.throws(() => parseFileCommands('x<<D\nnever closed\n'), /never closed/);
  assert.throws(() => parseFileCommands('garbage line\n'), /neither/);
});

test('workflow commands decode properties and data escapes', () => {
  const { annotations, masks, log } = parseWorkflowCommands(
    'plain\n::add-mask::s3cr%25t\n::error file=a%2Cb.yml,line=3,title=x%3A y::bad%0Anews\n',
  );
  assert.deepEqual(masks, ['s3cr%t']);
  assert.equal(annotations.length, 1);
  assert.deepEqual(annotations[0], { level: 'error', message: 'bad\nnews', properties: { file: 'a,b.yml', line: '3', title: 'x: y' } });
  assert.ok(!log.includes('add-mask'));
  assert.ok(log.includes('plain'));
});

test('harness runs main then post like the runner: defaults, outputs, env, state, summary, annotations', async () => {
  const run = await runAction({ actionDir: tiny, inputs: { 'multi line': 'spaced', secret: 'hunter2' } });
  try {
    const { main, post } = run;
    assert.equal(main.exitCode, 0, main.stderr);
    assert.equal(main.outputs.greeting, 'hello', 'default from action.yml');
    assert.equal(main.outputs.multiline, 'line one\nline two');
    assert.equal(main.outputs['spaced-input'], 'spaced');
    assert.equal(main.outputs.cwd, run.workspace, 'GITHUB_WORKSPACE is the working directory');
    assert.deepEqual(main.env, { TINY_EXPORTED: 'from-main', TINY_MULTILINE: 'a\nb' });
    assert.deepEqual(main.state, { token: 'state-value=with=equals' });
    assert.deepEqual(main.path, ['/opt/tiny/bin']);
    assert.match(main.summary, /<h1>tiny summary<\/h1>/);
    assert.deepEqual(main.masks, ['hunter2']);
    const error = main.annotations.find((a) => a.level === 'error');
    assert.deepEqual(error?.properties, { file: 'docker/compose.yml', line: '7', title: 'a, b: c' });
    assert.equal(main.annotations.find((a) => a.level === 'warning')?.message, '100% careful\nsecond line');
    assert.match(main.log, /secret is hunter2/, 'the log is raw: tests can see a secret that was printed');
    assert.ok(main.durationMs > 0);

    assert.ok(post, 'post ran');
    assert.equal(post.exitCode, 0, post.stderr);
    assert.equal(post.outputs['state-seen'], 'state-value=with=equals', 'STATE_ round-trip');
    assert.equal(post.outputs['env-seen'], 'from-main', 'GITHUB_ENV applies to the post step');
    assert.equal(post.outputs['env-multiline-seen'], 'a\nb');
  } finally {
    run.cleanup();
  }
});

test('harness reports a failing main and still runs post (post-if: always())', async () => {
  const run = await runAction({ actionDir: tiny, inputs: { 'exit-code': '1' } });
  try {
    assert.equal(run.main.exitCode, 1);
    assert.equal(run.post?.exitCode, 0);
  } finally {
    run.cleanup();
  }
});

test('harness traces what an entry leaves holding the process open, and runs it the same way', async () => {
  const clean = await runAction({ actionDir: tiny, traceLeftovers: true, post: false });
  const lingering = await runAction({
    actionDir: tiny,
    traceLeftovers: true,
    post: false,
    // A timer long enough to be still pending when the tracer looks, however slow this machine.
    inputs: { 'linger-ms': '2000', 'exit-code': '3' },
  });
  try {
    assert.deepEqual(clean.main.leftovers, []);
    assert.equal(clean.main.outputs.greeting, 'hello', 'the traced entry still writes its outputs');
    assert.deepEqual(lingering.main.leftovers, ['Timeout']);
    assert.equal(lingering.main.exitCode, 3, 'the entry keeps its exit code');
    assert.equal(lingering.main.annotations[0]?.message, 'broken thing');
  } finally {
    clean.cleanup();
    lingering.cleanup();
  }
});

test('harness refuses an input that action.yml does not declare', async () => {
  await assert.rejects(runAction({ actionDir: tiny, inputs: { nope: 'x' } }), /does not declare/);
});
