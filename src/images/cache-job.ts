/**
 * What the image cache asks a process of its own to do with `@actions/cache` (a restore or a
 * save: src/images/cache-child.ts starts it, src/images/cache-work.ts does it), and its answer.
 * Data only.
 */

export interface CacheJob {
  op: 'restore' | 'save';
  /** The entry file's folder: the process's working directory and GITHUB_WORKSPACE. */
  folder: string;
  /** The entry file's name in it: the one path the library is given. */
  name: string;
  key: string;
  /** Restore only: prefixes, newest entry first. */
  restoreKeys: string[];
  /** Marks the answer's line on stdout, which the library (and the service's text) cannot guess. */
  nonce: string;
}

/** A restore's matched key (null: none) or a save's entry id (-1: not saved); else what it threw. */
export type CacheAnswer = { ok: true; value: string | number | null } | { ok: false; error: string };

/** The start of the answer's line; the answer follows as JSON. */
export const answerMark = (nonce: string): string => `::compose-or-staging-cache-answer-${nonce}::`;
