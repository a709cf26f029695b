/**
 * The one module that speaks to the runner (inputs aside: src/inputs.ts reads them), through
 * @actions/core: outputs, exported variables, state, masks, groups, annotations and log lines.
 *
 * @actions/core is loaded after the first moves have started (src/first-moves.ts: the staging
 * probe and the daemon's answer): with the HTTP client it carries for OIDC tokens it costs about
 * 80 ms to load, which would otherwise come before the first probe. What is said before it has
 * loaded is kept, in order, and said as soon as it has; the entry points wait for that.
 */
import type * as Core from '@actions/core';

export type AnnotationProperties = Core.AnnotationProperties;
type CoreModule = typeof Core;

let core: CoreModule | undefined;
let loading: Promise<void> | undefined;
const pending: Array<(c: CoreModule) => void> = [];
/** How many of this module's own writes are under way (see {@link writingOwn}). */
let ownWrites = 0;

function own(c: CoreModule, say: (c: CoreModule) => void): void {
  ownWrites++;
  try {
    say(c);
  } finally {
    ownWrites--;
  }
}

/** Load @actions/core, then say what waited for it. Once; later calls share the first. */
export function loadRunner(): Promise<void> {
  loading ??= import('@actions/core').then((c) => {
    core = c;
    for (const say of pending.splice(0)) own(c, say);
  });
  return loading;
}

/** Whether @actions/core has loaded (what is said now is said at once). */
export function runnerLoaded(): boolean {
  return core !== undefined;
}

/** Say it now when @actions/core is loaded, else as soon as it is. */
function say(what: (c: CoreModule) => void): void {
  if (core && pending.length === 0) own(core, what);
  else {
    pending.push(what);
    void loadRunner();
  }
}

/** Whether the write to stdout under way is this module's own: what routes a library's output lets through. */
export function writingOwn(): boolean {
  return ownWrites > 0;
}

/** A plain log line (src/log.ts makes it safe first). */
export const info = (message: string): void => say((c) => c.info(message));
export const debug = (message: string): void => say((c) => c.debug(message));
export const error = (message: string, p?: AnnotationProperties): void => say((c) => c.error(message, p));
export const warning = (message: string, p?: AnnotationProperties): void => say((c) => c.warning(message, p));
export const notice = (message: string, p?: AnnotationProperties): void => say((c) => c.notice(message, p));
export const setSecret = (secret: string): void => say((c) => c.setSecret(secret));
export const setOutput = (name: string, value: string): void => say((c) => c.setOutput(name, value));

/** For this step (process.env, at once) and every later one. */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  say((c) => c.exportVariable(name, value));
}

/** `fn` inside a foldable group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  say((c) => c.startGroup(name));
  try {
    return await fn();
  } finally {
    say((c) => c.endGroup());
  }
}

/**
 * State saved by this process. The runner runs the post step in a process of its own and passes
 * the state as `STATE_<name>`; GitHub's local runner (`@github/local-action`) runs main and post in
 * one process and passes nothing, so the post step reads what main saved here.
 */
const savedHere = new Map<string, string>();

/** For the post step, which reads it back with {@link getState}. */
export function saveState(name: string, value: string): void {
  savedHere.set(name, value);
  say((c) => c.saveState(name, value));
}

/** What the main step saved: as the runner passes it, else as this process saved it. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? savedHere.get(name) ?? '';
}
