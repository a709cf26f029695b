/// <reference lib="dom" />
/**
 * A job summary shown the way GitHub shows it, in a page of a real browser:
 *
 * - Markdown through micromark with its GFM extensions (tables, strikethrough, autolink literals,
 *   task lists, and GFM's tag filter), which follow the CommonMark and GFM specs that GitHub's
 *   cmark-gfm implements, raw HTML passed through as cmark-gfm passes it to GitHub's sanitiser;
 *   what the sanitiser would remove is found by {@link foreignMarkup} in page-checks.ts, not
 *   silently dropped, so a summary that relies on it fails.
 * - Each step's summary in its own `.markdown-body`, one under another, as the run page stacks them.
 * - ```mermaid fences drawn by Mermaid (its browser bundle from node_modules, injected into the
 *   page: no network), in a box as wide as the column, as GitHub's diagram viewer is.
 * - The column 1012 px wide (GitHub's job summary content width), with the parts of GitHub's
 *   markdown-body CSS that decide layout: its fonts and sizes, `pre { overflow: auto }`, and
 *   tables as `display: block; width: max-content; max-width: 100%; overflow: auto`, so a table
 *   too wide for the column scrolls inside itself as on GitHub.
 */
import * as path from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../harness/runner.js';

/** The width of the summary's content column on GitHub's run page, in CSS pixels. */
export const COLUMN_WIDTH = 1012;

const MERMAID = path.join(REPO_ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

const CSS = `
body { margin: 0; background: #f6f8fa; }
main { width: ${COLUMN_WIDTH}px; margin: 16px auto; }
.markdown-body { box-sizing: border-box; width: ${COLUMN_WIDTH}px; padding: 16px 0; margin-bottom: 16px; background: #fff;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 16px; line-height: 1.5; word-wrap: break-word; color: #1f2328; }
.markdown-body > :first-child { margin-top: 0 !important; }
.markdown-body h1, .markdown-body h2, .markdown-body h3, .markdown-body h4 { margin-top: 24px; margin-bottom: 16px; font-weight: 600; line-height: 1.25; }
.markdown-body h2 { padding-bottom: .3em; font-size: 1.5em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h3 { font-size: 1.25em; }
.markdown-body h4 { font-size: 1em; }
.markdown-body p, .markdown-body ul, .markdown-body ol, .markdown-body table, .markdown-body pre, .markdown-body details { margin-top: 0; margin-bottom: 16px; }
.markdown-body table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; font-variant: tabular-nums; }
.markdown-body table th { font-weight: 600; }
.markdown-body table th, .markdown-body table td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body table tr { background-color: #fff; border-top: 1px solid #d1d9e0b3; }
.markdown-body table tr:nth-child(2n) { background-color: #f6f8fa; }
.markdown-body code, .markdown-body pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces; background-color: #818b981f; border-radius: 6px; }
.markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; background-color: #f6f8fa; border-radius: 6px; word-wrap: normal; }
.markdown-body pre code { display: inline; padding: 0; margin: 0; background: transparent; border: 0; white-space: pre; font-size: 100%; }
.markdown-body details summary { cursor: pointer; }
.markdown-body img { max-width: 100%; box-sizing: content-box; }
.markdown-body .mermaid-box { margin-bottom: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }
.markdown-body .mermaid-box pre.mermaid { margin: 0; background: #fff; white-space: pre; }
`;

/** One step's summary as GitHub's Markdown renderer makes it (before its sanitiser). */
export function gfmHtmlOf(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The whole page: every step's summary in its own markdown-body, in the column. */
export function gfmPageHtml(summaries: string[]): string {
  const bodies = summaries.map((md) => `<article class="markdown-body">\n${gfmHtmlOf(md)}\n</article>`).join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Job summary</title><style>${CSS}</style></head>\n<body><main>\n${bodies}\n</main></body></html>`;
}

/** What Mermaid said of each diagram it could not draw. */
export interface ShownPage {
  diagramErrors: string[];
}

/**
 * Show the summaries in `page` and draw their diagrams. Call {@link foreignMarkup} before this if
 * the sanitiser's view matters: the diagrams add markup of the viewer's own.
 */
export async function showSummaries(page: Page, summaries: string[], beforeDiagrams?: () => Promise<void>): Promise<ShownPage> {
  await page.setContent(gfmPageHtml(summaries));
  if (beforeDiagrams) await beforeDiagrams();
  await page.addScriptTag({ path: MERMAID });
  const diagramErrors = await page.evaluate(async () => {
    const m = (window as unknown as { mermaid: MermaidApi }).mermaid;
    for (const code of Array.from(document.querySelectorAll('pre > code.language-mermaid'))) {
      const box = document.createElement('div');
      box.className = 'mermaid-box';
      const pre = document.createElement('pre');
      pre.className = 'mermaid';
      pre.textContent = code.textContent;
      box.append(pre);
      code.parentElement!.replaceWith(box);
    }
    m.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' });
    const errors: string[] = [];
    try {
      await m.run({ querySelector: 'pre.mermaid' });
    } catch (err) {
      const e = err as { message?: string; str?: string };
      errors.push(String(e?.message ?? e?.str ?? err));
    }
    return errors;
  });
  return { diagramErrors };
}

interface MermaidApi {
  initialize: (config: Record<string, unknown>) => void;
  run: (o: { querySelector: string }) => Promise<void>;
}
