/**
 * Stage: where the step runs (src/docker/where.ts), asked alongside the daemon, and the reacher
 * every wait uses: published ports on a host, the stack's network in a container of the same
 * engine, `url-host` when given. Until it is known, a wait that finds a running container says
 * so and looks again.
 */
import { locate, looksLikeContainer, readSigns, type Where } from '../docker/where.js';
import { outsideLine } from '../report/outside.js';
import { NetworkReacher, publishedReacher, type Reacher } from '../stack/reach.js';
import { saveJoinedState } from '../state.js';
import type { PathContext } from './context.js';

export interface Location {
  /** The reacher for a wait whose engine publishes on `engineHost`. */
  reacher(engineHost: string): Reacher;
  /** Once known: adds the `docker.location` check saying where the step runs and how URLs are built. */
  record(engineHost: string, endpoint?: string): Promise<void>;
  /** Whether the signs say "a container" (before the engine confirmed whose): bind mounts may need translating. */
  maybeContainer: boolean;
  /** Where the step runs, once the engine was asked. */
  where(): Promise<Where>;
}

export function beginLocating(
  ctx: Pick<PathContext, 'inputs' | 'report' | 'env'>,
  daemon: Promise<unknown> | undefined,
  projectName: string,
): Location {
  const { inputs, env } = ctx;
  const urlHost = inputs.urlHost;
  const started = performance.now();
  let where: Where | undefined;
  let network: NetworkReacher | undefined;
  let asked: Promise<void> = Promise.resolve();
  const settle = (w: Where): void => {
    where = w;
    // With url-host, every URL names that host: no network is joined.
    if (w.kind === 'container' && urlHost === undefined)
      network = new NetworkReacher({
        project: projectName,
        container: w.container,
        env,
        onJoined: (joined) => saveJoinedState(projectName, joined),
      });
  };
  // Asked with url-host too: bind mounts go through this container's mounts all the same.
  const signs = readSigns();
  const maybeContainer = looksLikeContainer(signs);
  if (!maybeContainer) settle({ kind: 'host' });
  // The engine is asked about this container once it has answered at all (a dead one answers nothing).
  else
    asked = (daemon ?? Promise.resolve())
      .then(() => locate(env, signs))
      .then(settle, (err: unknown) => settle({ kind: 'foreign-container', why: String(err) }));

  return {
    maybeContainer,
    where: async () => {
      await asked;
      return where!;
    },
    reacher: (engineHost) => {
      const published = publishedReacher(engineHost, urlHost);
      return {
        endpoint: (c, key) => {
          if (!where) return { pending: 'finding out where this step runs' };
          return network ? network.endpoint(c, key) : published.endpoint(c, key);
        },
        defaultHost: (c) => (network ?? published).defaultHost(c),
        prepare: async (containers) => {
          await asked;
          await network?.prepare(containers);
        },
        joined: () => network?.joined() ?? [],
      };
    },
    record: async (engineHost, endpoint) => {
      await asked;
      const w = where!;
      const engine = remoteEngine(endpoint, env);
      // A remote engine decides the URLs unless the step is in a container of that very engine.
      const remote = w.kind === 'host' || w.kind === 'foreign-container' ? engine : undefined;
      const detail = locationDetail(w, { urlHost, remote, engineHost, byName: network?.byName ?? false });
      ctx.report.add({
        id: 'docker.location',
        title: 'Where the step runs',
        status: w.kind === 'host' && urlHost === undefined ? 'ok' : 'info',
        durationMs: performance.now() - started,
        detail,
        data: {
          kind: urlHost !== undefined ? 'url-host' : remote ? 'remote' : w.kind,
          ...(engine && endpoint ? { endpoint } : {}),
          ...(w.kind === 'container' || w.kind === 'shared-network' ? { container: w.container.id, networks: w.container.networks } : {}),
        },
      });
    },
  };
}

/** What the summary says of where the step runs and how URLs are built. Pure. */
export function locationDetail(
  w: Where,
  o: { urlHost: string | undefined; remote: string | undefined; engineHost: string; byName: boolean },
): string {
  return o.urlHost !== undefined
    ? `url-host: every URL names ${o.urlHost}, with the ports the engine published${w.kind === 'container' || w.kind === 'shared-network' ? ` (the step runs in container ${outsideLine(w.container.name, 200)} of this engine)` : ''}.`
    : o.remote
      ? `The engine is remote (${o.remote}): URLs name its host ${o.engineHost}, with the ports it published; compose builds from here, but bind mounts are paths of its host.`
      : w.kind === 'host'
        ? `Not in a container: URLs name ${o.engineHost}, with the ports the engine published.`
        : w.kind === 'shared-network'
          ? `In container ${outsideLine(w.container.name, 200)} (${w.container.id.slice(0, 12)}) of this engine, on network mode ${outsideLine(w.mode, 100)}: it cannot join the stack's network, so URLs name ${o.engineHost}, with the ports the engine published. If they are not reachable there, set url-host.`
          : w.kind === 'foreign-container'
            ? `In a container that this engine does not run (${outsideLine(w.why, 300)}): URLs name ${o.engineHost}, with the ports the engine published. If they are not reachable there, set url-host.`
            : `In container ${outsideLine(w.container.name, 200)} (${w.container.id.slice(0, 12)}) of this engine: the stack's published ports are on the engine's host, so this container joins the stack's network and reaches each service ${
                o.byName
                  ? 'by its name and container port (http://<service>:<port>)'
                  : "at its address on that network and its container port (this container's resolver is not Docker's embedded DNS, so names do not resolve)"
              }.`;
}

/**
 * How the engine is reached when it is not on this machine's socket: `ssh://ci@build-host, over
 * SSH`, `tcp://10.0.0.5:2376, with TLS` (DOCKER_TLS_VERIFY or DOCKER_TLS), `…, plain TCP`, or
 * `…, context remote` (the context holds its own TLS settings). Undefined for a local socket or
 * pipe. `endpoint` is already shown without a password. Pure.
 */
export function remoteEngine(endpoint: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (!endpoint || !/^(tcp|ssh|https?):\/\//i.test(endpoint)) return undefined;
  if (/^ssh:/i.test(endpoint)) return `${endpoint}, over SSH`;
  if (!env.DOCKER_HOST)
    return `${endpoint}, ${env.DOCKER_CONTEXT ? `context ${outsideLine(env.DOCKER_CONTEXT, 100)}` : 'the current context'}`;
  const tls = /^https:/i.test(endpoint) || !!env.DOCKER_TLS_VERIFY || !!env.DOCKER_TLS;
  return `${endpoint}, ${tls ? 'with TLS' : 'plain TCP'}`;
}
