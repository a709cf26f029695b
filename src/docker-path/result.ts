/** What the Docker path ends with: a stack ready to test against, or the stage it failed at and why. */
import type { DockerAvailability } from '../docker/availability.js';
import type { ComposePlan } from '../compose/plan-types.js';
import type { DockerEndpoints } from '../outputs.js';

export type DockerStage = 'availability' | 'discovery' | 'config' | 'project-directory' | 'services' | 'up' | 'wait';

export type DockerPathResult =
  | {
      ok: true;
      availability: DockerAvailability;
      plan: ComposePlan;
      endpoints: DockerEndpoints;
      /** When the stack was declared ready (ms since the epoch), and its containers then (id → service). */
      ready: { at: number; containers: Record<string, string> };
    }
  | {
      ok: false;
      availability: DockerAvailability;
      plan: ComposePlan | undefined;
      stage: DockerStage;
      reason: string;
      /** The project a stack ran under before the path failed (an early `up`), when there is no plan. */
      projectName?: string;
      /** The compose file declares what the action cannot use: an invalid input, whatever staging says. */
      invalid?: true;
    };
