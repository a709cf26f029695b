/**
 * What a failed `docker pull` met, read from what the CLI said, when it is worth another try: the
 * registry's rate limit (HTTP 429, `toomanyrequests`), its trouble (a 5xx), a timeout on the way
 * to it, or a connection it reset. Anything else (denied, not found, no such host, refused, no
 * daemon) would fail the same way again. Pure.
 */

export type PullTrouble = 'rate-limited' | 'unavailable' | 'timeout' | 'reset';

/** The CLI could not reach its own daemon: not the registry's doing, and no try of ours helps. */
const NO_DAEMON = /Cannot connect to the Docker daemon|error during connect|permission denied while trying to connect/i;

/** In the order they are tested: a 429 page may well mention a timeout, not the reverse. */
const TROUBLES: Array<[PullTrouble, RegExp]> = [
  ['rate-limited', /toomanyrequests|too many requests|\b429\b|pull rate limit/i],
  [
    'unavailable',
    /unexpected HTTP status: 5\d\d|\b5\d\d (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)|\bunavailable: |service unavailable|bad gateway|gateway time-?out|internal server error/i,
  ],
  [
    'timeout',
    /i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|context deadline exceeded|timeout awaiting response headers|request canceled while waiting for connection/i,
  ],
  ['reset', /connection reset|unexpected EOF|broken pipe|server sent GOAWAY|forcibly closed|: EOF\s*$/im],
];

export function pullTrouble(said: string): PullTrouble | undefined {
  if (NO_DAEMON.test(said)) return undefined;
  return TROUBLES.find(([, re]) => re.test(said))?.[0];
}

/** "the registry's rate limit", for a sentence. Pure. */
export function describeTrouble(t: PullTrouble): string {
  switch (t) {
    case 'rate-limited':
      return "the registry's rate limit (HTTP 429)";
    case 'unavailable':
      return 'the registry failing (HTTP 5xx)';
    case 'timeout':
      return 'timeouts on the way to the registry';
    case 'reset':
      return 'connections the registry reset';
  }
}
