/**
 * The one HTTP/WebSocket probe module, for the Docker wait and the staging probe alike. Every
 * probe ends in one named class with its detail; nothing here retries (callers decide).
 *
 * On Node's own http and https, both over the same agents, so custom CAs (NODE_EXTRA_CA_CERTS)
 * behave the same for both. A probe is one GET, or one WebSocket handshake (RFC 6455, section 4)
 * closed as soon as it succeeds: no client library is needed for either, and none is loaded
 * before the first probe can start (a fetch or WebSocket library costs 100-200 ms to load).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { classifyError } from './classify.js';
import { splitCredentials } from './credentials.js';
import type { Agents, ProbeClass, ProbeOptions, ProbeResult } from './types.js';
import { outsideLine } from '../report/outside.js';

export { classifyError, splitCredentials };
export type { Agents, ProbeClass, ProbeOptions, ProbeResult };

/** Agents for one run: no keep-alive (a probe is one request), the process's CAs (NODE_EXTRA_CA_CERTS). */
export function makeAgents(): Agents {
  return { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };
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
async function discardBody(body: AsyncIterable<Uint8Array | string>, max = HEALTH_BODY_BYTES): Promise<void> {
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

/** The result maker of one probe: its kind, its URL (credentials removed) and its latency so far. */
function resultOf(kind: ProbeResult['kind'], url: string, started: number) {
  return (c: ProbeClass, status: number | undefined, detail: string): ProbeResult => ({
    kind,
    url,
    class: c,
    status,
    detail,
    latencyMs: Math.round(performance.now() - started),
  });
}

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

/** The headers of a first request: ours, the URL's own credentials as Basic (unless one is given), the caller's. */
function firstHeaders(basic: string | undefined, given: Record<string, string> | undefined): Record<string, string> {
  const explicitAuth = Object.keys(given ?? {}).some((h) => h.toLowerCase() === 'authorization');
  return { 'user-agent': 'compose-or-staging', ...(basic && !explicitAuth ? { authorization: basic } : {}), ...given };
}

/** One GET, answered with the response (its body not read). */
function get(target: URL, headers: Record<string, string>, agents: Agents, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') return reject(new Error(`Only http and https URLs can be probed, not ${target.protocol}`));
    const req = (secure ? https : http).get(target, { headers, agent: secure ? agents.https : agents.http, signal }, resolve);
    req.on('error', reject);
  });
}

/** GET `url`; 2xx is ok, anything else is classified. Redirects are followed here, at most 5. */
export async function probeHttp(rawUrl: string, options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const t = timer(options);
  const agents = options.agents ?? makeAgents();
  const { url, basic } = splitCredentials(rawUrl);
  const result = resultOf('http', url, started);
  try {
    let target = new URL(url);
    let headers = firstHeaders(basic, options.headers);
    let res = await get(target, headers, agents, t.signal);
    for (let hops = 0; REDIRECTS.includes(res.statusCode ?? 0) && res.headers.location; hops++) {
      await discardBody(res);
      let next: URL;
      try {
        next = new URL(res.headers.location, target);
      } catch {
        break; // no URL to go to: the redirect itself is the answer
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') break;
      if (hops >= MAX_REDIRECTS) return result('http-status', res.statusCode, `HTTP ${res.statusCode} (too many redirects: ${hops + 1})`);
      headers = onwardHeaders(target, next, headers);
      target = next;
      res = await get(target, headers, agents, t.signal);
    }
    await discardBody(res);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return result('ok', status, `HTTP ${status}`);
    // The status text is the server's own words: outside text, made safe here, where it enters.
    return result('http-status', status, `HTTP ${status}${res.statusMessage ? ` ${outsideLine(res.statusMessage, 200)}` : ''}`);
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

/** The accept value a server must answer a handshake's key with (RFC 6455, 4.2.2). */
export function acceptFor(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/** What one handshake request came to: upgraded, another answer, or an error. */
type Handshake =
  | { kind: 'upgraded'; accepted: boolean }
  | { kind: 'answered'; status: number; statusText: string; location: string | undefined }
  | { kind: 'error'; err: unknown };

/** Ask `target` (ws: or wss:) to upgrade; the socket is closed at once either way. */
function handshake(target: URL, headers: Record<string, string>, agents: Agents, signal: AbortSignal): Promise<Handshake> {
  return new Promise((resolve) => {
    const secure = target.protocol === 'wss:';
    if (!secure && target.protocol !== 'ws:') return resolve({ kind: 'error', err: new Error(`Not a WebSocket URL: ${target.protocol}`) });
    const asHttp = new URL(target);
    asHttp.protocol = secure ? 'https:' : 'http:';
    const key = randomBytes(16).toString('base64');
    const upgrade = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': key };
    try {
      const req = (secure ? https : http).request(asHttp, {
        headers: { ...headers, ...upgrade },
        agent: secure ? agents.https : agents.http,
        signal,
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve({ kind: 'upgraded', accepted: res.statusCode === 101 && res.headers['sec-websocket-accept'] === acceptFor(key) });
      });
      req.on('response', (res) => {
        res.resume();
        const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
        resolve({ kind: 'answered', status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', location });
      });
      req.on('error', (err) => resolve({ kind: 'error', err }));
      req.end();
    } catch (err) {
      // e.g. a header value http refuses: classified, never thrown
      resolve({ kind: 'error', err });
    }
  });
}

/**
 * Open a WebSocket to `url` and close it again at once; ok when the handshake (101, with the
 * right accept value) succeeds. Redirects are followed, at most 5, each hop with the agent of its
 * own scheme, and the Authorization header does not go on to another origin.
 */
export async function probeWebSocket(rawUrl: string, options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const t = timer(options);
  const agents = options.agents ?? makeAgents();
  const { url, basic } = splitCredentials(rawUrl);
  const result = resultOf('websocket', url, started);
  try {
    let target = new URL(url);
    let headers = firstHeaders(basic, options.headers);
    for (let hops = 0; ; hops++) {
      const h = await handshake(target, headers, agents, t.signal);
      if (h.kind === 'upgraded')
        return h.accepted
          ? result('ok', 101, 'WebSocket handshake succeeded (101)')
          : result('error', 101, 'WebSocket handshake answered with a wrong Sec-WebSocket-Accept');
      if (h.kind === 'error') {
        const c = classifyError(h.err, t.timedOut());
        return result(c.class, undefined, c.detail);
      }
      const rejected = (why = ''): ProbeResult =>
        result(
          'ws-rejected',
          h.status,
          `WebSocket upgrade rejected with HTTP ${h.status}${h.statusText ? ` ${outsideLine(h.statusText, 200)}` : ''}${why}`,
        );
      if (!REDIRECTS.includes(h.status) || h.location === undefined) return rejected();
      if (hops >= MAX_REDIRECTS) return rejected(` (too many redirects: ${hops + 1})`);
      const next = redirectTarget(target.toString(), h.location);
      if (!next) return rejected(` (a redirect to ${splitCredentials(h.location).url}, which is no WebSocket URL)`);
      headers = onwardHeaders(target, next, headers);
      target = next;
    }
  } catch (err) {
    const c = classifyError(err, t.timedOut());
    return result(c.class, undefined, c.detail);
  } finally {
    t.clear();
  }
}
