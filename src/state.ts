/**
 * What the post step needs, saved by the main step right before `up` starts so that a failed or
 * cancelled wait still tears down. Typed getters and setters over runner.saveState / runner.getState.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as runner from './runner.js';
import type { BuiltImageToSave } from './images/build-types.js';
import type { ImageToSave } from './images/types.js';
import type { DetachedRemoval } from './removal/types.js';
import type { Watcher } from './after-decision/types.js';
import type { Joined } from './stack/types.js';
import type { RemovalStack } from './removal/types.js';
import * as log from './log.js';

/** The stack as compose ran it, for the post step's teardown: the background removal's shape. */
export type TeardownState = RemovalStack;

const PLAN = 'teardown-plan';
const REMOVED = 'stack-removed';
const CANCELLED = 'main-cancelled';
const UP_STOPPED = 'up-stopped';
const IMAGES = 'image-cache';
const JOINED = 'joined-networks';
const DETACHED = 'detached-removal';
const WATCHER = 'after-decision-watcher';

/**
 * The images the main step pulled, and those `up` built (cache-images): the post step saves them to
 * the Actions cache (the built ones under their build keys).
 */
export interface ImageCacheState {
  images: ImageToSave[];
  built?: BuiltImageToSave[];
  engineEnv: Record<string, string>;
}

export function saveImageCacheState(state: ImageCacheState): void {
  runner.saveState(IMAGES, JSON.stringify(state));
}

export function readImageCacheState(): ImageCacheState | undefined {
  const raw = runner.getState(IMAGES);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as ImageCacheState;
    return Array.isArray(parsed.images) ? parsed : undefined;
  } catch {
    log.warning(`Saved state '${IMAGES}' is not valid JSON; no image is saved to the cache.`);
    return undefined;
  }
}

/** The main step was cancelled: its `up` was killed mid-way, so the post step looks again for what it left. */
export function saveCancelled(): void {
  runner.saveState(CANCELLED, 'true');
}

/** Save the stack the post step removes; a stack saved anew is not removed yet. */
export function saveTeardownState(state: TeardownState): void {
  runner.saveState(PLAN, JSON.stringify(state));
  runner.saveState(REMOVED, 'false');
}

/** Nothing was started after all (the daemon refused the early `up`): the post step has nothing to do. */
export function forgetTeardownState(): void {
  runner.saveState(PLAN, '');
  runner.saveState(REMOVED, 'false');
}

/**
 * Mark the stack as already removed by the main step, so the post step has nothing to remove;
 * when `up` was killed mid-way, it still looks by label for a container the engine created late.
 */
export function saveStackRemoved(upStopped = false): void {
  runner.saveState(REMOVED, 'true');
  if (upStopped) runner.saveState(UP_STOPPED, 'true');
}

export function readTeardownState(): {
  plan: TeardownState | undefined;
  removed: boolean;
  cancelled: boolean;
  /** `up` was killed mid-way before the main step removed the stack. */
  upStopped: boolean;
} {
  const raw = runner.getState(PLAN);
  let plan: TeardownState | undefined;
  if (raw !== '') {
    try {
      plan = JSON.parse(raw) as TeardownState;
    } catch {
      log.warning(`Saved state '${PLAN}' is not valid JSON; nothing to tear down.`);
    }
  }
  return {
    plan,
    removed: runner.getState(REMOVED) === 'true',
    cancelled: runner.getState(CANCELLED) === 'true',
    upStopped: runner.getState(UP_STOPPED) === 'true',
  };
}

/**
 * The networks of the project this step's container joined (a container job): the post step
 * leaves them before `down`, which cannot remove a network a container is still on.
 */
export function saveJoinedState(project: string, joined: Joined): void {
  runner.saveState(JOINED, JSON.stringify({ project, ...joined }));
}

export function readJoinedState(): ({ project: string } & Joined) | undefined {
  const raw = runner.getState(JOINED);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as { project: string } & Joined;
    return typeof parsed.container === 'string' && Array.isArray(parsed.networks) ? parsed : undefined;
  } catch {
    log.warning(`Saved state '${JOINED}' is not valid JSON; no network is left before the teardown.`);
    return undefined;
  }
}

/** The failed stack's removal runs in a background process (src/removal/): the post step waits for it. */
export function saveDetachedRemoval(removal: DetachedRemoval): void {
  runner.saveState(DETACHED, JSON.stringify(removal));
}

export function readDetachedRemoval(): DetachedRemoval | undefined {
  const raw = runner.getState(DETACHED);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as DetachedRemoval;
    return Number.isInteger(parsed.pid) && typeof parsed.resultFile === 'string' && typeof parsed.stack?.projectName === 'string'
      ? parsed
      : undefined;
  } catch {
    log.warning(`Saved state '${DETACHED}' is not valid JSON; the post step cannot wait for the background removal.`);
    return undefined;
  }
}

/** The watch after the decision (src/after-decision/): the post step ends it and reports what it saw. */
export function saveWatcher(w: Watcher): void {
  runner.saveState(WATCHER, JSON.stringify(w));
}

export function readWatcher(): Watcher | undefined {
  const raw = runner.getState(WATCHER);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Watcher;
    return Number.isInteger(parsed.pid) && typeof parsed.recordFile === 'string' && typeof parsed.jobFile === 'string' ? parsed : undefined;
  } catch {
    log.warning(`Saved state '${WATCHER}' is not valid JSON; what happened after the decision is not reported.`);
    return undefined;
  }
}

const LOG_SECRETS = 'log-secrets';

/**
 * The stack's secret values, for the post step's redaction of the final logs: in a file only this
 * user reads under RUNNER_TEMP (the state file would print them as STATE_ variables), named in state.
 */
export function saveLogSecrets(values: string[], env: NodeJS.ProcessEnv): void {
  try {
    const dir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'compose-or-staging');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `log-secrets-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
    runner.saveState(LOG_SECRETS, file);
  } catch (err) {
    log.warning(`Could not keep the stack's secrets for the post step (its logs would not be redacted): ${String(err)}`);
  }
}

/** The values {@link saveLogSecrets} kept; [] when none. */
export function readLogSecrets(): string[] {
  const file = runner.getState(LOG_SECRETS);
  if (!file) return [];
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
