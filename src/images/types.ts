/**
 * The shapes the images' stages share with the report: what became of one image (a summary row),
 * an image `up` needs on the engine, and what getting those images came to. A leaf: it imports
 * nothing but other leaves, so the report and the stages can both depend on it.
 */
import type { RegistryFailure } from '../failure-kinds.js';
import type { BuiltImageToSave } from './build-types.js';

/**
 * present: on the engine already. restored: from the entry of the digest the registry gives now.
 * restored-older: the registry could not be asked; the newest entry saved (maybe an older image).
 * pulled: pulled here (with cache-images: not in the cache; the post step saves it). missing:
 * neither (pinned by digest, which is not cacheable: compose pulls it; `pull: never`; or the pull
 * failed: `up` says why). skipped: not an image the cache can know (a Dockerfile that cannot be
 * read, say). built: a service's own image, built here (with its build key, the post step saves it).
 * A service's own image restored by its build key is `restored` (or `restored-older`: the newest
 * entry of the same context, its base image's registry out of reach), or `present`.
 */
export type ImageState = 'present' | 'restored' | 'restored-older' | 'pulled' | 'missing' | 'skipped' | 'built';

/** What became of one image; the summary's and the report's row. */
export interface ImageRecord {
  /** Canonical reference. */
  image: string;
  /** As the compose file or a Dockerfile wrote it. */
  written: string;
  services: string[];
  via: 'image' | 'build';
  state: ImageState;
  sizeBytes?: number;
  /** From the start of the step's work on it to the image on the engine. */
  durationMs?: number;
  /** The digest its registry gave, when it gave one. */
  digest?: string;
  /** The cache key it was restored from; a built image's build key (which the post step saves it under). */
  key?: string;
  /** How many pulls the step made of it: the last one worked, or every one failed. Absent: none. */
  tries?: number;
  detail: string;
}

/** `1 try`, `3 tries`: a row's tries, as the log, the summary and the report's details say them. Pure. */
export const countTries = (n: number): string => `${n} ${n === 1 ? 'try' : 'tries'}`;

/** An image `up` pulls when the engine lacks it: the `image:` of a service that is not built. */
export interface NeededImage {
  ref: ImageReference;
  /** As the compose file writes it. */
  written: string;
  services: string[];
  /** The service's `platform:`, which its pull must ask for. */
  platform?: string;
}

/**
 * What compose was pulling when a pull of its own failed on registry trouble: each of those images
 * had its first try, and the pulls with retries that follow count it.
 */
export interface PullsTried {
  /** Services compose named (v1 `Pulling app (…)`, v2 ` app Pulling`). */
  services: string[];
  /** Images compose named (v5 ` Image busybox:1 Pulling `), as written. */
  images: string[];
  /** Why compose's pull failed, in its words (outside text, made safe). */
  said: string;
}

/**
 * A registry that kept failing through every try: its rate limit (429, `toomanyrequests`), or
 * its trouble (5xx, timeouts, resets).
 */

/**
 * The images `up` needs, pulled with retries after compose's own pull met registry trouble: a row
 * each, or the registry trouble that outlasted the tries.
 */
export type PullStageOutcome =
  | {
      ok: true;
      records: ImageRecord[];
      /** Whether every image was pulled just now (`pull: always`): `up` need not pull them again. */
      pulledAll: boolean;
      /** Whether anything was pulled: when not, compose's failure was about something else. */
      pulledAny: boolean;
    }
  | {
      ok: false;
      kind: RegistryFailure;
      detail: string;
      records: ImageRecord[];
      /** The image that failed (its canonical reference), its services and how many tries it got. */
      image: string;
      services: string[];
      tries: number;
    };
/** An image the post step saves: pulled in this run. */
export interface ImageToSave {
  image: string;
  key: string;
  file: string;
  /** The engine's id of what was pulled: the post step saves only that (a later step may retag). */
  id: string;
}

export interface ImageCacheOutcome {
  records: ImageRecord[];
  /** `true` (every image the engine lacked came from the cache, or it lacked none), `partial`, `false`. */
  cacheHit: 'true' | 'partial' | 'false';
  /** The cache service's trouble, cleaned, once each: a warning. */
  problems: string[];
  toSave: ImageToSave[];
  /** The images `up` is to build that the post step saves under their build keys (their ids once built). */
  builtToSave: BuiltImageToSave[];
  platform: string;
  durationMs: number;
}

/** An image reference as the engine reads it (src/images/reference.ts parses one). */
export interface ImageReference {
  /** The registry as named (`docker.io`, `ghcr.io`, `localhost:5000`). */
  registry: string;
  /** Where its API answers (`registry-1.docker.io` for Docker Hub). */
  apiHost: string;
  /** `library/busybox`, `org/app`. */
  repository: string;
  /** The tag; `latest` when neither a tag nor a digest is given. */
  tag: string | undefined;
  digest: string | undefined;
  /** `docker.io/library/busybox:latest`: one spelling for every way of writing it. */
  canonical: string;
}
