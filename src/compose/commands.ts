/**
 * Argument builders for compose: pure functions of the plan, tested by tables.
 */
import type { ComposeTarget } from './types.js';
import type { PullPolicy } from '../inputs.js';
import { supports } from './version.js';

/** The prefix every compose call shares: which project, which directory, which files. */
export function baseArgs(t: ComposeTarget): string[] {
  return [
    ...t.compose.argv,
    '--project-name',
    t.projectName,
    '--project-directory',
    t.projectDirectory,
    ...[...t.files, ...(t.overrides ?? [])].flatMap((f) => ['-f', f]),
  ];
}

export function configArgs(t: ComposeTarget): string[] {
  return [...baseArgs(t), 'config'];
}

export interface UpOptions {
  build: boolean;
  pull: PullPolicy;
  upFlags: string[];
  services: string[];
}

/**
 * `up -d`. Compose 2.8 and later take `--pull`; older ones have none, so `always` is emulated by
 * {@link pullArgs} before `up` and `never` by checking images beforehand.
 */
export function upArgs(t: ComposeTarget, o: UpOptions): string[] {
  const args = [...baseArgs(t), 'up', '--detach'];
  if (o.build) args.push('--build');
  if (supports(t.compose.version, 'up-pull') && o.pull !== 'missing') args.push('--pull', o.pull);
  return [...args, ...o.upFlags, ...o.services];
}

/** `pull` for a compose without `up --pull`, with pull: always; undefined when no separate pull is needed. */
export function pullArgs(t: ComposeTarget, o: UpOptions): string[] | undefined {
  if (supports(t.compose.version, 'up-pull') || o.pull !== 'always') return undefined;
  return [...baseArgs(t), 'pull', ...o.services];
}

/** Remove the stack: containers, networks, volumes, orphans; a short grace period (test stacks hold nothing). */
export function downArgs(t: ComposeTarget, graceSeconds = 2): string[] {
  return [...baseArgs(t), 'down', '--volumes', '--remove-orphans', '--timeout', String(graceSeconds)];
}

/** Log tail of some services, no colours or prefixes beyond compose's own. */
export function logsArgs(t: ComposeTarget, services: string[], tail: number): string[] {
  return [...baseArgs(t), 'logs', '--no-color', '--timestamps', '--tail', String(tail), ...services];
}
