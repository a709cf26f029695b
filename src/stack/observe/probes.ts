/**
 * The HTTP and WebSocket probes of a wait: the backend's and auth service's health (and the
 * backend's WebSocket), and the `http`/`websocket` checks services declare. Each look probes them
 * all at once; the board keeps since when each has given the same answer that is not a yes, so a
 * reason can say "answered HTTP 503 for 41 s" and a definite answer can end the wait.
 */
import { makeAgents, probeHttp, probeWebSocket, type Agents, type ProbeResult } from '../../probe/probe.js';
import { DEFINITE_FOR_MS, definiteAnswer, judgeAnswer } from '../../readiness/checks/http.js';
import { pass, wait, type CheckState, type StatusSpec } from '../../readiness/types.js';

/** A probe of the wait: whose, and for what. */
export type WaitProbe = ProbeResult & { target: 'backend' | 'auth' | 'declared'; service: string };

export interface ProbeTarget {
  /** Names the answer across looks: service, container and check. */
  key: string;
  service: string;
  target: WaitProbe['target'];
  kind: 'http' | 'websocket';
  url: string;
  /** What a yes is (default 2xx; a WebSocket's is a handshake). */
  status?: StatusSpec;
}

interface Answer {
  probe: WaitProbe;
  target: ProbeTarget;
  /** `class status`, to tell one answer from another. */
  answer: string;
  since: number;
}

/**
 * "/health answered HTTP 500 for 41 s", "WebSocket /ws was rejected with HTTP 404 for 10 s", or the
 * probe's own words for what is not a status ("/health: connection refused (for 3 s)"). Pure.
 */
export function describeAnswer(p: Pick<ProbeResult, 'kind' | 'url' | 'class' | 'status' | 'detail'>, forMs: number): string {
  const seconds = Math.round(forMs / 1000);
  const lasting = seconds > 0 ? ` for ${seconds} s` : '';
  let path = p.url;
  try {
    path = new URL(p.url).pathname;
  } catch {
    // keep the URL as it is
  }
  if (p.class === 'http-status' && p.status !== undefined) return `${path} answered HTTP ${p.status}${lasting}`;
  if (p.class === 'ws-rejected' && p.status !== undefined) return `WebSocket ${path} was rejected with HTTP ${p.status}${lasting}`;
  return `${p.kind === 'websocket' ? 'WebSocket ' : ''}${path}: ${p.detail}${seconds > 0 ? ` (for ${seconds} s)` : ''}`;
}

export class ProbeBoard {
  private answers = new Map<string, Answer>();
  private agents: Agents | undefined;

  /** The latest answer of every target probed at the last look. */
  latest(): WaitProbe[] {
    return [...this.answers.values()].map((a) => a.probe);
  }

  /**
   * Probe every target at once. Resolves false when `interrupted` settles first (a container
   * died: look at it now, not once a probe of it has timed out); the answers are then unchanged.
   */
  async probeAll(targets: ProbeTarget[], timeoutMs: number, interrupted?: Promise<void>): Promise<boolean> {
    if (targets.length === 0) {
      this.answers = new Map();
      return true;
    }
    this.agents ??= makeAgents();
    const agents = this.agents;
    const all = Promise.all(
      targets.map(async (t) => {
        const r = t.kind === 'http' ? await probeHttp(t.url, { timeoutMs, agents }) : await probeWebSocket(t.url, { timeoutMs, agents });
        return { ...r, target: t.target, service: t.service } satisfies WaitProbe;
      }),
    );
    const answered = await Promise.race([all, ...(interrupted ? [interrupted.then(() => undefined)] : [])]);
    if (answered === undefined) return false;
    this.record(targets, answered);
    return true;
  }

  private record(targets: ProbeTarget[], probes: WaitProbe[]): void {
    const now = performance.now();
    const previous = this.answers;
    this.answers = new Map();
    targets.forEach((target, i) => {
      const fresh = probes[i] as WaitProbe;
      const before = previous.get(target.key);
      // A probe that got no answer in time says nothing new: the last status answer still stands.
      const probe = fresh.class === 'timeout' && before && before.probe.status !== undefined ? before.probe : fresh;
      const answer = `${probe.class} ${probe.status ?? ''}`;
      const since = before !== undefined && before.answer === answer ? before.since : now;
      this.answers.set(target.key, { probe, target, answer, since });
    });
  }

  /** What the target's last answer says: a yes, or what it answered and for how long. */
  state(key: string): CheckState {
    const a = this.answers.get(key);
    if (!a) return wait('not probed yet');
    const judged = judgeAnswer(a.probe, a.target.status);
    return judged.state === 'pass' ? pass(judged.why) : wait(describeAnswer(a.probe, performance.now() - a.since));
  }

  /** Answers that waiting will not change, given for {@link DEFINITE_FOR_MS}: each ends the wait. */
  definite(): Array<{ probe: WaitProbe; why: string }> {
    const now = performance.now();
    return [...this.answers.values()]
      .filter((a) => definiteAnswer(a.probe, a.target.status) && now - a.since >= DEFINITE_FOR_MS)
      .map((a) => ({ probe: a.probe, why: describeAnswer(a.probe, DEFINITE_FOR_MS) }));
  }
}
