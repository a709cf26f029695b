/**
 * Stage: is Docker usable? The CLI, the daemon (asked as early as the path starts) and compose,
 * recorded as one check with its failure kind.
 */
import * as runner from '../runner.js';
import { checkDocker, type DockerAvailability } from '../docker/availability.js';
import type { PathContext } from './context.js';
import * as log from '../log.js';

export async function checkAvailability(ctx: PathContext, answers: Parameters<typeof checkDocker>[1]): Promise<DockerAvailability> {
  return runner.group('Docker: availability', async () => {
    const a = await checkDocker(ctx.env, answers);
    ctx.report.add({
      id: 'docker.availability',
      title: 'Docker CLI, daemon and compose',
      status: a.ok ? 'ok' : 'failed',
      durationMs: a.durationMs,
      detail: a.detail,
      failure: a.ok ? undefined : (a.problem ?? 'daemon-down'),
      data: { problem: a.problem, cli: a.cliVersion, server: a.serverVersion, endpoint: a.endpoint, compose: a.compose },
    });
    log.info(a.detail);
    return a;
  });
}
