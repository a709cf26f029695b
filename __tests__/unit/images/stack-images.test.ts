/**
 * Which images a stack pulls (src/images/stack-images.ts): the started services (startedServices),
 * each service's image and its Dockerfile's bases with build args, Dockerfiles read from the project
 * directory or inline (stackImages), and what up pulls itself (imagesUpPulls).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { modelFromDocument } from '../../../src/compose/model.js';
import { imagesUpPulls, stackImages, startedServices } from '../../../src/images/stack-images.js';

describe('the images a stack pulls', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-stack-images-'));
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', 'Dockerfile'), 'ARG NODE=18\nFROM node:${NODE}-alpine AS deps\nFROM deps\n');
  fs.writeFileSync(path.join(dir, 'app', 'worker.Dockerfile'), 'FROM docker.io/library/postgres:16\nFROM busybox\n');
  const model = modelFromDocument({
    services: {
      backend: { build: { context: 'app', args: ['NODE=20'] }, depends_on: { db: { condition: 'service_healthy' } } },
      worker: { build: { context: './app', dockerfile: 'worker.Dockerfile', args: { UNUSED: null } } },
      db: { image: 'postgres:16' },
      cache: { image: 'redis' },
      pinned: { image: 'busybox@sha256:' + 'a'.repeat(64) },
      odd: { image: 'Not/A:Valid Ref' },
      gone: { build: { context: 'missing' } },
      remote: { build: 'https://github.com/acme/app.git' },
    },
  });

  test('started services: the named ones and what they depend on, transitively; all when none is named', () => {
    assert.deepEqual(startedServices(model, ['backend']).sort(), ['backend', 'db']);
    assert.equal(startedServices(model, []).length, model.services.size);
  });

  test("each image once, canonical; a service's image and its Dockerfile's bases with its build args; what cannot be read is said", () => {
    const found = stackImages(model, [], dir);
    const rows = found.images.map((i) => `${i.ref.canonical} ${i.via} ${i.services.join('+')}`);
    assert.deepEqual(rows, [
      'docker.io/library/node:20-alpine build backend',
      'docker.io/library/postgres:16 build worker+db',
      'docker.io/library/busybox:latest build worker',
      'docker.io/library/redis:latest image cache',
      `docker.io/library/busybox@sha256:${'a'.repeat(64)} image pinned`,
    ]);
    assert.deepEqual(found.built, ['backend', 'worker', 'gone', 'remote']);
    assert.deepEqual(
      found.skipped.map((s) => s.service),
      ['odd', 'gone', 'remote'],
    );
    assert.match(found.skipped.find((s) => s.service === 'gone')!.why, /cannot be read: ENOENT/);
    assert.match(found.skipped.find((s) => s.service === 'remote')!.why, /remote build context/);
    assert.deepEqual(
      stackImages(model, ['backend'], dir).images.map((i) => i.ref.canonical),
      ['docker.io/library/node:20-alpine', 'docker.io/library/postgres:16'],
    );
  });
});

describe('the images up pulls', () => {
  const model = modelFromDocument({
    services: {
      backend: { build: 'app', image: 'acme/backend:dev', depends_on: ['db', 'cache'] },
      db: { image: 'postgres:16' },
      cache: { image: 'redis:7', pull_policy: 'always' },
      arm: { image: 'postgres:16', platform: 'linux/arm64' },
      tool: { image: 'busybox', pull_policy: 'if_not_present' },
      local: { image: 'acme/local:1', pull_policy: 'never' },
      odd: { image: 'Not A Ref' },
    },
  });
  const rows = (services: string[], anyPolicy = false): string[] =>
    imagesUpPulls(model, services, anyPolicy).map((i) => `${i.ref.canonical} ${i.services.join('+')}${i.platform ? ` ${i.platform}` : ''}`);

  test("each started service's image that is not built, once; a pull_policy other than missing is compose's to follow", () => {
    assert.deepEqual(rows([]), ['docker.io/library/postgres:16 db', 'docker.io/library/busybox:latest tool']);
    assert.deepEqual(rows(['backend']), ['docker.io/library/postgres:16 db']);
  });

  test('pull: always takes every one (up --pull always would), a platform of its own kept', () => {
    assert.deepEqual(rows([], true), [
      'docker.io/library/postgres:16 db',
      'docker.io/library/redis:7 cache',
      'docker.io/library/busybox:latest tool',
      'docker.io/acme/local:1 local',
    ]);
    const arm = modelFromDocument({ services: { arm: { image: 'postgres:16', platform: 'linux/arm64' } } });
    assert.deepEqual(
      imagesUpPulls(arm, []).map((i) => i.platform),
      ['linux/arm64'],
    );
  });
});

describe('the images a dockerfile_inline pulls', () => {
  test('its FROM lines are read from the compose file, with ARG defaults and build args; a remote context does not matter', () => {
    const m = modelFromDocument({
      services: {
        inline: {
          build: {
            context: '/nowhere',
            dockerfile_inline: 'ARG BASE=alpine:3.19\nFROM ${BASE} AS base\nFROM base\nFROM ${TOOLS}\n',
            args: { TOOLS: 'busybox:1.36' },
          },
        },
        remote: { build: { context: 'https://github.com/acme/app.git', dockerfile_inline: 'FROM node:20\n' } },
        scratch: { build: { dockerfile_inline: 'FROM scratch\nCOPY x /x\n' } },
      },
    });
    const found = stackImages(m, [], os.tmpdir());
    assert.deepEqual(
      found.images.map((i) => `${i.ref.canonical} ${i.via} ${i.services.join('+')}`),
      [
        'docker.io/library/alpine:3.19 build inline',
        'docker.io/library/busybox:1.36 build inline',
        'docker.io/library/node:20 build remote',
      ],
    );
    assert.deepEqual(found.built, ['inline', 'remote', 'scratch']);
    assert.deepEqual(found.skipped, [], 'no Dockerfile was looked for');
  });
});
