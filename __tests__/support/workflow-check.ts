/**
 * Checks workflows that use this action the way GitHub reads them, without a network or Docker.
 *
 * - Schema, expressions and action inputs: GitHub's own language service (`@actions/languageservice`,
 *   the engine of the VS Code extension), given this action's metadata from action.yml through its
 *   `actionsMetadataProvider`, so it reports "Invalid action input" and missing required inputs.
 * - Input values: every literal `with:` value of a step using this action goes through the action's
 *   own `parseInputs` (booleans, ports, seconds, enums, paths inside the workspace, URLs, names…).
 * - Outputs: every `steps.<id>.outputs.<name>` whose step uses this action must name a declared
 *   output (the language service leaves step outputs open, see {@link checkWorkflowText}).
 *
 * README fragments (a step list, a single step, a job) are wrapped into a minimal workflow first;
 * line numbers in findings always point into the original file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerLogger, validate } from '@actions/languageservice';
import type { ActionMetadata, ActionReference } from '@actions/languageservice/action';
import {
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { InputError, parseInputs } from '../../src/inputs.js';
import { loadActionDefinition, REPO_ROOT } from '../harness/runner.js';

export const ACTION_NAME = 'compose-or-staging';

/** What a step is told about when it refers to this action by `./` (the action's own repository). */
const LOCAL_STAND_IN = `local-checkout/${ACTION_NAME}@local`;

/** Error diagnostics of the language service carry severity 1; parser errors carry none (LSP: the client decides). */
const SEVERITY_ERROR = 1;

export interface Finding {
  /** File the finding is in (relative to the repository root). */
  file: string;
  /** 1-based line in that file. */
  line: number;
  /** Where it comes from: GitHub's language service, parseInputs, or the outputs check. */
  check: 'language-service' | 'input-value' | 'output' | 'yaml';
  message: string;
}

export interface CheckResult {
  /** Errors: any one fails the check. */
  findings: Finding[];
  /** Warnings of the language service (reported, not failed on: see checkWorkflowText). */
  warnings: Finding[];
  /** Steps using this action that were checked. */
  actionSteps: number;
}

/** A text to check, and how its lines map back to the file it came from. */
export interface Target {
  file: string;
  text: string;
  /** Line (1-based) in `file` of line `docLine` (1-based) of `text`. */
  lineOf?: (docLine: number) => number;
}

// ---------------------------------------------------------------------------------------------
// This action's metadata

export interface ActionYaml {
  name: string;
  description: string;
  inputs: Record<string, { description?: string; required?: boolean | string; default?: string; deprecationMessage?: string }>;
  outputs: Record<string, { description?: string }>;
}

/** action.yml as the harness reads it, with the name and description the language service shows. */
export function loadActionYaml(): ActionYaml {
  const d = loadActionDefinition();
  return { name: d.name ?? '', description: d.description ?? '', inputs: d.inputs, outputs: d.outputs };
}

/** action.yml in the shape the language service takes (the runner's view: default as a string). */
export function toActionMetadata(action: ActionYaml): ActionMetadata {
  return {
    name: action.name,
    description: action.description,
    inputs: Object.fromEntries(
      Object.entries(action.inputs).map(([name, i]) => [
        name,
        {
          description: i.description ?? '',
          required: i.required === true || i.required === 'true',
          ...(i.default === undefined ? {} : { default: String(i.default) }),
          ...(i.deprecationMessage === undefined ? {} : { deprecationMessage: i.deprecationMessage }),
        },
      ]),
    ),
    outputs: Object.fromEntries(Object.entries(action.outputs).map(([name, o]) => [name, { description: o.description ?? '' }])),
  };
}

/** `./` (the action's own CI), or `<owner>/compose-or-staging@<ref>` (any owner, any ref, no sub-path). */
export function usesThisAction(uses: string): boolean {
  const u = uses.trim();
  if (u === './' || u === './.' || u === '.\\') return true;
  return new RegExp(`^[\\w.-]+/${ACTION_NAME}@[^@\\s/][^@\\s]*$`, 'i').test(u) || u === LOCAL_STAND_IN;
}

function isThisReference(ref: ActionReference): boolean {
  return ref.name.toLowerCase() === ACTION_NAME && ref.path === undefined;
}

// ---------------------------------------------------------------------------------------------
// Checking one workflow text

/** GitHub's runner resolves `./` against the checkout; the language service does not (it skips local actions). */
function replaceLocalUses(text: string): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const spans: [number, number][] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'uses' || !isScalar(pair.value)) return;
      const v = pair.value;
      if (typeof v.value === 'string' && usesThisAction(v.value) && v.value !== LOCAL_STAND_IN && v.value.startsWith('.') && v.range) {
        spans.push([v.range[0], v.range[1]]);
      }
    },
  });
  let out = text;
  for (const [start, end] of spans.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + LOCAL_STAND_IN + out.slice(end);
  return out;
}

let documentCounter = 0;

// The language service catches its own crashes, logs them and returns what it had: a crash must
// not read as "no errors", so what it logs as an error becomes a finding of the check running.
const loggedErrors: string[] = [];
registerLogger({ error: (m) => loggedErrors.push(m), warn: () => {}, info: () => {}, log: () => {} });
let queue: Promise<unknown> = Promise.resolve();
/** One validation at a time, so that a logged error belongs to the check that caused it. */
function serially<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

export interface CheckOptions {
  /** This action's action.yml (default: the repository's). */
  action?: ActionYaml;
  /** GITHUB_WORKSPACE for parseInputs; default a path that does not exist, so paths are checked lexically only. */
  workspace?: string;
}

const DEFAULT_WORKSPACE = path.join(os.tmpdir(), `${ACTION_NAME}-workflow-check-${process.pid}`, 'workspace-not-created');

/**
 * Check one workflow.
 *
 * Language-service errors (and parser errors, which it returns without a severity) are findings.
 * Its warnings are not: they are "Context access might be invalid" for values only known at run
 * time (`github.event.inputs.*` outside workflow_dispatch, `vars`, variables set through
 * GITHUB_ENV), deprecations and short-SHA hints about other actions — advice, not mistakes.
 *
 * The language service leaves every step's `outputs` open (any name passes: an action may set
 * outputs it does not declare), so declared outputs are checked here: for each job, every
 * `steps.<id>.outputs.<name>` in an expression (`${{ }}` anywhere, or a bare `if:`) where `<id>` is
 * a step using this action must name an output of action.yml, and every `steps.<id>` must name a
 * step of that job.
 */
export async function checkWorkflowText(target: Target, options: CheckOptions = {}): Promise<CheckResult> {
  const action = options.action ?? loadActionYaml();
  const metadata = toActionMetadata(action);
  const lineOf = target.lineOf ?? ((l: number) => l);
  const text = replaceLocalUses(target.text);
  const findings: Finding[] = [];
  const warnings: Finding[] = [];
  const at = (docLine: number, check: Finding['check'], message: string): Finding => ({
    file: target.file,
    line: lineOf(docLine),
    check,
    message,
  });

  // The language service caches parses by URI: every check gets its own.
  const n = ++documentCounter;
  const uri = `file:///workflow-check/${n}/.github/workflows/${path.basename(target.file).replace(/[^\w.-]/g, '_')}-${n}.yml`;
  const { diagnostics, crashes } = await serially(async () => {
    loggedErrors.length = 0;
    const diagnostics = await validate(TextDocument.create(uri, 'yaml', 1, text), {
      actionsMetadataProvider: {
        // Other actions get metadata without inputs: the language service then checks none of their
        // inputs (undefined would be reported as "Unable to resolve action").
        fetchActionMetadata: async (ref) =>
          isThisReference(ref) ? metadata : { name: `${ref.owner}/${ref.name}`, description: 'not checked' },
      },
    });
    return { diagnostics, crashes: loggedErrors.splice(0) };
  });
  for (const c of crashes) findings.push(at(1, 'language-service', `the language service failed: ${c}`));
  for (const d of diagnostics) {
    const f = at(d.range.start.line + 1, 'language-service', typeof d.message === 'string' ? d.message : d.message.value);
    if (d.severity === undefined || d.severity === SEVERITY_ERROR) findings.push(f);
    else warnings.push(f);
  }

  const parsed = parseWorkflow({ name: uri, content: text }, new NoOperationTraceWriter());
  const root = parsed.value;
  let actionSteps = 0;
  const jobs = root && isMapping(root) ? get(root, 'jobs') : undefined;
  if (jobs && isMapping(jobs)) {
    for (const { key: jobKey, value: job } of jobs) {
      if (!isMapping(job)) continue;
      const steps = get(job, 'steps');
      const allIds = new Set<string>();
      const ourIds = new Set<string>();
      for (const step of steps && isSequence(steps) ? steps : []) {
        if (!isMapping(step)) continue;
        const id = get(step, 'id');
        const uses = get(step, 'uses');
        if (id && isString(id)) allIds.add(id.value.toLowerCase());
        if (!uses || !isString(uses) || !usesThisAction(uses.value)) continue;
        actionSteps++;
        if (id && isString(id)) ourIds.add(id.value.toLowerCase());
        const stepName = id && isString(id) ? `step '${id.value}'` : `the step at line ${lineOf(step.line ?? 0)}`;
        for (const e of checkValues(step, action, options.workspace ?? DEFAULT_WORKSPACE)) {
          findings.push(at(e.line ?? step.line ?? 0, 'input-value', `job '${jobKey.toString()}', ${stepName}: ${e.message}`));
        }
      }
      const declared = new Set(Object.keys(action.outputs).map((o) => o.toLowerCase()));
      for (const { expression, line } of expressions(job)) {
        for (const ref of stepReferences(expression)) {
          const id = ref.id.toLowerCase();
          if (!allIds.has(id)) {
            findings.push(
              at(
                line,
                'output',
                `job '${jobKey.toString()}': steps.${ref.id} names no step of this job (ids: ${[...allIds].join(', ') || 'none'})`,
              ),
            );
          } else if (ourIds.has(id) && ref.output !== undefined && !declared.has(ref.output.toLowerCase())) {
            findings.push(
              at(
                line,
                'output',
                `job '${jobKey.toString()}': steps.${ref.id}.outputs.${ref.output} is not an output of ${ACTION_NAME} (action.yml declares ${Object.keys(action.outputs).join(', ')})`,
              ),
            );
          }
        }
      }
    }
  }
  findings.sort((a, b) => a.line - b.line);
  return { findings, warnings, actionSteps };
}

function get(mapping: MappingToken, name: string): TemplateToken | undefined {
  for (const { key, value } of mapping) if (isString(key) && key.value === name) return value;
  return undefined;
}

/** Run one step's literal `with:` values through parseInputs; every bad value, not just the first. */
function checkValues(step: MappingToken, action: ActionYaml, workspace: string): { line: number | undefined; message: string }[] {
  const given = new Map<string, { value: string; line: number | undefined }>();
  const withToken = get(step, 'with');
  if (withToken && isMapping(withToken)) {
    for (const { key, value } of withToken) {
      const name = key.toString();
      // Undeclared inputs are the language service's to report; expressions are only known at run time.
      if (!(name in action.inputs) || isBasicExpression(value)) continue;
      let raw: string;
      if (isString(value)) {
        if (value.value.includes('${{')) continue; // an expression the parser could not read: the language service reports it
        raw = value.value;
      } else if (isNumber(value) || isBoolean(value)) raw = value.toString();
      else if (value.isLiteral)
        raw = ''; // null: the runner passes an empty string
      else continue; // a sequence or mapping: the parser's schema reports it
      given.set(name, { value: raw, line: key.line });
    }
  }
  const errors: { line: number | undefined; message: string }[] = [];
  // Unset (or expression-valued) inputs read as action.yml's defaults, as the runner gives them.
  const read = (name: string): string => given.get(name)?.value ?? String(action.inputs[name]?.default ?? '');
  for (let round = 0; round <= Object.keys(action.inputs).length; round++) {
    try {
      parseInputs(read, workspace);
      break;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const bad = given.get(e.input);
      errors.push({ line: bad?.line, message: e.message });
      if (!bad) break; // a default that parseInputs refuses: nothing more to learn here
      given.delete(e.input); // go on with the default, to find the next bad value
    }
  }
  return errors;
}

/** Every expression in a job: `${{ }}` anywhere (the parser turns them into expression tokens), and bare `if:` conditions. */
function expressions(job: MappingToken): { expression: string; line: number }[] {
  const out: { expression: string; line: number }[] = [];
  for (const [, token, key] of TemplateToken.traverse(job)) {
    if (isBasicExpression(token)) out.push({ expression: token.expression, line: token.line ?? 0 });
    else if (isString(token) && key && isString(key) && key.value === 'if') out.push({ expression: token.value, line: token.line ?? 0 });
  }
  return out;
}

const NAME = `(?:\\.\\s*([A-Za-z_][\\w-]*)|\\[\\s*'((?:[^']|'')*)'\\s*\\])`;
const STEP_REF = new RegExp(`(?<![\\w.-])steps\\s*${NAME}(?:\\s*(?:\\.\\s*outputs|\\[\\s*'outputs'\\s*\\])\\s*${NAME})?`, 'gi');

/** `steps.<id>` and `steps.<id>.outputs.<name>` (dot or `['…']` form) in an expression. */
export function stepReferences(expression: string): { id: string; output: string | undefined }[] {
  const out: { id: string; output: string | undefined }[] = [];
  // A string literal holds no reference: blank those that are not an index (`steps['id']` is one).
  const code = expression.replace(/(\[\s*)?'(?:[^']|'')*'/g, (literal, index?: string) => (index === undefined ? "''" : literal));
  for (const m of code.matchAll(STEP_REF)) {
    const id = (m[1] ?? m[2]?.replace(/''/g, "'")) as string;
    const output = m[3] ?? m[4]?.replace(/''/g, "'");
    out.push({ id, output });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown fragments

export interface YamlBlock {
  file: string;
  /** 1-based line of the block's first content line. */
  line: number;
  text: string;
}

/** Every ```yaml / ```yml (or ~~~) fenced block, indentation of the fence removed. */
export function yamlBlocks(markdown: string, file: string): YamlBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: YamlBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open as unknown as [string, string, string, string];
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(lines[end]!)) end++;
    if (/^ya?ml$/i.test(lang)) {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
      blocks.push({ file, line: i + 2, text: body.join('\n') + '\n' });
    }
    i = end;
  }
  return blocks;
}

export type BlockPlan =
  | { kind: 'workflow' | 'job' | 'jobs' | 'steps' | 'step'; target: Target }
  | { kind: 'skip'; reason: string }
  | { kind: 'broken'; finding: Finding };

const HEADER = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n';

/** Whether any `uses:` in a YAML value names this action. */
function mentionsThisAction(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(mentionsThisAction);
  if (node && typeof node === 'object') {
    return Object.entries(node).some(([k, v]) => (k === 'uses' && typeof v === 'string' && usesThisAction(v)) || mentionsThisAction(v));
  }
  return false;
}

/**
 * Decide what a README block is and how to check it: a workflow (has `jobs:`; given `on: push` when
 * it has no trigger, as READMEs leave it out), a job (has `steps:`), a map of jobs, a list of steps,
 * or a single step, each wrapped into a minimal workflow. A block with no `uses:` of this action (a
 * compose file, an output sample, another tool's config) is skipped. A block that uses this action
 * but is no YAML, or has no shape above, is a finding.
 */
export function planBlock(block: YamlBlock): BlockPlan {
  const doc = parseDocument(block.text);
  const looksLikeUse = new RegExp(`uses:\\s*['"]?(\\./|[\\w.-]+/${ACTION_NAME}@)`, 'i').test(block.text);
  if (doc.errors.length > 0) {
    if (!looksLikeUse) return { kind: 'skip', reason: 'not YAML (and no use of this action)' };
    const e = doc.errors[0]!;
    return {
      kind: 'broken',
      finding: { file: block.file, line: block.line + (e.linePos?.[0]?.line ?? 1) - 1, check: 'yaml', message: e.message },
    };
  }
  const value: unknown = doc.toJS();
  if (!mentionsThisAction(value)) return { kind: 'skip', reason: 'no step uses this action' };
  const lines = block.text.replace(/\n$/, '').split('\n');
  const wrap = (kind: Exclude<BlockPlan['kind'], 'skip' | 'broken'>, header: string, indent: string): BlockPlan => {
    const prefixLines = header === '' ? 0 : header.split('\n').length - 1;
    return {
      kind,
      target: {
        file: block.file,
        text: header + lines.map((l) => (l === '' ? l : indent + l)).join('\n') + '\n',
        lineOf: (docLine) => block.line + Math.max(0, docLine - 1 - prefixLines),
      },
    };
  };
  const root = doc.contents;
  if (isSeq(root)) return wrap('steps', HEADER, '      ');
  if (isMap(root)) {
    const keys = root.items.filter(isPair).map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
    if (keys.includes('jobs')) return keys.includes('on') ? wrap('workflow', '', '') : wrap('workflow', 'on: push\n', '');
    if (keys.includes('steps')) return wrap('job', 'on: push\njobs:\n  t:\n', '    ');
    if (keys.includes('uses')) return wrap('step', `${HEADER}      -\n`, '        ');
    const allJobs = root.items.every((p) => isPair(p) && isMap(p.value) && p.value.has('steps'));
    if (allJobs) return wrap('jobs', 'on: push\njobs:\n', '  ');
  }
  return {
    kind: 'broken',
    finding: {
      file: block.file,
      line: block.line,
      check: 'yaml',
      message: `uses ${ACTION_NAME} but is neither a workflow, a job, a map of jobs, a list of steps nor a step: this check cannot place it`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Discovery

export const WORKFLOW_DIRS = ['.github/workflows', 'examples/workflows'];
export const MARKDOWN_FILES = ['README.md', 'examples/README.md', 'examples/workflows/README.md'];
/** Folders whose every Markdown file (.md, not in subfolders) is checked too: the pages the README links to. */
export const MARKDOWN_DIRS = ['docs'];

/** Workflow files (.yml, .yaml) in the folders that hold them, relative to `root`. */
export function workflowFiles(root = REPO_ROOT): string[] {
  const out: string[] = [];
  for (const dir of WORKFLOW_DIRS) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(root, dir));
    } catch {
      continue; // not there (yet)
    }
    for (const name of names.sort()) {
      if (/\.ya?ml$/i.test(name) && fs.statSync(path.join(root, dir, name)).isFile()) out.push(`${dir}/${name}`);
    }
  }
  return out;
}

/** The Markdown files whose YAML examples are checked, those that exist, relative to `root`: the listed ones, then each folder's, sorted. */
export function markdownFiles(root = REPO_ROOT): string[] {
  const listed = MARKDOWN_FILES.filter((f) => fs.existsSync(path.join(root, f)));
  const found: string[] = [];
  for (const dir of MARKDOWN_DIRS) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(root, dir));
    } catch {
      continue; // not there (yet)
    }
    for (const name of names.sort()) {
      if (/\.md$/i.test(name) && fs.statSync(path.join(root, dir, name)).isFile()) found.push(`${dir}/${name}`);
    }
  }
  return [...listed, ...found];
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: [${f.check}] ${f.message}`;
}
