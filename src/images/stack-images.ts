/**
 * The images a stack pulls, as the image cache sees them: each service's `image:` when it has no
 * `build:`, and the `FROM` images of the Dockerfiles of the services it builds; only the services
 * that start (the named ones and what they depend on, or all), one entry per image.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ComposeModel, ServiceSpec } from '../compose/model-types.js';
import { isRemoteContext } from '../compose/project-directory.js';
import { dockerfileBaseImages } from './cacheable.js';
import { parseReference, type ImageReference } from './reference.js';
import type { BuildSource } from './build-types.js';
import type { NeededImage } from './types.js';

export interface StackImage {
  /** As the compose file or the Dockerfile writes it. */
  written: string;
  ref: ImageReference;
  /** The services that use it: their own image, or a base of what they build. */
  services: string[];
  via: 'image' | 'build';
}

export interface StackImages {
  images: StackImage[];
  /** Services that are built. */
  built: string[];
  /** Each of them as its build key reads it. */
  builds: BuildSource[];
  /** What could not be read (a reference that is not one, a Dockerfile that cannot be read). */
  skipped: Array<{ service: string; what: string; why: string }>;
}

/** The services that start: `services` and, transitively, what they depend on; all when empty. */
export function startedServices(model: ComposeModel, services: string[]): string[] {
  if (services.length === 0) return [...model.services.keys()];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const svc = model.services.get(name);
    if (!svc || seen.has(name)) return;
    seen.add(name);
    for (const d of svc.dependsOn) if (d.required) visit(d.service);
  };
  for (const s of services) visit(s);
  return [...seen];
}

/**
 * The images `up` pulls when the engine lacks them: the `image:` of each service that starts and
 * is not built, one entry per image. A service whose `pull_policy` says otherwise than `missing`
 * (`always`, `never`, `build`, `daily`, …) is left to compose, which decides for it; with `pull:
 * always` (`anyPolicy`), `up --pull always` would override those too, so they are in. Pure.
 */
export function imagesUpPulls(model: ComposeModel, services: string[], anyPolicy = false): NeededImage[] {
  const byCanonical = new Map<string, NeededImage>();
  for (const name of startedServices(model, services)) {
    const svc = model.services.get(name)!;
    if (svc.build || !svc.image) continue;
    if (!anyPolicy && svc.pullPolicy !== undefined && !['missing', 'if_not_present'].includes(svc.pullPolicy)) continue;
    const ref = parseReference(svc.image);
    if ('error' in ref) continue; // compose says what is wrong with it
    // One pull per image and platform: the same image for two platforms is left to compose.
    const known = byCanonical.get(ref.canonical);
    if (known && known.platform === svc.platform) known.services.push(name);
    else if (!known)
      byCanonical.set(ref.canonical, { ref, written: svc.image, services: [name], ...(svc.platform ? { platform: svc.platform } : {}) });
  }
  return [...byCanonical.values()];
}

/**
 * Read from the files: the Dockerfiles of services that build (a `dockerfile_inline` from the
 * compose file itself, a remote context skipped).
 */
export function stackImages(model: ComposeModel, services: string[], projectDirectory: string): StackImages {
  const byCanonical = new Map<string, StackImage>();
  const built: string[] = [];
  const builds: BuildSource[] = [];
  const skipped: StackImages['skipped'] = [];
  /** The canonical reference it adds (undefined: not a reference). */
  const add = (written: string, service: string, via: StackImage['via']): string | undefined => {
    const ref = parseReference(written);
    if ('error' in ref) {
      skipped.push({ service, what: written, why: ref.error });
      return undefined;
    }
    const known = byCanonical.get(ref.canonical);
    if (known) {
      if (!known.services.includes(service)) known.services.push(service);
    } else byCanonical.set(ref.canonical, { written, ref, services: [service], via });
    return ref.canonical;
  };
  for (const name of startedServices(model, services)) {
    const svc = model.services.get(name)!;
    if (!svc.build) {
      if (svc.image) add(svc.image, name, 'image');
      continue;
    }
    built.push(name);
    const { source, unread } = buildSource(svc, projectDirectory);
    builds.push(source);
    if (unread) {
      skipped.push({ service: name, ...unread });
      continue;
    }
    const bases = dockerfileBaseImages(source.text, svc.build.args).map((base) => add(base, name, 'build'));
    source.bases = bases.filter((b): b is string => b !== undefined);
  }
  return { images: [...byCanonical.values()], built, builds, skipped };
}

/**
 * One built service as its build key reads it: its Dockerfile's text (a `dockerfile_inline` from
 * the compose file itself, wherever the context is), where it is, and what else it is built with.
 */
function buildSource(svc: ServiceSpec, projectDirectory: string): { source: BuildSource; unread?: { what: string; why: string } } {
  const build = svc.build!;
  const remote = isRemoteContext(build.context);
  const context = remote ? undefined : path.resolve(projectDirectory, build.context);
  const dockerfile = context && build.inline === undefined ? path.resolve(context, build.dockerfile) : undefined;
  const place = context ? path.relative(projectDirectory, context).split(path.sep).join('/') || '.' : build.context;
  const source: BuildSource = {
    service: svc.name,
    image: svc.image,
    context,
    where:
      build.inline !== undefined
        ? `${place} (dockerfile_inline)`
        : dockerfile
          ? `${place}: ${path.relative(context!, dockerfile).split(path.sep).join('/')}`
          : place,
    dockerfile,
    text: build.inline ?? '',
    args: build.args ?? {},
    target: build.target,
    platform: svc.platform,
    options: build.options ?? '',
    bases: [],
    pullPolicy: svc.pullPolicy,
  };
  const unkeyed = (why: string, what = dockerfile ?? build.context) => ({ source: { ...source, unkeyed: why }, unread: { what, why } });
  if (remote && build.inline !== undefined)
    return { source: { ...source, unkeyed: 'a remote build context: the build key cannot read it' } };
  if (remote) return unkeyed('a remote build context: its Dockerfile is not read');
  if (dockerfile) {
    try {
      source.text = fs.readFileSync(dockerfile, 'utf8');
    } catch (err) {
      return unkeyed(`cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  if (build.additionalContexts) source.unkeyed = 'it names additional_contexts, which the build key does not cover';
  return { source };
}
