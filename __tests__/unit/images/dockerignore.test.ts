/**
 * The `.dockerignore` matcher against moby/patternmatcher's own table (patternmatcher_test.go,
 * TestMatches), each case matched both ways the builders do: the path alone (its folders matched
 * one by one), and the path with what its folders matched (as a walk goes); and the ignore file
 * read as moby's ignorefile reads it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanPath, excluded, parseIgnore, type Ignore, type ParentMatches } from '../../../src/images/dockerignore.js';

const single: Array<[string, string, boolean]> = [
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**/', 'file/', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file', true],
  ['**', 'dir/file/', true],
  ['**/', 'dir/file/', true],
  ['**/**', 'dir/file', true],
  ['**/**', 'dir/file/', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/file/', true],
  ['dir/**', 'dir/dir2/file', true],
  ['dir/**', 'dir/dir2/file/', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/*', 'dir/dir2/file/', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file/', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['a\\\\', 'a\\', true],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def', true],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a\\*b', 'a*b', true],
  // Beyond moby's table: what a walk meets.
  ['*.go', 'fileutils.go', true],
  ['*', 'fileutils.go', true],
  ['docs', 'docs/README.md', true],
  ['a*/b', 'a/c/b', false],
  ['node_modules', 'app/node_modules/x', false],
  ['**/node_modules', 'app/node_modules/x/y.js', true],
  ['é?', 'é😀', true],
];

const multi: Array<[string[], string, boolean]> = [
  [['**', '!util/docker/web'], 'util/docker/web/foo', false],
  [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
  [['**', '!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['!fileutils.go', '*.go'], 'fileutils.go', true],
  [['*.go', '!fileutils.go'], 'fileutils.go', false],
  [['docs', '!docs/README.md'], 'docs/README.md', false],
  [['docs/', '!docs/README.md'], 'docs/README.md', false],
  [['docs/*', '!docs/README.md'], 'docs/README.md', false],
  [['docs/*', '!docs/README.md'], 'docs/other.md', true],
];

const ignoreOf = (patterns: string[]): Ignore => {
  const { ignore, problems } = parseIgnore(patterns.join('\n'));
  assert.deepEqual(problems, [], patterns.join(' '));
  return ignore;
};

/** As a walk asks: each folder from the top with what its own folder got, then the path. */
function walked(ignore: Ignore, path: string): boolean {
  const slash = path.lastIndexOf('/');
  const folders = slash > 0 ? path.slice(0, slash).split('/') : [];
  let parent: ParentMatches = undefined;
  for (let n = 1; n <= folders.length; n++) parent = excluded(ignore, folders.slice(0, n).join('/'), parent).matches;
  return excluded(ignore, path, parent).excluded;
}

describe('.dockerignore patterns, as moby matches them', () => {
  test('one pattern: its own table, the path alone and as a walk meets it', () => {
    for (const [pattern, path, want] of single) {
      const ignore = ignoreOf([pattern]);
      assert.equal(excluded(ignore, path).excluded, want, `${pattern} on ${path}`);
      assert.equal(walked(ignore, path), want, `${pattern} on ${path}, walked`);
    }
  });

  test('several: the last that matches the path or one of its folders decides; an exception keeps a path', () => {
    for (const [patterns, path, want] of multi) {
      const ignore = ignoreOf(patterns);
      assert.equal(excluded(ignore, path).excluded, want, `${patterns.join(' ')} on ${path}`);
      assert.equal(walked(ignore, path), want, `${patterns.join(' ')} on ${path}, walked`);
    }
  });
});

describe('the ignore file, as moby reads it', () => {
  test('comments, blanks, a BOM, CRLF, spaces, "!" with spaces, cleaned paths, a leading "/" dropped', () => {
    const { ignore, problems } = parseIgnore(
      '\uFEFF# comment\r\n\r\n  /node_modules/  \n ! /node_modules/keep.js\n./a//b/../c\n #not a comment\n/\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      ignore.patterns.map((p) => `${p.exclusion ? '!' : ''}${p.text}`),
      ['node_modules', '!node_modules/keep.js', 'a/c', '#not a comment', '/'],
    );
    assert.equal(ignore.exclusions, true);
    assert.equal(excluded(ignore, 'node_modules/x.js').excluded, true);
    assert.equal(excluded(ignore, 'node_modules/keep.js').excluded, false);
    assert.equal(excluded(ignore, 'a/c/d').excluded, true);
  });

  test('a line that is no pattern is named by its line and text; the others still apply', () => {
    const { ignore, problems } = parseIgnore('dist\n!\nsrc/[a-\nlast\\');
    assert.deepEqual(
      problems.map((p) => [p.line, p.pattern]),
      [
        [2, '!'],
        [3, 'src/[a-'],
        [4, 'last\\'],
      ],
    );
    assert.ok(problems.every((p) => p.why.length > 0));
    assert.deepEqual(
      ignore.patterns.map((p) => p.text),
      ['dist'],
    );
  });

  test('paths cleaned as Go cleans them', () => {
    const table: Array<[string, string]> = [
      ['', '.'],
      ['a/b/', 'a/b'],
      ['a//b', 'a/b'],
      ['./a', 'a'],
      ['a/../..', '..'],
      ['/../a', '/a'],
      ['/', '/'],
      ['a/./b/.', 'a/b'],
    ];
    for (const [p, want] of table) assert.equal(cleanPath(p), want, p);
  });
});
