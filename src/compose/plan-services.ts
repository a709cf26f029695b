/**
 * Stage 6 of the plan, the services: which services `up` is told to start, which are awaited, which is
 * the backend and which the auth service and on which container port each is probed, from the
 * inputs and the model of the services whose profiles are active. Pure; a problem is a
 * {@link PlanError} naming the input.
 */
import type { Inputs } from '../inputs.js';
import { byText } from '../order.js';
import { chooseContainerPort, PortNotPublishedError, type PortChoice, type PortInput } from './endpoint-port.js';
import type { ComposeModel, ServiceSpec } from './model-types.js';
import { PlanError } from './plan-error.js';
import type {
  ActiveProfiles,
  NotStarting,
  PlanNotice,
  PlannedEndpoint,
  ProfiledConfig,
  ResolvedService,
  ServicedConfig,
  ServicePlan,
} from './plan-types.js';
import { describeActive, profileList } from './profiles.js';
import { describeNotStarting, notStarting, ServiceNotStartedError } from './replicas.js';
import { findService, resolveService, ServiceResolutionError } from './services.js';
import type { InputName } from '../input-names.js';

/** The inputs that name a service. */
type ServiceInput = Extract<InputName, 'services' | 'backend-service' | 'auth-service'>;

/** Stage 6 of the plan: the services of the config whose profiles are active, planned. */
export function resolveServices(profiled: ProfiledConfig, inputs: Inputs): ServicedConfig {
  return { ...profiled, ...planServices(inputs, profiled.model, profiled.inactive, profiled.profiles) };
}

interface Planning {
  model: ComposeModel;
  inactive: ServiceSpec[];
  profiles: ActiveProfiles;
  zero: Map<string, NotStarting>;
  resolutions: ResolvedService[];
  notices: PlanNotice[];
}

/** Resolve the services the inputs name, on the model of the services whose profiles are active. */
export function planServices(inputs: Inputs, model: ComposeModel, inactive: ServiceSpec[], profiles: ActiveProfiles): ServicePlan {
  const p: Planning = {
    model,
    inactive,
    profiles,
    zero: new Map(notStarting(model, inputs.upFlags).map((s) => [s.name, s])),
    resolutions: [],
    notices: [],
  };
  const services = inputs.services.map((s) => mustStart(p, resolveNamed(p, s, 'services'), 'services').service);
  const backendSvc = starting(p, 'backend', inputs.backendService, 'backend-service', inputs.backendServiceExplicit);
  const authSvc =
    inputs.authService === undefined ? undefined : starting(p, 'auth', inputs.authService, 'auth-service', inputs.authServiceExplicit);
  // Started even without a URL: the tests named it, and the stack is judged on its containers.
  if (services.length > 0) {
    for (const needed of [backendSvc, authSvc]) {
      if (needed && !services.includes(needed.service)) services.push(needed.service);
    }
  }
  const backend =
    backendSvc &&
    endpoint(p, 'backend', backendSvc, { input: 'backend-port', port: inputs.backendPort, explicit: inputs.backendPortExplicit });
  const auth = authSvc && endpoint(p, 'auth', authSvc, { input: 'auth-port', port: inputs.authPort, explicit: inputs.authPortExplicit });
  const started = [...new Set(services)];
  return {
    services: started,
    awaited: started.length > 0 ? started : [...model.services.keys()].filter((name) => !p.zero.has(name)),
    backend,
    auth,
    resolutions: p.resolutions,
    notStarting: [...p.zero.values()].sort((a, b) => byText(a.name, b.name)),
    notices: p.notices,
  };
}

/** A name that must exist (`services`, or an explicit backend/auth service). */
function resolveNamed(p: Planning, query: string, input: string): ResolvedService {
  try {
    const r = resolveService(p.model, query, input);
    p.resolutions.push(r);
    return r;
  } catch (err) {
    throw profileError(p, err, query, input) ?? new PlanError('services', (err as Error).message, [], err);
  }
}

/** A name that is missing only because its service's profiles are not active: say which to activate. */
function profileError(p: Planning, err: unknown, query: string, input: string): PlanError | undefined {
  if (!(err instanceof ServiceResolutionError) || err.kind !== 'missing') return undefined;
  let found: ResolvedService | undefined;
  try {
    found = findService({ services: new Map(p.inactive.map((s) => [s.name, s])) }, query, input);
  } catch {
    return undefined; // ambiguous among inactive services: the plain "no service" says enough
  }
  const svc = p.inactive.find((s) => s.name === found?.service);
  if (!svc) return undefined;
  const named = svc.name === query ? svc.name : `'${query}' is ${svc.name}, which`;
  return new PlanError(
    'services',
    `Input '${input}': ${named} is only in ${profileList(svc)}, and ${describeActive(p.profiles)}. ` +
      `Set COMPOSE_PROFILES=${svc.profiles[0]} in the step's env (or in .env), or name another service.`,
    [],
    err,
  );
}

/** A service named explicitly must get a container: compose would start nothing for it, silently. */
function mustStart(p: Planning, r: ResolvedService, input: ServiceInput): ResolvedService {
  const zero = p.zero.get(r.service);
  if (!zero) return r;
  const err = new ServiceNotStartedError(input, r.query, zero);
  throw new PlanError('services', err.message, [], err);
}

/**
 * The backend or auth service. Left at its default, it may be absent (there is none), and one
 * that starts no container is none either (a notice says so); named explicitly, it must exist and
 * start.
 */
function starting(
  p: Planning,
  subject: PlanNotice['subject'],
  query: string,
  input: ServiceInput,
  explicit: boolean,
): ResolvedService | undefined {
  if (explicit) return mustStart(p, resolveNamed(p, query, input), input);
  let found: ResolvedService | undefined;
  try {
    found = findService(p.model, query, input);
  } catch (err) {
    throw new PlanError('services', (err as Error).message, [], err);
  }
  if (!found) return undefined;
  p.resolutions.push(found);
  const zero = p.zero.get(found.service);
  if (!zero) return found;
  const none = subject === 'backend' ? 'no backend: the stack is ready when its containers are, and no URL is exported' : 'no auth service';
  p.notices.push({
    subject,
    input,
    service: found.service,
    message: `${input} left at its default '${query}'; ${describeNotStarting(zero)}: ${none}`,
  });
  return undefined;
}

/** The container port the endpoint is probed on; undefined when it publishes none (a notice says so). */
function endpoint(p: Planning, subject: PlanNotice['subject'], r: ResolvedService, want: PortInput): PlannedEndpoint | undefined {
  let choice: PortChoice;
  try {
    choice = chooseContainerPort(p.model.services.get(r.service) as ServiceSpec, want);
  } catch (err) {
    if (err instanceof PortNotPublishedError) throw new PlanError('services', err.message, [], err);
    throw err;
  }
  if (choice.notice) p.notices.push({ subject, input: want.input, service: r.service, message: choice.notice });
  return choice.port === undefined ? undefined : { ...r, port: choice.port };
}
