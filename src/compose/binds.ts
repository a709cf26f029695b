/**
 * Bind mounts, and the files behind `secrets:` and `configs:` (compose mounts those from the
 * engine's host too, outside a swarm): paths the ENGINE opens, on its own host. Compose resolves
 * a relative one against the project directory as the step sees it. When the step runs in a
 * container (a workflow's `container:` mounts the host's work folder at `/__w`), that path is the
 * container's, and the engine would mount whatever its host has there (an empty folder it
 * creates). {@link translateBinds} gives each such path as the host has it, through the mounts
 * of the step's container, in an override file; compose merges a service's `volumes` by target
 * (v1 and v2 alike), so the override replaces just those entries.
 */
import * as path from 'node:path';
import type { BindMount, BindTranslation, FileResource, Moved } from './model-types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const KIND_WORD: Record<FileResource['kind'], string> = { secrets: 'secret', configs: 'config', volumes: 'volume' };

/** `secret token`, `volume data`: a file resource as the summary names it. */
export const describeResource = (r: FileResource): string => `${KIND_WORD[r.kind]} ${r.name}`;

/**
 * A service's bind mounts, from its `volumes:` in `compose config`'s output (v2: long form,
 * `type: bind`; v1: `/abs:/target:rw`, or long form where the file had it) or a raw file's
 * (`./data:/data`). Named volumes, anonymous volumes and tmpfs are not binds. Pure.
 */
export function parseBinds(volumes: unknown): BindMount[] {
  if (!Array.isArray(volumes)) return [];
  const out: BindMount[] = [];
  for (const v of volumes) {
    if (typeof v === 'string') {
      const [source, target] = v.split(':');
      // A source naming a path (not a volume's name) makes a bind: /abs, ./rel, ../rel, ~/x.
      if (source && target && /^(?:\/|\.|~)/.test(source)) out.push({ source, target, entry: v });
    } else if (isObj(v) && v.type === 'bind' && typeof v.source === 'string' && typeof v.target === 'string') {
      out.push({ source: v.source, target: v.target, entry: v });
    }
  }
  return out;
}

/**
 * Top-level secrets and configs backed by a file, and named volumes that bind a folder of the
 * engine's host (the local driver with `o: bind` and a `device` path). Pure.
 */
export function parseFileResources(doc: unknown): FileResource[] {
  const out: FileResource[] = [];
  if (!isObj(doc)) return out;
  for (const kind of ['secrets', 'configs'] as const) {
    const section = doc[kind];
    if (!isObj(section)) continue;
    for (const [name, r] of Object.entries(section)) if (isObj(r) && typeof r.file === 'string') out.push({ kind, name, file: r.file });
  }
  if (isObj(doc.volumes))
    for (const [name, v] of Object.entries(doc.volumes)) {
      const opts = isObj(v) && isObj(v.driver_opts) ? v.driver_opts : undefined;
      const local = isObj(v) && (v.driver === undefined || v.driver === 'local') && v.external !== true && !isObj(v.external);
      if (local && opts && typeof opts.device === 'string' && /(^|,)\s*r?bind\s*(,|$)/.test(String(opts.o ?? '')))
        out.push({ kind: 'volumes', name, file: opts.device, entry: v as Obj });
    }
  return out;
}

/** Whether `p` is `dir` or lies under it (a trailing slash on `dir` or not). Pure. */
export function isWithin(p: string, dir: string): boolean {
  const d = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  return p === d || p.startsWith(d.endsWith('/') ? d : `${d}/`);
}

/** A mount of the step's own container, as `docker inspect` gives it. */
export interface OwnMount {
  /** Where the engine's host has it (a bind's source, a local volume's folder). */
  source: string;
  /** Where this container has it. */
  destination: string;
}

/**
 * Where the engine's host has `p`, a path of this container: through the deepest mount holding
 * it; undefined when no mount does (the path is in this container's own file system). Pure.
 */
export function hostPathOf(p: string, mounts: readonly OwnMount[]): string | undefined {
  const norm = path.posix.normalize(p);
  let best: { source: string; dir: string } | undefined;
  for (const m of mounts) {
    if (!m.source || !m.destination.startsWith('/')) continue;
    const dir = m.destination.replace(/\/+$/, '') || '/';
    if (isWithin(norm, dir) && (!best || dir.length > best.dir.length)) best = { source: m.source, dir };
  }
  if (!best) return undefined;
  return path.posix.join(best.source, best.dir === '/' ? norm : norm.slice(best.dir.length)) || '/';
}

/** Compose reads `$` in a file as interpolation: a literal one is `$$`. */
const literal = (s: string): string => s.replaceAll('$', () => '$$');

/**
 * The override that gives every bind source and secret or config file as the engine's host has
 * it, through the mounts of the step's container. A path no mount holds is left as it is (a host
 * path such as /etc/localtime or the engine's socket is meant as the host's), and listed as
 * missing when it lies under one of `within` (the project directory, the workspace): those are
 * the repository's files, which the engine's host does not have there. Pure.
 */
export function translateBinds(
  services: ReadonlyArray<{ name: string; binds?: BindMount[] }>,
  resources: readonly FileResource[],
  mounts: readonly OwnMount[],
  within: readonly string[],
): BindTranslation {
  const moved: Moved[] = [];
  const missing: BindTranslation['missing'] = [];
  const under = (p: string): boolean => within.some((w) => isWithin(p, w));
  const hostPath = (what: string, p: string): string | undefined => {
    const to = hostPathOf(p, mounts);
    if (to === undefined) {
      if (under(p)) missing.push({ what, path: p });
      return undefined;
    }
    if (to === path.posix.normalize(p)) return undefined;
    moved.push({ what, from: p, to });
    return to;
  };
  const override: { services: Obj; secrets?: Obj; configs?: Obj; volumes?: Obj } = { services: {} };
  for (const s of services) {
    const volumes: Array<string | Obj> = [];
    for (const b of s.binds ?? []) {
      const to = hostPath(`service ${s.name}, ${b.target}`, b.source);
      if (to === undefined) continue;
      if (typeof b.entry === 'string') {
        const rest = b.entry.slice(b.entry.indexOf(':'));
        volumes.push(literal(`${to}${rest}`));
      } else volumes.push(mapLiteral({ ...b.entry, source: to }));
    }
    if (volumes.length > 0) override.services[s.name] = { volumes };
  }
  for (const r of resources) {
    const to = hostPath(describeResource(r), r.file);
    if (to === undefined) continue;
    // A volume's whole entry, so a compose that replaces top-level entries rather than merging keeps the rest.
    (override[r.kind] ??= {})[r.name] =
      r.kind === 'volumes' && r.entry
        ? mapLiteral({ ...r.entry, driver_opts: { ...(r.entry.driver_opts as Obj), device: to } })
        : { file: literal(to) };
  }
  return { override: moved.length > 0 ? `${JSON.stringify(override, null, 2)}\n` : undefined, moved, missing };
}

/** Every string of a config entry as a literal for compose (its `$` doubled). */
function mapLiteral(v: unknown): Obj {
  const walk = (x: unknown): unknown =>
    typeof x === 'string'
      ? literal(x)
      : Array.isArray(x)
        ? x.map(walk)
        : isObj(x)
          ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]))
          : x;
  return walk(v) as Obj;
}
