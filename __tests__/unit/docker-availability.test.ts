/**
 * Which compose the availability check finds, with the real CLIs: the plugin when it answers (and
 * then the Python v1 beside it is never started), else the standalone docker-compose; the version
 * is read from what each prints.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseComposeVersion } from '../../src/compose/version.js';
import { checkDocker } from '../../src/docker/availability.js';
import { composesUnderTest, requireCompose } from '../support/compose.js';

/** A PATH whose docker-compose records each start in `calls`, then runs the real one. */
function countingPath(): { PATH: string; calls: () => number; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-count-'));
  const real = execFileSync('sh', ['-c', 'command -v docker-compose || true'], { encoding: 'utf8' }).trim();
  const log = path.join(dir, 'calls');
  fs.writeFileSync(path.join(dir, 'docker-compose'), `#!/bin/sh\necho x >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return {
    PATH: `${dir}${path.delimiter}${process.env.PATH}`,
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

describe('checkDocker: which compose', () => {
  for (const c of composesUnderTest()) {
    test(`${c.label}: ${c.name === 'v2' ? 'the plugin, and docker-compose is never started' : 'docker-compose, once the plugin is not there'}`, async (t) => {
      if (!requireCompose(t, c)) return;
      const counting = countingPath();
      try {
        const a = await checkDocker({ ...process.env, ...c.env, PATH: counting.PATH });
        assert.equal(a.compose?.kind, c.name === 'v2' ? 'plugin' : 'standalone');
        assert.deepEqual(a.compose?.argv, c.name === 'v2' ? ['docker', 'compose'] : ['docker-compose']);
        assert.equal(a.compose?.version?.text, c.version);
        assert.deepEqual(a.compose?.version, parseComposeVersion(c.version ?? ''));
        assert.equal(counting.calls(), c.name === 'v2' ? 0 : 1);
      } finally {
        counting.cleanup();
      }
    });
  }
});
