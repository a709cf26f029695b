/**
 * Outside text is hostile (issue 12). A staging whose status line holds a TAB and echoes the token
 * and the Basic credentials back; a container whose logs hold a lone CR before `::error::` and a
 * `##[stop-commands]`, and whose healthcheck prints a TAB and a CR. The step still writes every
 * output, runs none of their commands, and carries no secret, in the log, the summary, the report,
 * an annotation or an output. The log is read as the runner reads it: CR LF, LF and a lone CR
 * each end a line, a line whose trimmed start is `::` is a command, and so is `##[` anywhere.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runAction, type StepResult } from '../harness/runner.js';
import { composesUnderTest } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { readReport, useDockerRepos } from '../support/e2e.js';

/** The commands the runner would find in this step's stdout, as it splits lines. */
function runnerCommands(stdout: string): string[] {
  return stdout.split(/\r\n|\n|\r/).filter((l) => l.trimStart().startsWith('::') || l.includes('##['));
}

/** None of the hostile text ran as a command, and no secret is anywhere a person or a later step reads. */
function assertSafe(step: StepResult, secrets: string[]): void {
  const commands = runnerCommands(step.stdout);
  assert.deepEqual(
    // A command the hostile text would have run starts with its own words: `::error::pwned…`.
    commands.filter((c) => /^::[a-z-]+(?: [^:]*)?::pwned/.test(c.trimStart()) || c.includes('##[')),
    [],
    'no command from outside text',
  );
  // The runner is told to mask each secret: that command holds it, and only that one.
  const outsideMasks = step.stdout.split(/\r\n|\n|\r/).filter((l) => !l.startsWith('::add-mask::'));
  for (const secret of secrets) {
    const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const form of [secret, html]) {
      assert.ok(!outsideMasks.some((l) => l.includes(form)), `the log holds ${form}`);
      assert.ok(!step.summary.includes(form), `the summary holds ${form}`);
      // A staging URL keeps the password the user put in it (later steps need it; the runner masks it).
      const notUrls = (o: Record<string, string>) => Object.entries(o).filter(([k]) => !/url$/i.test(k));
      assert.ok(!JSON.stringify(notUrls(step.outputs)).includes(form), `an output holds ${form}`);
      assert.ok(!JSON.stringify(notUrls(step.env)).includes(form), `a variable holds ${form}`);
      assert.ok(!fs.readFileSync(step.outputs.report!, 'utf8').includes(form), `the report holds ${form}`);
      assert.ok(!step.annotations.some((a) => a.message.includes(form)), `an annotation holds ${form}`);
    }
    assert.ok(step.masks.includes(secret), `${secret} is masked`);
  }
}

describe('hostile staging answers', () => {
  let tmp = '';
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-hostile-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a status line with a TAB that echoes the token and the Basic credentials: outputs written, no secret anywhere, nothing run', async (t) => {
    const token = `tok-${randomBytes(6).toString('hex')}&<x>`;
    // A stray `%` (not percent-encoding): clients send it as it is, and it must be hidden as such.
    const password = `pw%zz-${randomBytes(6).toString('hex')}`;
    const basic = Buffer.from(`ci:${password}`).toString('base64');
    // A raw server: the status line says what the request carried, as some proxies do.
    const server = net.createServer((socket) => {
      socket.once('data', (d) => {
        const auth = /authorization: ([^\r\n]*)/i.exec(d.toString())?.[1] ?? '-';
        socket.end(`HTTP/1.1 503 Service\tUnavailable ##[stop-commands] for ${auth}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => server.close(() => r())));
    const { port } = server.address() as net.AddressInfo;
    const tokenRun = await runAction({
      inputs: {
        mode: 'staging',
        'staging-backend-url': `http://127.0.0.1:${port}`,
        'staging-token': token,
        'staging-timeout': '5',
        'fail-on-unavailable': 'false',
      },
      env: { DOCKER_HOST: `unix://${path.join(tmp, 'dead.sock')}` },
      timeoutMs: 60_000,
    });
    const basicRun = await runAction({
      inputs: {
        mode: 'staging',
        'staging-backend-url': `http://ci:${password}@127.0.0.1:${port}`,
        'staging-timeout': '5',
        'fail-on-unavailable': 'false',
      },
      env: { DOCKER_HOST: `unix://${path.join(tmp, 'dead.sock')}` },
      timeoutMs: 60_000,
    });
    try {
      for (const [run, secrets] of [
        [tokenRun, [token]],
        [basicRun, [password, basic]],
      ] as const) {
        assert.equal(run.main.exitCode, 0, run.main.stdout);
        assert.equal(run.main.outputs.mode, 'none');
        assert.match(run.main.outputs.reason ?? '', /503 Service\\tUnavailable ##\\\[stop-commands\] for (Bearer|Basic) \*\*\*/);
        if (run === basicRun) assert.equal(run.main.outputs['staging-backend-url'], `http://ci:${password}@127.0.0.1:${port}`);
        assertSafe(run.main, [...secrets]);
      }
    } finally {
      tokenRun.cleanup();
      basicRun.cleanup();
    }
  });
});

const compose = composesUnderTest()[0]!;
describe(`hostile container output [compose ${compose.name}]`, () => {
  const { files, track, env, ready } = useDockerRepos(compose);

  test('logs with a lone CR before ::error:: and ##[stop-commands], a healthcheck printing a TAB and a CR: nothing runs, the reason is exported', async (t) => {
    if (!(await ready(t))) return;
    const ws = files({
      'compose.yaml': [
        'services:',
        '  db:',
        '    image: {{image}}',
        `    command: ["sh", "-c", "printf 'starting\\r::error::pwned-by-log\\n##[stop-commands]pwned\\n'; sleep 300"]`,
        '    healthcheck:',
        `      test: ["CMD-SHELL", "printf 'pg:\\tstatus\\tstarting\\r::error::pwned-by-healthcheck'; exit 1"]`,
        '      interval: 1s',
        '      retries: 1',
        '',
      ].join('\n'),
    });
    const run = await runAction({ workspace: ws, inputs: { 'fail-on-unavailable': 'false', 'startup-timeout': '60' }, env });
    const project = run.main.outputs['project-name'];
    track(project);
    try {
      assert.equal(run.main.exitCode, 0, run.main.stdout);
      assert.equal(run.main.outputs.mode, 'none');
      assert.match(run.main.outputs.reason ?? '', /db: unhealthy: pg:\\tstatus\\tstarting \| \\::error::pwned-by-healthcheck/);
      const failure = readReport(run.main).serviceFailures.find((f) => f.service === 'db');
      assert.ok(
        failure?.logTail.some((l) => l.includes('pwned-by-log')),
        JSON.stringify(failure),
      );
      assert.match(run.main.stdout, /db \| .*starting\\r::error::pwned-by-log/, 'the log line is shown, escaped');
      assertSafe(run.main, []);
      assert.deepEqual(await projectResources(project!), { containers: [], networks: [], volumes: [] });
    } finally {
      run.cleanup();
    }
  });
});
