/**
 * The one HTTP/WebSocket probe module, for the Docker wait and the staging probe alike. Every
 * probe ends in one named class with its detail; nothing here retries (callers decide).
 * HTTP goes through node-fetch and WebSocket through ws, both over the same agent, so custom CAs
 * (NODE_EXTRA_CA_CERTS) and proxies behave the same for both.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import fetch from 'node-fetch';
import WebSocket from 'ws';
import { splitCredentials } from './credentials.js';
import { outsideLine } from '../report/outside.js';

export { splitCredentials };

export type ProbeClass = 'ok' | 'http-status' | 'ws-rejected' | 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'error';

export interface ProbeResult {
  kind: 'http' | 'websocket';
  /** The URL probed (never with credentials). */
  url: string;
  class: ProbeClass;
  /** HTTP status (also the status a rejected WebSocket upgrade got). */
  status: number | undefined;
  /** One line: what happened. */
  detail: string;
  latencyMs: number;
}

export interface ProbeOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Shared agents; default: fresh keep-alive-less agents. */
  agents?: Agents;
  /** Aborts the probe early (e.g. the overall deadline). */
  signal?: AbortSignal;
}

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** Agents for one run: no keep-alive (a probe is one request), the process's CAs (NODE_EXTRA_CA_CERTS). */
export function makeAgents(): Agents {
  return { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };
}

const TLS_CODES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the certificate (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to verify the certificate (unknown issuer)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is for another host name',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  ERR_SSL_WRONG_VERSION_NUMBER: 'not a TLS server (wrong version number)',
  EPROTO: 'TLS protocol error',
};

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_STREAM_PREMATURE_CLOSE' && code !== 'FETCH_ERROR' && code !== 'system') return code;
    const errno = (e as { errno?: unknown }).errno;
    if (typeof errno === 'string') return errno;
    e = (e as { cause?: unknown; erroredSysCall?: unknown }).cause;
  }
  return undefined;
}

/** Classify a network error. Pure. */
export function classifyError(err: unknown, timedOut: boolean): { class: ProbeClass; detail: string } {
  if (timedOut) return { class: 'timeout', detail: 'no answer before the deadline' };
  const code = errorCode(err) ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code in TLS_CODES) return { class: 'tls', detail: `TLS error: ${TLS_CODES[code]} (${code})` };
  if (/^ERR_TLS|^ERR_SSL|CERT/.test(code)) return { class: 'tls', detail: `TLS error: ${code}` };
  if (code === 'ECONNREFUSED') return { class: 'refused', detail: 'connection refused' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { class: 'dns', detail: `DNS lookup failed (${code})` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|other side closed|premature close/i.test(message))
    return { class: 'reset', detail: 'connection reset by the server' };
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || /aborted/i.test(message))
    return { class: 'timeout', detail: 'no answer before the deadline' };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { class: 'refused', detail: `host unreachable (${code})` };
  return { class: 'error', detail: `${code ? `${code}: ` : ''}${message.split('\n')[0]}` };
}

function timer(options: ProbeOptions): { signal: AbortSignal; timedOut: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const t = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    Math.max(1, options.timeoutMs),
  );
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // An 'abort' listener never fires for a signal that is already aborted: abort now.
  if (options.signal?.aborted) controller.abort();
  return {
    signal: controller.signal,
    timedOut: () => timedOut || options.signal?.aborted === true,
    clear: () => {
      clearTimeout(t);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Bytes of a health response read before it is dropped: the status decides, the body never matters. */
const HEALTH_BODY_BYTES = 64 * 1024;

/**
 * Read at most `max` bytes of a response body, then drop it: a short body lets the connection
 * close cleanly; a body that never ends (a stream on the health path) or a huge one is cut off
 * instead of holding the probe until its timeout, or memory.
 */
async function discardBody(body: AsyncIterable<Uint8Array | string> | null, max = HEALTH_BODY_BYTES): Promise<void> {
  if (!body) return;
  let seen = 0;
  try {
    // Leaving the loop early destroys the stream, and with it the connection.
    for await (const chunk of body) if ((seen += chunk.length) >= max) break;
  } catch {
    // a body cut off by the server or by the timeout: the status is already known
  }
}

/** Redirects a probe follows before it calls it a failure. */
const MAX_REDIRECTS = 5;
const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * The headers a redirect carries on: all of them to the same origin, or to the same host moving
 * to TLS (http → https, ws → wss: the usual setup); without credentials (Authorization, cookies)
 * anywhere else.
 */
export function onwardHeaders(from: URL, to: URL, headers: Record<string, string>): Record<string, string> {
  const secure = (p: string): boolean => p === 'https:' || p === 'wss:';
  const upgrade = to.hostname === from.hostname && secure(to.protocol) && !secure(from.protocol);
  if (to.origin === from.origin || upgrade) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())));
}

/** GET `url`; 2xx is ok, anything else is classified. Redirects are followed here, at most 5. */
export async function probeHttp(rawUrl: string, options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const t = timer(options);
  const agents = options.agents ?? makeAgents();
  const { url, basic } = splitCredentials(rawUrl);
  const explicitAuth = Object.keys(options.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
  const result = (c: ProbeClass, status: number | undefined, detail: string): ProbeResult => ({
    kind: 'http',
    url,
    class: c,
    status,
    detail,
    latencyMs: Math.round(performance.now() - started),
  });
  try {
    let target = new URL(url);
    let headers: Record<string, string> = {
      'user-agent': 'compose-or-staging',
      ...(basic && !explicitAuth ? { authorization: basic } : {}),
      ...options.headers,
    };
    const get = (u: URL, h: Record<string, string>) =>
      fetch(u, {
        headers: h,
        agent: (a: URL) => (a.protocol === 'https:' ? agents.https : agents.http),
        signal: t.signal,
        redirect: 'manual',
      });
    let res = await get(target, headers);
    for (let hops = 0; REDIRECTS.includes(res.status) && res.headers.get('location'); hops++) {
      await discardBody(res.body);
      let next: URL;
      try {
        next = new URL(res.headers.get('location') as string, target);
      } catch {
        break; // no URL to go to: the redirect itself is the answer
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') break;
      if (hops >= MAX_REDIRECTS) {
        return result('http-status', res.status, `HTTP ${res.status} (too many redirects: ${hops + 1})`);
      }
      headers = onwardHeaders(target, next, headers);
      target = next;
      res = await get(target, headers);
    }
    await discardBody(res.body);
    if (res.status >= 200 && res.status < 300) return result('ok', res.status, `HTTP ${res.status}`);
    // The status text is the server's own words: outside text, made safe here, where it enters.
    return result('http-status', res.status, `HTTP ${res.status}${res.statusText ? ` ${outsideLine(res.statusText, 200)}` : ''}`);
  } catch (err) {
    const c = classifyError(err, t.timedOut());
    return result(c.class, undefined, c.detail);
  } finally {
    t.clear();
  }
}

/**
 * Where a WebSocket redirect leads: `location` against `from`, an http(s) URL taken as ws(s);
 * undefined when it is no URL a WebSocket can go to.
 */
export function redirectTarget(from: string, location: string): URL | undefined {
  let u: URL;
  try {
    u = new URL(location, from);
  } catch {
    return undefined;
  }
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.protocol === 'ws:' || u.protocol === 'wss:' ? u : undefined;
}

/**
 * Open a WebSocket to `url` and close it again at once; ok when the handshake (101) succeeds.
 * Redirects are followed here, not by ws: each hop gets the agent of its own scheme (ws would
 * reuse the first one, and throw on ws → wss), and the Authorization header does not go on to
 * another origin.
 */
export function probeWebSocket(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const t = timer(options);
  const agents = options.agents ?? makeAgents();
  return new Promise((resolve) => {
    let settled = false;
    let ws: WebSocket | undefined;
    const finish = (c: ProbeClass, status: number | undefined, detail: string): void => {
      if (settled) return;
      settled = true;
      t.clear();
      try {
        ws?.terminate();
      } catch {
        // already gone
      }
      // ws sends URL credentials as Basic auth itself; the report names the URL without them.
      resolve({
        kind: 'websocket',
        url: splitCredentials(url).url,
        class: c,
        status,
        detail,
        latencyMs: Math.round(performance.now() - started),
      });
    };
    const open = (target: string, headers: Record<string, string>, hops: number): void => {
      try {
        ws = new WebSocket(target, {
          headers,
          agent: target.startsWith('wss:') ? agents.https : agents.http,
          handshakeTimeout: Math.max(1, options.timeoutMs - (performance.now() - started)),
          followRedirects: false,
        });
      } catch (err) {
        // e.g. a URL ws refuses: classified, never thrown
        const c = classifyError(err, false);
        finish(c.class, undefined, c.detail);
        return;
      }
      const socket = ws;
      socket.on('open', () => finish('ok', 101, 'WebSocket handshake succeeded (101)'));
      socket.on('unexpected-response', (_req, res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        const rejected = (why = ''): void =>
          finish(
            'ws-rejected',
            status,
            `WebSocket upgrade rejected with HTTP ${status}${res.statusMessage ? ` ${outsideLine(res.statusMessage, 200)}` : ''}${why}`,
          );
        if (!REDIRECTS.includes(status) || typeof location !== 'string') return rejected();
        if (hops >= MAX_REDIRECTS) return rejected(` (too many redirects: ${hops + 1})`);
        const next = redirectTarget(target, location);
        if (!next) return rejected(` (a redirect to ${splitCredentials(location).url}, which is no WebSocket URL)`);
        // The old socket is done with; it must not report anything more.
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        socket.terminate();
        open(next.toString(), onwardHeaders(new URL(target), next, headers), hops + 1);
      });
      socket.on('error', (err) => {
        const c = classifyError(err, t.timedOut() || /handshake has timed out/i.test(err.message));
        finish(c.class, undefined, c.detail);
      });
    };
    open(url, { 'user-agent': 'compose-or-staging', ...options.headers }, 0);
    t.signal.addEventListener('abort', () => finish('timeout', undefined, 'no answer before the deadline'), { once: true });
    if (t.signal.aborted) finish('timeout', undefined, 'no answer before the deadline');
  });
}
