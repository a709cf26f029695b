/** What a running `up` has said (src/stack/progress.ts: UpProgress), kept until its group opens, and what the step waits for. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UpProgress } from '../../../src/stack/progress.js';

describe('UpProgress', () => {
  test('lines before the group opens are kept and shown first, then lines as they come; blank ones skipped', () => {
    const p = new UpProgress();
    p.line(' Network p_default  Created');
    p.line('   ');
    p.line(' Container p-db-1  Started');
    const shown: string[] = [];
    p.attach((l) => shown.push(l));
    p.line(' Container p-backend-1  Started');
    p.detach();
    p.line('after');
    assert.deepEqual(shown, [' Network p_default  Created', ' Container p-db-1  Started', ' Container p-backend-1  Started']);
  });

  test('a long build before the group opens: the last 500 lines are kept, and the rest counted', () => {
    const p = new UpProgress();
    for (let i = 1; i <= 620; i++) p.line(`#${i}`);
    const shown: string[] = [];
    p.attach((l) => shown.push(l));
    assert.equal(shown[0], '(120 earlier lines not shown)');
    assert.deepEqual([shown[1], shown.at(-1), shown.length], ['#121', '#620', 501]);
  });

  test('what the step waits for', () => {
    const p = new UpProgress();
    assert.equal(p.describeWaiting(), 'compose up is still running');
    p.waiting = [
      { service: 'alpine-test-backend', why: '/health answered HTTP 500 for 12 s' },
      { service: 'alpine-test-worker', why: 'no container yet' },
    ];
    assert.equal(
      p.describeWaiting(),
      'compose up is still running; alpine-test-backend: /health answered HTTP 500 for 12 s; alpine-test-worker: no container yet',
    );
    p.upRunning = false;
    p.waiting = [{ service: 'compose up', why: 'still running' }];
    assert.equal(p.describeWaiting(), 'the last checks of a stack that looks ready');
    const fresh = new UpProgress();
    fresh.upRunning = false;
    assert.equal(fresh.describeWaiting(), 'the first look at the containers');
  });
});
