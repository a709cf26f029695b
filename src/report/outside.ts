/**
 * Outside text (compose's output, container logs, healthcheck output, HTTP status text) on its way
 * to a log line: it must never run a workflow command nor break the line it is part of. Colours
 * are dropped; control characters are shown escaped (a lone CR would start a new line for the
 * runner); `::` at a line's start and `##[` anywhere, which the runner reads as commands, are
 * escaped; a very long line is cut. Pure.
 */

/** ANSI colour and cursor sequences (CSI), and OSC sequences (titles, links). */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\r': '\\r', '\n': '\\n' };

export const MAX_LINE = 2000;
const MAX_PENDING = 64 * 1024;

export function outsideLine(text: string, max = MAX_LINE): string {
  let s = text.replace(ANSI, '').replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`);
  });
  s = s.replaceAll('##[', '##\\[');
  s = s.replace(/^(\s*)::/, '$1\\::');
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
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
