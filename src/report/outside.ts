/**
 * Outside text (compose's output, container logs, healthcheck output, HTTP status text and
 * bodies, file names) on its way to a log line, the summary, an annotation, the report or an
 * output: the one place that makes it safe.
 *
 * - It never runs a workflow command nor breaks the line it is part of: colours are dropped,
 *   control characters are shown escaped (a lone CR would start a new line for the runner), `::`
 *   at a line's start and `##[` anywhere, which the runner reads as commands, are escaped, and a
 *   very long line is cut.
 * - It never carries a secret: every secret registered here (the staging token, a URL's password,
 *   the Basic and Bearer headers made of them) is replaced by `***` in every form it could take
 *   in a log, the Markdown summary, JSON or a URL, and masked by the runner too.
 */
import * as runner from '../runner.js';
import { count } from './format.js';

const secrets = new Set<string>();
/** Every form the runner was told to mask, once each. */
const masked = new Set<string>();

/** The forms a secret can be written in: as is, URL-encoded, JSON-escaped, HTML-escaped. */
function formsOf(secret: string): string[] {
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), html];
}

/**
 * Register a secret: masked by the runner from now on, and removed from outside text by
 * {@link redact}. Very short values (under 4 characters) are masked only: removing every "ab"
 * from the text would garble it without hiding anything.
 */
export function registerSecret(secret: string | undefined): void {
  if (!secret) return;
  for (const form of new Set(formsOf(secret))) {
    if (masked.has(form)) continue;
    masked.add(form);
    runner.setSecret(form);
    if (form.length >= 4) secrets.add(form);
  }
}

/** Forget every registered secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
  masked.clear();
}

/** `text` with every registered secret, in any of its forms, replaced by `***`. */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret's encoded form is not left half-replaced by a shorter one.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}

/** Drop URL credentials (scheme://user:pass@host → scheme://host) and long bearer/basic tokens. */
export function redactSecrets(s: string): string {
  // Greedy up to the last '@' of the authority, as URL parsers read it (a password may hold '@').
  // The lookbehind starts a scheme only where a word starts: linear time on long runs of letters.
  return s
    .replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
}

/**
 * One line of a container's log as the action keeps, shows or uploads it: every registered secret
 * (the action's own, URL passwords, the stack's secret environment values and `secrets:` files)
 * and URL credentials replaced by `***`. Per line: a secret cut by a chunk boundary is whole here.
 */
export function redactLogLine(line: string): string {
  return redactSecrets(redact(line));
}

/** ANSI colour and cursor sequences (CSI), and OSC sequences (titles, links). */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\r': '\\r', '\n': '\\n' };

export const MAX_LINE = 2000;
const MAX_PENDING = 64 * 1024;

/**
 * One line of outside text, safe for any sink (see the module's comment). `keepSecrets` leaves
 * registered secrets in: for a value the user gave that later steps need as it is (a staging URL
 * with its password, exported on purpose and masked by the runner).
 */
export function outsideLine(text: string, max = MAX_LINE, keepSecrets = false): string {
  const plain = text.replace(ANSI, '');
  let s = (keepSecrets ? plain : redact(plain)).replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`);
  });
  s = s.replaceAll('##[', '##\\[');
  s = s.replace(/^(\s*)::/, '$1\\::');
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}

/** Several lines of text, each made safe by {@link outsideLine}; the line breaks are kept (as LF). */
export function outsideText(text: string, max = MAX_LINE, keepSecrets = false): string {
  return text
    .split(/\r\n|\n|\r/)
    .map((l) => outsideLine(l, max, keepSecrets))
    .join('\n');
}

/**
 * A stream of outside text cut into lines as it comes (CR LF, LF, and a lone CR all end a line),
 * each handed on once complete; `end()` hands on what is left.
 */
export class LineSplitter {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    let text = this.rest + chunk;
    // A CR at the very end may be the first half of CR LF: held until the next chunk says.
    const hold = text.endsWith('\r') ? '\r' : '';
    if (hold) text = text.slice(0, -1);
    const parts = text.split(/\r\n|\n|\r/);
    this.rest = (parts.pop() ?? '') + hold;
    for (const p of parts) this.onLine(p);
    // A stream that never ends a line is handed on in pieces, not held without bound.
    if (this.rest.length > MAX_PENDING) {
      this.onLine(this.rest);
      this.rest = '';
    }
  }

  end(): void {
    const last = this.rest.replace(/\r$/, '');
    this.rest = '';
    if (last !== '') this.onLine(last);
  }
}

// ---------------------------------------------------------------------------------------------
// Text shown in the summary and the report: several lines kept, cut in the middle

/** Remove terminal escape sequences and control characters; newlines are kept. */
export function stripControl(s: string): string {
  return s
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]?/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\u2028\u2029]/g, '\n');
}

/** Keep whole code points when cutting at `i`. */
function cutIndex(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  return c >= 0xd800 && c <= 0xdbff ? i - 1 : i;
}

/** URL credentials and every registered secret out, before any escaping could hide a secret's form. */
const hideSecrets = (s: string): string => redactSecrets(redact(s));

/**
 * Outside text made safe to show, before escaping: at most `max` characters (the start and the
 * end of a longer text, with the cut marked), no control characters, no URL credentials.
 * Cheap on huge input: only the kept parts are scanned.
 */
export function clean(s: string, max: number): string {
  // Control characters go first: removing one (a vertical tab, say) must not join a URL's parts.
  if (s.length <= max) return hideSecrets(stripControl(s));
  // Redact with some margin around the cut, so credentials that straddle it are still seen whole.
  const headLen = Math.max(1, Math.ceil(max * 0.75));
  const tailLen = Math.max(0, max - headLen);
  const head = hideSecrets(stripControl(s.slice(0, headLen + 512)));
  const tail = hideSecrets(stripControl(s.slice(Math.max(0, s.length - tailLen - 512))));
  const h = head.slice(0, cutIndex(head, Math.min(headLen, head.length)));
  let t = tailLen > 0 ? tail.slice(Math.max(0, tail.length - tailLen)) : '';
  if (t && t.charCodeAt(0) >= 0xdc00 && t.charCodeAt(0) <= 0xdfff) t = t.slice(1);
  const cut = s.length - headLen - tailLen;
  return `${h} … [${count(cut)} characters cut] … ${t}`;
}
