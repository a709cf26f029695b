/**
 * isolate: true, the override file: from the model compose v2 resolved for the seeds' stack
 * (a recorded `config` output), what is fixed is found and taken out, and nothing else is touched.
 * That compose itself accepts the file and starts two such stacks side by side is end-to-end
 * (__tests__/e2e/isolate.test.ts).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { describeIsolation, isolationOverride, listFixed, writeIsolation } from '../../../src/compose/isolate.js';
import { modelFromDocument, parseComposeYaml } from '../../../src/compose/model.js';
import { recordedConfig } from '../../support/recorded.js';
import { tempDir } from '../../support/temp.js';

/** A recorded compose v2 `config`, its project in /work/seeds. */
const seedsConfig = (name: string): string => recordedConfig('v2', name, '/work/seeds');

/** The override as data: each `!reset` value becomes 'RESET', each `!override` sequence is kept with its tag noted. */
function readOverride(yaml: string): Record<string, unknown> {
  const doc = parseDocument(yaml, {
    customTags: [
      { tag: '!reset', resolve: () => 'RESET' },
      { tag: '!override', collection: 'seq', resolve: (seq) => seq },
    ],
  });
  assert.deepEqual(doc.errors, []);
  return doc.toJS() as Record<string, unknown>;
}

describe('isolationOverride', () => {
  test('the seeds stack on compose v2: the fixed container_name is reset and kept as an alias, every fixed host port moved, host IPs kept', () => {
    const model = parseComposeYaml(seedsConfig('config-seeds-v2'));
    const i = isolationOverride(model, 'rec-seeds-v2');
    assert.deepEqual(i.containerNames, [
      { service: 'alpine-test-postgres', name: 'alpine-test-postgres', networks: ['default'], external: [] },
    ]);
    assert.deepEqual(i.keptNames, []);
    assert.deepEqual(i.hostPorts.map((p) => `${p.service} ${p.published}:${p.target}`).sort(), [
      'alpine-test-auth 8083:8081',
      'alpine-test-backend 8002:8000',
      'alpine-test-nginx 8080:80',
      'alpine-test-postgres 5435:5432',
      'alpine-test-redis 6382:6379',
    ]);
    assert.deepEqual([i.networks, i.volumes], [[], []], 'rec-seeds-v2_default is the name compose derives, not a fixed one');
    const o = readOverride(i.yaml) as { services: Record<string, Record<string, unknown>> };
    assert.deepEqual(o.services['alpine-test-postgres'], {
      container_name: 'RESET',
      networks: { default: { aliases: ['alpine-test-postgres'] } },
      ports: [{ target: 5432, protocol: 'tcp' }],
    });
    assert.deepEqual(o.services['alpine-test-nginx'], { ports: [{ target: 80, host_ip: '127.0.0.1', protocol: 'tcp' }] });
    assert.equal(o.services['alpine-test-migrate'], undefined, 'a service with nothing fixed is not in the file');
    assert.doesNotMatch(i.yaml, /published/);
    assert.match(
      describeIsolation(i),
      /container_name reset for alpine-test-postgres \(alpine-test-postgres, kept as an alias\); fixed host ports moved to random ones: .*alpine-test-backend 8002→8000\/tcp/,
    );
    assert.equal(listFixed(i), 'container names alpine-test-postgres; host ports 8083, 8002, 8080, 5435, 6382');
  });

  test('every port of a service with one fixed port is listed (the list is replaced whole); random ones stay random', () => {
    const model = modelFromDocument({
      services: { web: { image: 'x', ports: ['8002:8000', '9000', { target: 53, published: '5353', protocol: 'udp' }] } },
    });
    const o = readOverride(isolationOverride(model, 'p').yaml) as { services: { web: { ports: unknown[] } } };
    assert.deepEqual(o.services.web.ports, [
      { target: 8000, protocol: 'tcp' },
      { target: 9000, protocol: 'tcp' },
      { target: 53, protocol: 'udp' },
    ]);
  });

  test('network_mode: no alias can be added, so none is; fixed network and volume names are reset, derived and external ones are not', () => {
    const model = modelFromDocument({
      services: {
        sidecar: { image: 'x', container_name: 'fixed-sidecar', network_mode: 'service:web' },
        web: { image: 'x', container_name: 'fixed-web', networks: { front: null, back: { aliases: ['api'] } } },
      },
      networks: { front: { name: 'shared-front' }, back: { name: 'p_back' }, outside: { name: 'corp', external: true } },
      volumes: { data: { name: 'pgdata' }, cache: { name: 'p_cache' } },
    });
    const i = isolationOverride(model, 'p');
    assert.deepEqual(i.containerNames, [
      { service: 'sidecar', name: 'fixed-sidecar', networks: [], external: [], networkMode: 'service:web' },
      { service: 'web', name: 'fixed-web', networks: ['front', 'back'], external: [] },
    ]);
    assert.match(
      describeIsolation(i),
      /sidecar \(fixed-sidecar, no alias: network_mode service:web\), web \(fixed-web, kept as an alias\)/,
    );
    const o = readOverride(i.yaml) as Record<string, Record<string, unknown>>;
    assert.deepEqual(o.services!.sidecar, { container_name: 'RESET' });
    assert.deepEqual(o.services!.web, {
      container_name: 'RESET',
      networks: { front: { aliases: ['fixed-web'] }, back: { aliases: ['fixed-web'] } },
    });
    assert.deepEqual(o.networks, { front: { name: 'RESET' } });
    assert.deepEqual(o.volumes, { data: { name: 'RESET' } });
    assert.equal(listFixed(i), 'container names fixed-sidecar, fixed-web; network names shared-front; volume names pgdata');
  });

  test('an external network gets no alias: another job on it would answer to the old name too', () => {
    const model = modelFromDocument({
      services: { db: { image: 'x', container_name: 'fixed-db', networks: { default: null, corp: null } } },
      networks: { default: { name: 'p_default' }, corp: { name: 'corp', external: true } },
    });
    const i = isolationOverride(model, 'p');
    assert.deepEqual(i.containerNames, [{ service: 'db', name: 'fixed-db', networks: ['default'], external: ['corp'] }]);
    const o = readOverride(i.yaml) as { services: Record<string, unknown> };
    assert.deepEqual(o.services.db, { container_name: 'RESET', networks: { default: { aliases: ['fixed-db'] } } });
    assert.match(describeIsolation(i), /db \(fixed-db, kept as an alias, not on external network corp\)/);
  });

  test('a name another service refers to as container:NAME or in external_links is kept; compose would not find it renamed', () => {
    const model = modelFromDocument({
      services: {
        vpn: { image: 'x', container_name: 'fixed-vpn' },
        app: { image: 'x', network_mode: 'container:fixed-vpn' },
        data: { image: 'x', container_name: 'fixed-data' },
        backup: { image: 'x', volumes_from: ['container:fixed-data:ro'] },
        legacy: { image: 'x', container_name: 'fixed-legacy' },
        client: { image: 'x', external_links: ['fixed-legacy:legacy'] },
        free: { image: 'x', container_name: 'fixed-free' },
      },
    });
    const i = isolationOverride(model, 'p');
    assert.deepEqual(i.keptNames, [
      { service: 'vpn', name: 'fixed-vpn', by: ['app'] },
      { service: 'data', name: 'fixed-data', by: ['backup'] },
      { service: 'legacy', name: 'fixed-legacy', by: ['client'] },
    ]);
    assert.deepEqual(
      i.containerNames.map((c) => c.service),
      ['free'],
    );
    const o = readOverride(i.yaml) as { services: Record<string, unknown> };
    assert.deepEqual(Object.keys(o.services), ['free']);
    assert.match(describeIsolation(i), /container_name kept for vpn \(fixed-vpn: app refers to it by that name\)/);
    assert.match(listFixed(i), /^container names fixed-free, fixed-vpn, fixed-data, fixed-legacy$/);
  });

  test('one container port published on two fixed host ports becomes one random port, not two identical entries', () => {
    const model = modelFromDocument({ services: { web: { image: 'x', ports: ['8080:80', '8081:80', '127.0.0.1:8082:80'] } } });
    const o = readOverride(isolationOverride(model, 'p').yaml) as { services: { web: { ports: unknown[] } } };
    assert.deepEqual(o.services.web.ports, [
      { target: 80, protocol: 'tcp' },
      { target: 80, host_ip: '127.0.0.1', protocol: 'tcp' },
    ]);
  });

  test('names that YAML would misread are quoted: a service called "on", a network called "null"', () => {
    const model = modelFromDocument({ services: { on: { image: 'x', container_name: 'yes', networks: ['null'] } } });
    const o = readOverride(isolationOverride(model, 'p').yaml) as { services: Record<string, unknown> };
    assert.deepEqual(o.services, { on: { container_name: 'RESET', networks: { null: { aliases: ['yes'] } } } });
  });

  test('nothing fixed: no file to write', () => {
    const model = modelFromDocument({ services: { web: { image: 'x', ports: ['8000'] } } });
    const i = isolationOverride(model, 'p');
    assert.equal(i.yaml, '');
    assert.equal(listFixed(i), '');
  });

  test('writeIsolation writes the file under the project name, readable by its owner only', (t) => {
    const dir = tempDir(t, 'cos-iso-');
    const i = isolationOverride(modelFromDocument({ services: { web: { image: 'x', container_name: 'w' } } }), 'proj-1');
    const file = writeIsolation(i, 'proj-1', path.join(dir, 'nested'));
    assert.equal(file, path.join(dir, 'nested', 'compose-or-staging-proj-1.isolate.yml'));
    assert.equal(fs.readFileSync(file, 'utf8'), i.yaml);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });
});
