/**
 * The resolved compose configuration, reduced to what this action needs, parsed from the YAML
 * that `compose config` prints (v1 and v2 alike: ports come in long and short forms).
 */
import { parse as parseYaml } from 'yaml';

export interface PortSpec {
  target: number;
  published: string | undefined;
  hostIp: string | undefined;
  protocol: string;
}

export interface ServiceSpec {
  name: string;
  image: string | undefined;
  build: { context: string; dockerfile: string } | undefined;
  ports: PortSpec[];
  aliases: string[];
  containerName: string | undefined;
  hasHealthcheck: boolean;
  envFiles: string[];
  /** The service starts only when one of these profiles is active; [] = always. */
  profiles: string[];
}

export interface ComposeModel {
  services: Map<string, ServiceSpec>;
}

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
  if (!v6 && parts.length === 3) hostIp = parts.shift();
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

function parseAliases(networks: unknown): string[] {
  if (!isObj(networks)) return [];
  const out: string[] = [];
  for (const n of Object.values(networks)) {
    if (isObj(n) && Array.isArray(n.aliases)) out.push(...n.aliases.map(String));
  }
  return out;
}

function parseEnvFiles(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.map((e) => (isObj(e) ? String(e.path) : String(e)));
  return [];
}

/** Build the model from the parsed YAML of a compose file or of `compose config`'s output. */
export function modelFromDocument(doc: unknown): ComposeModel {
  const services = new Map<string, ServiceSpec>();
  const raw = isObj(doc) && isObj(doc.services) ? doc.services : {};
  for (const [name, s] of Object.entries(raw)) {
    const svc = isObj(s) ? s : {};
    let build: ServiceSpec['build'];
    if (typeof svc.build === 'string') build = { context: svc.build, dockerfile: 'Dockerfile' };
    else if (isObj(svc.build)) {
      build = {
        context: typeof svc.build.context === 'string' ? svc.build.context : '.',
        dockerfile: typeof svc.build.dockerfile === 'string' ? svc.build.dockerfile : 'Dockerfile',
      };
    }
    const hc = isObj(svc.healthcheck) ? svc.healthcheck : undefined;
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
    });
  }
  return { services };
}

export function parseComposeYaml(text: string): ComposeModel {
  return modelFromDocument(parseYaml(text));
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

function interpolateDeep(doc: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof doc === 'string') return interpolate(doc, env);
  if (Array.isArray(doc)) return doc.map((d) => interpolateDeep(d, env));
  if (isObj(doc)) return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, interpolateDeep(v, env)]));
  return doc;
}

/**
 * The model of several raw compose files merged the simple way (a later file's service keys win),
 * interpolated from `env`: a prediction, confirmed later by `compose config`.
 */
export function rawModel(texts: string[], env: NodeJS.ProcessEnv): ComposeModel {
  const services: Obj = {};
  for (const text of texts) {
    const doc = interpolateDeep(parseYaml(text), env);
    if (isObj(doc) && isObj(doc.services)) {
      for (const [name, svc] of Object.entries(doc.services))
        services[name] = { ...(isObj(services[name]) ? services[name] : {}), ...(isObj(svc) ? svc : {}) };
    }
  }
  return modelFromDocument({ services });
}
