/**
 * The facts each check carries in `data`, by its id: what the hints (report/hints.ts) refine
 * their advice with, and what the JSON report hands on. {@link Check} is a union over this table,
 * so a check that sets a fact its id does not carry, or a fact of the wrong type, does not compile.
 * A leaf: it imports only other leaves.
 */
import type { BindTranslation, Moved } from '../compose/model-types.js';
import type { ComposePlan, Isolation, MissingBuildPath, NotStarting, PlanNotice, ResolvedService } from '../compose/plan-types.js';
import type { ComposeCommand } from '../compose/types.js';
import type { EngineFailure, UpFailureKind } from '../failure-kinds.js';
import type { InputName } from '../input-names.js';
import type { ImageState } from '../images/types.js';
import type { ProbeClass } from '../probe/types.js';
import type { ReadyBy } from '../readiness/types.js';

/** The inputs that set the path a probe uses. */
export type PathInput = Extract<InputName, 'health-path' | 'auth-health-path' | 'websocket-path'>;

/** A probe's answer: the wait's endpoint probes and staging's. */
interface ProbeFacts {
  class: ProbeClass;
  /** The HTTP status it got (health-status, ws-rejected, unauthorized). */
  status?: number;
  /** The URL probed. */
  url: string;
}

/** The wait's probe of the backend's or the auth service's endpoint. */
interface EndpointProbeFacts extends ProbeFacts {
  /** The path probed: the current value of `input` (none for a WebSocket check that was not asked for). */
  path: string | undefined;
  input: PathInput;
  /** The container port behind it. */
  containerPort?: number;
}

/** The facts of a check, by the check's id; `never` for a check that carries none. */
export interface CheckData {
  inputs: { input: InputName };
  internal: never;
  cancelled: never;
  docker: never;
  'docker.availability': {
    problem: EngineFailure | undefined;
    cli: string | undefined;
    server: string | undefined;
    /** The Docker endpoint tried (daemon-down, socket-permission, bad-context). */
    endpoint: string | undefined;
    compose: ComposeCommand | undefined;
  };
  'docker.location': {
    kind: 'url-host' | 'remote' | 'host' | 'foreign-container' | 'container' | 'shared-network';
    endpoint?: string;
    container?: string;
    networks?: string[];
  };
  'docker.ports': never;
  'docker.logs': never;
  'docker.teardown': { pid: number; log: string };
  'compose.discovery': {
    /** Where files of the name `compose-files` gives exist instead (file-found-elsewhere). */
    foundAt?: string[];
    /** The compose file that is missing (file-missing). */
    file?: string;
  };
  'compose.files': { files: string[]; notChosen: Array<{ file: string; why: string }> };
  'compose.config':
    | {
        /** The action's readiness key (`x-compose-or-staging`) whose value is invalid. */
        declaration: string;
        service: string | undefined;
        problems: string[];
      }
    | {
        /** The version of compose that is too old, and the one the file needs. */
        compose: string;
        needed: string | undefined;
        keys: Array<{ key: string; since: string; file: string; line: number | undefined }>;
      };
  'compose.project-directory': { missing: MissingBuildPath[] };
  'compose.project-name': never;
  'compose.services':
    | {
        resolutions: ResolvedService[];
        awaited: string[];
        /** The services their profiles leave out, and those profiles. */
        inactive: ComposePlan['inactive'];
        profiles: string[];
        notStarting: NotStarting[];
        notices: PlanNotice[];
      }
    /** A service that `up` would not start (service-not-started): scaled to zero, and by what. */
    | { query: string; input: InputName; service: string; why: string }
    /** An unresolved service name (service-missing, service-ambiguous) and the services there are. */
    | { query: string; candidates: string[] }
    /** The container port `input` names is not published (port-not-published). */
    | { input: InputName; service: string; containerPort: number };
  'compose.build-paths': never;
  'compose.isolate':
    { compose: string; needed: string } | ({ file: string } & Pick<Isolation, 'containerNames' | 'hostPorts' | 'networks' | 'volumes'>);
  'compose.binds':
    /** Paths the override gives as the engine's host has them, paths it cannot have, and the override file. */
    | { moved: Moved[]; missing: BindTranslation['missing']; file?: string }
    /** Repository paths a remote engine, or the engine of a container job it does not run, opens on its own host. */
    | { remote?: string; where?: string; paths: string[] };
  'compose.fast-lane': never;
  'compose.up': {
    kind: UpFailureKind | 'stopped';
    /** The host port already allocated (port-allocated), the service asking for it, and how the file writes it. */
    port?: number;
    service?: string;
    written?: string;
    /** The variable whose value is the port. */
    variable?: string;
    /** The container name another container holds (container-name-conflict). */
    containerName?: string;
  };
  'images.pull':
    | { images: Array<{ image: string; state: ImageState; tries: number | undefined }> }
    | {
        /** The image that could not be pulled, its services, how many pulls of it failed. */
        image: string;
        services: string[];
        tries: number;
        /** `startup-timeout`, in seconds. */
        timeoutSeconds: number;
      };
  'images.cache': { cacheHit: 'true' | 'partial' | 'false'; platform: string | undefined; problems: string[] };
  wait: {
    /** The first failing service, and its exit code when it exited. */
    service: string | undefined;
    exitCode: number | undefined;
    /** `startup-timeout`, in seconds. */
    timeoutSeconds: number;
    /** A definite answer ended the wait: what it was, where, and the input that set the path. */
    status?: number;
    url?: string;
    path?: string;
    input?: PathInput;
    /** The services not ready yet. */
    waiting: string[] | undefined;
    containers: Array<{ service: string; status: string; health: string | undefined; exitCode: number | undefined; restartCount: number }>;
  };
  'wait.http': EndpointProbeFacts;
  'wait.auth-http': EndpointProbeFacts;
  'wait.websocket': EndpointProbeFacts;
  'wait.declared': ProbeFacts & { service: string };
  'wait.ready': { services: Array<{ service: string; readyBy: ReadyBy; why: string; readyAfterMs: number }> };
  'wait.after': { service: string | undefined };
  'logs.upload': never;
  staging: never;
  'staging.backend-health': ProbeFacts & { attempts: number };
  'staging.websocket': ProbeFacts & { attempts: number };
  'staging.auth-health': ProbeFacts & { attempts: number };
}

export type CheckId = keyof CheckData;

type KeysOf<T> = T extends unknown ? keyof T : never;

/** Every fact some check carries: what a reader of several checks' facts (the hints) may ask for. */
export type FactName = { [Id in CheckId]: KeysOf<NonNullable<CheckData[Id]>> }[CheckId];
