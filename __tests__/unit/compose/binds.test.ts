/**
 * Bind mounts seen from a job container: what the resolved config mounts from the engine's host
 * (compose v2's and v1's real `config` output), where the host has a path of this container, and
 * the override that gives compose the host's paths, read back by both composes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { hostPathOf, parseBinds, parseFileResources, translateBinds, type OwnMount } from '../../../src/compose/binds.js';
import { parseComposeYaml } from '../../../src/compose/model.js';
import { composesUnderTest, requireCompose } from '../../support/compose.js';
import { FIXTURES, recordedConfig } from '../../support/recorded.js';

/** The recorded `config` of inputs/config-binds, as if its work dir were `wd`. */
const configBinds = (flavour: 'v2' | 'v1', wd: string): string => recordedConfig(flavour, 'config-binds', wd);

describe('bind mounts in the resolved config', () => {
  for (const flavour of ['v2', 'v1'] as const) {
    test(`${flavour}: the binds (short and long form), not the named volume or the tmpfs; file-backed secrets and configs`, () => {
      const m = parseComposeYaml(configBinds(flavour, '/w'));
      const web = m.services.get('web')!;
      assert.deepEqual(
        web.binds!.map((b) => [b.source, b.target]),
        [
          ['/w/data', '/data'],
          ['/w/conf/app.conf', '/etc/app.conf'],
          ['/var/run/docker.sock', '/var/run/docker.sock'],
          ['/w/conf', '/conf'],
        ],
      );
      assert.deepEqual(
        m.files!.map(({ kind, name, file }) => ({ kind, name, file })),
        [
          { kind: 'secrets', name: 'token', file: '/w/token.txt' },
          { kind: 'configs', name: 'app', file: '/w/conf/app.conf' },
          // v1 resolves a volume's device against the project directory; v2 2.26 passes it on as written.
          { kind: 'volumes', name: 'bound', file: flavour === 'v1' ? '/w/data' : './data' },
        ],
      );
    });
  }

  test('a raw file: relative and home paths are binds, names and bare targets are volumes', () => {
    assert.deepEqual(
      parseBinds(['./a:/a', '../b:/b:ro', '~/c:/c', '/d:/d', 'named:/e', '/anonymous', { type: 'volume', source: 'v', target: '/v' }]).map(
        (b) => b.source,
      ),
      ['./a', '../b', '~/c', '/d'],
    );
    assert.deepEqual(parseBinds(undefined), []);
    assert.deepEqual(parseFileResources({ secrets: { a: { external: true }, b: { environment: 'B' }, c: { file: './c' } } }), [
      { kind: 'secrets', name: 'c', file: './c' },
    ]);
  });
});

describe('what the files mount that is not a service bind', () => {
  test('a named volume of the local driver binding a folder is a host path; other volumes are not', () => {
    assert.deepEqual(
      parseFileResources({
        volumes: {
          data: { driver_opts: { type: 'none', o: 'bind', device: '/w/data' } },
          ro: { driver: 'local', driver_opts: { type: 'none', o: 'ro,bind', device: '/w/ro' } },
          nfs: { driver_opts: { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/export' } },
          plugin: { driver: 'rexray', driver_opts: { o: 'bind', device: '/x' } },
          cache: {},
        },
      }).map((r) => [r.kind, r.name, r.file]),
      [
        ['volumes', 'data', '/w/data'],
        ['volumes', 'ro', '/w/ro'],
      ],
    );
  });
});

describe('where the engine host has a path of this container', () => {
  const mounts: OwnMount[] = [
    { source: '/home/runner/work', destination: '/__w' },
    { source: '/srv/checkout', destination: '/__w/repo/repo/' },
    { source: '/var/run/docker.sock', destination: '/var/run/docker.sock' },
  ];
  for (const [p, want] of [
    ['/__w/repo/repo/data', '/srv/checkout/data'],
    ['/__w/repo/repo', '/srv/checkout'],
    ['/__w/repo/repo2/x', '/home/runner/work/repo/repo2/x'],
    ['/__w/_temp/../repo/repo/./f', '/srv/checkout/f'],
    ['/__wx/y', undefined],
    ['/etc/localtime', undefined],
    ['/var/run/docker.sock', '/var/run/docker.sock'],
  ] as const) {
    test(`${p} → ${want ?? 'no mount holds it'}`, () => assert.equal(hostPathOf(p, mounts), want));
  }
  test('a mount the engine gives no host path for (another volume driver) holds nothing', () => {
    assert.equal(hostPathOf('/data/x', [{ source: '', destination: '/data' }]), undefined);
  });
});

describe('the override', () => {
  const ws = '/__w/app/app';
  const mounts: OwnMount[] = [
    { source: '/home/runner/work/app/app', destination: ws },
    { source: '/var/run/docker.sock', destination: '/var/run/docker.sock' },
  ];

  test('moves what a mount holds, keeps host paths and identical ones, names repository files no mount holds', () => {
    const t = translateBinds(
      [
        {
          name: 'api',
          binds: [
            { source: `${ws}/data`, target: '/data', entry: { type: 'bind', source: `${ws}/data`, target: '/data', read_only: true } },
            { source: '/var/run/docker.sock', target: '/var/run/docker.sock', entry: '/var/run/docker.sock:/var/run/docker.sock:rw' },
            { source: '/etc/localtime', target: '/etc/localtime', entry: '/etc/localtime:/etc/localtime:ro' },
          ],
        },
        { name: 'db', binds: [{ source: `${ws}/seed.sql`, target: '/seed.sql', entry: `${ws}/seed.sql:/seed.sql:ro` }] },
        { name: 'cache' },
        { name: 'tool', binds: [{ source: '/opt/checkout/x', target: '/x', entry: '/opt/checkout/x:/x:rw' }] },
      ],
      [{ kind: 'secrets', name: 'token', file: `${ws}/token.txt` }],
      mounts,
      [ws, '/opt/checkout'],
    );
    assert.deepEqual(t.moved, [
      { what: 'service api, /data', from: `${ws}/data`, to: '/home/runner/work/app/app/data' },
      { what: 'service db, /seed.sql', from: `${ws}/seed.sql`, to: '/home/runner/work/app/app/seed.sql' },
      { what: 'secret token', from: `${ws}/token.txt`, to: '/home/runner/work/app/app/token.txt' },
    ]);
    assert.deepEqual(t.missing, [{ what: 'service tool, /x', path: '/opt/checkout/x' }]);
    assert.deepEqual(JSON.parse(t.override!), {
      services: {
        api: { volumes: [{ type: 'bind', source: '/home/runner/work/app/app/data', target: '/data', read_only: true }] },
        db: { volumes: ['/home/runner/work/app/app/seed.sql:/seed.sql:ro'] },
      },
      secrets: { token: { file: '/home/runner/work/app/app/token.txt' } },
    });
  });

  test('a bind-backed volume: its whole entry written back, the device moved', () => {
    const entry = {
      name: 'fixed-data',
      driver: 'local',
      driver_opts: { type: 'none', o: 'bind', device: `${ws}/data` },
      labels: { a: 'b' },
    };
    const t = translateBinds([], [{ kind: 'volumes', name: 'data', file: `${ws}/data`, entry }], mounts, [`${ws}/`]);
    assert.deepEqual(t.moved, [{ what: 'volume data', from: `${ws}/data`, to: '/home/runner/work/app/app/data' }]);
    assert.deepEqual(JSON.parse(t.override!), {
      services: {},
      volumes: { data: { ...entry, driver_opts: { ...entry.driver_opts, device: '/home/runner/work/app/app/data' } } },
    });
  });

  test('nothing to move: no override', () => {
    const t = translateBinds(
      [{ name: 'a', binds: [{ source: '/var/run/docker.sock', target: '/s', entry: '/var/run/docker.sock:/s' }] }],
      [],
      mounts,
      [ws],
    );
    assert.equal(t.override, undefined);
    assert.deepEqual(t.moved, []);
  });

  test('a `$` in a path is written for compose as `$$`', () => {
    const t = translateBinds(
      [{ name: 'a', binds: [{ source: `${ws}/a$b`, target: '/t', entry: `${ws}/a$b:/t:rw` }] }],
      [{ kind: 'configs', name: 'c', file: `${ws}/$HOME` }],
      mounts,
      [ws],
    );
    assert.deepEqual(JSON.parse(t.override!), {
      services: { a: { volumes: ['/home/runner/work/app/app/a$$b:/t:rw'] } },
      configs: { c: { file: '/home/runner/work/app/app/$$HOME' } },
    });
  });

  // Compose merges a service's volumes by target: the override replaces those entries, and only them.
  for (const c of composesUnderTest()) {
    test(`compose ${c.name} reads the override back: every moved path replaced, nothing doubled, a $ kept literal`, (t) => {
      if (!requireCompose(t, c)) return;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-binds-'));
      try {
        const wd = path.join(dir, 'in$ide');
        fs.cpSync(path.join(FIXTURES, 'inputs', 'config-binds'), wd, { recursive: true });
        const argv = c.name === 'v2' ? ['docker', 'compose'] : ['docker-compose'];
        const config = (...files: string[]): string =>
          execFileSync(
            argv[0]!,
            [...argv.slice(1), '-p', 'cos-binds', '--project-directory', wd, ...files.flatMap((f) => ['-f', f]), 'config'],
            {
              cwd: wd,
              env: { ...process.env, ...c.env },
              encoding: 'utf8',
              stdio: ['ignore', 'pipe', 'pipe'],
            },
          );
        const before = parseComposeYaml(config(path.join(wd, 'compose.yml')));
        const tr = translateBinds([...before.services.values()], before.files ?? [], [{ source: '/host/side', destination: dir }], [wd]);
        const override = path.join(dir, 'binds.yml');
        fs.writeFileSync(override, tr.override!);
        const after = parseComposeYaml(config(path.join(wd, 'compose.yml'), override));
        assert.deepEqual(
          after.services
            .get('web')!
            .binds!.map((b) => [b.source, b.target])
            .sort(),
          [
            ['/host/side/in$ide/data', '/data'],
            ['/host/side/in$ide/conf/app.conf', '/etc/app.conf'],
            ['/var/run/docker.sock', '/var/run/docker.sock'],
            ['/host/side/in$ide/conf', '/conf'],
          ].sort(),
        );
        const ro = after.services.get('web')!.binds!.find((b) => b.target === '/etc/app.conf')!.entry;
        assert.ok(typeof ro === 'string' ? ro.endsWith(':ro') : ro.read_only === true, 'read-only stays read-only');
        const files = (m: typeof after) => m.files!.map(({ kind, name, file }) => ({ kind, name, file }));
        assert.deepEqual(
          files(after),
          files(before).map((f) => ({ ...f, file: f.file.replace(dir, '/host/side') })),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
