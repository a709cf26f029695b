/** The probe's vocabulary: what a probe found, in one class, and the options it takes. A leaf. */
import type * as http from 'node:http';
import type * as https from 'node:https';

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

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

export interface ProbeOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Shared agents; default: fresh keep-alive-less agents. */
  agents?: Agents;
  /** Aborts the probe early (e.g. the overall deadline). */
  signal?: AbortSignal;
}
