/**
 * Complete logs as an artifact (issue 26 item 3), through the bundled entries: a backend that
 * crashes about 3 s in beside a service that writes 10,000 lines and one that prints its
 * POSTGRES_PASSWORD and its `secrets:` file. Every service's complete log is in its own file,
 * redacted; one artifact goes to a stand-in of the results service, uploaded by `@actions/artifact`
 * itself; `logs-artifact` names it and the summary links to it. A results service in trouble costs
 * a warning, never the step.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runAction } from '../harness/runner.js';
import { startArtifactService, unzip } from '../support/artifact-service.js';
import { describeEachCompose } from '../support/compose.js';
import { readReport, useDockerRepos } from '../support/e2e.js';

const PASSWORD = 'pg-e2e-secret-4242';
const FILE_SECRET = 'file-secret-7777';

const stack = {
  'compose.yaml': [
    'services:',
    '  backend:',
    '    image: {{image}}',
    '    command: ["sh", "-c", "echo backend starting; sleep 3; echo backend crashed; exit 1"]',
    '    ports: ["8000"]',
    '  chatty:',
    '    image: {{image}}',
    '    command: ["sh", "-c", "i=1; while [ $$i -le 10000 ]; do echo \\"chatty line $$i\\"; i=$$((i+1)); done; exec sleep 300"]',
    '  db:',
    '    image: {{image}}',
    '    environment:',
    `      POSTGRES_PASSWORD: ${PASSWORD}`,
    '    secrets: [db_pass]',
    '    command: ["sh", "-c", "echo \\"password is $$POSTGRES_PASSWORD\\"; echo \\"secret file: $$(cat /run/secrets/db_pass)\\"; exec sleep 300"]',
    'secrets:',
    '  db_pass:',
    '    file: ./db_pass.txt',
    '',
  ].join('\n'),
  'db_pass.txt': `${FILE_SECRET}\n`,
};

const noSecret = (what: string, text: string): void => {
  assert.ok(!text.includes(PASSWORD), `${what} holds POSTGRES_PASSWORD`);
  assert.ok(!text.includes(FILE_SECRET), `${what} holds the secrets file's content`);
};

describeEachCompose('complete logs as an artifact', (compose) => {
  const { files, track, env, ready } = useDockerRepos(compose);

  test('a backend crashing 3 s in beside a chatty service and one that prints its secrets: every log in its file, redacted, one artifact', async (t) => {
    if (!(await ready(t))) return;
    const service = await startArtifactService();
    t.after(() => service.close());
    const run = await runAction({ workspace: files(stack), inputs: { mode: 'docker' }, env: { ...env, ...service.env } });
    track(run.main.outputs['project-name']);
    t.after(() => run.cleanup());
    assert.equal(run.main.exitCode, 1, run.main.stdout);
    assert.match(run.main.outputs.reason ?? '', /backend/);

    const report = readReport(run.main);
    const byName = new Map(report.services.map((s) => [s.name, s]));
    assert.deepEqual([...byName.keys()].sort(), ['backend', 'chatty', 'db']);
    for (const s of byName.values()) {
      assert.ok(s.logFile && fs.existsSync(s.logFile), `${s.name}: ${s.logFile}`);
      assert.equal(s.logBytes, fs.statSync(s.logFile).size);
      assert.ok(s.logFile.startsWith(path.join(run.main.files.runnerTemp, 'compose-or-staging', 'logs')), s.logFile);
      noSecret(s.logFile, fs.readFileSync(s.logFile, 'utf8'));
    }
    const chatty = fs
      .readFileSync(byName.get('chatty')!.logFile!, 'utf8')
      .split('\n')
      .filter((l) => /chatty line \d+$/.test(l));
    assert.equal(chatty.length, 10_000);
    assert.match(chatty[9999]!, /^\S+Z chatty line 10000$/);
    const db = fs.readFileSync(byName.get('db')!.logFile!, 'utf8');
    assert.match(db, /password is \*\*\*/);
    assert.match(db, /secret file: \*\*\*/);
    assert.match(fs.readFileSync(byName.get('backend')!.logFile!, 'utf8'), /backend crashed/);

    // One artifact, named by the output, its zip holding the same redacted files.
    assert.equal(service.artifacts.length, 1);
    const artifact = service.artifacts[0]!;
    assert.equal(artifact.name, 'compose-logs-integration-tests-1');
    assert.equal(run.main.outputs['logs-artifact'], artifact.name);
    const zip = unzip(artifact.bytes);
    assert.deepEqual([...zip.keys()].sort(), ['backend.log', 'chatty.log', 'db.log']);
    for (const [name, bytes] of zip) noSecret(`artifact ${name}`, bytes.toString('utf8'));
    assert.equal(
      zip
        .get('chatty.log')!
        .toString('utf8')
        .split('\n')
        .filter((l) => /chatty line \d+$/.test(l)).length,
      10_000,
    );

    // The summary: the timeline, a link to the artifact, tails only; nothing shown holds a secret.
    assert.match(run.main.summary, /```mermaid\ngantt/);
    assert.match(run.main.summary, new RegExp(`/acme/widgets/actions/runs/\\d+/artifacts/${artifact.id}">${artifact.name}</a>`));
    assert.ok(!run.main.summary.includes('chatty line 1\n'), 'the summary shows tails, not whole logs');
    noSecret('the summary', run.main.summary);
    // The step log as a person sees it (the ::add-mask:: commands, which the runner consumes, left out); the runner masks both too.
    noSecret('the step log', run.main.log);
    assert.ok(run.main.masks.includes(PASSWORD) && run.main.masks.includes(FILE_SECRET));
    assert.equal(run.post?.exitCode, 0, run.post?.stdout);
  });

  if (compose.name === 'v2')
    test('a results service answering 500: a warning, the step still succeeds, logs-artifact empty, the files kept', async (t) => {
      if (!(await ready(t))) return;
      const service = await startArtifactService();
      t.after(() => service.close());
      service.failWith(500);
      const run = await runAction({
        workspace: files(stack),
        inputs: { mode: 'docker', 'fail-on-unavailable': 'false' },
        env: { ...env, ...service.env },
      });
      track(run.main.outputs['project-name']);
      t.after(() => run.cleanup());
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'none');
      assert.equal(run.main.outputs['logs-artifact'], '');
      const warning = run.main.annotations.find((a) => a.level === 'warning' && a.properties.title === 'Logs artifact');
      assert.match(warning?.message ?? '', /not uploaded as an artifact/);
      assert.ok(service.requests.includes('POST CreateArtifact'));
      const report = readReport(run.main);
      assert.ok(report.services.every((s) => s.logFile && fs.existsSync(s.logFile)));
      assert.match(run.main.summary, /not uploaded .*; on the runner only/);
    });

  if (compose.name === 'v2')
    test('upload-logs: always, a healthy stack: the main step uploads nothing, the post step writes the final logs before teardown and uploads them', async (t) => {
      if (!(await ready(t))) return;
      const service = await startArtifactService();
      t.after(() => service.close());
      const ws = files({
        'compose.yaml': [
          'services:',
          '  web:',
          '    image: {{image}}',
          '    environment:',
          '      API_TOKEN: tok-e2e-31337',
          '    command: ["sh", "-c", "echo \\"token is $$API_TOKEN\\"; echo web up; exec sleep 300"]',
          '',
        ].join('\n'),
      });
      const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'upload-logs': 'always' }, env: { ...env, ...service.env } });
      track(run.main.outputs['project-name']);
      t.after(() => run.cleanup());
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'docker');
      assert.equal(run.main.outputs['logs-artifact'], '', 'nothing failed in the main step');
      assert.equal(run.post?.exitCode, 0, run.post?.stdout);
      assert.equal(service.artifacts.length, 1);
      const zip = unzip(service.artifacts[0]!.bytes);
      const web = zip.get('web.log')?.toString('utf8') ?? '';
      assert.match(web, /token is \*\*\*/);
      assert.match(web, /web up/);
      assert.ok(!web.includes('tok-e2e-31337'));
      assert.match(run.post!.summary, /### Final logs \(post step\)/);
      assert.match(run.post!.summary, /artifacts\/1">compose-logs-integration-tests-1<\/a>/);
      // Written before teardown: the stack is gone after.
      assert.match(run.post!.log, /Logs: the final logs of project[\s\S]*Teardown/);
    });
});
