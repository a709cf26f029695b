/**
 * In-process stand-ins for a "staging deployment":
 *
 * - {@link startStagingServer} runs the real test application
 *   (examples/app/server.mjs) on 127.0.0.1 with an ephemeral port and
 *   records every request and every TCP connection it sees;
 * - {@link startSilentServer} accepts TCP connections and never answers, for
 *   timeout tests.
 *
 * Both `close()` functions destroy open sockets, so a test never hangs on a
 * keep-alive or WebSocket connection.
 */
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import type { Duplex } from 'node:stream';

import { createAppServer, type AppConfig } from '../../examples/app/server.mjs';

/** One HTTP request (plain or upgrade) received by a staging server. */
export interface RecordedRequest {
  method: string;
  /** Request path, without query string. */
  path: string;
  /** True when an Authorization header was sent (its value is never recorded). */
  authorization?: boolean;
  /** True for WebSocket/Upgrade requests. */
  upgrade: boolean;
}

/**
 * Options of {@link startStagingServer}: the app configuration (see server.mjs)
 * without port/host/exit settings, plus TLS material.
 */
export interface StagingOptions extends Omit<AppConfig, 'port' | 'host' | 'exitAfterMs' | 'exitCode' | 'tls' | 'log'> {
  /**
   * Serve https/wss. Each value is either PEM text (contains `-----BEGIN`) or a
   * path to a PEM file, e.g. `{ cert: c.certPem, key: c.keyPem }` or
   * `{ cert: c.certPath, key: c.keyPath }` from makeCertificate().
   */
  tls?: { cert: string; key: string };
  /** Host name used in baseUrl/wsUrl (default '127.0.0.1'; the server always binds 127.0.0.1). */
  urlHost?: string;
  /** Also print the app's log lines to stdout (default false: they are only collected in `logs`). */
  echoLogs?: boolean;
}

/** A running staging server. */
export interface StagingServer {
  /** e.g. `http://127.0.0.1:41234` (https when tls was given). */
  readonly baseUrl: string;
  /** e.g. `ws://127.0.0.1:41234/ws` (wss when tls was given). */
  readonly wsUrl: string;
  readonly port: number;
  /** Every HTTP request received, in arrival order (live array). */
  readonly requests: RecordedRequest[];
  /** Number of TCP connections accepted so far (live). */
  readonly connections: number;
  /** Log lines of the app (`<name> <method> <path> -> <status>`), live. */
  readonly logs: string[];
  /** Restart the readiness clock: readyAfterMs counts from `at` (Date.now() milliseconds; now by default). */
  markStarted(at?: number): void;
  /** Stop listening and destroy every open socket. Idempotent. */
  close(): Promise<void>;
}

/** A server that accepts TCP connections and never answers. */
export interface SilentServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly baseUrl: string;
  readonly port: number;
  /** Number of TCP connections accepted so far (live). */
  readonly connections: number;
  /** Stop listening and destroy every open socket. Idempotent. */
  close(): Promise<void>;
}

/** Read a PEM value given either as PEM text or as a file path. */
function pem(value: string, what: string): string {
  if (value.includes('-----BEGIN')) return value;
  if (!existsSync(value)) throw new Error(`staging tls.${what}: neither PEM text nor an existing file: ${value}`);
  return readFileSync(value, 'utf8');
}

/** Path part of a request target (no query string). */
function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const cut = raw.search(/[?#]/);
  return cut === -1 ? raw : raw.slice(0, cut);
}

/** Listen on 127.0.0.1 with an ephemeral port; resolves with the port. */
function listenLoopback(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('unexpected server address'));
      else resolve(address.port);
    });
  });
}

/** Close `server` after destroying `sockets`; never rejects for "not running". */
function closeAll(server: net.Server, sockets: Set<Duplex>): Promise<void> {
  return new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // http servers keep idle keep-alive sockets; they were destroyed above.
    (server as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

/**
 * Start the test application in-process on 127.0.0.1 (ephemeral port).
 *
 * @example
 * const staging = await startStagingServer({ requireToken: 's3cret', readyAfterMs: 500 });
 * t.after(() => staging.close());
 * await fetch(`${staging.baseUrl}/health`); // 401
 */
export async function startStagingServer(opts: StagingOptions = {}): Promise<StagingServer> {
  const { tls, urlHost = '127.0.0.1', echoLogs = false, ...appOptions } = opts;
  const logs: string[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Duplex>();
  let connections = 0;

  const server = createAppServer({
    ...appOptions,
    ...(tls ? { tls: { cert: pem(tls.cert, 'cert'), key: pem(tls.key, 'key') } } : {}),
    log: (line) => {
      logs.push(line);
      if (echoLogs) process.stdout.write(`${line}\n`);
    },
  });
  server.on('connection', (socket: net.Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const record = (req: { method?: string; url?: string; headers: { authorization?: string } }, upgrade: boolean) =>
    requests.push({
      method: req.method ?? 'GET',
      path: pathOf(req.url),
      authorization: req.headers.authorization !== undefined,
      upgrade,
    });
  server.on('request', (req) => record(req, false));
  server.on('upgrade', (req) => record(req, true));

  const port = await listenLoopback(server);
  const hostPart = urlHost.includes(':') ? `[${urlHost}]` : urlHost;
  const wsPath = server.appConfig.wsPath;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `${tls ? 'https' : 'http'}://${hostPart}:${port}`,
    wsUrl: `${tls ? 'wss' : 'ws'}://${hostPart}:${port}${wsPath}`,
    port,
    requests,
    logs,
    get connections() {
      return connections;
    },
    markStarted: (at?: number) => server.markStarted(at),
    close: () => (closing ??= closeAll(server, sockets)),
  };
}

/**
 * Start a TCP server on 127.0.0.1 (ephemeral port) that accepts connections,
 * reads and discards whatever is sent, and never writes a byte.
 */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Duplex>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('data', () => {
      /* swallow */
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await listenLoopback(server);
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    close: () => (closing ??= closeAll(server, sockets)),
  };
}
