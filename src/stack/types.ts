/**
 * Shapes of the stack's layer that other layers hand on (the removal's job and result, the post
 * step's state): a leaf, so that a shape's users do not import the behaviour that makes it.
 */

/** What is left of a project on the engine, by its label. */
export interface ProjectLeftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** How a removal of the stack went. */
export interface TeardownResult {
  ok: boolean;
  detail: string;
  durationMs: number;
}

/** The networks of a project this step's container joined (a container job). */
export interface Joined {
  container: string;
  networks: string[];
}
