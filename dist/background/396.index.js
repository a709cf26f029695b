export const id = 396;
export const ids = [396];
export const modules = {

/***/ 7815:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ engineSocket)
/* harmony export */ });
/* unused harmony export contextHostFromFiles */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _engine_api_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2633);
/**
 * Where the engine is, as the docker CLI would find it, read from the environment and the CLI's own
 * files without starting a process: DOCKER_HOST, else the current context's endpoint. And, when
 * that is a plain local socket, its path: the one the action may ask directly (engine-api.ts).
 */




/**
 * The current context's endpoint, read from the CLI's own files as the CLI does, when that is
 * plain: the default context (no DOCKER_CONTEXT, no `currentContext` in config.json) is the
 * default socket, a named one says its host in its meta.json. Undefined: ask `docker context
 * inspect` (anything unusual, or Windows). A CLI call spared while `up` starts.
 */
function contextHostFromFiles(env) {
    if (env.DOCKER_CONTEXT || process.platform === 'win32')
        return undefined;
    const dir = env.DOCKER_CONFIG || (env.HOME ? node_path__WEBPACK_IMPORTED_MODULE_2__.join(env.HOME, '.docker') : undefined);
    if (!dir)
        return undefined;
    try {
        let current;
        try {
            current = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'config.json'), 'utf8')).currentContext;
        }
        catch (err) {
            if (err.code !== 'ENOENT')
                return undefined;
        }
        if (current === undefined || current === '' || current === 'default')
            return 'unix:///var/run/docker.sock';
        if (typeof current !== 'string')
            return undefined;
        const meta = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'contexts', 'meta', (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(current).digest('hex'), 'meta.json'), 'utf8'));
        const host = meta.Endpoints?.docker?.Host;
        return typeof host === 'string' && host ? host : undefined;
    }
    catch {
        return undefined;
    }
}
const sockets = new Map();
/**
 * The local unix socket the CLI would talk to, when it would talk to nothing else: DOCKER_HOST
 * `unix://…`, or no DOCKER_HOST and a context read from the files (the default one, or a named one
 * on a unix socket). Undefined for a remote engine, TLS, ssh, or a context only the CLI can read.
 */
function engineSocket(env) {
    const key = [env.DOCKER_HOST, env.DOCKER_CONTEXT, env.DOCKER_CONFIG, env.HOME].join('\0');
    if (!sockets.has(key))
        sockets.set(key, (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_3__/* .unixSocketOf */ .xl)(env.DOCKER_HOST || contextHostFromFiles(env)));
    return sockets.get(key);
}


/***/ }),

/***/ 2633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ apiRequest),
/* harmony export */   Kt: () => (/* binding */ apiLines),
/* harmony export */   SX: () => (/* binding */ apiMessage),
/* harmony export */   W0: () => (/* binding */ filtersQuery),
/* harmony export */   xl: () => (/* binding */ unixSocketOf)
/* harmony export */ });
/* unused harmony exports ApiUnreachable, asUnreachable, apiStream, LineSplitter */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_1__);
/**
 * The engine's own HTTP API over its local unix socket, for the questions the action asks most
 * often while a stack starts (the version, the project's containers, their inspection, the
 * events). Each `docker` CLI call is a Go program started from scratch: 50–150 ms of CPU, taken
 * from `compose up` on a 2-core runner; the same answer through the socket costs a millisecond.
 *
 * Used only when the endpoint is a plain local socket (no DOCKER_HOST, or `unix://…`, and a context
 * the action can read). A remote engine, TLS, ssh or an unusual context goes through the CLI, which
 * knows them all. Transport only: what an answer means is the caller's.
 */


/** The socket path of a `unix://` endpoint; undefined for any other (tcp, ssh, npipe, none). Pure. */
function unixSocketOf(endpoint) {
    if (!endpoint || process.platform === 'win32')
        return undefined;
    const m = /^unix:\/\/(\/.*)$/.exec(endpoint);
    return m ? m[1] : undefined;
}
/** Why a request got no answer: `code` is the socket's error (ENOENT, ECONNREFUSED, EACCES), or 'ETIMEDOUT' / 'ABORTED'. */
class ApiUnreachable extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
        this.name = 'ApiUnreachable';
    }
}
/** The query string of an engine filter (`{"label": ["a=b"], "type": ["container"]}`). Pure. */
function filtersQuery(filters) {
    return `filters=${encodeURIComponent(JSON.stringify(filters))}`;
}
/** The `message` of an engine's JSON error answer, or its text. Pure. */
function apiMessage(body) {
    try {
        const m = JSON.parse(body).message;
        if (typeof m === 'string')
            return m;
    }
    catch {
        // not JSON: the text itself
    }
    return body.trim().split('\n').slice(-2).join(' ');
}
function open(socket, method, path, o) {
    const body = o.json === undefined ? undefined : JSON.stringify(o.json);
    const req = node_http__WEBPACK_IMPORTED_MODULE_0__.request({
        socketPath: socket,
        path,
        method,
        agent: false,
        headers: {
            Host: 'docker',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }),
        },
    });
    if (body !== undefined)
        req.write(body);
    return req;
}
/** Bound a request by `timeoutMs` and `signal`: either destroys it with an {@link ApiUnreachable}. */
function bound(req, o) {
    const timer = o.timeoutMs === undefined
        ? undefined
        : setTimeout(() => req.destroy(new ApiUnreachable('ETIMEDOUT', `no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    const abort = () => void req.destroy(new ApiUnreachable('ABORTED', 'aborted'));
    if (o.signal?.aborted)
        abort();
    else
        o.signal?.addEventListener('abort', abort, { once: true });
    return () => {
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', abort);
    };
}
/** Any error of a request as an {@link ApiUnreachable} (its socket error code, else EIO). */
function asUnreachable(err) {
    if (err instanceof ApiUnreachable)
        return err;
    const e = err;
    return new ApiUnreachable(e?.code ?? 'EIO', e?.message ?? String(err));
}
/** One request, its whole answer. Rejects with {@link ApiUnreachable} when no answer came. */
function apiRequest(socket, method, path, o = {}) {
    return new Promise((resolve, reject) => {
        const req = open(socket, method, path, o);
        const unbind = bound(req, o);
        req.on('error', (err) => {
            unbind();
            reject(asUnreachable(err));
        });
        req.on('response', (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('error', (err) => {
                unbind();
                reject(asUnreachable(err));
            });
            res.on('end', () => {
                unbind();
                const bytes = Buffer.concat(chunks);
                resolve({ status: res.statusCode ?? 0, body: bytes.toString('utf8'), bytes });
            });
        });
        req.end();
    });
}
/**
 * A streamed answer, chunk by chunk as it comes, until the engine ends it, `signal` aborts or
 * `timeoutMs` passes. Resolves with the status (0: no answer at all); chunks of an answer other
 * than 200 are not passed on.
 */
function apiStream(socket, path, onChunk, o = {}) {
    return new Promise((resolve) => {
        const req = open(socket, 'GET', path, o);
        const unbind = bound(req, o);
        let status = 0;
        const end = () => {
            unbind();
            resolve(status);
        };
        req.on('error', end);
        req.on('response', (res) => {
            status = res.statusCode ?? 0;
            res.on('data', (chunk) => {
                if (status === 200)
                    onChunk(chunk);
            });
            res.on('error', end);
            res.on('close', end);
        });
        req.end();
    });
}
/** A streamed answer read line by line (the events: one JSON object per line); see {@link apiStream}. */
function apiLines(socket, path, onLine, o = {}) {
    const lines = new LineSplitter(onLine);
    return apiStream(socket, path, (chunk) => lines.push(chunk), o);
}
/** Text in pieces, out as whole non-empty lines. */
class LineSplitter {
    onLine;
    rest = '';
    decoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_1__.StringDecoder('utf8');
    constructor(onLine) {
        this.onLine = onLine;
    }
    push(bytes) {
        const lines = (this.rest + this.decoder.write(bytes)).split('\n');
        this.rest = lines.pop() ?? '';
        for (const line of lines)
            if (line.trim())
                this.onLine(line.replace(/\r$/, ''));
    }
}


/***/ }),

/***/ 3190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m0: () => (/* binding */ exec),
/* harmony export */   w$: () => (/* binding */ lastLines)
/* harmony export */ });
/* unused harmony exports ExecError, describeFailure, findOnPath, execOrThrow, childEnv, killRunningChildren */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4813);
/* harmony import */ var _report_outside_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2341);
/**
 * The one place that runs a process. Logs the argv with runner.debug and returns the exit code with
 * both streams; {@link execOrThrow} turns a non-zero exit plus stderr into an {@link ExecError}.
 * A plain command runs through @actions/exec; one with a deadline, an abort signal or stdin input
 * runs through {@link spawnKillable}, which kills the whole process group when it must stop.
 * Anything that talks to the engine, a registry or a remote include can hang, so it takes a
 * deadline; only local commands (`docker context inspect`) need none.
 */





class ExecError extends Error {
    result;
    constructor(result) {
        super(describeFailure(result));
        this.result = result;
        this.name = 'ExecError';
    }
}
/** One line saying how a command failed, with the last meaningful stderr line. */
function describeFailure(r) {
    const cmd = r.argv.slice(0, 3).join(' ');
    if (r.spawnError)
        return `${cmd}: could not start (${r.spawnError.code ?? r.spawnError.message})`;
    if (r.timedOut)
        return `${cmd}: timed out after ${Math.round(r.durationMs / 100) / 10} s`;
    if (r.aborted)
        return `${cmd}: aborted after ${Math.round(r.durationMs / 100) / 10} s`;
    const last = lastLines(r.stderr || r.stdout, 3);
    return `${cmd}: exit code ${r.code}${last ? `: ${last}` : ''}`;
}
/** The last `n` non-empty lines of `text` (outside text: each made safe), joined by ' | '. */
function lastLines(text, n) {
    return text
        .split(/\r\n|\n|\r/)
        .map((l) => (0,_report_outside_js__WEBPACK_IMPORTED_MODULE_4__/* .outsideLine */ .U2)(l.trim()).trim())
        .filter(Boolean)
        .slice(-n)
        .join(' | ');
}
/** Find an executable on PATH without running it. */
function findOnPath(name, envPath = process.env.PATH ?? '') {
    for (const dir of envPath.split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter)) {
        if (!dir)
            continue;
        const candidate = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, name);
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.accessSync(candidate, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
            if (node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync(candidate).isFile())
                return candidate;
        }
        catch {
            // not here
        }
    }
    return undefined;
}
/** Run argv[0] with the rest as arguments (no shell). Never throws for a non-zero exit. */
function exec(argv, options = {}) {
    const [file, ...args] = argv;
    if (file === undefined)
        throw new Error('exec: empty argv');
    _runner_js__WEBPACK_IMPORTED_MODULE_3__/* .debug */ .Yz(`exec: ${JSON.stringify(argv)}${options.cwd ? ` in ${options.cwd}` : ''}`);
    if (options.timeoutMs !== undefined || options.signal !== undefined || options.input !== undefined || options.onLine !== undefined) {
        return spawnKillable(argv, file, args, options);
    }
    return viaActionsExec(argv, file, args, options);
}
/** Like {@link exec}, but a non-zero exit, a timeout, an abort or a failure to start throws an ExecError. */
async function execOrThrow(argv, options = {}) {
    const r = await exec(argv, options);
    if (r.code !== 0)
        throw new ExecError(r);
    return r;
}
/**
 * @actions/exec. It would find the tool with io.which on this process's PATH, not options.env's
 * as spawn does: a bare name is found here first, on the env's PATH, so both paths run the same
 * program. A missing tool or cwd it reports by rejecting with a plain Error: spawnError ENOENT.
 */
async function viaActionsExec(argv, file, args, options) {
    const started = performance.now();
    const done = (r) => ({
        argv,
        ...r,
        durationMs: performance.now() - started,
        timedOut: false,
        aborted: false,
    });
    const env = childEnv(options.env ?? process.env);
    // spawn throws on a NUL byte, and inside @actions/exec's async executor that is an unhandled rejection: refuse it here.
    const nul = [...argv, options.cwd ?? '', ...Object.entries(env).flat()].find((s) => s.includes('\0'));
    if (nul !== undefined) {
        const spawnError = new TypeError(`exec: a NUL byte in ${JSON.stringify(nul)}`);
        spawnError.code = 'ERR_INVALID_ARG_VALUE';
        return done({ code: null, stdout: '', stderr: '', spawnError });
    }
    const tool = file.includes('/') ? file : findOnPath(file, env.PATH);
    if (tool === undefined) {
        const spawnError = new Error(`Unable to locate executable file: ${file}`);
        spawnError.code = 'ENOENT';
        return done({ code: null, stdout: '', stderr: '', spawnError });
    }
    try {
        // Loaded on first use: the first moves run processes before anything but them is loaded.
        const { getExecOutput } = await __webpack_require__.e(/* import() */ 260).then(__webpack_require__.bind(__webpack_require__, 1260));
        const out = await getExecOutput(commandLineFor(tool), args, {
            cwd: options.cwd,
            env,
            silent: true,
            ignoreReturnCode: true,
        });
        // exitCode is typed number but is null for a process killed by a signal, as child_process says.
        return done({ code: out.exitCode, stdout: out.stdout, stderr: out.stderr, spawnError: undefined });
    }
    catch (err) {
        return done({ code: null, stdout: '', stderr: '', spawnError: asSpawnError(err) });
    }
}
/**
 * @actions/exec splits its commandLine on spaces and treats '"' as quoting (backslashes are literal
 * outside quotes), so a space or a quote in the program's path is quoted on its own.
 */
function commandLineFor(file) {
    return file.replace(/[ "]/g, (c) => (c === ' ' ? '" "' : '"\\""'));
}
/**
 * The environment a child process gets: the given one, without the step's inputs (`INPUT_*`, the
 * staging token among them), which docker and compose never need and must not see.
 */
function childEnv(env) {
    const out = {};
    for (const [k, v] of Object.entries(env))
        if (v !== undefined && !/^INPUT_/i.test(k))
            out[k] = v;
    return out;
}
/** @actions/exec's errors carry no code: a tool not found (io.which) or a missing cwd is ENOENT. */
function asSpawnError(err) {
    const e = err instanceof Error ? err : new Error(String(err));
    if (e.code === undefined) {
        if (/^Unable to locate executable file: |^The cwd: .* does not exist!$/s.test(e.message))
            e.code = 'ENOENT';
        else
            e.code = /\bspawn .* (E[A-Z0-9]+)$/.exec(e.message)?.[1];
    }
    return e;
}
/** How to stop each child still running that was started with a deadline or a signal (its whole group). */
const running = new Set();
/**
 * Stop every such child now (their process groups, SIGKILL): the step is being cancelled, and a
 * `compose up` or a build must not outlive it. How many there were.
 */
function killRunningChildren() {
    const n = running.size;
    for (const kill of [...running])
        kill();
    return n;
}
/** Kill a child and its process group (compose v1 starts children that would outlive a plain kill). */
function killGroup(child) {
    try {
        if (child.pid !== undefined && process.platform !== 'win32')
            process.kill(-child.pid, 'SIGKILL');
        else
            child.kill('SIGKILL');
    }
    catch {
        child.kill('SIGKILL');
    }
}
/** Gather a child's output (the last `keepChars` of each stream), and hand on its lines as they come; `end` flushes them. */
function collect(child, options) {
    let stdout = '';
    let stderr = '';
    const { onLine } = options;
    const lines = onLine && {
        stdout: new _report_outside_js__WEBPACK_IMPORTED_MODULE_4__/* .LineSplitter */ .g3((l) => onLine(l, 'stdout')),
        stderr: new _report_outside_js__WEBPACK_IMPORTED_MODULE_4__/* .LineSplitter */ .g3((l) => onLine(l, 'stderr')),
    };
    const keep = options.keepChars;
    const kept = (all) => (keep !== undefined && all.length > keep ? all.slice(-keep) : all);
    child.stdout?.setEncoding('utf8').on('data', (d) => {
        stdout = kept(stdout + d);
        lines?.stdout.push(d);
    });
    child.stderr?.setEncoding('utf8').on('data', (d) => {
        stderr = kept(stderr + d);
        lines?.stderr.push(d);
    });
    return {
        out: () => ({ stdout, stderr }),
        end: () => {
            lines?.stdout.end();
            lines?.stderr.end();
        },
    };
}
/** Write `input` (or what its promise gives) to the child's stdin, and close it. */
function feed(child, input) {
    if (input === undefined)
        return;
    // A program that exits without reading its stdin makes this write fail with EPIPE: not our failure.
    const stdin = child.stdin?.on('error', () => undefined);
    if (typeof input === 'string')
        stdin?.end(input);
    else
        input.then((text) => stdin?.end(text), () => stdin?.end());
}
/** A result for a command that never ran: aborted before it started, or not startable. */
function notRun(argv, started, o) {
    const durationMs = o.spawnError ? performance.now() - started : 0;
    return { argv, code: null, stdout: '', stderr: '', durationMs, timedOut: false, aborted: o.aborted, spawnError: o.spawnError };
}
// @actions/exec gives no handle on the child process, so it cannot kill it (and its process group) at a deadline or on abort, nor catch EPIPE on its stdin.
function spawnKillable(argv, file, args, options) {
    const started = performance.now();
    const { signal } = options;
    if (signal?.aborted)
        return Promise.resolve(notRun(argv, started, { aborted: true }));
    let child;
    try {
        child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
            cwd: options.cwd,
            env: childEnv(options.env ?? process.env),
            stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
            detached: process.platform !== 'win32',
        });
    }
    catch (err) {
        // e.g. an argument with a NUL byte: spawn throws instead of emitting 'error'.
        return Promise.resolve(notRun(argv, started, { aborted: false, spawnError: asSpawnError(err) }));
    }
    return new Promise((resolve) => {
        let timedOut = false;
        let aborted = false;
        let spawnError;
        const kill = () => killGroup(child);
        running.add(kill);
        const onAbort = () => {
            if (timedOut)
                return;
            aborted = true;
            kill();
        };
        const onTimeout = () => {
            if (aborted)
                return;
            timedOut = true;
            kill();
        };
        const timer = options.timeoutMs !== undefined ? setTimeout(onTimeout, Math.max(0, options.timeoutMs)) : undefined;
        signal?.addEventListener('abort', onAbort, { once: true });
        const output = collect(child, options);
        feed(child, options.input);
        child.on('error', (err) => (spawnError = err));
        child.on('close', (code) => {
            running.delete(kill);
            if (timer)
                clearTimeout(timer);
            output.end();
            signal?.removeEventListener('abort', onAbort);
            const durationMs = performance.now() - started;
            resolve({ argv, code: spawnError ? null : code, ...output.out(), durationMs, timedOut, aborted, spawnError });
        });
    });
}


/***/ }),

/***/ 2341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F3: () => (/* binding */ outsideText),
/* harmony export */   U2: () => (/* binding */ outsideLine),
/* harmony export */   g3: () => (/* binding */ LineSplitter)
/* harmony export */ });
/* unused harmony exports registerSecret, clearSecrets, redact, redactSecrets, redactLogLine, MAX_LINE, stripControl, clean */
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4813);
/**
 * Outside text (compose's output, container logs, healthcheck output, HTTP status text and
 * bodies, file names) on its way to a log line, the summary, an annotation, the report or an
 * output: the one place that makes it safe.
 *
 * - It never runs a workflow command nor breaks the line it is part of: colours are dropped,
 *   control characters are shown escaped (a lone CR would start a new line for the runner), `::`
 *   at a line's start and `##[` anywhere, which the runner reads as commands, are escaped, and a
 *   very long line is cut.
 * - It never carries a secret: every secret registered here (the staging token, a URL's password,
 *   the Basic and Bearer headers made of them) is replaced by `***` in every form it could take
 *   in a log, the Markdown summary, JSON or a URL, and masked by the runner too.
 */


const secrets = new Set();
/** Every form the runner was told to mask, once each. */
const masked = new Set();
/** The forms a secret can be written in: as is, URL-encoded, JSON-escaped, HTML-escaped. */
function formsOf(secret) {
    const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), html];
}
/**
 * Register a secret: masked by the runner from now on, and removed from outside text by
 * {@link redact}. Very short values (under 4 characters) are masked only: removing every "ab"
 * from the text would garble it without hiding anything.
 */
function registerSecret(secret) {
    if (!secret)
        return;
    for (const form of new Set(formsOf(secret))) {
        if (masked.has(form))
            continue;
        masked.add(form);
        runner.setSecret(form);
        if (form.length >= 4)
            secrets.add(form);
    }
}
/** Forget every registered secret (tests). */
function clearSecrets() {
    secrets.clear();
    masked.clear();
}
/** `text` with every registered secret, in any of its forms, replaced by `***`. */
function redact(text) {
    let out = text;
    // Longest first, so a secret's encoded form is not left half-replaced by a shorter one.
    for (const s of [...secrets].sort((a, b) => b.length - a.length))
        out = out.split(s).join('***');
    return out;
}
/** Drop URL credentials (scheme://user:pass@host → scheme://host) and long bearer/basic tokens. */
function redactSecrets(s) {
    // Greedy up to the last '@' of the authority, as URL parsers read it (a password may hold '@').
    // The lookbehind starts a scheme only where a word starts: linear time on long runs of letters.
    return s
        .replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1')
        .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
}
/**
 * One line of a container's log as the action keeps, shows or uploads it: every registered secret
 * (the action's own, URL passwords, the stack's secret environment values and `secrets:` files)
 * and URL credentials replaced by `***`. Per line: a secret cut by a chunk boundary is whole here.
 */
function redactLogLine(line) {
    return redactSecrets(redact(line));
}
/** ANSI colour and cursor sequences (CSI), and OSC sequences (titles, links). */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED = { '\t': '\\t', '\r': '\\r', '\n': '\\n' };
const MAX_LINE = 2000;
const MAX_PENDING = 64 * 1024;
/**
 * One line of outside text, safe for any sink (see the module's comment). `keepSecrets` leaves
 * registered secrets in: for a value the user gave that later steps need as it is (a staging URL
 * with its password, exported on purpose and masked by the runner).
 */
function outsideLine(text, max = MAX_LINE, keepSecrets = false) {
    const plain = text.replace(ANSI, '');
    let s = (keepSecrets ? plain : redact(plain)).replace(CONTROL, (c) => {
        const code = c.charCodeAt(0);
        return NAMED[c] ?? (code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`);
    });
    s = s.replaceAll('##[', '##\\[');
    s = s.replace(/^(\s*)::/, '$1\\::');
    return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}
/** Several lines of text, each made safe by {@link outsideLine}; the line breaks are kept (as LF). */
function outsideText(text, max = MAX_LINE, keepSecrets = false) {
    return text
        .split(/\r\n|\n|\r/)
        .map((l) => outsideLine(l, max, keepSecrets))
        .join('\n');
}
/**
 * A stream of outside text cut into lines as it comes (CR LF, LF, and a lone CR all end a line),
 * each handed on once complete; `end()` hands on what is left.
 */
class LineSplitter {
    onLine;
    rest = '';
    constructor(onLine) {
        this.onLine = onLine;
    }
    push(chunk) {
        let text = this.rest + chunk;
        // A CR at the very end may be the first half of CR LF: held until the next chunk says.
        const hold = text.endsWith('\r') ? '\r' : '';
        if (hold)
            text = text.slice(0, -1);
        const parts = text.split(/\r\n|\n|\r/);
        this.rest = (parts.pop() ?? '') + hold;
        for (const p of parts)
            this.onLine(p);
        // A stream that never ends a line is handed on in pieces, not held without bound.
        if (this.rest.length > MAX_PENDING) {
            this.onLine(this.rest);
            this.rest = '';
        }
    }
    end() {
        const last = this.rest.replace(/\r$/, '');
        this.rest = '';
        if (last !== '')
            this.onLine(last);
    }
}
// ---------------------------------------------------------------------------------------------
// Text shown in the summary and the report: several lines kept, cut in the middle
/** Remove terminal escape sequences and control characters; newlines are kept. */
function stripControl(s) {
    return s
        .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]?/g, '')
        .replace(/\r\n?/g, '\n')
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
        .replace(/[\u2028\u2029]/g, '\n');
}
/** Keep whole code points when cutting at `i`. */
function cutIndex(s, i) {
    const c = s.charCodeAt(i - 1);
    return c >= 0xd800 && c <= 0xdbff ? i - 1 : i;
}
/** URL credentials and every registered secret out, before any escaping could hide a secret's form. */
const hideSecrets = (s) => redactSecrets(redact(s));
/**
 * Outside text made safe to show, before escaping: at most `max` characters (the start and the
 * end of a longer text, with the cut marked), no control characters, no URL credentials.
 * Cheap on huge input: only the kept parts are scanned.
 */
function clean(s, max) {
    // Control characters go first: removing one (a vertical tab, say) must not join a URL's parts.
    if (s.length <= max)
        return hideSecrets(stripControl(s));
    // Redact with some margin around the cut, so credentials that straddle it are still seen whole.
    const headLen = Math.max(1, Math.ceil(max * 0.75));
    const tailLen = Math.max(0, max - headLen);
    const head = hideSecrets(stripControl(s.slice(0, headLen + 512)));
    const tail = hideSecrets(stripControl(s.slice(Math.max(0, s.length - tailLen - 512))));
    const h = head.slice(0, cutIndex(head, Math.min(headLen, head.length)));
    let t = tailLen > 0 ? tail.slice(Math.max(0, tail.length - tailLen)) : '';
    if (t && t.charCodeAt(0) >= 0xdc00 && t.charCodeAt(0) <= 0xdfff)
        t = t.slice(1);
    const cut = s.length - headLen - tailLen;
    return `${h} … [${count(cut)} characters cut] … ${t}`;
}


/***/ }),

/***/ 4813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   pq: () => (/* binding */ info)
/* harmony export */ });
/* unused harmony exports loadRunner, runnerLoaded, writingOwn, error, warning, notice, setSecret, setOutput, exportVariable, group, saveState, getState */
let core;
let loading;
const pending = [];
/** How many of this module's own writes are under way (see {@link writingOwn}). */
let ownWrites = 0;
function own(c, say) {
    ownWrites++;
    try {
        say(c);
    }
    finally {
        ownWrites--;
    }
}
/** Load @actions/core, then say what waited for it. Once; later calls share the first. */
function loadRunner() {
    loading ??= Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(264)]).then(__webpack_require__.bind(__webpack_require__, 7264)).then((c) => {
        core = c;
        for (const say of pending.splice(0))
            own(c, say);
    });
    return loading;
}
/** Whether @actions/core has loaded (what is said now is said at once). */
function runnerLoaded() {
    return core !== undefined;
}
/** Say it now when @actions/core is loaded, else as soon as it is. */
function say(what) {
    if (core && pending.length === 0)
        own(core, what);
    else {
        pending.push(what);
        void loadRunner();
    }
}
/** Whether the write to stdout under way is this module's own: what routes a library's output lets through. */
function writingOwn() {
    return ownWrites > 0;
}
/** A plain log line (src/log.ts makes it safe first). */
const info = (message) => say((c) => c.info(message));
const debug = (message) => say((c) => c.debug(message));
const error = (message, p) => say((c) => c.error(message, p));
const warning = (message, p) => say((c) => c.warning(message, p));
const notice = (message, p) => say((c) => c.notice(message, p));
const setSecret = (secret) => say((c) => c.setSecret(secret));
const setOutput = (name, value) => say((c) => c.setOutput(name, value));
/** For this step (process.env, at once) and every later one. */
function exportVariable(name, value) {
    process.env[name] = value;
    say((c) => c.exportVariable(name, value));
}
/** `fn` inside a foldable group of the log. */
async function group(name, fn) {
    say((c) => c.startGroup(name));
    try {
        return await fn();
    }
    finally {
        say((c) => c.endGroup());
    }
}
/**
 * State saved by this process. The runner runs the post step in a process of its own and passes
 * the state as `STATE_<name>`; GitHub's local runner (`@github/local-action`) runs main and post in
 * one process and passes nothing, so the post step reads what main saved here.
 */
const savedHere = new Map();
/** For the post step, which reads it back with {@link getState}. */
function saveState(name, value) {
    savedHere.set(name, value);
    say((c) => c.saveState(name, value));
}
/** What the main step saved: as the runner passes it, else as this process saved it. */
function getState(name) {
    return process.env[`STATE_${name}`] ?? savedHere.get(name) ?? '';
}


/***/ })

};
