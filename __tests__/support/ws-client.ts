/**
 * Small helpers around the `ws` client for tests: open a WebSocket and learn
 * whether the upgrade was accepted or rejected (and with which status).
 */
import type { IncomingMessage } from 'node:http';

import WebSocket, { type ClientOptions } from 'ws';

/** Outcome of {@link connectWebSocket}. */
export type WsOutcome =
  { accepted: true; ws: WebSocket } | { accepted: false; status: number; body: string } | { accepted: false; error: Error };

/**
 * Try to open `url`. Resolves (never rejects) with the open socket (the caller
 * must close it), the HTTP status + body of a rejected upgrade
 * (`unexpected-response`), or the connection/TLS error.
 */
export function connectWebSocket(url: string, options: ClientOptions = {}): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: 5_000, ...options });
    ws.once('open', () => resolve({ accepted: true, ws }));
    ws.once('unexpected-response', (req, res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        resolve({ accepted: false, status: res.statusCode ?? 0, body });
        req.destroy();
      });
      res.on('error', () => resolve({ accepted: false, status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (error) => resolve({ accepted: false, error }));
  });
}

/** Send `data` and resolve with the next message received. */
export function echo(ws: WebSocket, data: string | Buffer): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const onClose = (code: number) => reject(new Error(`WebSocket closed (${code}) before a message arrived`));
    ws.once('close', onClose);
    ws.once('error', reject);
    ws.once('message', (raw, isBinary) => {
      ws.off('close', onClose);
      ws.off('error', reject);
      resolve({ data: Buffer.from(raw as Buffer), isBinary });
    });
    ws.send(data);
  });
}

/** Close `ws` and resolve with the close code the peer answered with. */
export function closeWebSocket(ws: WebSocket, code = 1000): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve(1006);
    ws.once('close', (c) => resolve(c));
    ws.close(code);
  });
}
