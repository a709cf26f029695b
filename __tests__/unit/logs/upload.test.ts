/**
 * The logs artifact, uploaded by `@actions/artifact` itself to a stand-in of the results service
 * (twirp ArtifactService and the blob upload): one artifact, its zip holding the files; a name
 * another job took gets a suffix; a service that fails or never answers gives an outcome that says
 * why, within the bound, never an exception.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { spawn } from 'node:child_process';
import { artifactName, artifactUrl } from '../../../src/logs/upload.js';
import { wantsUpload } from '../../../src/logs/publish.js';
import type { LogFile, UploadOutcome } from '../../../src/logs/types.js';
import { REPO_ROOT } from '../../harness/runner.js';
import { renderLogsSection } from '../../../src/report/summary.js';
import { startArtifactService, unzip, type ArtifactService } from '../../support/artifact-service.js';

let dir = '';
let files: LogFile[] = [];
let service: ArtifactService;
const runEnv = {
  GITHUB_JOB: 'tests',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/widgets',
  GITHUB_RUN_ID: '77',
};

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-upload-'));
  files = ['db', 'backend'].map((s) => {
    const file = path.join(dir, `${s}.log`);
    fs.writeFileSync(file, `${s} line 1\n${s} line 2\n`);
    return { service: s, file, bytes: fs.statSync(file).size, complete: true };
  });
});
const started: ArtifactService[] = [];
async function serve(): Promise<Record<string, string>> {
  service = await startArtifactService();
  started.push(service);
  return { ...runEnv, ...service.env, GITHUB_WORKSPACE: dir };
}

/** The upload, in a process of its own (support/artifact-upload-probe.ts). */
function uploadLogFiles(
  fs_: LogFile[],
  root: string,
  env: Record<string, string>,
  suffix: string,
  ms?: number,
): Promise<UploadOutcome & { tookMs: number }> {
  const probe = path.join(REPO_ROOT, '__tests__', 'support', 'artifact-upload-probe.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', probe, JSON.stringify({ files: fs_, root, env, suffix, ms })], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', () => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as UploadOutcome & { tookMs: number });
      } catch {
        reject(new Error(`the probe printed no outcome: ${out}`));
      }
    }),
  );
}
afterEach(async () => {
  for (const s of started.splice(0)) await s.close();
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('one artifact, compose-logs-<job>-<attempt>, its zip holding every file; the outcome has its page', async () => {
  const env = await serve();
  const out = await uploadLogFiles(files, dir, env, 'k3f9');
  assert.ok(out.uploaded, JSON.stringify(out));
  assert.equal(out.name, 'compose-logs-tests-2');
  assert.equal(out.url, `https://github.com/acme/widgets/actions/runs/77/artifacts/${out.id}`);
  assert.equal(service.artifacts.length, 1);
  const a = service.artifacts[0]!;
  assert.ok(a.finalized);
  assert.match(a.hash ?? '', /^sha256:[0-9a-f]{64}$/);
  const zip = unzip(a.bytes);
  assert.deepEqual([...zip.keys()].sort(), ['backend.log', 'db.log']);
  assert.equal(zip.get('db.log')?.toString(), 'db line 1\ndb line 2\n');
});

test('a name another job of the run took (a matrix leg): the upload goes on under a suffixed name', async () => {
  const env = await serve();
  const first = await uploadLogFiles(files, dir, env, 'aaaa');
  const second = await uploadLogFiles(files, dir, env, 'bbbb');
  assert.ok(first.uploaded && second.uploaded);
  assert.equal(second.name, 'compose-logs-tests-2-bbbb');
  assert.deepEqual(
    service.artifacts.map((a) => a.name),
    ['compose-logs-tests-2', 'compose-logs-tests-2-bbbb'],
  );
});

test('a results service answering 500, or never answering: not uploaded, why said, within the bound', async () => {
  for (const trouble of ['500', 'hang'] as const) {
    const env = await serve();
    if (trouble === '500') service.failWith(500);
    else service.hang();
    const out = await uploadLogFiles(files, dir, env, 'x', 8000);
    assert.equal(out.uploaded, false);
    // Ended by the bound (its own words), not by the library's retries (about 30 s) or its failure.
    assert.match(out.uploaded ? '' : out.why, /no answer within 8 s/);
    assert.ok(service.requests.includes('POST CreateArtifact'));
    await service.close();
  }
});

test('no results service in the environment (not on a runner): nothing tried, said so', async () => {
  const out = await uploadLogFiles(files, dir, { ...runEnv }, 'x');
  assert.equal(out.uploaded, false);
  assert.match(out.uploaded ? '' : out.why, /ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set/);
});

test('names, pages and when to upload', () => {
  assert.equal(artifactName({}), 'compose-logs-job-1');
  assert.equal(artifactName({ GITHUB_JOB: 'it/x', GITHUB_RUN_ATTEMPT: '3' }, 'k3f9'), 'compose-logs-it_x-3-k3f9');
  assert.equal(artifactUrl({}, 5), undefined);
  const table: Array<[Parameters<typeof wantsUpload>[0], boolean, boolean]> = [
    ['on-failure', true, true],
    ['on-failure', false, false],
    ['always', false, true],
    ['never', true, false],
  ];
  for (const [policy, failed, want] of table) assert.equal(wantsUpload(policy, failed), want, `${policy} ${failed}`);
});

test('the summary links to the artifact, or says why there is none, and lists each file', () => {
  const up = renderLogsSection(files, {
    uploaded: true,
    name: 'compose-logs-tests-2',
    id: 9,
    url: 'https://github.com/a/b/actions/runs/1/artifacts/9',
    size: 1234,
  });
  assert.match(
    up,
    /<a href="https:\/\/github.com\/a\/b\/actions\/runs\/1\/artifacts\/9">compose-logs-tests-2<\/a> \(1,234 bytes, zipped\)/,
  );
  assert.match(up, /\| db \| <code>.*db\.log<\/code> \| 20 \|/);
  const not = renderLogsSection(files, { uploaded: false, name: 'n', why: 'no answer within 30 s' });
  assert.match(not, /not uploaded \(no answer within 30 s\); on the runner only/);
  assert.equal(renderLogsSection([], undefined), '');
});
