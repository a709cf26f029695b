/**
 * The post step's part of the job summary when the main step left the removal of a failed stack
 * to a background process: when that removal finished and how long it took (or that it did not),
 * and what the project's label still found after it, removed by the post step. Pure.
 */
import type { RemovalOutcome } from '../removal/types.js';
import { clean } from './outside.js';
import { escapeHtml } from './markdown.js';

const text = (s: string): string => escapeHtml(clean(s, 2000));
const at = (ms: number): string => new Date(ms).toISOString();
const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

function finishedLine(o: RemovalOutcome): string {
  const w = o.waited;
  const started = `started by the main step at ${at(o.startedAt)} (pid ${o.pid})`;
  if (w.outcome === 'finished') {
    const icon = w.result.ok ? '✅' : '⚠️';
    const took = w.result.finishedAt - o.startedAt;
    return `- ${icon} **Removal finished** at ${at(w.result.finishedAt)}, ${took} ms after it was ${started}; the post step waited ${Math.round(w.waitedMs)} ms for it: ${text(w.result.detail)}`;
  }
  if (w.outcome === 'died') return `- ⚠️ **Removal did not finish**: ${started}, its process ended without a result (killed?)`;
  return `- ⚠️ **Removal did not finish**: ${started}, it still ran after the post step's ${Math.round(w.limitMs / 1000)} s wait, and was stopped`;
}

function leftLine(o: RemovalOutcome): string {
  const label = `<code>com.docker.compose.project=${text(o.project)}</code>`;
  if ('unknown' in o.left) return `- ⚠️ **Left**: the engine could not be asked by the label ${label} (${text(o.left.unknown)})`;
  const { containers, networks, volumes } = o.left;
  const found = [plural(containers.length, 'container'), plural(networks.length, 'network'), plural(volumes.length, 'volume')];
  if (containers.length + networks.length + volumes.length === 0) return `- ✅ **Nothing left** by the label ${label} after it`;
  return `- ⚠️ **Left** by the label ${label} after it: ${found.join(', ')}`;
}

function teardownLine(o: RemovalOutcome): string[] {
  const t = o.teardown;
  if (!t) return [];
  const icon = t.ok ? '✅' : '❌';
  return [`- ${icon} **Removed by the post step** in ${Math.round(t.durationMs)} ms: ${text(t.detail)}`];
}

export function renderRemovalSummary(o: RemovalOutcome): string {
  return [
    `### Removal of the failed stack ${text(o.project)}`,
    '',
    'The main step wrote its decision without waiting for the removal of the failed stack, which ran in a background process.',
    '',
    finishedLine(o),
    leftLine(o),
    ...teardownLine(o),
    '',
  ].join('\n');
}
