/**
 * Compose versions end to end: a file that uses a key only compose v2 knows runs on v2, and on v1
 * fails before anything starts, saying which key needs which compose, with an annotation on the
 * key's own line.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';

const COMPOSE_FILE = path.join('docker', 'docker-compose.alpine-test.yml');

describeEachCompose('a compose file only v2 accepts (depends_on restart)', (compose) => {
  const { repo, track, env, ready } = useDockerRepos(compose);

  test(
    compose.name === 'v2' ? 'runs: docker mode' : 'fails before up: needs compose v2 (2.17.0 or later), annotated on the key',
    async (t) => {
      if (!(await ready(t))) return;
      const backendExtra = [
        '    depends_on:',
        '      alpine-test-auth:',
        '        condition: service_started',
        '        restart: true',
        '',
      ].join('\n');
      const ws = repo({ backendPorts: ['8000'], backendExtra });
      const keyLine = fs.readFileSync(path.join(ws, COMPOSE_FILE), 'utf8').split('\n').indexOf('        restart: true') + 1;
      assert.ok(keyLine > 0);
      const project = `cos-v2only-${compose.name}-${process.pid}`;
      track(project);
      const run = await runAction({ workspace: ws, inputs: { mode: 'docker', 'project-name': project }, env });
      try {
        if (compose.name === 'v2') {
          assert.equal(run.main.exitCode, 0, run.main.stdout);
          assert.equal(run.main.outputs.mode, 'docker');
          return;
        }
        assert.equal(run.main.exitCode, 1);
        assert.equal(run.main.outputs.mode, 'none');
        assert.match(
          run.main.outputs.reason ?? '',
          new RegExp(
            `The compose file needs compose v2 \\(2\\.17\\.0 or later\\): services\\.alpine-test-backend\\.depends_on\\.alpine-test-auth\\.restart \\(depends_on restart, from 2\\.17\\.0\\) at docker/docker-compose\\.alpine-test\\.yml:${keyLine}\\. This runner has compose 1\\.29\\.2\\.`,
          ),
        );
        const config = check(readReport(run.main), 'compose.config')!;
        assert.equal(config.failure, 'compose-too-old');
        assert.deepEqual(config.location, { file: 'docker/docker-compose.alpine-test.yml', line: keyLine });
        assert.match(
          config.detail,
          /compose config failed .*depends_on contains unsupported option: 'restart'/,
          "compose's own words are kept",
        );
        const annotation = run.main.annotations.find((a) => a.level === 'error' && a.properties.file);
        assert.equal(annotation?.properties.file, 'docker/docker-compose.alpine-test.yml');
        assert.equal(annotation?.properties.line, String(keyLine), 'the annotation is on the key, not just the file');
        assert.match(annotation?.message ?? '', /needs compose v2/);
        assert.match(run.main.summary, /compose <code>2\.17\.0<\/code> or later/, 'the hint names the version to run on');
        assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] }, 'nothing is left running');
      } finally {
        run.cleanup();
      }
    },
  );
});
