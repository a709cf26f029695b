/**
 * A runner-faithful harness: runs an action's bundled entry points the way the GitHub Actions
 * runner does, and reads back everything the step wrote.
 *
 * - `INPUT_<NAME>` for every input of action.yml (its default, or the test's value), the name
 *   upper-cased with spaces turned into `_` and hyphens kept, as the runner does.
 * - Fresh `GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_STATE`, `GITHUB_PATH`, `GITHUB_STEP_SUMMARY`
 *   files; `GITHUB_WORKSPACE` as the working directory; `RUNNER_TEMP` a fresh folder.
 * - The post entry runs with `STATE_<name>` from the main step's saved state, and with the
 *   variables the main step exported through `GITHUB_ENV` (they apply to every later step).
 * - File commands are parsed in both formats (`name=value` and `name<<DELIM … DELIM`), and the
 *   workflow commands on stdout (`::error file=…,line=…::msg`, `::add-mask::`, …) are decoded.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Annotation {
  level: 'error' | 'warning' | 'notice' | 'debug';
  message: string;
  properties: Record<string, string>;
}

export interface StepResult {
  entry: 'main' | 'post';
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Everything printed, as the process wrote it. */
  stdout: string;
  stderr: string;
  /** stdout as a person sees it in the log: workflow commands that the runner consumes removed. */
  log: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  state: Record<string, string>;
  path: string[];
  summary: string;
  annotations: Annotation[];
  masks: string[];
  durationMs: number;
  /** When the step's process ended: `Date.now()` then, the wall clock other clocks (the engine's events) compare with. */
  endedAt: number;
  /**
   * With `traceLeftovers`: the active resources (`Timeout`, `TCPSocketWrap`, `ProcessWrap`, …)
   * left when the entry had finished, which would keep the step running; [] when none.
   */
  leftovers?: string[];
  /** The files the step was given (kept until the temp root is removed). */
  files: { output: string; env: string; state: string; path: string; summary: string; runnerTemp: string };
}

export interface StepOptions {
  /** Directory holding action.yml; default the repository root. */
  actionDir?: string;
  /** Inputs by their action.yml name; unset ones get action.yml's default. */
  inputs?: Record<string, string>;
  /** Extra environment for the step (e.g. DOCKER_HOST, GITHUB_RUN_ID). */
  env?: Record<string, string | undefined>;
  /** GITHUB_WORKSPACE; default a fresh empty folder. */
  workspace?: string;
  /** Kill the step after this long (default 10 minutes). */
  timeoutMs?: number;
  /**
   * Run each entry through `leftovers.mjs`, which imports it and records what still holds the
   * process open once it has finished (see {@link StepResult.leftovers}).
   */
  traceLeftovers?: boolean;
  /**
   * Cancel the main step as the runner does once `when` holds for what it has printed so far:
   * SIGINT, then SIGTERM 7.5 s later if it still runs, then SIGKILL 2.5 s after that.
   */
  cancelWhen?: (stdoutSoFar: string) => boolean;
  /** Called with all the main step has printed so far, each time it prints (to act at a point of the run). */
  onStdout?: (stdoutSoFar: string) => void;
  /** Options for node itself, before the entry (`--cpu-prof`, say: NODE_OPTIONS refuses it). */
  nodeArgs?: string[];
  /**
   * Run each entry in this running container (`docker exec`), as a container job does: the
   * container must have node, the docker CLI and compose on PATH, the action and the temp folder
   * at the same paths as here. The step's environment goes in with `-e`, but not this machine's
   * PATH, HOME or DOCKER_CONFIG.
   */
  inContainer?: string;
  /** With `inContainer`: where that container has the workspace, when not at the same path (GitHub's `/__w/<repo>/<repo>`). */
  containerWorkspace?: string;
}

export interface ActionDefinition {
  name?: string;
  description?: string;
  inputs: Record<string, { default?: string; description?: string; required?: boolean }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

export function loadActionDefinition(actionDir = REPO_ROOT): ActionDefinition {
  const doc = parseYaml(fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as ActionDefinition;
  doc.inputs ??= {};
  doc.outputs ??= {};
  return doc;
}

/** Parse a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file in either of the runner's formats. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq < 0 || line.indexOf('<<') < eq)) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(lines[i] as string);
      }
      if (!closed) throw new Error(`file command '${name}': delimiter '${delimiter}' never closed`);
      out[name] = value.join('\n');
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`file command line is neither name=value nor name<<DELIM: ${JSON.stringify(line)}`);
    }
  }
  return out;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}
function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

const COMMAND = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/;

/** Decode the workflow commands a step printed, and the log a person would see. */
export function parseWorkflowCommands(stdout: string): { annotations: Annotation[]; masks: string[]; log: string } {
  const annotations: Annotation[] = [];
  const masks: string[] = [];
  const log: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = COMMAND.exec(line);
    if (!m) {
      log.push(line);
      continue;
    }
    const [, command, props = '', data = ''] = m as unknown as [string, string, string | undefined, string | undefined];
    const properties: Record<string, string> = {};
    for (const kv of props.split(',')) {
      const eq = kv.indexOf('=');
      if (eq > 0) properties[kv.slice(0, eq).trim()] = unescapeProperty(kv.slice(eq + 1));
    }
    if (command === 'add-mask') {
      masks.push(unescapeData(data));
    } else if (command === 'error' || command === 'warning' || command === 'notice' || command === 'debug') {
      annotations.push({ level: command, message: unescapeData(data), properties });
      log.push(line);
    } else {
      log.push(line);
    }
  }
  return { annotations, masks, log: log.join('\n') };
}

/** Environment the runner gives every step, minus anything of the developer's that would leak in. */
function baseEnvironment(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'NODE_OPTIONS', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const k of keep) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  return env;
}

/** `-e NAME=value` for `docker exec`: the step's environment without what only this machine means. */
function containerEnv(env: Record<string, string>): string[] {
  const hostOnly = new Set(['PATH', 'HOME', 'DOCKER_CONFIG', 'TMPDIR', 'NODE_OPTIONS']);
  return Object.entries(env)
    .filter(([k]) => !hostOnly.has(k))
    .flatMap(([k, v]) => ['-e', `${k}=${v}`]);
}

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** A temp root for one action run; `cleanup()` removes it. */
export function makeTempRoot(prefix = 'cos-run-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

interface RunContext {
  traceLeftovers: boolean;
  cancelWhen: ((stdoutSoFar: string) => boolean) | undefined;
  onStdout: ((stdoutSoFar: string) => void) | undefined;
  nodeArgs: string[];
  inContainer: string | undefined;
  containerWorkspace: string | undefined;
  actionDir: string;
  definition: ActionDefinition;
  workspace: string;
  root: string;
  env: Record<string, string>;
}

function prepare(options: StepOptions, root: string): RunContext {
  const actionDir = options.actionDir ?? REPO_ROOT;
  const definition = loadActionDefinition(actionDir);
  const workspace = options.workspace ?? fs.mkdtempSync(path.join(root, 'workspace-'));
  for (const name of Object.keys(options.inputs ?? {})) {
    if (!(name in definition.inputs)) throw new Error(`test gave input '${name}', which action.yml does not declare`);
  }
  const env: Record<string, string> = {
    ...baseEnvironment(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/widgets',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_RUN_ID: String(1000000 + Math.floor(Math.random() * 8999999)),
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'integration-tests',
    GITHUB_ACTION: '__self',
    GITHUB_ACTION_PATH: actionDir,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'harness',
    RUNNER_TEMP: fs.mkdtempSync(path.join(root, 'runner-temp-')),
    RUNNER_TOOL_CACHE: path.join(root, 'tool-cache'),
  };
  for (const [name, spec] of Object.entries(definition.inputs)) {
    env[inputEnvName(name)] = options.inputs?.[name] ?? spec.default ?? '';
  }
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return {
    traceLeftovers: options.traceLeftovers ?? false,
    cancelWhen: options.cancelWhen,
    onStdout: options.onStdout,
    nodeArgs: options.nodeArgs ?? [],
    inContainer: options.inContainer,
    containerWorkspace: options.containerWorkspace,
    actionDir,
    definition,
    workspace,
    root,
    env,
  };
}

async function runEntry(ctx: RunContext, entry: 'main' | 'post', extraEnv: Record<string, string>, timeoutMs: number): Promise<StepResult> {
  const script = entry === 'main' ? ctx.definition.runs.main : ctx.definition.runs.post;
  if (script === undefined) throw new Error(`action.yml has no '${entry}' entry`);
  const stepDir = fs.mkdtempSync(path.join(ctx.root, `${entry}-`));
  const files = {
    output: path.join(stepDir, 'output'),
    env: path.join(stepDir, 'env'),
    state: path.join(stepDir, 'state'),
    path: path.join(stepDir, 'path'),
    summary: path.join(stepDir, 'summary'),
    runnerTemp: ctx.env.RUNNER_TEMP as string,
  };
  for (const f of [files.output, files.env, files.state, files.path, files.summary]) fs.writeFileSync(f, '');
  const env = {
    ...ctx.env,
    ...extraEnv,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
  };
  const leftoversFile = path.join(stepDir, 'leftovers.json');
  const argv = ctx.traceLeftovers
    ? [path.join(REPO_ROOT, '__tests__', 'harness', 'leftovers.mjs'), path.join(ctx.actionDir, script), leftoversFile]
    : [path.join(ctx.actionDir, script)];
  const started = performance.now();
  const child = ctx.inContainer
    ? spawn(
        'docker',
        [
          'exec',
          '-w',
          ctx.containerWorkspace ?? ctx.workspace,
          ...containerEnv({ ...env, GITHUB_WORKSPACE: ctx.containerWorkspace ?? ctx.workspace }),
          ctx.inContainer,
          'node',
          ...ctx.nodeArgs,
          ...argv,
        ],
        {
          env: process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
    : spawn(process.execPath, [...ctx.nodeArgs, ...argv], {
        cwd: ctx.workspace,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  let stdout = '';
  let stderr = '';
  const escalation: NodeJS.Timeout[] = [];
  let cancelled = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (entry === 'main') ctx.onStdout?.(stdout);
    if (entry === 'main' && !cancelled && ctx.cancelWhen?.(stdout)) {
      cancelled = true;
      child.kill('SIGINT');
      escalation.push(setTimeout(() => child.kill('SIGTERM'), 7500));
      escalation.push(setTimeout(() => child.kill('SIGKILL'), 10_000));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  clearTimeout(timer);
  for (const t of escalation) clearTimeout(t);
  const endedAt = Date.now();
  const durationMs = performance.now() - started;
  const commands = parseWorkflowCommands(stdout);
  return {
    entry,
    exitCode,
    signal,
    stdout,
    stderr,
    log: commands.log,
    outputs: parseFileCommands(fs.readFileSync(files.output, 'utf8')),
    env: parseFileCommands(fs.readFileSync(files.env, 'utf8')),
    state: parseFileCommands(fs.readFileSync(files.state, 'utf8')),
    path: fs.readFileSync(files.path, 'utf8').split('\n').filter(Boolean),
    summary: fs.readFileSync(files.summary, 'utf8'),
    annotations: commands.annotations,
    masks: commands.masks,
    durationMs,
    endedAt,
    leftovers: ctx.traceLeftovers ? (JSON.parse(fs.readFileSync(leftoversFile, 'utf8')) as string[]) : undefined,
    files,
  };
}

export interface ActionRun {
  main: StepResult;
  /** The post step (runs whatever the main step's outcome, as `post-if: always()` says). */
  post: StepResult | undefined;
  workspace: string;
  /** Remove the temp root (workspace too when the harness made it). */
  cleanup: () => void;
}

/**
 * Run the main entry, then (unless `post: false`) the post entry with the main step's state and
 * exported environment, as the runner does at the end of the job.
 */
export async function runAction(options: StepOptions & { post?: boolean } = {}): Promise<ActionRun> {
  const temp = makeTempRoot();
  const ctx = prepare(options, temp.dir);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const main = await runEntry(ctx, 'main', {}, timeoutMs);
  let post: StepResult | undefined;
  if (options.post !== false && ctx.definition.runs.post !== undefined) {
    post = await runPostFor(ctx, main, timeoutMs);
  }
  return { main, post, workspace: ctx.workspace, cleanup: temp.cleanup };
}

async function runPostFor(ctx: RunContext, main: StepResult, timeoutMs: number): Promise<StepResult> {
  const stateEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(main.state)) stateEnv[`STATE_${k}`] = v;
  return runEntry(ctx, 'post', { ...main.env, ...stateEnv }, timeoutMs);
}

/**
 * Run only the main step now and return a function that runs its post step later, for tests
 * that look at the running stack between the two.
 */
export async function startAction(
  options: StepOptions = {},
): Promise<{ main: StepResult; workspace: string; runPost: () => Promise<StepResult>; cleanup: () => void }> {
  const temp = makeTempRoot();
  const ctx = prepare(options, temp.dir);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const main = await runEntry(ctx, 'main', {}, timeoutMs);
  return { main, workspace: ctx.workspace, runPost: () => runPostFor(ctx, main, timeoutMs), cleanup: temp.cleanup };
}
