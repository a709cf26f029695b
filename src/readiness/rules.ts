/**
 * Which rule makes a service ready: the first that applies (the contract's "Healthy, in docker
 * mode"). Pure.
 */
import type { ContainerInfo } from '../stack/containers.js';
import type { DeclaredCheck, ReadyRule } from './types.js';

export interface RuleFacts {
  /** What the compose file declares for the service (`x-compose-or-staging.ready`). */
  declared: DeclaredCheck[] | undefined;
  /** The backend or the auth service: its HTTP/WebSocket probes decide. */
  endpoint: boolean;
}

export function chooseRule(facts: RuleFacts, c: Pick<ContainerInfo, 'healthTest' | 'ports'>): ReadyRule {
  if (facts.declared && facts.declared.length > 0) return 'declared';
  if (facts.endpoint) return 'endpoint';
  if (c.healthTest !== undefined) return 'healthcheck';
  if (publishedTcpPorts(c).length > 0) return 'listening';
  return 'running';
}

/** The container ports published on the host over TCP, in order. Pure. */
export function publishedTcpPorts(c: Pick<ContainerInfo, 'ports'>): number[] {
  return Object.entries(c.ports)
    .filter(([key, bindings]) => key.endsWith('/tcp') && bindings.length > 0)
    .map(([key]) => parseInt(key, 10))
    .filter((n) => !Number.isNaN(n))
    .sort((a, b) => a - b);
}

/** What each rule is called in the summary. */
export const RULE_WORDS: Record<ReadyRule | 'done', string> = {
  declared: 'its declared checks',
  endpoint: 'its health probes',
  healthcheck: 'its healthcheck',
  listening: 'its published ports listening',
  running: 'running 1 s',
  done: 'one-shot, exited 0',
};
