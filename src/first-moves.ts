/**
 * The first moves of the main step, made before anything else is loaded: the secrets registered,
 * the inputs read, the staging probe started (modes auto and staging) and the daemon asked for its
 * version (modes auto and docker). The main entry imports this module alone, makes these moves,
 * and only then loads the rest (@actions/core, the compose planner and its YAML parser, the report,
 * the cache client), which takes longer than the probe's connection: the loading overlaps the wait
 * for staging's and the daemon's answers instead of coming before it.
 *
 * Keep this module's imports small: everything it imports is loaded before the first probe.
 */
import { askDaemon, type DaemonAnswer } from './docker/availability.js';
import { findOnPath } from './exec.js';
import { inputsFrom, parseInputs, type InputReader, type Inputs } from './inputs.js';
import { registerInputSecrets } from './probe/credentials.js';
import { startStagingProbe, type EarlyStaging } from './staging/probe.js';

export interface FirstMoves {
  /** The inputs as the runner passes them. */
  read: InputReader;
  /** Undefined when an input is invalid: nothing was started, and the main step says why. */
  inputs: Inputs | undefined;
  /** The staging probe, under way. */
  staging: EarlyStaging | undefined;
  /** The daemon's answer, under way. */
  daemon: Promise<DaemonAnswer> | undefined;
}

export function firstMoves(env: NodeJS.ProcessEnv): FirstMoves {
  const read = inputsFrom(env);
  registerInputSecrets(read);
  let inputs: Inputs;
  try {
    inputs = parseInputs(read, env.GITHUB_WORKSPACE || process.cwd());
  } catch {
    // The main step parses them again and reports what is wrong.
    return { read, inputs: undefined, staging: undefined, daemon: undefined };
  }
  const staging = inputs.mode !== 'docker' && inputs.staging.backendUrl ? startStagingProbe(inputs) : undefined;
  // Asked on the next turn: spawning takes the thread for 10-20 ms, and the probes' connections go out first.
  const daemon =
    inputs.mode !== 'staging' && findOnPath('docker', env.PATH)
      ? new Promise<DaemonAnswer>((resolve) => setImmediate(() => resolve(askDaemon(env))))
      : undefined;
  return { read, inputs, staging, daemon };
}
