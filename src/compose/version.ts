/**
 * Compose versions as they are printed in the wild, and what each version can do. Features are
 * decided by version, never by assuming the major is 2: GitHub's runners have 2.x today, an
 * ubuntu-26.04 runner already has 5.x, and self-hosted ones may still have Python 1.29. Pure.
 */

import type { ComposeVersion, VersionTriple } from './types.js';

export type { ComposeVersion, VersionTriple };

/**
 * The version in the output of `compose version` (with or without `--short`, or `--format json`),
 * in any of the forms seen in the wild: `Docker Compose version v2.38.2`, `2.26.1-4` (Debian),
 * `2.24.6+ds1-0ubuntu1~22.04.1` (Ubuntu), `v5.5.0`, `{"version":"v5.5.0"}`, `docker-compose
 * version 1.29.2, build unknown`. Undefined when none is found (a development build prints `dev`).
 */
export function parseComposeVersion(output: string): ComposeVersion | undefined {
  const m = /(?:^|[\s,])v?(\d+)\.(\d+)(?:\.(\d+))?([-+~][\w.+~-]*)?(?=[\s,]|$)/m.exec(jsonVersion(output) ?? output.trim());
  if (!m) return undefined;
  const [, major, minor, patch, suffix] = m;
  const text = `${major}.${minor}${patch !== undefined ? `.${patch}` : ''}${suffix ?? ''}`;
  return { major: Number(major), minor: Number(minor), patch: Number(patch ?? 0), text };
}

/** The `version` of `compose version --format json` (v2 and v5 alike), when that is what was printed. */
function jsonVersion(output: string): string | undefined {
  const t = output.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    const v: unknown = (JSON.parse(t) as { version?: unknown }).version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `v` is `since` or later. An unknown version counts as older than anything. */
export function atLeast(v: ComposeVersion | undefined, since: VersionTriple): boolean {
  if (!v) return false;
  const mine = [v.major, v.minor, v.patch];
  for (let i = 0; i < 3; i++) {
    const a = mine[i] as number;
    const b = since[i] as number;
    if (a !== b) return a > b;
  }
  return true;
}

export const formatTriple = (t: VersionTriple): string => t.join('.');

/** What the action uses of compose, and the first version that has it. */
export const FEATURES = {
  /** `up --pull always|never|missing`; older composes get `pull` before `up` and an image check. */
  'up-pull': [2, 8, 0],
  /** The `!reset` YAML tag in override files. */
  'reset-tag': [2, 24, 0],
  /** The `!override` YAML tag in override files. */
  'override-tag': [2, 24, 4],
} as const satisfies Record<string, VersionTriple>;

export type ComposeFeature = keyof typeof FEATURES;

/** Whether this compose has a feature. A version that could not be read has none of them. */
export function supports(v: ComposeVersion | undefined, feature: ComposeFeature): boolean {
  return atLeast(v, FEATURES[feature]);
}
