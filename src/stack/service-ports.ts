/**
 * The ports each started service is reached on (the `service-ports` output and the
 * `COMPOSE_HOST_*`/`COMPOSE_PORT_*` variables), from its containers and how this step reaches them.
 */
import { byText } from '../order.js';
import type { ContainerInfo } from './containers.js';
import type { Reacher } from './reach.js';

/** Each started service's host, and the host port of each of its published container ports. */
export type ServicePorts = Record<string, { host: string; ports: Record<string, number> }>;

/**
 * The ports of `services` this step reaches, from their containers (the first replica of each):
 * keyed by container port (`5432`, or `5000/udp` for another protocol), each reached as `reacher`
 * says (published ports on a host; every port a container has, by service name, in a container
 * job). A service with no port reached has the reacher's host for it and no ports. Pure.
 */
export function publishedPorts(containers: ContainerInfo[], services: string[], reacher: Reacher): ServicePorts {
  const out: ServicePorts = {};
  for (const service of services) {
    const mine = containers.filter((c) => c.service === service).sort((a, b) => byText(a.name, b.name));
    const first = mine[0];
    if (!first) continue;
    const ports: Record<string, number> = {};
    let host: string | undefined;
    const keys = Object.keys(first.ports).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || byText(a, b));
    for (const key of keys) {
      const r = reacher.endpoint(first, key);
      if (!r || !('host' in r)) continue;
      host ??= r.host;
      ports[key.endsWith('/tcp') ? key.slice(0, -4) : key] = r.port;
    }
    out[service] = { host: host ?? reacher.defaultHost(first), ports };
  }
  return out;
}

/** `COMPOSE_HOST_<SERVICE>` and `COMPOSE_PORT_<SERVICE>_<PORT>`: upper case, any other character `_`. */
export function portVariables(ports: ServicePorts): Record<string, string> {
  const name = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const out: Record<string, string> = {};
  for (const [service, { host, ports: byPort }] of Object.entries(ports)) {
    out[`COMPOSE_HOST_${name(service)}`] = host;
    for (const [port, hostPort] of Object.entries(byPort)) out[`COMPOSE_PORT_${name(service)}_${name(port)}`] = String(hostPort);
  }
  return out;
}
