import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AfterDecision, Incident } from '../../../src/after-decision/types.js';
import { afterDecisionWarnings, incidentLine, renderAfterDecision } from '../../../src/report/after-decision-summary.js';

const READY = Date.UTC(2026, 11, 7, 12, 3, 2);
const incident = (o: Partial<Incident>): Incident => ({
  service: 'db',
  kind: 'died',
  at: READY + 2100,
  sinceReadyMs: 2100,
  exitCode: 1,
  ...o,
});
const after = (incidents: Incident[], o: Partial<AfterDecision> = {}): AfterDecision => ({
  project: 'p1',
  readyAt: READY,
  endedAt: READY + 30_000,
  incidents,
  coverage: { whole: true },
  ...o,
});

test('the annotation says who, what, when, and how long after the stack was declared ready', () => {
  assert.equal(incidentLine(incident({})), 'db exited 1 at 12:03:04 UTC, 2.1 s after the stack was declared ready');
  assert.equal(
    incidentLine(incident({ kind: 'oom-killed', exitCode: 137 })),
    'db was killed for lack of memory (OOM, exit 137) at 12:03:04 UTC, 2.1 s after the stack was declared ready',
  );
});

test('only what may have broken the tests is a warning; at most ten, the rest counted', () => {
  const many = Array.from({ length: 12 }, (_, i) => incident({ service: `s${i}` }));
  const warnings = afterDecisionWarnings(after([incident({ kind: 'stopped', exitCode: 143 }), incident({ kind: 'restarted' }), ...many]));
  assert.equal(warnings.length, 11);
  assert.match(warnings[0]!, /^s0 exited 1/);
  assert.equal(warnings[10], '… and 2 more (see the job summary)');
  assert.deepEqual(afterDecisionWarnings(after([incident({ kind: 'healthy-again' }), incident({ kind: 'removed' })])), []);
});

test('the summary: a table of what happened, the verdict, and whether the watch covered the whole time', () => {
  const md = renderAfterDecision(
    after([incident({}), incident({ service: 'backend', kind: 'stopped', exitCode: 143, at: READY + 5000, sinceReadyMs: 5000 })], {
      coverage: { whole: false, why: 'its process was gone before the post step (killed?)' },
    }),
  );
  assert.match(md, /^### After the decision: project p1$/m);
  assert.match(md, /^\| 12:03:04 UTC \| \+2\.1 s \| db \| ⚠️ exited 1 \|$/m);
  assert.match(md, /^\| 12:03:07 UTC \| \+5\.0 s \| backend \| ℹ️ was stopped on request .*, exit 143 \|$/m);
  assert.match(md, /⚠️ 1 of these may have failed the tests/);
  assert.match(md, /did not cover the whole time: its process was gone before the post step \(killed\?\)\./);
});

test('nothing happened: one line that says so, and for how long it was watched', () => {
  const md = renderAfterDecision(after([]));
  assert.match(
    md,
    /✅ No service died, restarted or changed health from 12:03:02 UTC, when the stack was declared ready, to the post step \(30\.0 s\)\./,
  );
  assert.doesNotMatch(md, /\|/);
});

test('a hostile service name stays inert in the table and the annotation', () => {
  const name = 'x|y</td><img src=x>\u001b[31m::error::boom\r\n**bold**';
  const md = renderAfterDecision(after([incident({ service: name })]));
  const row = md.split('\n').find((l) => l.startsWith('| 12:03:04'))!;
  assert.equal(row.split('|').length, 6, 'the cell separator of the name is escaped');
  assert.doesNotMatch(md, /<img|<\/td>|\u001b|\*\*bold/);
  const line = incidentLine(incident({ service: name }));
  assert.doesNotMatch(line, /[\r\n\u001b]/);
});
