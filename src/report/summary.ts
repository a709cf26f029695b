/**
 * The job summary, rendered by a pure function from the report: the headline (mode and reason),
 * every check, the failed services with their log tails, and what later steps receive.
 * Everything that came from outside is escaped so it cannot break or inject markup.
 */
import type { Decision } from '../decision.js';
import type { ExportPlan } from '../outputs.js';
import type { Report } from './model.js';

/** Escape text for an HTML context inside Markdown (table cells included). */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/\r?\n/g, '<br>');
}

const ICON: Record<string, string> = { ok: '✅', failed: '❌', skipped: '⏭️', info: 'ℹ️' };

export function renderSummary(report: Report, decision: Decision, exports: ExportPlan): string {
  const out: string[] = [];
  const headline =
    decision.mode === 'none' ? '❌ No usable environment' : decision.mode === 'docker' ? '🐳 Docker mode' : '🌐 Staging fallback';
  out.push(`## ${headline}`, '', escapeHtml(decision.reason), '');
  out.push('| | Check | Time | Detail |', '|---|---|---:|---|');
  for (const c of report.checks) {
    out.push(
      `| ${ICON[c.status] ?? ''} | ${escapeHtml(c.title)} | ${c.durationMs} ms | ${escapeHtml(c.detail)}${c.hint ? `<br>💡 ${escapeHtml(c.hint)}` : ''} |`,
    );
  }
  for (const f of report.serviceFailures) {
    out.push('', `### ${escapeHtml(f.service)}: ${escapeHtml(f.state)}`);
    if (f.lastHealthcheckOutput) out.push('', `Last healthcheck output: <code>${escapeHtml(f.lastHealthcheckOutput)}</code>`);
    out.push(
      '',
      `<details><summary>Last ${f.logTail.length} log lines</summary>`,
      '',
      '<pre>',
      ...f.logTail.map((l) => escapeHtml(l).replace(/<br>/g, '')),
      '</pre>',
      '</details>',
    );
  }
  out.push('', '### What later steps receive', '', '| Name | Value | Source |', '|---|---|---|');
  for (const [name, v] of Object.entries(exports.outputs))
    out.push(`| output <code>${escapeHtml(name)}</code> | <code>${escapeHtml(v.value)}</code> | ${escapeHtml(v.source)} |`);
  for (const [name, v] of Object.entries(exports.env))
    out.push(`| env <code>${escapeHtml(name)}</code> | <code>${escapeHtml(v.value)}</code> | ${escapeHtml(v.source)} |`);
  return `${out.join('\n')}\n`;
}
