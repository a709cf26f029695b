/**
 * Processes of the action's own that outlive the step that starts them (the failed stack's removal,
 * the watch after the decision): each in its own process group and session (a signal to the
 * step's group, the runner's cancel, `killRunningChildren`, none reach it), with no pipe to the
 * step (stdout and stderr go to a file under RUNNER_TEMP, so the runner does not wait on it),
 * unref'd (the step ends without it). The post step finds it again by its pid and job file.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from './exec.js';

/**
 * A bundled entry's script beside the running one (`dist/<entry>/index.js` next to `dist/main/`);
 * undefined when there is none (run from src/ through tsx).
 */
export function bundledScript(entry: string, here: string): string | undefined {
  const script = path.join(path.dirname(fileURLToPath(here)), '..', entry, 'index.js');
  return fs.existsSync(script) ? script : undefined;
}

/** The step's own files, which the runner reads when the step ends: a background process writes none of them. */
const STEP_FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'];

/** A background process's environment: the step's, without its inputs (the staging token) or its files. */
export function detachedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out = childEnv(env);
  for (const k of STEP_FILES) delete out[k];
  return out;
}

/** The background processes there are (src/entries/background.ts runs each). */
export type DetachedKind = 'remove' | 'watch';

export interface DetachedStart {
  /** The script to run with node: the bundled background entry (see {@link bundledScript}). */
  script: string;
  kind: DetachedKind;
  /** Its job file, its argument after the kind (also how {@link stillRunning} knows it). */
  jobFile: string;
  /** Where its stdout and stderr go. */
  logFile: string;
  env: NodeJS.ProcessEnv;
  /** The node binary (default: this one). */
  node?: string;
}

/**
 * Start `node script kind jobFile` in the background; synchronous, so a cancel cannot come between the
 * start and the state saved for it. Returns its pid; throws when it could not be started.
 */
export function spawnDetached(o: DetachedStart): number {
  const out = fs.openSync(o.logFile, 'a');
  try {
    const node = o.node ?? process.execPath;
    const child = spawn(node, [o.script, o.kind, o.jobFile], {
      detached: true,
      stdio: ['ignore', out, out],
      env: detachedEnv(o.env),
      windowsHide: true,
    });
    // A failure to start comes as an event; with no pid it already happened.
    child.on('error', () => undefined);
    if (child.pid === undefined) throw new Error(`could not start ${node} ${o.script}`);
    child.unref();
    return child.pid;
  } finally {
    fs.closeSync(out);
  }
}

/**
 * Whether the background process still runs: on Linux, a process with this pid whose command line
 * names the job file (not another process that got the pid since; a zombie has none); elsewhere,
 * whether the pid exists.
 */
export function stillRunning(pid: number, jobFile: string): boolean {
  if (fs.existsSync('/proc/self/cmdline')) {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(jobFile);
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signal the background process and everything it started (its own process group); false when it was gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
    return true;
  } catch {
    return false;
  }
}
