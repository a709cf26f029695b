/// <reference lib="dom" />
/**
 * What a person would see wrong in a job summary shown by gfm-page.ts: Markdown left as text,
 * markup GitHub's sanitiser would strip, a gantt that is not drawn (or not one bar per service,
 * or with labels on top of each other), and anything wider than the column.
 *
 * The functions given to `page.evaluate` define no named function or variable holding one: tsx
 * (esbuild's keepNames) would wrap it in a helper the page does not have.
 */
import type { Page } from 'playwright-core';

/** Text that is Markdown or HTML syntax when a renderer left it as it was, with what it means. */
const LEFTOVERS: Array<[string, RegExp]> = [
  ['a table delimiter row', /\|\s*:?-{3,}/],
  ['a table row as text', /^[ \t]*\|[ \t]/m],
  ['strong emphasis markers', /\*\*/],
  ['a code fence', /```|~~~/],
  ['an HTML tag as text', /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i],
  ['a Markdown link as text', /\[[^\]\n]*\]\([^)\s]*\)/],
  ['a backslash escape', /\\[!-/:-@[-`{-~]/],
  ['an HTML entity as text', /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i],
  ['a heading marker', /^#{1,6} /m],
  ['Mermaid source', /^\s*(?:gantt|dateFormat|axisFormat|section)\b/m],
];

/** Each piece of leftover syntax in the visible text of the summaries, with its surroundings. */
export async function unrenderedMarkdown(page: Page): Promise<string[]> {
  const texts = await page.$$eval('.markdown-body', (bodies) => bodies.map((b) => (b as HTMLElement).innerText));
  const found: string[] = [];
  for (const t of texts) {
    for (const [what, re] of LEFTOVERS) {
      const m = new RegExp(re.source, `${re.flags}g`);
      for (const hit of t.matchAll(m)) found.push(`${what}: …${t.slice(Math.max(0, hit.index - 40), hit.index + 40)}…`);
    }
  }
  return found;
}

/** The elements and attributes GitHub's sanitiser (html-pipeline's allowlist) lets through. */
const ALLOWED_ELEMENTS =
  'h1 h2 h3 h4 h5 h6 br b i strong em a pre code img tt div ins del sup sub p picture ol ul table thead tbody tfoot blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details caption figure figcaption abbr bdo cite dfn mark small source span time wbr input';
const ALLOWED_ATTRIBUTES =
  'href src longdesc itemscope itemtype cite abbr accept accept-charset accesskey action align alt aria-describedby aria-hidden aria-label aria-labelledby axis border cellpadding cellspacing char charoff charset checked clear cols colspan color compact coords datetime dir disabled enctype for frame headers height hreflang hspace ismap label lang maxlength media method multiple name nohref noshade nowrap open progress prompt readonly rel rev role rows rowspan rules scope selected shape size span start summary tabindex target title type usemap valign value vspace width itemprop';

/**
 * Markup in the rendered summaries that GitHub's sanitiser would remove (so GitHub would show the
 * page otherwise): `<tag>` or `<tag attr>`. The renderer's own `class="language-…"` of a fence is
 * allowed (GitHub turns it into `lang`). Call before the diagrams are drawn.
 */
export async function foreignMarkup(page: Page): Promise<string[]> {
  return page.$$eval(
    '.markdown-body *',
    (els, allowed) => {
      const tags = new Set(allowed.elements.split(' '));
      const attrs = new Set(allowed.attributes.split(' '));
      const out: string[] = [];
      for (const el of els) {
        const tag = el.tagName.toLowerCase();
        if (!tags.has(tag)) out.push(`<${tag}>`);
        for (const a of Array.from(el.attributes)) {
          const fence = tag === 'code' && a.name === 'class' && /^language-[\w-]+$/.test(a.value);
          if (!attrs.has(a.name) && !fence) out.push(`<${tag} ${a.name}="${a.value}">`);
        }
      }
      return [...new Set(out)];
    },
    { elements: ALLOWED_ELEMENTS, attributes: ALLOWED_ATTRIBUTES },
  );
}

/** Open every `<details>` of the page. */
export async function openAllDetails(page: Page): Promise<number> {
  return page.$$eval('details', (ds) => ds.map((d) => ((d as HTMLDetailsElement).open = true)).length);
}

export interface GanttBar {
  label: string;
  /** The bar's classes: `done0`, `crit0`, `active0`, … */
  classes: string;
}

export interface Diagrams {
  /** SVGs Mermaid drew as diagrams (not as its error picture). */
  gantts: number;
  /** Mermaid's error pictures and messages ("Syntax error in text"). */
  errors: string[];
  /** Every bar (a task that is not a milestone) of every gantt, in order. */
  bars: GanttBar[];
  /** Pairs of task labels drawn over each other, labels drawn outside their SVG, a time axis whose labels repeat. */
  clashes: string[];
}

/** What Mermaid drew: the gantts, their bars, errors, and labels that collide, stick out or repeat. */
export async function diagrams(page: Page): Promise<Diagrams> {
  return page.evaluate(() => {
    // Mermaid's error picture has no aria-roledescription: every outermost SVG of a diagram's box.
    const svgs = Array.from(document.querySelectorAll('.markdown-body .mermaid-box svg')).filter((s) => !s.parentElement?.closest('svg'));
    const errors = svgs
      .filter((s) => s.querySelector('.error-text') || /Syntax error in text/.test(s.textContent ?? ''))
      .map((s) =>
        Array.from(s.querySelectorAll('text'))
          .map((t) => t.textContent ?? '')
          .join(' ')
          .slice(0, 200),
      );
    const gantts = svgs.filter((s) => s.getAttribute('aria-roledescription') === 'gantt');
    const bars: Array<{ label: string; classes: string }> = [];
    const clashes: string[] = [];
    for (const svg of gantts) {
      const box = svg.getBoundingClientRect();
      const labels = Array.from(svg.querySelectorAll('text[id$="-text"]')).map((t) => ({
        text: t.textContent ?? '',
        r: t.getBoundingClientRect(),
      }));
      for (const rect of Array.from(svg.querySelectorAll('rect.task'))) {
        if (rect.classList.contains('milestone')) continue;
        const label = svg.querySelector(`[id="${rect.id}-text"]`)?.textContent ?? '';
        bars.push({ label: label.trim(), classes: rect.getAttribute('class') ?? '' });
      }
      const ticks = Array.from(svg.querySelectorAll('.tick text')).map((t) => t.textContent ?? '');
      if (new Set(ticks).size < ticks.length) clashes.push(`the time axis repeats its labels: ${ticks.join(' ')}`);
      labels.forEach((a, i) => {
        if (a.r.left < box.left - 1 || a.r.right > box.right + 1) clashes.push(`"${a.text}" sticks out of the diagram`);
        for (const b of labels.slice(i + 1)) {
          const apart = a.r.right <= b.r.left || b.r.right <= a.r.left || a.r.bottom <= b.r.top || b.r.bottom <= a.r.top;
          if (!apart) clashes.push(`"${a.text}" over "${b.text}"`);
        }
      });
    }
    return { gantts: gantts.length, errors, bars, clashes };
  });
}

export interface Overflow {
  /** The page's own width and how far it scrolls: no horizontal scroll when equal. */
  page: { scrollWidth: number; clientWidth: number };
  /** Elements whose box reaches past the column, outside anything that scrolls them. */
  wider: string[];
  /** Tables and `<pre>` blocks too wide for the column, which scroll inside themselves (allowed). */
  scrolling: string[];
}

/** Whether anything is wider than the content column (1 px of rounding allowed). */
export async function overflows(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const wider: string[] = [];
    const scrolling: string[] = [];
    for (const body of Array.from(document.querySelectorAll('.markdown-body'))) {
      const column = body.getBoundingClientRect();
      for (const el of Array.from(body.querySelectorAll('*'))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const name = `<${el.tagName.toLowerCase()}> "${(el.textContent ?? '').trim().slice(0, 60)}"`;
        const style = getComputedStyle(el);
        if (/auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
          scrolling.push(`${name} (${el.scrollWidth} px in ${el.clientWidth})`);
        let clipped = false;
        for (let p = el.parentElement; p && p !== body; p = p.parentElement) {
          if (/auto|scroll|hidden/.test(getComputedStyle(p).overflowX)) clipped = true;
        }
        if (!clipped && (r.right > column.right + 1 || r.left < column.left - 1))
          wider.push(
            `${name} spans ${Math.round(r.left)}–${Math.round(r.right)} px, the column ${Math.round(column.left)}–${Math.round(column.right)}`,
          );
      }
    }
    const root = document.scrollingElement!;
    return { page: { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth }, wider, scrolling };
  });
}
