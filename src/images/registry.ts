/**
 * What an image reference points at now, asked of its registry without pulling: a `HEAD` of the
 * manifest (Docker Hub does not count it against the pull rate limit), with the registry's
 * anonymous token when it asks for one (`401` + `WWW-Authenticate: Bearer realm=…`). The answer is
 * the `Docker-Content-Digest`, the key an image cache can trust not to be stale.
 *
 * A registry on this machine is asked over HTTPS, then plain HTTP, as the engine does for it.
 */
import { DIGEST, isLoopbackRegistry, type ImageReference } from './reference.js';

/** Every manifest kind a registry may hold for a tag: the multi-platform index first. */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export type DigestAnswer =
  | { ok: true; digest: string; durationMs: number }
  | {
      ok: false;
      /**
       * unreachable: no answer at all (an outage, no network); unavailable: a 5xx from the registry
       * or its token service (an outage too); the others: the registry's own answer.
       */
      kind: 'unreachable' | 'unavailable' | 'not-found' | 'denied' | 'rate-limited' | 'error';
      detail: string;
      durationMs: number;
    };

/**
 * The registry could not be asked (no answer, a 5xx, its rate limit): an outage, when the newest
 * entry saved may stand in. Not one: it answered, and said no (denied, unknown). Pure.
 */
export const isOutage = (a: DigestAnswer): boolean =>
  !a.ok && (a.kind === 'unreachable' || a.kind === 'unavailable' || a.kind === 'rate-limited');

/** `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"`. Pure. */
export function parseBearerChallenge(header: string | null): Record<string, string> | undefined {
  if (!header || !/^bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) params[(m[1] as string).toLowerCase()] = m[2] as string;
  return params.realm ? params : undefined;
}

/** The digest the reference's tag points at now (a digest reference is its own answer). */
export async function headDigest(ref: ImageReference, options: { timeoutMs: number }): Promise<DigestAnswer> {
  const started = performance.now();
  const done = (a: Omit<Extract<DigestAnswer, { ok: false }>, 'durationMs'> | { ok: true; digest: string }): DigestAnswer => ({
    ...a,
    durationMs: performance.now() - started,
  });
  if (ref.digest) return done({ ok: true, digest: ref.digest });
  const signal = AbortSignal.timeout(options.timeoutMs);
  const schemes = isLoopbackRegistry(ref.registry) ? ['https', 'http'] : ['https'];
  let lastError = '';
  for (const scheme of schemes) {
    const url = `${scheme}://${ref.apiHost}/v2/${ref.repository}/manifests/${ref.tag ?? 'latest'}`;
    try {
      let res = await fetch(url, { method: 'HEAD', headers: { accept: ACCEPT }, signal, redirect: 'follow' });
      const challenge = res.status === 401 ? parseBearerChallenge(res.headers.get('www-authenticate')) : undefined;
      if (challenge) {
        const tokenUrl = new URL(challenge.realm as string);
        if (challenge.service) tokenUrl.searchParams.set('service', challenge.service);
        tokenUrl.searchParams.set('scope', challenge.scope ?? `repository:${ref.repository}:pull`);
        const tokenRes = await fetch(tokenUrl, { signal });
        const body = (await tokenRes.json().catch(() => ({}))) as { token?: string; access_token?: string };
        const token = body.token ?? body.access_token;
        if (!tokenRes.ok || !token)
          return done({
            ok: false,
            kind: tokenRes.status >= 500 ? 'unavailable' : 'denied',
            detail: `the registry's token service answered HTTP ${tokenRes.status} for ${ref.canonical}`,
          });
        res = await fetch(url, { method: 'HEAD', headers: { accept: ACCEPT, authorization: `Bearer ${token}` }, signal });
      }
      // The header goes into a cache key: only a digest's form is taken.
      const digest = res.headers.get('docker-content-digest')?.trim();
      if (res.ok && digest && DIGEST.test(digest)) return done({ ok: true, digest });
      if (res.ok)
        return done({ ok: false, kind: 'error', detail: `the registry gave no valid Docker-Content-Digest for ${ref.canonical}` });
      const kind =
        res.status === 404
          ? 'not-found'
          : res.status === 401 || res.status === 403
            ? 'denied'
            : res.status === 429
              ? 'rate-limited'
              : res.status >= 500
                ? 'unavailable'
                : 'error';
      return done({ ok: false, kind, detail: `the registry answered HTTP ${res.status} for ${ref.canonical}` });
    } catch (err) {
      lastError = signal.aborted
        ? `no answer within ${options.timeoutMs < 1000 ? `${options.timeoutMs} ms` : `${Math.round(options.timeoutMs / 1000)} s`}`
        : describeFetchError(err);
      if (signal.aborted) break;
    }
  }
  return done({ ok: false, kind: 'unreachable', detail: `${ref.registry} could not be asked about ${ref.canonical}: ${lastError}` });
}

/** fetch's "fetch failed" says nothing: its cause does (ECONNREFUSED, ENOTFOUND, a TLS error). */
function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}
