/**
 * The shapes of the compose model: the resolved configuration reduced to what this action needs
 * (src/compose/model.ts parses it), its services, ports, dependencies, bind mounts and the files
 * behind secrets and configs. A leaf: data only.
 */
import type { DeclarationProblem, DeclaredCheck } from '../readiness/types.js';

type Obj = Record<string, unknown>;

export interface PortSpec {
  target: number;
  published: string | undefined;
  hostIp: string | undefined;
  protocol: string;
}

export type DependsCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  service: string;
  condition: DependsCondition;
  /** v2: false when the dependency may be absent (`required: false`); v1 knows no such thing. */
  required: boolean;
  /** v2: restart this service when the dependency restarts. */
  restart: boolean;
}

export interface ServiceSpec {
  name: string;
  image: string | undefined;
  /**
   * `args`: the build arguments the file gives (a list's `KEY` without a value is left out).
   * `inline`: the Dockerfile's text (`dockerfile_inline`, compose v2): no file is read, and
   * `dockerfile` means nothing. `target`: the stage built. `options`: what else `build:` says
   * that changes the image (labels, network, secrets, …), as stable JSON (the image cache's build
   * key). `additionalContexts`: it names contexts beyond its own (`additional_contexts`).
   */
  build:
    | {
        context: string;
        dockerfile: string;
        inline?: string;
        args?: Record<string, string>;
        target?: string;
        options?: string;
        additionalContexts?: boolean;
      }
    | undefined;
  ports: PortSpec[];
  aliases: string[];
  containerName: string | undefined;
  hasHealthcheck: boolean;
  envFiles: string[];
  /** The service starts only when one of these profiles is active; [] = always. */
  profiles: string[];
  dependsOn: Dependency[];
  /** The networks the service joins, by their key in the file (v2's config lists `default`). */
  networks: string[];
  /** `network_mode` (host, none, service:x, container:x): the service joins no network of its own. */
  networkMode: string | undefined;
  /**
   * Containers the service names directly: `container:NAME` in network_mode, ipc, pid or
   * volumes_from, and the containers of external_links.
   */
  containerRefs: string[];
  /** Bind mounts: paths of the engine's host (see compose/binds.ts). */
  binds?: BindMount[];
  /** The readiness the service declares (`x-compose-or-staging.ready`); undefined: none. */
  ready?: DeclaredCheck[];
  /** What is wrong with that declaration: the plan refuses the stack before `up`. */
  readyProblems?: DeclarationProblem[];
  /** How many containers `up` creates, when the file says (`deploy.replicas` or `scale`); absent = one. */
  replicas?: Replicas;
  /** `platform:` (`linux/arm64`): what its image is pulled for. */
  platform?: string;
  /** `pull_policy:` (always, never, missing, build, daily, …), as written. */
  pullPolicy?: string;
  /** Values of its `environment` whose names say secret (compose/secret-values.ts): redacted from every log. */
  secretEnv?: string[];
}

/** A service's container count, and the key that set it (for messages: "deploy.replicas: 0"). */
export interface Replicas {
  count: number;
  key: 'deploy.replicas' | 'scale';
}

/** A top-level network or volume: the name the engine knows it by, when the file fixes one. */
export interface NamedResource {
  name: string | undefined;
  external: boolean;
}

export interface ComposeModel {
  services: Map<string, ServiceSpec>;
  /** The project name the files give (`name:`, compose v2); the action passes its own anyway. */
  name?: string;
  /** Top-level networks and volumes, by key (absent in models built by hand). */
  networks?: Map<string, NamedResource>;
  volumes?: Map<string, NamedResource>;
  /** Top-level secrets, configs and bind-backed volumes: paths of the engine's host. */
  files?: FileResource[];
  /**
   * A raw prediction whose services come partly from elsewhere (`extends`, `include`): what they
   * mount is known only once `compose config` resolved them.
   */
  indirect?: boolean;
}

/** A bind mount of a service, as the resolved config gives it. */
export interface BindMount {
  source: string;
  target: string;
  /** The config's entry: v2's long form (an object) or v1's short `source:target[:mode]`. */
  entry: string | Obj;
}

/** A top-level secret or config backed by a file. */
export interface FileResource {
  /** `volumes`: a named volume of the local driver that binds a folder (`driver_opts: {o: bind, device: …}`). */
  kind: 'secrets' | 'configs' | 'volumes';
  name: string;
  file: string;
  /** The volume's whole entry (volumes only): an override writes it back with the device moved. */
  entry?: Obj;
}

export interface Moved {
  /** `service web, /data` or `secret token`. */
  what: string;
  from: string;
  to: string;
}

export interface BindTranslation {
  /** The override file's content (JSON, which compose reads as YAML); undefined when nothing moves. */
  override: string | undefined;
  /** Paths given to the engine as its host has them. */
  moved: Moved[];
  /** Paths under `within` that no mount of this container holds: the engine cannot have them. */
  missing: Array<{ what: string; path: string }>;
}
