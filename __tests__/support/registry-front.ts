/**
 * A registry's bad minute, on loopback: a small HTTP front of our own before a real registry
 * (support/registry.ts) that passes every request through, except that it answers the next N
 * manifest requests by tag with HTTP 429 (`TOOMANYREQUESTS`, as Docker Hub's pull limit does) or
 * 503. One refusal is one failed try of a pull, whichever way the engine asks: engine 28 sends a
 * HEAD by tag (then a GET by the digest it gave), and when the HEAD fails a GET by tag, which gets
 * the same answer without counting again; an older engine sends a GET by tag alone. What comes
 * after the tag (the manifest by digest, the blobs) is never refused. The Host header is passed on
 * as it came, so the registry's Location headers (a push's uploads) point back at the front.
 */
import * as http from 'node:http';
import type * as net from 'node:net';

export interface ManifestRequest {
  method: string;
  /** `/v2/cos/app/manifests/v1`. */
  path: string;
  /** The status the front answered, or that the registry did. */
  status: number;
}

export interface RegistryFront {
  /** `127.0.0.1:<port>`, the registry part of the image references that go through the front. */
  host: string;
  /** Every manifest request by tag of a pull (a HEAD or a GET, not a push's PUT), in the order answered. */
  manifestRequests: ManifestRequest[];
  /** Answer the next `count` manifest requests by tag with `status` (Infinity: until told otherwise). */
  refuse(status: 429 | 503, count: number): void;
  close(): Promise<void>;
}

const TOO_MANY = JSON.stringify({
  errors: [
    {
      code: 'TOOMANYREQUESTS',
      message:
        'You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase_limits',
    },
  ],
});

/** A manifest asked for by tag (a digest reference holds a colon: `sha256:…`). */
const byTag = (url: string): boolean => /^\/v2\/.+\/manifests\/[^/:?]+(\?.*)?$/.test(url);

/** The front before `upstream` (`127.0.0.1:<port>` of a registry). */
export async function startRegistryFront(upstream: string): Promise<RegistryFront> {
  const [upHost, upPort] = upstream.split(':') as [string, string];
  const manifestRequests: ManifestRequest[] = [];
  let refusal: { status: 429 | 503; left: number } | undefined;
  /** The paths of HEADs just refused: the engine's GET of each comes next, in the same try (pulls run side by side). */
  const refusedHeads = new Set<string>();
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const tagged = byTag(url);
    const pull = tagged && (req.method === 'GET' || req.method === 'HEAD');
    const sameTry = req.method === 'GET' && refusedHeads.has(url);
    if (pull) refusedHeads.delete(url);
    if (pull && refusal && (sameTry || refusal.left > 0)) {
      if (!sameTry) refusal.left--;
      if (req.method === 'HEAD') refusedHeads.add(url);
      const { status } = refusal;
      manifestRequests.push({ method: req.method ?? '', path: url, status });
      req.resume();
      const body = status === 429 ? TOO_MANY : 'Service Unavailable\n';
      res.writeHead(status, {
        'content-type': status === 429 ? 'application/json' : 'text/plain',
        'content-length': Buffer.byteLength(body),
        ...(status === 429 ? { 'retry-after': '1' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const forward = http.request({ host: upHost, port: Number(upPort), method: req.method, path: url, headers: req.headers }, (upRes) => {
      if (pull) manifestRequests.push({ method: req.method ?? '', path: url, status: upRes.statusCode ?? 0 });
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    forward.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`the front could not reach the registry: ${err.message}\n`);
    });
    req.pipe(forward);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    manifestRequests,
    refuse: (status, count) => {
      refusal = { status, left: count };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
