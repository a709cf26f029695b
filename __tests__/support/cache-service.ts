/**
 * A stand-in of GitHub's Actions cache service, version 2, on loopback: what `@actions/cache` 6
 * speaks when ACTIONS_CACHE_SERVICE_V2 is set.
 *
 * - Twirp JSON at `POST /twirp/github.actions.results.api.v1.CacheService/<Method>` (bearer
 *   ACTIONS_RUNTIME_TOKEN; requests in proto field names): CreateCacheEntry {key, version} →
 *   {ok, signed_upload_url}; FinalizeCacheEntryUpload {key, version, size_bytes} → {ok, entry_id};
 *   GetCacheEntryDownloadURL {key, restore_keys, version} → {ok, signed_download_url, matched_key},
 *   the exact key first, then each restore key as a prefix, newest entry first.
 * - Uploads as Azure Blob Storage takes them on an IP-style URL (`/<account>/<container>/<blob>`,
 *   three path segments, which the Azure SDK needs on a loopback host): Put Blob, or Put Block
 *   and Put Block List.
 * - Downloads as a plain GET of the signed URL (the library uses its HTTP client, not the Azure
 *   SDK, for a host that is not *.blob.core.windows.net).
 *
 * `failWith(status)` makes every twirp call answer that status (a cache service in trouble);
 * `slowLookups(count, ms)` holds the next lookups' answers back (a slow one); `close()` makes it
 * refuse connections.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { blobUploads, json, listenOnLoopback, readBody } from './results-service.js';

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  /** Assembled from the upload; empty until then. */
  bytes: Buffer;
  sizeBytes: number;
  finalized: boolean;
  createdAt: number;
}

export interface CacheService {
  /** The environment `@actions/cache` needs to talk to this service. */
  env: Record<string, string>;
  entries: CacheEntry[];
  /** Every request, as `METHOD path` (twirp method names, blob operations). */
  requests: string[];
  /** Answer every twirp call with this status from now on (undefined: serve again). */
  failWith(status: number | undefined): void;
  /** The next `count` GetCacheEntryDownloadURL calls are answered `ms` late. */
  slowLookups(count: number, ms: number): void;
  close(): Promise<void>;
}

export async function startCacheService(): Promise<CacheService> {
  const token = `cache-token-${randomUUID()}`;
  // The library masks a signed URL's signature in the log: a word like "upload" would vanish from it.
  const signature = randomUUID().replace(/-/g, '');
  const entries: CacheEntry[] = [];
  const requests: string[] = [];
  let failing: number | undefined;
  let slow = { count: 0, ms: 0 };
  let nextId = 1;
  let base = '';

  const twirpError = (res: http.ServerResponse, status: number, code: string, msg: string): void => json(res, status, { code, msg });

  const twirp = (method: string, body: Record<string, unknown>, res: http.ServerResponse): void => {
    const key = String(body.key ?? '');
    const version = String(body.version ?? '');
    if (method === 'CreateCacheEntry') {
      if (entries.some((e) => e.key === key && e.version === version))
        return twirpError(res, 409, 'already_exists', 'cache entry with the same key, version, and scope already exists');
      const entry: CacheEntry = {
        id: nextId++,
        key,
        version,
        bytes: Buffer.alloc(0),
        sizeBytes: 0,
        finalized: false,
        createdAt: Date.now(),
      };
      entries.push(entry);
      return json(res, 200, { ok: true, signed_upload_url: `${base}/devstoreaccount1/actions-cache/${entry.id}?sig=${signature}` });
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = entries.find((e) => e.key === key && e.version === version && !e.finalized);
      if (!entry) return twirpError(res, 404, 'not_found', 'no cache entry is being uploaded under this key and version');
      entry.finalized = true;
      entry.sizeBytes = Number(body.size_bytes ?? entry.bytes.length);
      return json(res, 200, { ok: true, entry_id: String(entry.id) });
    }
    if (method === 'GetCacheEntryDownloadURL') {
      const done = entries.filter((e) => e.finalized && e.version === version).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : [];
      const hit = done.find((e) => e.key === key) ?? restoreKeys.map((k) => done.find((e) => e.key.startsWith(k))).find(Boolean);
      if (!hit) return json(res, 200, { ok: false, signed_download_url: '', matched_key: '' });
      return json(res, 200, { ok: true, signed_download_url: `${base}/download/${hit.id}?sig=${signature}`, matched_key: hit.key });
    }
    return twirpError(res, 404, 'bad_route', `no such method: ${method}`);
  };

  const blob = blobUploads(signature, (id) => entries.find((e) => e.id === id), requests);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void (async () => {
      if (url.pathname.startsWith(SERVICE) && req.method === 'POST') {
        const method = url.pathname.slice(SERVICE.length);
        requests.push(`POST ${method}`);
        const body = await readBody(req);
        if (req.headers.authorization !== `Bearer ${token}`) return twirpError(res, 401, 'unauthenticated', 'bad token');
        if (failing !== undefined) return twirpError(res, failing, 'internal', `the stand-in answers ${failing}`);
        if (method === 'GetCacheEntryDownloadURL' && slow.count > 0) {
          slow.count--;
          // Unref'd: a held answer does not keep a test process alive once its test is over.
          await new Promise((r) => setTimeout(r, slow.ms).unref());
        }
        return twirp(method, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>, res);
      }
      if (url.pathname.startsWith('/download/') && req.method === 'GET') {
        requests.push('GET download');
        const entry = entries.find((e) => e.id === Number(url.pathname.split('/')[2]) && e.finalized);
        if (!entry) return void res.writeHead(404).end();
        return void res
          .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.bytes.length })
          .end(entry.bytes);
      }
      if (url.pathname.split('/').length === 4) return blob(req, url, res);
      res.writeHead(404).end();
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  const listening = await listenOnLoopback(server);
  base = listening.base;
  return {
    env: { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: `${base}/`, ACTIONS_RUNTIME_TOKEN: token },
    entries,
    requests,
    failWith: (status) => (failing = status),
    slowLookups: (count, ms) => (slow = { count, ms }),
    close: listening.close,
  };
}
