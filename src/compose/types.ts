/**
 * Shapes of compose itself that the layers above hand on: its version, how to run it, and which
 * project it runs on. A leaf,
 * so that docker/ (which finds compose) and compose/ (which runs it) both import it downward.
 */

export interface ComposeVersion {
  major: number;
  minor: number;
  patch: number;
  /** As compose printed it, trimmed: `2.26.1-4`, `v2.38.2`, `1.29.2`. */
  text: string;
}

/** [major, minor, patch] */
export type VersionTriple = readonly [number, number, number];

/** How to run compose, as found: the plugin or the standalone program, and its version. */
export interface ComposeCommand {
  /** 'plugin' = `docker compose` (v2), 'standalone' = `docker-compose` (v1 or v2 standalone). */
  kind: 'plugin' | 'standalone';
  /** Command prefix. */
  argv: string[];
  /** Undefined when compose answered but printed no version the action can read (a dev build). */
  version: ComposeVersion | undefined;
}

/** Which project a compose command runs on: the compose, the name, the directory, the files. */
export interface ComposeTarget {
  compose: Pick<ComposeCommand, 'argv' | 'version'>;
  projectName: string;
  projectDirectory: string;
  files: string[];
  /** Override files the action wrote (isolate), after the user's; not part of `compose-files`. */
  overrides?: string[];
}
