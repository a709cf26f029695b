/**
 * What compose prints, read: the lines of a failed `up`, `pull` or `build` that say what failed,
 * and a container's own lines in `compose logs`. v1, v2 and v5 print these differently (recorded
 * in __tests__/fixtures/compose-output, v5 from its source): v2 and v5 put BuildKit's progress on
 * stdout and its errors on stderr, name containers `p-svc-1` and say what each step did in progress
 * lines that differ (see progress-line.ts); v1 says `ERROR: for svc  …`, `Attaching to …` and
 * `p_svc_1`. Pure.
 */
import { outsideLine } from '../report/outside.js';
import { failureText, isServiceName, jsonErrorMessage, readProgressLine, resourceWords } from './progress-line.js';

/** v1's progress, and build output, that says nothing about why: `Creating x ... error`, `#5 DONE 0.1s`, the legacy builder's banner. */
const PROGRESS =
  /^\s*(?:(?:Creating|Starting|Pulling|Building|Recreating)\b.*\.\.\.(?:\s*(?:done|error))?|Encountered errors while bringing up the project\.|#\d+ (?!ERROR).*|DEPRECATED:.*|Install the buildx.*|https:\/\/\S*)\s*$/;

/** Compose's and the engine's error texts, said on a line of their own. */
const ERROR_TEXT =
  /^(?:Error response from daemon: |failed to solve: |unable to prepare context: |Service '.*' failed to build|The command '.*' returned a non-zero code|ERROR: |Error: |error: |resolve : |no such service: |service ".*" |dependency failed to start: |container \S+ (?:is unhealthy|exited \(-?\d+\)|has no healthcheck configured)|application not healthy after |\S+ is missing dependency )/i;

/** One error compose said: the line to show, and its words without who said it (to see a repeat). */
interface Said {
  line: string;
  core: string;
}

const said = (line: string, message = line): Said => ({ line, core: message.replace(/^Error response from daemon: /, '') });

/** One line of compose output that says what failed, rewritten to name its service where it does. */
function errorLine(line: string): Said | undefined {
  const progress = readProgressLine(line);
  if (progress) {
    // " app Error Get …" (v2), " Image busybox:1 Error Get …" (v5): who failed, and why.
    const why = progress.failed ? failureText(progress) : '';
    return why ? said(`${resourceWords(progress.resource)}: ${why}`, why) : undefined;
  }
  const message = jsonErrorMessage(line);
  if (message !== undefined) return said(message);
  const l = line.trim();
  let m: RegExpExecArray | null;
  // v1: "ERROR: for alpine-test-auth  pull access denied …"
  if ((m = /^ERROR: for (\S+)\s+(.*)$/.exec(l))) return said(`${m[1]}: ${m[2]}`, m[2]);
  // BuildKit's own step error on stdout: "#5 ERROR: process "/bin/sh -c false" did not complete …"
  if ((m = /^#\d+ ERROR: (.*)$/.exec(l))) return said(m[1] as string);
  return ERROR_TEXT.test(l) ? said(l) : undefined;
}

/**
 * The lines of a failed compose command that say what failed, in order, without repeats (v1 says
 * each error twice: once per container, once per service). When none is recognised, the last
 * line of stderr that is not progress: compose v1 prints a failed pull's cause bare.
 */
export function errorLines(stderr: string, stdout = ''): string[] {
  const out: Said[] = [];
  // The same error said again (per container, then per service; by the service, then by the
  // daemon) differs only in what stands before it: compare what follows.
  const add = (s: Said | undefined): void => {
    if (s !== undefined && !out.some((o) => o.core === s.core)) out.push(s);
  };
  for (const line of stderr.split(/\r\n|\n|\r/)) add(errorLine(line));
  if (out.length === 0) for (const line of stdout.split(/\r\n|\n|\r/)) add(errorLine(line));
  if (out.length === 0) {
    const last = stderr
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '' && !PROGRESS.test(l) && !readProgressLine(l))
      .at(-1);
    if (last) add(said(last.trim()));
  }
  // Compose's own words, quoted in the reason and the summary: outside text, made safe.
  return out.map((s) => outsideLine(s.line));
}

/**
 * The service whose pull or build compose was at when it failed: v1 says "Pulling app (image)..."
 * or "Building app" on stderr, v2 "app Pulling" there and BuildKit "#5 [app 2/2] RUN …" on stdout.
 * v5 pulls and builds by image (" Image busybox:1 Pulling "), and Bake builds one target without
 * its name ("#5 [2/2] RUN …"): no service then.
 */
export function serviceInProgress(stderr: string, stdout = ''): string | undefined {
  const last = (text: string, find: (line: string) => string | undefined): string | undefined => {
    const lines = text.split(/\r?\n/);
    for (let i = lines.length - 1; i >= 0; i--) {
      const found = find(lines[i] as string);
      if (found) return found;
    }
    return undefined;
  };
  const onStderr = (line: string): string | undefined => {
    const p = readProgressLine(line);
    if (p) return p.said === 'Pulling' && isServiceName(p.resource) ? p.resource : undefined;
    const m = /^(?:Pulling (\S+) \(|Building (\S+)$)/.exec(line.trim());
    return m?.[1] ?? m?.[2];
  };
  const onStdout = (line: string): string | undefined => /^#\d+ \[([^\s\]]+) (?:internal\]|\d+\/\d+\])/.exec(line.trim())?.[1];
  return last(stderr, onStderr) ?? last(stdout, onStdout);
}

/**
 * What compose was pulling, by the lines that say it began: v1's `Pulling app (image)...` (`up`)
 * and `Pulling app ... ` (`pull`), v2's
 * ` app Pulling` (a service), v5's ` Image busybox:1 Pulling ` (an image, as written). Pure.
 */
export function pullsBegun(stderr: string): { services: string[]; images: string[] } {
  const services = new Set<string>();
  const images = new Set<string>();
  for (const line of stderr.split(/\r?\n/)) {
    const p = readProgressLine(line);
    if (p?.said === 'Pulling') {
      if (p.resource.startsWith('Image ')) images.add(p.resource.slice('Image '.length));
      else if (isServiceName(p.resource)) services.add(p.resource);
      continue;
    }
    const v1 = /^Pulling (\S+) (?:\(|\.\.\.)/.exec(line.trim())?.[1];
    if (v1) services.add(v1);
  }
  return { services: [...services], images: [...images] };
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
