/**
 * Tests of __tests__/support/debian-images.ts: images of real servers built from Debian's packages
 * are tagged by their recipe, and behave as the readiness rules' end-to-end tests need: PostgreSQL
 * accepts no connection on its published port until it is really up after initdb, and then at once.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';

import { imageExists } from './build-once.js';
import {
  debianImageBuildProblem,
  debianImageTag,
  ensurePostgresImage,
  ensureRedisImage,
  postgresRecipe,
  redisRecipe,
  type DebianImageRecipe,
} from './debian-images.js';
import { docker, dockerOk, requireDocker } from './docker.js';
import { sleep } from './time.js';
import { tempDir } from './temp.js';

/** A first build takes minutes (debootstrap, then the packages): ten times that, as a guard. */
const BUILD = { timeout: 45 * 60_000 };
/** initdb and the server's start take seconds; so do redis's. */
const START_GUARD_MS = 180_000;
const READY = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) UTC \[\d+\] LOG: {2}database system is ready to accept connections$/m;

/** Without what a test needs: fail under CI=true (CI must not skip), else skip; false means return. */
function requireOr(t: TestContext, problem: string | undefined): boolean {
  if (problem === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`${problem} (CI=true, so this test is not skipped)`);
  t.skip(problem);
  return false;
}

/** A Docker engine, and the recipe's image on it or the means to build it. */
async function requireImage(t: TestContext, recipe: DebianImageRecipe): Promise<boolean> {
  if (!(await requireDocker(t))) return false;
  return requireOr(t, (await imageExists(debianImageTag(recipe))) ? undefined : debianImageBuildProblem());
}

function requirePsql(t: TestContext): boolean {
  const found = spawnSync('psql', ['--version'], { stdio: 'ignore' }).status === 0;
  return requireOr(t, found ? undefined : 'needs psql on the host (apt-get install postgresql-client)');
}

/** `docker create` a container that is force-removed (with its volumes) when the test ends. */
async function createContainer(t: TestContext, args: string[]): Promise<string> {
  const name = `cos-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  t.after(async () => {
    await docker(['rm', '-f', '-v', name]);
  });
  await dockerOk(['create', '--name', name, '--label', 'cos-test=1', ...args]);
  return name;
}

/** The host port a container's port is published on (at 127.0.0.1). */
async function publishedPort(container: string, port: string): Promise<string> {
  const out = await dockerOk(['port', container, port]);
  const m = /^127\.0\.0\.1:(\d+)$/m.exec(out);
  assert.ok(m, `no 127.0.0.1 binding in: ${out}`);
  return m[1]!;
}

async function logs(container: string): Promise<string> {
  const r = await docker(['logs', container]);
  return r.stdout + r.stderr;
}

/** Poll the container's log until `re` matches it; fails at once when the container stops. */
async function waitForLog(container: string, re: RegExp): Promise<string> {
  const deadline = Date.now() + START_GUARD_MS;
  for (;;) {
    const text = await logs(container);
    if (re.test(text)) return text;
    const running = await dockerOk(['inspect', '--format', '{{.State.Running}}', container]);
    if (running !== 'true') throw new Error(`${container} stopped before its log matched ${re}:\n${text.slice(-3000)}`);
    if (Date.now() > deadline)
      throw new Error(`${container}'s log did not match ${re} in ${START_GUARD_MS / 1000} s:\n${text.slice(-3000)}`);
    await sleep(200);
  }
}

interface PsqlResult {
  code: number;
  out: string;
}

/**
 * `psql -h 127.0.0.1 -p <port> -c <sql>` on the host, without prompting and without the caller's
 * PG* settings. PGCONNECT_TIMEOUT is a guard: through docker-proxy a connection can hang.
 */
function psql(port: string, sql: string, opts: { user?: string; db?: string; password?: string } = {}): Promise<PsqlResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  env.PGCONNECT_TIMEOUT = '10';
  if (opts.password !== undefined) env.PGPASSWORD = opts.password;
  const user = opts.user ?? 'postgres';
  const args = ['-h', '127.0.0.1', '-p', port, '-U', user, '-d', opts.db ?? user, '-w', '-X', '-A', '-t', '-c', sql];
  return new Promise((resolve) => {
    execFile('psql', args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}`.trim() });
    });
  });
}

/** When the server said it was ready, by its own log line (its clock is the host's). */
function readyAt(log: string): number {
  const m = READY.exec(log);
  assert.ok(m, `no ready line in:\n${log}`);
  return Date.parse(`${m[1]}T${m[2]}Z`);
}

test('Debian image tags: a recipe always gives the same tag, any change to it another (nothing built)', () => {
  const pg = postgresRecipe();
  const tag = debianImageTag(pg);
  assert.match(tag, /^cos-test\/postgres:[0-9a-f]{12}$/);
  assert.equal(debianImageTag(postgresRecipe()), tag, 'same recipe, same tag');
  assert.match(debianImageTag(redisRecipe()), /^cos-test\/redis:[0-9a-f]{12}$/);

  const changed: DebianImageRecipe[] = [
    { ...pg, packages: [...pg.packages, 'postgresql-contrib'] },
    { ...pg, prepare: `${pg.prepare}\n: changed` },
    { ...pg, prepare: undefined },
    { ...pg, setup: `${pg.setup}\n: changed` },
    { ...pg, entrypoint: `${pg.entrypoint}\n# changed` },
    { ...pg, changes: [...pg.changes, 'ENV CHANGED=1'] },
    { ...pg, changes: pg.changes.slice(1) },
  ];
  const tags = changed.map(debianImageTag);
  for (const t of tags) assert.match(t, /^cos-test\/postgres:[0-9a-f]{12}$/);
  assert.equal(new Set([tag, ...tags]).size, changed.length + 1, `each change gives a tag of its own: ${tags.join(' ')}`);
  assert.notEqual(debianImageTag({ ...pg, name: 'postgres-other' }).split(':')[1], tag.split(':')[1], 'the name is hashed too');
});

test('postgres image: Debian bookworm PostgreSQL 15, the entrypoint as CMD, EXPOSE 5432', BUILD, async (t) => {
  if (!(await requireImage(t, postgresRecipe()))) return;
  const image = await ensurePostgresImage();
  assert.equal(image, debianImageTag(postgresRecipe()));
  assert.ok(await imageExists(image));
  const config = JSON.parse(await dockerOk(['image', 'inspect', '--format', '{{json .Config}}', image])) as {
    Cmd: string[];
    ExposedPorts: Record<string, unknown>;
  };
  assert.deepEqual(config.Cmd, ['/usr/local/bin/docker-entrypoint']);
  assert.deepEqual(Object.keys(config.ExposedPorts), ['5432/tcp']);
  const inside = await dockerOk(['run', '--rm', image, 'sh', '-c', 'cat /etc/debian_version; postgres --version; pg_isready --version']);
  assert.match(inside, /^12\.\d+\npostgres \(PostgreSQL\) 15\.\d+ \(Debian [^)]+\)\npg_isready \(PostgreSQL\) 15\.\d+/);
});

test(
  'postgres image: after initdb and before the server, the published port gives no connection; once the log says ready, psql works at once',
  BUILD,
  async (t) => {
    if (!(await requireImage(t, postgresRecipe())) || !requirePsql(t)) return;
    const image = await ensurePostgresImage();
    const container = await createContainer(t, ['-p', '127.0.0.1::5432', image]);
    // A hook holds the entrypoint between initdb and the server, so the test need not catch that moment.
    const hooks = tempDir(t, 'cos-pg-hook-');
    await writeFile(
      join(hooks, 'hold.sh'),
      'echo "hook: initdb done (PG_VERSION $(cat "$PGDATA/PG_VERSION")), holding the server" >&2\n' +
        'while [ ! -e /tmp/go ]; do sleep 0.1; done\n',
    );
    await dockerOk(['cp', `${hooks}/.`, `${container}:/docker-entrypoint-initdb.d`]);
    await dockerOk(['start', container]);
    const port = await publishedPort(container, '5432/tcp');

    await waitForLog(container, /^hook: initdb done \(PG_VERSION 15\), holding the server$/m);
    const early = await psql(port, 'select 1');
    assert.notEqual(early.code, 0, `psql worked before the server was started: ${early.out}`);
    assert.doesNotMatch(await logs(container), READY);

    await dockerOk(['exec', container, 'touch', '/tmp/go']);
    await waitForLog(container, READY);
    // no retry: what a step after the action does
    assert.deepEqual(await psql(port, 'select 1'), { code: 0, out: '1' });

    // SIGTERM from `docker stop` shuts it down cleanly (exit 0), not by the kill after 10 s (137)
    await dockerOk(['stop', container]);
    assert.equal(await dockerOk(['inspect', '--format', '{{.State.ExitCode}}', container]), '0');
  },
);

test('postgres image: from docker run on, connections fail until the log says ready and work from then on', BUILD, async (t) => {
  if (!(await requireImage(t, postgresRecipe())) || !requirePsql(t)) return;
  const image = await ensurePostgresImage();
  const container = await createContainer(t, ['-p', '127.0.0.1::5432', image]);
  await dockerOk(['start', container]);
  const port = await publishedPort(container, '5432/tcp');

  // Try from the start until one works; then judge each try by the server's own ready time, not
  // by when `docker logs` happened to show the line.
  const tries: { start: number; end: number; result: PsqlResult }[] = [];
  const deadline = Date.now() + START_GUARD_MS;
  while (!tries.some((x) => x.result.code === 0)) {
    assert.ok(Date.now() < deadline, `no psql worked in ${START_GUARD_MS / 1000} s: ${tries.at(-1)?.result.out}`);
    const start = Date.now();
    const result = await psql(port, 'select 1');
    tries.push({ start, end: Date.now(), result });
  }
  const ready = readyAt(await waitForLog(container, READY));
  const start = Date.now();
  tries.push({ start, end: Date.now(), result: await psql(port, 'select 1') });

  const before = tries.filter((x) => x.end < ready);
  const after = tries.filter((x) => x.start > ready);
  t.diagnostic(`${tries.length} tries: ${before.length} ended before the server was ready, ${after.length} started after`);
  for (const x of before) assert.notEqual(x.result.code, 0, `psql worked before the server said ready: ${x.result.out}`);
  for (const x of after) assert.deepEqual(x.result, { code: 0, out: '1' });
  assert.ok(after.length >= 1);
});

test('postgres image: POSTGRES_PASSWORD, POSTGRES_USER and POSTGRES_DB are honoured at first start', BUILD, async (t) => {
  if (!(await requireImage(t, postgresRecipe())) || !requirePsql(t)) return;
  const image = await ensurePostgresImage();
  const env = ['-e', 'POSTGRES_PASSWORD=s3cret', '-e', 'POSTGRES_USER=app', '-e', 'POSTGRES_DB=app"db'];
  const container = await createContainer(t, ['-p', '127.0.0.1::5432', ...env, image]);
  await dockerOk(['start', container]);
  const port = await publishedPort(container, '5432/tcp');
  await waitForLog(container, READY);

  const who = 'select current_user, current_database(), pg_get_userbyid(datdba) from pg_database where datname = current_database()';
  const noPassword = await psql(port, who, { user: 'app', db: 'app"db' });
  assert.notEqual(noPassword.code, 0);
  assert.match(noPassword.out, /no password supplied/);
  const wrong = await psql(port, who, { user: 'app', db: 'app"db', password: 'nope' });
  assert.match(wrong.out, /password authentication failed for user "app"/);
  assert.deepEqual(await psql(port, who, { user: 'app', db: 'app"db', password: 's3cret' }), { code: 0, out: 'app|app"db|app' });
});

test('redis image: answers PING on its published port once the log says ready', BUILD, async (t) => {
  if (!(await requireImage(t, redisRecipe()))) return;
  const image = await ensureRedisImage();
  assert.equal(image, debianImageTag(redisRecipe()));
  const container = await createContainer(t, ['-p', '127.0.0.1::6379', image]);
  await dockerOk(['start', container]);
  const port = await publishedPort(container, '6379/tcp');
  await waitForLog(container, /Ready to accept connections/);

  const answer = await new Promise<string>((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) }, () => socket.write('PING\r\n'));
    let data = '';
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer in 30 s'))); // guard
    socket.on('data', (d: Buffer) => {
      data += d.toString();
      if (data.includes('\r\n')) {
        socket.end();
        resolve(data);
      }
    });
    socket.on('error', reject);
  });
  assert.equal(answer, '+PONG\r\n');

  await dockerOk(['stop', container]);
  assert.equal(await dockerOk(['inspect', '--format', '{{.State.ExitCode}}', container]), '0');
});
