/** What a run's report is rendered with in the summary and JSON report tests (unit/report/). */
import type { Decision } from '../../src/decision.js';
import type { ExportPlan } from '../../src/outputs.js';

/** A failed run: neither mode usable. */
export const none: Decision = { mode: 'none', reason: 'Neither mode is usable: Docker failed: backend exited with code 1.', fail: true };

/** The exports of a run in `mode`: its mode and backend URL, as outputs and TEST_MODE. */
export const exportsFor = (mode: Decision['mode']): ExportPlan => ({
  outputs: {
    mode: { value: mode, source: 'decision' },
    'backend-url': { value: mode === 'docker' ? 'http://localhost:8002' : '', source: 'detected from Docker' },
  },
  env: { TEST_MODE: { value: mode, source: 'fixed' } },
});
