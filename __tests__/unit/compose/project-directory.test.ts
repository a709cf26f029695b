/** The project directory's build paths (src/compose/project-directory.ts): what is missing, and its nearest match. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseComposeYaml } from '../../../src/compose/model.js';
import { editDistance, isRemoteContext, missingBuildPaths, nearestMatch } from '../../../src/compose/project-directory.js';

describe('project directory: missing build paths and their nearest match', () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-pd-'));
  fs.mkdirSync(path.join(ws, 'docker'));
  fs.mkdirSync(path.join(ws, 'dockerfiles'));
  fs.writeFileSync(path.join(ws, 'dockerfiles', 'backend.alpine.Dockerfile'), 'FROM x\n');
  fs.writeFileSync(path.join(ws, 'docker', 'auth.Dockerfile'), 'FROM x\n');
  const m = parseComposeYaml(`
services:
  backend: { build: { context: ., dockerfile: docker/backend.alpine.Dockerfile } }
  auth: { build: { context: ., dockerfile: docker/auth.Dockerfile } }
  web: { build: ./web }
`);
  test('from the root: the missing Dockerfile and the missing context are named, with the nearest match', () => {
    const missing = missingBuildPaths(m, ws, ws);
    assert.deepEqual(
      missing.map((x) => [x.service, x.kind, path.relative(ws, x.path), x.nearest && path.relative(ws, x.nearest)]),
      [
        ['backend', 'dockerfile', 'docker/backend.alpine.Dockerfile', 'dockerfiles/backend.alpine.Dockerfile'],
        ['web', 'context', 'web', undefined],
      ],
    );
  });
  test('a near name is found when no file has the same name', () => {
    assert.equal(path.relative(ws, nearestMatch(path.join(ws, 'docker', 'auth.Dockerfil'), ws)!), 'docker/auth.Dockerfile');
    assert.equal(nearestMatch(path.join(ws, 'docker', 'completely-different-name.txt'), ws), undefined);
  });
  test('dockerfile_inline needs no Dockerfile, but still its context; an absolute dockerfile is not under the context', () => {
    const abs = path.join(ws, 'dockerfiles', 'backend.alpine.Dockerfile');
    const forms = parseComposeYaml(`
services:
  inline: { build: { context: ., dockerfile_inline: "FROM x" } }
  inline-no-folder: { build: { context: ./gone, dockerfile_inline: "FROM x" } }
  absolute: { build: { context: ./docker, dockerfile: ${JSON.stringify(abs)} } }
  absolute-missing: { build: { context: ./docker, dockerfile: ${JSON.stringify(path.join(ws, 'elsewhere.Dockerfile'))} } }
`);
    assert.deepEqual(
      missingBuildPaths(forms, ws, ws).map((x) => [x.service, x.kind, path.relative(ws, x.path)]),
      [
        ['inline-no-folder', 'context', 'gone'],
        ['absolute-missing', 'dockerfile', 'elsewhere.Dockerfile'],
      ],
    );
  });
  test('a remote context (a URL, git over ssh, github.com/…) has nothing to find here, whatever its dockerfile', () => {
    const remote = parseComposeYaml(`
services:
  tarball: { build: https://example.com/app.tar.gz }
  git: { build: { context: "https://github.com/acme/app.git#main:sub", dockerfile: docker/app.Dockerfile } }
  ssh: { build: "git@github.com:acme/app.git" }
  short: { build: github.com/acme/app }
  gitscheme: { build: "git://example.com/app.git" }
`);
    assert.deepEqual(missingBuildPaths(remote, ws, ws), []);
  });
  const remoteCases: Array<[string, boolean]> = [
    ['https://example.com/app.tar.gz', true],
    ['http://example.com/app.tar.gz', true],
    ['git://example.com/app.git#v1', true],
    ['ssh://git@example.com/app.git', true],
    ['git+ssh://example.com/app.git', true],
    ['git@github.com:acme/app.git', true],
    ['github.com/acme/app', true],
    ['.', false],
    ['./github.com/acme', false],
    ['github.company.example/app', false],
    ['/abs/ctx', false],
    ['C:\\src\\app', false],
  ];
  for (const [context, remote] of remoteCases) {
    test(`isRemoteContext(${JSON.stringify(context)}) is ${remote}`, () => assert.equal(isRemoteContext(context), remote));
  }
  test('edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});
