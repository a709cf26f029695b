/**
 * The engine's own HTTP API over its local unix socket, for the questions the action asks most
 * often while a stack starts (the version, the project's containers, their inspection, the
 * events). Each `docker` CLI call is a Go program started from scratch: 50–150 ms of CPU, taken
 * from `compose up` on a 2-core runner; the same answer through the socket costs a millisecond.
 *
 * Used only when the endpoint is a plain local socket (no DOCKER_HOST, or `unix://…`, and a context
 * the action can read). A remote engine, TLS, ssh or an unusual context goes through the CLI, which
 * knows them all. Transport only: what an answer means is the caller's.
 */
import * as http from 'node:http';
import { StringDecoder } from 'node:string_decoder';

/** The socket path of a `unix://` endpoint; undefined for any other (tcp, ssh, npipe, none). Pure. */
export function unixSocketOf(endpoint: string | undefined): string | undefined {
  if (!endpoint || process.platform === 'win32') return undefined;
  const m = /^unix:\/\/(\/.*)$/.exec(endpoint);
  return m ? m[1] : undefined;
}

export interface ApiAnswer {
  status: number;
  body: string;
  /** The body as it came (a raw stream of frames, for exec and logs). */
  bytes: Buffer;
}

export interface ApiOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** A JSON body (POST). */
  json?: unknown;
}

/** Why a request got no answer: `code` is the socket's error (ENOENT, ECONNREFUSED, EACCES), or 'ETIMEDOUT' / 'ABORTED'. */
export class ApiUnreachable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiUnreachable';
  }
}

/** The query string of an engine filter (`{"label": ["a=b"], "type": ["container"]}`). Pure. */
export function filtersQuery(filters: Record<string, string[]>): string {
  return `filters=${encodeURIComponent(JSON.stringify(filters))}`;
}

/** The `message` of an engine's JSON error answer, or its text. Pure. */
export function apiMessage(body: string): string {
  try {
    const m = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  } catch {
    // not JSON: the text itself
  }
  return body.trim().split('\n').slice(-2).join(' ');
}

function open(socket: string, method: string, path: string, o: ApiOptions): http.ClientRequest {
  const body = o.json === undefined ? undefined : JSON.stringify(o.json);
  const req = http.request({
    socketPath: socket,
    path,
    method,
    agent: false,
    headers: {
      Host: 'docker',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }),
    },
  });
  if (body !== undefined) req.write(body);
  return req;
}

/** Bound a request by `timeoutMs` and `signal`: either destroys it with an {@link ApiUnreachable}. */
function bound(req: http.ClientRequest, o: ApiOptions): () => void {
  const timer =
    o.timeoutMs === undefined
      ? undefined
      : setTimeout(() => req.destroy(new ApiUnreachable('ETIMEDOUT', `no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
  const abort = (): void => void req.destroy(new ApiUnreachable('ABORTED', 'aborted'));
  if (o.signal?.aborted) abort();
  else o.signal?.addEventListener('abort', abort, { once: true });
  return () => {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', abort);
  };
}

/** Any error of a request as an {@link ApiUnreachable} (its socket error code, else EIO). */
export function asUnreachable(err: unknown): ApiUnreachable {
  if (err instanceof ApiUnreachable) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  return new ApiUnreachable(e?.code ?? 'EIO', e?.message ?? String(err));
}

/** One request, its whole answer. Rejects with {@link ApiUnreachable} when no answer came. */
export function apiRequest(socket: string, method: string, path: string, o: ApiOptions = {}): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    const req = open(socket, method, path, o);
    const unbind = bound(req, o);
    req.on('error', (err) => {
      unbind();
      reject(asUnreachable(err));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => {
        unbind();
        reject(asUnreachable(err));
      });
      res.on('end', () => {
        unbind();
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, body: bytes.toString('utf8'), bytes });
      });
    });
    req.end();
  });
}

/**
 * A streamed answer, chunk by chunk as it comes, until the engine ends it, `signal` aborts or
 * `timeoutMs` passes. Resolves with the status (0: no answer at all); chunks of an answer other
 * than 200 are not passed on.
 */
export function apiStream(socket: string, path: string, onChunk: (chunk: Buffer) => void, o: ApiOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const req = open(socket, 'GET', path, o);
    const unbind = bound(req, o);
    let status = 0;
    const end = (): void => {
      unbind();
      resolve(status);
    };
    req.on('error', end);
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.on('data', (chunk: Buffer) => {
        if (status === 200) onChunk(chunk);
      });
      res.on('error', end);
      res.on('close', end);
    });
    req.end();
  });
}

/** A streamed answer read line by line (the events: one JSON object per line); see {@link apiStream}. */
export function apiLines(socket: string, path: string, onLine: (line: string) => void, o: ApiOptions = {}): Promise<number> {
  const lines = new LineSplitter(onLine);
  return apiStream(socket, path, (chunk) => lines.push(chunk), o);
}

/** Text in pieces, out as whole non-empty lines. */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');
  constructor(private readonly onLine: (line: string) => void) {}

  push(bytes: Buffer): void {
    const lines = (this.rest + this.decoder.write(bytes)).split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) this.onLine(line.replace(/\r$/, ''));
  }
}
