/** readiness/service.ts and rules.ts: which rule applies to a service, and its verdict from what was observed. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Listener } from '../../../src/readiness/checks/listening.js';
import { chooseRule, publishedTcpPorts } from '../../../src/readiness/rules.js';
import { judgeService, type Observed } from '../../../src/readiness/service.js';
import type { CheckState, DeclaredCheck } from '../../../src/readiness/types.js';
import type { ContainerInfo } from '../../../src/stack/containers.js';
import { runningContainer as c } from '../../support/containers.js';

const published = { '5432/tcp': [{ hostIp: '0.0.0.0', hostPort: 5435 }] };
const listening = (port: number): Listener => ({ address: '00000000', port, loopback: false });

/** An Observed that answers from fixed facts. */
function observed(o: {
  ownPassed?: boolean;
  listeners?: Listener[] | { unchecked: string };
  declared?: CheckState;
  endpoint?: CheckState;
  runningMs?: number;
}): Observed {
  return {
    own: () => ({ passed: o.ownPassed ?? false, confirmedUnhealthy: false }),
    listeners: () => o.listeners,
    declared: () => o.declared ?? { state: 'wait', why: 'not yet' },
    endpoint: () => o.endpoint ?? { state: 'wait', why: '/health: connection refused' },
    runningMs: () => o.runningMs ?? 0,
  };
}

describe('chooseRule: the first that applies', () => {
  const decl: DeclaredCheck[] = [{ kind: 'log', pattern: 'x' }];
  const cases: Array<[string, { declared?: DeclaredCheck[]; endpoint?: boolean }, Partial<ContainerInfo>, string]> = [
    ['declared beats everything', { declared: decl, endpoint: true }, { healthTest: ['CMD', 'true'], ports: published }, 'declared'],
    ['the backend: its probes', { endpoint: true }, { healthTest: ['CMD', 'true'] }, 'endpoint'],
    ['a healthcheck', {}, { healthTest: ['CMD', 'true'], ports: published }, 'healthcheck'],
    ['published ports', {}, { ports: published }, 'listening'],
    ['a UDP port only: running', {}, { ports: { '53/udp': [{ hostIp: '0.0.0.0', hostPort: 53 }] } }, 'running'],
    ['nothing: running', {}, {}, 'running'],
  ];
  for (const [name, facts, over, rule] of cases)
    test(name, () => assert.equal(chooseRule({ declared: facts.declared, endpoint: facts.endpoint ?? false }, c(over)), rule));

  test('publishedTcpPorts: bound TCP ports only, in order', () =>
    assert.deepEqual(
      publishedTcpPorts(
        c({
          ports: {
            '9000/tcp': [{ hostIp: '', hostPort: 1 }],
            '80/tcp': [{ hostIp: '', hostPort: 2 }],
            '81/tcp': [],
            '53/udp': [{ hostIp: '', hostPort: 3 }],
          },
        }),
      ),
      [80, 9000],
    ));
});

describe('judgeService', () => {
  const plain = { declared: undefined, endpoint: false };

  test('no container yet: waiting', () => assert.equal(judgeService('db', [], plain, observed({})).state, 'waiting'));

  test('running rule: ready only after 1 s without an exit', () => {
    assert.equal(judgeService('w', [c()], plain, observed({ runningMs: 400 })).state, 'waiting');
    const v = judgeService('w', [c()], plain, observed({ runningMs: 1200 }));
    assert.deepEqual([v.state, v.by], ['ready', 'running']);
  });

  test('a service that exited 1 is failed, whatever its rule', () => {
    const v = judgeService('w', [c({ status: 'exited', exitCode: 1 })], plain, observed({ runningMs: 5000 }));
    assert.equal(v.state, 'failed');
    assert.match(v.why, /exited with code 1/);
  });

  test('a one-shot that exited 0 is done', () => {
    const v = judgeService('migrate', [c({ status: 'exited', exitCode: 0 })], plain, observed({}));
    assert.deepEqual([v.state, v.by], ['ready', 'done']);
  });

  test('listening rule: the published port must listen inside; running alone is not enough', () => {
    const db = c({ ports: published });
    assert.equal(judgeService('db', [db], plain, observed({ listeners: [], runningMs: 60_000 })).state, 'waiting');
    assert.equal(judgeService('db', [db], plain, observed({ listeners: undefined })).state, 'waiting');
    const v = judgeService('db', [db], plain, observed({ listeners: [listening(5432)] }));
    assert.deepEqual([v.state, v.by], ['ready', 'listening']);
  });

  test('listening rule, sockets unreadable (no cat in the image): the running rule, saying why', () => {
    const db = c({ ports: published });
    const v = judgeService('db', [db], plain, observed({ listeners: { unchecked: 'no cat' }, runningMs: 2000 }));
    assert.deepEqual([v.state, v.by], ['ready', 'running']);
    assert.match(v.why, /ports not checked: no cat/);
  });

  test('a service publishing a port that exits 0 is no one-shot: failed', () => {
    assert.equal(judgeService('db', [c({ ports: published, status: 'exited', exitCode: 0 })], plain, observed({})).state, 'failed');
  });

  test('healthcheck rule: our own run may pass before Docker says healthy', () => {
    const hc = c({ healthTest: ['CMD', 'true'], health: 'starting' });
    assert.equal(judgeService('db', [hc], plain, observed({})).state, 'waiting');
    assert.deepEqual(judgeService('db', [hc], plain, observed({ ownPassed: true })).by, 'healthcheck');
  });

  test('endpoint rule: the probes decide, Docker starting or not', () => {
    const be = c({ healthTest: ['CMD', 'true'], health: 'starting', ports: published });
    const facts = { declared: undefined, endpoint: true };
    assert.equal(judgeService('backend', [be], facts, observed({})).state, 'waiting');
    const v = judgeService('backend', [be], facts, observed({ endpoint: { state: 'pass', why: 'answers HTTP 200' } }));
    assert.deepEqual([v.state, v.by], ['ready', 'endpoint']);
  });

  test('declared rule: every check must pass; tcp is read from the sockets', () => {
    const checks: DeclaredCheck[] = [
      { kind: 'log', pattern: 'ready' },
      { kind: 'tcp', port: 5432 },
    ];
    const facts = { declared: checks, endpoint: false };
    const db = c({ healthTest: ['CMD', 'true'], health: 'healthy' });
    const w1 = judgeService('db', [db], facts, observed({ declared: { state: 'pass', why: 'matched' }, listeners: [] }));
    assert.equal(w1.state, 'waiting');
    assert.match(w1.why, /^tcp 5432: port 5432 not listening/);
    const w2 = judgeService('db', [db], facts, observed({ listeners: [listening(5432)] }));
    assert.match(w2.why, /^log \/ready\/: not yet/);
    const ready = judgeService('db', [db], facts, observed({ declared: { state: 'pass', why: 'matched' }, listeners: [listening(5432)] }));
    assert.deepEqual([ready.state, ready.by, ready.why], ['ready', 'declared', 'log /ready/, tcp 5432']);
  });

  test('a declared check that fails fails the service', () => {
    const facts = { declared: [{ kind: 'http', port: 80, path: '/', status: '2xx' } as DeclaredCheck], endpoint: false };
    assert.equal(judgeService('s', [c()], facts, observed({ declared: { state: 'fail', why: 'not published' } })).state, 'failed');
  });

  test('replicas: every container must be ready; the verdict names the one that is not', () => {
    const a = c({ id: 'a', name: 'p-w-1' });
    const b = c({ id: 'b', name: 'p-w-2', status: 'created' });
    const v = judgeService('w', [a, b], plain, observed({ runningMs: 5000 }));
    assert.equal(v.state, 'waiting');
    assert.equal(v.container?.id, 'b');
  });
});
