/**
 * Every started service's host and published ports (src/stack/service-ports.ts: publishedPorts),
 * and the variables they are exported as (portVariables).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerInfo } from '../../../src/stack/containers.js';
import { publishedReacher } from '../../../src/stack/reach.js';
import { portVariables, publishedPorts } from '../../../src/stack/service-ports.js';
import { runningContainer } from '../../support/containers.js';

describe('every started service: its host and published ports', () => {
  const c = (service: string, name: string, ports: ContainerInfo['ports']): ContainerInfo =>
    runningContainer({ id: name, name, service, ports });
  const v4 = (hostPort: number) => ({ hostIp: '0.0.0.0', hostPort });
  const v6 = (hostPort: number) => ({ hostIp: '::', hostPort });
  const containers = [
    c('alpine-test-postgres', 'p-alpine-test-postgres-1', { '5432/tcp': [v4(5435), v6(5435)] }),
    c('alpine-test-backend', 'p-alpine-test-backend-1', {
      '8000/tcp': [v4(8002)],
      '9229/tcp': [{ hostIp: '127.0.0.1', hostPort: 9229 }],
      '8080/tcp': [],
    }),
    c('alpine-test-migrate', 'p-alpine-test-migrate-1', {}),
    c('dns', 'p-dns-1', { '53/udp': [v4(5353)] }),
    c('web', 'p-web-2', { '80/tcp': [v4(32002)] }),
    c('web', 'p-web-1', { '80/tcp': [v4(32001)] }),
    c('not-started', 'p-other-1', { '1/tcp': [v4(1)] }),
  ];
  test('ports keyed by container port (udp named), exposed-only left out, the first replica, services that publish nothing included', () => {
    const started = ['alpine-test-postgres', 'alpine-test-backend', 'alpine-test-migrate', 'dns', 'web', 'gone'];
    assert.deepEqual(publishedPorts(containers, started, publishedReacher('localhost')), {
      'alpine-test-postgres': { host: 'localhost', ports: { '5432': 5435 } },
      'alpine-test-backend': { host: 'localhost', ports: { '8000': 8002, '9229': 9229 } },
      'alpine-test-migrate': { host: 'localhost', ports: {} },
      dns: { host: 'localhost', ports: { '53/udp': 5353 } },
      web: { host: 'localhost', ports: { '80': 32001 } },
    });
  });
  test('a remote engine: its host; its loopback-only bindings cannot be reached and are left out', () => {
    assert.deepEqual(publishedPorts(containers, ['alpine-test-backend'], publishedReacher('build-host.internal')), {
      'alpine-test-backend': { host: 'build-host.internal', ports: { '8000': 8002 } },
    });
  });
  test('variables: upper case, other characters _, as the contract names them', () => {
    assert.deepEqual(
      portVariables({
        'alpine-test-postgres': { host: 'localhost', ports: { '5432': 5435 } },
        dns: { host: '127.0.0.1', ports: { '53/udp': 5353 } },
        'my.svc': { host: 'localhost', ports: {} },
      }),
      {
        COMPOSE_HOST_ALPINE_TEST_POSTGRES: 'localhost',
        COMPOSE_PORT_ALPINE_TEST_POSTGRES_5432: '5435',
        COMPOSE_HOST_DNS: '127.0.0.1',
        COMPOSE_PORT_DNS_53_UDP: '5353',
        COMPOSE_HOST_MY_SVC: 'localhost',
      },
    );
  });
});
