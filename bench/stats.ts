/**
 * The bench's figures: medians and quartiles of the rounds, ratios of medians against a goal, and
 * the one table printed at the end of `npm run bench`.
 */

/** The q-quantile of xs, by rank (no interpolation): with 9 rounds, quartiles are the 3rd and 7th values. */
export function quantile(xs: number[], q: number): number {
  const sorted = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.floor((sorted.length - 1) * q)] as number) : NaN;
}

export const median = (xs: number[]): number => quantile(xs, 0.5);

/** "1234 ms": a duration rounded to the millisecond, or "n/a". */
export const ms = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${Math.round(x)} ms`);

/** "median 1234 ms (quartiles 1200–1300)". */
export function figure(xs: number[]): string {
  if (!xs.some((x) => !Number.isNaN(x))) return 'n/a';
  return `median ${ms(median(xs))} (quartiles ${Math.round(quantile(xs, 0.25))}–${Math.round(quantile(xs, 0.75))})`;
}

/** The action's median against one reference's, and the goal for that ratio. */
export interface Ratio {
  /** What the reference is, for the table: "curl", "up --wait", "floor". */
  against: string;
  reference: number[];
  /** The highest ratio that meets the goal; undefined: shown, not judged. */
  goal: number | undefined;
}

/** One line of the final table. */
export interface Row {
  figure: string;
  /** "v2 2.26.1-4", "v1 1.29.2". */
  compose: string;
  /** The action's figures (ms), one a round. */
  action: number[];
  /** Ratios against references (none for an absolute figure). */
  ratios: Ratio[];
  /** An absolute goal on the action's median, in ms. */
  goalMs?: number;
  /** Anything the reader needs beside the figure (the engine's removal time, say). */
  note?: string;
}

const ratioOf = (row: Row, r: Ratio): number => median(row.action) / median(r.reference);

function verdicts(row: Row): { goals: string[]; met: string[] } {
  const goals: string[] = [];
  const met: string[] = [];
  if (row.goalMs !== undefined) {
    goals.push(`≤ ${row.goalMs} ms`);
    met.push(median(row.action) <= row.goalMs ? 'met' : 'MISSED');
  }
  for (const r of row.ratios.filter((x) => x.goal !== undefined)) {
    const ratio = ratioOf(row, r);
    goals.push(`≤ ${r.goal!.toFixed(2)} of ${r.against}`);
    met.push(Number.isNaN(ratio) ? 'n/a' : ratio <= r.goal! ? 'met' : 'MISSED');
  }
  return { goals, met };
}

/** The cells of a row: figure, compose, action median, reference medians, ratios, goals, met or missed. */
function cells(row: Row): string[] {
  const { goals, met } = verdicts(row);
  const refs = row.ratios.map((r) => `${r.against} ${ms(median(r.reference))}`);
  const ratios = row.ratios.map((r) => `${Number.isNaN(ratioOf(row, r)) ? 'n/a' : ratioOf(row, r).toFixed(2)} (${r.against})`);
  const action = `${ms(median(row.action))} (${Math.round(quantile(row.action, 0.25))}–${Math.round(quantile(row.action, 0.75))})`;
  return [
    row.figure,
    row.compose,
    action,
    refs.join('; ') || '—',
    ratios.join('; ') || '—',
    goals.join('; ') || '—',
    met.join('; ') || '—',
    row.note ?? '',
  ];
}

/** The final table, as Markdown with aligned columns. */
export function renderTable(rows: Row[]): string {
  const head = ['figure', 'compose', 'action median (quartiles)', 'reference median(s)', 'ratio(s)', 'goal', 'met', 'note'];
  const body = rows.map(cells);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
