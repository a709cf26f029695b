/**
 * What compose prints, read: the lines of a failed `up`, `pull` or `build` that say what failed,
 * and a container's own lines in `compose logs`. v1 and v2 print these differently (recorded in
 * __tests__/fixtures/compose-output): v2 puts BuildKit's progress on stdout and its errors on
 * stderr, starts each log line with an erase-line escape and names containers `p-svc-1`; v1 says
 * `ERROR: for svc  …`, `Attaching to …` and `p_svc_1`. Pure.
 */
import { outsideLine } from '../report/outside.js';

/** Progress that says nothing about why: `Container x  Creating`, `Creating x ... error`, `Pulling app ...`. */
const PROGRESS =
  /^\s*(?:(?:Network|Container|Volume|Image)\s+\S+\s+\w+|(?:Creating|Starting|Pulling|Building|Recreating)\b.*\.\.\.(?:\s*(?:done|error))?|\S+ Pulling|Encountered errors while bringing up the project\.|#\d+ (?!ERROR).*|DEPRECATED:.*|Install the buildx.*|https:\/\/\S*)\s*$/;

/** One line of compose output that says what failed, rewritten to name its service where it does. */
function errorLine(line: string): string | undefined {
  const l = line.trim();
  let m: RegExpExecArray | null;
  // v1: "ERROR: for alpine-test-auth  pull access denied …"
  if ((m = /^ERROR: for (\S+)\s+(.*)$/.exec(l))) return `${m[1]}: ${m[2]}`;
  // v2 progress: " alpine-test-auth Error Get "https://…": … no such host"
  if ((m = /^(\S+) Error (.+)$/.exec(l)) && !/^Error\b/.test(l)) return `${m[1]}: ${m[2]}`;
  // BuildKit's own step error on stdout: "#5 ERROR: process "/bin/sh -c false" did not complete …"
  if ((m = /^#\d+ ERROR: (.*)$/.exec(l))) return m[1];
  if (
    /^(?:Error response from daemon: |failed to solve: |unable to prepare context: |Service '.*' failed to build|The command '.*' returned a non-zero code|ERROR: |Error: |error: |resolve : |no such service: |service ".*" )/i.test(
      l,
    )
  )
    return l;
  return undefined;
}

/**
 * The lines of a failed compose command that say what failed, in order, without repeats (v1 says
 * each error twice: once per container, once per service). When none is recognised, the last
 * line of stderr that is not progress: compose v1 prints a failed pull's cause bare.
 */
export function errorLines(stderr: string, stdout = ''): string[] {
  const out: string[] = [];
  // The same error said again (per container, then per service; by the service, then by the
  // daemon) differs only in what stands before it: compare what follows.
  const said = (l: string): string => l.replace(/^(?:\S+: )?(?:Error response from daemon: )?/, '');
  const add = (l: string | undefined): void => {
    if (l !== undefined && !out.some((o) => said(o) === said(l))) out.push(l);
  };
  for (const line of stderr.split(/\r\n|\n|\r/)) add(errorLine(line));
  if (out.length === 0) for (const line of stdout.split(/\r\n|\n|\r/)) add(errorLine(line));
  if (out.length === 0) {
    const last = stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !PROGRESS.test(l))
      .at(-1);
    if (last) out.push(last);
  }
  // Compose's own words, quoted in the reason and the summary: outside text, made safe.
  return out.map((l) => outsideLine(l));
}

/**
 * The service whose pull or build compose was at when it failed: v1 says "Pulling app (image)..."
 * or "Building app" on stderr, v2 "app Pulling" there and BuildKit "#5 [app 2/2] RUN …" on stdout.
 */
export function serviceInProgress(stderr: string, stdout = ''): string | undefined {
  const last = (text: string, re: RegExp): string | undefined => {
    const lines = text.split(/\r?\n/).map((l) => l.trim());
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = re.exec(lines[i] as string);
      if (m) return m.slice(1).find((g) => g !== undefined);
    }
    return undefined;
  };
  return last(stderr, /^(?:Pulling (\S+) \(|Building (\S+)$|(\S+) Pulling\s*$)/) ?? last(stdout, /^#\d+ \[(\S+?)(?: internal\]|\s)/);
}

/**
 * A container's own lines in `compose logs --no-color` output: compose's `Attaching to` line
 * (v1) dropped, and its prefix (`svc_1  | `, or v2's erase-line escape and `svc-1  | `) removed;
 * a `|` in the line itself is kept.
 */
export function logLines(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.replace(/^\x1b\[[0-9;]*[A-Za-z]/, ''))
    .filter((l) => l.trim() !== '' && !/^Attaching to /.test(l))
    .map((l) => l.replace(/^[^|]*\|\s?/, ''));
}
