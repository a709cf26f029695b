/**
 * Every input of action.yml with the default it declares: the one list the parser reads its
 * names and defaults from, and the one `__tests__/unit/action-contract.test.ts` holds action.yml
 * to. A name that is not here is a type error wherever an input is read or named.
 */
export const INPUT_DEFAULTS = {
  mode: 'auto',
  'working-directory': '.',
  'compose-files': '',
  'project-directory': '',
  'project-name': '',
  services: '',
  build: 'false',
  pull: 'missing',
  'up-flags': '',
  'startup-timeout': '120',
  'backend-service': 'backend',
  'backend-port': '8000',
  'health-path': '/health',
  'websocket-path': '/ws',
  'auth-service': 'auth',
  'auth-port': '8081',
  'auth-health-path': '/health',
  'staging-backend-url': '',
  'staging-websocket-url': '',
  'staging-auth-url': '',
  'staging-token': '',
  'staging-timeout': '10',
  'fail-on-unavailable': 'true',
  'export-env': 'true',
  teardown: 'true',
  'cache-images': 'false',
  isolate: 'false',
  'url-host': '',
  'upload-logs': 'on-failure',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

/** The default action.yml declares for `name` (the runner gives it for an input the workflow does not set). */
export function defaultOf(name: InputName): string {
  return INPUT_DEFAULTS[name];
}
