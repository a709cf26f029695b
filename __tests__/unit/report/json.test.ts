/**
 * The JSON report (src/report/json.ts: buildJsonReport): its fields, stable nulls, whole ms, image
 * rows without credentials, and docs/report.md's account of it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { tellStories } from '../../../src/docker-path/stories.js';
import { FAILURE_KINDS } from '../../../src/failure-kinds.js';
import { hintFor } from '../../../src/report/hints.js';
import { buildJsonReport } from '../../../src/report/json.js';
import { Report } from '../../../src/report/model.js';
import { exportsFor, imageRows, none, sketchNew } from '../../support/report.js';

describe('JSON report', () => {
  test('checks carry failure, hint and location; staging probes; stable null fields; whole ms', () => {
    const r = new Report();
    r.add({
      id: 'compose.config',
      title: 'Compose config',
      status: 'failed',
      durationMs: 12.6,
      detail: 'yaml error',
      failure: 'config-invalid',
      location: { file: 'docker/compose.yml', line: 7 },
    });
    r.add({ id: 'compose.up', title: 'up', status: 'ok', detail: 'started', hint: 'custom' });
    r.stagingProbes.push({
      name: 'websocket',
      url: 'wss://u:pw@stg/ws',
      class: 'ws-rejected',
      status: 404,
      latencyMs: 8.4,
      attempts: 1,
      detail: 'HTTP 404',
    });
    r.serviceFailures.push({ service: 'backend', state: 'exited with code 1', exitCode: 1, logTail: ['boom'] });
    const j = buildJsonReport(r, none, exportsFor('none'), r.startedAt.getTime() + 1500);
    assert.equal(j.durationMs, 1500);
    assert.deepEqual(j.checks[0], {
      id: 'compose.config',
      title: 'Compose config',
      status: 'failed',
      durationMs: 13,
      // Added at once, its 13 ms before the report began: its start is the step's.
      startedMs: 0,
      detail: 'yaml error',
      failure: 'config-invalid',
      hint: hintFor(r.checks[0]!),
      location: { file: 'docker/compose.yml', line: 7 },
      data: null,
    });
    assert.equal(j.checks[1]!.failure, null);
    assert.equal(j.checks[1]!.hint, 'custom');
    assert.equal(j.checks[1]!.location, null);
    assert.deepEqual(j.stagingProbes, [
      { name: 'websocket', url: 'wss://stg/ws', class: 'ws-rejected', status: 404, latencyMs: 8, attempts: 1, detail: 'HTTP 404' },
    ]);
    assert.deepEqual(j.serviceFailures, [
      { service: 'backend', state: 'exited with code 1', exitCode: 1, health: null, lastHealthcheckOutput: null, logTail: ['boom'] },
    ]);
    assert.deepEqual(Object.keys(j), [
      'version',
      'startedAt',
      'durationMs',
      'mode',
      'reason',
      'failed',
      'checks',
      'stagingProbes',
      'serviceFailures',
      'images',
      'services',
      'outputs',
      'env',
    ]);
    assert.deepEqual(JSON.parse(JSON.stringify(j)), j);
  });

  test('docs/report.md documents every field and every failure kind', () => {
    const page = fs.readFileSync(new URL('../../../docs/report.md', import.meta.url), 'utf8');
    const section = page.split('\n## JSON report\n')[1]?.split(/\n##? /)[0] ?? '';
    assert.ok(section, 'docs/report.md has a "JSON report" section');
    const r = new Report();
    r.add(sketchNew({ id: 'x', title: 'x', status: 'failed', detail: 'x' }));
    r.stagingProbes.push({ name: 'websocket', url: 'wss://s/ws', class: 'ok', latencyMs: 1, attempts: 1, detail: 'x' });
    r.serviceFailures.push({ service: 's', state: 'x', logTail: [] });
    r.services = tellStories({ awaited: ['s'], containers: [], ready: [], failing: [] });
    const j = buildJsonReport(r, none, exportsFor('none'));
    const fields = [
      ...Object.keys(j.services[0]!).map((k) => `services[].${k}`),
      ...Object.keys(j),
      ...Object.keys(j.checks[0]!).map((k) => `checks[].${k}`),
      ...Object.keys(j.stagingProbes[0]!).map((k) => `stagingProbes[].${k}`),
      ...Object.keys(j.serviceFailures[0]!).map((k) => `serviceFailures[].${k}`),
    ];
    for (const f of fields) assert.ok(section.includes(`| \`${f}`), `docs/report.md lacks the field ${f}`);
    for (const k of FAILURE_KINDS) assert.ok(section.includes(`\`${k}\``), `docs/report.md lacks the failure kind ${k}`);
  });
});

describe('image rows in the summary and the report', () => {
  const { report, decision, exports } = imageRows();

  test('JSON: every field, null when unknown, credentials removed', () => {
    const json = buildJsonReport(report, decision, exports);
    assert.equal(json.images.length, 3);
    assert.deepEqual(json.images[2], {
      image: 'docker.io/library/built:1',
      written: 'built:1',
      services: ['svc'],
      via: 'image',
      state: 'built',
      sizeBytes: null,
      durationMs: null,
      tries: null,
      digest: null,
      key: null,
      detail: 'built',
    });
    assert.equal(json.images[0]!.durationMs, 1234);
    assert.equal(json.images[0]!.tries, 3);
    assert.ok(!JSON.stringify(json).includes('hunter2'));
  });
});
