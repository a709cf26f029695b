/**
 * One service's verdict at one look: its containers' life, then its rule's checks, from what the
 * watch has observed so far (own healthcheck runs, listening sockets, log lines, probe answers).
 * The stack is ready when every awaited service is. Pure.
 */
import type { ContainerInfo } from '../stack/containers.js';
import { judgeEndpointHealth, judgeHealthcheck, type OwnRuns } from './checks/healthcheck.js';
import { isOneShot, judgeLife } from './checks/life.js';
import { judgeListening, type Listener } from './checks/listening.js';
import { judgeRunning } from './checks/running.js';
import { describeCheck } from '../compose/declared-readiness.js';
import { chooseRule, publishedTcpPorts, type RuleFacts } from './rules.js';
import type { CheckState, DeclaredCheck, ReadyBy, ReadyRule } from './types.js';

/** What the watch has seen of a container, for the checks that need more than `docker inspect`. */
export interface Observed {
  /** The action's own runs of the container's healthcheck. */
  own(c: ContainerInfo): OwnRuns;
  /** The container's listening sockets; `unchecked` with why when they cannot be read. */
  listeners(c: ContainerInfo): Listener[] | { unchecked: string } | undefined;
  /** A declared check other than `tcp` (log, http, websocket), as last observed. */
  declared(c: ContainerInfo, check: DeclaredCheck): CheckState;
  /** The backend's or auth service's probes together. */
  endpoint(service: string): CheckState;
  /** How long the container has run since its last start. */
  runningMs(c: ContainerInfo): number;
}

export interface ServiceVerdict {
  service: string;
  state: 'ready' | 'waiting' | 'failed';
  why: string;
  /** The rule that applies (made it ready, once ready). */
  by: ReadyBy;
  /** The container the verdict is about (the first not ready). */
  container: ContainerInfo | undefined;
}

type ContainerVerdict = { state: CheckState['state'] | 'done'; why: string; by: ReadyBy };

/** The running rule, with why the listening rule could not be used. */
function running(c: ContainerInfo, o: Observed, note = ''): ContainerVerdict {
  const r = judgeRunning(o.runningMs(c));
  return { ...r, why: `${r.why}${note}`, by: 'running' };
}

function listening(c: ContainerInfo, o: Observed, ports: number[], by: ReadyRule): ContainerVerdict {
  const seen = o.listeners(c);
  if (seen === undefined) return { state: 'wait', why: `reading the listening ports of ${c.name}`, by };
  if ('unchecked' in seen) return running(c, o, ` (ports not checked: ${seen.unchecked})`);
  return { ...judgeListening(ports, seen), by };
}

/** Every declared check of one container; the first not passing says why. */
function declared(c: ContainerInfo, o: Observed, checks: DeclaredCheck[]): ContainerVerdict {
  const states = checks.map((check): CheckState => {
    if (check.kind !== 'tcp') return o.declared(c, check);
    const r = listening(c, o, [check.port], 'declared');
    return r.state === 'done' ? { state: 'pass', why: r.why } : { state: r.state, why: r.why };
  });
  const first = states.find((s) => s.state === 'fail') ?? states.find((s) => s.state === 'wait');
  if (first) {
    const i = states.indexOf(first);
    return { state: first.state, why: `${describeCheck(checks[i] as DeclaredCheck)}: ${first.why}`, by: 'declared' };
  }
  return { state: 'pass', why: checks.map(describeCheck).join(', '), by: 'declared' };
}

function judgeOne(c: ContainerInfo, facts: RuleFacts, o: Observed): ContainerVerdict {
  const rule = chooseRule(facts, c);
  const life = judgeLife(c, rule !== 'endpoint' && isOneShot(c));
  if (life.state === 'done') return { state: 'done', why: life.why, by: 'done' };
  if (life.state !== 'running') return { ...life, by: rule };
  switch (rule) {
    case 'declared':
      return declared(c, o, facts.declared ?? []);
    case 'endpoint': {
      const health = judgeEndpointHealth(c, o.own(c));
      return { ...(health.state === 'pass' ? o.endpoint(c.service) : health), by: rule };
    }
    case 'healthcheck':
      return { ...judgeHealthcheck(c, o.own(c)), by: rule };
    case 'listening':
      return listening(c, o, publishedTcpPorts(c), rule);
    case 'running':
      return running(c, o);
  }
}

/** The verdict on one service from its containers (every replica must be ready). Pure. */
export function judgeService(service: string, containers: ContainerInfo[], facts: RuleFacts, o: Observed): ServiceVerdict {
  if (containers.length === 0) return { service, state: 'waiting', why: 'no container yet', by: 'running', container: undefined };
  const verdicts = containers.map((c) => ({ c, v: judgeOne(c, facts, o) }));
  const worst = verdicts.find((x) => x.v.state === 'fail') ?? verdicts.find((x) => x.v.state === 'wait');
  if (worst)
    return { service, state: worst.v.state === 'fail' ? 'failed' : 'waiting', why: worst.v.why, by: worst.v.by, container: worst.c };
  const first = verdicts[0] as { c: ContainerInfo; v: ContainerVerdict };
  const allDone = verdicts.every((x) => x.v.state === 'done');
  const live = verdicts.find((x) => x.v.state !== 'done') ?? first;
  return { service, state: 'ready', why: live.v.why, by: allDone ? 'done' : live.v.by, container: undefined };
}
