/**
 * A running container as the watch lists it (src/stack/containers.ts), for unit tables: every
 * field at its plain value, `over` on top.
 */
import type { ContainerInfo } from '../../src/stack/containers.js';

export function runningContainer(over: Partial<ContainerInfo> = {}): ContainerInfo {
  return {
    id: 'x',
    name: 'p-svc-1',
    service: 'svc',
    status: 'running',
    exitCode: 0,
    oomKilled: false,
    restartCount: 0,
    restartPolicy: 'no',
    health: undefined,
    lastHealthOutput: undefined,
    healthTest: undefined,
    healthTimeoutMs: undefined,
    ports: {},
    networks: {},
    error: '',
    publishes: [],
    pid: 0,
    startedAt: undefined,
    createdAt: undefined,
    finishedAt: undefined,
    ...over,
  };
}
