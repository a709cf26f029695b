/**
 * The shapes of the build key (issue 28): a service compose builds as the key reads it, its build
 * context as hashed, the list of what the key covered (saved beside the image, so that a later
 * run can name what changed), where a restored image came from, and what the post step saves. A
 * leaf: data only.
 */

/** One path of a build context, as the build key hashes it. */
export interface ContextEntry {
  /** Slash-separated, relative to the context. */
  path: string;
  kind: 'file' | 'dir' | 'link' | 'other';
  /** Permission bits, 4 octal digits. */
  mode: string;
  /** SHA-256 of a file's content or a link's target; empty for a folder. */
  digest: string;
  size?: number;
}

/** A build context hashed: its one digest, and each entry the ignore rules kept, sorted by path. */
export interface ContextDigest {
  digest: string;
  entries: ContextEntry[];
  /** The files' bytes read. */
  bytes: number;
  durationMs: number;
}

/** A service compose builds, as the build key reads it (src/images/stack-images.ts gives it). */
export interface BuildSource {
  service: string;
  /** The image's name when the compose file gives one (`image:`); else compose names it by project and service. */
  image: string | undefined;
  /** The context folder (absolute); undefined for a remote one. */
  context: string | undefined;
  /** Where the build is, relative to the project directory (`app`, `app/Dockerfile.dev`, `app (inline)`): the same on every runner. */
  where: string;
  /** The Dockerfile's path (absolute); undefined for `dockerfile_inline` (or a remote context). */
  dockerfile: string | undefined;
  /** The Dockerfile's text (`dockerfile_inline`'s, or the file's). */
  text: string;
  args: Record<string, string>;
  target: string | undefined;
  /** The service's `platform:`. */
  platform: string | undefined;
  /** What else `build:` says that changes the image (labels, network, secrets, …), as stable JSON. */
  options: string;
  /** The canonical references of the images its Dockerfile's `FROM` lines name. */
  bases: string[];
  pullPolicy: string | undefined;
  /** Why it can have no build key (a remote context, a Dockerfile that cannot be read, …). */
  unkeyed?: string;
}

/**
 * What a base image of a build is, for the build key: the digest of what the build will start
 * from (the engine's image when it has one, else the registry's answer), or why there is none:
 * `outage` when its registry could not be asked (the newest entry of the same context may serve).
 */
export type BaseDigest = { ok: true; digest: string } | { ok: false; outage: boolean; why: string };

/**
 * What the build key covered, saved beside the image (a small entry of its own) so that the next
 * run with another key can name what changed. Build arg values are hashed (they may be secrets).
 */
export interface BuildManifest {
  version: 1;
  key: string;
  service: string;
  /** SHA-256 of the Dockerfile's text. */
  dockerfile: string;
  /** Build arg name → SHA-256 of its value. */
  args: Record<string, string>;
  target: string | null;
  platform: string | null;
  /** SHA-256 of the other build options. */
  options: string;
  /** Base image (canonical) → digest. */
  bases: Record<string, string>;
  /** The context's entries, sorted by path: `[path, "<kind> <mode> <digest prefix>"]`. */
  entries: Array<[string, string]>;
}

/** Which run saved a built image's entry: `build.json` beside `image.tar` in it. */
export interface BuildOrigin {
  key: string;
  service: string;
  /** The engine's id of the image saved. */
  id: string;
  runId: string;
  runAttempt: string;
  /** `refs/heads/main`, as GITHUB_REF gave it. */
  ref: string;
  /** ISO 8601. */
  savedAt: string;
}

/** A built image the post step saves under its build key (cache-images), as the state carries it. */
export interface BuiltImageToSave {
  service: string;
  /** The name compose gave it. */
  image: string;
  key: string;
  /** The key of the small entry holding its manifest. */
  manifestKey: string;
  /** The entry's folder (image.tar and build.json go in it), under the images folder. */
  folder: string;
  /** The manifest entry's file, under the images folder (written by the main step). */
  manifest: string;
  /** The engine's id of what `up` built: the post step saves only that (a later step may retag). */
  id: string;
  /** Its base images (canonical): their layers are left out of its entry. */
  bases: string[];
}
