/**
 * The Docker path's bind mounts (src/docker-path/binds.ts): whether a stack's files mount host paths
 * (mountsHostPaths), from a raw prediction; the warning about bind mounts on a remote engine
 * (translateMounts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rawModel } from '../../../src/compose/model.js';
import type { ComposePlan } from '../../../src/compose/plan-types.js';
import { mountsHostPaths, translateMounts } from '../../../src/docker-path/binds.js';
import { pathContext } from '../../../src/docker-path/context.js';
import type { Inputs } from '../../../src/inputs.js';
import { Report } from '../../../src/report/model.js';

test('a raw prediction: extends may mount anything (yes); a named volume alone, no; a relative bind, yes', () => {
  assert.equal(mountsHostPaths({ model: rawModel(['services:\n  web:\n    extends: base\n  base:\n    image: x\n'], {}) }), true);
  assert.equal(mountsHostPaths({ model: rawModel(['services:\n  web:\n    image: x\n    volumes: [cache:/c]\n'], {}) }), false);
  assert.equal(mountsHostPaths({ model: rawModel(['services:\n  web:\n    image: x\n    volumes: [./d:/d]\n'], {}) }), true);
});

describe('bind mounts on a remote engine', () => {
  const plan = (binds: Array<{ source: string; target: string }>): ComposePlan =>
    ({
      projectName: 'p',
      projectDirectory: '/repo',
      files: ['/repo/docker/compose.yml'],
      model: {
        services: new Map([['api', { name: 'api', binds: binds.map((b) => ({ ...b, entry: `${b.source}:${b.target}` })) }]]),
        files: [{ kind: 'secrets', name: 'token', file: '/repo/token.txt' }],
      },
    }) as unknown as ComposePlan;
  const run = (endpoint: string, env: NodeJS.ProcessEnv, p = plan([{ source: '/repo/fixtures', target: '/fixtures' }])) => {
    const report = new Report();
    const ctx = pathContext({ workspace: '/repo' } as Inputs, report, env, () => {
      throw new Error('not used');
    });
    const moved = translateMounts(ctx, p, { kind: 'host' }, endpoint);
    return { moved, check: report.checks.find((c) => c.id === 'compose.binds') };
  };

  test('another machine: the repository paths it would open there are named, nothing is rewritten', () => {
    const { moved, check } = run('ssh://ci@build-host', { DOCKER_HOST: 'ssh://ci@build-host' });
    assert.equal(moved, false);
    assert.equal(check?.status, 'info');
    assert.match(check!.detail, /The engine is remote \(ssh:\/\/ci@build-host, over SSH\)/);
    assert.match(check!.detail, /service api, \/fixtures: \/repo\/fixtures; secret token: \/repo\/token\.txt/);
  });

  test("an engine on this machine's loopback, a local socket, or binds outside the repository: nothing to say", () => {
    assert.equal(run('tcp://127.0.0.2:2376', { DOCKER_HOST: 'tcp://127.0.0.2:2376', DOCKER_TLS_VERIFY: '1' }).check, undefined);
    assert.equal(run('unix:///var/run/docker.sock', {}).check, undefined);
    const hostPaths = plan([{ source: '/etc/localtime', target: '/etc/localtime' }]);
    (hostPaths.model as { files: unknown[] }).files = [];
    assert.equal(run('tcp://10.0.0.5:2376', { DOCKER_HOST: 'tcp://10.0.0.5:2376' }, hostPaths).check, undefined);
  });
});
