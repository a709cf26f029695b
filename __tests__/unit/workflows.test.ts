/**
 * The workflows in the repository, and the YAML examples in its READMEs, are what users copy: each
 * must pass GitHub's own workflow checks (@actions/languageservice, told this action's inputs from
 * action.yml), give every input a value the action accepts (its own parseInputs), and read only
 * outputs action.yml declares. Discovered at run time: .github/workflows and examples/workflows
 * (.yml, .yaml), and every ```yaml block of README.md, examples/README.md,
 * examples/workflows/README.md and docs/*.md. See ../support/workflow-check.ts for what is checked and how.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../harness/runner.js';
import {
  checkWorkflowText,
  formatFinding,
  loadActionYaml,
  markdownFiles,
  planBlock,
  stepReferences,
  usesThisAction,
  workflowFiles,
  yamlBlocks,
  type CheckResult,
  type Finding,
} from '../support/workflow-check.js';

const action = loadActionYaml();
const read = (file: string): string => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
const show = (findings: Finding[]): string[] => findings.map(formatFinding);

test("the repository's workflows and README examples pass GitHub's checks and the action's own", async (t) => {
  const files = workflowFiles();
  const checkedFiles: string[] = [];
  const checkedBlocks: string[] = [];
  const skipped: string[] = [];
  let actionSteps = 0;
  const noteWarnings = (r: CheckResult): void => {
    for (const w of r.warnings) t.diagnostic(`warning (not failed on): ${formatFinding(w)}`);
  };

  for (const file of files) {
    await t.test(file, async () => {
      const r = await checkWorkflowText({ file, text: read(file) }, { action });
      noteWarnings(r);
      assert.deepEqual(show(r.findings), [], `${file} has errors`);
      // An example workflow is an example of this action; the action's own CI need not use it.
      if (file.startsWith('examples/'))
        assert.ok(r.actionSteps > 0, `${file}: no step uses ${action.name} (./ or <owner>/compose-or-staging@<ref>)`);
      checkedFiles.push(file);
      actionSteps += r.actionSteps;
    });
  }

  for (const md of markdownFiles()) {
    for (const block of yamlBlocks(read(md), md)) {
      const plan = planBlock(block);
      const where = `${md}:${block.line}`;
      if (plan.kind === 'skip') {
        skipped.push(`${where} (${plan.reason})`);
        continue;
      }
      await t.test(`${where} (${plan.kind})`, async () => {
        if (plan.kind === 'broken') assert.fail(formatFinding(plan.finding));
        const r = await checkWorkflowText(plan.target, { action });
        noteWarnings(r);
        assert.deepEqual(show(r.findings), [], `the block at ${where} has errors`);
        assert.ok(r.actionSteps > 0, `${where}: planned as using the action, yet no step does`);
        checkedBlocks.push(where);
        actionSteps += r.actionSteps;
      });
    }
  }

  t.diagnostic(
    `checked ${checkedFiles.length}/${files.length} workflow file(s), ${checkedBlocks.length} README block(s), ` +
      `${actionSteps} step(s) using the action; skipped ${skipped.length} block(s)${skipped.length ? `: ${skipped.join('; ')}` : ''}`,
  );
  // Not vacuous: every workflow file was checked, at least one README example was, and the action was used.
  assert.deepEqual(checkedFiles, files);
  assert.ok(checkedBlocks.length >= 1, 'no README YAML block using the action was checked');
  assert.ok(actionSteps >= 1, 'no checked workflow or block uses the action');
});

// ---------------------------------------------------------------------------------------------
// The check itself: it passes what is right and fails what is wrong.

const workflow = (stepLines: string, extraSteps = ''): string =>
  `on: push\njobs:\n  integration:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n${stepLines}${extraSteps}`;

const check = (text: string, file = 'test.yml'): Promise<CheckResult> => checkWorkflowText({ file, text }, { action });

describe('the workflow check', () => {
  test('a minimal valid workflow has no finding (uses: ./ and a released reference alike)', async () => {
    for (const uses of ['./', 'your-org/compose-or-staging@v1', 'acme/Compose-Or-Staging@0123456789abcdef0123456789abcdef01234567']) {
      const r = await check(
        workflow(
          `      - id: stack\n        uses: ${uses}\n        with:\n          mode: docker\n          backend-port: 8000\n          build: true\n` +
            `          startup-timeout: \${{ vars.STARTUP_TIMEOUT }}\n          compose-files: |\n            docker/docker-compose.yml\n            docker/ci.yml\n` +
            `          working-directory: services/api\n          staging-backend-url: https://staging.example.com\n`,
          `      - run: curl "\${{ steps.stack.outputs.backend-url }}/health"\n        if: steps.stack.outputs.mode == 'docker'\n`,
        ),
      );
      assert.deepEqual(show(r.findings), [], uses);
      assert.equal(r.actionSteps, 1, uses);
    }
  });

  test('an undeclared input is an error of the language service, with its line (uses: ./ and <owner>/compose-or-staging@v1)', async () => {
    for (const uses of ['./', 'your-org/compose-or-staging@v1']) {
      const r = await check(workflow(`      - uses: ${uses}\n        with:\n          compose-file: docker-compose.yml\n`));
      assert.deepEqual(show(r.findings), ["test.yml:9: [language-service] Invalid action input 'compose-file'"], uses);
    }
  });

  test("other actions' inputs are not checked, nor is a local action other than ./", async () => {
    const r = await check(
      workflow(
        `      - uses: actions/upload-artifact@v4\n        with:\n          anything: x\n      - uses: ./.github/actions/setup\n        with:\n          whatever: 1\n`,
      ),
    );
    assert.deepEqual(show(r.findings), []);
    assert.equal(r.actionSteps, 0);
  });

  test('a value parseInputs refuses is an error naming job, step and input; every bad value is reported', async () => {
    const r = await check(
      workflow(
        `      - id: stack\n        uses: ./\n        with:\n          startup-timeout: soon\n          mode: fast\n          backend-port: 80000\n`,
      ),
    );
    const messages = show(r.findings);
    assert.equal(messages.length, 3, messages.join('\n'));
    assert.match(
      messages[0]!,
      /^test\.yml:10: \[input-value\] job 'integration', step 'stack': Input 'startup-timeout' must be a number of seconds/,
    );
    assert.match(messages[1]!, /^test\.yml:11: \[input-value\] .*Input 'mode' must be one of auto, docker, staging; got "fast"/);
    assert.match(messages[2]!, /^test\.yml:12: \[input-value\] .*Input 'backend-port' must be a port number/);
  });

  test('paths are checked lexically: a path outside the workspace is an error, a missing file is not', async () => {
    const ok = await check(
      workflow(
        `      - uses: ./\n        with:\n          compose-files: docker/docker-compose.yml\n          project-directory: docker\n`,
      ),
    );
    assert.deepEqual(show(ok.findings), []);
    const bad = await check(workflow(`      - uses: ./\n        with:\n          working-directory: ../elsewhere\n`));
    assert.match(show(bad.findings).join('\n'), /Input 'working-directory' must stay inside the workspace/);
  });

  test('an undeclared output of a step using the action is an error; other steps and declared outputs are not', async () => {
    const r = await check(
      workflow(
        `      - id: co\n        uses: actions/setup-node@v4\n      - id: stack\n        uses: your-org/compose-or-staging@v1\n`,
        `      - run: echo "\${{ steps.stack.outputs.backend_url }} \${{ steps.co.outputs.node-version }} \${{ steps.stack.outputs.backend-url }}"\n` +
          `      - if: steps['stack'].outputs['websocket_url'] != ''\n        run: echo "\${{ steps.stak.outputs.mode }}"\n`,
      ),
    );
    assert.deepEqual(show(r.findings), [
      "test.yml:11: [output] job 'integration': steps.stack.outputs.backend_url is not an output of compose-or-staging (action.yml declares " +
        `${Object.keys(action.outputs).join(', ')})`,
      "test.yml:12: [output] job 'integration': steps.stack.outputs.websocket_url is not an output of compose-or-staging (action.yml declares " +
        `${Object.keys(action.outputs).join(', ')})`,
      "test.yml:13: [output] job 'integration': steps.stak names no step of this job (ids: co, stack)",
    ]);
  });

  test('schema and expression errors of GitHub\'s parser fail the check (a workflow file needs "on")', async () => {
    const noOn = await check(`jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./\n`);
    assert.deepEqual(show(noOn.findings), ['test.yml:1: [language-service] Required property is missing: on']);
    const badKey = await check(workflow(`      - uses: ./\n        witth:\n          mode: docker\n`));
    assert.deepEqual(show(badKey.findings), ["test.yml:8: [language-service] Unexpected value 'witth'"]);
    // An expression GitHub cannot read is its error alone: its text is not taken for a literal value.
    const badExpr = await check(workflow(`      - uses: ./\n        with:\n          mode: \${{ nonsense.value }}\n`));
    assert.deepEqual(show(badExpr.findings), ["test.yml:9: [language-service] Unrecognized named-value: 'nonsense'"]);
  });
});

describe('README blocks', () => {
  const markdown = [
    '# Using it',
    '',
    'Steps:',
    '',
    '```yaml',
    '- uses: actions/checkout@v4',
    '- uses: your-org/compose-or-staging@v1',
    '  with:',
    '    backend_port: 8000',
    '```',
    '',
    'A compose file:',
    '',
    '```yaml',
    'services:',
    '  backend:',
    '    image: node:20-alpine',
    '```',
    '',
    '  ```yml',
    '  jobs:',
    '    t:',
    '      runs-on: ubuntu-latest',
    '      steps:',
    '        - id: env',
    '          uses: ./',
    '        - run: echo ${{ steps.env.outputs.backend-url }}',
    '  ```',
    '',
    '```yaml',
    'id: stack',
    'uses: your-org/compose-or-staging@v1',
    'with:',
    '  startup-timeout: soon',
    '```',
    '',
    '```sh',
    'npm test',
    '```',
  ].join('\n');

  test('blocks are found with their lines, indented fences included; other languages are not blocks', () => {
    const blocks = yamlBlocks(markdown, 'DOC.md');
    assert.deepEqual(
      blocks.map((b) => b.line),
      [6, 15, 21, 31],
    );
    assert.equal(blocks[2]!.text.split('\n')[0], 'jobs:');
  });

  test('a step list with an undeclared input is reported at its line in the Markdown file', async () => {
    const plan = planBlock(yamlBlocks(markdown, 'DOC.md')[0]!);
    assert.equal(plan.kind, 'steps');
    if (plan.kind !== 'steps') return;
    const r = await checkWorkflowText(plan.target, { action });
    assert.deepEqual(show(r.findings), ["DOC.md:9: [language-service] Invalid action input 'backend_port'"]);
  });

  test('a compose file is skipped; a workflow without a trigger is given one; a single step is wrapped and checked', async () => {
    const [, compose, wf, step] = yamlBlocks(markdown, 'DOC.md').map(planBlock);
    assert.deepEqual(compose, { kind: 'skip', reason: 'no step uses this action' });
    assert.equal(wf?.kind, 'workflow');
    if (wf?.kind !== 'workflow') return;
    const ok = await checkWorkflowText(wf.target, { action });
    assert.deepEqual(show(ok.findings), []);
    assert.equal(ok.actionSteps, 1);
    assert.equal(step?.kind, 'step');
    if (step?.kind !== 'step') return;
    const bad = await checkWorkflowText(step.target, { action });
    assert.equal(bad.findings.length, 1, show(bad.findings).join('\n'));
    assert.match(formatFinding(bad.findings[0]!), /^DOC\.md:34: \[input-value\] job 't', step 'stack': Input 'startup-timeout'/);
  });

  test('a block that uses the action but is not YAML is a finding, not a skip', () => {
    const plan = planBlock({ file: 'DOC.md', line: 3, text: '- uses: ./\n  with: [unclosed\n' });
    assert.equal(plan.kind, 'broken');
  });
});

describe('helpers', () => {
  test('workflowFiles: .yml and .yaml of both folders, sorted; markdownFiles: the listed ones that exist, then docs/*.md sorted', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-workflows-'));
    try {
      assert.deepEqual(workflowFiles(root), []);
      for (const f of [
        '.github/workflows/ci.yml',
        '.github/workflows/a.yaml',
        '.github/workflows/notes.txt',
        'examples/workflows/x.yml',
        'examples/workflows/README.md',
        'docs/readiness.md',
        'docs/engines.MD',
        'docs/notes.txt',
        'docs/deeper/nested.md',
      ]) {
        fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        fs.writeFileSync(path.join(root, f), '');
      }
      fs.mkdirSync(path.join(root, '.github/workflows/dir.yml'));
      fs.mkdirSync(path.join(root, 'docs/folder.md'));
      fs.writeFileSync(path.join(root, 'README.md'), '');
      assert.deepEqual(workflowFiles(root), ['.github/workflows/a.yaml', '.github/workflows/ci.yml', 'examples/workflows/x.yml']);
      assert.deepEqual(markdownFiles(root), ['README.md', 'examples/workflows/README.md', 'docs/engines.MD', 'docs/readiness.md']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('usesThisAction: ./ and <owner>/compose-or-staging@<ref>, nothing else', () => {
    for (const u of ['./', './.', 'your-org/compose-or-staging@v1', 'a.b/compose-or-staging@main']) assert.ok(usesThisAction(u), u);
    for (const u of [
      './other',
      'your-org/compose-or-staging',
      'your-org/compose-or-staging/sub@v1',
      'x/compose-or-staging-fork@v1',
      'docker://alpine',
    ])
      assert.ok(!usesThisAction(u), u);
  });

  test('stepReferences: dot and index forms, not inside string literals', () => {
    assert.deepEqual(stepReferences("steps.a.outputs.b == 'steps.c.outputs.d' && steps['e'].outputs['f-g'] && Steps.h.outcome"), [
      { id: 'a', output: 'b' },
      { id: 'e', output: 'f-g' },
      { id: 'h', output: undefined },
    ]);
  });
});
