/**
 * The services' stories, their gantt and their table: states and times from what the wait saw,
 * one bar per service that had a container, the crash marked, and no name that can break the block.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Decision } from '../../../src/decision.js';
import { tellStories } from '../../../src/docker-path/stories.js';
import { Report } from '../../../src/report/model.js';
import { renderSummary } from '../../../src/report/summary.js';
import { axisFormat, ganttText, renderServicesTable, renderTimeline } from '../../../src/report/timeline.js';
import { runningContainer } from '../../support/containers.js';

const T = Date.parse('2026-12-06T12:00:00.000Z');
const at = (s: number): number => T + s * 1000;

function stack() {
  const containers = [
    runningContainer({ id: 'db1', service: 'db', health: 'healthy', createdAt: at(0), startedAt: at(0.2) }),
    runningContainer({
      id: 'mig',
      service: 'migrate',
      status: 'exited',
      exitCode: 0,
      createdAt: at(0),
      startedAt: at(1),
      finishedAt: at(2),
    }),
    runningContainer({
      id: 'be',
      service: 'backend',
      status: 'exited',
      exitCode: 1,
      createdAt: at(0.1),
      startedAt: at(2.5),
      finishedAt: at(5.5),
      lastHealthOutput: 'wget: can\u0007t connect',
    }),
    runningContainer({ id: 'wk', service: 'worker', status: 'created', createdAt: at(0.1) }),
  ];
  return tellStories({
    awaited: ['db', 'migrate', 'backend', 'worker', 'mail'],
    containers,
    ready: [
      { service: 'db', by: 'healthcheck', why: 'healthy', readyAfterMs: 1500, readyAt: at(1.5) },
      { service: 'migrate', by: 'done', why: 'exited 0', readyAfterMs: 2000, readyAt: at(2) },
    ],
    failing: [{ container: containers[2], service: 'backend', why: 'exited with code 1 \u001b[31mfatal\u001b[0m' }],
  });
}

describe('tellStories', () => {
  test('each service of the plan: state, exit code, times, the rule, why', () => {
    const s = stack();
    assert.deepEqual(
      s.map((x) => [x.name, x.state, x.exitCode, x.readyBy]),
      [
        ['db', 'ready', null, 'healthcheck'],
        ['migrate', 'done', 0, 'done'],
        ['backend', 'exited', 1, null],
        ['worker', 'created', null, null],
        ['mail', 'not created', null, null],
      ],
    );
    const db = s[0]!;
    assert.deepEqual(
      [db.createdAt, db.startedAt, db.readyAt, db.exitedAt],
      ['2026-12-06T12:00:00.000Z', '2026-12-06T12:00:00.200Z', '2026-12-06T12:00:01.500Z', null],
    );
    const backend = s[2]!;
    assert.equal(backend.exitedAt, '2026-12-06T12:00:05.500Z');
    assert.equal(backend.health, null);
    // Outside text, cleaned: no escape sequence, no bell.
    assert.doesNotMatch(`${backend.why}${backend.lastHealthcheckOutput}`, /[\u0000-\u001f]/);
    assert.match(backend.why!, /exited with code 1/);
    assert.deepEqual([s[4]!.createdAt, s[4]!.logFile, s[4]!.logBytes], [null, null, null]);
  });
});

describe('the gantt', () => {
  test('one bar per service with a container, the failed one critical with its exit marked, the decision last', () => {
    const lines = renderTimeline(stack(), at(6));
    assert.equal(lines[0], '```mermaid');
    assert.equal(lines.at(-1), '```');
    const bars = lines.slice(lines.indexOf('    section Services') + 1, lines.indexOf('    section Exits'));
    assert.deepEqual(bars, [
      `    db - ready (healthcheck) :done, ${at(0)}, ${at(1.5)}`,
      `    migrate - done (exited 0) :done, ${at(0)}, ${at(2)}`,
      `    backend - exited 1 :crit, ${at(0.1)}, ${at(5.5)}`,
      `    worker - created :active, ${at(0.1)}, ${at(6)}`,
    ]);
    assert.ok(lines.includes(`    backend exited :milestone, crit, ${at(5.5)}, 0ms`));
    assert.equal(lines.at(-2), `    decided :milestone, ${at(6)}, 0ms`);
    assert.deepEqual(renderTimeline(tellStories({ awaited: ['x'], containers: [], ready: [], failing: [] }), at(1)), []);
  });

  test('bars in the order the services were created, whatever order the stories come in (ties keep it)', () => {
    const lines = renderTimeline([...stack()].reverse(), at(6));
    const names = lines.filter((l) => / :(done|crit|active), /.test(l)).map((l) => l.trim().split(' ')[0]);
    assert.deepEqual(names, ['migrate', 'db', 'worker', 'backend']);
  });

  test('names that could end a task, a line, the block or the Markdown are made inert', () => {
    for (const hostile of ['a:b', 'x;y', 'c#d', 'e\nf', '```\n# h', 'title oops', 'section x', '<script>', '']) {
      const t = ganttText(hostile);
      assert.match(t, /^[A-Za-z0-9 _.()/+-]+$/, JSON.stringify(hostile));
      assert.doesNotMatch(t, /^(title|section)\b/i);
    }
    const stories = tellStories({
      awaited: ['a:b```'],
      containers: [runningContainer({ service: 'a:b```', createdAt: at(0), startedAt: at(0) })],
      ready: [],
      failing: [],
    });
    const lines = renderTimeline(stories, at(1));
    assert.equal(lines.filter((l) => l.includes('```')).length, 2, 'only the fence itself');
    assert.ok(
      lines.slice(1, -1).every((l) => (l.match(/:/g) ?? []).length <= 1),
      'one colon per task line at most',
    );
  });

  test('the time axis labels ticks apart: milliseconds for a start-up of seconds, hours beyond an hour', () => {
    const one = (createdAt: number, decidedAt: number): string | undefined =>
      renderTimeline(
        tellStories({
          awaited: ['a'],
          containers: [runningContainer({ service: 'a', createdAt, startedAt: createdAt })],
          ready: [],
          failing: [],
        }),
        decidedAt,
      ).find((l) => l.includes('axisFormat'));
    assert.equal(one(at(0), at(1.5)), '    axisFormat %M:%S.%L');
    assert.equal(one(at(0), at(9.9)), '    axisFormat %M:%S.%L');
    assert.equal(one(at(0), at(10)), '    axisFormat %M:%S');
    assert.equal(one(at(0), at(3599)), '    axisFormat %M:%S');
    assert.equal(one(at(0), at(3600)), '    axisFormat %H:%M');
    assert.equal(axisFormat(0), '%M:%S.%L');
  });

  test('thirty services, thirty bars', () => {
    const containers = Array.from({ length: 30 }, (_, i) =>
      runningContainer({ id: `c${i}`, service: `svc-${i}`, createdAt: at(i / 10), startedAt: at(i / 10) }),
    );
    const lines = renderTimeline(tellStories({ awaited: containers.map((c) => c.service), containers, ready: [], failing: [] }), at(10));
    assert.equal(lines.filter((l) => / :active, /.test(l)).length, 30);
  });

  test('the table: times from the first creation, one row per service', () => {
    const rows = renderServicesTable(stack(), (s) => s.replace(/\|/g, '\\|'));
    assert.equal(rows.length, 2 + 5);
    assert.match(
      rows[2]!,
      /^\| db \| ready \(healthcheck\) \| \+0\.0\u00a0s \| \+0\.2\u00a0s \| \+1\.5\u00a0s \| 0 \| healthy \| healthy \|$/,
    );
    assert.match(rows[4]!, /^\| backend \| exited 1 \| \+0\.1\u00a0s \| \+2\.5\u00a0s \| \+5\.5\u00a0s \|/);
  });
});

describe('the summary reads top-down', () => {
  test('the verdict, then the timeline, then the checks; what later steps receive folded away', () => {
    const r = new Report();
    r.add({ id: 'wait', title: 'Wait for a healthy stack', status: 'failed', detail: 'backend exited' });
    r.services = stack();
    r.waitEndedAt = at(6);
    const decision = { mode: 'staging', reason: 'backend exited', fail: false } as unknown as Decision;
    const md = renderSummary(r, decision, { outputs: { mode: { value: 'staging', source: 'decision' } }, env: {} } as never);
    const order = [
      '## ',
      '### Timeline',
      '```mermaid',
      'Services (5)',
      '### Checks',
      '<summary><b>What later steps receive</b></summary>',
    ].map((s) => md.indexOf(s));
    assert.ok(
      order.every((i) => i >= 0),
      JSON.stringify(order),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
  });
});
