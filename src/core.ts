/**
 * The runner's interface: inputs, outputs, exported variables, state, masks, groups and
 * annotations, written in the formats the runner reads (file commands, `::command::` lines) and
 * that @actions/core writes (a unit test runs both side by side).
 *
 * Not @actions/core itself: it imports an HTTP client (undici) for OIDC tokens, which this action
 * never asks for, and loading it costs about 80 ms of every run before `up` can start (issue 13).
 * Everything the runner is told goes through here; the log's own lines through src/log.ts.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';

/** Where an annotation points, as @actions/core names it. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** How many of this module's own writes are under way (see {@link writingOwn}). */
let ownWrites = 0;

/** Write to stdout, marked as this module's own (a library's output may be routed elsewhere meanwhile). */
function emit(text: string): void {
  ownWrites++;
  try {
    process.stdout.write(text);
  } finally {
    ownWrites--;
  }
}

/** Whether the write to stdout under way is this module's own: what routes a library's output lets through. */
export function writingOwn(): boolean {
  return ownWrites > 0;
}

const asText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** A command's message: `%`, CR and LF escaped, so it stays one line. */
const escapeData = (s: unknown): string => asText(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A command's property value: also `:` and `,`, which delimit properties. */
const escapeProperty = (s: unknown): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::name key=value,…::message`, one line on stdout. */
export function issueCommand(name: string, properties: Record<string, unknown>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, v]) => Boolean(v))
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  emit(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${os.EOL}`);
}

/** Append `name<<delimiter … delimiter` to the file the runner gave for `command` (OUTPUT, ENV, STATE). */
function fileCommand(command: 'OUTPUT' | 'ENV' | 'STATE', name: string, value: unknown): boolean {
  const file = process.env[`GITHUB_${command}`];
  if (!file) return false;
  if (!fs.existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const text = asText(value);
  if (name.includes(delimiter) || text.includes(delimiter)) throw new Error(`Unexpected input: it contains the delimiter "${delimiter}"`);
  fs.appendFileSync(file, `${name}<<${delimiter}${os.EOL}${text}${os.EOL}${delimiter}${os.EOL}`, { encoding: 'utf8' });
  return true;
}

/** An input as the runner passes it (`INPUT_<NAME>`, spaces as `_`), trimmed; '' when not set. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function setOutput(name: string, value: unknown): void {
  if (fileCommand('OUTPUT', name, value)) return;
  emit(os.EOL);
  issueCommand('set-output', { name }, value);
}

/** For this step (process.env) and every later one. */
export function exportVariable(name: string, value: unknown): void {
  process.env[name] = asText(value);
  if (!fileCommand('ENV', name, value)) issueCommand('set-env', { name }, value);
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

/**
 * State saved by this process. The runner runs the post step in a process of its own and passes
 * the state as `STATE_<name>`; GitHub's local runner (`@github/local-action`) runs main and post in
 * one process and passes nothing, so the post step reads what main saved here.
 */
const savedHere = new Map<string, string>();

/** For the post step, which reads it back with {@link getState}. */
export function saveState(name: string, value: unknown): void {
  savedHere.set(name, asText(value));
  if (!fileCommand('STATE', name, value)) issueCommand('save-state', { name }, value);
}

/** What the main step saved: as the runner passes it, else as this process saved it. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? savedHere.get(name) ?? '';
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

/** A plain log line (src/log.ts makes it safe first). */
export function info(message: string): void {
  emit(`${message}${os.EOL}`);
}

function annotation(level: 'error' | 'warning' | 'notice', message: string, p: AnnotationProperties = {}): void {
  const properties = { title: p.title, file: p.file, line: p.startLine, endLine: p.endLine, col: p.startColumn, endColumn: p.endColumn };
  issueCommand(level, properties, message);
}

export const error = (message: string, properties?: AnnotationProperties): void => annotation('error', message, properties);
export const warning = (message: string, properties?: AnnotationProperties): void => annotation('warning', message, properties);
export const notice = (message: string, properties?: AnnotationProperties): void => annotation('notice', message, properties);

/** `fn` inside a foldable group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, name);
  try {
    return await fn();
  } finally {
    issueCommand('endgroup', {}, '');
  }
}
