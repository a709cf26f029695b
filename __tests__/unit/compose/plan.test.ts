/** The plan the raw files predict (src/compose/plan.ts, predictPlan): the stages run on the files alone. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { compose, given, predictedRepo, profilesRepo } from '../../support/planning.js';

describe('the predicted plan (early start)', () => {
  test('settled from the files alone: files, the root as project directory, services by prefix', async () => {
    const { predictPlan } = await import('../../../src/compose/plan.js');
    const { parseInputs } = await import('../../../src/inputs.js');
    const ws = predictedRepo();
    const inputs = parseInputs(given(), ws);
    const p = predictPlan(inputs, compose, {}, 'proj');
    assert.ok(p);
    assert.deepEqual(p.files, [path.join(ws, 'docker', 'docker-compose.yml')]);
    assert.equal(p.projectDirectory, ws);
    assert.equal(p.backend?.service, 'zeta-backend');
    assert.equal(p.auth?.service, 'alpha-auth');
    assert.deepEqual(p.awaited, ['zeta-backend', 'alpha-auth']);
  });

  test('a stack with no service called backend, every input at its default: no backend, every container awaited', async () => {
    const { predictPlan } = await import('../../../src/compose/plan.js');
    const { parseInputs } = await import('../../../src/inputs.js');
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-predplan-'));
    fs.writeFileSync(path.join(ws, 'compose.yaml'), 'services:\n  web:\n    image: w\n    ports: ["80"]\n  cache:\n    image: c\n');
    const p = predictPlan(parseInputs(given(), ws), compose, {}, 'proj');
    assert.ok(p);
    assert.equal(p.backend, undefined);
    assert.equal(p.auth, undefined);
    assert.deepEqual(p.awaited, ['web', 'cache']);
    // Named explicitly, a backend that is not there is still an error (the prediction gives up; compose config reports it).
    assert.equal(predictPlan(parseInputs(given({ 'backend-service': 'api' }), ws), compose, {}, 'proj'), undefined);
  });

  test('not settled when no directory has every build path, or a service does not resolve', async () => {
    const { predictPlan } = await import('../../../src/compose/plan.js');
    const { parseInputs } = await import('../../../src/inputs.js');
    const ws = predictedRepo();
    fs.rmSync(path.join(ws, 'docker', 'b.Dockerfile'));
    assert.equal(predictPlan(parseInputs(given(), ws), compose, {}, 'proj'), undefined);
    const ws2 = predictedRepo();
    assert.equal(predictPlan(parseInputs(given({ 'backend-service': 'nope' }), ws2), compose, {}, 'proj'), undefined);
  });
});

describe('profiles: only the services compose would start are planned and awaited', () => {
  test('inactive services are not awaited, their build paths do not matter, and backend resolves among the active ones', async () => {
    const { predictPlan } = await import('../../../src/compose/plan.js');
    const { parseInputs } = await import('../../../src/inputs.js');
    const ws = profilesRepo();
    const p = predictPlan(parseInputs(given({ 'backend-service': 'backend' }), ws), compose, {}, 'proj');
    assert.ok(p, 'the missing ./tools-not-checked-out does not block the plan: tool does not start');
    assert.equal(p.projectDirectory, ws);
    assert.equal(p.backend?.service, 'api-backend', 'extra-backend is inactive, so backend is not ambiguous');
    assert.deepEqual(p.awaited, ['api-backend']);
    assert.deepEqual(p.services, [], 'compose starts the active services itself');
    // By name, whichever order compose printed them in (v1 sorts, v2 keeps the file's).
    assert.deepEqual(p.inactive, [
      { name: 'extra-backend', profiles: ['full', 'debug'] },
      { name: 'tool', profiles: ['debug'] },
    ]);
    const full = predictPlan(parseInputs(given({ 'backend-service': 'api-backend' }), ws), compose, { COMPOSE_PROFILES: 'full' }, 'proj');
    assert.deepEqual(full?.awaited, ['api-backend', 'extra-backend']);
    // With debug active, tool must be built, and its context is missing: no directory works.
    assert.equal(
      predictPlan(parseInputs(given({ 'backend-service': 'api-backend' }), profilesRepo('COMPOSE_PROFILES=debug')), compose, {}, 'proj'),
      undefined,
    );
  });
});
