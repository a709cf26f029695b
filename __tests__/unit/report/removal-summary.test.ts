/** report/removal-summary.ts: the post step's summary of a removal the main step left to a background process. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RemovalOutcome } from '../../../src/removal/types.js';
import { renderRemovalSummary } from '../../../src/report/removal-summary.js';

const startedAt = Date.UTC(2026, 10, 22, 10, 0, 1, 120);
const base: RemovalOutcome = {
  project: 'shop',
  pid: 4242,
  startedAt,
  waited: {
    outcome: 'finished',
    result: { ok: true, detail: 'removed project shop', startedAt: startedAt + 300, finishedAt: startedAt + 830 },
    waitedMs: 0.4,
  },
  left: { containers: [], networks: [], volumes: [] },
};

test('finished, nothing left: when it finished, how long after the main step started it, how long the post step waited, and that the label finds nothing', () => {
  const md = renderRemovalSummary(base);
  assert.match(md, /^### Removal of the failed stack shop\n/);
  assert.match(
    md,
    /- ✅ \*\*Removal finished\*\* at 2026-11-22T10:00:01\.950Z, 830 ms after it was started by the main step at 2026-11-22T10:00:01\.120Z \(pid 4242\); the post step waited 0 ms for it: removed project shop/,
  );
  assert.match(md, /- ✅ \*\*Nothing left\*\* by the label <code>com\.docker\.compose\.project=shop<\/code> after it/);
  assert.doesNotMatch(md, /Removed by the post step/);
});

test('died, with a container and a network left, removed by the post step', () => {
  const md = renderRemovalSummary({
    ...base,
    waited: { outcome: 'died', waitedMs: 3 },
    left: { containers: ['c1'], networks: ['n1', 'n2'], volumes: [] },
    teardown: { ok: true, detail: 'removed project shop', durationMs: 712.6 },
  });
  assert.match(
    md,
    /- ⚠️ \*\*Removal did not finish\*\*: started by the main step at 2026-11-22T10:00:01\.120Z \(pid 4242\), its process ended without a result/,
  );
  assert.match(md, /- ⚠️ \*\*Left\*\* by the label .* after it: 1 container, 2 networks, 0 volumes/);
  assert.match(md, /- ✅ \*\*Removed by the post step\*\* in 713 ms: removed project shop/);
});

test('timed out; and a teardown that could not remove everything; and an engine that could not be asked', () => {
  const md = renderRemovalSummary({
    ...base,
    waited: { outcome: 'timed-out', waitedMs: 120_004, limitMs: 120_000 },
    left: { unknown: 'Cannot connect to the Docker daemon' },
    teardown: { ok: false, detail: 'the engine could not be asked', durationMs: 10 },
  });
  assert.match(md, /it still ran after the post step's 120 s wait, and was stopped/);
  assert.match(md, /- ⚠️ \*\*Left\*\*: the engine could not be asked by the label .* \(Cannot connect to the Docker daemon\)/);
  assert.match(md, /- ❌ \*\*Removed by the post step\*\* in 10 ms: the engine could not be asked/);
});

test('outside text (a project name, the removal’s detail) cannot inject markup', () => {
  const md = renderRemovalSummary({
    ...base,
    project: 'a<b>|*x*',
    waited: {
      ...base.waited,
      result: { ok: false, detail: 'down failed: <img src=x>\n## injected', startedAt, finishedAt: startedAt + 1 },
    } as RemovalOutcome['waited'],
  });
  assert.doesNotMatch(md, /<b>|<img|\n## injected/);
  assert.match(md, /a&lt;b&gt;&#124;&#42;x&#42;/);
  assert.match(md, /- ⚠️ \*\*Removal finished\*\*/, 'a removal that ended without removing everything is not a tick');
});
