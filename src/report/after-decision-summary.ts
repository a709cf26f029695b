/**
 * The post step's part of the job summary, and its annotations, on what happened to the stack
 * between the decision and the post step (src/after-decision/). Pure.
 */
import { ALARMING, type AfterDecision, type Incident } from '../after-decision/types.js';
import { outsideLine } from './outside.js';
import { escapeHtml } from './markdown.js';

/** The most incidents listed (and annotated: GitHub shows 10 warnings of a step). */
const MAX_ROWS = 50;
const MAX_ANNOTATIONS = 10;

const clock = (ms: number): string => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
const seconds = (ms: number): string => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
const name = (s: string): string => outsideLine(s, 200);

/** What happened, in a few words: "exited 1", "was killed for lack of memory (exit 137)". */
export function whatHappened(i: Incident): string {
  const code = i.exitCode === undefined ? '' : ` ${i.exitCode}`;
  switch (i.kind) {
    case 'died':
      return `exited${code}`;
    case 'oom-killed':
      return `was killed for lack of memory (OOM${code ? `, exit${code}` : ''})`;
    case 'unhealthy':
      return 'turned unhealthy';
    case 'restarted':
      return 'started again';
    case 'healthy-again':
      return 'turned healthy again';
    case 'stopped':
      return `was stopped on request (docker stop, compose down or restart)${code ? `, exit${code}` : ''}`;
    case 'removed':
      return 'was removed';
  }
}

/** "db exited 1 at 12:03:04 UTC, 2.1 s after the stack was declared ready". Plain text, names made inert. */
export function incidentLine(i: Incident): string {
  return `${name(i.service)} ${whatHappened(i)} at ${clock(i.at)}, ${seconds(i.sinceReadyMs)} after the stack was declared ready`;
}

/** One warning annotation each for what may have broken the tests (deaths, OOM, unhealthy), at most 10. */
export function afterDecisionWarnings(a: AfterDecision): string[] {
  const alarming = a.incidents.filter((i) => ALARMING.has(i.kind));
  const lines = alarming.slice(0, MAX_ANNOTATIONS).map(incidentLine);
  if (alarming.length > MAX_ANNOTATIONS) lines.push(`… and ${alarming.length - MAX_ANNOTATIONS} more (see the job summary)`);
  return lines;
}

function row(i: Incident): string {
  const icon = ALARMING.has(i.kind) ? '⚠️' : 'ℹ️';
  return `| ${clock(i.at)} | +${seconds(i.sinceReadyMs)} | ${escapeHtml(name(i.service))} | ${icon} ${escapeHtml(whatHappened(i))} |`;
}

export function renderAfterDecision(a: AfterDecision): string {
  const span = `from ${clock(a.readyAt)}, when the stack was declared ready, to the post step (${seconds(a.endedAt - a.readyAt)})`;
  const coverage = a.coverage.whole
    ? []
    : ['', `⚠️ The watch did not cover the whole time: ${escapeHtml(outsideLine(a.coverage.why, 500))}.`];
  const head = `### After the decision: project ${escapeHtml(name(a.project))}`;
  if (a.incidents.length === 0) return [head, '', `✅ No service died, restarted or changed health ${span}.`, ...coverage, ''].join('\n');
  const alarming = a.incidents.filter((i) => ALARMING.has(i.kind)).length;
  const verdict = alarming
    ? `⚠️ ${alarming} of these may have failed the tests that ran against the stack: their services' logs say why.`
    : 'ℹ️ Nothing here broke on its own: each stop was asked for.';
  const shown = a.incidents.slice(0, MAX_ROWS);
  const more = a.incidents.length > shown.length ? [`… and ${a.incidents.length - shown.length} more.`] : [];
  return [
    head,
    '',
    `What happened to the stack's services ${span}:`,
    '',
    '| Time | After ready | Service | What |',
    '|---|---|---|---|',
    ...shown.map(row),
    ...more,
    '',
    verdict,
    ...coverage,
    '',
  ].join('\n');
}
