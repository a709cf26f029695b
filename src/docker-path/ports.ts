/**
 * Stage: the ports of a healthy stack. The URLs the tests need (backend, WebSocket, auth) and every
 * started service's published ports, read from the engine: a port a compose file fixes, one
 * isolation moved and a random one alike.
 */
import type { DockerAvailability } from '../docker/availability.js';
import type { ComposePlan } from '../compose/plan-types.js';
import type { DockerEndpoints } from '../outputs.js';
import { publishedPorts } from '../stack/service-ports.js';
import type { WaitOutcome } from '../stack/wait.js';
import type { PathContext } from './context.js';

export async function endpointsOf(
  ctx: PathContext,
  plan: ComposePlan,
  availability: DockerAvailability,
  wait: Extract<WaitOutcome, { ok: true }>,
): Promise<DockerEndpoints> {
  const { inputs, report } = ctx;
  const reacher = ctx.reacher(availability.publishHost);
  // In a container job, every started service is listed by name: its networks are joined first.
  await reacher.prepare?.(wait.containers);
  const b = wait.backend;
  const endpoints: DockerEndpoints = {
    backendUrl: b?.url,
    websocketUrl: b && inputs.websocketPath !== undefined ? `ws://${b.host}:${b.port}${inputs.websocketPath}` : undefined,
    authUrl: b ? wait.auth?.url : undefined,
    backendPort: b?.port,
    // Every service that started: the awaited ones, and what compose started for them (dependencies).
    servicePorts: publishedPorts(wait.containers, [...new Set([...plan.awaited, ...wait.containers.map((c) => c.service)])], reacher),
  };
  const published = [
    b && plan.backend ? `${plan.backend.service} ${plan.backend.port}/tcp → ${b.host}:${b.port}` : undefined,
    wait.auth && plan.auth ? `${plan.auth.service} ${plan.auth.port}/tcp → ${wait.auth.host}:${wait.auth.port}` : undefined,
  ].filter(Boolean);
  const joined = reacher.joined?.() ?? [];
  if (joined.length) published.push(`joined network${joined.length > 1 ? 's' : ''} ${joined.join(', ')}`);
  report.add({
    id: 'docker.ports',
    title: 'Published ports',
    status: 'ok',
    detail: published.length
      ? published.join('; ')
      : plan.notices.some((n) => n.subject === 'backend')
        ? 'no backend URL to give (see Services)'
        : 'no backend in the stack: no URL to give',
  });
  return endpoints;
}
