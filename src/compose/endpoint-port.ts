/**
 * The container port the backend's (or the auth service's) probes and URL use. An explicit
 * `backend-port` must be published. Left at its default (8000), a backend that does not publish
 * it but publishes exactly one TCP port is reached there, and one that publishes no TCP port has
 * no URL (the stack is judged on its containers): a default is a guess, and the compose file
 * knows better. Pure.
 */
import type { ServiceSpec } from './model-types.js';

/** A port input: its name, its value, and whether it was set (not left at its default). */
export interface PortInput {
  input: 'backend-port' | 'auth-port';
  port: number;
  explicit: boolean;
}

/** The port to use, and what to tell the user when it is not the input's (or there is none). */
export type PortChoice = { port: number; notice?: string } | { port: undefined; notice: string };

/** A port input the service does not publish, and the default could not be settled for it. */
export class PortNotPublishedError extends Error {
  constructor(
    readonly input: 'backend-port' | 'auth-port',
    readonly service: string,
    readonly containerPort: number,
    message: string,
  ) {
    super(message);
    this.name = 'PortNotPublishedError';
  }
}

/** The container port of `svc` that `want` leads to. Throws {@link PortNotPublishedError}. */
export function chooseContainerPort(svc: ServiceSpec, want: PortInput): PortChoice {
  const tcp = [...new Set(svc.ports.filter((p) => p.protocol === 'tcp').map((p) => p.target))];
  if (tcp.includes(want.port)) return { port: want.port };
  const left = `${want.input} left at its default ${want.port}`;
  if (!want.explicit && tcp.length === 1) {
    const only = tcp[0] as number;
    return { port: only, notice: `${left}; ${svc.name} publishes only ${only}/tcp: using ${only}` };
  }
  if (!want.explicit && tcp.length === 0) {
    const what = want.input === 'backend-port' ? 'backend' : 'auth';
    const none = svc.ports.length ? 'no TCP port' : 'no port';
    return { port: undefined, notice: `${left}; ${svc.name} publishes ${none}: no ${what} URL, the stack is judged on its containers` };
  }
  const published = svc.ports.map((p) => `${p.published ?? '(random)'}:${p.target}/${p.protocol}`).join(', ');
  const several = want.explicit ? '' : ` (${want.input} is left at its default, and it publishes more than one)`;
  throw new PortNotPublishedError(
    want.input,
    svc.name,
    want.port,
    `Input '${want.input}': service ${svc.name} does not publish container port ${want.port}${published ? `; it publishes ${published}` : '; it publishes no ports'}${several}. Set '${want.input}' to its container port or publish it in the compose file.`,
  );
}
