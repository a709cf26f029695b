/**
 * Keys only a newer compose knows, found with their line. The inputs are the files the recorder
 * ran through both composes (__tests__/fixtures/compose-output): each one compose v1 refused and
 * compose v2 accepted, so the table below is checked against what the real composes said.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { describeUnmetNeeds, findVersionNeeds, newestNeeded, unmetNeeds } from '../../../src/compose/needs.js';
import { parseComposeVersion } from '../../../src/compose/version.js';
import { FIXTURES, recorded } from '../../support/recorded.js';

const filesOf = (name: string, order: string[]) => order.map((f) => path.join(FIXTURES, 'inputs', name, f));

describe('findVersionNeeds: every key v1 refused, with its line', () => {
  const table: Array<{ fixture: string; files: string[]; key: string; line: number; since: string; v1Said: RegExp; lineHolds?: string }> = [
    {
      fixture: 'v1-rejects-name',
      files: ['compose.yml'],
      key: 'name',
      line: 1,
      since: '2.3.3',
      v1Said: /'name' does not match any of the regexes/,
    },
    {
      fixture: 'v1-rejects-include',
      files: ['compose.yml'],
      key: 'include',
      line: 1,
      since: '2.20.0',
      v1Said: /'include' does not match any of the regexes/,
    },
    {
      fixture: 'v1-rejects-develop',
      files: ['compose.yml'],
      key: 'services.app.develop',
      line: 4,
      since: '2.22.0',
      v1Said: /Unsupported config option for services\.app: 'develop'/,
    },
    {
      fixture: 'v1-rejects-depends-on-restart',
      files: ['compose.yml'],
      key: 'services.app.depends_on.db.restart',
      line: 9,
      since: '2.17.0',
      v1Said: /depends_on contains unsupported option: 'restart'/,
    },
    {
      fixture: 'v1-rejects-depends-on-required',
      files: ['compose.yml'],
      key: 'services.app.depends_on.db.required',
      line: 9,
      since: '2.20.0',
      v1Said: /depends_on contains unsupported option: 'required'/,
    },
    {
      fixture: 'v1-rejects-env-file-required',
      files: ['compose.yml'],
      key: 'services.app.env_file',
      line: 5,
      since: '2.24.0',
      v1Said: /env_file contains \{"path": "\.\/optional\.env", "required": false\}, which is an invalid type/,
      lineHolds: '- path: ./optional.env',
    },
    {
      fixture: 'v1-rejects-additional-contexts',
      files: ['compose.yml'],
      key: 'services.app.build.additional_contexts',
      line: 5,
      since: '2.17.0',
      v1Said: /build contains unsupported option: 'additional_contexts'/,
    },
    {
      fixture: 'v1-rejects-start-interval',
      files: ['compose.yml'],
      key: 'services.app.healthcheck.start_interval',
      line: 8,
      since: '2.20.2',
      v1Said: /healthcheck value 'start_interval' does not match/,
    },
    {
      fixture: 'config-ports-long-host-ip',
      files: ['compose.yml'],
      key: 'services.app.ports.0.host_ip',
      line: 8,
      since: '2.0.0',
      v1Said: /ports contains unsupported option: 'host_ip'/,
    },
    {
      fixture: 'v1-rejects-reset',
      files: ['a.yml', 'b.yml'],
      key: '!reset',
      line: 3,
      since: '2.24.0',
      v1Said: /could not determine a constructor for the tag '!reset'/,
    },
    {
      fixture: 'v1-rejects-override',
      files: ['a.yml', 'b.yml'],
      key: '!override',
      line: 3,
      since: '2.24.4',
      v1Said: /could not determine a constructor for the tag '!override'/,
    },
  ];
  for (const row of table) {
    test(`${row.fixture}: ${row.key} at line ${row.line}, from compose ${row.since}`, () => {
      // What the real composes said of this very file.
      const v1 = recorded('v1', row.fixture);
      assert.notEqual(v1.code, 0, 'compose v1 refused it');
      assert.match(v1.stderr, row.v1Said);
      assert.equal(recorded('v2', row.fixture).code, 0, 'compose v2 accepted it');

      const files = filesOf(row.fixture, row.files);
      const needs = findVersionNeeds(files);
      assert.equal(needs.length, 1, JSON.stringify(needs));
      const [need] = needs;
      assert.equal(need!.key, row.key);
      assert.equal(need!.line, row.line);
      assert.equal(need!.since.join('.'), row.since);
      assert.equal(need!.file, files.at(-1));
      // The line really holds the key (or tag) a person is sent to.
      const text = fs.readFileSync(need!.file, 'utf8').split('\n')[need!.line - 1] ?? '';
      assert.ok(text.includes(row.lineHolds ?? row.key.split('.').at(-1)!), `line ${need!.line} is ${JSON.stringify(text)}`);
    });
  }

  test('a file v1 accepts needs nothing (the seeds stack, short env_file, depends_on with condition only)', () => {
    assert.equal(recorded('v1', 'config-seeds').code, 0);
    assert.deepEqual(findVersionNeeds(filesOf('config-seeds', ['docker/docker-compose.alpine-test.yml'])), []);
  });

  test('no false alarm: a service called develop or include, name inside a service, include under x-, a legacy-format file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-needs-'));
    const write = (name: string, lines: string[]) => {
      fs.writeFileSync(path.join(dir, name), lines.join('\n'));
      return path.join(dir, name);
    };
    const modern = write('modern.yml', [
      'x-common:',
      '  include: [a.yml]',
      '  name: shared',
      'services:',
      '  develop:',
      '    image: x',
      '    labels: { name: develop }',
      '  include:',
      '    image: y',
      '    environment:',
      '      name: z',
    ]);
    // The legacy format (no services:) has its services at the top: `name` and `include` are services there.
    const legacy = write('legacy.yml', ['name:', '  image: x', 'include:', '  image: y']);
    assert.deepEqual(findVersionNeeds([modern, legacy]), []);
    // A top-level name or include only counts in the form compose v2 gives it.
    const odd = write('odd.yml', ['name: { not: a string }', 'include: just-a-string', 'services:', '  a:', '    image: x']);
    assert.deepEqual(findVersionNeeds([odd]), []);
  });

  test('several needs in one file come in line order; a missing file is skipped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-needs-'));
    const file = path.join(dir, 'c.yml');
    fs.writeFileSync(
      file,
      [
        'name: demo',
        'services:',
        '  api:',
        '    image: x',
        '    depends_on:',
        '      db: { condition: service_healthy, restart: true, required: false }',
        '    ports: !reset []',
        '  db:',
        '    image: y',
        '    env_file: [plain.env, { path: opt.env, required: false }]',
      ].join('\n'),
    );
    const needs = findVersionNeeds([path.join(dir, 'absent.yml'), file]);
    assert.deepEqual(
      needs.map((n) => `${n.line} ${n.key}`),
      ['1 name', '6 services.api.depends_on.db.restart', '6 services.api.depends_on.db.required', '7 !reset', '10 services.db.env_file'],
    );
    assert.deepEqual(newestNeeded(needs), [2, 24, 0]);
  });
});

describe('unmet needs and what the failure says', () => {
  const needs = findVersionNeeds(filesOf('v1-rejects-depends-on-restart', ['compose.yml']));
  const v = (s: string) => parseComposeVersion(s)!;
  test('v1 meets none; 2.17.0 meets restart; an unknown version claims nothing', () => {
    assert.equal(unmetNeeds(needs, v('1.29.2')).length, 1);
    assert.equal(unmetNeeds(needs, v('2.16.0')).length, 1);
    assert.equal(unmetNeeds(needs, v('2.17.0')).length, 0);
    assert.equal(unmetNeeds(needs, v('5.1.3')).length, 0);
    assert.equal(unmetNeeds(needs, undefined).length, 0);
  });
  test('on v1: "needs compose v2 (2.17.0 or later)", the key, the file and line, and the compose there is', () => {
    const rel = (f: string) => path.relative(FIXTURES, f);
    assert.equal(
      describeUnmetNeeds(unmetNeeds(needs, v('1.29.2')), v('1.29.2'), rel),
      'The compose file needs compose v2 (2.17.0 or later): services.app.depends_on.db.restart (depends_on restart, from 2.17.0) at inputs/v1-rejects-depends-on-restart/compose.yml:9. This runner has compose 1.29.2.',
    );
  });
  test('on an older v2: "needs compose 2.24.4 or later", the newest of what is needed', () => {
    const both = [
      ...findVersionNeeds(filesOf('v1-rejects-reset', ['a.yml', 'b.yml'])),
      ...findVersionNeeds(filesOf('v1-rejects-override', ['a.yml', 'b.yml'])),
    ];
    const text = describeUnmetNeeds(unmetNeeds(both, v('2.20.3')), v('2.20.3'), path.basename);
    assert.match(
      text,
      /^The compose file needs compose 2\.24\.4 or later: !reset \(the !reset tag, from 2\.24\.0\) at b\.yml:3; !override/,
    );
    assert.match(text, /This runner has compose 2\.20\.3\.$/);
  });
});
