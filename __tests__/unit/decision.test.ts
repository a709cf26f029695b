/** The decision, for every combination of Docker result, staging result, mode and fail-on-unavailable. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, type DockerResult, type StagingResult } from '../../src/decision.js';
import type { Mode } from '../../src/inputs.js';

const dockers: Record<string, DockerResult> = {
  'not-checked': { status: 'not-checked' },
  healthy: { status: 'healthy' },
  'no daemon': { status: 'failed', available: false, reason: 'daemon not running' },
  unhealthy: { status: 'failed', available: true, reason: 'backend unhealthy' },
};
const stagings: Record<string, StagingResult> = {
  'not-configured': { status: 'not-configured' },
  'not-probed': { status: 'not-probed', reason: 'mode is docker' },
  usable: { status: 'usable' },
  unusable: { status: 'unusable', reason: 'backend-health HTTP 404' },
};

/** The expected mode, written out independently of decide(). */
function expectedMode(mode: Mode, docker: string, staging: string): 'docker' | 'staging' | 'none' {
  const dockerOk = docker === 'healthy';
  const stagingOk = staging === 'usable';
  if (mode === 'docker') return dockerOk ? 'docker' : 'none';
  if (mode === 'staging') return stagingOk ? 'staging' : 'none';
  return dockerOk ? 'docker' : stagingOk ? 'staging' : 'none';
}

describe('decide: the full table', () => {
  for (const mode of ['auto', 'docker', 'staging'] as const) {
    for (const [dName, d] of Object.entries(dockers)) {
      for (const [sName, s] of Object.entries(stagings)) {
        for (const failOnUnavailable of [true, false]) {
          test(`mode ${mode}, docker ${dName}, staging ${sName}, fail-on-unavailable ${failOnUnavailable}`, () => {
            const decision = decide(mode, d, s, failOnUnavailable);
            const want = expectedMode(mode, dName, sName);
            assert.equal(decision.mode, want);
            assert.equal(decision.fail, want === 'none' && failOnUnavailable);
            assert.ok(!decision.reason.includes('\n'), 'one line');
            if (want === 'none') {
              if (mode !== 'staging' && d.status === 'failed') assert.ok(decision.reason.includes(d.reason), decision.reason);
              if (mode !== 'docker' && s.status === 'unusable') assert.ok(decision.reason.includes(s.reason), decision.reason);
            }
            if (want === 'staging' && mode === 'auto')
              assert.ok(decision.reason.includes(d.status === 'failed' ? d.reason : 'not checked'), decision.reason);
          });
        }
      }
    }
  }
});

describe('decide: reasons read as one sentence', () => {
  test("a reason that ends with its own punctuation does not get a second stop ('running?.')", () => {
    const d = decide('auto', { status: 'failed', available: false, reason: 'Is the docker daemon running?' }, { status: 'usable' }, true);
    assert.equal(d.reason, 'Using staging: Docker failed: Is the docker daemon running?');
    const none = decide(
      'auto',
      { status: 'failed', available: true, reason: 'backend exited.' },
      { status: 'unusable', reason: 'HTTP 404.' },
      true,
    );
    assert.equal(none.reason, 'Neither mode is usable: Docker failed: backend exited; staging is not usable: HTTP 404.');
  });
});
