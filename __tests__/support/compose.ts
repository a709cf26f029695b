/**
 * Which compose a Docker suite runs on. GitHub's runners have the compose v2 plugin (with buildx,
 * so builds use BuildKit); self-hosted ones may still have Python compose v1. Every Docker suite
 * runs on v2 first, and again on v1 where v1 behaves differently.
 *
 * The choice is made the way a runner's own setup makes it, through DOCKER_CONFIG: for v2, a
 * folder whose `cli-plugins` links to the compose and buildx plugins that `.ci/newer-docker.sh`
 * installs (in COMPOSE_V2_DIR, default /opt/compose-v2); for v1, a folder with no plugin, so
 * `docker compose` is not a command and the action falls back to `docker-compose`. A plugin
 * installed in a system folder cannot be hidden that way: v1 is then unavailable, and says why.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, type TestContext } from 'node:test';
import { parseComposeVersion } from '../../src/compose/version.js';

export type ComposeName = 'v2' | 'v1';

export interface ComposeUnderTest {
  name: ComposeName;
  /** For test names and the log: "compose v2 2.26.1-4 (docker compose, BuildKit)". */
  label: string;
  /** The environment that selects this compose; give it to every run of the action. */
  env: Record<string, string>;
  available: boolean;
  /** Why it is not available (or what it is). */
  reason: string;
  /** As `compose version --short` printed it. */
  version: string | undefined;
}

export const COMPOSE_V2_DIR = process.env.COMPOSE_V2_DIR || '/opt/compose-v2';

let configRoot: string | undefined;
/** A DOCKER_CONFIG folder of our own, its cli-plugins linked to `plugins` (removed at exit). */
function dockerConfig(name: string, plugins: string[]): string {
  if (!configRoot) {
    configRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-docker-config-'));
    const root = configRoot;
    process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  }
  const dir = path.join(configRoot, name);
  fs.mkdirSync(path.join(dir, 'cli-plugins'), { recursive: true });
  for (const p of plugins) {
    const link = path.join(dir, 'cli-plugins', path.basename(p));
    if (!fs.existsSync(link)) fs.symlinkSync(p, link);
  }
  return dir;
}

/** `argv --short`'s output with this environment, or undefined when it fails. */
function versionOf(argv: string[], env: Record<string, string>): string | undefined {
  try {
    const [file, ...args] = argv as [string, ...string[]];
    return execFileSync(file, [...args, 'version', '--short'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    }).trim();
  } catch {
    return undefined;
  }
}

function v2(): ComposeUnderTest {
  const plugins = ['docker-compose', 'docker-buildx'].map((p) => path.join(COMPOSE_V2_DIR, 'cli-plugins', p));
  const missing = plugins.filter((p) => !fs.existsSync(p));
  const base = { name: 'v2' as const, env: {} as Record<string, string>, version: undefined };
  if (missing.length) {
    return {
      ...base,
      label: 'compose v2 (not installed)',
      available: false,
      reason: `compose v2 is not installed: ${missing.join(', ')} missing (run .ci/newer-docker.sh)`,
    };
  }
  const env = { DOCKER_CONFIG: dockerConfig('v2', plugins) };
  const version = versionOf(['docker', 'compose'], env);
  return {
    name: 'v2',
    label: `compose v2 ${version ?? '?'} (docker compose, BuildKit)`,
    env,
    available: version !== undefined,
    reason: version ? `docker compose ${version}` : `'docker compose version' failed with DOCKER_CONFIG=${env.DOCKER_CONFIG}`,
    version,
  };
}

function v1(): ComposeUnderTest {
  const env = { DOCKER_CONFIG: dockerConfig('v1', []) };
  const base = { name: 'v1' as const, env, version: undefined };
  const plugin = versionOf(['docker', 'compose'], env);
  if (plugin !== undefined) {
    return {
      ...base,
      label: 'compose v1 (cannot be chosen)',
      available: false,
      reason: `a compose plugin (${plugin}) is installed in a system folder, so 'docker compose' cannot be hidden and v1 cannot be chosen`,
    };
  }
  const version = versionOf(['docker-compose'], env);
  if (version === undefined || parseComposeVersion(version)?.major !== 1) {
    return {
      ...base,
      label: 'compose v1 (not installed)',
      available: false,
      reason: version ? `docker-compose is ${version}, not v1` : 'docker-compose (v1) is not installed',
    };
  }
  return {
    ...base,
    label: `compose v1 ${version} (docker-compose, classic builder)`,
    available: true,
    reason: `docker-compose ${version}`,
    version,
  };
}

let found: ComposeUnderTest[] | undefined;
/** Both composes, v2 first, each with whether it can run here (asked once per process). */
export function composesUnderTest(): ComposeUnderTest[] {
  found ??= [v2(), v1()];
  return found;
}

/**
 * Gate a test on its compose. Missing: fails under `CI=true` (CI must run both), else skips
 * with the reason and returns false; the caller must then `return`.
 */
export function requireCompose(t: TestContext, c: ComposeUnderTest): boolean {
  if (c.available) return true;
  if (process.env.CI === 'true') throw new Error(`this suite runs on ${c.name} (CI=true, so it is not skipped): ${c.reason}`);
  t.skip(`needs ${c.name}: ${c.reason}`);
  return false;
}

/**
 * A describe() per compose, named for it ("docker path [compose v2 2.26.1-4 (docker compose,
 * BuildKit)]"), so the log says which compose each suite ran on. `only` limits it to some.
 */
export function describeEachCompose(title: string, body: (c: ComposeUnderTest) => void, only: ComposeName[] = ['v2', 'v1']): void {
  for (const c of composesUnderTest().filter((x) => only.includes(x.name))) describe(`${title} [${c.label}]`, () => body(c));
}
