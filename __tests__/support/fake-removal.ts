/**
 * Stand-ins for the background removal's process (src/removal/): a node script that does what
 * the tests tell it through files beside its result file, and a docker CLI that records its calls.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { until } from './time.js';

/**
 * A script run as the background entry runs a removal, `node script remove <job file>` (any other
 * kind exits 2): prints a line on stdout and one on stderr, writes the
 * names of its environment to `<result>.env`, then waits until `<result>.go` exists and writes a
 * result. Files: `gate()` opens it.
 */
export function fakeRemovalScript(dir: string): string {
  const script = path.join(dir, 'fake-removal.mjs');
  fs.writeFileSync(
    script,
    [
      "import * as fs from 'node:fs';",
      "if (process.argv[2] !== 'remove') process.exit(2);",
      "const job = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));",
      "console.log('removal says hello on stdout');",
      "console.error('removal says hello on stderr');",
      'fs.writeFileSync(`${job.resultFile}.env`, JSON.stringify(Object.keys(process.env)));',
      'const startedAt = Date.now();',
      'while (!fs.existsSync(`${job.resultFile}.go`)) await new Promise((r) => setTimeout(r, 20));',
      "fs.writeFileSync(job.resultFile, JSON.stringify({ ok: true, detail: 'removed by the fake', startedAt, finishedAt: Date.now() }));",
      '',
    ].join('\n'),
  );
  return script;
}

/** Wait until `file` exists (a guard far above what a process start takes). */
export function waitForFile(file: string, guardMs = 30_000): Promise<void> {
  return until(() => fs.existsSync(file), { what: file, timeoutMs: guardMs });
}

/**
 * A docker CLI on PATH that appends each call's argv to `calls` (one line each) and answers:
 * `ps` lists the containers in `$FAKE_PS` that no `rm` removed yet, `network ls` / `volume ls`
 * those in `$FAKE_NETWORKS` / `$FAKE_VOLUMES` that no `network rm` / `volume rm` removed;
 * `$FAKE_FAIL` = 1 makes every call exit 1.
 */
export function fakeDockerCli(): { env: NodeJS.ProcessEnv; calls: () => string[]; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-fake-docker-'));
  const log = path.join(dir, 'calls');
  const gone = path.join(dir, 'gone');
  const script = [
    '#!/bin/sh',
    `echo "$*" >> "${log}"`,
    '[ "$FAKE_FAIL" = 1 ] && { echo "fake failure" >&2; exit 1; }',
    `list() { for x in $1; do grep -qx "$x" "${gone}" 2>/dev/null || echo "$x"; done; }`,
    `removed() { for x in "$@"; do case "$x" in -*) ;; *) echo "$x" >> "${gone}";; esac; done; }`,
    'case "$1 $2" in',
    '  "ps "*) list "$FAKE_PS";;',
    '  "rm "*) shift; removed "$@";;',
    '  "network ls") list "$FAKE_NETWORKS";;',
    '  "network rm") shift 2; removed "$@";;',
    '  "volume ls") list "$FAKE_VOLUMES";;',
    '  "volume rm") shift 2; removed "$@";;',
    '  "inspect "*) echo "[]";;',
    'esac',
    'exit 0',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'docker'), script, { mode: 0o755 });
  return {
    env: { PATH: `${dir}${path.delimiter}/usr/bin${path.delimiter}/bin`, HOME: dir },
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
