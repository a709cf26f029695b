/**
 * Where the step runs, as the engine sees it: on a host (the engine's, or one that reaches it), or
 * in a container of the very engine it talks to (a workflow's `container:`, act, a self-hosted
 * runner in Docker, with the engine's socket mounted). In that last case the stack's published
 * ports are on the engine's host, not in this container, so `localhost:<port>` reaches nothing;
 * the stack is reached on its own network instead (see src/stack/reach.ts).
 *
 * A container is recognised by `/.dockerenv` or by a container id in the mount table or the cgroup
 * file, and confirmed by asking the engine about that id: a container of another engine (a Docker
 * in Docker sidecar, a remote engine, a sandbox's own daemon) is not this engine's, and keeps the
 * published ports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { OwnMount } from '../compose/binds.js';
import { exec, lastLines } from '../exec.js';

export interface JobContainer {
  id: string;
  name: string;
  /** The networks it is on now (the engine's names). */
  networks: string[];
  /** Its mounts: where the engine's host has each folder it has (bind mount paths go through them). */
  mounts: OwnMount[];
}

export type Where =
  | { kind: 'host' }
  /** In a container, but not one the engine runs: published ports, as on a host. */
  | { kind: 'foreign-container'; why: string }
  | { kind: 'container'; container: JobContainer }
  /**
   * In a container of this engine that shares another network namespace (`--network host`, act's
   * default, or `container:<id>`): it cannot join another network, and reaches published ports as
   * that namespace does.
   */
  | { kind: 'shared-network'; container: JobContainer; mode: string };

/** What tells a container from the inside; read from the file system unless given (tests). */
export interface Signs {
  dockerenv: boolean;
  mountinfo: string;
  cgroup: string;
  hostname: string;
}

/**
 * Container ids this process may be running in, most certain first: the engine mounts each
 * container's own `hostname`, `hosts` and `resolv.conf` from `…/containers/<id>/` (cgroup v1 and
 * v2 alike), cgroup v1 names `/docker/<id>`, and a container's default host name is its short id.
 * Pure.
 */
export function containerIdCandidates(s: Pick<Signs, 'mountinfo' | 'cgroup' | 'hostname'>): string[] {
  const out: string[] = [];
  const add = (id: string | undefined): void => {
    if (id && !out.includes(id)) out.push(id);
  };
  for (const line of s.mountinfo.split('\n')) {
    const m = /\/containers\/([0-9a-f]{64})\/(?:hostname|hosts|resolv\.conf)\b/.exec(line);
    add(m?.[1]);
  }
  for (const line of s.cgroup.split('\n')) {
    add(/(?:\/docker[/-]|\/libpod-)([0-9a-f]{64})(?:\.scope)?$/.exec(line.trim())?.[1]);
  }
  if (/^[0-9a-f]{12,64}$/.test(s.hostname)) add(s.hostname);
  return out;
}

/** Whether the signs say "a container" at all (before asking the engine which). Pure. */
export function looksLikeContainer(s: Signs): boolean {
  return s.dockerenv || containerIdCandidates(s).some((id) => id.length === 64);
}

/** A file of this machine's own (/proc, /etc), or '' when it cannot be read. */
export function readIfPresent(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function readSigns(): Signs {
  return {
    dockerenv: fs.existsSync('/.dockerenv'),
    mountinfo: readIfPresent('/proc/self/mountinfo'),
    cgroup: readIfPresent('/proc/self/cgroup'),
    hostname: os.hostname(),
  };
}

interface InspectJson {
  Id: string;
  Name: string;
  Config?: { Hostname?: string };
  HostConfig?: { NetworkMode?: string };
  NetworkSettings?: { Networks?: Record<string, unknown> };
  Mounts?: Array<{ Type?: string; Source?: string; Destination?: string }>;
}

/** The mounts the engine's host has a path for: binds, and volumes of the local driver (their folder). */
function ownMounts(c: InspectJson): OwnMount[] {
  return (c.Mounts ?? []).flatMap((m) =>
    (m.Type === 'bind' || m.Type === 'volume') && m.Source && m.Destination ? [{ source: m.Source, destination: m.Destination }] : [],
  );
}

/**
 * Where this step runs: at once 'host' when nothing says "container"; else the engine is asked
 * about each candidate id (`docker inspect`), and one it knows, whose host name is this one's,
 * is this container.
 */
export async function locate(env: NodeJS.ProcessEnv, signs: Signs = readSigns(), timeoutMs = 10_000): Promise<Where> {
  if (!looksLikeContainer(signs)) return { kind: 'host' };
  const candidates = containerIdCandidates(signs);
  if (candidates.length === 0) return { kind: 'foreign-container', why: 'no container id in the mount table, the cgroup or the host name' };
  const r = await exec(['docker', 'inspect', '--type', 'container', ...candidates], { env, timeoutMs });
  let found: InspectJson[] = [];
  try {
    // Ids the engine does not know make inspect exit 1 but still print the others.
    if (r.stdout.trim().startsWith('[')) found = JSON.parse(r.stdout) as InspectJson[];
  } catch {
    found = [];
  }
  for (const id of candidates) {
    const c = found.find((x) => x.Id.startsWith(id));
    if (!c) continue;
    // The same id on another engine is unheard of; a host name equal to another container's id is not.
    if (c.Config?.Hostname !== undefined && c.Config.Hostname !== signs.hostname && id === signs.hostname) continue;
    const container = {
      id: c.Id,
      name: c.Name.replace(/^\//, ''),
      networks: Object.keys(c.NetworkSettings?.Networks ?? {}).sort(),
      mounts: ownMounts(c),
    };
    const mode = c.HostConfig?.NetworkMode ?? '';
    if (mode === 'host' || mode.startsWith('container:')) return { kind: 'shared-network', container, mode };
    return { kind: 'container', container };
  }
  const why =
    r.code !== 0 && found.length === 0
      ? `the engine does not know container ${candidates[0]!.slice(0, 12)} (${lastLines(r.stderr, 1) || `exit code ${r.code}`})`
      : `the engine does not know container ${candidates[0]!.slice(0, 12)}`;
  return { kind: 'foreign-container', why };
}
