/**
 * How this step reaches a container port of the stack, and the networks it joined to do so.
 *
 * - On a host (the engine's, or one that reaches a remote engine): the port the engine published,
 *   on localhost or the engine's host ({@link choosePublished}); with `url-host`, on that host.
 * - In a container of the engine it talks to (a container job): published ports are on the
 *   engine's host, not here. This container joins the network the service is on (`docker network
 *   connect`, once per network) and reaches it by service name and container port, as the stack's
 *   own containers do (`http://alpine-test-backend:8000`); by the container's address on that
 *   network when names do not resolve here (a container on Docker's default bridge has no
 *   embedded DNS). Every network joined is left again before the stack's networks are removed
 *   ({@link leaveNetworks}), by the main step or the post step, or the removal would fail.
 */
import { isLoopbackHost } from '../docker/availability.js';
import { readIfPresent } from '../docker/where.js';
import { exec, lastLines } from '../exec.js';
import { outsideLine } from '../report/outside.js';
import { choosePublished, type ContainerInfo } from './containers.js';
import type { Joined } from './types.js';

/** A container port: where to reach it; `pending` while a network is being joined. */
export type Reach = { host: string; port: number } | { error: string } | { pending: string };

export interface Reacher {
  /**
   * Where container port `key` (`8000/tcp`, `53/udp`) of running container `c` is reached from this
   * step; undefined when it is not reachable at all (published mode: not published).
   */
  endpoint(c: ContainerInfo, key: string): Reach | undefined;
  /** Make every port of these containers reachable now (join their networks), before they are listed. */
  prepare?(containers: ContainerInfo[]): Promise<void>;
  /** The networks joined for the stack, if any. */
  joined?(): string[];
  /** The host to name for a container none of whose ports is reached (service-ports). */
  defaultHost(c: ContainerInfo): string;
}

/** Published ports, on the engine's host; `urlHost` names another host for every URL. */
export function publishedReacher(engineHost: string, urlHost?: string): Reacher {
  // A url-host other than this machine's loopback reaches no binding on the engine's loopback.
  const over = urlHost === undefined ? engineHost : isLoopbackHost(urlHost) ? 'localhost' : urlHost;
  return {
    endpoint(c, key) {
      const published = choosePublished(c.ports[key] ?? [], over);
      if (!published) return undefined;
      return urlHost ? { host: urlHost, port: published.port } : published;
    },
    defaultHost: () => urlHost ?? engineHost,
  };
}

/** Networks this process joined, per project: what {@link leaveNetworks} leaves again. */
const joinedByProject = new Map<string, Joined>();
/** Joins under way per project: a removal waits for them, or one landing after it would be left joined. */
const joinsInFlight = new Map<string, Set<Promise<void>>>();

/** Record networks joined by another process (the main step, for the post step). */
export function rememberJoined(project: string, joined: Joined): void {
  const known = joinedByProject.get(project);
  if (!known) joinedByProject.set(project, { container: joined.container, networks: [...joined.networks] });
  else for (const n of joined.networks) if (!known.networks.includes(n)) known.networks.push(n);
}

/** The networks this process joined for `project` and has not left (for a process that removes the stack instead). */
export function joinedFor(project: string): Joined | undefined {
  const joined = joinedByProject.get(project);
  return joined && joined.networks.length ? { container: joined.container, networks: [...joined.networks] } : undefined;
}

/**
 * Leave every network this step joined for `project` (`docker network disconnect --force`, side
 * by side): before the project's networks are removed, which fails while a container is on them.
 * A network already gone or left counts as left. Resolves with what could not be left.
 */
export async function leaveNetworks(project: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  await Promise.all(joinsInFlight.get(project) ?? []);
  const joined = joinedByProject.get(project);
  if (!joined || joined.networks.length === 0) return [];
  const left = await Promise.all(
    joined.networks.map(async (network) => {
      const r = await exec(['docker', 'network', 'disconnect', '--force', network, joined.container], { env, timeoutMs: 30_000 });
      const gone = r.code === 0 || /not connected|no such network|not found/i.test(r.stderr);
      return { network, why: gone ? undefined : lastLines(r.stderr, 1) || `exit code ${r.code}` };
    }),
  );
  const stayed = left.filter((l) => l.why !== undefined);
  joined.networks = stayed.map((l) => l.network);
  return stayed.map((l) => `${l.network} (${l.why})`);
}

/** Whether names of a user-defined network resolve here: the engine's embedded DNS is this container's resolver. */
export function hasEmbeddedDns(resolvConf = readIfPresent('/etc/resolv.conf')): boolean {
  return /^\s*nameserver\s+127\.0\.0\.11\s*$/m.test(resolvConf);
}

/** Networks a container of the stack cannot be reached on by joining them. */
const NOT_JOINABLE = new Set(['host', 'none']);

/**
 * The network to reach `c` on: the project's default network, else another of the project's own
 * (named `<project>_…`), else one this container is on already, else the first by name; never
 * `host` or `none`. The project's own come first: on a network shared with other stacks (an
 * external one, a job's), a service name may also be another container's alias. Pure.
 */
export function networkFor(c: Pick<ContainerInfo, 'networks'>, mine: readonly string[], project: string): string | undefined {
  const names = Object.keys(c.networks)
    .filter((n) => !NOT_JOINABLE.has(n))
    .sort();
  return (
    names.find((n) => n === `${project}_default`) ??
    names.find((n) => n.startsWith(`${project}_`)) ??
    names.find((n) => mine.includes(n)) ??
    names[0]
  );
}

export interface NetworkReacherOptions {
  project: string;
  /** This container, as the engine knows it. */
  container: { id: string; networks: string[] };
  env: NodeJS.ProcessEnv;
  /** Names resolve here (default: this container's resolver is the engine's embedded DNS). */
  namesResolve?: boolean;
  /** After each network joined: for the post step, which leaves it before `down`. */
  onJoined?: (joined: Joined) => void;
}

/** Reach the stack from a container of the same engine: on its networks, by service name. */
export class NetworkReacher implements Reacher {
  private readonly joining = new Map<string, Promise<void>>();
  private readonly failed = new Map<string, string>();
  private readonly namesResolve: boolean;

  constructor(private readonly o: NetworkReacherOptions) {
    this.namesResolve = o.namesResolve ?? hasEmbeddedDns();
  }

  /** How URLs are built, for the summary. */
  get byName(): boolean {
    return this.namesResolve;
  }

  joined(): string[] {
    return [...(joinedByProject.get(this.o.project)?.networks ?? [])];
  }

  /** The networks this container is on: its own, and those joined and not left since (a removed stack's). */
  private on(): string[] {
    return [...this.o.container.networks, ...this.joined()];
  }

  async prepare(containers: ContainerInfo[]): Promise<void> {
    for (const c of containers) {
      const network = networkFor(c, this.on(), this.o.project);
      if (network && !this.on().includes(network) && !this.failed.has(network)) this.startJoin(network);
    }
    await Promise.all(this.joining.values());
  }

  defaultHost(c: ContainerInfo): string {
    return this.namesResolve ? c.service : (this.addressOn(c, networkFor(c, this.on(), this.o.project)) ?? c.service);
  }

  endpoint(c: ContainerInfo, key: string): Reach | undefined {
    const network = networkFor(c, this.on(), this.o.project);
    if (!network)
      return { error: `${c.service} is on no network this step can join (network mode ${Object.keys(c.networks).join(', ') || 'none'})` };
    const failure = this.failed.get(network);
    if (failure) return { error: `could not join network ${network}: ${failure}` };
    if (!this.on().includes(network)) {
      this.startJoin(network);
      return { pending: `joining network ${network}` };
    }
    const port = parseInt(key, 10);
    // Docker's default bridge resolves no names, whatever this container's resolver.
    if (this.namesResolve && network !== 'bridge') return { host: c.service, port };
    const address = this.addressOn(c, network);
    return address ? { host: address, port } : { pending: `no address on network ${network} yet` };
  }

  private addressOn(c: ContainerInfo, network: string | undefined): string | undefined {
    const ip = network ? c.networks[network]?.ip : undefined;
    return ip ? (ip.includes(':') ? `[${ip}]` : ip) : undefined;
  }

  private startJoin(network: string): void {
    if (this.joining.has(network)) return;
    const { project } = this.o;
    const p = this.join(network).finally(() => {
      this.joining.delete(network);
      joinsInFlight.get(project)?.delete(p);
    });
    this.joining.set(network, p);
    if (!joinsInFlight.has(project)) joinsInFlight.set(project, new Set());
    joinsInFlight.get(project)!.add(p);
  }

  private async join(network: string): Promise<void> {
    const { container, env, project } = this.o;
    // Recorded before asking: a connect the engine completes after a cancel is still left by the post step.
    rememberJoined(project, { container: container.id, networks: [network] });
    this.o.onJoined?.(joinedByProject.get(project)!);
    try {
      const r = await exec(['docker', 'network', 'connect', network, container.id], { env, timeoutMs: 30_000 });
      if (r.code !== 0 && !/already exists in network|already connected/i.test(r.stderr))
        this.failed.set(network, lastLines(r.stderr, 1) || `exit code ${r.code}`);
    } catch (err) {
      this.failed.set(network, outsideLine(String(err), 300));
    }
  }
}
