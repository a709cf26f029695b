/**
 * The build key of a service compose builds (issue 28): a digest of everything its build reads,
 *
 *   the Dockerfile's text (`dockerfile_inline`'s, or the file's: its `ARG` defaults with it), the
 *   build args, `target`, the service's `platform`, the other `build:` options (labels, network,
 *   secrets' names, …), the context's files that the `.dockerignore` lets through (content and
 *   mode: src/images/context-hash.ts), the digests of its `FROM` images, and the engine's
 *   OS/architecture,
 *
 * and what is not in it: what a `RUN` fetches from the network (a `RUN curl` of a moving URL is
 * kept until something above changes), the contents of build secrets, and an image named by
 * `COPY --from=<image>` (its reference is in the Dockerfile's text, not its digest).
 *
 * The key reads `compose-or-staging-build-v1-<os/arch>-<service>-<scope>-<content>-<bases>`: the
 * scope (where the build is) and the content first, so that the newest entry of the same content
 * can be restored when a base image's registry cannot be asked, and the newest of the same scope
 * names what changed. Pure.
 */
import { createHash } from 'node:crypto';
import type { BuildManifest, BuildSource, ContextDigest } from './build-types.js';

/** Changes when what an entry holds changes shape (image.tar and build.json in one folder, today). */
const KEY_VERSION = 'v1';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A service name fit for a key (keys are at most 512 characters, and hold no comma). */
const keyName = (service: string): string => (service.length <= 64 && /^[\w.-]+$/.test(service) ? service : sha(service).slice(0, 16));

/** Every key of one build: the image's entry, and the small entry of what its key covered. */
export interface BuildKeys {
  /** Undefined when a base image's digest is unknown (its registry is out of reach). */
  key: string | undefined;
  /** The newest entry of the same content, whatever its base images (an outage's way out). */
  restoreKeys: string[];
  manifestKey: string | undefined;
  /** The newest manifest saved for this service and place: what the previous key covered. */
  manifestPrefix: string;
  /** The name of the image entry's folder: the same for every key of this scope, as the library's version needs. */
  entryName: string;
  /** The manifest entry's file name, alike. */
  manifestName: string;
}

/** The name of a build's entry (a folder): one per platform, service and place, as the library's version needs. */
export const entryNameOf = (platform: string, src: BuildSource): string =>
  `build-${sha(`${platform}\n${src.service}\n${src.where}`).slice(0, 24)}`;

/** The digest of everything but the context's files and the base images: the text and the options. */
function recipeDigest(src: BuildSource): string {
  const args = Object.entries(src.args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha(
    JSON.stringify({ dockerfile: sha(src.text), args, target: src.target ?? null, platform: src.platform ?? null, options: src.options }),
  );
}

/**
 * The keys of `src` on `platform` (the engine's `linux/amd64`), its context hashed as `context`,
 * its base images' digests `bases` (canonical → digest; undefined when one is unknown).
 */
export function buildKeys(
  platform: string,
  src: BuildSource,
  context: ContextDigest,
  bases: Record<string, string> | undefined,
): BuildKeys {
  const scope = sha(`${src.service}\n${src.where}`).slice(0, 12);
  const content = sha(`${recipeDigest(src)}\n${context.digest}`).slice(0, 32);
  const name = keyName(src.service);
  const basesPart = bases
    ? sha(
        Object.entries(bases)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([ref, digest]) => `${ref} ${digest}\n`)
          .join(''),
      ).slice(0, 16)
    : undefined;
  const prefix = (kind: string): string => `compose-or-staging-${kind}-${KEY_VERSION}-${platform}-${name}-${scope}-`;
  const entryName = entryNameOf(platform, src);
  return {
    key: basesPart ? `${prefix('build')}${content}-${basesPart}` : undefined,
    restoreKeys: [`${prefix('build')}${content}-`],
    manifestKey: basesPart ? `${prefix('build-manifest')}${content}-${basesPart}` : undefined,
    manifestPrefix: prefix('build-manifest'),
    entryName,
    manifestName: `${entryName}.manifest.json`,
  };
}

/** What the key `key` covered, for the next run to compare with (src/images/build-change.ts). */
export function buildManifest(key: string, src: BuildSource, context: ContextDigest, bases: Record<string, string>): BuildManifest {
  return {
    version: 1,
    key,
    service: src.service,
    dockerfile: sha(src.text),
    args: Object.fromEntries(Object.entries(src.args).map(([k, v]) => [k, sha(v)])),
    target: src.target ?? null,
    platform: src.platform ?? null,
    options: sha(src.options),
    bases,
    entries: context.entries.map((e) => [e.path, `${e.kind} ${e.mode} ${e.digest.slice(0, 16)}`]),
  };
}
