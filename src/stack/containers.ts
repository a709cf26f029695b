/**
 * The project's containers, found by the `com.docker.compose.*` labels (never by container name:
 * v1 says p_svc_1 and v2 p-svc-1), with their state, health and published ports from the engine.
 */
import { apiMessage, apiRequest, filtersQuery, type ApiAnswer } from '../docker/engine-api.js';
import { engineSocket } from '../docker/endpoint.js';
import { exec, lastLines } from '../exec.js';

export interface PortBinding {
  hostIp: string;
  hostPort: number;
}

export interface ContainerInfo {
  id: string;
  name: string;
  service: string;
  status: string;
  exitCode: number;
  oomKilled: boolean;
  restartCount: number;
  restartPolicy: string;
  health: 'starting' | 'healthy' | 'unhealthy' | undefined;
  /** Output of the last healthcheck run, trimmed. */
  lastHealthOutput: string | undefined;
  /** The healthcheck command as Docker stores it (["CMD-SHELL", "…"] or ["CMD", …]). */
  healthTest: string[] | undefined;
  healthTimeoutMs: number | undefined;
  ports: Record<string, PortBinding[]>;
  /** The networks it is on (the engine's names), with its address and aliases on each. */
  networks: Record<string, { ip: string; aliases: string[] }>;
  error: string;
  /**
   * The container ports it asks the engine to publish (`HostConfig.PortBindings`, `80/tcp`): still
   * there once it exited, when `ports` (what is bound now) is empty.
   */
  publishes: string[];
  /** The main process's pid on the engine's host (0 when not running). */
  pid: number;
  /** When it last started (ms since the epoch, the engine's clock); undefined before its first start. */
  startedAt: number | undefined;
  /** When it was created (ms since the epoch, the engine's clock). */
  createdAt: number | undefined;
  /** When it last exited (ms since the epoch); undefined while it never has. */
  finishedAt: number | undefined;
  /** The engine's id of the image it was created from (what `up` built, for a built service). */
  imageId?: string;
}

interface InspectJson {
  Id: string;
  Image?: string;
  Name: string;
  Created?: string;
  RestartCount?: number;
  State: {
    Status: string;
    ExitCode: number;
    OOMKilled?: boolean;
    Error?: string;
    Pid?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status: string; Log?: Array<{ ExitCode: number; Output: string }> };
  };
  Config: { Labels?: Record<string, string>; Healthcheck?: { Test?: string[]; Timeout?: number } };
  HostConfig?: { RestartPolicy?: { Name?: string }; PortBindings?: Record<string, unknown[] | null> | null };
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
    Networks?: Record<string, { IPAddress?: string; GlobalIPv6Address?: string; Aliases?: string[] | null } | null>;
  };
}

/** One of the engine's times (StartedAt, FinishedAt, Created), in ms; undefined for its zero time (never happened). */
function startedAtOf(text: string | undefined): number | undefined {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}

/** Turn `docker inspect` JSON into ContainerInfo. Pure. */
export function parseInspect(json: string): ContainerInfo[] {
  return fromInspect(JSON.parse(json) as InspectJson[]);
}

/** ContainerInfo of what the engine says of each container. Pure. */
function fromInspect(items: InspectJson[]): ContainerInfo[] {
  return items
    .filter((c) => c.Config.Labels?.['com.docker.compose.oneoff'] !== 'True')
    .map((c) => {
      const log = c.State.Health?.Log ?? [];
      const last = log[log.length - 1];
      const ports: Record<string, PortBinding[]> = {};
      for (const [key, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
        ports[key] = (bindings ?? []).map((b) => ({ hostIp: b.HostIp, hostPort: Number(b.HostPort) }));
      }
      const networks: ContainerInfo['networks'] = {};
      for (const [name, n] of Object.entries(c.NetworkSettings?.Networks ?? {}))
        networks[name] = { ip: n?.IPAddress || n?.GlobalIPv6Address || '', aliases: n?.Aliases ?? [] };
      const test = c.Config.Healthcheck?.Test;
      return {
        id: c.Id,
        name: c.Name.replace(/^\//, ''),
        service: c.Config.Labels?.['com.docker.compose.service'] ?? '',
        status: c.State.Status,
        exitCode: c.State.ExitCode,
        oomKilled: c.State.OOMKilled === true,
        restartCount: c.RestartCount ?? 0,
        restartPolicy: c.HostConfig?.RestartPolicy?.Name ?? '',
        health: c.State.Health?.Status as ContainerInfo['health'],
        lastHealthOutput: last ? lastLines(last.Output, 5) || `exit code ${last.ExitCode}` : undefined,
        healthTest: test && test[0] !== 'NONE' && test.length > 0 ? test : undefined,
        healthTimeoutMs: c.Config.Healthcheck?.Timeout ? c.Config.Healthcheck.Timeout / 1e6 : undefined,
        ports,
        networks,
        error: c.State.Error ?? '',
        publishes: Object.entries(c.HostConfig?.PortBindings ?? {})
          .filter(([, b]) => (b ?? []).length > 0)
          .map(([key]) => key),
        pid: c.State.Pid ?? 0,
        startedAt: startedAtOf(c.State.StartedAt),
        createdAt: startedAtOf(c.Created),
        finishedAt: startedAtOf(c.State.FinishedAt),
        ...(c.Image ? { imageId: c.Image } : {}),
      };
    });
}

/** All (non one-off) containers of a compose project. */
export async function projectContainers(project: string, env: NodeJS.ProcessEnv, timeoutMs = 10_000): Promise<ContainerInfo[]> {
  const socket = engineSocket(env);
  if (socket) return fromInspect(await inspectOnSocket(socket, await idsOnSocket(socket, project, timeoutMs), timeoutMs));
  const ps = await exec(['docker', 'ps', '--all', '--quiet', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`], {
    env,
    timeoutMs,
  });
  if (ps.code !== 0) throw new Error(`docker ps failed: ${lastLines(ps.stderr, 2)}`);
  return inspectContainers(ps.stdout.split('\n').filter(Boolean), env, timeoutMs);
}

/** Inspect known containers; one that is gone is simply missing from the result. */
export async function inspectContainers(ids: string[], env: NodeJS.ProcessEnv, timeoutMs = 10_000): Promise<ContainerInfo[]> {
  if (ids.length === 0) return [];
  const socket = engineSocket(env);
  if (socket) return fromInspect(await inspectOnSocket(socket, ids, timeoutMs));
  const inspect = await exec(['docker', 'inspect', ...ids], { env, timeoutMs });
  // A container removed meanwhile makes inspect exit 1 but still print the others.
  if (inspect.stdout.trim().startsWith('[')) return parseInspect(inspect.stdout);
  throw new Error(`docker inspect failed: ${lastLines(inspect.stderr, 2)}`);
}

/** `docker ps --all --quiet --no-trunc --filter label=…`, on the engine's socket. */
async function idsOnSocket(socket: string, project: string, timeoutMs: number): Promise<string[]> {
  const a = await onSocket(
    socket,
    `/containers/json?all=1&${filtersQuery({ label: [`com.docker.compose.project=${project}`] })}`,
    timeoutMs,
  );
  if (a.status !== 200) throw new Error(`docker ps failed: ${apiMessage(a.body)}`);
  return (JSON.parse(a.body) as Array<{ Id: string }>).map((c) => c.Id);
}

/** `docker inspect` of containers, on the engine's socket, all at once; one that is gone (404) is left out. */
async function inspectOnSocket(socket: string, ids: string[], timeoutMs: number): Promise<InspectJson[]> {
  const answers = await Promise.all(ids.map((id) => onSocket(socket, `/containers/${encodeURIComponent(id)}/json`, timeoutMs)));
  const failed = answers.find((a) => a.status !== 200 && a.status !== 404);
  if (failed) throw new Error(`docker inspect failed: ${apiMessage(failed.body)}`);
  return answers.filter((a) => a.status === 200).map((a) => JSON.parse(a.body) as InspectJson);
}

/** A GET on the socket; no answer is an error that says so, in the words of the CLI's failures. */
async function onSocket(socket: string, path: string, timeoutMs: number): Promise<ApiAnswer> {
  try {
    return await apiRequest(socket, 'GET', path, { timeoutMs });
  } catch (err) {
    throw new Error(`the Docker engine at unix://${socket} did not answer: ${(err as Error).message}`);
  }
}

/**
 * Choose the binding to reach a container port on, and the host to name in URLs. Wildcard
 * bindings mean "localhost" (the engine's host when remote); if the IPv4 and IPv6 wildcard
 * bindings got different host ports, name 127.0.0.1 so a client that tries ::1 first cannot land on
 * another container. Pure.
 */
export function choosePublished(bindings: PortBinding[], engineHost: string): { host: string; port: number } | undefined {
  if (bindings.length === 0) return undefined;
  const remote = engineHost !== 'localhost';
  const v4 = bindings.find((b) => b.hostIp === '0.0.0.0' || b.hostIp === '');
  const v6 = bindings.find((b) => b.hostIp === '::');
  if (v4 || v6) {
    const port = (v4 ?? v6)!.hostPort;
    if (remote) return { host: engineHost, port };
    if (v4 && v6 && v4.hostPort !== v6.hostPort) return { host: '127.0.0.1', port: v4.hostPort };
    return { host: v4 ? 'localhost' : '[::1]', port };
  }
  const specific =
    bindings.find((b) => b.hostIp === '127.0.0.1') ?? bindings.find((b) => b.hostIp === '::1') ?? (bindings[0] as PortBinding);
  if (remote && (specific.hostIp === '127.0.0.1' || specific.hostIp === '::1')) return undefined; // loopback of a remote engine: unreachable from here
  const host = specific.hostIp.includes(':') ? `[${specific.hostIp}]` : specific.hostIp;
  return { host, port: specific.hostPort };
}
