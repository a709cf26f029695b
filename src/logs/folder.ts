/**
 * Where the complete logs go: `$RUNNER_TEMP/compose-or-staging/logs/<project>/<service>.log`, each
 * name made safe for a file system and for an artifact (no path separators, no characters the
 * artifact service refuses, no leading dot).
 */
import * as os from 'node:os';
import * as path from 'node:path';

/** A service or project name as one safe file name component. Pure. */
export function safeFileName(name: string): string {
  const s = name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100);
  return s === '' ? '_' : s;
}

/** The folder of a project's log files. */
export function logsFolder(env: NodeJS.ProcessEnv, project: string): string {
  return path.join(env.RUNNER_TEMP || os.tmpdir(), 'compose-or-staging', 'logs', safeFileName(project));
}

/** The file of one service's log in `folder`; distinct services whose safe names meet get a number. */
export function logFileOf(folder: string, service: string, taken: Set<string>): string {
  const base = safeFileName(service);
  let name = `${base}.log`;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}.log`;
  taken.add(name);
  return path.join(folder, name);
}
