/**
 * What an image cache holds for a stack, and under which keys (issue 14). Pure.
 *
 * - The images the stack pulls: those of services with `image:` and no `build:`, and the `FROM`
 *   images of the Dockerfiles it builds (stages named earlier in the same file, `scratch` and
 *   references that still hold an unresolved `${ARG}` are not pulled).
 * - One cache entry per image, keyed by platform, the image's one canonical spelling and the
 *   digest its registry gives now: a new push under the same tag is a new key, never a stale
 *   hit. When the registry cannot be asked, the restore key (the same, without the digest)
 *   finds the newest entry saved for that reference.
 */

/** Changes when what an entry holds changes shape (a `docker save` of one image, today). */
const KEY_VERSION = 'v1';

export interface ImageCacheKeys {
  key: string;
  /** Prefixes, newest entry first: what a restore without the registry's answer may take. */
  restoreKeys: string[];
}

/** `linux/amd64`: the platform of the engine's images, part of every key. */
export function imageCacheKeys(canonical: string, platform: string, digest: string | undefined): ImageCacheKeys {
  // Keys may not hold commas (the cache service splits on them); references cannot either.
  const prefix = `compose-or-staging-image-${KEY_VERSION}-${platform}-${canonical}@`;
  return { key: digest ? `${prefix}${digest}` : prefix, restoreKeys: [prefix] };
}

/**
 * The images a Dockerfile pulls: each `FROM` that is not an earlier stage or `scratch`, with
 * `ARG` defaults before the first `FROM` (and the given build args) put in; `--platform=…` is
 * skipped. A reference that still holds a `$` is left out (it depends on what the build gets).
 */
export function dockerfileBaseImages(text: string, buildArgs: Record<string, string> = {}): string[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ') // line continuations
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages = new Set<string>();
  const images: string[] = [];
  let seenFrom = false;
  const expand = (s: string): string =>
    s.replace(/\$\{([A-Za-z_]\w*)(?::?-([^}]*))?\}|\$([A-Za-z_]\w*)/g, (m, a?: string, dflt?: string, b?: string) => {
      const name = (a ?? b) as string;
      const v = buildArgs[name] ?? args[name];
      return v !== undefined && v !== '' ? v : dflt !== undefined ? dflt : m;
    });
  for (const line of lines) {
    const [instruction = '', ...rest] = line.split(/\s+/);
    const word = instruction.toUpperCase();
    if (word === 'ARG' && !seenFrom) {
      for (const a of rest) {
        const eq = a.indexOf('=');
        const name = eq >= 0 ? a.slice(0, eq) : a;
        if (eq >= 0) args[name] = a.slice(eq + 1).replace(/^["']|["']$/g, '');
      }
    }
    if (word !== 'FROM') continue;
    seenFrom = true;
    const words = rest.filter((w) => !w.startsWith('--'));
    const image = expand(words[0] ?? '');
    const as = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
    if (image && image !== 'scratch' && !stages.has(image.toLowerCase()) && !image.includes('$') && !images.includes(image))
      images.push(image);
    if (as) stages.add(as);
  }
  return images;
}
