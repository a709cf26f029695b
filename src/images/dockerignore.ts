/**
 * A build context's `.dockerignore`, read and matched as the builders do (moby/patternmatcher and
 * its ignorefile, which BuildKit's context transfer and the classic builder share), so that the
 * build key hashes the very files a build is sent:
 *
 * - a line starting with `#` is a comment; each other line is trimmed, a leading `!` makes it an
 *   exception, the pattern is cleaned (`a//b/../c/` is `a/c`) and a leading `/` dropped;
 * - `*` is any run of characters but `/`, `?` one such character, `[…]` a class, `\` escapes the
 *   next character, `**` any number of folders (none too), `dir/**` everything under `dir`;
 * - a pattern that matches a folder matches everything in it; the last pattern that matches a path
 *   (or one of its folders) decides: excluded, or kept by an exception.
 *
 * Pure.
 */

export interface IgnorePattern {
  /** As cleaned: what a message shows. */
  text: string;
  exclusion: boolean;
  /** Whether `path` (slash-separated, relative to the context) matches. */
  match(path: string): boolean;
}

export interface Ignore {
  patterns: IgnorePattern[];
  /** Whether any pattern is an exception: an excluded folder may still hold a path that is kept. */
  exclusions: boolean;
}

/** What `parseIgnore` says of a line it cannot use. */
export interface IgnoreProblem {
  line: number;
  pattern: string;
  why: string;
}

/** Go's path.Clean: the shortest path naming the same file, lexically. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

/** Characters a regexp reads specially that a file pattern does not (moby's shouldEscape). */
const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
/** A character as a regexp's literal. */
const literal = (ch: string): string => (/[\^$\\.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch);
/** One character but `/`: a pair of UTF-16 halves is one (Go matches runes). */
const ONE = '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^/])';

/**
 * One cleaned pattern as a matcher (moby's Pattern.compile): exact, a prefix (`dir/**`), a suffix
 * (`**` then the rest), or a regexp. Throws on a pattern that is not one (an open `[`, a lone `\`).
 */
function compile(pattern: string): (path: string) => boolean {
  const chars = [...pattern];
  let re = '^';
  let type: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  for (let i = 0, at = 0; at < chars.length; i++) {
    const ch = chars[at++]!;
    if (ch === '*') {
      if (chars[at] === '*') {
        at++;
        if (chars[at] === '/') at++; // `**/` is `**`
        if (at >= chars.length) {
          if (type === 'exact') type = 'prefix';
          else {
            re += '.*';
            type = 'regexp';
          }
        } else {
          re += '(.*/)?';
          type = 'regexp';
        }
        if (i === 0) type = 'suffix';
      } else {
        re += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      re += ONE;
      type = 'regexp';
    } else if (ESCAPED.has(ch)) re += `\\${ch}`;
    else if (ch === '\\') {
      if (at >= chars.length) throw new Error('a "\\" at its end escapes nothing');
      re += literal(chars[at++]!);
      type = 'regexp';
    } else if (ch === '[' || ch === ']') {
      re += ch;
      type = 'regexp';
    } else re += ch;
  }
  // Compiled even when not used: a bad class fails here, as filepath.Match's check does in moby.
  let regexp: RegExp;
  try {
    // Without the `u` flag, as RE2 reads a lone `]` (a literal) and escapes.
    regexp = new RegExp(`${re}$`);
  } catch {
    throw new Error('not a valid pattern (an unclosed or bad "[…]"?)');
  }
  switch (type) {
    case 'exact':
      return (p) => p === pattern;
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      return (p) => p.startsWith(prefix);
    }
    case 'suffix': {
      const suffix = pattern.slice(2);
      return (p) => p.endsWith(suffix) || (suffix.startsWith('/') && p === suffix.slice(1));
    }
    default:
      return (p) => regexp.test(p);
  }
}

/**
 * The lines of an ignore file as patterns (moby's ignorefile.ReadAll, then patternmatcher.New);
 * a line that is not a pattern is a problem, named by its line and text.
 */
export function parseIgnore(text: string): { ignore: Ignore; problems: IgnoreProblem[] } {
  const patterns: IgnorePattern[] = [];
  const problems: IgnoreProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('#')) return;
    let p = line.trim();
    if (p === '') return;
    const exclusion = p.startsWith('!');
    if (exclusion) p = p.slice(1).trim();
    if (p !== '') {
      p = cleanPath(p);
      if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
    }
    if (p === '') {
      problems.push({ line: index + 1, pattern: line.trim(), why: 'an exception ("!") with no pattern' });
      return;
    }
    try {
      patterns.push({ text: p, exclusion, match: compile(p) });
    } catch (err) {
      problems.push({ line: index + 1, pattern: line.trim(), why: (err as Error).message });
    }
  });
  return { ignore: { patterns, exclusions: patterns.some((x) => x.exclusion) }, problems };
}

/** Which patterns matched a folder (moby's MatchInfo): its paths inherit them. */
export type ParentMatches = boolean[] | undefined;

/**
 * Whether `path` is excluded, and what its own entries inherit (moby's MatchesUsingParentResults):
 * `parent` is what its folder got; undefined at the top, or when not known (its folders are then
 * matched one by one, as MatchesOrParentMatches does).
 */
export function excluded(ignore: Ignore, path: string, parent: ParentMatches = undefined): { excluded: boolean; matches: boolean[] } {
  let matched = false;
  const matches = ignore.patterns.map(() => false);
  const slash = path.lastIndexOf('/');
  const folders = slash > 0 ? path.slice(0, slash).split('/') : [];
  ignore.patterns.forEach((pattern, i) => {
    let match = parent?.[i] ?? false;
    if (!match) {
      if (pattern.exclusion !== matched) return;
      match = pattern.match(path);
      if (!match && parent === undefined)
        for (let n = 1; n <= folders.length && !match; n++) match = pattern.match(folders.slice(0, n).join('/'));
    }
    matches[i] = match;
    if (match) matched = !pattern.exclusion;
  });
  return { excluded: matched, matches };
}
