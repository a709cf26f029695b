/**
 * The probe module (node-fetch, ws: about a third of the bundle) is loaded on first use, not at
 * start-up: on the Docker path that is when the stack has been started, so its loading is off
 * the path to `up`. One load, shared.
 */
type ProbeModule = typeof import('./probe.js');

let loading: Promise<ProbeModule> | undefined;

export function loadProbes(): Promise<ProbeModule> {
  loading ??= import('./probe.js');
  return loading;
}
