/** Whether the confirmed plan is the one the early start ran (src/compose/same-plan.ts). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { compose, given, portsStack, predictedRepo } from '../../support/planning.js';

describe('samePlan', () => {
  test('samePlan: order of services does not matter (compose config sorts them); anything that changes up or the wait does', async () => {
    const { predictPlan } = await import('../../../src/compose/plan.js');
    const { samePlan } = await import('../../../src/compose/same-plan.js');
    const { parseInputs } = await import('../../../src/inputs.js');
    const p = predictPlan(parseInputs(given(), predictedRepo()), compose, {}, 'proj')!;
    assert.equal(samePlan(p, { ...p, awaited: [...p.awaited].reverse() }), true);
    assert.equal(samePlan(p, { ...p, projectDirectory: '/elsewhere' }), false);
    assert.equal(samePlan(p, { ...p, projectName: 'other' }), false);
    assert.equal(samePlan(p, { ...p, auth: undefined }), false);
    assert.equal(samePlan(p, { ...p, awaited: ['zeta-backend'] }), false);
    assert.equal(samePlan(p, { ...p, compose: { ...compose, kind: 'plugin', argv: ['docker', 'compose'] } }), false);
  });

  test('samePlan: a different port for the backend or auth is a different plan (the wait probes it)', async () => {
    const { predictPlan } = await import('../../../src/compose/plan.js');
    const { samePlan } = await import('../../../src/compose/same-plan.js');
    const { parseInputs } = await import('../../../src/inputs.js');
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-ports-'));
    fs.writeFileSync(
      path.join(ws, 'compose.yaml'),
      portsStack.replace('alpine-test-auth: { image: a }', 'alpine-test-auth: { image: a, ports: ["8081"] }'),
    );
    const p = predictPlan(parseInputs(given(), ws), compose, {}, 'proj')!;
    assert.equal(p.backend?.port, 3000, 'the prediction chooses as the confirmed plan does');
    assert.equal(p.auth?.port, 8081);
    assert.equal(samePlan(p, { ...p, backend: { ...p.backend!, port: 8000 } }), false);
    assert.equal(samePlan(p, { ...p, auth: { ...p.auth!, port: 9000 } }), false);
    assert.equal(samePlan(p, { ...p }), true);
  });
});
