/**
 * The resolved compose configuration, reduced to what this action needs, parsed from the YAML
 * that `compose config` prints, v1 and v2 alike (__tests__/fixtures/compose-output holds both):
 * v2 prints every port in long form with `published` as a string, a top-level `name:`, every
 * depends_on in long form with `required`; v1 prints ports with a host IP as short strings (an
 * IPv6 one without brackets) and depends_on with `condition` only. Both keep `$$` escaped.
 */
import { isNode, parse as parseYaml, parseDocument, Scalar, visit } from 'yaml';
import { parseBinds, parseFileResources } from './binds.js';
import { parseDeclaration } from './declared-readiness.js';
import { secretEnvironment } from './secret-values.js';
import type { ComposeModel, Dependency, DependsCondition, NamedResource, PortSpec, Replicas, ServiceSpec } from './model-types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse one short-form port: [[ip:]published:]target[/proto], with ranges kept as strings. */
export function parseShortPort(spec: string): PortSpec[] {
  const [main, protocol = 'tcp'] = spec.split('/') as [string, string | undefined];
  let hostIp: string | undefined;
  let rest = main;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(main);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2] as string;
  }
  const parts = rest.split(':');
  // ip:published:target, where compose v1's config prints an IPv6 ip without brackets (::1:9300:9300).
  if (!v6 && parts.length >= 3) hostIp = parts.splice(0, parts.length - 2).join(':');
  const target = parts.pop() as string;
  const published = parts.pop();
  const [t0, t1] = target.split('-').map(Number) as [number, number | undefined];
  const out: PortSpec[] = [];
  const [p0, p1] = published ? (published.split('-').map(Number) as [number, number | undefined]) : [undefined, undefined];
  for (let i = 0; i <= (t1 ?? t0) - t0; i++) {
    const pub = p0 === undefined || Number.isNaN(p0) ? undefined : p1 !== undefined ? `${p0 + i}` : published;
    out.push({ target: t0 + i, published: pub === '' ? undefined : pub, hostIp: hostIp || undefined, protocol });
  }
  return out;
}

function parsePorts(raw: unknown): PortSpec[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p): PortSpec[] => {
    if (typeof p === 'string' || typeof p === 'number') return parseShortPort(String(p));
    if (isObj(p) && p.target !== undefined) {
      return [
        {
          target: Number(p.target),
          published: p.published === undefined || p.published === '' ? undefined : String(p.published),
          hostIp: typeof p.host_ip === 'string' && p.host_ip !== '' ? p.host_ip : undefined,
          protocol: typeof p.protocol === 'string' ? p.protocol : 'tcp',
        },
      ];
    }
    return [];
  });
}

function containerRefs(svc: Obj): string[] {
  const refs: string[] = [];
  const container = (v: unknown): void => {
    const m = typeof v === 'string' ? /^container:(.+)$/.exec(v) : null;
    if (m) refs.push((m[1] as string).split(':')[0] as string);
  };
  for (const key of ['network_mode', 'ipc', 'pid']) container(svc[key]);
  if (Array.isArray(svc.volumes_from)) svc.volumes_from.forEach(container);
  if (Array.isArray(svc.external_links)) for (const l of svc.external_links) refs.push(String(l).split(':')[0] as string);
  return [...new Set(refs)];
}

function networkKeys(networks: unknown): string[] {
  if (Array.isArray(networks)) return networks.map(String);
  return isObj(networks) ? Object.keys(networks) : [];
}

function namedResources(raw: unknown): Map<string, NamedResource> {
  const out = new Map<string, NamedResource>();
  if (!isObj(raw)) return out;
  for (const [key, r] of Object.entries(raw)) {
    const v = isObj(r) ? r : {};
    const external = v.external === true || isObj(v.external);
    out.set(key, { name: typeof v.name === 'string' ? v.name : undefined, external });
  }
  return out;
}

function parseAliases(networks: unknown): string[] {
  if (!isObj(networks)) return [];
  const out: string[] = [];
  for (const n of Object.values(networks)) {
    if (isObj(n) && Array.isArray(n.aliases)) out.push(...n.aliases.map(String));
  }
  return out;
}

const CONDITIONS: readonly DependsCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

/** depends_on in the short (list) form or the long (map) form. */
function parseDependsOn(raw: unknown): Dependency[] {
  const plain = (service: string): Dependency => ({ service, condition: 'service_started', required: true, restart: false });
  if (Array.isArray(raw)) return raw.map((s) => plain(String(s)));
  if (!isObj(raw)) return [];
  return Object.entries(raw).map(([service, d]) => {
    if (!isObj(d)) return plain(service);
    const condition = CONDITIONS.find((c) => c === d.condition) ?? 'service_started';
    return { service, condition, required: d.required !== false, restart: d.restart === true };
  });
}

function parseEnvFiles(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.map((e) => (isObj(e) ? String(e.path) : String(e)));
  return [];
}

/** `args:` as a map or a list of `KEY=value`; keys without a value are left out. */
function buildArgs(raw: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (isObj(raw)) for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) out[k] = String(v);
  if (Array.isArray(raw))
    for (const e of raw.map(String)) {
      const eq = e.indexOf('=');
      if (eq > 0) out[e.slice(0, eq)] = e.slice(eq + 1);
    }
  return Object.keys(out).length ? out : undefined;
}

/** Keys of `build:` read on their own, or that say where (a cache, more tags), not what is built. */
const NOT_OPTIONS = new Set(['context', 'dockerfile', 'dockerfile_inline', 'args', 'target', 'cache_from', 'cache_to', 'tags']);

/** `value` as JSON with its keys sorted at every depth, and a list of `k=v` labels as a map: one text for one meaning. */
function stableJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : isObj(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted(v[k])]),
          )
        : v;
  return JSON.stringify(sorted(value));
}

/** The other options of `build:` (labels, network, secrets, …) as stable JSON; undefined when none. */
function buildOptions(build: Obj): string | undefined {
  const rest: Obj = {};
  for (const [k, v] of Object.entries(build)) if (!NOT_OPTIONS.has(k) && v !== null && v !== undefined) rest[k] = v;
  if (Array.isArray(rest.labels)) rest.labels = buildArgs(rest.labels) ?? {};
  return Object.keys(rest).length ? stableJson(rest) : undefined;
}

/** A count as compose takes it: a number, or digits (a raw file's interpolated `${N:-0}`). */
function count(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * `deploy.replicas` or `scale`: v1 and v2 both honour either. Both at once, v2's config refuses
 * distinct values and v1's `up` refuses them at all, so which one wins here does not matter.
 */
function parseReplicas(svc: Obj): Replicas | undefined {
  const deploy = isObj(svc.deploy) ? count(svc.deploy.replicas) : undefined;
  if (deploy !== undefined) return { count: deploy, key: 'deploy.replicas' };
  const scale = count(svc.scale);
  return scale === undefined ? undefined : { count: scale, key: 'scale' };
}

/** Build the model from the parsed YAML of a compose file or of `compose config`'s output. */
export function modelFromDocument(doc: unknown): ComposeModel {
  const services = new Map<string, ServiceSpec>();
  const raw = isObj(doc) && isObj(doc.services) ? doc.services : {};
  for (const [name, s] of Object.entries(raw)) {
    const svc = isObj(s) ? s : {};
    const replicas = parseReplicas(svc);
    let build: ServiceSpec['build'];
    if (typeof svc.build === 'string') build = { context: svc.build, dockerfile: 'Dockerfile' };
    else if (isObj(svc.build)) {
      const args = buildArgs(svc.build.args);
      build = {
        context: typeof svc.build.context === 'string' ? svc.build.context : '.',
        dockerfile: typeof svc.build.dockerfile === 'string' ? svc.build.dockerfile : 'Dockerfile',
        ...(typeof svc.build.dockerfile_inline === 'string' ? { inline: svc.build.dockerfile_inline } : {}),
        ...(args ? { args } : {}),
        ...(typeof svc.build.target === 'string' && svc.build.target !== '' ? { target: svc.build.target } : {}),
        ...(buildOptions(svc.build) ? { options: buildOptions(svc.build) } : {}),
        ...(svc.build.additional_contexts !== undefined && svc.build.additional_contexts !== null ? { additionalContexts: true } : {}),
      };
    }
    const hc = isObj(svc.healthcheck) ? svc.healthcheck : undefined;
    const declared = parseDeclaration(name, svc);
    services.set(name, {
      name,
      image: typeof svc.image === 'string' ? svc.image : undefined,
      build,
      ports: parsePorts(svc.ports),
      aliases: parseAliases(svc.networks),
      containerName: typeof svc.container_name === 'string' ? svc.container_name : undefined,
      hasHealthcheck: hc !== undefined && hc.disable !== true && !(Array.isArray(hc.test) && hc.test[0] === 'NONE'),
      envFiles: parseEnvFiles(svc.env_file),
      profiles: Array.isArray(svc.profiles) ? svc.profiles.map(String) : [],
      dependsOn: parseDependsOn(svc.depends_on),
      // Without networks or network_mode a service joins `default`: v2's config says so, v1's does not.
      networks: svc.networks === undefined && svc.network_mode === undefined ? ['default'] : networkKeys(svc.networks),
      networkMode: typeof svc.network_mode === 'string' ? svc.network_mode : undefined,
      containerRefs: containerRefs(svc),
      binds: parseBinds(svc.volumes),
      ...(declared.checks ? { ready: declared.checks } : {}),
      ...(declared.problems.length ? { readyProblems: declared.problems } : {}),
      ...(replicas ? { replicas } : {}),
      ...(typeof svc.platform === 'string' && svc.platform !== '' ? { platform: svc.platform } : {}),
      ...(typeof svc.pull_policy === 'string' && svc.pull_policy !== '' ? { pullPolicy: svc.pull_policy } : {}),
      ...(secretEnvironment(svc.environment).length ? { secretEnv: secretEnvironment(svc.environment) } : {}),
    });
  }
  const top = isObj(doc) ? doc : {};
  const model: ComposeModel = {
    services,
    networks: namedResources(top.networks),
    volumes: namedResources(top.volumes),
    files: parseFileResources(top),
  };
  if (typeof top.name === 'string') model.name = top.name;
  return model;
}

/**
 * The model of what `compose config` printed (v1 or v2). Both escape a literal `$` as `$$`, so
 * their output can be read again: undone here.
 */
export function parseComposeYaml(text: string): ComposeModel {
  return modelFromDocument(mapStrings(parseYaml(text), (s) => s.replaceAll('$$', '$')));
}

/**
 * Compose-style interpolation of one string: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`
 * and `$$`. Used only to predict paths before `compose config` confirms them. Pure.
 */
export function interpolate(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, name?: string, op?: string, def?: string, bare?: string) => {
      if (m === '$$') return '$';
      const key = (name ?? bare) as string;
      const v = env[key];
      if (op === ':-') return v === undefined || v === '' ? (def ?? '') : v;
      if (op === '-') return v === undefined ? (def ?? '') : v;
      return v ?? '';
    },
  );
}

/** Every string value of a parsed document through `f` (keys untouched). */
function mapStrings(doc: unknown, f: (s: string) => string): unknown {
  if (typeof doc === 'string') return f(doc);
  if (Array.isArray(doc)) return doc.map((d) => mapStrings(d, f));
  if (isObj(doc)) return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, mapStrings(v, f)]));
  return doc;
}

/** Stands for a value tagged `!reset`: the key is removed from what earlier files said. */
const RESET = '\u0000compose-reset';

/**
 * A raw compose file as plain data. The `!reset` and `!override` tags of override files are not
 * the YAML library's: `!reset` becomes {@link RESET}, `!override` its plain value (a later
 * file's service key replaces the earlier one anyway), and neither is warned about.
 */
function parseRawFile(text: string): unknown {
  const doc = parseDocument(text, { logLevel: 'error' });
  visit(doc, {
    Pair(_, pair) {
      if (isNode(pair.value) && pair.value.tag === '!reset') pair.value = new Scalar(RESET);
    },
  });
  return doc.toJS({ maxAliasCount: 100 });
}

/** `value` without the keys and items a `!reset` removed, at any depth. */
function withoutResets<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== RESET).map(withoutResets) as T;
  if (isObj(value))
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== RESET)
        .map(([k, v]) => [k, withoutResets(v)]),
    ) as T;
  return value;
}

/**
 * The model of several raw compose files merged the simple way (a later file's service keys win,
 * `!reset` removes one), interpolated from `env`: a prediction, confirmed later by `compose config`.
 */
export function rawModel(texts: string[], env: NodeJS.ProcessEnv): ComposeModel {
  const services: Obj = {};
  const files: { secrets: Obj; configs: Obj; volumes: Obj } = { secrets: {}, configs: {}, volumes: {} };
  let indirect = false;
  for (const text of texts) {
    const doc = mapStrings(parseRawFile(text), (s) => interpolate(s, env));
    for (const kind of ['secrets', 'configs', 'volumes'] as const)
      if (isObj(doc) && isObj(doc[kind])) Object.assign(files[kind], doc[kind]);
    if (isObj(doc) && doc.include !== undefined) indirect = true;
    if (isObj(doc) && isObj(doc.services)) {
      for (const [name, svc] of Object.entries(doc.services)) {
        if (svc === RESET) delete services[name];
        else services[name] = withoutResets({ ...(isObj(services[name]) ? services[name] : {}), ...(isObj(svc) ? svc : {}) });
      }
    }
  }
  const model = modelFromDocument({ services, ...files });
  if (indirect || Object.values(services).some((svc) => isObj(svc) && svc.extends !== undefined)) model.indirect = true;
  return model;
}
