/**
 * The early staging probe (auto mode): asked while Docker is tried, reused when fresh, asked again
 * when stale, cancelled when Docker wins. Against real loopback servers.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { loadActionDefinition } from '../../harness/runner.js';
import { startSilentServer, startStagingServer } from '../../support/staging.js';
import { sleep, until } from '../../support/time.js';
import { parseInputs } from '../../../src/inputs.js';
import { Report } from '../../../src/report/model.js';
import { StagingProber } from '../../../src/staging/early.js';
import { tempDir } from '../../support/temp.js';

const workspace = tempDir(after, 'cos-early-');
const defaults = Object.fromEntries(Object.entries(loadActionDefinition().inputs).map(([k, v]) => [k, v.default ?? '']));
const parse = (given: Record<string, string>) => parseInputs((name) => given[name] ?? defaults[name] ?? '', workspace);
const healthRequests = (requests: Array<{ path: string; upgrade: boolean }>) => requests.filter((r) => r.path === '/health').length;

describe('StagingProber', () => {
  test('a fresh early answer is used as it is: staging is asked once', async (t) => {
    const server = await startStagingServer();
    t.after(() => server.close());
    const report = new Report();
    const prober = new StagingProber(parse({ 'staging-backend-url': server.baseUrl }), report);
    prober.start();
    // "Docker" is being tried: staging is asked meanwhile, without anyone asking for the answer.
    await until(() => healthRequests(server.requests) === 1, { what: 'probed before Docker gave up' });
    assert.deepEqual(await prober.answer(), { status: 'usable' });
    assert.equal(healthRequests(server.requests), 1);
    assert.deepEqual(
      report.stagingProbes.map((p) => [p.name, p.class, p.status]),
      [
        ['backend-health', 'ok', 200],
        ['websocket', 'ok', 101],
      ],
    );
    assert.match(report.checks.find((c) => c.id === 'staging.backend-health')!.title, /alongside Docker/);
  });

  test('a stale early answer is asked again, and the new answer decides', async (t) => {
    // 404 is a definite answer (no retries), so each probe is one request whatever the load.
    const server = await startStagingServer({ healthStatus: 404 });
    t.after(() => server.close());
    const report = new Report();
    // Stale after 0 ms: any early answer is stale by the time it is asked for, however slow the machine.
    const prober = new StagingProber(parse({ 'staging-backend-url': server.baseUrl, 'staging-timeout': '10' }), report, undefined, 0);
    prober.start();
    await until(() => healthRequests(server.requests) === 1, { what: 'probed early' });
    const early = healthRequests(server.requests);
    const answer = await prober.answer();
    assert.ok(healthRequests(server.requests) > early, 'probed again');
    assert.equal(answer.status, 'unusable');
    assert.equal(report.checks.find((c) => c.id === 'staging.backend-health')?.failure, 'health-status');
    assert.doesNotMatch(report.checks.find((c) => c.id === 'staging.backend-health')!.title, /alongside Docker/);
  });

  test('when Docker wins, a slow staging probe is cancelled at once, not left running to staging-timeout', async (t) => {
    const silent = await startSilentServer();
    t.after(() => silent.close());
    const report = new Report();
    const prober = new StagingProber(parse({ 'staging-backend-url': silent.baseUrl, 'staging-timeout': '60' }), report);
    prober.start();
    await sleep(100);
    const started = performance.now();
    await prober.cancel();
    assert.ok(performance.now() - started < 5000, 'cancel returned (hang guard)');
    assert.equal(report.checks.length, 0, 'a cancelled probe reports nothing');
  });

  test('no staging-backend-url: not configured, nothing probed', async () => {
    const report = new Report();
    const prober = new StagingProber(parse({}), report);
    prober.start();
    assert.deepEqual(await prober.answer(), { status: 'not-configured' });
    assert.equal(report.checks[0]?.status, 'skipped');
  });

  test('a 401 is reported as unauthorized (the hint points at staging-token)', async (t) => {
    const server = await startStagingServer({ requireToken: 'not-given' });
    t.after(() => server.close());
    const report = new Report();
    const prober = new StagingProber(parse({ 'staging-backend-url': server.baseUrl }), report);
    assert.equal((await prober.answer()).status, 'unusable');
    assert.equal(report.checks.find((c) => c.id === 'staging.backend-health')?.failure, 'unauthorized');
    assert.equal(report.checks.find((c) => c.id === 'staging.websocket')?.failure, 'unauthorized');
  });
});
