/**
 * A failed compose up classified (src/stack/lifecycle.ts: classifyUpFailure) on outputs recorded from
 * compose itself (__tests__/fixtures/compose-output): its kind, and compose own words as its detail;
 * the kinds in compose's words written here (a port taken, an image missing, a build failed, a registry's
 * rate limit); an sshd that drops compose's connections on a remote engine, and the hint it gets.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorLines } from '../../../src/compose/output.js';
import { hintFor } from '../../../src/report/hints.js';
import { classifyUpFailure } from '../../../src/stack/lifecycle.js';
import type { UpFailureKind } from '../../../src/failure-kinds.js';
import { recorded, type Flavour, type Recorded } from '../../support/recorded.js';

const classify = (r: Recorded) => classifyUpFailure({ ...r, timedOut: false });

describe('a failed up, pull or build: its kind, and compose own words', () => {
  const daemonGet = 'Get "https://registry-1.docker.io/v2/"';
  const table: Array<[flavour: Flavour, fixture: string, kind: UpFailureKind, says: string[]]> = [
    [
      'v2',
      'up-build-fails',
      'build-failed',
      ['app: failed to solve: executor failed running [/bin/sh -c echo about to fail && false]: exit code: 1'],
    ],
    [
      'v1',
      'up-build-fails',
      'build-failed',
      ["The command '/bin/sh -c echo about to fail && false' returned a non-zero code: 1", "Service 'app' failed to build"],
    ],
    ['v2', 'up-dockerfile-missing', 'build-failed', ['failed to read dockerfile', 'missing.Dockerfile: no such file or directory']],
    [
      'v1',
      'up-dockerfile-missing',
      'build-failed',
      ['unable to prepare context', '@WORKDIR@/docker/missing.Dockerfile: no such file or directory'],
    ],
    ['v2', 'up-dockerfile-dir-missing', 'build-failed', ['resolve : lstat @WORKDIR@/docker: no such file or directory']],
    ['v1', 'up-dockerfile-dir-missing', 'build-failed', ['unable to prepare context', '@WORKDIR@/docker: no such file or directory']],
    ['v2', 'up-pull-never-missing', 'image-missing', ['Error response from daemon: no such image: cos-record/not-here:1']],
    ['v2', 'up-image-unpullable', 'image-missing', ['app: Get "https://registry-1.docker.io/v2/"', 'no such host']],
    ['v1', 'up-image-unpullable', 'image-missing', ['app: Get "https://registry-1.docker.io/v2/"', 'no such host']],
    ['v2', 'pull-unpullable', 'image-missing', ['app: Get "https://registry-1.docker.io/v2/"']],
    ['v1', 'pull-unpullable', 'image-missing', ['app: Get "https://registry-1.docker.io/v2/"']],
    ['v2', 'up-port-allocated', 'port-allocated', ['(0.0.0.0:18765)', 'Bind for 0.0.0.0:18765 failed: port is already allocated']],
    [
      'v1',
      'up-port-allocated',
      'port-allocated',
      ['(0.0.0.0:18765)', 'rec-port-b_web_1: Cannot start service web', 'Bind for 0.0.0.0:18765 failed'],
    ],
    [
      'v2',
      'up-container-name-conflict',
      'container-name-conflict',
      ['The container name "/rec-fixed-name" is already in use by container'],
    ],
    [
      'v1',
      'up-container-name-conflict',
      'container-name-conflict',
      ['The container name "/rec-fixed-name" is already in use by container'],
    ],
    // 2.40 and v5 build through Bake: one target, so BuildKit's steps name no service.
    ...(['v2.40', 'v5'] as const).flatMap((f): typeof table => [
      [f, 'up-build-fails', 'build-failed', ['image failed: failed to solve: process "/bin/sh -c echo about to fail && false" did not']],
      [f, 'up-dockerfile-missing', 'build-failed', ['image failed: failed to solve: failed to read dockerfile: open missing.Dockerfile']],
      [f, 'up-dockerfile-dir-missing', 'build-failed', ['image failed: resolve : lstat @WORKDIR@/docker: no such file or directory']],
      [f, 'up-port-allocated', 'port-allocated', ['(0.0.0.0:18765)', 'Bind for 0.0.0.0:18765 failed: port is already allocated']],
      [f, 'up-dependency-unhealthy', 'up-failed', ['dependency failed to start: container rec-up-dependency-unhealthy-db-1 is unhealthy']],
      [f, 'up-dependency-exit', 'up-failed', ['dependency failed to start: container rec-up-dependency-exit-db-1 exited (1)']],
      [f, 'up-wait-unhealthy', 'up-failed', ['container rec-up-wait-unhealthy-web-1 is unhealthy']],
    ]),
    // 2.40 pulls by service, v5 by image; --progress json says the same.
    ...(['up-image-unpullable', 'up-image-unpullable-json', 'pull-unpullable'] as const).flatMap((fixture): typeof table => [
      ['v2.40', fixture, 'image-missing', [`app: ${daemonGet}`, 'no such host']],
      ['v5', fixture, 'image-missing', [`Image cos-record/not-here:1: ${daemonGet}`, 'no such host']],
    ]),
    // A failed create: 2.40 names the container; v5 (5.2 on) the plan's `service:app:1`, read as the service.
    [
      'v2.40',
      'up-pull-never-missing',
      'image-missing',
      ['Container rec-up-pull-never-missing-app-1: Error response from daemon: No such image: cos-record/not-here:1'],
    ],
    ['v5', 'up-pull-never-missing', 'image-missing', ['app: Error response from daemon: No such image: cos-record/not-here:1']],
    [
      'v2.40',
      'up-container-name-conflict',
      'container-name-conflict',
      ['Container rec-fixed-name: Error response from daemon: Conflict. The container name "/rec-fixed-name" is already in use'],
    ],
    [
      'v5',
      'up-container-name-conflict',
      'container-name-conflict',
      ['web: Error response from daemon: Conflict. The container name "/rec-fixed-name" is already in use'],
    ],
  ];
  for (const [flavour, fixture, kind, says] of table) {
    test(`${flavour} ${fixture}: ${kind}`, () => {
      const r = recorded(flavour, fixture);
      assert.notEqual(r.code, 0, 'recorded as a failure');
      const c = classify(r);
      assert.equal(c.kind, kind, c.detail);
      for (const s of says) assert.ok(c.detail.includes(s), `${JSON.stringify(s)} not in ${JSON.stringify(c.detail)}`);
      assert.doesNotMatch(
        c.detail,
        /#\d+ (DONE|CACHED|naming|exporting|transferring)|DEPRECATED|Creating network|Container \S+ +Creating|Image \S+ (Pulling|Building)|\{"|\\"/,
        'no progress, and no JSON, in it',
      );
      // Each error once: v1 says it per container and per service, v2 and v5 by the resource and by the daemon.
      const said = errorLines(r.stderr, r.stdout).map((l) =>
        l.replace(/^(?:(?:Image |Container )?\S+: )?(?:Error response from daemon: )?/, ''),
      );
      assert.equal(new Set(said).size, said.length, JSON.stringify(said));
    });
  }

  test('what a conflict was about: the host port, the container name', () => {
    for (const f of ['v1', 'v2', 'v2.40', 'v5'] as const) {
      assert.equal(classify(recorded(f, 'up-port-allocated')).hostPort, 18765);
      assert.equal(classify(recorded(f, 'up-container-name-conflict')).containerName, 'rec-fixed-name');
    }
  });

  test('--progress json: the same kind and words as the plain progress (2.40 and v5 schemas)', () => {
    for (const f of ['v2.40', 'v5'] as const) {
      assert.deepEqual(classify(recorded(f, 'up-image-unpullable-json')), classify(recorded(f, 'up-image-unpullable')), f);
    }
  });

  test('a timeout says so, whatever was printed', () => {
    assert.deepEqual(classifyUpFailure({ ...recorded('v2', 'up-build-fails'), timedOut: true }), {
      kind: 'up-timeout',
      detail: 'compose up did not finish before startup-timeout',
    });
  });

  test('nothing recognisable: the exit code', () => {
    assert.equal(classifyUpFailure({ stderr: '', stdout: '', code: 3, timedOut: false }).detail, 'exit code 3');
  });
});

describe('an sshd that drops compose’s connections during up', () => {
  const stderr = [
    ' Container p-web-17  Creating',
    'error during connect: Post "http://docker.example.com/v1.41/containers/create?name=p-web-18": command [ssh -o ConnectTimeout=30 -T -l ci -- build-host docker system dial-stdio] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=kex_exchange_identification: read: Connection reset by peer',
  ].join('\n');

  test('a broken pipe on the connection through ssh (the CLI’s placeholder host docker.example.com) is the same failure', () => {
    const r = classifyUpFailure({
      stderr: 'error during connect: Get "http://docker.example.com/v1.41/images/x/json": write |1: broken pipe',
      stdout: '',
      timedOut: false,
      code: 1,
    });
    assert.equal(r.kind, 'engine-ssh');
    assert.equal(
      classifyUpFailure({ stderr: 'error during connect: Get "http://10.0.0.5:2375/v1.41/x": EOF', stdout: '', timedOut: false, code: 1 })
        .kind,
      'up-failed',
    );
  });

  test('compose’s words keep no credential path', () => {
    const r = classifyUpFailure(
      { stderr: 'Error response from daemon: open /srv/ci/certs/key.pem: no such file or directory', stdout: '', timedOut: false, code: 1 },
      { DOCKER_CERT_PATH: '/srv/ci/certs' },
    );
    assert.ok(!r.detail.includes('/srv/ci/certs'), r.detail);
    assert.match(r.detail, /\$DOCKER_CERT_PATH\/key\.pem/);
  });

  test('is its own kind, and the hint says which sshd setting to raise', () => {
    const r = classifyUpFailure({ stderr, stdout: '', timedOut: false, code: 1 });
    assert.equal(r.kind, 'engine-ssh');
    const hint = hintFor({
      id: 'compose.up',
      title: 'up',
      status: 'failed',
      durationMs: 0,
      detail: r.detail,
      failure: 'engine-ssh',
      data: { kind: r.kind },
    });
    assert.match(hint!, /MaxStartups/);
    assert.match(hint!, /MaxSessions/);
  });
});

describe('up failures', () => {
  const r = (stderr: string, timedOut = false) => ({ stderr, stdout: '', timedOut, code: 1 });
  test('port already allocated, in those words, with the binding', () => {
    const c = classifyUpFailure(
      r(
        'ERROR: for backend  Cannot start service backend: driver failed programming external connectivity on endpoint p_backend_1: Bind for 0.0.0.0:8002 failed: port is already allocated',
      ),
    );
    assert.equal(c.kind, 'port-allocated');
    assert.match(c.detail, /port is already allocated \(0\.0\.0\.0:8002\)/);
  });
  test('a host port taken by a process (docker-proxy: listen tcp4 … address already in use): a port conflict, with its port', () => {
    const c = classifyUpFailure(
      r(
        'Error response from daemon: driver failed programming external connectivity on endpoint p-db-1: Error starting userland proxy: listen tcp4 0.0.0.0:5435: bind: address already in use',
      ),
    );
    assert.deepEqual([c.kind, c.hostPort], ['port-allocated', 5435]);
  });
  test('image not found', () =>
    assert.equal(classifyUpFailure(r('pull access denied for nope, repository does not exist')).kind, 'image-missing'));
  test('build failed', () =>
    assert.equal(
      classifyUpFailure(r("Service 'backend' failed to build : The command '/bin/sh -c false' returned a non-zero code: 1")).kind,
      'build-failed',
    ));
  test('timeout', () => assert.equal(classifyUpFailure(r('', true)).kind, 'up-timeout'));
  test("a registry's rate limit or 5xx on compose's own pull (a build's base image, say): its kind, not a missing image", () => {
    assert.equal(
      classifyUpFailure(
        r(
          ' db Error toomanyrequests: You have reached your pull rate limit.\nError response from daemon: toomanyrequests: You have reached your pull rate limit.',
        ),
      ).kind,
      'registry-rate-limit',
    );
    assert.equal(
      classifyUpFailure(
        r(
          'failed to solve: node:20: failed to resolve source metadata for docker.io/library/node:20: unexpected status from HEAD request to https://registry-1.docker.io/v2/library/node/manifests/20: 429 Too Many Requests',
        ),
      ).kind,
      'registry-rate-limit',
    );
    assert.equal(
      classifyUpFailure(r('Error response from daemon: received unexpected HTTP status: 503 Service Unavailable')).kind,
      'registry-unavailable',
    );
  });
});
