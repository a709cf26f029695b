/**
 * The shapes of the compose plan, stage by stage (src/compose/plan.ts lists the stages): each
 * stage hands the next one value, and the plan is the last. Also the shapes those values are
 * made of: a discovered file, a missing build path, the active profiles, a resolved service, a
 * planned endpoint and its notice, a service that starts no container. A leaf: data only.
 */
import type { ComposeModel, ServiceSpec } from './model-types.js';
import type { ComposeCommand, ComposeTarget } from './types.js';

/** A compose file discovery looked at (src/compose/discovery.ts). */
export interface Candidate {
  /** Absolute path. */
  file: string;
  /** Position in the discovery order. */
  order: number;
  variant: string | undefined;
  definesBackend: boolean;
  /** The YAML could not be read; such a candidate is ranked last. */
  parseError: string | undefined;
}

export interface Discovery {
  /** The chosen file, plus its override file when one sits beside a base-named file. */
  files: string[];
  chosen: Candidate;
  /** Every other candidate and why it was not chosen. */
  notChosen: Array<{ file: string; why: string }>;
  searched: string[];
}

/** A build path (context, Dockerfile, env_file) that does not exist (src/compose/project-directory.ts). */
export interface MissingBuildPath {
  service: string;
  kind: 'context' | 'dockerfile' | 'env_file';
  /** Absolute path that does not exist. */
  path: string;
  /** The closest existing file or directory, when there is one. */
  nearest: string | undefined;
}

/** The profiles COMPOSE_PROFILES activates (src/compose/profiles.ts). */
export interface ActiveProfiles {
  names: string[];
  /** Where COMPOSE_PROFILES was found; undefined when it is set nowhere. */
  from: 'environment' | '.env' | undefined;
}

/** How a name the inputs give was found among the services (src/compose/services.ts). */
export type Via = 'name' | 'alias' | 'prefix';

export interface ResolvedService {
  query: string;
  service: string;
  via: Via;
}

/** The backend or auth service as planned: resolved, and the container port its probes use. */
export interface PlannedEndpoint extends ResolvedService {
  port: number;
}

/** A decision the plan made about the backend or auth service because an input was left at its default. */
export interface PlanNotice {
  subject: 'backend' | 'auth';
  /** The input it is about (backend-service, backend-port, auth-service, auth-port). */
  input: string;
  service: string;
  message: string;
}

/** A service `up` creates no container for, and what says so. */
export interface NotStarting {
  name: string;
  /** What scales it to zero: `deploy.replicas: 0`, `scale: 0` or `up-flags --scale NAME=0`. */
  why: string;
  /** Whether a file says so (up-flags can start it then); false: up-flags itself. */
  inFile: boolean;
}

/** A missing build path of a service that is not built (its image is on the engine): no need for it. */
export type NotBuilt = MissingBuildPath & { image: string };

/** Stage 1, the files (plan-files.ts): the ones compose-files names, or the discovered ones. */
export interface PlanFiles {
  files: string[];
  /** How they were found; undefined when compose-files named them. */
  discovery: Discovery | undefined;
}

/** Stage 2, the raw model (plan-raw.ts): the files read and interpolated, before compose resolves them. */
export interface RawFiles extends PlanFiles {
  /** Undefined when a file cannot be read or parsed: `compose config` says why. */
  raw: ComposeModel | undefined;
}

/** Stage 3, the project directory's candidates (plan-directory.ts), in order, and the one the raw files predict. */
export interface DirectoryCandidates extends RawFiles {
  /** The compose file's own directory, working-directory, the workspace; or the project-directory input alone. */
  inOrder: string[];
  /** The first in which every build path of the raw files' starting services exists; undefined when none or unsure. */
  predicted: string | undefined;
}

/** Stage 4, the resolved config (plan-config.ts): the project directory and the model from there. */
export interface ResolvedConfig extends PlanFiles {
  projectDirectory: string;
  /** Why this project directory. */
  projectDirectoryWhy: string;
  /** Every service, whatever its profiles. */
  model: ComposeModel;
  /** Build paths that are missing, of services that are not built (their image is there). */
  notBuilt: NotBuilt[];
}

/** Stage 5, the profiles (plan-profiles.ts): which services start. */
export interface ProfiledConfig extends ResolvedConfig {
  /** Now only the services that start: those whose profiles are active. */
  model: ComposeModel;
  profiles: ActiveProfiles;
  /** The services left out because none of their profiles is active. */
  inactive: ServiceSpec[];
}

/** The services part of the plan (plan-services.ts): what `up` starts, what is awaited, the backend and auth endpoints. */
export interface ServicePlan {
  /** Services to start (resolved names); empty = all. */
  services: string[];
  /** Services whose containers must be ready: the started ones, or all that get a container. */
  awaited: string[];
  /**
   * undefined: no backend URL. No backend-service in the stack (left at its default), one that
   * starts no container, or one that publishes no port while backend-port was left at its
   * default (a notice says which).
   */
  backend: PlannedEndpoint | undefined;
  /** undefined: no auth URL, for the same reasons, or auth-service is empty. */
  auth: PlannedEndpoint | undefined;
  resolutions: ResolvedService[];
  /** Services `up` creates no container for (replicas or scale 0), by name: neither awaited nor probed. */
  notStarting: NotStarting[];
  /** What the plan decided in the user's place: said in the log (a notice) and the report. */
  notices: PlanNotice[];
}

/** Stage 6, the services (plan-services.ts): the config with its services planned. */
export interface ServicedConfig extends ProfiledConfig, ServicePlan {}

/** Stage 7, the plan (plan-finish.ts): everything `up`, the wait and the report need, decided before anything starts. */
export interface ComposePlan extends ComposeTarget {
  compose: ComposeCommand;
  /** The services that start: those of the resolved config whose profiles are active. */
  model: ComposeModel;
  profiles: ActiveProfiles;
  /** Services left out because none of their profiles is active. */
  inactive: Array<{ name: string; profiles: string[] }>;
  discovery: Discovery | undefined;
  /** Why this project directory. */
  projectDirectoryWhy: string;
  /** Services to start (resolved names); empty = all. */
  services: string[];
  /** Services whose containers must be ready: the started ones, or all that get a container. */
  awaited: string[];
  /** The backend and the container port its probes use; undefined: no backend URL (see plan-services.ts). */
  backend: PlannedEndpoint | undefined;
  /** The auth service and its container port; undefined: no auth URL. */
  auth: PlannedEndpoint | undefined;
  resolutions: ResolvedService[];
  /** Build paths that are missing, of services that are not built (their image is there): a warning. */
  notBuilt: NotBuilt[];
  /**
   * Services in `model` that `up` creates no container for (replicas or scale 0): not awaited.
   * Still in `model`: `up` of the project pulls their images and checks their build paths.
   */
  notStarting: NotStarting[];
  /** What the plan decided because an input was left at its default: a notice each. */
  notices: PlanNotice[];
}

export interface Isolation {
  /** The override file's text; '' when the stack has nothing fixed. */
  yaml: string;
  /** Names reset; `networks`: where the old name stays an alias; `external`: external networks it is not added to. */
  containerNames: Array<{ service: string; name: string; networks: string[]; external: string[]; networkMode?: string }>;
  /** Names kept, as another service refers to the container by it. */
  keptNames: Array<{ service: string; name: string; by: string[] }>;
  hostPorts: Array<{ service: string; published: string; target: number; protocol: string }>;
  networks: Array<{ key: string; name: string }>;
  volumes: Array<{ key: string; name: string }>;
}
