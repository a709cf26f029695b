/**
 * What a compose file needs of compose: the keys and tags only a newer compose knows (compose v2
 * only, or a v2 from some version on), each with its file and line. When `compose config` refuses
 * a file, this tells "the file needs compose v2 from 2.17.0 (depends_on restart, line 12)" apart
 * from a plain mistake, and the annotation lands on that key's line. Pure but for reading files.
 */
import * as path from 'node:path';
import { isMap, isNode, isScalar, isSeq, visit, type Node } from 'yaml';
import { DeclarationError } from './declared-readiness.js';
import { readComposeDocuments } from './locate.js';
import { PlanError } from './plan-error.js';
import type { ComposeCommand } from './types.js';
import { atLeast, formatTriple, type ComposeVersion, type VersionTriple } from './version.js';

export interface VersionNeed {
  /** The key's path as compose names it (`services.api.depends_on.db.restart`), or the tag (`!reset`). */
  key: string;
  /** What it is, in a few words. */
  what: string;
  since: VersionTriple;
  file: string;
  /** 1-based. */
  line: number;
}

interface Rule {
  /** Key path from the document root; `*` matches any key (a service name, a dependency). */
  path: string[];
  what: string;
  since: VersionTriple;
  /** Only when the value is of this kind (env_file entries in long form are maps). */
  only?: 'map' | 'seq' | 'string';
}

/** Keys compose v1 refuses, and the v2 version that brought each. */
const RULES: Rule[] = [
  { path: ['name'], what: 'top-level project name', since: [2, 3, 3], only: 'string' },
  { path: ['include'], what: 'include of other compose files', since: [2, 20, 0], only: 'seq' },
  { path: ['services', '*', 'develop'], what: 'develop (compose watch)', since: [2, 22, 0] },
  { path: ['services', '*', 'depends_on', '*', 'restart'], what: 'depends_on restart', since: [2, 17, 0] },
  { path: ['services', '*', 'depends_on', '*', 'required'], what: 'depends_on required', since: [2, 20, 0] },
  { path: ['services', '*', 'env_file', '*'], what: 'env_file in long form (path, required)', since: [2, 24, 0], only: 'map' },
  { path: ['services', '*', 'ports', '*', 'host_ip'], what: 'host_ip in a long-form port', since: [2, 0, 0] },
  { path: ['services', '*', 'build', 'additional_contexts'], what: 'build additional_contexts', since: [2, 17, 0] },
  { path: ['services', '*', 'healthcheck', 'start_interval'], what: 'healthcheck start_interval', since: [2, 20, 2] },
];

const TAGS: Record<string, { what: string; since: VersionTriple }> = {
  '!reset': { what: 'the !reset tag', since: [2, 24, 0] },
  '!override': { what: 'the !override tag', since: [2, 24, 4] },
};

/** Every key and tag in `files` that needs a newer compose than v1, in file order. */
export function findVersionNeeds(files: string[]): VersionNeed[] {
  const out: VersionNeed[] = [];
  for (const { file, doc, lineOf: at } of readComposeDocuments(files)) {
    const lineOf = (n: unknown): number => at(n) ?? 0;
    const found: VersionNeed[] = [];
    // A file of the legacy format (no `services:`) has its services at the top: no top-level key there is v2's.
    const legacy = !(isMap(doc.contents) && doc.contents.has('services'));
    const applies = (r: Rule, here: string[], value: unknown): boolean =>
      matches(r.path, here) &&
      !(legacy && r.path.length === 1) &&
      (r.only === undefined ||
        (r.only === 'map' && isMap(value)) ||
        (r.only === 'seq' && isSeq(value)) ||
        (r.only === 'string' && isScalar(value) && typeof value.value === 'string'));
    const walk = (node: unknown, path: string[]): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const here = [...path, key];
          const rule = RULES.find((r) => applies(r, here, pair.value));
          if (rule) found.push({ key: here.join('.'), what: rule.what, since: rule.since, file, line: lineOf(pair.key) });
          walk(pair.value, here);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          const here = [...path, String(i)];
          const rule = RULES.find((r) => applies(r, here, item));
          if (rule) found.push({ key: path.join('.'), what: rule.what, since: rule.since, file, line: lineOf(item) });
          walk(item, here);
        });
      }
    };
    walk(doc.contents, []);
    visit(doc, {
      Node(_, node: Node) {
        const tag = isNode(node) ? node.tag : undefined;
        const t = tag ? TAGS[tag] : undefined;
        if (t) found.push({ key: tag as string, what: t.what, since: t.since, file, line: lineOf(node) });
      },
    });
    out.push(...found.sort((a, b) => a.line - b.line));
  }
  return out;
}

function matches(pattern: string[], path: string[]): boolean {
  return pattern.length === path.length && pattern.every((p, i) => p === '*' || p === path[i]);
}

/** `compose config` refused a file that uses keys this compose is too old for. */
export class ComposeTooOldError extends Error {
  constructor(
    readonly unmet: VersionNeed[],
    readonly version: ComposeVersion,
    message: string,
  ) {
    super(message);
    this.name = 'ComposeTooOldError';
  }
}

/** The needs that `compose` (at `version`) does not meet; none when its version is unknown. */
export function unmetNeeds(needs: VersionNeed[], version: ComposeVersion | undefined): VersionNeed[] {
  if (!version) return [];
  return needs.filter((n) => !atLeast(version, n.since));
}

/** The oldest compose that meets every need. */
export function newestNeeded(needs: VersionNeed[]): VersionTriple | undefined {
  return needs.reduce<VersionTriple | undefined>((best, n) => (!best || !atLeast(asVersion(best), n.since) ? n.since : best), undefined);
}

const asVersion = (t: VersionTriple): ComposeVersion => ({ major: t[0], minor: t[1], patch: t[2], text: formatTriple(t) });

/**
 * "the compose file needs compose v2 (2.17.0 or later): services.api.depends_on.db.restart
 * (depends_on restart) at docker/compose.yml:12; this runner has compose 1.29.2". Pure.
 */
export function describeUnmetNeeds(unmet: VersionNeed[], version: ComposeVersion, rel: (file: string) => string): string {
  const since = newestNeeded(unmet) as VersionTriple;
  const needed = version.major < 2 ? `compose v2 (${formatTriple(since)} or later)` : `compose ${formatTriple(since)} or later`;
  const shown = unmet.slice(0, 3).map((n) => `${n.key} (${n.what}, from ${formatTriple(n.since)}) at ${rel(n.file)}:${n.line}`);
  const more = unmet.length > shown.length ? `, and ${unmet.length - shown.length} more` : '';
  return `The compose file needs ${needed}: ${shown.join('; ')}${more}. This runner has compose ${version.text}.`;
}

/**
 * A `compose config` failure on a file written for a newer compose than `compose`: the same
 * failure, saying which key needs which version, on its line. Undefined when that is not why
 * (or the version is unknown). Called once the compose version is known: an early plan runs
 * before it is.
 */
export function tooOldFor(err: PlanError, compose: ComposeCommand, workspace: string): PlanError | undefined {
  if (err.stage !== 'config' || !compose.version || err.underlying instanceof DeclarationError) return undefined;
  const unmet = unmetNeeds(findVersionNeeds(err.files), compose.version);
  if (unmet.length === 0) return undefined;
  const rel = (p: string): string => path.relative(workspace, p) || '.';
  const tooOld = new ComposeTooOldError(unmet, compose.version, describeUnmetNeeds(unmet, compose.version, rel));
  const again = new PlanError('config', `${tooOld.message} ${err.message}`, [], tooOld);
  again.files = err.files;
  return again;
}
