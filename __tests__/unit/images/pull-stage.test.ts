/**
 * The pulls with retries after compose's own met registry trouble, against a stand-in `docker` on PATH that lacks some images and
 * answers each pull of an image from a queue (a 429, a 503, "manifest unknown", then success):
 * one engine call when every image is there; the lacking ones pulled, each with its tries (compose's
 * failed pull counted as the first try of what it was pulling); a
 * registry's trouble that outlasts the tries fails the stage before the deadline, with its kind;
 * any other failure is left to `up`; `pull: always` pulls every image; an engine that cannot say
 * what it has gets no pull.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { parseReference, type ImageReference } from '../../../src/images/reference.js';
import { pullRecord, pullStage } from '../../../src/images/pull-stage.js';
import type { NeededImage } from '../../../src/images/types.js';

const FAKE = `#!/bin/sh
# docker as the pull stage sees it; every call is written to calls.
d="$FAKE_DOCKER_DIR"
echo "$*" >> "$d/calls"
if [ -f "$d/no-daemon" ]; then echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1; fi
if [ "$1 $2" = "image inspect" ]; then
  shift 4; rc=0
  for ref in "$@"; do
    if grep -qxF "$ref" "$d/lacked"; then echo "Error response from daemon: No such image: $ref" >&2; rc=1; else echo sha256:0; fi
  done
  exit $rc
fi
if [ "$1" = "pull" ]; then
  for ref in "$@"; do :; done
  q="$d/answers-$(echo "$ref" | tr -c 'a-z0-9\\n' _)"
  answer=$(head -n 1 "$q" 2>/dev/null)
  [ "$answer" = "always" ] || { tail -n +2 "$q" > "$q.next" 2>/dev/null; mv "$q.next" "$q" 2>/dev/null; }
  [ "$answer" = "always" ] && answer=$(sed -n 2p "$q")
  if [ -z "$answer" ] || [ "$answer" = ok ]; then echo "$ref"; exit 0; fi
  echo "Error response from daemon: $answer" >&2; exit 1
fi
exit 0
`;

const TOO_MANY = 'toomanyrequests: You have reached your pull rate limit.';
const UNAVAILABLE = 'received unexpected HTTP status: 503 Service Unavailable';

const needed = (written: string, ...services: string[]): NeededImage => ({
  ref: parseReference(written) as ImageReference,
  written,
  services,
});
const db = needed('127.0.0.1:5000/cos/db:1', 'db');
const web = needed('127.0.0.1:5000/cos/web:1', 'web', 'worker');

let dir = '';
let env: NodeJS.ProcessEnv = {};
/** The images the engine lacks, and each one's answers to its pulls (`always` first: the next line for ever). */
const engine = (lacked: NeededImage[], answers: Record<string, string[]> = {}): void => {
  fs.writeFileSync(path.join(dir, 'lacked'), lacked.map((i) => `${i.ref.canonical}\n`).join(''));
  for (const [ref, lines] of Object.entries(answers))
    fs.writeFileSync(path.join(dir, `answers-${ref.replace(/[^a-z0-9\n]/g, '_')}`), lines.map((l) => `${l}\n`).join(''));
};
const calls = (): string[] => fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n');
/** A short deadline: the pauses shrink to fit it (a quarter of what is left), so the tries are quick. */
const soon = (): number => performance.now() + 3000;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-pull-stage-'));
  fs.writeFileSync(path.join(dir, 'docker'), FAKE, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'calls'), '');
  env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_DOCKER_DIR: dir };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the pull stage', () => {
  test('every image on the engine: one call, nothing pulled', async () => {
    engine([]);
    const r = await pullStage([db, web], { always: false, env, deadline: soon() });
    assert.deepEqual(
      r.records.map((x) => x.state),
      ['present', 'present'],
    );
    assert.equal(r.ok, true);
    assert.deepEqual(calls(), [`image inspect --format {{.Id}} ${db.ref.canonical} ${web.ref.canonical}`]);
  });

  test('two 429s, then the pull works: pulled on try 3; what the engine has is not pulled', async () => {
    engine([db], { [db.ref.canonical]: [TOO_MANY, TOO_MANY, 'ok'] });
    const lines: string[] = [];
    const r = await pullStage([db, web], { always: false, env, deadline: soon(), onLine: (l) => lines.push(l) });
    assert.equal(r.ok, true, JSON.stringify(r));
    const [dbRow, webRow] = r.records;
    assert.deepEqual([dbRow?.state, dbRow?.tries, webRow?.state, webRow?.tries], ['pulled', 3, 'present', undefined]);
    assert.match(dbRow!.detail, /pulled on try 3; the try before it: toomanyrequests/);
    assert.equal(calls().filter((c) => c.startsWith('pull')).length, 3);
    assert.ok(!calls().some((c) => c.includes(`pull --quiet ${web.ref.canonical}`)));
    assert.equal(lines.filter((l) => / failed \(toomanyrequests: .*\); again in \d+\.\d s$/.test(l)).length, 2, lines.join('\n'));
  });

  test("compose's failed pull is the first try of what it was pulling: the next comes after a pause, and counts on", async () => {
    engine([db, web], { [db.ref.canonical]: [TOO_MANY, 'ok'], [web.ref.canonical]: ['ok'] });
    const lines: string[] = [];
    const tried = { services: ['db'], images: [], said: `db: ${TOO_MANY}` };
    const r = await pullStage([db, web], { always: false, env, deadline: soon(), onLine: (l) => lines.push(l), tried });
    assert.deepEqual(r.ok && [r.pulledAny, r.records.map((x) => [x.state, x.tries])], [
      true,
      [
        ['pulled', 3],
        ['pulled', 1],
      ],
    ]);
    assert.match(lines.join('\n'), /127\.0\.0\.1:5000\/cos\/db:1: try 1 of at most 6 failed \(db: toomanyrequests/);
    assert.equal(calls().filter((c) => c.startsWith(`pull --quiet ${db.ref.canonical}`)).length, 2);
  });

  test('a 429 that outlasts the tries: registry-rate-limit before the deadline, naming the image and its services', async () => {
    engine([web], { [web.ref.canonical]: ['always', TOO_MANY] });
    const deadline = soon();
    const r = await pullStage([web], { always: false, env, deadline });
    assert.ok(performance.now() < deadline);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.kind, 'registry-rate-limit');
    assert.ok(r.tries >= 3, `${r.tries} tries`);
    assert.equal(r.records[0]?.tries, r.tries);
    assert.deepEqual([r.image, r.services], [web.ref.canonical, ['web', 'worker']]);
    assert.match(
      r.detail,
      new RegExp(
        `^127\\.0\\.0\\.1:5000/cos/web:1 \\(web, worker\\) could not be pulled: the registry's rate limit \\(HTTP 429\\) through ${r.tries} tries in \\d+\\.\\d s: toomanyrequests`,
      ),
    );
  });

  test('a 503 that outlasts the tries: registry-unavailable', async () => {
    engine([db], { [db.ref.canonical]: ['always', UNAVAILABLE] });
    const r = await pullStage([db], { always: false, env, deadline: soon() });
    assert.deepEqual(r.ok ? 'ok' : [r.kind, r.tries >= 3], ['registry-unavailable', true]);
  });

  test('a failure the next try would repeat: one try, and `up` says why', async () => {
    engine([db], { [db.ref.canonical]: ['manifest for cos/db:1 not found: manifest unknown'] });
    const r = await pullStage([db], { always: false, env, deadline: soon() });
    assert.equal(r.ok, true);
    assert.deepEqual([r.records[0]?.state, r.records[0]?.tries], ['missing', 1]);
    assert.match(r.records[0]!.detail, /^not pulled \(1 try\): manifest for cos\/db:1 not found/);
  });

  test('pull: always: every image pulled, without asking the engine first', async () => {
    engine([]);
    const r = await pullStage([db, web], { always: true, env, deadline: soon() });
    assert.deepEqual(r.ok && [r.pulledAll, r.records.map((x) => x.state)], [true, ['pulled', 'pulled']]);
    assert.ok(!calls().some((c) => c.startsWith('image inspect --format {{.Id}} ')), calls().join('\n'));
  });

  test('an engine that cannot say what it has: nothing pulled, `up` asks it again', async () => {
    engine([db]);
    fs.writeFileSync(path.join(dir, 'no-daemon'), '');
    const r = await pullStage([db], { always: false, env, deadline: soon() });
    assert.deepEqual(r, { ok: true, records: [], pulledAll: false, pulledAny: false });
    assert.equal(calls().length, 1);
  });
});

test('a row: present, pulled on the first try, or not pulled with its tries', () => {
  assert.deepEqual(pullRecord(db, undefined), {
    image: db.ref.canonical,
    written: db.written,
    services: ['db'],
    via: 'image',
    state: 'present',
    detail: 'on the engine already: not pulled',
  });
  const ok = pullRecord(db, { ok: true, tries: 1, durationMs: 50, said: '', stopped: false });
  assert.deepEqual([ok.state, ok.tries, ok.detail], ['pulled', 1, 'pulled']);
});
