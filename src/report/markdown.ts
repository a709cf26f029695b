/**
 * Text into the summary's Markdown: escaped so that it is shown as itself, never parsed (inline,
 * table cells, <pre> lines), after it was cleaned (report/outside.ts). Pure.
 */
import { clean } from './outside.js';

const INLINE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;',
  '`': '&#96;',
  '\\': '&#92;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '[': '&#91;',
  ']': '&#93;',
};

/**
 * Escape text for Markdown with inline HTML, table cells included: HTML special characters, the
 * cell separator, backticks and Markdown emphasis/link characters become entities (shown as
 * themselves, never parsed), newlines become <br>.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"|`\\*_~[\]]/g, (c) => INLINE_ENTITIES[c]!).replace(/\n/g, '<br>');
}

/** Escape a log line for a <pre> block, where Markdown is not parsed: HTML only, one line. */
export function escapePre(s: string): string {
  return s.replace(/[&<>]/g, (c) => INLINE_ENTITIES[c]!).replace(/\n/g, ' ↵ ');
}

/** Clean and escape outside text for an inline or cell context. */
export function text(s: string | undefined, max: number): string {
  return escapeHtml(clean(s ?? '', max));
}

/** A code span for outside text. */
export function code(s: string, max: number): string {
  return `<code>${text(s, max)}</code>`;
}
