/**
 * The job summary, rendered by a pure function from the report: the headline (mode and reason),
 * every check with its hint, the staging probes, the failed services with their log tails, and
 * what later steps receive. {@link renderSummaryText} renders the same for a terminal.
 *
 * Everything that came from outside (log lines, URLs, error text, names, values) is cleaned
 * (control characters and URL credentials removed, long text cut) and escaped, so it cannot
 * break or inject markup. The summary stays under GitHub's 1 MiB step-summary limit: logs are
 * trimmed first (keeping each log's last lines), then long details and healthcheck output; the
 * headline, the checks table and the exports table are always there.
 */
import { clean } from './outside.js';
import { code, escapeHtml, escapePre, text } from './markdown.js';
import type { Decision } from '../decision.js';
import type { ExportPlan } from '../outputs.js';
import { hintFor } from './hints.js';
import { overlapsAnother, type Check, type Report, type ServiceFailure } from './model.js';
import type { CheckData } from './check-data.js';
import { countTries } from '../images/types.js';
import { renderServicesTable, renderTimeline } from './timeline.js';
import type { LogFile, UploadOutcome } from '../logs/types.js';
import { count, formatSize } from './format.js';

export interface SummaryLimits {
  /** Upper bound on the rendered summary, in bytes of UTF-8 (GitHub's limit is 1,048,576). */
  maxBytes: number;
  /** Log lines shown per failed service (its last ones). */
  logLines: number;
  /** Characters kept of one log line; a longer line keeps its start and end. */
  lineChars: number;
  /** Characters kept of a detail, hint or value cell, and of the reason. */
  cellChars: number;
  /** Characters kept of a service's last healthcheck output. */
  healthcheckChars: number;
}

export const SUMMARY_LIMITS: SummaryLimits = {
  maxBytes: 1_000_000,
  logLines: 40,
  lineChars: 2000,
  cellChars: 4000,
  healthcheckChars: 2000,
};

/** Hint text: `quoted` parts become code spans; all of it escaped. Unbalanced backticks: plain. */
function hintHtml(hint: string, max: number): string {
  const parts = clean(hint, max).split('`');
  if (parts.length % 2 === 0) return escapeHtml(parts.join("'"));
  return parts.map((p, i) => (i % 2 ? `<code>${escapeHtml(p)}</code>` : escapeHtml(p))).join('');
}

// ---------------------------------------------------------------------------------------------
// Shared facts

const ICON: Record<string, string> = { ok: '✅', failed: '❌', skipped: '⏭️', info: 'ℹ️' };
const MARK: Record<string, string> = { ok: '✓', failed: '✗', skipped: '-', info: 'i' };

function headline(decision: Decision): { icon: string; title: string; mark: string } {
  switch (decision.mode) {
    case 'docker':
      return { icon: '🐳', title: 'Docker Compose stack', mark: '✓' };
    case 'staging':
      return { icon: '🌐', title: 'staging fallback', mark: '✓' };
    default:
      return { icon: decision.fail ? '❌' : '⚠️', title: 'no usable test environment', mark: '✗' };
  }
}

function notChosen(c: Check): CheckData['compose.files']['notChosen'] {
  return c.id === 'compose.files' ? (c.data?.notChosen ?? []) : [];
}

/**
 * A duration for a table cell, its number, unit and mark held together by no-break spaces: a
 * narrow column wraps at spaces, and `995` above `ms ∥` reads as two things.
 */
function duration(ms: number, alongside = false): string {
  return `${count(ms)}\u00a0ms${alongside ? '\u00a0∥' : ''}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

interface Level {
  cellChars: number;
  healthcheckChars: number;
  /** Not-chosen compose files listed per check. */
  notChosen: number;
}

/** A failed service's log, ready to show: its last `logLines` lines, cleaned and escaped, oldest first. */
interface ServiceLog {
  name: string;
  lines: string[];
  /** Bytes each line takes in the summary, newline included. */
  bytes: number[];
  /** Lines the report holds (shown or not). */
  total: number;
}

const bytesOf = (s: string): number => Buffer.byteLength(s, 'utf8');

function checkRow(c: Check, level: Level, alongside: boolean): string {
  let detail = text(c.detail, level.cellChars);
  const others = notChosen(c);
  if (others.length && level.notChosen > 0) {
    const shown = others.slice(0, level.notChosen).map((n) => `${code(n.file, 300)} (${text(n.why, 300)})`);
    const more = others.length > level.notChosen ? `; and ${count(others.length - level.notChosen)} more` : '';
    detail += `<br>Not chosen: ${shown.join('; ')}${more}`;
  } else if (others.length) {
    detail += `<br>${plural(others.length, 'other candidate')} not chosen`;
  }
  if (c.location) detail += `<br>📄 ${code(`${c.location.file}${c.location.line ? `:${c.location.line}` : ''}`, 500)}`;
  const hint = c.status === 'failed' || c.failure ? hintFor(c) : undefined;
  if (hint) detail += `<br>💡 ${hintHtml(hint, level.cellChars)}`;
  return `| ${ICON[c.status] ?? ''} | ${text(c.title, 500)} | ${duration(c.durationMs, alongside)} | ${detail} |`;
}

function renderHead(decision: Decision, lim: SummaryLimits): string[] {
  const h = headline(decision);
  const fails = decision.fail ? ' The step fails (<code>fail-on-unavailable</code>).' : '';
  return [`## ${h.icon} Mode: ${decision.mode} (${h.title})`, '', `**Why:** ${text(decision.reason, lim.cellChars)}${fails}`, ''];
}

function renderChecks(report: Report, level: Level): string[] {
  const out = ['### Checks', '', '| | Check | Time | Detail |', '|---|---|--:|---|'];
  const alongside = report.checks.map((c) => overlapsAnother(c, report.checks));
  report.checks.forEach((c, i) => out.push(checkRow(c, level, alongside[i]!)));
  if (report.checks.length === 0) out.push('| | _(no checks ran)_ | | |');
  if (alongside.includes(true)) out.push('', '∥ ran alongside other checks: those times overlap, and do not add up to the step’s.');
  out.push('');
  return out;
}

function renderStaging(report: Report, level: Level): string[] {
  if (report.stagingProbes.length === 0) return [];
  const out = [
    '### Staging probes',
    '',
    '| | Probe | URL | Class | HTTP | Latency | Attempts | Detail |',
    '|---|---|---|---|--:|--:|--:|---|',
  ];
  for (const p of report.stagingProbes) {
    out.push(
      `| ${p.class === 'ok' ? ICON.ok : ICON.failed} | ${text(p.name, 100)} | ${code(p.url, 1000)} | ${text(p.class, 100)} | ${p.status ?? '–'} | ${duration(Math.round(p.latencyMs))} | ${p.attempts} | ${text(p.detail, Math.min(level.cellChars, 1000))} |`,
    );
  }
  out.push('');
  return out;
}

const IMAGE_ICON: Record<string, string> = {
  present: '✅',
  restored: '♻️',
  'restored-older': '⚠️',
  pulled: '⬇️',
  missing: '❌',
  skipped: '⏭️',
  built: '🔨',
};

/**
 * One row per image, what became of it, how many pulls it took, its size and time: with
 * cache-images every image of the stack, else those `up` needed when the step pulled any.
 */
function renderImages(report: Report, level: Level): string[] {
  if (report.images.length === 0) return [];
  const hit = report.imageCache ? ` (cache-hit: ${report.imageCache.cacheHit}, platform ${text(report.imageCache.platform, 100)})` : '';
  const out = [
    `### Images${hit}`,
    '',
    '| | Image | Services | State | Tries | Size | Time | Detail |',
    '|---|---|---|---|--:|--:|--:|---|',
  ];
  for (const i of report.images) {
    const time = i.durationMs === undefined ? '–' : duration(Math.round(i.durationMs));
    out.push(
      `| ${IMAGE_ICON[i.state] ?? ''} | ${code(i.image, 500)} | ${text(i.services.join(', '), 500)} | ${text(i.state, 50)} | ${i.tries ?? '–'} | ${formatSize(i.sizeBytes)} | ${time} | ${text(i.detail, Math.min(level.cellChars, 1000))} |`,
    );
  }
  out.push('');
  return out;
}

function serviceHead(f: ServiceFailure, level: Level): string {
  const head = [`#### ${text(f.service, 200)}: ${text(f.state, 500)}`, ''];
  if (f.health && !f.state.includes(f.health)) head.push(`Health: ${text(f.health, 200)}`, '');
  if (f.lastHealthcheckOutput !== undefined) {
    if (level.healthcheckChars <= 0) head.push('_Last healthcheck output not shown (summary size limit)._', '');
    else if (f.lastHealthcheckOutput.trim() === '') head.push('Last healthcheck output: _(empty)_', '');
    else {
      const out = clean(f.lastHealthcheckOutput.trim(), level.healthcheckChars)
        .split('\n')
        .map((l) => escapePre(l));
      head.push('Last healthcheck output:', '', '<pre>', ...out, '</pre>', '');
    }
  }
  return head.join('\n');
}

function serviceLog(f: ServiceFailure, limits: SummaryLimits): ServiceLog {
  const lines = f.logTail.slice(-limits.logLines).map((l) => escapePre(clean(l, limits.lineChars)));
  return { name: text(f.service, 200), lines, bytes: lines.map((l) => bytesOf(l) + 1), total: f.logTail.length };
}

function renderLog(b: ServiceLog, shown: number): string {
  if (b.total === 0) return '_No log output._\n';
  if (shown === 0) return `_Log not shown: ${plural(b.total, 'line')} would not fit GitHub's summary size limit._\n`;
  const dropped = b.total - shown;
  const label = `Last ${plural(shown, 'log line')} of ${b.name}${dropped ? ` (${plural(dropped, 'earlier line')} not shown)` : ''}`;
  return `<details><summary>${label}</summary>\n\n<pre>\n${b.lines.slice(b.lines.length - shown).join('\n')}\n</pre>\n\n</details>\n`;
}

/** Upper bound on what renderLog adds around the lines themselves. */
const logOverhead = (b: ServiceLog): number => 200 + 2 * bytesOf(b.name);

/**
 * Share `budget` bytes among the logs, keeping each log's last lines: small logs are shown whole
 * and what they leave goes to the bigger ones. Returns the number of lines shown per log.
 */
function shareLogBudget(blocks: ServiceLog[], budget: number): number[] {
  const need = blocks.map((b) => b.bytes.reduce((a, x) => a + x, 0));
  const order = blocks.map((_, i) => i).sort((a, b) => need[a]! - need[b]!);
  const shown = blocks.map(() => 0);
  let left = Math.max(0, budget);
  order.forEach((i, k) => {
    const share = Math.floor(left / (order.length - k));
    const b = blocks[i]!;
    let used = 0;
    let n = 0;
    for (let j = b.bytes.length - 1; j >= 0 && used + b.bytes[j]! <= share; j--, n++) used += b.bytes[j]!;
    shown[i] = n;
    left -= used;
  });
  return shown;
}

/** Not trimmed with the levels: later steps' values are what a reader most needs intact. */
function renderExports(exports: ExportPlan): string[] {
  const out = ['### What later steps receive', '', '| | Name | Value | Source |', '|---|---|---|---|'];
  const rows: Array<[string, string, { value: string; source: string }]> = [
    ...Object.entries(exports.outputs).map(([n, v]) => ['output', n, v] as [string, string, typeof v]),
    ...Object.entries(exports.env).map(([n, v]) => ['env', n, v] as [string, string, typeof v]),
  ];
  for (const [kind, name, v] of rows) {
    const value = v.value === '' ? '_(empty)_' : code(v.value, 2000);
    out.push(`| ${kind} | ${code(name, 200)} | ${value} | ${text(v.source, 100)} |`);
  }
  if (Object.keys(exports.env).length === 0) out.push('| env | _(none: export-env is false)_ | | |');
  out.push('');
  return out;
}

/**
 * How much detail to keep, most first. Logs are trimmed within a level; only when the rest alone
 * does not fit does the next level cut details, hints and healthcheck output shorter.
 */
function levels(limits: SummaryLimits): Level[] {
  return [
    { cellChars: limits.cellChars, healthcheckChars: limits.healthcheckChars, notChosen: 10 },
    { cellChars: Math.min(limits.cellChars, 1000), healthcheckChars: Math.min(limits.healthcheckChars, 300), notChosen: 3 },
    { cellChars: Math.min(limits.cellChars, 300), healthcheckChars: 0, notChosen: 0 },
    { cellChars: Math.min(limits.cellChars, 80), healthcheckChars: 0, notChosen: 0 },
  ];
}

/**
 * The job summary as Markdown, at most `limits.maxBytes` bytes of UTF-8. Pure.
 */
export function renderSummary(report: Report, decision: Decision, exports: ExportPlan, limits: Partial<SummaryLimits> = {}): string {
  const lim: SummaryLimits = { ...SUMMARY_LIMITS, ...limits };
  const logs = report.serviceFailures.map((f) => serviceLog(f, lim));
  const after = collapsed('What later steps receive', renderExports(exports).slice(2)).join('\n');
  const servicesTitle = logs.length ? '### Failed services\n\n' : '';
  const all = levels(lim);
  let result = '';
  for (const [i, level] of all.entries()) {
    const head = renderHead(decision, lim).join('\n');
    const rest = [
      ...renderStories(report, level),
      ...(report.logFiles.length ? [renderLogsSection(report.logFiles, report.logsUpload)] : []),
      ...renderChecks(report, level),
      ...renderImages(report, level),
      ...renderStaging(report, level),
    ].join('\n');
    const heads = report.serviceFailures.map((f) => serviceHead(f, level));
    const fixed =
      bytesOf(head) +
      bytesOf(rest) +
      bytesOf(after) +
      bytesOf(servicesTitle) +
      heads.reduce((a, h, k) => a + bytesOf(h) + logOverhead(logs[k]!) + 2, 0) +
      64;
    const budget = lim.maxBytes - fixed;
    if (budget < 0 && i < all.length - 1) continue;
    const shown = shareLogBudget(logs, budget);
    const services = heads.map((h, k) => `${h}\n${renderLog(logs[k]!, shown[k]!)}`).join('\n');
    result = `${head}\n${servicesTitle}${services}${logs.length ? '\n' : ''}${rest}\n${after}`;
    break;
  }
  return capBytes(result, lim.maxBytes);
}

/** A section folded away: its title as the `<summary>`, its lines inside. */
function collapsed(title: string, lines: string[]): string[] {
  return ['<details>', `<summary><b>${escapeHtml(title)}</b></summary>`, '', ...lines, '', '</details>', ''];
}

/** The timeline of the services (a gantt), and their table folded away. */
function renderStories(report: Report, level: Level): string[] {
  if (report.services.length === 0) return [];
  const gantt = renderTimeline(report.services, report.waitEndedAt ?? Date.now());
  const table = renderServicesTable(report.services, (s) => text(s, Math.min(level.cellChars, 300)));
  return ['### Timeline', '', ...(gantt.length ? [...gantt, ''] : []), ...collapsed(`Services (${report.services.length})`, table)];
}

/**
 * The complete logs: a link to the artifact when it was uploaded (else why not, and where the files
 * are on the runner), and each service's file and size, folded away. Empty when none was written. Pure.
 */
export function renderLogsSection(files: LogFile[], upload: UploadOutcome | undefined, title = 'Complete logs'): string {
  if (files.length === 0) return '';
  const where = upload?.uploaded
    ? `artifact ${upload.url ? `<a href="${escapeHtml(clean(upload.url, 500))}">${text(upload.name, 200)}</a>` : `<code>${text(upload.name, 200)}</code>`} (${count(upload.size)} bytes, zipped)`
    : `not uploaded${upload ? ` (${text(upload.why, 300)})` : ''}; on the runner only`;
  const rows = files.map(
    (f) => `| ${text(f.service, 200)} | <code>${text(f.file, 500)}</code> | ${count(f.bytes)}${f.complete ? '' : ' (cut)'} |`,
  );
  const table = ['| Service | File | Bytes |', '|---|---|--:|', ...rows];
  return [
    `### ${escapeHtml(title)}`,
    '',
    `Every service's complete log, redacted: ${where}.`,
    '',
    ...collapsed(`Log files (${files.length})`, table),
  ].join('\n');
}

/** Last resort (thousands of checks): cut at a byte boundary and say so. */
function capBytes(s: string, maxBytes: number): string {
  if (bytesOf(s) <= maxBytes) return s;
  const note =
    "\n\n_… the rest of this summary was cut at GitHub's size limit; the JSON report (output <code>report</code>) has everything._\n";
  const buf = Buffer.from(s, 'utf8').subarray(0, Math.max(0, maxBytes - bytesOf(note) - 8));
  return `${buf.toString('utf8').replace(/\uFFFD+$/, '')}${note}`;
}

// ---------------------------------------------------------------------------------------------
// Plain text, for a terminal

/** Outside text for a terminal: one line, cleaned (no escape sequences can reach the terminal). */
function plain(s: string | undefined, max: number): string {
  return clean(s ?? '', max).replace(/\n/g, ' ↵ ');
}

/** The summary as plain text for a terminal: headline, checks with ✓/✗ and hints, staging probes, failed services, exports. Pure. */
export function renderSummaryText(report: Report, decision: Decision, exports: ExportPlan, limits: Partial<SummaryLimits> = {}): string {
  const lim: SummaryLimits = { ...SUMMARY_LIMITS, ...limits };
  const cell = Math.min(lim.cellChars, 1000);
  const h = headline(decision);
  const out: string[] = [`${h.mark} Mode: ${decision.mode} (${h.title})`, `  ${plain(decision.reason, cell)}`];
  if (decision.fail) out.push('  The step fails (fail-on-unavailable).');

  out.push('', 'Checks:');
  for (const c of report.checks) {
    out.push(`  ${MARK[c.status] ?? ' '} ${plain(c.title, 200)} (${c.durationMs} ms): ${plain(c.detail, cell)}`);
    const others = notChosen(c);
    if (others.length) {
      const shown = others.slice(0, 5).map((n) => `${plain(n.file, 300)} (${plain(n.why, 300)})`);
      out.push(`      not chosen: ${shown.join('; ')}${others.length > 5 ? `; and ${others.length - 5} more` : ''}`);
    }
    if (c.location) out.push(`      at ${plain(`${c.location.file}${c.location.line ? `:${c.location.line}` : ''}`, 500)}`);
    const hint = c.status === 'failed' || c.failure ? hintFor(c) : undefined;
    if (hint) out.push(`      hint: ${plain(hint, cell)}`);
  }

  if (report.images.length) {
    out.push('', `Images${report.imageCache ? ` (cache-hit: ${report.imageCache.cacheHit})` : ''}:`);
    for (const i of report.images) {
      const facts = [
        i.state,
        i.tries !== undefined ? countTries(i.tries) : '',
        i.sizeBytes !== undefined ? formatSize(i.sizeBytes) : '',
        i.durationMs !== undefined ? `${Math.round(i.durationMs)} ms` : '',
      ]
        .filter(Boolean)
        .join(', ');
      out.push(`  ${plain(i.image, 500)} (${plain(i.services.join(', '), 300)}): ${facts}; ${plain(i.detail, 500)}`);
    }
  }

  if (report.stagingProbes.length) {
    out.push('', 'Staging probes:');
    for (const p of report.stagingProbes) {
      const status = p.status !== undefined ? `, HTTP ${p.status}` : '';
      out.push(
        `  ${p.class === 'ok' ? '✓' : '✗'} ${plain(p.name, 100)} ${plain(p.url, 500)}: ${plain(p.class, 100)}${status}, ${Math.round(p.latencyMs)} ms, ${plural(p.attempts, 'attempt')}; ${plain(p.detail, 500)}`,
      );
    }
  }

  if (report.serviceFailures.length) {
    out.push('', 'Failed services:');
    for (const f of report.serviceFailures) {
      out.push(`  ${plain(f.service, 200)}: ${plain(f.state, 500)}`);
      if (f.lastHealthcheckOutput?.trim()) out.push(`    last healthcheck output: ${plain(f.lastHealthcheckOutput.trim(), 500)}`);
      const tail = f.logTail.slice(-lim.logLines);
      if (tail.length) {
        const dropped = f.logTail.length - tail.length;
        out.push(`    last ${plural(tail.length, 'log line')}${dropped ? ` (${count(dropped)} earlier not shown)` : ''}:`);
        for (const l of tail) out.push(`    | ${plain(l, Math.min(lim.lineChars, 500))}`);
      }
    }
  }

  out.push('', 'What later steps receive:');
  for (const [kind, rec] of [
    ['output', exports.outputs],
    ['env', exports.env],
  ] as const) {
    for (const [name, v] of Object.entries(rec))
      out.push(`  ${kind.padEnd(6)} ${plain(name, 200)} = ${v.value === '' ? '(empty)' : plain(v.value, 500)} (${plain(v.source, 100)})`);
  }
  return `${out.join('\n')}\n`;
}
