/** Compose file discovery (src/compose/discovery.ts): the ranking of candidates, and on disk. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { discoverComposeFiles, rankCandidates } from '../../../src/compose/discovery.js';
import type { Candidate } from '../../../src/compose/plan-types.js';

describe('discovery ranking', () => {
  const c = (file: string, order: number, definesBackend: boolean, variant?: string, parseError?: string): Candidate => ({
    file,
    order,
    definesBackend,
    variant,
    parseError,
  });
  test('defining the backend beats order; a test variant beats a plain file', () => {
    const ranked = rankCandidates([
      c('/w/compose.yml', 0, false),
      c('/w/docker/docker-compose.prod.yml', 1, true, 'prod'),
      c('/w/docker/docker-compose.alpine-test.yml', 2, true, 'alpine-test'),
    ]);
    assert.deepEqual(
      ranked.map((x) => path.basename(x.file)),
      ['docker-compose.alpine-test.yml', 'docker-compose.prod.yml', 'compose.yml'],
    );
  });
  test('otherwise the discovery order decides; unreadable files come last', () => {
    const ranked = rankCandidates([c('/w/a.yml', 0, false, undefined, 'bad yaml'), c('/w/b.yml', 1, false), c('/w/c.yml', 2, false)]);
    assert.deepEqual(
      ranked.map((x) => path.basename(x.file)),
      ['b.yml', 'c.yml', 'a.yml'],
    );
  });

  test('on disk: the docker/ test variant that defines the backend is chosen, the others are explained', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-disc-'));
    fs.mkdirSync(path.join(ws, 'docker'));
    fs.writeFileSync(path.join(ws, 'docker-compose.yml'), 'services: { web: { image: nginx } }\n');
    fs.writeFileSync(path.join(ws, 'docker', 'docker-compose.alpine-test.yml'), 'services: { alpine-test-backend: { image: x } }\n');
    fs.writeFileSync(path.join(ws, 'docker', 'docker-compose.override.yml'), 'services: {}\n');
    fs.writeFileSync(path.join(ws, 'docker', 'docker-compose.dev.yml'), 'services: { backend: { image: x } }\n');
    const d = discoverComposeFiles(ws, 'backend', ws);
    assert.equal(path.relative(ws, d.chosen.file), 'docker/docker-compose.alpine-test.yml');
    assert.deepEqual(
      d.notChosen.map((n) => [path.relative(ws, n.file), n.why]),
      [
        ['docker/docker-compose.dev.yml', 'not a test variant (chose docker-compose.alpine-test.yml)'],
        ['docker-compose.yml', "does not define 'backend'"],
      ],
    );
  });

  test('a base file brings its override file along, as compose would', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-disc-'));
    fs.writeFileSync(path.join(ws, 'compose.yaml'), 'services: { backend: { image: x } }\n');
    fs.writeFileSync(path.join(ws, 'compose.override.yaml'), 'services: {}\n');
    assert.deepEqual(
      discoverComposeFiles(ws, 'backend', ws).files.map((f) => path.basename(f)),
      ['compose.yaml', 'compose.override.yaml'],
    );
  });

  test('nothing found: the error says where it looked', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-disc-'));
    assert.throws(
      () => discoverComposeFiles(ws, 'backend', ws),
      /No compose file found. Looked in \..*docker\/, .docker\/, deploy\/, compose\//,
    );
  });
});
