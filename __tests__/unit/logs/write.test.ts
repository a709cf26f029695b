/**
 * Complete logs to files: read from the engine's socket (a stand-in speaking its log stream, with
 * frames and chunks cut anywhere), redacted line by line, written as they come: the file grows
 * while the log is still being read (nothing is held whole), and holds every line once it ends.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { logFileOf, logsFolder, safeFileName } from '../../../src/logs/folder.js';
import { writeLogFiles } from '../../../src/logs/write.js';
import { clearSecrets, redactLogLine, registerSecret } from '../../../src/report/outside.js';
import type { ContainerInfo } from '../../../src/stack/containers.js';
import { until } from '../../support/time.js';

const frame = (stream: number, text: string | Buffer): Buffer => {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
};

/** What the stand-in engine answers for each container's log: it writes with `res`, and ends it (or not). */
type LogAnswer = (res: http.ServerResponse) => void | Promise<void>;
const answers = new Map<string, LogAnswer>();
let dir = '';
let env: NodeJS.ProcessEnv = {};
let server: http.Server;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-logs-'));
  const socket = path.join(dir, 'engine.sock');
  server = http.createServer((req, res) => {
    const id = /^\/containers\/([^/]+)\/logs/.exec(req.url ?? '')?.[1] ?? '';
    const answer = answers.get(decodeURIComponent(id));
    if (!answer) return void res.writeHead(404).end('{"message":"No such container"}');
    res.writeHead(200, { 'content-type': 'application/vnd.docker.multiplexed-stream' });
    void answer(res);
  });
  await new Promise<void>((r) => server.listen(socket, r));
  env = { DOCKER_HOST: `unix://${socket}`, HOME: dir, RUNNER_TEMP: dir };
});
after(() => {
  server.closeAllConnections();
  server.close();
  clearSecrets();
  fs.rmSync(dir, { recursive: true, force: true });
});

const container = (id: string, service: string, createdAt = 0): ContainerInfo =>
  ({ id, name: `p-${id}`, service, createdAt }) as ContainerInfo;
const lines = (file: string): string[] => fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);

test('redaction, per line, whatever the chunks: environment secrets, secrets files, URL passwords, the action’s own', async () => {
  clearSecrets();
  for (const s of ['pw-env-0123456789', 'file-secret-abcdef', 'staging-token-zzz']) registerSecret(s);
  const text = [
    'ts1 POSTGRES_PASSWORD=pw-env-0123456789 ready',
    'ts2 read /run/secrets/db: file-secret-abcdef',
    'ts3 connecting to postgres://app:url-pass-42@db:5432/app',
    'ts4 Authorization: Bearer staging-token-zzz',
    'ts5 nothing secret here',
    '',
    'ts6 last line without a newline pw-env-0123456789',
  ].join('\n');
  // Frames cut inside every secret, and each frame's bytes written in pieces of 5.
  const bytes = Buffer.concat([frame(1, text.slice(0, 30)), frame(1, text.slice(30, 95)), frame(2, ''), frame(1, text.slice(95))]);
  answers.set('redact', async (res) => {
    for (let i = 0; i < bytes.length; i += 5) {
      res.write(bytes.subarray(i, i + 5));
      await new Promise((r) => setImmediate(r));
    }
    res.end();
  });
  const [f] = await writeLogFiles(path.join(dir, 'a'), ['db'], [container('redact', 'db')], env, { timeoutMs: 10_000 });
  assert.ok(f?.complete);
  const got = lines(f.file);
  assert.deepEqual(got, [
    'ts1 POSTGRES_PASSWORD=*** ready',
    'ts2 read /run/secrets/db: ***',
    'ts3 connecting to postgres://db:5432/app',
    'ts4 Authorization: Bearer ***',
    'ts5 nothing secret here',
    '',
    'ts6 last line without a newline ***',
  ]);
  assert.equal(f.bytes, fs.statSync(f.file).size);
  // The same redaction as the tails and annotations use.
  assert.equal(redactLogLine('x pw-env-0123456789 https://u:p@h/'), 'x *** https://h/');
});

test('streamed: the file holds the first lines while the log is still being read, and all 12,000 once it ends', async () => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const line = (i: number): string => `2026-01-01T00:00:00.000000000Z chatty line ${i} ${'x'.repeat(40)}\n`;
  answers.set('chatty', async (res) => {
    let chunk = '';
    for (let i = 1; i <= 12_000; i++) {
      chunk += line(i);
      if (i % 500 === 0) {
        res.write(frame(i % 1000 === 0 ? 2 : 1, chunk));
        chunk = '';
      }
      if (i === 6000) await released;
    }
    res.end();
  });
  const folder = path.join(dir, 'b');
  const writing = writeLogFiles(folder, ['chatty'], [container('chatty', 'chatty')], env, { timeoutMs: 60_000 });
  const file = path.join(folder, 'chatty.log');
  // Half the log sent, the answer still open: most of it is in the file already.
  await until(() => fs.existsSync(file) && fs.statSync(file).size > 200_000, { what: 'half the log in the file', intervalMs: 10 });
  const early = lines(file).length;
  assert.ok(early >= 4000 && early <= 6000, `${early} lines written while the log was read`);
  release();
  const [f] = await writing;
  const all = lines(f!.file);
  assert.equal(all.length, 12_000);
  assert.equal(all[11_999], line(12_000).trimEnd());
  assert.ok(f!.complete);
});

test('replicas one after another under their names; a log not read whole within the budget says so', async () => {
  answers.set('r1', (res) => void res.end(frame(1, 'one\n')));
  answers.set('r2', (res) => void res.end(frame(1, 'two\n')));
  answers.set('hang', (res) => void res.write(frame(1, 'started\n')));
  const files = await writeLogFiles(
    path.join(dir, 'c'),
    ['web', 'stuck'],
    [container('r2', 'web', 2), container('r1', 'web', 1), container('hang', 'stuck')],
    env,
    // Far past what the answered logs take on a loaded machine (a budget of 500 ms was seen to cut one): only the hanging one is cut.
    { timeoutMs: 5000 },
  );
  const web = files.find((f) => f.service === 'web')!;
  assert.deepEqual(lines(web.file), ['=== container p-r1 ===', 'one', '=== container p-r2 ===', 'two']);
  const stuck = files.find((f) => f.service === 'stuck')!;
  assert.equal(stuck.complete, false);
  assert.equal(lines(stuck.file)[0], 'started');
  assert.match(lines(stuck.file)[1]!, /not read to its end/);
});

test('file names are safe, distinct and under RUNNER_TEMP', () => {
  assert.equal(safeFileName('../etc/passwd'), '__etc_passwd');
  assert.equal(safeFileName('.hidden'), '_hidden');
  assert.equal(safeFileName('a b/c:d'), 'a_b_c_d');
  assert.equal(logsFolder({ RUNNER_TEMP: '/rt' }, 'proj/x'), '/rt/compose-or-staging/logs/proj_x');
  const taken = new Set<string>();
  assert.equal(logFileOf('/f', 'a/b', taken), '/f/a_b.log');
  assert.equal(logFileOf('/f', 'a:b', taken), '/f/a_b-2.log');
});
