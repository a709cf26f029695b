/**
 * What the stand-ins of GitHub's results services (support/artifact-service.ts, support/cache-service.ts)
 * share: a request's body, a JSON answer, the upload as Azure Blob Storage takes it on an IP-style
 * URL (`/<account>/<container>/<blob id>`: Put Block and Put Block List, as the Azure SDK's
 * uploadStream does, or Put Blob), and a loopback server whose close ends its open connections.
 */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import type * as net from 'node:net';

export const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export const json = (res: http.ServerResponse, status: number, body: unknown): void =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** A blob being uploaded: where its assembled bytes go. */
export interface BlobTarget {
  bytes: Buffer;
}

/** Blob uploads to the URLs a service signed with `signature`, into the target `find` gives for a blob id. */
export function blobUploads(
  signature: string,
  find: (id: number) => BlobTarget | undefined,
  requests: string[],
): (req: http.IncomingMessage, url: URL, res: http.ServerResponse) => Promise<void> {
  /** Blocks put for each blob, by block id, before Put Block List. */
  const blocks = new Map<number, Map<string, Buffer>>();
  return async (req, url, res) => {
    const id = Number(url.pathname.split('/')[3]);
    const target = find(id);
    const body = await readBody(req);
    if (!target || req.method !== 'PUT') return void res.writeHead(404).end();
    if (url.searchParams.get('sig') !== signature) return void res.writeHead(403).end();
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const parts = blocks.get(id) ?? new Map<string, Buffer>();
      parts.set(url.searchParams.get('blockid') ?? '', body);
      blocks.set(id, parts);
      requests.push('PUT block');
    } else if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1] as string);
      const parts = blocks.get(id) ?? new Map<string, Buffer>();
      target.bytes = Buffer.concat(ids.map((b) => parts.get(b) ?? Buffer.alloc(0)));
      blocks.delete(id);
      requests.push('PUT blocklist');
    } else {
      target.bytes = body; // Put Blob: the whole content at once
      requests.push('PUT blob');
    }
    res
      .writeHead(201, {
        etag: `"0x${id}"`,
        'last-modified': new Date().toUTCString(),
        'x-ms-request-id': randomUUID(),
        'x-ms-version': '2024-11-04',
      })
      .end();
  };
}

/** Listen on a free loopback port; `close` ends the open connections too, and is the same promise when called again. */
export async function listenOnLoopback(server: http.Server): Promise<{ base: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let closing: Promise<void> | undefined;
  return {
    base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })),
  };
}
