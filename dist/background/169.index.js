export const id = 169;
export const ids = [169];
export const modules = {

/***/ 8169:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRemovalJob: () => (/* binding */ runRemovalJob)
});

// UNUSED EXPORTS: STEP_END_WAIT_MS, stepEnded, writeResult

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/report/model.ts
/** The failure kind for a probe's class (staging or the Docker wait). */
function probeFailure(cls, status) {
    switch (cls) {
        case 'http-status':
            return status === 401 || status === 403 ? 'unauthorized' : 'health-status';
        case 'ws-rejected':
            return status === 401 || status === 403 ? 'unauthorized' : 'ws-rejected';
        case 'tls':
        case 'dns':
        case 'refused':
        case 'timeout':
        case 'reset':
            return cls;
        default:
            return 'probe-error';
    }
}
class Report {
    startedAt = new Date();
    began = performance.now();
    checks = [];
    serviceFailures = [];
    stagingProbes = [];
    /** With cache-images: what became of each image of the stack. */
    images = [];
    /** Every service's story, once the Docker path got as far as a wait (empty otherwise). */
    services = [];
    /** When the Docker path's wait ended, ready or not (ms since the epoch): the timeline's end. */
    waitEndedAt;
    /** With cache-images, once the images were settled. */
    imageCache;
    /** Every service's complete log, once written (when the Docker path ended). */
    logFiles = [];
    /** The logs artifact: uploaded, or why not; undefined when no upload was asked for. */
    logsUpload;
    add(check) {
        const full = { durationMs: 0, ...check };
        full.durationMs = Math.round(full.durationMs);
        full.endedMs ??= Math.round(performance.now() - this.began);
        this.checks.push(full);
        return full;
    }
    failed() {
        return this.checks.filter((c) => c.status === 'failed');
    }
}
function errorMessage(err) {
    return err instanceof Error ? err.message : String(err);
}
/** Whether a check ran alongside another (their spans overlap by more than 10 ms): its time does not add to theirs. Pure. */
function overlapsAnother(c, checks) {
    const span = (x) => x.endedMs === undefined || x.durationMs <= 0 ? undefined : [x.endedMs - x.durationMs, x.endedMs];
    const mine = span(c);
    if (!mine)
        return false;
    return checks.some((o) => {
        const theirs = o !== c ? span(o) : undefined;
        return theirs !== undefined && Math.min(mine[1], theirs[1]) - Math.max(mine[0], theirs[0]) > 10;
    });
}

;// CONCATENATED MODULE: ./src/compose/version.ts
/**
 * Compose versions as they are printed in the wild, and what each version can do. Features are
 * decided by version, never by assuming the major is 2: GitHub's runners have 2.x today, an
 * ubuntu-26.04 runner already has 5.x, and self-hosted ones may still have Python 1.29. Pure.
 */
/**
 * The version in the output of `compose version` (with or without `--short`, or `--format json`),
 * in any of the forms seen in the wild: `Docker Compose version v2.38.2`, `2.26.1-4` (Debian),
 * `2.24.6+ds1-0ubuntu1~22.04.1` (Ubuntu), `v5.5.0`, `{"version":"v5.5.0"}`, `docker-compose
 * version 1.29.2, build unknown`. Undefined when none is found (a development build prints `dev`).
 */
function version_parseComposeVersion(output) {
    const m = /(?:^|[\s,])v?(\d+)\.(\d+)(?:\.(\d+))?([-+~][\w.+~-]*)?(?=[\s,]|$)/m.exec(jsonVersion(output) ?? output.trim());
    if (!m)
        return undefined;
    const [, major, minor, patch, suffix] = m;
    const text = `${major}.${minor}${patch !== undefined ? `.${patch}` : ''}${suffix ?? ''}`;
    return { major: Number(major), minor: Number(minor), patch: Number(patch ?? 0), text };
}
/** The `version` of `compose version --format json` (v2 and v5 alike), when that is what was printed. */
function jsonVersion(output) {
    const t = output.trim();
    if (!t.startsWith('{'))
        return undefined;
    try {
        const v = JSON.parse(t).version;
        return typeof v === 'string' ? v : undefined;
    }
    catch {
        return undefined;
    }
}
/** Whether `v` is `since` or later. An unknown version counts as older than anything. */
function atLeast(v, since) {
    if (!v)
        return false;
    const mine = [v.major, v.minor, v.patch];
    for (let i = 0; i < 3; i++) {
        const a = mine[i];
        const b = since[i];
        if (a !== b)
            return a > b;
    }
    return true;
}
const formatTriple = (t) => t.join('.');
/** What the action uses of compose, and the first version that has it. */
const FEATURES = {
    /** `up --pull always|never|missing`; older composes get `pull` before `up` and an image check. */
    'up-pull': [2, 8, 0],
    /** The `!reset` YAML tag in override files. */
    'reset-tag': [2, 24, 0],
    /** The `!override` YAML tag in override files. */
    'override-tag': [2, 24, 4],
};
/** Whether this compose has a feature. A version that could not be read has none of them. */
function version_supports(v, feature) {
    return atLeast(v, FEATURES[feature]);
}

;// CONCATENATED MODULE: ./src/compose/commands.ts

/** The prefix every compose call shares: which project, which directory, which files. */
function baseArgs(t) {
    return [
        ...t.compose.argv,
        '--project-name',
        t.projectName,
        '--project-directory',
        t.projectDirectory,
        ...[...t.files, ...(t.overrides ?? [])].flatMap((f) => ['-f', f]),
    ];
}
function configArgs(t) {
    return [...baseArgs(t), 'config'];
}
/**
 * `up -d`. Compose 2.8 and later take `--pull`; older ones have none, so `always` is emulated by
 * {@link pullArgs} before `up` and `never` by checking images beforehand.
 */
function commands_upArgs(t, o) {
    const args = [...baseArgs(t), 'up', '--detach'];
    if (o.build)
        args.push('--build');
    if (supports(t.compose.version, 'up-pull') && o.pull !== 'missing')
        args.push('--pull', o.pull);
    return [...args, ...o.upFlags, ...o.services];
}
/** `pull` for a compose without `up --pull`, with pull: always; undefined when no separate pull is needed. */
function commands_pullArgs(t, o) {
    if (supports(t.compose.version, 'up-pull') || o.pull !== 'always')
        return undefined;
    return [...baseArgs(t), 'pull', ...o.services];
}
/** Remove the stack: containers, networks, volumes, orphans; a short grace period (test stacks hold nothing). */
function downArgs(t, graceSeconds = 2) {
    return [...baseArgs(t), 'down', '--volumes', '--remove-orphans', '--timeout', String(graceSeconds)];
}
/** Log tail of some services, no colours or prefixes beyond compose's own. */
function commands_logsArgs(t, services, tail) {
    return [...baseArgs(t), 'logs', '--no-color', '--timestamps', '--tail', String(tail), ...services];
}

// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __webpack_require__(2341);
;// CONCATENATED MODULE: ./src/compose/progress-line.ts
/**
 * One line of compose's own progress, read whichever compose wrote it and however (recorded in
 * __tests__/fixtures/compose-output; v5 written from its source). The format is told by the line's
 * shape, never by the version compose printed: `COMPOSE_PROGRESS` in the step's env chooses it too.
 *
 * - plain (v2): `fmt.Fprintln("", ID, Text, StatusText)`, Text mostly empty:
 *   ` Container p-web-1  Started`, ` app Pulling `, ` app Error Get "https://…": no such host`;
 * - plain (v5): `fmt.Fprintln("", ID, Text, Details)`: ` Container p-web-1 Started `, pulls and
 *   builds by image (` Image busybox:1 Pulling `), a failed create by its plan id (v5.2 on:
 *   ` service:app:1 Error response from daemon: …`);
 * - `--progress json`, v2: `{"id":…,"text":…,"status":<the status text>}`; v5:
 *   `{"id":…,"status":"Working|Done|Warning|Error","text":…,"details":…}`; and compose's last
 *   error in that mode, both: `{"error":true,"message":…}`.
 *
 * Pure, no imports: the error lines, the failure words and the log of `up` read lines through it.
 */
/** v5's JSON status: the state of the step, with compose's word for it in `text`. */
const V5_STATUS = new Set(['Working', 'Done', 'Warning', 'Error']);
/**
 * The resource, then what is said of it. One space starts every plain progress line (the empty
 * prefix Fprintln separates); a resource is a kind and a name, or one name (a service, a layer,
 * v5's plan id). BuildKit's ` > [2/2] RUN …` and the Dockerfile excerpt (`   2 | >>> RUN …`) are not.
 */
const PLAIN = /^ ((?:Container|Network|Volume|Image) \S+|[A-Za-z0-9][\w.:/@-]*) (.*)$/;
/** A JSON object on one line, or undefined. */
function jsonObject(line) {
    const t = line.trim();
    if (!t.startsWith('{') || !t.endsWith('}'))
        return undefined;
    try {
        const v = JSON.parse(t);
        return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
    }
    catch {
        return undefined;
    }
}
const str = (v) => (typeof v === 'string' ? v : '');
const joined = (...words) => words.filter((w) => w !== '').join(' ');
/** A `--progress json` event, either schema. */
function jsonProgress(o) {
    const resource = str(o.id);
    if (!resource)
        return undefined;
    const status = str(o.status);
    // v5's status is one of four states and its text is always set; v2's status is the text itself.
    if (V5_STATUS.has(status) && typeof o.text === 'string') {
        return { resource, said: joined(str(o.text), str(o.details)), failed: status === 'Error' };
    }
    const said = joined(str(o.text), status);
    return { resource, said, failed: /^Error\b/.test(said) };
}
/** A line of compose's progress, or undefined when the line is something else (an error, BuildKit, a log). */
function progress_line_readProgressLine(line) {
    const o = jsonObject(line);
    if (o)
        return jsonProgress(o);
    const m = PLAIN.exec(line.replace(/\r$/, ''));
    if (!m)
        return undefined;
    // v2 leaves Text empty (two spaces before the status), v5 Details (a space at the end).
    const said = m[2].trim();
    if (said === '')
        return undefined;
    // Plain lines carry no state: a failed step's text starts with compose's word `Error`.
    return { resource: m[1], said, failed: /^Error\b/.test(said) };
}
const errorMessageOf = (o) => o.error === true && typeof o.message === 'string' ? o.message : undefined;
/** The message of `{"error":true,"message":…}`, compose's last error with `--progress json`. */
function progress_line_jsonErrorMessage(line) {
    const o = jsonObject(line);
    return o && errorMessageOf(o);
}
/**
 * Why a failed step failed, in compose's words: `Error` is compose's status word (v2's Text, v5's
 * Text beside the Details), except in the engine's own `Error response from daemon: …`, which is
 * the whole text. Empty when compose gave no reason (v2's bare ` Container p-db-1  Error`).
 */
function progress_line_failureText(p) {
    return p.said.replace(/^Error(?:\s+(?!response from daemon)|$)/, '').trim();
}
/** Whether a resource is a service's name (v2's pulls), not a container, network, volume, image or plan id. */
function progress_line_isServiceName(resource) {
    return !/[ :]/.test(resource);
}
/**
 * Who failed, for a person: v5 names a container it failed to create by its plan id
 * (`service:app:1`), which is service `app`.
 */
function progress_line_resourceWords(resource) {
    return /^service:([^:]+):\d+$/.exec(resource)?.[1] ?? resource;
}
/** A line as compose's plain writer would print it: JSON progress and JSON errors as words, anything else as it is. */
function readableLine(line) {
    const o = jsonObject(line);
    if (!o)
        return line;
    const message = errorMessageOf(o);
    if (message !== undefined)
        return message;
    // v2's tail message (`{"tail":true,"text":"WARNING: …"}`), printed after the progress.
    if (o.tail === true && typeof o.text === 'string')
        return o.text;
    const p = jsonProgress(o);
    return p ? `${p.resource} ${p.said}` : line;
}
/** Several lines, each made readable by {@link readableLine}. */
function progress_line_readableText(text) {
    return text
        .split(/\r?\n/)
        .map((l) => readableLine(l))
        .join('\n');
}

;// CONCATENATED MODULE: ./src/compose/output.ts
/**
 * What compose prints, read: the lines of a failed `up`, `pull` or `build` that say what failed,
 * and a container's own lines in `compose logs`. v1, v2 and v5 print these differently (recorded
 * in __tests__/fixtures/compose-output, v5 from its source): v2 and v5 put BuildKit's progress on
 * stdout and its errors on stderr, name containers `p-svc-1` and say what each step did in progress
 * lines that differ (see progress-line.ts); v1 says `ERROR: for svc  …`, `Attaching to …` and
 * `p_svc_1`. Pure.
 */


/** v1's progress, and build output, that says nothing about why: `Creating x ... error`, `#5 DONE 0.1s`, the legacy builder's banner. */
const PROGRESS = /^\s*(?:(?:Creating|Starting|Pulling|Building|Recreating)\b.*\.\.\.(?:\s*(?:done|error))?|Encountered errors while bringing up the project\.|#\d+ (?!ERROR).*|DEPRECATED:.*|Install the buildx.*|https:\/\/\S*)\s*$/;
/** Compose's and the engine's error texts, said on a line of their own. */
const ERROR_TEXT = /^(?:Error response from daemon: |failed to solve: |unable to prepare context: |Service '.*' failed to build|The command '.*' returned a non-zero code|ERROR: |Error: |error: |resolve : |no such service: |service ".*" |dependency failed to start: |container \S+ (?:is unhealthy|exited \(-?\d+\)|has no healthcheck configured)|application not healthy after |\S+ is missing dependency )/i;
const said = (line, message = line) => ({ line, core: message.replace(/^Error response from daemon: /, '') });
/** One line of compose output that says what failed, rewritten to name its service where it does. */
function errorLine(line) {
    const progress = readProgressLine(line);
    if (progress) {
        // " app Error Get …" (v2), " Image busybox:1 Error Get …" (v5): who failed, and why.
        const why = progress.failed ? failureText(progress) : '';
        return why ? said(`${resourceWords(progress.resource)}: ${why}`, why) : undefined;
    }
    const message = jsonErrorMessage(line);
    if (message !== undefined)
        return said(message);
    const l = line.trim();
    let m;
    // v1: "ERROR: for alpine-test-auth  pull access denied …"
    if ((m = /^ERROR: for (\S+)\s+(.*)$/.exec(l)))
        return said(`${m[1]}: ${m[2]}`, m[2]);
    // BuildKit's own step error on stdout: "#5 ERROR: process "/bin/sh -c false" did not complete …"
    if ((m = /^#\d+ ERROR: (.*)$/.exec(l)))
        return said(m[1]);
    return ERROR_TEXT.test(l) ? said(l) : undefined;
}
/**
 * The lines of a failed compose command that say what failed, in order, without repeats (v1 says
 * each error twice: once per container, once per service). When none is recognised, the last
 * line of stderr that is not progress: compose v1 prints a failed pull's cause bare.
 */
function output_errorLines(stderr, stdout = '') {
    const out = [];
    // The same error said again (per container, then per service; by the service, then by the
    // daemon) differs only in what stands before it: compare what follows.
    const add = (s) => {
        if (s !== undefined && !out.some((o) => o.core === s.core))
            out.push(s);
    };
    for (const line of stderr.split(/\r\n|\n|\r/))
        add(errorLine(line));
    if (out.length === 0)
        for (const line of stdout.split(/\r\n|\n|\r/))
            add(errorLine(line));
    if (out.length === 0) {
        const last = stderr
            .split(/\r?\n/)
            .filter((l) => l.trim() !== '' && !PROGRESS.test(l) && !readProgressLine(l))
            .at(-1);
        if (last)
            add(said(last.trim()));
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
function output_serviceInProgress(stderr, stdout = '') {
    const last = (text, find) => {
        const lines = text.split(/\r?\n/);
        for (let i = lines.length - 1; i >= 0; i--) {
            const found = find(lines[i]);
            if (found)
                return found;
        }
        return undefined;
    };
    const onStderr = (line) => {
        const p = readProgressLine(line);
        if (p)
            return p.said === 'Pulling' && isServiceName(p.resource) ? p.resource : undefined;
        const m = /^(?:Pulling (\S+) \(|Building (\S+)$)/.exec(line.trim());
        return m?.[1] ?? m?.[2];
    };
    const onStdout = (line) => /^#\d+ \[([^\s\]]+) (?:internal\]|\d+\/\d+\])/.exec(line.trim())?.[1];
    return last(stderr, onStderr) ?? last(stdout, onStdout);
}
/**
 * What compose was pulling, by the lines that say it began: v1's `Pulling app (image)...` (`up`)
 * and `Pulling app ... ` (`pull`), v2's
 * ` app Pulling` (a service), v5's ` Image busybox:1 Pulling ` (an image, as written). Pure.
 */
function output_pullsBegun(stderr) {
    const services = new Set();
    const images = new Set();
    for (const line of stderr.split(/\r?\n/)) {
        const p = readProgressLine(line);
        if (p?.said === 'Pulling') {
            if (p.resource.startsWith('Image '))
                images.add(p.resource.slice('Image '.length));
            else if (isServiceName(p.resource))
                services.add(p.resource);
            continue;
        }
        const v1 = /^Pulling (\S+) (?:\(|\.\.\.)/.exec(line.trim())?.[1];
        if (v1)
            services.add(v1);
    }
    return { services: [...services], images: [...images] };
}
/**
 * A container's own lines in `compose logs --no-color` output: compose's `Attaching to` line
 * (v1) dropped, and its prefix (`svc_1  | `, or v2's erase-line escape and `svc-1  | `) removed;
 * a `|` in the line itself is kept.
 */
function output_logLines(stdout) {
    return stdout
        .split(/\r?\n/)
        .map((l) => l.replace(/^\x1b\[[0-9;]*[A-Za-z]/, ''))
        .filter((l) => l.trim() !== '' && !/^Attaching to /.test(l))
        .map((l) => l.replace(/^[^|]*\|\s?/, ''));
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/exec.ts
var src_exec = __webpack_require__(3190);
// EXTERNAL MODULE: ./src/docker/endpoint.ts
var endpoint = __webpack_require__(7815);
// EXTERNAL MODULE: ./src/docker/engine-api.ts
var engine_api = __webpack_require__(2633);
;// CONCATENATED MODULE: ./src/docker/socket-result.ts


/** An ExecResult for `argv`, begun at `started` (performance.now()). */
function socket_result_socketResult(argv, started, r) {
    return {
        stdout: '',
        stderr: '',
        timedOut: false,
        aborted: false,
        spawnError: undefined,
        ...r,
        argv,
        durationMs: performance.now() - started,
    };
}
/** The engine's error answer (`status`, `body`), as the CLI says it: `Error response from daemon: …`. */
function socket_result_engineRefused(argv, started, code, body) {
    return socket_result_socketResult(argv, started, { code, stderr: `Error response from daemon: ${apiMessage(body)}` });
}
/** A multiplexed answer (exec, logs): its two streams as the CLI prints them. */
function streamsOf(argv, started, code, bytes) {
    return socket_result_socketResult(argv, started, { code, ...demux(bytes) });
}
/** No answer on `socket`: timed out, aborted, or the CLI's words for a socket it cannot use. */
function socket_result_noAnswer(argv, started, socket, err) {
    const e = asUnreachable(err);
    if (e.code === 'ETIMEDOUT')
        return socket_result_socketResult(argv, started, { code: null, timedOut: true });
    if (e.code === 'ABORTED')
        return socket_result_socketResult(argv, started, { code: null, aborted: true });
    const stderr = e.code === 'EACCES'
        ? `permission denied while trying to connect to the Docker daemon socket at unix://${socket}: ${e.message}`
        : `Cannot connect to the Docker daemon at unix://${socket}. Is the docker daemon running? (${e.code})`;
    return socket_result_socketResult(argv, started, { code: 1, stderr });
}

;// CONCATENATED MODULE: ./src/docker/availability.ts
/**
 * Is Docker usable, and how is compose called? Separates "no CLI", "daemon not running",
 * "permission denied on the socket", "bad context" and "no compose", and records versions.
 *
 * Fast by design: the daemon and both compose flavours are asked at once, each with a short
 * timeout, and a dead socket answers at once, so a missing daemon is known in well under a second.
 */







const ASK_TIMEOUTS = { firstMs: 8000, retryMs: 12_000 };
/** Run a question; when it gets no answer in time, ask once more with the longer budget. */
async function patiently(argv, env, t, signal) {
    const first = await exec(argv, { env, timeoutMs: t.firstMs, signal });
    if (!first.timedOut || signal?.aborted)
        return first;
    return exec(argv, { env, timeoutMs: t.retryMs, signal });
}
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;
const PLUGIN_DIRS = (/* unused pure expression or super */ null && ([
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
]));
/**
 * Which compose the availability check will most likely find, from the file system alone (no
 * process started), so planning can begin while the daemon is still being asked.
 */
function guessCompose(env = process.env) {
    const home = env.HOME ?? '';
    const dirs = [
        env.DOCKER_CONFIG ? path.join(env.DOCKER_CONFIG, 'cli-plugins') : path.join(home, '.docker', 'cli-plugins'),
        ...PLUGIN_DIRS,
    ];
    if (dirs.some((d) => fs.existsSync(path.join(d, 'docker-compose'))))
        return { kind: 'plugin', argv: ['docker', 'compose'] };
    if (findOnPath('docker-compose', env.PATH))
        return { kind: 'standalone', argv: ['docker-compose'] };
    return undefined;
}
/**
 * An engine endpoint as the log shows it: a password in it (a URL's user:password@) removed. Pure.
 */
function showEndpoint(endpoint) {
    const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(endpoint);
    if (!m)
        return endpoint;
    const [, scheme, rest] = m;
    // The user part ends at the last @: a password may hold @ and / itself (an engine's path holds neither).
    const at = rest.lastIndexOf('@');
    if (at < 0)
        return endpoint;
    const user = rest.slice(0, at).split(':')[0];
    return `${scheme}${user}@${rest.slice(at + 1)}`;
}
/**
 * What the docker CLI says, without the paths of the engine's credentials: the files of
 * DOCKER_CERT_PATH (or a context's TLS store), keys and certificates anywhere, and ssh keys are
 * named by their file name only. Pure.
 */
function availability_withoutCredentialPaths(text, env = {}) {
    // The CLI's errors are a few lines; the patterns below are not linear on a long run of slashes.
    let out = text.length > 4000 ? text.slice(-4000) : text;
    const certPath = env.DOCKER_CERT_PATH?.replace(/[\\/]+$/, '');
    if (certPath)
        out = out.split(certPath).join('$DOCKER_CERT_PATH');
    return out
        .replace(/(?:[A-Za-z]:)?[\\/][^\s"'`]*[\\/]contexts[\\/]tls[\\/][^\s"'`]*?([^\s"'`\\/]+)(?=["'`\s]|$)/g, '<context TLS store>/$1')
        .replace(/(?:[A-Za-z]:)?[\\/][^\s"'`]*[\\/]\.ssh[\\/][^\s"'`]*?([^\s"'`\\/]+)(?=["'`\s]|$)/g, '~/.ssh/$1')
        .replace(/(?:[A-Za-z]:)?(?:[\\/][^\s"'`\\/]+)+[\\/]([^\s"'`\\/]+\.(?:pem|key|crt|cert))(?=["'`\s:]|$)/g, '<hidden>/$1')
        .replace(/(identity file|load key|key file)(\s+"?)(?:[A-Za-z]:)?(?:[\\/][^\s"'`\\/]+)*[\\/]([^\s"'`\\/]+)/gi, '$1$2<hidden>/$3');
}
/** Classify `docker version` failing to reach the server. Pure. */
function classifyDaemonError(stderr) {
    const text = stderr.trim();
    const line = lastLines(text, 2);
    // The CLI runs ssh for an ssh:// engine and quotes it: "command [ssh -o ConnectTimeout=30 …] has exited".
    if (/command \[ssh |\bssh: |Host key verification failed|Permission denied \(publickey|kex_exchange_identification/i.test(text)) {
        return { problem: 'engine-ssh', detail: `The SSH connection to the Docker engine failed: ${line}` };
    }
    // Through an HTTP(S) proxy (HTTPS_PROXY), "tls:" is the proxy's handshake, not the engine's.
    if (/proxyconnect/i.test(text)) {
        return {
            problem: 'daemon-down',
            detail: `The Docker engine is not reachable through the proxy (HTTPS_PROXY / NO_PROXY): ${line}`,
        };
    }
    if (/x509: |\btls: |could not read (CA|client) cert|unable to resolve docker endpoint: open [^\n]*\.pem|unable to (load|read) (client|X509)|certificate signed by unknown authority|Client sent an HTTP request to an HTTPS server|server gave HTTP response to HTTPS client|bad certificate/i.test(text)) {
        return { problem: 'engine-tls', detail: `The TLS connection to the Docker engine failed: ${line}` };
    }
    // TLS 1.3: the handshake ends on the client's side before the engine has checked its certificate,
    // and an engine that refuses it may hang up on the first request instead of saying why.
    if (/"https:\/\/[^"]*": (?:read|write) tcp [^\n]*connection reset by peer/i.test(text)) {
        return {
            problem: 'engine-tls',
            detail: `The Docker engine hung up on the TLS connection before it answered (it may have refused the client's certificate): ${line}`,
        };
    }
    if (/permission denied/i.test(text)) {
        return { problem: 'socket-permission', detail: `Permission denied on the Docker socket: ${line}` };
    }
    if (/context .*(not found|does not exist)/i.test(text) || /failed to (load|resolve) (docker )?context/i.test(text)) {
        return { problem: 'bad-context', detail: `The Docker context cannot be used: ${line}` };
    }
    if (/Cannot connect to the Docker daemon|Is the docker daemon running|connection refused|no such file or directory|error during connect|dial (unix|tcp)/i.test(text)) {
        return { problem: 'daemon-down', detail: `The Docker daemon is not running or not reachable: ${line}` };
    }
    return { problem: 'daemon-down', detail: `The Docker daemon did not answer: ${line || 'no error text'}` };
}
/** Whether a host name (as publishHostFor gives it) is this machine's loopback. Pure. */
function availability_isLoopbackHost(host) {
    return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(host);
}
/** The host that published ports are reached on, from the engine endpoint. Pure. */
function publishHostFor(endpoint) {
    if (!endpoint)
        return 'localhost';
    try {
        const u = new URL(endpoint);
        if ((u.protocol === 'tcp:' || u.protocol === 'ssh:' || u.protocol === 'http:' || u.protocol === 'https:') && u.hostname) {
            return u.hostname.includes(':') && !u.hostname.startsWith('[') ? `[${u.hostname}]` : u.hostname;
        }
    }
    catch {
        // unix:// and npipe:// parse fine; anything else is treated as local
    }
    return 'localhost';
}
/** Whether compose answered `version`, and which version it printed. */
function composeAnswered(r) {
    if (!r || r.code !== 0)
        return undefined;
    return { version: parseComposeVersion(r.stdout) };
}
/** "compose 2.26.1-4 (docker compose)", as the report and the log say it. */
function describeCompose(c) {
    return `compose ${c.version?.text ?? '(version unknown)'} (${c.kind === 'plugin' ? 'docker compose' : 'docker-compose'})`;
}
/**
 * Ask the daemon for its version: through its local socket when that is where it is (a
 * millisecond, and no process), else with the CLI (a Go program: tens of milliseconds of CPU).
 * The CLI must be on PATH either way: compose needs it.
 */
async function askDaemon(env = process.env, t = ASK_TIMEOUTS) {
    const fromFiles = env.DOCKER_HOST ? undefined : contextHostFromFiles(env);
    const socket = engineSocket(env);
    const [version, contextHost] = await Promise.all([
        socket ? versionThroughSocket(socket, t) : patiently(['docker', 'version', '--format', '{{json .}}'], env, t),
        env.DOCKER_HOST || fromFiles !== undefined
            ? Promise.resolve(fromFiles)
            : // Reads the local context store only (no daemon, no network): nothing to cut short.
                exec(['docker', 'context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], { env }).then((r) => r.code === 0 ? r.stdout.trim() || undefined : undefined),
    ]);
    return { version, contextHost };
}
/**
 * `GET /version` on the engine's socket, told as `docker version --format '{{json .}}'` would tell
 * it (the server's part; the client's is not asked), its failures in the CLI's words, so that one
 * judgement reads both. Asked once more with the longer budget when the first gets no answer.
 */
async function versionThroughSocket(socket, t = ASK_TIMEOUTS) {
    const argv = ['GET', `unix://${socket}`, '/version'];
    const started = performance.now();
    let last = socketResult(argv, started, { code: null, timedOut: true });
    for (const timeoutMs of [t.firstMs, t.retryMs]) {
        try {
            const a = await apiRequest(socket, 'GET', '/version', { timeoutMs });
            if (a.status !== 200)
                return engineRefused(argv, started, 1, a.body || `status ${a.status}`);
            return socketResult(argv, started, { code: 0, stdout: JSON.stringify({ Client: null, Server: JSON.parse(a.body) }) });
        }
        catch (err) {
            last = noAnswer(argv, started, socket, err);
            if (!last.timedOut)
                return last;
        }
    }
    return last;
}
/** The engine endpoint: DOCKER_HOST, else the current context's. */
function endpointOf(a, env) {
    return env.DOCKER_HOST || a.contextHost || undefined;
}
/** The client and server versions in `docker version --format '{{json .}}'` output. */
function parseVersions(version) {
    try {
        const parsed = JSON.parse(version.stdout.trim().split('\n')[0] ?? '');
        return { cliVersion: parsed.Client?.Version, serverVersion: parsed.Server?.Version ?? undefined };
    }
    catch {
        // no JSON at all: the CLI failed before printing its own version
        return { cliVersion: undefined, serverVersion: undefined };
    }
}
/** The engine's platform (`linux/amd64`) from its `docker version` answer; undefined when it did not say. */
function platformOf(a) {
    try {
        const server = JSON.parse(a.version.stdout.trim().split('\n')[0] ?? '')
            .Server;
        const os = typeof server?.Os === 'string' ? server.Os : '';
        const arch = typeof server?.Arch === 'string' ? server.Arch : '';
        return /^[a-z0-9]+$/.test(os) && /^[a-z0-9]+$/.test(arch) ? `${os}/${arch}` : undefined;
    }
    catch {
        return undefined;
    }
}
/** Whether a daemon answered `docker version` with its server version. */
function daemonAnswered(a) {
    return a.version.code === 0 && parseVersions(a.version).serverVersion !== undefined;
}
/**
 * Ask the plugin, and the standalone `docker-compose` only when the plugin does not answer: the
 * plugin wins anyway, and a Python v1 beside it would spend a few hundred milliseconds of CPU
 * while the stack starts (measured: the wait took ~200 ms longer on 2 cores).
 */
async function askCompose(env = process.env, t = ASK_TIMEOUTS, signal) {
    const plugin = await patiently(['docker', 'compose', 'version', '--short'], env, t, signal);
    // A plugin that said no (not a docker command) is absent; one that said nothing in time is slow,
    // and the standalone one is asked only when the plugin is absent.
    const legacy = plugin.code !== 0 && !plugin.timedOut && findOnPath('docker-compose', env.PATH)
        ? await patiently(['docker-compose', 'version', '--short'], env, t, signal)
        : undefined;
    return { plugin, legacy };
}
/** The daemon said no (or nothing), or runs Windows containers: compose is not worth its answer. */
function daemonSaidNo(a) {
    const windows = platformOf(a)?.startsWith('windows/') ?? false;
    return a.version.timedOut || a.version.code !== 0 || !parseVersions(a.version).serverVersion || windows;
}
/**
 * Ask the daemon and compose, at once: compose alongside a daemon the CLI asks (tens of
 * milliseconds); after one asked on its socket (a millisecond), so that a dead daemon starts no
 * compose at all. A daemon that said no settles it: compose's answer (Python v1 takes 0.5 s to
 * say its version) is not waited for, and its process is killed.
 */
async function askAll(env, asked, t) {
    const stop = new AbortController();
    const ask = () => askCompose(env, t, stop.signal);
    let composeAnswer = engineSocket(env) ? undefined : ask();
    const daemon = await (asked.daemon ?? askDaemon(env, t));
    if (daemonSaidNo(daemon)) {
        stop.abort();
        return daemon;
    }
    const { plugin, legacy } = await (composeAnswer ??= ask());
    return { ...daemon, plugin, ...(legacy ? { legacy } : {}) };
}
/**
 * Ask the CLI, the daemon and compose, all at once, and judge their answers. A caller that
 * already started the daemon question passes it in, so nothing is asked twice.
 */
async function checkDocker(env = process.env, asked = {}, t = ASK_TIMEOUTS) {
    const started = performance.now();
    const judged = findOnPath('docker', env.PATH) ? judgeDocker(await askAll(env, asked, t), env, t) : NO_CLI;
    return { ...judged, durationMs: performance.now() - started };
}
const NO_CLI = {
    ok: false,
    problem: 'no-cli',
    detail: 'The docker CLI is not on PATH.',
    cliVersion: undefined,
    serverVersion: undefined,
    endpoint: undefined,
    compose: undefined,
    publishHost: 'localhost',
};
/** The compose to run: the plugin when it answered, else the standalone one. */
function composeOf(a) {
    const pluginAnswer = composeAnswered(a.plugin);
    if (pluginAnswer)
        return { kind: 'plugin', argv: ['docker', 'compose'], ...pluginAnswer };
    const legacyAnswer = composeAnswered(a.legacy);
    return legacyAnswer ? { kind: 'standalone', argv: ['docker-compose'], ...legacyAnswer } : undefined;
}
/** What is wrong with the daemon's answer, or undefined when it answered as a usable Linux engine. */
function daemonVerdict(a, env, t, rawEndpoint) {
    const { version } = a;
    const endpoint = rawEndpoint && showEndpoint(rawEndpoint);
    const { serverVersion } = parseVersions(version);
    // ssh waits up to its ConnectTimeout (30 s) for a host that drops packets: that is the SSH connection, not a busy runner.
    if (version.timedOut && rawEndpoint !== undefined && /^ssh:/i.test(rawEndpoint))
        return {
            ok: false,
            problem: 'engine-ssh',
            detail: `The SSH connection to the Docker engine (${endpoint}) did not complete within ${seconds(t.firstMs)}, nor within ${seconds(t.retryMs)} when tried again: the host does not answer on its SSH port (a firewall, a wrong host or port), or the login hangs.`,
        };
    if (version.timedOut)
        return {
            ok: false,
            problem: 'docker-slow',
            detail: `The Docker daemon (${endpoint ?? 'default endpoint'}) did not answer \`docker version\` within ${seconds(t.firstMs)}, nor within ${seconds(t.retryMs)} when asked again: it is there but too slow (an overloaded runner, or a daemon that hangs).`,
        };
    if (version.code !== 0 || !serverVersion)
        return { ok: false, ...classifyDaemonError(availability_withoutCredentialPaths(version.stderr || version.stdout, env)) };
    // Docker on a Windows runner runs Windows containers only: a Linux stack would fail late, on a
    // pull ("no matching manifest for windows/amd64"). Said at once: compose was not waited for.
    const platform = platformOf(a);
    if (platform?.startsWith('windows/'))
        return {
            ok: false,
            problem: 'windows-engine',
            detail: `Docker ${serverVersion} at ${endpoint ?? 'the default endpoint'} runs Windows containers (${platform}): a Linux compose stack cannot run on it.`,
        };
    return undefined;
}
/** What compose's answers make of a daemon that answered. */
function composeVerdict(a, compose, serverVersion, endpoint, t) {
    const slowCompose = [a.plugin, a.legacy].find((r) => r?.timedOut);
    if (!compose && slowCompose)
        return {
            ok: false,
            problem: 'docker-slow',
            detail: `Docker ${serverVersion} answers, but \`${slowCompose.argv.slice(0, -2).join(' ')} version\` did not answer within ${seconds(t.firstMs)}, nor within ${seconds(t.retryMs)} when asked again: compose is installed but too slow (an overloaded runner), not missing.`,
        };
    if (!compose)
        return {
            ok: false,
            problem: 'compose-missing',
            detail: `Docker ${serverVersion} answers, but neither 'docker compose' (plugin) nor 'docker-compose' is installed.`,
        };
    return {
        ok: true,
        problem: undefined,
        detail: `Docker ${serverVersion} at ${endpoint ?? 'the default endpoint'}; ${describeCompose(compose)}.`,
    };
}
/** What the answers say: usable, or the problem and what it means. Pure. */
function judgeDocker(a, env, t = ASK_TIMEOUTS) {
    const { cliVersion, serverVersion } = parseVersions(a.version);
    const rawEndpoint = endpointOf(a, env);
    const endpoint = rawEndpoint && showEndpoint(rawEndpoint);
    const compose = composeOf(a);
    const common = { cliVersion, serverVersion, endpoint, compose, publishHost: publishHostFor(rawEndpoint) };
    const verdict = daemonVerdict(a, env, t, rawEndpoint) ?? composeVerdict(a, compose, serverVersion, endpoint, t);
    return { ...common, ...verdict };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/docker/where.ts
/**
 * Where the step runs, as the engine sees it: on a host (the engine's, or one that reaches it), or
 * in a container of the very engine it talks to (a workflow's `container:`, act, a self-hosted
 * runner in Docker, with the engine's socket mounted). In that last case the stack's published
 * ports are on the engine's host, not in this container, so `localhost:<port>` reaches nothing;
 * the stack is reached on its own network instead (see src/stack/reach.ts).
 *
 * A container is recognised by `/.dockerenv` or by a container id in the mount table or the cgroup
 * file, and confirmed by asking the engine about that id: a container of another engine (a Docker
 * in Docker sidecar, a remote engine, a sandbox's own daemon) is not this engine's, and keeps the
 * published ports.
 */



/**
 * Container ids this process may be running in, most certain first: the engine mounts each
 * container's own `hostname`, `hosts` and `resolv.conf` from `…/containers/<id>/` (cgroup v1 and
 * v2 alike), cgroup v1 names `/docker/<id>`, and a container's default host name is its short id.
 * Pure.
 */
function containerIdCandidates(s) {
    const out = [];
    const add = (id) => {
        if (id && !out.includes(id))
            out.push(id);
    };
    for (const line of s.mountinfo.split('\n')) {
        const m = /\/containers\/([0-9a-f]{64})\/(?:hostname|hosts|resolv\.conf)\b/.exec(line);
        add(m?.[1]);
    }
    for (const line of s.cgroup.split('\n')) {
        add(/(?:\/docker[/-]|\/libpod-)([0-9a-f]{64})(?:\.scope)?$/.exec(line.trim())?.[1]);
    }
    if (/^[0-9a-f]{12,64}$/.test(s.hostname))
        add(s.hostname);
    return out;
}
/** Whether the signs say "a container" at all (before asking the engine which). Pure. */
function looksLikeContainer(s) {
    return s.dockerenv || containerIdCandidates(s).some((id) => id.length === 64);
}
/** A file of this machine's own (/proc, /etc), or '' when it cannot be read. */
function where_readIfPresent(file) {
    try {
        return fs.readFileSync(file, 'utf8');
    }
    catch {
        return '';
    }
}
function readSigns() {
    return {
        dockerenv: fs.existsSync('/.dockerenv'),
        mountinfo: where_readIfPresent('/proc/self/mountinfo'),
        cgroup: where_readIfPresent('/proc/self/cgroup'),
        hostname: os.hostname(),
    };
}
/** The mounts the engine's host has a path for: binds, and volumes of the local driver (their folder). */
function ownMounts(c) {
    return (c.Mounts ?? []).flatMap((m) => (m.Type === 'bind' || m.Type === 'volume') && m.Source && m.Destination ? [{ source: m.Source, destination: m.Destination }] : []);
}
/**
 * Where this step runs: at once 'host' when nothing says "container"; else the engine is asked
 * about each candidate id (`docker inspect`), and one it knows, whose host name is this one's,
 * is this container.
 */
async function locate(env, signs = readSigns(), timeoutMs = 10_000) {
    if (!looksLikeContainer(signs))
        return { kind: 'host' };
    const candidates = containerIdCandidates(signs);
    if (candidates.length === 0)
        return { kind: 'foreign-container', why: 'no container id in the mount table, the cgroup or the host name' };
    const r = await exec(['docker', 'inspect', '--type', 'container', ...candidates], { env, timeoutMs });
    let found = [];
    try {
        // Ids the engine does not know make inspect exit 1 but still print the others.
        if (r.stdout.trim().startsWith('['))
            found = JSON.parse(r.stdout);
    }
    catch {
        found = [];
    }
    for (const id of candidates) {
        const c = found.find((x) => x.Id.startsWith(id));
        if (!c)
            continue;
        // The same id on another engine is unheard of; a host name equal to another container's id is not.
        if (c.Config?.Hostname !== undefined && c.Config.Hostname !== signs.hostname && id === signs.hostname)
            continue;
        const container = {
            id: c.Id,
            name: c.Name.replace(/^\//, ''),
            networks: Object.keys(c.NetworkSettings?.Networks ?? {}).sort(),
            mounts: ownMounts(c),
        };
        const mode = c.HostConfig?.NetworkMode ?? '';
        if (mode === 'host' || mode.startsWith('container:'))
            return { kind: 'shared-network', container, mode };
        return { kind: 'container', container };
    }
    const why = r.code !== 0 && found.length === 0
        ? `the engine does not know container ${candidates[0].slice(0, 12)} (${lastLines(r.stderr, 1) || `exit code ${r.code}`})`
        : `the engine does not know container ${candidates[0].slice(0, 12)}`;
    return { kind: 'foreign-container', why };
}

;// CONCATENATED MODULE: ./src/stack/containers.ts
/**
 * The project's containers, found by the `com.docker.compose.*` labels (never by container name:
 * v1 says p_svc_1 and v2 p-svc-1), with their state, health and published ports from the engine.
 */



/** One of the engine's times (StartedAt, FinishedAt, Created), in ms; undefined for its zero time (never happened). */
function startedAtOf(text) {
    const ms = text ? Date.parse(text) : NaN;
    return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}
/** Turn `docker inspect` JSON into ContainerInfo. Pure. */
function parseInspect(json) {
    return fromInspect(JSON.parse(json));
}
/** ContainerInfo of what the engine says of each container. Pure. */
function fromInspect(items) {
    return items
        .filter((c) => c.Config.Labels?.['com.docker.compose.oneoff'] !== 'True')
        .map((c) => {
        const log = c.State.Health?.Log ?? [];
        const last = log[log.length - 1];
        const ports = {};
        for (const [key, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
            ports[key] = (bindings ?? []).map((b) => ({ hostIp: b.HostIp, hostPort: Number(b.HostPort) }));
        }
        const networks = {};
        for (const [name, n] of Object.entries(c.NetworkSettings?.Networks ?? {}))
            networks[name] = { ip: n?.IPAddress || n?.GlobalIPv6Address || '', aliases: n?.Aliases ?? [] };
        const test = c.Config.Healthcheck?.Test;
        return {
            id: c.Id,
            name: c.Name.replace(/^\//, ''),
            service: c.Config.Labels?.['com.docker.compose.service'] ?? '',
            status: c.State.Status,
            exitCode: c.State.ExitCode,
            oomKilled: c.State.OOMKilled === true,
            restartCount: c.RestartCount ?? 0,
            restartPolicy: c.HostConfig?.RestartPolicy?.Name ?? '',
            health: c.State.Health?.Status,
            lastHealthOutput: last ? (0,src_exec/* lastLines */.w$)(last.Output, 5) || `exit code ${last.ExitCode}` : undefined,
            healthTest: test && test[0] !== 'NONE' && test.length > 0 ? test : undefined,
            healthTimeoutMs: c.Config.Healthcheck?.Timeout ? c.Config.Healthcheck.Timeout / 1e6 : undefined,
            ports,
            networks,
            error: c.State.Error ?? '',
            publishes: Object.entries(c.HostConfig?.PortBindings ?? {})
                .filter(([, b]) => (b ?? []).length > 0)
                .map(([key]) => key),
            pid: c.State.Pid ?? 0,
            startedAt: startedAtOf(c.State.StartedAt),
            createdAt: startedAtOf(c.Created),
            finishedAt: startedAtOf(c.State.FinishedAt),
            ...(c.Image ? { imageId: c.Image } : {}),
        };
    });
}
/** All (non one-off) containers of a compose project. */
async function projectContainers(project, env, timeoutMs = 10_000) {
    const socket = (0,endpoint/* engineSocket */.I)(env);
    if (socket)
        return fromInspect(await inspectOnSocket(socket, await idsOnSocket(socket, project, timeoutMs), timeoutMs));
    const ps = await (0,src_exec/* exec */.m0)(['docker', 'ps', '--all', '--quiet', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`], {
        env,
        timeoutMs,
    });
    if (ps.code !== 0)
        throw new Error(`docker ps failed: ${(0,src_exec/* lastLines */.w$)(ps.stderr, 2)}`);
    return inspectContainers(ps.stdout.split('\n').filter(Boolean), env, timeoutMs);
}
/** Inspect known containers; one that is gone is simply missing from the result. */
async function inspectContainers(ids, env, timeoutMs = 10_000) {
    if (ids.length === 0)
        return [];
    const socket = (0,endpoint/* engineSocket */.I)(env);
    if (socket)
        return fromInspect(await inspectOnSocket(socket, ids, timeoutMs));
    const inspect = await (0,src_exec/* exec */.m0)(['docker', 'inspect', ...ids], { env, timeoutMs });
    // A container removed meanwhile makes inspect exit 1 but still print the others.
    if (inspect.stdout.trim().startsWith('['))
        return parseInspect(inspect.stdout);
    throw new Error(`docker inspect failed: ${(0,src_exec/* lastLines */.w$)(inspect.stderr, 2)}`);
}
/** `docker ps --all --quiet --no-trunc --filter label=…`, on the engine's socket. */
async function idsOnSocket(socket, project, timeoutMs) {
    const a = await onSocket(socket, `/containers/json?all=1&${(0,engine_api/* filtersQuery */.W0)({ label: [`com.docker.compose.project=${project}`] })}`, timeoutMs);
    if (a.status !== 200)
        throw new Error(`docker ps failed: ${(0,engine_api/* apiMessage */.SX)(a.body)}`);
    return JSON.parse(a.body).map((c) => c.Id);
}
/** `docker inspect` of containers, on the engine's socket, all at once; one that is gone (404) is left out. */
async function inspectOnSocket(socket, ids, timeoutMs) {
    const answers = await Promise.all(ids.map((id) => onSocket(socket, `/containers/${encodeURIComponent(id)}/json`, timeoutMs)));
    const failed = answers.find((a) => a.status !== 200 && a.status !== 404);
    if (failed)
        throw new Error(`docker inspect failed: ${(0,engine_api/* apiMessage */.SX)(failed.body)}`);
    return answers.filter((a) => a.status === 200).map((a) => JSON.parse(a.body));
}
/** A GET on the socket; no answer is an error that says so, in the words of the CLI's failures. */
async function onSocket(socket, path, timeoutMs) {
    try {
        return await (0,engine_api/* apiRequest */.AT)(socket, 'GET', path, { timeoutMs });
    }
    catch (err) {
        throw new Error(`the Docker engine at unix://${socket} did not answer: ${err.message}`);
    }
}
/**
 * Choose the binding to reach a container port on, and the host to name in URLs. Wildcard
 * bindings mean "localhost" (the engine's host when remote); if the IPv4 and IPv6 wildcard
 * bindings got different host ports, name 127.0.0.1 so a client that tries ::1 first cannot land on
 * another container. Pure.
 */
function containers_choosePublished(bindings, engineHost) {
    if (bindings.length === 0)
        return undefined;
    const remote = engineHost !== 'localhost';
    const v4 = bindings.find((b) => b.hostIp === '0.0.0.0' || b.hostIp === '');
    const v6 = bindings.find((b) => b.hostIp === '::');
    if (v4 || v6) {
        const port = (v4 ?? v6).hostPort;
        if (remote)
            return { host: engineHost, port };
        if (v4 && v6 && v4.hostPort !== v6.hostPort)
            return { host: '127.0.0.1', port: v4.hostPort };
        return { host: v4 ? 'localhost' : '[::1]', port };
    }
    const specific = bindings.find((b) => b.hostIp === '127.0.0.1') ?? bindings.find((b) => b.hostIp === '::1') ?? bindings[0];
    if (remote && (specific.hostIp === '127.0.0.1' || specific.hostIp === '::1'))
        return undefined; // loopback of a remote engine: unreachable from here
    const host = specific.hostIp.includes(':') ? `[${specific.hostIp}]` : specific.hostIp;
    return { host, port: specific.hostPort };
}

;// CONCATENATED MODULE: ./src/stack/reach.ts
/**
 * How this step reaches a container port of the stack, and the networks it joined to do so.
 *
 * - On a host (the engine's, or one that reaches a remote engine): the port the engine published,
 *   on localhost or the engine's host ({@link choosePublished}); with `url-host`, on that host.
 * - In a container of the engine it talks to (a container job): published ports are on the
 *   engine's host, not here. This container joins the network the service is on (`docker network
 *   connect`, once per network) and reaches it by service name and container port, as the stack's
 *   own containers do (`http://alpine-test-backend:8000`); by the container's address on that
 *   network when names do not resolve here (a container on Docker's default bridge has no
 *   embedded DNS). Every network joined is left again before the stack's networks are removed
 *   ({@link leaveNetworks}), by the main step or the post step, or the removal would fail.
 */





/** Published ports, on the engine's host; `urlHost` names another host for every URL. */
function publishedReacher(engineHost, urlHost) {
    // A url-host other than this machine's loopback reaches no binding on the engine's loopback.
    const over = urlHost === undefined ? engineHost : isLoopbackHost(urlHost) ? 'localhost' : urlHost;
    return {
        endpoint(c, key) {
            const published = choosePublished(c.ports[key] ?? [], over);
            if (!published)
                return undefined;
            return urlHost ? { host: urlHost, port: published.port } : published;
        },
        defaultHost: () => urlHost ?? engineHost,
    };
}
/** Networks this process joined, per project: what {@link leaveNetworks} leaves again. */
const joinedByProject = new Map();
/** Joins under way per project: a removal waits for them, or one landing after it would be left joined. */
const joinsInFlight = new Map();
/** Record networks joined by another process (the main step, for the post step). */
function rememberJoined(project, joined) {
    const known = joinedByProject.get(project);
    if (!known)
        joinedByProject.set(project, { container: joined.container, networks: [...joined.networks] });
    else
        for (const n of joined.networks)
            if (!known.networks.includes(n))
                known.networks.push(n);
}
/** The networks this process joined for `project` and has not left (for a process that removes the stack instead). */
function joinedFor(project) {
    const joined = joinedByProject.get(project);
    return joined && joined.networks.length ? { container: joined.container, networks: [...joined.networks] } : undefined;
}
/**
 * Leave every network this step joined for `project` (`docker network disconnect --force`, side
 * by side): before the project's networks are removed, which fails while a container is on them.
 * A network already gone or left counts as left. Resolves with what could not be left.
 */
async function leaveNetworks(project, env) {
    await Promise.all(joinsInFlight.get(project) ?? []);
    const joined = joinedByProject.get(project);
    if (!joined || joined.networks.length === 0)
        return [];
    const left = await Promise.all(joined.networks.map(async (network) => {
        const r = await (0,src_exec/* exec */.m0)(['docker', 'network', 'disconnect', '--force', network, joined.container], { env, timeoutMs: 30_000 });
        const gone = r.code === 0 || /not connected|no such network|not found/i.test(r.stderr);
        return { network, why: gone ? undefined : (0,src_exec/* lastLines */.w$)(r.stderr, 1) || `exit code ${r.code}` };
    }));
    const stayed = left.filter((l) => l.why !== undefined);
    joined.networks = stayed.map((l) => l.network);
    return stayed.map((l) => `${l.network} (${l.why})`);
}
/** Whether names of a user-defined network resolve here: the engine's embedded DNS is this container's resolver. */
function hasEmbeddedDns(resolvConf = readIfPresent('/etc/resolv.conf')) {
    return /^\s*nameserver\s+127\.0\.0\.11\s*$/m.test(resolvConf);
}
/** Networks a container of the stack cannot be reached on by joining them. */
const NOT_JOINABLE = new Set(['host', 'none']);
/**
 * The network to reach `c` on: the project's default network, else another of the project's own
 * (named `<project>_…`), else one this container is on already, else the first by name; never
 * `host` or `none`. The project's own come first: on a network shared with other stacks (an
 * external one, a job's), a service name may also be another container's alias. Pure.
 */
function networkFor(c, mine, project) {
    const names = Object.keys(c.networks)
        .filter((n) => !NOT_JOINABLE.has(n))
        .sort();
    return (names.find((n) => n === `${project}_default`) ??
        names.find((n) => n.startsWith(`${project}_`)) ??
        names.find((n) => mine.includes(n)) ??
        names[0]);
}
/** Reach the stack from a container of the same engine: on its networks, by service name. */
class NetworkReacher {
    o;
    joining = new Map();
    failed = new Map();
    namesResolve;
    constructor(o) {
        this.o = o;
        this.namesResolve = o.namesResolve ?? hasEmbeddedDns();
    }
    /** How URLs are built, for the summary. */
    get byName() {
        return this.namesResolve;
    }
    joined() {
        return [...(joinedByProject.get(this.o.project)?.networks ?? [])];
    }
    /** The networks this container is on: its own, and those joined and not left since (a removed stack's). */
    on() {
        return [...this.o.container.networks, ...this.joined()];
    }
    async prepare(containers) {
        for (const c of containers) {
            const network = networkFor(c, this.on(), this.o.project);
            if (network && !this.on().includes(network) && !this.failed.has(network))
                this.startJoin(network);
        }
        await Promise.all(this.joining.values());
    }
    defaultHost(c) {
        return this.namesResolve ? c.service : (this.addressOn(c, networkFor(c, this.on(), this.o.project)) ?? c.service);
    }
    endpoint(c, key) {
        const network = networkFor(c, this.on(), this.o.project);
        if (!network)
            return { error: `${c.service} is on no network this step can join (network mode ${Object.keys(c.networks).join(', ') || 'none'})` };
        const failure = this.failed.get(network);
        if (failure)
            return { error: `could not join network ${network}: ${failure}` };
        if (!this.on().includes(network)) {
            this.startJoin(network);
            return { pending: `joining network ${network}` };
        }
        const port = parseInt(key, 10);
        // Docker's default bridge resolves no names, whatever this container's resolver.
        if (this.namesResolve && network !== 'bridge')
            return { host: c.service, port };
        const address = this.addressOn(c, network);
        return address ? { host: address, port } : { pending: `no address on network ${network} yet` };
    }
    addressOn(c, network) {
        const ip = network ? c.networks[network]?.ip : undefined;
        return ip ? (ip.includes(':') ? `[${ip}]` : ip) : undefined;
    }
    startJoin(network) {
        if (this.joining.has(network))
            return;
        const { project } = this.o;
        const p = this.join(network).finally(() => {
            this.joining.delete(network);
            joinsInFlight.get(project)?.delete(p);
        });
        this.joining.set(network, p);
        if (!joinsInFlight.has(project))
            joinsInFlight.set(project, new Set());
        joinsInFlight.get(project).add(p);
    }
    async join(network) {
        const { container, env, project } = this.o;
        // Recorded before asking: a connect the engine completes after a cancel is still left by the post step.
        rememberJoined(project, { container: container.id, networks: [network] });
        this.o.onJoined?.(joinedByProject.get(project));
        try {
            const r = await exec(['docker', 'network', 'connect', network, container.id], { env, timeoutMs: 30_000 });
            if (r.code !== 0 && !/already exists in network|already connected/i.test(r.stderr))
                this.failed.set(network, lastLines(r.stderr, 1) || `exit code ${r.code}`);
        }
        catch (err) {
            this.failed.set(network, outsideLine(String(err), 300));
        }
    }
}

;// CONCATENATED MODULE: ./src/stack/by-label.ts
/**
 * A project's containers, networks and volumes, found by the `com.docker.compose.project` label
 * (never by container name: v1 says p_svc_1 and v2 p-svc-1).
 */

/** The ids a `--quiet` listing printed; [] when it failed. */
const idsIn = (r) => (r.code === 0 ? r.stdout.split('\n').filter(Boolean) : []);
/** The project's containers (full ids), networks or volumes, by the compose project label. */
function listByLabel(what, project, env) {
    const label = `label=com.docker.compose.project=${project}`;
    const argv = what === 'ps'
        ? ['docker', 'ps', '--all', '--quiet', '--no-trunc', '--filter', label]
        : ['docker', what, 'ls', '--quiet', '--filter', label];
    return (0,src_exec/* exec */.m0)(argv, { env, timeoutMs: 10_000 });
}
/** The project's containers, networks and volumes, by its label, asked at once. */
function listProject(project, env) {
    return Promise.all([listByLabel('ps', project, env), listByLabel('network', project, env), listByLabel('volume', project, env)]);
}
/** The ids of the project's containers, by its label; [] when the engine cannot say. */
async function projectContainerIds(project, env) {
    return idsIn(await listByLabel('ps', project, env));
}
/**
 * What is left of the project on the engine (containers, networks, volumes, by its label), or
 * why the engine could not say.
 */
async function projectLeftovers(project, env) {
    const listed = await listProject(project, env);
    const failed = listed.find((r) => r.code !== 0);
    if (failed)
        return { unknown: lastLines(failed.stderr, 1) || (failed.timedOut ? 'no answer in time' : `exit code ${failed.code}`) };
    const [ps, nets, vols] = listed.map(idsIn);
    return { containers: ps, networks: nets, volumes: vols };
}
/** Whether nothing of the project is left. */
const nothingLeft = (l) => l.containers.length + l.networks.length + l.volumes.length === 0;

;// CONCATENATED MODULE: ./src/stack/lifecycle.ts
/**
 * Starting and removing a stack: `up` (with v1's pull emulation), failure classification, log
 * collection, and a teardown that also removes by label whatever `down` left behind.
 */










/**
 * Classify a failed `up` or `pull` from its output, keeping compose's own words: the lines that
 * say what failed (not BuildKit's progress), naming the service where compose does. Pure.
 */
function classifyUpFailure(r, env = {}) {
    if (r.timedOut)
        return { kind: 'up-timeout', detail: 'compose up did not finish before startup-timeout' };
    const lines = errorLines(r.stderr, r.stdout);
    const service = serviceInProgress(r.stderr, r.stdout);
    const named = lines.some((l) => service !== undefined && l.includes(service));
    // Compose's words, without the paths of credential files (a TLS engine's certificates, an ssh key).
    const said = withoutCredentialPaths(`${service && !named ? `${service}: ` : ''}${lines.slice(0, 3).join(' | ') || `exit code ${r.code}`}`, env);
    // With `--progress json` (COMPOSE_PROGRESS) the engine's words are JSON strings: read as words.
    const text = `${readableText(r.stderr)}\n${readableText(r.stdout)}`;
    const port = /Bind for ([^\s]+) failed: port is already allocated/i.exec(text) ??
        /listen tcp4? ([^\s:]*:\d+): bind: address already in use/i.exec(text);
    if (port || /port is already allocated|address already in use/i.test(text)) {
        const hostPort = port ? Number(/(\d+)$/.exec(port[1])?.[1]) : undefined;
        return {
            kind: 'port-allocated',
            detail: `port is already allocated${port ? ` (${port[1]})` : ''}: another container or process holds the host port: ${said}`,
            ...(hostPort ? { hostPort } : {}),
        };
    }
    const name = /The container name "\/?([^"]+)" is already in use/.exec(text);
    if (name) {
        return {
            kind: 'container-name-conflict',
            detail: `the container name ${name[1]} is already in use (another job's stack, or one left behind): ${said}`,
            containerName: name[1],
        };
    }
    // A registry's answer to compose's own pull (one a build makes, say): before "failed to resolve reference".
    if (/toomanyrequests|pull rate limit|429 Too Many Requests/i.test(text))
        return { kind: 'registry-rate-limit', detail: `a registry refused a pull with its rate limit: ${said}` };
    if (/unexpected (HTTP )?status( code)?: 5\d\d/i.test(text))
        return { kind: 'registry-unavailable', detail: `a registry failed a pull (HTTP 5xx): ${said}` };
    if (/pull access denied|manifest unknown|not found: manifest|repository does not exist|no such image|failed to resolve reference|Temporary failure in name resolution|dial tcp: lookup|no such host/i.test(text)) {
        return { kind: 'image-missing', detail: `an image could not be pulled or found: ${said}` };
    }
    if (/failed to (solve|build)|returned a non-zero code|Service '.*' failed to build|error building|unable to prepare context|^resolve : lstat/im.test(text)) {
        return { kind: 'build-failed', detail: `building an image failed: ${said}` };
    }
    // Compose opens an SSH connection per concurrent API call (about two per service): an sshd with
    // its stock MaxStartups (10:30:100) drops some of them.
    // (`docker.example.com` is the placeholder host the docker CLI gives a connection through ssh.)
    if (/kex_exchange_identification|ssh_exchange_identification|command \[ssh [^\]]*\] has exited|error during connect: .*\/\/docker\.example\.com\//i.test(text)) {
        return { kind: 'engine-ssh', detail: `the SSH connection to the engine failed during up: ${said}` };
    }
    return { kind: 'up-failed', detail: said };
}
/** Without `up --pull never` (before 2.8): check that the images of services that are not built exist here. */
async function missingImages(target, env, timeoutMs) {
    const results = await Promise.all(target.images.map((img) => exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', img], { env, timeoutMs })));
    return target.images.filter((_, i) => results[i]?.code !== 0);
}
/**
 * A pull if emulated and `up -d`, within `budgetMs`; `signal` stops it (kind 'stopped'). When a
 * pull of compose's met registry trouble, `target.repull` pulls what is still missing with
 * retries, and `up` runs again: a stack whose images are there pays nothing for that.
 */
async function composeUp(target, options, env, budgetMs, signal, 
/** Each line `up` (and a separate `pull`) prints, as it comes. */
onLine) {
    const started = performance.now();
    const left = () => Math.max(1, budgetMs - (performance.now() - started));
    const fail = (f) => ({ ok: false, ...f, durationMs: performance.now() - started });
    if (!supports(target.compose.version, 'up-pull') && options.pull === 'never') {
        const missing = await missingImages(target, env, left());
        if (missing.length)
            return fail({ kind: 'image-missing', detail: `pull is 'never' and these images are not on the engine: ${missing.join(', ')}` });
    }
    const stopped = () => fail({ kind: 'stopped', detail: 'stopped before it finished' });
    const run = async (o) => {
        const pull = pullArgs(target, o);
        const pulled = pull && (await exec(pull, { cwd: target.projectDirectory, env, timeoutMs: left(), signal, onLine }));
        if (pulled && pulled.code !== 0)
            return pulled;
        return exec(upArgs(target, o), { cwd: target.projectDirectory, env, timeoutMs: left(), signal, onLine });
    };
    const first = await run(options);
    if (first.aborted)
        return stopped();
    if (first.code === 0)
        return { ok: true, durationMs: performance.now() - started };
    if (!target.repull || first.timedOut || !pullTrouble(`${first.stderr}\n${first.stdout}`))
        return fail(classifyUpFailure(first, env));
    const said = withoutCredentialPaths(errorLines(first.stderr, first.stdout)[0] ?? `exit code ${first.code}`, env);
    const tried = { ...pullsBegun(first.stderr), said };
    const staged = await target.repull({ signal, deadline: started + budgetMs, onLine, tried });
    const images = staged.records.some((r) => r.state !== 'present') ? { images: staged.records } : {};
    if (signal?.aborted)
        return { ...stopped(), ...images };
    if (!staged.ok) {
        const pull = { image: staged.image, services: staged.services, tries: staged.tries };
        return { ...fail({ kind: staged.kind, detail: staged.detail, pull }), ...images };
    }
    // Nothing was missing: compose's trouble was not with the images up pulls (a build's base, say).
    if (!staged.pulledAny)
        return { ...fail(classifyUpFailure(first, env)), ...images };
    // Every image was pulled just now (`pull: always`): compose need not pull them again, a second
    // request the registry would count, and that no retry covers.
    const again = await run(staged.pulledAll && options.pull === 'always' ? { ...options, pull: 'missing' } : options);
    if (again.aborted)
        return { ...stopped(), ...images };
    if (again.code !== 0)
        return { ...fail(classifyUpFailure(again, env)), ...images };
    return { ok: true, durationMs: performance.now() - started, ...images };
}
/** The last `tail` log lines of each service, by service. Best effort, short. */
async function serviceLogs(target, services, tail, env) {
    const out = new Map();
    await Promise.all(services.map(async (service) => {
        const r = await exec(logsArgs(target, [service], tail), { cwd: target.projectDirectory, env, timeoutMs: 5000 });
        out.set(service, logLines(r.stdout).slice(-tail));
    }));
    return out;
}
/** Remove containers at once (killed, with their anonymous volumes); the engine does them side by side. */
function removeContainers(ids, env) {
    return ids.length ? (0,src_exec/* exec */.m0)(['docker', 'rm', '--force', '--volumes', ...ids], { env, timeoutMs: 30_000 }) : Promise.resolve(undefined);
}
/** Networks and volumes, side by side: once no container uses them. */
function removeNetworksAndVolumes(nets, vols, env) {
    return Promise.all([
        nets.length ? (0,src_exec/* exec */.m0)(['docker', 'network', 'rm', ...nets], { env, timeoutMs: 30_000 }) : undefined,
        vols.length ? (0,src_exec/* exec */.m0)(['docker', 'volume', 'rm', '--force', ...vols], { env, timeoutMs: 30_000 }) : undefined,
    ]);
}
/**
 * Remove a failed stack at once, for the fallback waits on it: every container killed and
 * removed side by side (those the watch knows at once, any other the label finds as soon as it
 * is found; `keep` ones once `meanwhile` is done, their logs read, say), then the project's
 * networks and volumes by label. Compose's own `down` (and a sweep) only for what that left, or
 * when the engine could not be asked.
 */
async function removeAtOnce(target, env, o) {
    const started = performance.now();
    const keep = o.keep ?? [];
    const project = target.projectName;
    // A network this step's container joined (a container job) cannot be removed while it is on it.
    const notLeft = await leaveNetworks(project, env);
    const removals = [
        removeContainers(o.known.filter((id) => !keep.includes(id)), env),
        (o.meanwhile?.() ?? Promise.resolve()).catch(() => undefined).then(() => removeContainers(keep, env)),
    ];
    const [ps, nets, vols] = await listProject(project, env);
    removals.push(removeContainers(idsIn(ps).filter((id) => !o.known.includes(id)), env));
    const removed = await Promise.all(removals);
    const dropped = await removeNetworksAndVolumes(idsIn(nets), idsIn(vols), env);
    const failed = notLeft.length > 0 || [ps, nets, vols, ...removed, ...dropped].some((r) => r !== undefined && r.code !== 0);
    const late = !failed && o.lookAgain ? await projectContainerIds(project, env) : [];
    if (!failed && late.length === 0)
        return { ok: true, detail: `removed project ${project}`, durationMs: performance.now() - started };
    const rest = await removeStack(target, env, { afterStoppedUp: o.lookAgain });
    return { ...rest, durationMs: performance.now() - started };
}
/**
 * Remove this project's stack: `down --volumes --remove-orphans`, then remove by label anything
 * still there (down cannot run when the compose files are gone). Safe to run twice.
 */
async function removeStack(target, env, options = {}) {
    const started = performance.now();
    const notes = [];
    // Before `down`: it cannot remove a network that this step's container (a container job) is on.
    const notLeft = await leaveNetworks(target.projectName, env);
    if (notLeft.length)
        notes.push(`this container could not leave network(s) ${notLeft.join(', ')}`);
    const down = await (0,src_exec/* exec */.m0)(downArgs(target), { cwd: target.projectDirectory, env, timeoutMs: 60_000 });
    /** Remove by label whatever is still there: how many containers were, or undefined when the engine could not be asked. */
    let unreachable = '';
    const sweep = async () => {
        const [left, nets, vols] = await listProject(target.projectName, env);
        if (left.code !== 0) {
            unreachable = (0,src_exec/* lastLines */.w$)(left.stderr, 1) || (left.timedOut ? 'no answer in time' : `exit code ${left.code}`);
            return undefined;
        }
        const ids = idsIn(left);
        await removeContainers(ids, env);
        await removeNetworksAndVolumes(idsIn(nets), idsIn(vols), env);
        return ids.length;
    };
    let found = await sweep();
    // An `up` killed mid-way may have had a create call in flight, which the engine completes after
    // `down` looked: whatever the sweep still found, look once more after removing it.
    if (options.afterStoppedUp && found !== undefined && found > 0)
        found = await sweep();
    const asked = found !== undefined;
    const downFailed = down.code !== 0 ? `compose down failed (${(0,src_exec/* lastLines */.w$)(down.stderr, 1) || `exit code ${down.code}`})` : undefined;
    if (!asked) {
        // Nothing was removed: say so, not "removed by label".
        notes.push(`${downFailed ? `${downFailed}, and the` : 'The'} engine could not be asked to remove anything (${unreachable}): the stack may still run there`);
    }
    else if (downFailed)
        notes.push(`${downFailed}; removed by label instead`);
    const remaining = asked && found ? await projectContainers(target.projectName, env).catch(() => []) : [];
    const ok = remaining.length === 0 && asked;
    if (remaining.length)
        notes.push(`${remaining.length} container(s) could not be removed: ${remaining.map((c) => c.name).join(', ')}`);
    return {
        ok,
        detail: notes.length ? notes.join('; ') : `removed project ${target.projectName}`,
        durationMs: performance.now() - started,
    };
}

// EXTERNAL MODULE: ./src/runner.ts
var src_runner = __webpack_require__(4813);
;// CONCATENATED MODULE: ./src/log.ts
/**
 * The step's log and annotations. Every line goes through the sanitiser (src/report/outside.ts):
 * no line the runner could take for a command, no control character, no registered secret,
 * whatever outside text a message holds. Use these, not runner.info and friends (a unit test keeps
 * it so).
 */


function info(message) {
    src_runner/* info */.pq((0,outside/* outsideText */.F3)(message));
}
function warning(message, properties) {
    runner.warning(outsideText(message), properties && safeProperties(properties));
}
function error(message, properties) {
    runner.error(outsideText(message), properties && safeProperties(properties));
}
function notice(message, properties) {
    runner.notice(outsideText(message), properties && safeProperties(properties));
}
/** A title or file name may hold outside text too (a URL, a file name): one safe line each. */
function safeProperties(p) {
    return {
        ...p,
        ...(p.title !== undefined ? { title: outsideText(p.title).replace(/\n/g, ' ') } : {}),
        ...(p.file !== undefined ? { file: outsideText(p.file).replace(/\n/g, ' ') } : {}),
    };
}

;// CONCATENATED MODULE: ./src/sleep.ts
/** Wait `ms` milliseconds (none when `ms` is not positive): the one sleep of the action's polling loops. */
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

;// CONCATENATED MODULE: ./src/removal/work.ts
/**
 * The background process's side: remove the failed stack the main step handed over (the same
 * removal the main step did itself before: every container killed and removed at once, then the
 * project's networks and volumes by its label, compose's `down` for what that left), and write
 * the result for the post step, whole (by rename), whatever happened.
 */






/** Write the result so that a reader sees all of it or none. */
function writeResult(file, result) {
    external_node_fs_.writeFileSync(`${file}.part`, JSON.stringify(result));
    external_node_fs_.renameSync(`${file}.part`, file);
}
/** The longest this process waits for the step that started it to end (its staging probes may take staging-timeout). */
const STEP_END_WAIT_MS = 30_000;
/**
 * Until the step whose pid is `stepPid` has ended (this process is then no longer its child: it
 * was handed to init or a subreaper), at most `boundMs`. How long that took.
 */
async function stepEnded(stepPid, boundMs = STEP_END_WAIT_MS, pollMs = 10) {
    const started = performance.now();
    while (process.ppid === stepPid && performance.now() - started < boundMs)
        await sleep(pollMs);
    return performance.now() - started;
}
/** Run the job in `jobFile`; its result is written to the job's result file (and returned). */
async function runRemovalJob(jobFile, env = process.env) {
    const startedAt = Date.now();
    const job = JSON.parse(external_node_fs_.readFileSync(jobFile, 'utf8'));
    const { stack } = job;
    const waited = await stepEnded(job.stepPid);
    info(`Removing project ${stack.projectName} (${job.known.length} container(s) known), pid ${process.pid}, ${Math.round(waited)} ms after this process started (the step ${process.ppid === job.stepPid ? 'still runs' : 'has ended'})`);
    let result;
    try {
        if (job.joined)
            rememberJoined(stack.projectName, job.joined);
        const removed = await removeAtOnce({
            compose: { argv: stack.compose, version: undefined },
            projectName: stack.projectName,
            projectDirectory: stack.projectDirectory,
            files: stack.files,
            overrides: stack.overrides?.filter((f) => external_node_fs_.existsSync(f)),
        }, { ...env, ...stack.engineEnv }, { known: job.known, lookAgain: job.lookAgain });
        result = { ok: removed.ok, detail: removed.detail, startedAt, finishedAt: Date.now() };
    }
    catch (err) {
        result = { ok: false, detail: `the removal failed: ${errorMessage(err)}`, startedAt, finishedAt: Date.now() };
    }
    writeResult(job.resultFile, result);
    info(`${result.ok ? 'Done' : 'Failed'}: ${result.detail} (${result.finishedAt - startedAt} ms)`);
    return result;
}


/***/ })

};
