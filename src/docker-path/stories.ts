/**
 * Every service's story (report/service-story.ts) from what the wait saw last: its containers (a
 * service's first container not ready speaks for it, as the wait judged it), the moment each
 * service turned ready and by which rule, and why the failing ones failed. Pure.
 */
import type { ServiceStory, StoryState } from '../report/service-story.js';
import { outsideLine } from '../report/outside.js';
import type { ContainerInfo } from '../stack/containers.js';
import type { Failing, ServiceReadiness } from '../stack/wait.js';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export interface StoryFacts {
  /** The services the plan awaited, in its order; services with containers but not awaited follow. */
  awaited: string[];
  containers: ContainerInfo[];
  ready: ServiceReadiness[];
  failing: Failing[];
  /** A service's complete log, once written (issue 26's log files). */
  logOf?: (service: string) => { file: string; bytes: number } | undefined;
}

function stateOf(c: ContainerInfo | undefined, ready: ServiceReadiness | undefined): StoryState {
  if (ready?.by === 'done') return 'done';
  if (!c) return ready ? 'ready' : 'not created';
  if (c.status === 'restarting') return 'restarting';
  if (c.status === 'exited' || c.status === 'dead') return 'exited';
  if (c.status === 'created') return 'created';
  return ready ? 'ready' : 'running';
}

/** The container that speaks for a service: the failing one, else the one last started. */
function spokesman(service: string, containers: ContainerInfo[], failing: Failing | undefined): ContainerInfo | undefined {
  if (failing?.container) return failing.container;
  const own = containers.filter((c) => c.service === service);
  return own.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))[0];
}

export function tellStories(f: StoryFacts): ServiceStory[] {
  const names = [...f.awaited];
  for (const c of f.containers) if (c.service && !names.includes(c.service)) names.push(c.service);
  return names.map((name): ServiceStory => {
    const failing = f.failing.find((x) => x.service === name);
    const ready = failing ? undefined : f.ready.find((r) => r.service === name);
    const c = spokesman(name, f.containers, failing);
    const state = stateOf(c, ready);
    const exited = state === 'exited' || state === 'done' || state === 'restarting';
    const log = f.logOf?.(name);
    const why = failing?.why ?? ready?.why;
    return {
      name,
      state,
      exitCode: c && exited ? c.exitCode : null,
      restarts: c?.restartCount ?? 0,
      health: c?.health ?? null,
      createdAt: iso(c?.createdAt),
      startedAt: iso(c?.startedAt),
      readyAt: ready ? iso(ready.readyAt) : null,
      exitedAt: exited ? iso(c?.finishedAt) : null,
      readyBy: ready?.by ?? null,
      why: why ? outsideLine(why, 300) : null,
      lastHealthcheckOutput: c?.lastHealthOutput ? outsideLine(c.lastHealthOutput, 500) : null,
      logFile: log?.file ?? null,
      logBytes: log?.bytes ?? null,
    };
  });
}
