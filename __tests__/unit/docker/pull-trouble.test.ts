/**
 * What a failed `docker pull` met, from what the daemon said (as engine 28 and 20.10 say it):
 * registry trouble worth another try, or a failure the next try would repeat.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pullTrouble } from '../../../src/docker/pull-trouble.js';

describe('a failed pull: worth another try?', () => {
  const cases: Array<[string, ReturnType<typeof pullTrouble>]> = [
    [
      'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase_limits',
      'rate-limited',
    ],
    ['Error response from daemon: received unexpected HTTP status: 429 Too Many Requests', 'rate-limited'],
    ['Error response from daemon: received unexpected HTTP status: 503 Service Unavailable', 'unavailable'],
    ['Error response from daemon: received unexpected HTTP status: 502 Bad Gateway', 'unavailable'],
    ['Error response from daemon: unavailable: service unavailable', 'unavailable'],
    ['Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout', 'timeout'],
    [
      'Error response from daemon: Get "https://ghcr.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'timeout',
    ],
    ['Error response from daemon: Get "https://quay.io/v2/": context deadline exceeded', 'timeout'],
    ['Error response from daemon: Get "https://quay.io/v2/": dial tcp 1.2.3.4:443: i/o timeout', 'timeout'],
    [
      'Error response from daemon: Get "https://ghcr.io/v2/": read tcp 10.0.0.2:51234->140.82.1.1:443: read: connection reset by peer',
      'reset',
    ],
    ['unexpected EOF', 'reset'],
    ['Error response from daemon: Head "https://registry-1.docker.io/v2/library/x/manifests/1": EOF', 'reset'],
    // What the next try would say again.
    ["Error response from daemon: pull access denied for acme/api, repository does not exist or may require 'docker login'", undefined],
    ['Error response from daemon: manifest for busybox:nope not found: manifest unknown: manifest unknown', undefined],
    ['Error response from daemon: Get "https://nohost.example/v2/": dial tcp: lookup nohost.example: no such host', undefined],
    ['Error response from daemon: Get "http://127.0.0.1:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused', undefined],
    ['Error response from daemon: unauthorized: authentication required', undefined],
    ['no matching manifest for linux/amd64 in the manifest list entries', undefined],
    // The CLI's own daemon, not the registry: whatever words follow.
    ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', undefined],
    ['error during connect: Get "http://docker.example.com/v1.41/images/create": context deadline exceeded', undefined],
  ];
  for (const [said, expected] of cases)
    test(`${expected ?? 'no retry'}: ${said.slice(0, 90)}`, () => {
      assert.equal(pullTrouble(said), expected);
    });
});
