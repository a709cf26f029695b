/**
 * Where the engine is, as the docker CLI would find it, read from the environment and the CLI's own
 * files without starting a process: DOCKER_HOST, else the current context's endpoint. And, when
 * that is a plain local socket, its path: the one the action may ask directly (engine-api.ts).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unixSocketOf } from './engine-api.js';

/**
 * The current context's endpoint, read from the CLI's own files as the CLI does, when that is
 * plain: the default context (no DOCKER_CONTEXT, no `currentContext` in config.json) is the
 * default socket, a named one says its host in its meta.json. Undefined: ask `docker context
 * inspect` (anything unusual, or Windows). A CLI call spared while `up` starts.
 */
export function contextHostFromFiles(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DOCKER_CONTEXT || process.platform === 'win32') return undefined;
  const dir = env.DOCKER_CONFIG || (env.HOME ? path.join(env.HOME, '.docker') : undefined);
  if (!dir) return undefined;
  try {
    let current: unknown;
    try {
      current = (JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { currentContext?: unknown }).currentContext;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
    if (current === undefined || current === '' || current === 'default') return 'unix:///var/run/docker.sock';
    if (typeof current !== 'string') return undefined;
    const meta = JSON.parse(
      fs.readFileSync(path.join(dir, 'contexts', 'meta', createHash('sha256').update(current).digest('hex'), 'meta.json'), 'utf8'),
    ) as { Endpoints?: { docker?: { Host?: unknown } } };
    const host = meta.Endpoints?.docker?.Host;
    return typeof host === 'string' && host ? host : undefined;
  } catch {
    return undefined;
  }
}

const sockets = new Map<string, string | undefined>();

/**
 * The local unix socket the CLI would talk to, when it would talk to nothing else: DOCKER_HOST
 * `unix://…`, or no DOCKER_HOST and a context read from the files (the default one, or a named one
 * on a unix socket). Undefined for a remote engine, TLS, ssh, or a context only the CLI can read.
 */
export function engineSocket(env: NodeJS.ProcessEnv): string | undefined {
  const key = [env.DOCKER_HOST, env.DOCKER_CONTEXT, env.DOCKER_CONFIG, env.HOME].join('\0');
  if (!sockets.has(key)) sockets.set(key, unixSocketOf(env.DOCKER_HOST || contextHostFromFiles(env)));
  return sockets.get(key);
}
