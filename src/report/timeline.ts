/**
 * The summary's timeline: a Mermaid `gantt` block (GitHub renders it in a job summary) with one bar
 * per service, from its creation to ready, its exit or the decision, a failed service's bar marked
 * critical and its exit a milestone; and the services' table beside it. Service names and every
 * word in a bar are reduced to characters that cannot end a task (`:` `;` `#`), a line, the block
 * or the Markdown around it. Pure.
 */
import type { ServiceStory } from './service-story.js';

const ms = (iso: string | null): number | undefined => (iso ? Date.parse(iso) : undefined);

/** A name as a gantt task may carry it: letters, digits and a few marks; anything else is `_`. */
export function ganttText(s: string, max = 60): string {
  const t = s
    .replace(/[^A-Za-z0-9 _.()/+-]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  // Mermaid reads a task starting with a keyword as that keyword.
  const safe = /^(title|section|dateFormat|axisFormat|excludes|includes|todayMarker|tickInterval|weekday|click|vert)\b/i.test(t)
    ? `_${t}`
    : t;
  return (safe || '_').slice(0, max);
}

function outcome(s: ServiceStory): string {
  switch (s.state) {
    case 'ready':
      return `ready${s.readyBy ? ` (${s.readyBy})` : ''}`;
    case 'done':
      return 'done (exited 0)';
    case 'exited':
      return `exited ${s.exitCode ?? '?'}`;
    default:
      return s.state;
  }
}

const failed = (s: ServiceStory): boolean => s.state === 'exited' || s.state === 'restarting';

/**
 * The time axis's labels for a timeline `spanMs` long. Mermaid puts about ten ticks on it: a
 * start-up of a few seconds gets ticks a fraction of a second apart, which minutes and seconds
 * alone would label 09:30 09:30 09:31 09:31 …; an hour or more, ticks minutes apart.
 */
export function axisFormat(spanMs: number): string {
  if (spanMs < 10_000) return '%M:%S.%L';
  if (spanMs < 3_600_000) return '%M:%S';
  return '%H:%M';
}

/**
 * The gantt block's lines (empty when no service has a container); `decidedAt` ends the bars of
 * services still waiting. Bars in the order the services were created (a waterfall: which came
 * late, which died first), ties in the stories' order.
 */
export function renderTimeline(stories: ServiceStory[], decidedAt: number): string[] {
  const bars: string[] = [];
  const marks: string[] = [];
  let [first, last] = [decidedAt, decidedAt];
  const started = stories
    .map((s) => ({ s, start: ms(s.createdAt) ?? ms(s.startedAt) }))
    .filter((e): e is { s: ServiceStory; start: number } => e.start !== undefined)
    .sort((a, b) => a.start - b.start);
  for (const { s, start } of started) {
    first = Math.min(first, start);
    const end = Math.max(start + 1, ms(s.readyAt) ?? ms(s.exitedAt) ?? decidedAt);
    last = Math.max(last, end);
    const tag = failed(s) ? 'crit, ' : s.state === 'ready' || s.state === 'done' ? 'done, ' : 'active, ';
    bars.push(`    ${ganttText(s.name)} - ${ganttText(outcome(s), 40)} :${tag}${start}, ${end}`);
    const exit = ms(s.exitedAt);
    if (failed(s) && exit !== undefined) marks.push(`    ${ganttText(s.name)} exited :milestone, crit, ${exit}, 0ms`);
  }
  if (bars.length === 0) return [];
  return [
    '```mermaid',
    'gantt',
    '    dateFormat x',
    `    axisFormat ${axisFormat(last - first)}`,
    '    section Services',
    ...bars,
    ...(marks.length ? ['    section Exits', ...marks] : []),
    '    section Decision',
    `    decided :milestone, ${decidedAt}, 0ms`,
    '```',
  ];
}

/** "+1.2 s" after `origin` (a no-break space: a narrow column must not split it), or "—". */
function after(iso: string | null, origin: number | undefined): string {
  const t = ms(iso);
  return t === undefined || origin === undefined ? '—' : `+${((t - origin) / 1000).toFixed(1)}\u00a0s`;
}

/** The services' table, times from the first creation; `cell` cleans outside text for a cell. */
export function renderServicesTable(stories: ServiceStory[], cell: (s: string) => string): string[] {
  const starts = stories.map((s) => ms(s.createdAt)).filter((t): t is number => t !== undefined);
  const origin = starts.length ? Math.min(...starts) : undefined;
  const rows = stories.map(
    (s) =>
      `| ${cell(s.name)} | ${cell(outcome(s))} | ${after(s.createdAt, origin)} | ${after(s.startedAt, origin)} | ${after(s.readyAt ?? s.exitedAt, origin)} | ${s.restarts} | ${cell(s.health ?? '—')} | ${cell(s.why ?? '')} |`,
  );
  return [
    '| Service | State | Created | Started | Ready or exited | Restarts | Health | Why |',
    '|---|---|--:|--:|--:|--:|---|---|',
    ...rows,
  ];
}
