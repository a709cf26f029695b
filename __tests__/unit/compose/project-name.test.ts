/** The compose project name (src/compose/project-name.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deriveProjectName } from '../../../src/compose/project-name.js';

describe('project name', () => {
  test('readable, unique per repo, run, attempt, job and suffix; compose-safe', () => {
    const name = deriveProjectName(
      { GITHUB_REPOSITORY: 'acme/Widgets', GITHUB_RUN_ID: '8812734', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'tests' },
      () => 'k3f9',
    );
    assert.equal(name, 'cos-widgets-8812734-1-tests-k3f9');
  });
  test('long and odd names are trimmed to something compose accepts', () => {
    const name = deriveProjectName(
      {
        GITHUB_REPOSITORY: 'acme/A_Very.Long Repository Name With Stuff',
        GITHUB_RUN_ID: '123456789012',
        GITHUB_RUN_ATTEMPT: '3',
        GITHUB_JOB: 'Integration Tests (Matrix: node 20, ubuntu)',
      },
      () => 'zz99',
    );
    assert.match(name, /^[a-z0-9][a-z0-9_-]*$/);
    assert.ok(name.length <= 60, name);
    assert.ok(name.includes('-123456789012-3-'), name);
    assert.ok(name.endsWith('-zz99'), name);
  });
  test('outside Actions it still works', () => {
    assert.equal(
      deriveProjectName({}, () => 'ab12'),
      'cos-local-run-1-job-ab12',
    );
  });
});
