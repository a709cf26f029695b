/**
 * What a run's report is rendered with in the summary and JSON report tests (unit/report/), and the
 * image records it holds (unit/images/restore.test.ts judges cache-hit on them too).
 */
import type { Decision } from '../../src/decision.js';
import type { ImageRecord } from '../../src/images/types.js';
import type { ExportPlan } from '../../src/outputs.js';
import { Report, type Check } from '../../src/report/model.js';
import type { FactName } from '../../src/report/check-data.js';

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

/** An image record in `state`, named after it (docker.io/library/<state>:1), for one service. */
export const imageRow = (state: ImageRecord['state'], extra: Partial<ImageRecord> = {}): ImageRecord => ({
  image: `docker.io/library/${state}:1`,
  written: `${state}:1`,
  services: ['svc'],
  via: 'image',
  state,
  detail: state,
  ...extra,
});

/**
 * A docker run's images, as the summary and the JSON report show them: one pulled in 3 tries whose
 * detail is hostile (a workflow command, a script tag, a URL with a password), one restored from an
 * older entry, one built; cache-hit partial.
 */
export function imageRows(): { report: Report; decision: Decision; exports: ExportPlan } {
  const exports: ExportPlan = { outputs: {}, env: {} };
  const decision = { mode: 'docker' as const, reason: 'ok', fail: false };
  const hostile = 'pull failed: ::error::boom <script>x</script> | https://user:hunter2@registry.example/v2/';
  const report = new Report();
  report.images.push(
    imageRow('pulled', { sizeBytes: 3 * 1024 * 1024 + 1, durationMs: 1234.4, tries: 3, detail: hostile }),
    imageRow('restored-older', { sizeBytes: 2048, durationMs: 10 }),
    imageRow('built'),
  );
  report.imageCache = { cacheHit: 'partial', platform: 'linux/amd64' };
  return { report, decision, exports };
}

/**
 * A check sketched for a rendering or hint test: any id (a table of 30 rows, say), and only the
 * facts the test is about, each a fact some check carries (a name none carries does not compile).
 */
export type SketchCheck = Omit<Check, 'id' | 'data'> & { id: string; data?: Partial<Record<FactName, unknown>> };

/** The sketch as a check: what the summary, the JSON report and the hints read. */
export const sketch = (c: SketchCheck): Check => c as unknown as Check;

/** A sketch without its duration, as Report.add takes it (0 when not given). */
export const sketchNew = (c: Omit<SketchCheck, 'durationMs'> & { durationMs?: number }): Check => sketch({ durationMs: 0, ...c });
