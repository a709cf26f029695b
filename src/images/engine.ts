/**
 * The engine's side of the image cache: which images it has, and `docker pull`, `load` and
 * `save`, each one CLI call with a time limit.
 */
import { describeFailure, exec } from '../exec.js';
import { parseReference, type ImageReference } from './reference.js';

/** The canonical references of the images the engine has, by tag and by repository digest. */
export async function localImages(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Set<string> | { error: string }> {
  const r = await exec(['docker', 'image', 'ls', '--digests', '--no-trunc', '--format', '{{.Repository}}\t{{.Tag}}\t{{.Digest}}'], {
    env,
    timeoutMs,
  });
  if (r.code !== 0) return { error: describeFailure(r) };
  return parseImageList(r.stdout);
}

/** `docker image ls` rows (`repository TAB tag TAB digest`) as canonical references. Pure. */
export function parseImageList(stdout: string): Set<string> {
  const out = new Set<string>();
  for (const line of stdout.split('\n')) {
    const [repo = '', tag = '', digest = ''] = line.trim().split('\t');
    if (!repo || repo === '<none>') continue;
    for (const written of [tag && tag !== '<none>' ? `${repo}:${tag}` : '', digest && digest !== '<none>' ? `${repo}@${digest}` : '']) {
      const ref = written ? parseReference(written) : undefined;
      if (ref && !('error' in ref)) out.add(ref.canonical);
    }
  }
  return out;
}

export interface ImageFacts {
  id: string;
  sizeBytes: number;
  /** The digest its registry knows it by (what it was pulled by), for this reference's repository. */
  digest: string | undefined;
}

/** What the engine knows of an image it has; undefined when it has none by that name. */
export async function imageFacts(ref: ImageReference, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ImageFacts | undefined> {
  const r = await exec(['docker', 'image', 'inspect', '--format', '{{.Id}}\t{{.Size}}\t{{json .RepoDigests}}', ref.canonical], {
    env,
    timeoutMs,
  });
  if (r.code !== 0) return undefined;
  const [id = '', size = '', digests = '[]'] = r.stdout.trim().split('\t');
  return { id, sizeBytes: Number(size) || 0, digest: repoDigestFor(ref, digests) };
}

/** Of `["busybox@sha256:…", …]`, the digest recorded for `ref`'s registry and repository. Pure. */
export function repoDigestFor(ref: ImageReference, repoDigestsJson: string): string | undefined {
  let list: unknown;
  try {
    list = JSON.parse(repoDigestsJson);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  for (const entry of list) {
    const parsed = typeof entry === 'string' ? parseReference(entry) : undefined;
    if (parsed && !('error' in parsed) && parsed.registry === ref.registry && parsed.repository === ref.repository && parsed.digest)
      return parsed.digest;
  }
  return undefined;
}

/**
 * Which of `refs` (canonical references) the engine lacks, asked in one call: all that a stack
 * whose images are there pays. Undefined when the engine could not say (no daemon, say).
 */
export async function lackedImages(
  refs: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Set<string> | undefined> {
  if (refs.length === 0) return new Set();
  const r = await exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', ...refs], { env, timeoutMs, signal });
  return r.timedOut || r.aborted || r.spawnError ? undefined : lackedFromInspect(r.code, r.stderr, refs);
}

/**
 * What `docker image inspect a b c` said, as the references the engine lacks: each has a
 * `No such image: <name>` line (the engine may shorten the name: `busybox:1` for
 * `docker.io/library/busybox:1`). Any other complaint: undefined. Pure.
 */
export function lackedFromInspect(code: number | null, stderr: string, refs: string[]): Set<string> | undefined {
  if (code === 0) return new Set();
  const lacked = new Set<string>();
  for (const line of stderr.split('\n').filter((l) => l.trim() !== '')) {
    const named = /No such image: (\S+)/i.exec(line)?.[1];
    const ref = named ? parseReference(named) : undefined;
    if (!ref || 'error' in ref || !refs.includes(ref.canonical)) return undefined;
    lacked.add(ref.canonical);
  }
  return lacked.size > 0 ? lacked : undefined;
}

export type EngineResult =
  | { ok: true; durationMs: number }
  /** `stopped`: killed at its time limit, or by the signal. */
  | { ok: false; detail: string; durationMs: number; stopped: boolean };

const result = (r: Awaited<ReturnType<typeof exec>>): EngineResult =>
  r.code === 0
    ? { ok: true, durationMs: r.durationMs }
    : { ok: false, detail: describeFailure(r), durationMs: r.durationMs, stopped: r.timedOut || r.aborted };

/** One `docker pull` (of the service's `platform:`, when it names one). */
export async function pullImage(
  ref: ImageReference,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  signal?: AbortSignal,
  platform?: string,
): Promise<EngineResult> {
  const argv = ['docker', 'pull', '--quiet', ...(platform ? ['--platform', platform] : []), ref.canonical];
  return result(await exec(argv, { env, timeoutMs, signal }));
}

export async function loadImage(file: string, env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<EngineResult> {
  return result(await exec(['docker', 'load', '--quiet', '--input', file], { env, timeoutMs, signal }));
}

/**
 * One image into `file`: by reference, its name and tag kept (a load gives it back by that name);
 * by id (a built image), no name (a load gives it back untagged, to be tagged as this run names it).
 */
export async function saveImage(
  what: ImageReference | string,
  file: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<EngineResult> {
  return result(await exec(['docker', 'save', '--output', file, typeof what === 'string' ? what : what.canonical], { env, timeoutMs }));
}

/** `docker tag`: `source` (an id or a name) also known as `target`. */
export async function tagImage(source: string, target: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<EngineResult> {
  return result(await exec(['docker', 'tag', source, target], { env, timeoutMs }));
}

/** The id and size of the image `name` (or id) names; undefined when the engine has none by it. */
export async function imageIdOf(
  name: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ id: string; sizeBytes: number } | undefined> {
  const r = await exec(['docker', 'image', 'inspect', '--format', '{{.Id}}\t{{.Size}}', name], { env, timeoutMs });
  if (r.code !== 0) return undefined;
  const [id = '', size = ''] = r.stdout.trim().split('\t');
  return id ? { id, sizeBytes: Number(size) || 0 } : undefined;
}
