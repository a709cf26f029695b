/**
 * The job summary (src/report/summary.ts): one report per failure class with its hint, the content,
 * the image rows, escaping, the size cap.
 */
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { describe, test } from 'node:test';
import type { Decision } from '../../../src/decision.js';
import { parseInputs } from '../../../src/inputs.js';
import { planExports, type ExportPlan } from '../../../src/outputs.js';
import { FAILURE_KINDS } from '../../../src/failure-kinds.js';
import { hintFor } from '../../../src/report/hints.js';
import { buildJsonReport } from '../../../src/report/json.js';
import { Report } from '../../../src/report/model.js';
import { renderSummary, renderSummaryText } from '../../../src/report/summary.js';
import { loadActionDefinition } from '../../harness/runner.js';
import { failureCases } from '../../support/failure-cases.js';
import { exportsFor, imageRows, none, sketchNew, type SketchCheck } from '../../support/report.js';

/** What a reader sees: tags dropped, entities decoded. */
function visible(markdown: string): string {
  return markdown
    .replace(/<br>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The parts Markdown is parsed in: without <pre> blocks (raw HTML blocks, shown as text). */
const outsidePre = (markdown: string): string => markdown.replace(/\n<pre>\n[^]*?\n<\/pre>\n/g, '\n');

/** Every Markdown table: consecutive lines starting with '|', outside <pre> blocks. */
function tables(markdown: string): string[][] {
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const line of outsidePre(markdown).split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(line);
    else if (current) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}

const pipes = (row: string): number => row.split('|').length - 1;

function assertTablesIntact(markdown: string): void {
  for (const t of tables(markdown)) {
    const want = pipes(t[0]!);
    for (const row of t) assert.equal(pipes(row), want, `a row lost its shape: ${row.slice(0, 200)}`);
  }
}

function reportWith(check: Omit<SketchCheck, 'durationMs'>): Report {
  const r = new Report();
  r.add({ id: 'docker.availability', title: 'Docker CLI, daemon and compose', status: 'ok', durationMs: 80, detail: 'Docker 27.3.1' });
  r.add(sketchNew(check));
  return r;
}

describe('summary: one report per failure class shows its hint', () => {
  for (const kind of FAILURE_KINDS) {
    test(kind, () => {
      const c = failureCases[kind];
      const report = reportWith({ ...c.check, title: `Check for ${kind}`, status: 'failed', failure: kind });
      const hint = hintFor(report.checks[1]!)!;
      const md = renderSummary(report, none, exportsFor('none'));
      const seen = visible(md);
      assert.ok(seen.includes(hint.replace(/`/g, '')), `hint missing for ${kind}:\n${hint}\n---\n${md}`);
      assert.match(md, /💡/);
      for (const s of c.shows) assert.ok(seen.includes(s), `${kind}: expected "${s}" in\n${seen}`);
      assertTablesIntact(md);
      assert.ok(renderSummaryText(report, none, exportsFor('none')).includes(`hint: ${hint}`));
    });
  }
});

describe('summary: content', () => {
  test('headline for each mode, with the reason', () => {
    for (const [decision, title] of [
      [{ mode: 'docker', reason: 'The Docker Compose stack is healthy.', fail: false }, /^## 🐳 Mode: docker/],
      [{ mode: 'staging', reason: 'Using staging: Docker failed: no daemon.', fail: false }, /^## 🌐 Mode: staging/],
      [{ mode: 'none', reason: 'Neither mode is usable.', fail: false }, /^## ⚠️ Mode: none/],
      [none, /^## ❌ Mode: none/],
    ] as const) {
      const md = renderSummary(new Report(), decision, exportsFor(decision.mode));
      assert.match(md, title);
      assert.ok(md.includes(`**Why:** ${decision.reason}`));
      assert.equal(md.includes('fail-on-unavailable'), decision.fail);
    }
  });

  test('every check in order with icon, duration and detail; not-chosen compose files with why', () => {
    const r = new Report();
    // One after the other: no time is marked as overlapping.
    r.add({ id: 'docker.availability', title: 'Docker', status: 'ok', durationMs: 84.4, detail: 'Docker 27', endedMs: 84 });
    r.add({
      id: 'compose.files',
      title: 'Compose files',
      status: 'ok',
      durationMs: 12,
      detail: 'docker/docker-compose.alpine-test.yml (discovered)',
      data: {
        files: ['docker/docker-compose.alpine-test.yml'],
        notChosen: [{ file: 'docker-compose.yml', why: 'does not define backend' }],
      },
      endedMs: 96,
    });
    r.add({ id: 'wait', title: 'Wait', status: 'failed', durationMs: 30012, detail: 'timed out', endedMs: 30_108 });
    r.add({ id: 'docker.logs', title: 'Failed services', status: 'info', detail: 'backend' });
    r.add({ id: 'staging', title: 'Staging', status: 'skipped', detail: 'no staging-backend-url is set' });
    const md = renderSummary(r, none, exportsFor('none'));
    const checks = tables(md)[0]!;
    assert.deepEqual(
      checks.slice(2).map((row) => row.split(' | ').slice(0, 3)),
      [
        ['| ✅', 'Docker', '84\u00a0ms'],
        ['| ✅', 'Compose files', '12\u00a0ms'],
        ['| ❌', 'Wait', '30,012\u00a0ms'],
        ['| ℹ️', 'Failed services', '0\u00a0ms'],
        ['| ⏭️', 'Staging', '0\u00a0ms'],
      ],
    );
    assert.ok(visible(md).includes('Not chosen: docker-compose.yml (does not define backend)'));
    assert.ok(!checks[4]!.includes('💡'), 'no hint without a failure kind');
    assert.ok(!md.includes('∥'));
  });

  test('checks that ran alongside each other: their times marked, and the footnote says they do not add up', () => {
    const r = new Report();
    r.add({ id: 'docker.availability', title: 'Docker', status: 'ok', durationMs: 700, detail: 'x', endedMs: 750 });
    r.add({ id: 'compose.files', title: 'Compose files', status: 'ok', durationMs: 800, detail: 'x', endedMs: 830 });
    r.add({ id: 'compose.up', title: 'Up', status: 'ok', durationMs: 1000, detail: 'x', endedMs: 1840 });
    const rows = tables(renderSummary(r, none, exportsFor('none')))[0]!
      .slice(2)
      .map((row) => row.split(' | ')[2]);
    // No-break spaces: a narrow Time column must not put the number above its unit.
    assert.deepEqual(rows, ['700\u00a0ms\u00a0∥', '800\u00a0ms\u00a0∥', '1,000\u00a0ms']);
    assert.match(renderSummary(r, none, exportsFor('none')), /∥ ran alongside other checks: those times overlap, and do not add up/);
    const j = buildJsonReport(r, none, exportsFor('none'));
    assert.deepEqual(
      j.checks.map((c) => c.startedMs),
      [50, 30, 840],
    );
  });

  test('failed services: state, healthcheck output and the last log lines, collapsed', () => {
    const r = new Report();
    r.serviceFailures.push({
      service: 'backend',
      state: 'running (unhealthy)',
      health: 'unhealthy',
      lastHealthcheckOutput: 'curl: (7) Failed to connect',
      logTail: Array.from({ length: 60 }, (_, i) => `line ${i + 1}`),
    });
    r.serviceFailures.push({ service: 'worker', state: 'exited with code 2', exitCode: 2, logTail: [] });
    const md = renderSummary(r, none, exportsFor('none'));
    assert.match(md, /#### backend: running \(unhealthy\)/);
    assert.match(md, /#### worker: exited with code 2/);
    assert.match(md, /<pre>\ncurl: \(7\) Failed to connect\n<\/pre>/);
    assert.match(md, /<details><summary>Last 40 log lines of backend \(20 earlier lines not shown\)<\/summary>/);
    assert.ok(md.includes('\nline 21\n') && md.includes('\nline 60\n') && !md.includes('\nline 20\n'));
    assert.match(md, /No log output/);
  });

  test('staging probes: class, status, latency and attempts; never a password', () => {
    const r = new Report();
    r.stagingProbes.push(
      {
        name: 'backend-health',
        url: 'https://ci-user:s3cret-pass@stg.example.com/health',
        class: 'http-status',
        status: 503,
        latencyMs: 41.7,
        attempts: 3,
        detail: 'HTTP 503 from https://ci-user:s3cret-pass@stg.example.com/health',
      },
      { name: 'websocket', url: 'wss://:p%40ss@stg.example.com/ws', class: 'tls', latencyMs: 12, attempts: 1, detail: 'TLS error' },
    );
    r.add({
      id: 'staging.backend-health',
      title: 'Staging',
      status: 'failed',
      detail: 'https://ci-user:s3cret-pass@stg.example.com: HTTP 503',
      data: { class: 'http-status', status: 503, attempts: 1, url: 'https://ci-user:s3cret-pass@stg.example.com/health' },
    });
    const plan = exportsFor('none');
    plan.outputs['staging-backend-url'] = { value: 'https://ci-user:s3cret-pass@stg.example.com', source: 'input' };
    const md = renderSummary(r, none, plan);
    const text = renderSummaryText(r, none, plan);
    const json = JSON.stringify(buildJsonReport(r, none, plan));
    for (const out of [md, text]) {
      assert.ok(!out.includes('s3cret') && !out.includes('ci-user') && !out.includes('p%40ss'), out);
      assert.ok(!/:\/\/[^\s/]*@/.test(visible(out)), 'nothing that looks like userinfo');
    }
    assert.ok(!json.includes('s3cret') && !json.includes('ci-user') && !json.includes('p%40ss'), json);
    assert.equal(
      buildJsonReport(r, none, plan).outputs['staging-backend-url']?.value,
      'https://stg.example.com',
      'the report copy has the URL without its credentials',
    );
    const rows = tables(md)[1]!;
    assert.equal(rows[0], '| | Probe | URL | Class | HTTP | Latency | Attempts | Detail |');
    assert.equal(
      rows[2],
      '| ❌ | backend-health | <code>https://stg.example.com/health</code> | http-status | 503 | 42\u00a0ms | 3 | HTTP 503 from https://stg.example.com/health |',
    );
    assert.match(rows[3]!, /\| websocket \| <code>wss:\/\/stg\.example\.com\/ws<\/code> \| tls \| – \| 12\u00a0ms \| 1 \|/);
  });

  test('what later steps receive: every output and variable, value and source', () => {
    const defaults = Object.fromEntries(Object.entries(loadActionDefinition().inputs).map(([k, v]) => [k, v.default ?? '']));
    const given: Record<string, string> = { 'staging-backend-url': 'https://stg.example.com' };
    const inputs = parseInputs((n) => given[n] ?? defaults[n] ?? '', os.tmpdir());
    const decision: Decision = { mode: 'docker', reason: 'healthy', fail: false };
    const plan = planExports(inputs, {
      decision,
      dockerAvailable: true,
      docker: {
        backendUrl: 'http://localhost:8002',
        websocketUrl: 'ws://localhost:8002/ws',
        authUrl: undefined,
        backendPort: 8002,
        servicePorts: { 'alpine-test-postgres': { host: 'localhost', ports: { '5432': 5435 } } },
      },
      composeFiles: ['docker/a.yml', 'docker/b.yml'],
      projectDirectory: '.',
      projectName: 'cos-x',
      reportPath: '/tmp/r.json',
    });
    const md = renderSummary(new Report(), decision, plan);
    const rows = tables(md).at(-1)!;
    assert.equal(rows.length, 2 + Object.keys(plan.outputs).length + Object.keys(plan.env).length);
    const seen = visible(rows.join('\n'));
    assert.ok(seen.includes('| output | backend-url | http://localhost:8002 | detected from Docker |'));
    assert.ok(seen.includes('| output | staging-websocket-url | wss://stg.example.com/ws | derived |'));
    assert.ok(seen.includes('| output | staging-backend-url | https://stg.example.com | input |'));
    assert.ok(seen.includes('| env | TEST_MODE | docker | fixed |'));
    assert.ok(
      seen.includes('| env | COMPOSE_PORT_ALPINE_TEST_POSTGRES_5432 | 5435 | detected from Docker |'),
      'the summary lists every service port',
    );
    assert.ok(seen.includes('| env | DOCKER_BACKEND_PORT | 8002 | detected from Docker |'));
    assert.ok(
      rows.some((r) => r.includes('<code>docker/a.yml<br>docker/b.yml</code>')),
      'a multi-line value stays in its cell',
    );
    assertTablesIntact(md);
    const text = renderSummaryText(new Report(), decision, plan);
    assert.match(text, /output backend-url = http:\/\/localhost:8002 \(detected from Docker\)/);
    assert.match(text, /env {4}TEST_MODE = docker \(fixed\)/);
  });
});

describe('summary: escaping', () => {
  const nasty = [
    '<script>alert(1)</script>',
    '| a | b |',
    '</details>',
    '</pre>',
    '```',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1)) **bold** _it_',
    '\u001b[31mred\u001b[0m and a bell\u0007',
    'two\nlines\r\nand\rmore',
  ];
  const build = (): Report => {
    const r = new Report();
    for (const [i, s] of nasty.entries()) {
      r.add(
        sketchNew({
          id: `x.${i}`,
          title: `title ${s}`,
          status: 'failed',
          detail: `detail ${s}`,
          hint: `do ${s}`,
          location: { file: s, line: 3 },
        }),
      );
      r.stagingProbes.push({ name: 'backend-health', url: `https://h/${s}`, class: s, status: 500, latencyMs: 1, attempts: 1, detail: s });
    }
    r.add({
      id: 'compose.files',
      title: 'Compose files',
      status: 'ok',
      detail: 'x',
      data: { files: nasty, notChosen: nasty.map((s) => ({ file: s, why: s })) },
    });
    r.serviceFailures.push({ service: `svc ${nasty[0]}`, state: nasty[1]!, lastHealthcheckOutput: nasty.join('\n'), logTail: nasty });
    return r;
  };
  const plan: ExportPlan = {
    outputs: Object.fromEntries(nasty.map((s, i) => [`out${i}${s}`, { value: s, source: 'input' as const }])),
    env: { BACKEND_URL: { value: nasty.join(''), source: 'input' } },
  };

  test('outside text comes out inert', () => {
    const md = renderSummary(build(), none, plan);
    assert.ok(!md.includes('<script'), 'no raw <script>');
    assert.ok(!md.includes('<img'), 'no raw <img>');
    // Markdown is not parsed inside <pre> blocks; everywhere else link and code syntax is escaped.
    const markdownParsed = outsidePre(md);
    assert.ok(!markdownParsed.includes('[click]'), 'no live link');
    assert.ok(!markdownParsed.includes('**bold**'), 'no emphasis');
    assert.ok(!markdownParsed.includes('`'), 'no raw backticks');
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(md), 'no control characters');
    // Our own markup only: one </details> per log block and one for what later steps receive, one </pre> per <pre>.
    assert.equal(md.split('</details>').length - 1, 2);
    assert.equal(md.split('</pre>').length - 1, md.split('<pre>').length - 1);
    assert.equal(md.split('<pre>').length - 1, 2);
    assertTablesIntact(md);
    const [checks, staging, exported] = tables(md);
    assert.equal(checks!.length, 2 + nasty.length + 1, 'one row per check: newlines stayed inside cells');
    assert.equal(staging!.length, 2 + nasty.length);
    assert.equal(exported!.length, 2 + nasty.length + 1);
    // Inert, but still readable.
    const seen = visible(md);
    assert.ok(seen.includes('detail <script>alert(1)</script>'));
    assert.ok(seen.includes('detail red and a bell'));
    assert.ok(seen.includes('| a | b |'));
  });

  test('the terminal text has no escape sequences', () => {
    const text = renderSummaryText(build(), none, plan);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text));
    assert.ok(text.includes('detail red and a bell'));
  });
});

describe('summary: size cap', () => {
  const MiB = 1_048_576;
  const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
  const LIMIT = 1_000_000;

  /** A failed run whose essentials must survive any trimming. */
  function failedRun(failures: Report['serviceFailures']): Report {
    const r = new Report();
    r.add({ id: 'docker.availability', title: 'Docker CLI, daemon and compose', status: 'ok', durationMs: 84, detail: 'Docker 27.3.1' });
    r.add({ id: 'compose.up', title: 'compose up', status: 'ok', durationMs: 2210, detail: 'started' });
    r.add({
      id: 'wait',
      title: 'Wait for a healthy stack',
      status: 'failed',
      durationMs: 30012,
      detail: `${'long detail '.repeat(200)}END-OF-DETAIL`,
      failure: 'exited',
      data: { service: 'backend', exitCode: 1, timeoutSeconds: 120, waiting: ['backend'], containers: [] },
    });
    r.serviceFailures.push(...failures);
    return r;
  }

  function assertEssentials(md: string, r: Report): void {
    assert.ok(bytes(md) <= LIMIT && bytes(md) < MiB, `summary is ${bytes(md)} bytes`);
    assert.match(md, /^## ❌ Mode: none/);
    assert.ok(md.includes(`**Why:** ${none.reason}`));
    const [checks] = tables(md);
    assert.equal(checks!.length, 2 + r.checks.length, 'every check is there');
    assert.ok(md.includes('| env | <code>TEST&#95;MODE</code> | <code>none</code> | fixed |'), 'the exports table is there');
    assertTablesIntact(md);
  }

  /** A loose guard against a hang, not a benchmark. */
  function timed<T>(fn: () => T): T {
    const started = performance.now();
    const value = fn();
    assert.ok(performance.now() - started < 5000, `rendering took ${Math.round(performance.now() - started)} ms`);
    return value;
  }

  test('one 50 MB log line', () => {
    const r = failedRun([{ service: 'backend', state: 'exited with code 1', logTail: ['start', `${'x'.repeat(50e6)}TAIL-OF-LINE`] }]);
    const md = timed(() => renderSummary(r, none, exportsFor('none')));
    assertEssentials(md, r);
    assert.match(md, /x … \[49,998,\d{3} characters cut\] … x+TAIL-OF-LINE/);
    assert.ok(md.includes('END-OF-DETAIL'), 'details are kept when only logs needed trimming');
    assert.ok(bytes(renderSummaryText(r, none, exportsFor('none'))) < 100_000);
    assert.ok(JSON.stringify(buildJsonReport(r, none, exportsFor('none'))).length < 100_000, 'the JSON report cuts the line too');
  });

  test('a 50 MB log in many lines keeps the last lines and says how many were dropped', () => {
    const lines = Array.from({ length: 500_000 }, (_, i) => `${String(i + 1).padStart(7, '0')} ${'y'.repeat(92)}`);
    const r = failedRun([{ service: 'backend', state: 'exited with code 1', logTail: lines }]);
    const md = timed(() => renderSummary(r, none, exportsFor('none')));
    assertEssentials(md, r);
    assert.match(md, /Last 40 log lines of backend \(499,960 earlier lines not shown\)/);
    assert.ok(md.includes('0500000 y') && md.includes('0499961 y') && !md.includes('0499960 y'));
  });

  test('many big logs share the budget, each keeping its last lines', () => {
    const failures = Array.from({ length: 30 }, (_, s) => ({
      service: `svc${s}`,
      state: 'exited with code 1',
      lastHealthcheckOutput: 'h'.repeat(10_000),
      logTail: Array.from({ length: 40 }, (_, i) => `svc${s} line ${i + 1} ${'z'.repeat(3000)}`),
    }));
    const r = failedRun(failures);
    const md = timed(() => renderSummary(r, none, exportsFor('none')));
    assertEssentials(md, r);
    assert.ok(bytes(md) > 900_000, 'the budget is used, not wasted');
    for (let s = 0; s < 30; s++) {
      assert.ok(md.includes(`#### svc${s}: exited with code 1`));
      assert.ok(md.includes(`svc${s} line 40 z`), `svc${s} keeps its last line`);
      assert.match(md, new RegExp(`Last \\d+ log lines of svc${s} \\(\\d+ earlier lines not shown\\)`));
    }
    assert.ok(md.includes('END-OF-DETAIL'));
  });

  test('huge details, healthcheck output and values: trimmed, never the tables', () => {
    const r = failedRun([
      { service: 'backend', state: 'running (unhealthy)', lastHealthcheckOutput: 'h'.repeat(5e6), logTail: ['x'.repeat(5e6)] },
    ]);
    for (let i = 0; i < 3000; i++)
      r.add(sketchNew({ id: `extra.${i}`, title: `Extra ${i}`, status: 'failed', detail: 'd'.repeat(1e4), failure: 'timeout' }));
    const plan = exportsFor('none');
    plan.outputs['compose-files'] = { value: 'f'.repeat(5e6), source: 'derived' };
    const md = timed(() => renderSummary(r, none, plan));
    assertEssentials(md, r);
    assert.ok(md.includes('Extra 2999'));
    assert.ok(md.includes('| output | <code>compose-files</code> | <code>fff'));
  });

  test('a smaller maxBytes is honoured', () => {
    const r = failedRun([{ service: 'backend', state: 'exited with code 1', logTail: Array.from({ length: 40 }, () => 'q'.repeat(1000)) }]);
    const md = renderSummary(r, none, exportsFor('none'), { maxBytes: 20_000 });
    assert.ok(bytes(md) <= 20_000, `${bytes(md)}`);
    assert.match(md, /Last \d+ log lines of backend \(\d+ earlier lines not shown\)/);
  });
});

describe('image rows in the summary and the report', () => {
  const { report, decision, exports } = imageRows();

  test('markdown: one row per image with its state, tries, size and time; outside text escaped and without credentials', () => {
    const md = renderSummary(report, decision, exports);
    assert.match(md, /### Images \(cache-hit: partial, platform linux\/amd64\)/);
    assert.match(md, /\| ⬇️ \| <code>docker\.io\/library\/pulled:1<\/code> \| svc \| pulled \| 3 \| 3\.0 MB \| 1,234\u00a0ms \|/);
    assert.match(md, /\| ⚠️ \| .*restored-older \| – \| 2 kB \| 10\u00a0ms \|/);
    assert.match(md, /\| 🔨 \| .*built \| – \| – \| – \|/);
    assert.ok(!md.includes('<script>') && !md.includes('hunter2'), md);
    assert.match(md, /&lt;script&gt;/);
    const text = renderSummaryText(report, decision, exports);
    assert.match(text, /Images \(cache-hit: partial\):\n {2}docker\.io\/library\/pulled:1 \(svc\): pulled, 3 tries, 3\.0 MB, 1234 ms; /);
    assert.ok(!text.includes('hunter2'));
  });
});
