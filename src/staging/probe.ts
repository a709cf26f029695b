/**
 * The staging probe: backend health, WebSocket handshake (unless there is no WebSocket URL:
 * websocket-path empty and no staging-websocket-url) and (when given) auth health, all at
 * once under one deadline (`staging-timeout`). Retries only what can pass on a retry (refused,
 * reset, 502/503/504), with short backoff inside the deadline; never a 404 or a TLS error.
 */
import type { Inputs, StagingInputs } from '../inputs.js';
import { makeAgents, probeHttp, probeWebSocket, type Agents, type ProbeResult } from '../probe/probe.js';
import { sleep } from '../sleep.js';

export interface StagingCheck {
  name: 'backend-health' | 'websocket' | 'auth-health';
  result: ProbeResult;
  attempts: number;
}

export interface StagingProbe {
  usable: boolean;
  checks: StagingCheck[];
  /** One line: which required check failed and how. */
  reason: string;
  durationMs: number;
}

/** Whether a probe result could change on a retry. Pure. */
export function retryable(r: ProbeResult): boolean {
  if (r.class === 'refused' || r.class === 'reset') return true;
  return (r.class === 'http-status' || r.class === 'ws-rejected') && r.status !== undefined && [502, 503, 504].includes(r.status);
}

async function withRetries(
  run: (timeoutMs: number) => Promise<ProbeResult>,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<{ result: ProbeResult; attempts: number }> {
  let attempts = 0;
  let backoff = 100;
  let answered: ProbeResult | undefined;
  for (;;) {
    attempts++;
    let result = await run(Math.max(1, deadline - performance.now()));
    // A retry cut short by the deadline does not erase what staging did answer: a 503 seen three
    // times is the reason, not "no answer".
    if (result.class === 'timeout' && answered) {
      result = { ...answered, detail: `${answered.detail}; the last retry got no answer before the deadline` };
    } else if (result.class !== 'timeout') {
      answered = result;
    }
    const left = deadline - performance.now();
    if (result.class === 'ok' || !retryable(result) || left < backoff + 50 || signal?.aborted) return { result, attempts };
    await sleep(backoff);
    if (signal?.aborted) return { result, attempts };
    backoff = Math.min(backoff * 2, 1000);
  }
}

export async function probeStaging(
  staging: StagingInputs,
  healthPath: string,
  authHealthPath: string,
  given?: Agents,
  signal?: AbortSignal,
): Promise<StagingProbe> {
  const started = performance.now();
  const agents = given ?? makeAgents();
  const deadline = started + staging.timeoutMs;
  const headers: Record<string, string> = staging.token ? { authorization: `Bearer ${staging.token}` } : {};
  const base = staging.backendUrl as string;
  const jobs: Array<Promise<StagingCheck>> = [
    withRetries((t) => probeHttp(`${base}${healthPath}`, { timeoutMs: t, headers, agents, signal }), deadline, signal).then((r) => ({
      name: 'backend-health' as const,
      ...r,
    })),
  ];
  const wsUrl = staging.websocketUrl;
  if (wsUrl !== undefined) {
    jobs.push(
      withRetries((t) => probeWebSocket(wsUrl, { timeoutMs: t, headers, agents, signal }), deadline, signal).then((r) => ({
        name: 'websocket' as const,
        ...r,
      })),
    );
  }
  if (staging.authUrl) {
    jobs.push(
      withRetries(
        (t) => probeHttp(`${staging.authUrl}${authHealthPath}`, { timeoutMs: t, headers, agents, signal }),
        deadline,
        signal,
      ).then((r) => ({
        name: 'auth-health' as const,
        ...r,
      })),
    );
  }
  const checks = await Promise.all(jobs);
  const failed = checks.filter((c) => c.result.class !== 'ok');
  return {
    usable: failed.length === 0,
    checks,
    reason: failed.length === 0 ? 'every staging check passed' : failed.map((c) => `${c.name} ${c.result.detail}`).join('; '),
    durationMs: performance.now() - started,
  };
}

/** A staging answer, and when it came (performance.now()). */
export interface StagingAnswer {
  probe: StagingProbe;
  at: number;
}

/** A staging probe under way, which can be stopped (its answer then comes at once). */
export interface EarlyStaging {
  answer: Promise<StagingAnswer>;
  stop: () => void;
}

/** Start probing staging as the inputs say. */
export function startStagingProbe(inputs: Pick<Inputs, 'staging' | 'healthPath' | 'authHealthPath'>): EarlyStaging {
  const controller = new AbortController();
  const answer = probeStaging(inputs.staging, inputs.healthPath, inputs.authHealthPath, undefined, controller.signal).then((probe) => ({
    probe,
    at: performance.now(),
  }));
  return { answer, stop: () => controller.abort() };
}
