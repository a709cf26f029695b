/**
 * One line of compose's own progress, read whichever compose wrote it and however (recorded in
 * __tests__/fixtures/compose-output; v5 written from its source). The format is told by the line's
 * shape, never by the version compose printed: `COMPOSE_PROGRESS` in the step's env chooses it too.
 *
 * - plain (v2): `fmt.Fprintln("", ID, Text, StatusText)`, Text mostly empty:
 *   ` Container p-web-1  Started`, ` app Pulling `, ` app Error Get "https://…": no such host`;
 * - plain (v5): `fmt.Fprintln("", ID, Text, Details)`: ` Container p-web-1 Started `, pulls and
 *   builds by image (` Image busybox:1 Pulling `), a failed create by its plan id (v5.2 on:
 *   ` service:app:1 Error response from daemon: …`);
 * - `--progress json`, v2: `{"id":…,"text":…,"status":<the status text>}`; v5:
 *   `{"id":…,"status":"Working|Done|Warning|Error","text":…,"details":…}`; and compose's last
 *   error in that mode, both: `{"error":true,"message":…}`.
 *
 * Pure, no imports: the error lines, the failure words and the log of `up` read lines through it.
 */

export interface ProgressLine {
  /** What the line is about: `Container p-web-1`, `Network p_default`, `Image busybox:1`, `app` (a service), `service:app:1`. */
  resource: string;
  /** What compose says of it, as its plain writer prints it: `Started`, `Error Get "https://…"`, `Error response from daemon: …`. */
  said: string;
  /** Whether compose says this step failed. */
  failed: boolean;
}

/** v5's JSON status: the state of the step, with compose's word for it in `text`. */
const V5_STATUS = new Set(['Working', 'Done', 'Warning', 'Error']);

/**
 * The resource, then what is said of it. One space starts every plain progress line (the empty
 * prefix Fprintln separates); a resource is a kind and a name, or one name (a service, a layer,
 * v5's plan id). BuildKit's ` > [2/2] RUN …` and the Dockerfile excerpt (`   2 | >>> RUN …`) are not.
 */
const PLAIN = /^ ((?:Container|Network|Volume|Image) \S+|[A-Za-z0-9][\w.:/@-]*) (.*)$/;

/** A JSON object on one line, or undefined. */
function jsonObject(line: string): Record<string, unknown> | undefined {
  const t = line.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const joined = (...words: string[]): string => words.filter((w) => w !== '').join(' ');

/** A `--progress json` event, either schema. */
function jsonProgress(o: Record<string, unknown>): ProgressLine | undefined {
  const resource = str(o.id);
  if (!resource) return undefined;
  const status = str(o.status);
  // v5's status is one of four states and its text is always set; v2's status is the text itself.
  if (V5_STATUS.has(status) && typeof o.text === 'string') {
    return { resource, said: joined(str(o.text), str(o.details)), failed: status === 'Error' };
  }
  const said = joined(str(o.text), status);
  return { resource, said, failed: /^Error\b/.test(said) };
}

/** A line of compose's progress, or undefined when the line is something else (an error, BuildKit, a log). */
export function readProgressLine(line: string): ProgressLine | undefined {
  const o = jsonObject(line);
  if (o) return jsonProgress(o);
  const m = PLAIN.exec(line.replace(/\r$/, ''));
  if (!m) return undefined;
  // v2 leaves Text empty (two spaces before the status), v5 Details (a space at the end).
  const said = (m[2] as string).trim();
  if (said === '') return undefined;
  // Plain lines carry no state: a failed step's text starts with compose's word `Error`.
  return { resource: m[1] as string, said, failed: /^Error\b/.test(said) };
}

const errorMessageOf = (o: Record<string, unknown>): string | undefined =>
  o.error === true && typeof o.message === 'string' ? o.message : undefined;

/** The message of `{"error":true,"message":…}`, compose's last error with `--progress json`. */
export function jsonErrorMessage(line: string): string | undefined {
  const o = jsonObject(line);
  return o && errorMessageOf(o);
}

/**
 * Why a failed step failed, in compose's words: `Error` is compose's status word (v2's Text, v5's
 * Text beside the Details), except in the engine's own `Error response from daemon: …`, which is
 * the whole text. Empty when compose gave no reason (v2's bare ` Container p-db-1  Error`).
 */
export function failureText(p: ProgressLine): string {
  return p.said.replace(/^Error(?:\s+(?!response from daemon)|$)/, '').trim();
}

/** Whether a resource is a service's name (v2's pulls), not a container, network, volume, image or plan id. */
export function isServiceName(resource: string): boolean {
  return !/[ :]/.test(resource);
}

/**
 * Who failed, for a person: v5 names a container it failed to create by its plan id
 * (`service:app:1`), which is service `app`.
 */
export function resourceWords(resource: string): string {
  return /^service:([^:]+):\d+$/.exec(resource)?.[1] ?? resource;
}

/** A line as compose's plain writer would print it: JSON progress and JSON errors as words, anything else as it is. */
export function readableLine(line: string): string {
  const o = jsonObject(line);
  if (!o) return line;
  const message = errorMessageOf(o);
  if (message !== undefined) return message;
  // v2's tail message (`{"tail":true,"text":"WARNING: …"}`), printed after the progress.
  if (o.tail === true && typeof o.text === 'string') return o.text;
  const p = jsonProgress(o);
  return p ? `${p.resource} ${p.said}` : line;
}

/** Several lines, each made readable by {@link readableLine}. */
export function readableText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => readableLine(l))
    .join('\n');
}
