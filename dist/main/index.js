import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 828:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   V4: () => (/* binding */ getInput),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   bt: () => (/* binding */ writingOwn),
/* harmony export */   dN: () => (/* binding */ exportVariable),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   uH: () => (/* binding */ setOutput),
/* harmony export */   z3: () => (/* binding */ error)
/* harmony export */ });
/* unused harmony exports issueCommand, getState */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The runner's interface: inputs, outputs, exported variables, state, masks, groups and
 * annotations, written in the formats the runner reads (file commands, `::command::` lines) and
 * that @actions/core writes (a unit test runs both side by side).
 *
 * Not @actions/core itself: it imports an HTTP client (undici) for OIDC tokens, which this action
 * never asks for, and loading it costs about 80 ms of every run before `up` can start (issue 13).
 * Everything the runner is told goes through here; the log's own lines through src/log.ts.
 */



/** How many of this module's own writes are under way (see {@link writingOwn}). */
let ownWrites = 0;
/** Write to stdout, marked as this module's own (a library's output may be routed elsewhere meanwhile). */
function emit(text) {
    ownWrites++;
    try {
        process.stdout.write(text);
    }
    finally {
        ownWrites--;
    }
}
/** Whether the write to stdout under way is this module's own: what routes a library's output lets through. */
function writingOwn() {
    return ownWrites > 0;
}
const asText = (v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
/** A command's message: `%`, CR and LF escaped, so it stays one line. */
const escapeData = (s) => asText(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A command's property value: also `:` and `,`, which delimit properties. */
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
/** `::name key=value,…::message`, one line on stdout. */
function issueCommand(name, properties, message) {
    const props = Object.entries(properties)
        .filter(([, v]) => Boolean(v))
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(',');
    emit(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
}
/** Append `name<<delimiter … delimiter` to the file the runner gave for `command` (OUTPUT, ENV, STATE). */
function fileCommand(command, name, value) {
    const file = process.env[`GITHUB_${command}`];
    if (!file)
        return false;
    if (!node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(file))
        throw new Error(`Missing file at path: ${file}`);
    const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    const text = asText(value);
    if (name.includes(delimiter) || text.includes(delimiter))
        throw new Error(`Unexpected input: it contains the delimiter "${delimiter}"`);
    node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync(file, `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${text}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, { encoding: 'utf8' });
    return true;
}
/** An input as the runner passes it (`INPUT_<NAME>`, spaces as `_`), trimmed; '' when not set. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
function setOutput(name, value) {
    if (fileCommand('OUTPUT', name, value))
        return;
    emit(node_os__WEBPACK_IMPORTED_MODULE_2__.EOL);
    issueCommand('set-output', { name }, value);
}
/** For this step (process.env) and every later one. */
function exportVariable(name, value) {
    process.env[name] = asText(value);
    if (!fileCommand('ENV', name, value))
        issueCommand('set-env', { name }, value);
}
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
/**
 * State saved by this process. The runner runs the post step in a process of its own and passes
 * the state as `STATE_<name>`; GitHub's local runner (`@github/local-action`) runs main and post in
 * one process and passes nothing, so the post step reads what main saved here.
 */
const savedHere = new Map();
/** For the post step, which reads it back with {@link getState}. */
function saveState(name, value) {
    savedHere.set(name, asText(value));
    if (!fileCommand('STATE', name, value))
        issueCommand('save-state', { name }, value);
}
/** What the main step saved: as the runner passes it, else as this process saved it. */
function getState(name) {
    return process.env[`STATE_${name}`] ?? savedHere.get(name) ?? '';
}
function debug(message) {
    issueCommand('debug', {}, message);
}
/** A plain log line (src/log.ts makes it safe first). */
function info(message) {
    emit(`${message}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
}
function annotation(level, message, p = {}) {
    const properties = { title: p.title, file: p.file, line: p.startLine, endLine: p.endLine, col: p.startColumn, endColumn: p.endColumn };
    issueCommand(level, properties, message);
}
const error = (message, properties) => annotation('error', message, properties);
const warning = (message, properties) => annotation('warning', message, properties);
const notice = (message, properties) => annotation('notice', message, properties);
/** `fn` inside a foldable group of the log. */
async function group(name, fn) {
    issueCommand('group', {}, name);
    try {
        return await fn();
    }
    finally {
        issueCommand('endgroup', {}, '');
    }
}


/***/ }),

/***/ 9719:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _images_actions_cache_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9994);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1438);


await (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)();
// A cache call still runs (left behind past its bound, retrying with the library's ~32 s backoff,
// or a download no longer needed): the step has said all it has to say, and ends without it.
if ((0,_images_actions_cache_js__WEBPACK_IMPORTED_MODULE_0__/* .inFlight */ .CC)() > 0)
    process.exit();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 9994:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $I: () => (/* binding */ lookup),
/* harmony export */   CC: () => (/* binding */ inFlight),
/* harmony export */   PF: () => (/* binding */ restore),
/* harmony export */   g7: () => (/* binding */ cacheAvailable)
/* harmony export */ });
/* unused harmony export save */
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6698);
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_async_hooks__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(828);
/* harmony import */ var _report_model_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6867);
/* harmony import */ var _report_outside_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2341);
/**
 * The Actions cache, through `@actions/cache`, as the image cache needs it:
 *
 * - loaded only when `cache-images` is on (it weighs 2.4 MB and about 80 ms to load);
 * - every call bounded in time: the library retries a failing service five times, 3 s apart and
 *   growing, about 32 s per call, and cannot be told otherwise. A call that outlives its bound is
 *   left behind (see {@link inFlight}) and the step goes on as if the cache had nothing;
 * - the library's own output routed: it writes `::error::` for a service's 5xx, which would mark a
 *   step that works as failed, and its messages carry text from the service. Its problems are
 *   collected and reported by the caller as one warning, cleaned; the rest goes to the debug log.
 */




let loading;
const load = () => (loading ??= __nccwpck_require__.e(/* import() */ 525).then(__nccwpck_require__.bind(__nccwpck_require__, 525)));
const said = [];
/** Which call the library's code runs for: its writes are told apart even with calls in parallel. */
const current = new node_async_hooks__WEBPACK_IMPORTED_MODULE_0__.AsyncLocalStorage();
let calls = 0;
let active = 0;
const originals = {};
/** `%25`, `%0D`, `%0A` back to what the library wrote. */
const unescape = (s) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
function route(line, call, stream) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (command) {
        const [, name, message = ''] = command;
        // A mask it asks for (a signed URL's signature) is passed on before anything could show the secret.
        if (name === 'add-mask')
            return void originals.stdout.call(process.stdout, `${line}\n`);
        if (name === 'error' || name === 'warning')
            said.push({ call, problem: true, text: unescape(message) });
        else if (name === 'debug')
            _core_js__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(`cache: ${(0,_report_outside_js__WEBPACK_IMPORTED_MODULE_2__/* .outsideLine */ .U2)(unescape(message), 500)}`);
        return;
    }
    if (!line.trim())
        return;
    // "Attempt 1 of 5 failed with error: …": the service is in trouble, even if a retry may yet work.
    said.push({ call, problem: stream === 'stdout' && /^Attempt \d+ of \d+ failed/.test(line), text: line });
    _core_js__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(`cache: ${(0,_report_outside_js__WEBPACK_IMPORTED_MODULE_2__/* .outsideLine */ .U2)(line, 500)}`);
}
/** What is not yet a whole line, per call and stream. */
const partial = new Map();
function replacement(stream) {
    return function (chunk, ...rest) {
        const original = originals[stream];
        const target = stream === 'stdout' ? process.stdout : process.stderr;
        if (_core_js__WEBPACK_IMPORTED_MODULE_1__/* .writingOwn */ .bt())
            return original.call(target, chunk, ...rest);
        const call = current.getStore() ?? -1;
        const key = `${call} ${stream}`;
        const text = (partial.get(key) ?? '') + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const lines = text.split(/\r?\n/);
        partial.set(key, lines.pop() ?? '');
        for (const l of lines)
            route(l, call, stream);
        const callback = rest.find((r) => typeof r === 'function');
        callback?.();
        return true;
    };
}
function intercept() {
    if (active++ > 0)
        return;
    originals.stdout = process.stdout.write;
    originals.stderr = process.stderr.write;
    process.stdout.write = replacement('stdout');
    process.stderr.write = replacement('stderr');
}
function release() {
    if (--active > 0)
        return;
    for (const [key, text] of partial)
        if (text)
            route(text, Number(key.split(' ')[0]), key.endsWith('stderr') ? 'stderr' : 'stdout');
    partial.clear();
    if (originals.stdout)
        process.stdout.write = originals.stdout;
    if (originals.stderr)
        process.stderr.write = originals.stderr;
    delete originals.stdout;
    delete originals.stderr;
}
/**
 * Run a library call with its output routed, for at most `ms`. Not ok: it threw, it outlived
 * `ms`, or the library reported a problem and `value` says it did nothing (`failed(value)`).
 */
async function call(what, ms, work, failed) {
    const started = performance.now();
    const id = calls++;
    const problems = () => {
        const texts = [...new Set(said.filter((s) => s.call === id && s.problem).map((s) => (0,_report_outside_js__WEBPACK_IMPORTED_MODULE_2__/* .outsideLine */ .U2)(s.text, 300)))];
        return texts.slice(-2).join('; ');
    };
    intercept();
    // Left behind past its bound, a call still counts in inFlight() until it settles.
    const running = current
        .run(id, () => load().then(work))
        .then((value) => ({ ok: true, value }), (err) => ({ ok: false, err }))
        .finally(release);
    let timer;
    const outcome = await Promise.race([running, new Promise((r) => (timer = setTimeout(() => r('late'), ms)))]);
    clearTimeout(timer);
    const durationMs = performance.now() - started;
    if (outcome === 'late') {
        const p = problems();
        return { ok: false, durationMs, detail: `${what}: no answer within ${Math.round(ms / 100) / 10} s${p ? ` (${p})` : ''}` };
    }
    if (!outcome.ok)
        return { ok: false, durationMs, detail: `${what}: ${(0,_report_outside_js__WEBPACK_IMPORTED_MODULE_2__/* .outsideLine */ .U2)((0,_report_model_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(outcome.err), 300)}` };
    const p = problems();
    if (p && failed(outcome.value))
        return { ok: false, durationMs, detail: `${what}: ${p}` };
    return { ok: true, value: outcome.value, durationMs };
}
/**
 * Calls not settled yet, left behind or no longer needed (Docker turned out unusable while a
 * download ran): the entry point exits without waiting for them.
 */
function inFlight() {
    return active;
}
/** Whether the runner gave this job a cache service (not under act, or a GHES without one). */
async function cacheAvailable() {
    try {
        return (await load()).isFeatureAvailable();
    }
    catch {
        return false;
    }
}
/** The key of the entry `key` (else the newest one under a restore key) matches; undefined: none. */
function lookup(file, key, restoreKeys, ms) {
    return call('cache lookup', ms, (m) => m.restoreCache([file], key, restoreKeys, { lookupOnly: true }), (v) => v === undefined);
}
/** Download and unpack the entry to `file`; the key it matched. */
function restore(file, key, restoreKeys, ms) {
    return call('cache restore', ms, (m) => m.restoreCache([file], key, restoreKeys), (v) => v === undefined);
}
/** Save `file` under `key`; the entry's id (-1: not saved, the library said why). */
function save(file, key, ms) {
    return call('cache save', ms, (m) => m.saveCache([file], key), (v) => v === -1);
}


/***/ }),

/***/ 1438:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/core.ts
var src_core = __nccwpck_require__(828);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/decision.ts
function dockerWhy(d) {
    switch (d.status) {
        case 'not-checked':
            return 'Docker was not checked';
        case 'healthy':
            return 'the Docker stack is healthy';
        case 'failed':
            return `Docker failed: ${trimStop(d.reason)}`;
        case 'invalid':
            return trimStop(d.reason);
    }
}
/** End a sentence with a full stop, unless it already ends with its own punctuation. */
function sentence(s) {
    return /[.?!]$/.test(s) ? s : `${s}.`;
}
/** A reason that ends a sentence of ours: without its own closing full stop. */
function trimStop(reason) {
    return reason.replace(/\.+\s*$/, '');
}
function stagingWhy(s) {
    switch (s.status) {
        case 'not-configured':
            return 'no staging-backend-url is set';
        case 'not-probed':
            return `staging was not probed: ${s.reason}`;
        case 'usable':
            return 'staging is usable';
        case 'unusable':
            return `staging is not usable: ${trimStop(s.reason)}`;
    }
}
/** Decide the mode. A healthy Docker stack beats staging; staging beats nothing. */
function decide(mode, docker, staging, failOnUnavailable) {
    const none = (reason) => ({ mode: 'none', reason, fail: failOnUnavailable });
    // An invalid input fails the step whatever else is usable: a fallback would hide the mistake.
    if (docker.status === 'invalid')
        return { mode: 'none', reason: sentence(dockerWhy(docker)), fail: true };
    if (mode !== 'staging' && docker.status === 'healthy') {
        return { mode: 'docker', reason: 'The Docker Compose stack is healthy.', fail: false };
    }
    if (mode !== 'docker' && staging.status === 'usable') {
        const why = mode === 'staging' ? 'mode is staging' : dockerWhy(docker);
        return { mode: 'staging', reason: sentence(`Using staging: ${why}`), fail: false };
    }
    if (mode === 'docker')
        return none(`Neither mode is usable: ${dockerWhy(docker)} (mode docker: no staging fallback).`);
    if (mode === 'staging')
        return none(`Neither mode is usable: ${stagingWhy(staging)} (mode staging: Docker not used).`);
    return none(sentence(`Neither mode is usable: ${dockerWhy(docker)}; ${stagingWhy(staging)}`));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/compose/version.ts
/**
 * Compose versions as they are printed in the wild, and what each version can do. Features are
 * decided by version, never by assuming the major is 2: GitHub's runners have 2.x today, an
 * ubuntu-26.04 runner already has 5.x, and self-hosted ones may still have Python 1.29. Pure.
 */
/**
 * The version in the output of `compose version` (with or without `--short`), in any of the forms
 * seen in the wild: `Docker Compose version v2.38.2`, `2.26.1-4` (Debian), `2.24.6+ds1-0ubuntu1~22.04.1`
 * (Ubuntu), `v5.1.3`, `docker-compose version 1.29.2, build unknown`. Undefined when none is found
 * (a development build prints `dev`).
 */
function parseComposeVersion(output) {
    const m = /(?:^|[\s,])v?(\d+)\.(\d+)(?:\.(\d+))?([-+~][\w.+~-]*)?(?=[\s,]|$)/m.exec(output.trim());
    if (!m)
        return undefined;
    const [, major, minor, patch, suffix] = m;
    const text = `${major}.${minor}${patch !== undefined ? `.${patch}` : ''}${suffix ?? ''}`;
    return { major: Number(major), minor: Number(minor), patch: Number(patch ?? 0), text };
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
function supports(v, feature) {
    return atLeast(v, FEATURES[feature]);
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var lib_exec = __nccwpck_require__(7187);
// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __nccwpck_require__(2341);
;// CONCATENATED MODULE: ./src/exec.ts
/**
 * The one place that runs a process. Logs the argv with core.debug and returns the exit code with
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
    const last = exec_lastLines(r.stderr || r.stdout, 3);
    return `${cmd}: exit code ${r.code}${last ? `: ${last}` : ''}`;
}
/** The last `n` non-empty lines of `text` (outside text: each made safe), joined by ' | '. */
function exec_lastLines(text, n) {
    return text
        .split(/\r\n|\n|\r/)
        .map((l) => (0,outside/* outsideLine */.U2)(l.trim()).trim())
        .filter(Boolean)
        .slice(-n)
        .join(' | ');
}
/** Find an executable on PATH without running it. */
function findOnPath(name, envPath = process.env.PATH ?? '') {
    for (const dir of envPath.split(external_node_path_.delimiter)) {
        if (!dir)
            continue;
        const candidate = external_node_path_.join(dir, name);
        try {
            external_node_fs_.accessSync(candidate, external_node_fs_.constants.X_OK);
            if (external_node_fs_.statSync(candidate).isFile())
                return candidate;
        }
        catch {
            // not here
        }
    }
    return undefined;
}
/** Run argv[0] with the rest as arguments (no shell). Never throws for a non-zero exit. */
function exec_exec(argv, options = {}) {
    const [file, ...args] = argv;
    if (file === undefined)
        throw new Error('exec: empty argv');
    src_core/* debug */.Yz(`exec: ${JSON.stringify(argv)}${options.cwd ? ` in ${options.cwd}` : ''}`);
    if (options.timeoutMs !== undefined || options.signal !== undefined || options.input !== undefined || options.onLine !== undefined) {
        return spawnKillable(argv, file, args, options);
    }
    return viaActionsExec(argv, file, args, options);
}
/** Like {@link exec}, but a non-zero exit, a timeout, an abort or a failure to start throws an ExecError. */
async function execOrThrow(argv, options = {}) {
    const r = await exec_exec(argv, options);
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
        const out = await (0,lib_exec/* getExecOutput */.H)(commandLineFor(tool), args, {
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
// @actions/exec gives no handle on the child process, so it cannot kill it (and its process group) at a deadline or on abort, nor catch EPIPE on its stdin.
function spawnKillable(argv, file, args, options) {
    const started = performance.now();
    const { signal } = options;
    if (signal?.aborted) {
        return Promise.resolve({
            argv,
            code: null,
            stdout: '',
            stderr: '',
            durationMs: 0,
            timedOut: false,
            aborted: true,
            spawnError: undefined,
        });
    }
    return new Promise((resolve) => {
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        let aborted = false;
        let spawnError;
        const finish = (code) => {
            running.delete(kill);
            if (timer)
                clearTimeout(timer);
            lines?.stdout.end();
            lines?.stderr.end();
            signal?.removeEventListener('abort', onAbort);
            resolve({
                argv,
                code: spawnError ? null : code,
                stdout,
                stderr,
                durationMs: performance.now() - started,
                timedOut,
                aborted,
                spawnError,
            });
        };
        let child;
        try {
            child = (0,external_node_child_process_namespaceObject.spawn)(file, args, {
                cwd: options.cwd,
                env: childEnv(options.env ?? process.env),
                stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
                detached: process.platform !== 'win32',
            });
        }
        catch (err) {
            // e.g. an argument with a NUL byte: spawn throws instead of emitting 'error'.
            const e = asSpawnError(err);
            resolve({ argv, code: null, stdout, stderr, durationMs: performance.now() - started, timedOut, aborted, spawnError: e });
            return;
        }
        const kill = () => {
            try {
                // The whole group: compose v1 starts children that would outlive a plain kill.
                if (child.pid !== undefined && process.platform !== 'win32')
                    process.kill(-child.pid, 'SIGKILL');
                else
                    child.kill('SIGKILL');
            }
            catch {
                child.kill('SIGKILL');
            }
        };
        running.add(kill);
        const onAbort = () => {
            if (timedOut)
                return;
            aborted = true;
            kill();
        };
        const timer = options.timeoutMs !== undefined
            ? setTimeout(() => {
                if (aborted)
                    return;
                timedOut = true;
                kill();
            }, Math.max(0, options.timeoutMs))
            : undefined;
        signal?.addEventListener('abort', onAbort, { once: true });
        const { onLine } = options;
        const lines = onLine && {
            stdout: new outside/* LineSplitter */.g3((l) => onLine(l, 'stdout')),
            stderr: new outside/* LineSplitter */.g3((l) => onLine(l, 'stderr')),
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
        if (options.input !== undefined) {
            // A program that exits without reading its stdin makes this write fail with EPIPE: not our failure.
            child.stdin?.on('error', () => undefined).end(options.input);
        }
        child.on('error', (err) => (spawnError = err));
        child.on('close', finish);
    });
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
    const first = await exec_exec(argv, { env, timeoutMs: t.firstMs, signal });
    if (!first.timedOut || signal?.aborted)
        return first;
    return exec_exec(argv, { env, timeoutMs: t.retryMs, signal });
}
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;
const PLUGIN_DIRS = [
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
];
/**
 * Which compose the availability check will most likely find, from the file system alone (no
 * process started), so planning can begin while the daemon is still being asked.
 */
function guessCompose(env = process.env) {
    const home = env.HOME ?? '';
    const dirs = [
        env.DOCKER_CONFIG ? external_node_path_.join(env.DOCKER_CONFIG, 'cli-plugins') : external_node_path_.join(home, '.docker', 'cli-plugins'),
        ...PLUGIN_DIRS,
    ];
    if (dirs.some((d) => external_node_fs_.existsSync(external_node_path_.join(d, 'docker-compose'))))
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
function withoutCredentialPaths(text, env = {}) {
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
    const line = exec_lastLines(text, 2);
    // The CLI runs ssh for an ssh:// engine and quotes it: "command [ssh -o ConnectTimeout=30 …] has exited".
    if (/command \[ssh |\bssh: |Host key verification failed|Permission denied \(publickey|kex_exchange_identification/i.test(text)) {
        return { problem: 'engine-ssh', detail: `The SSH connection to the Docker engine failed: ${line}` };
    }
    // Through an HTTP(S) proxy (HTTPS_PROXY), "tls:" is the proxy's handshake, not the engine's.
    if (/proxyconnect/i.test(text)) {
        return {
            problem: 'daemon-not-running',
            detail: `The Docker engine is not reachable through the proxy (HTTPS_PROXY / NO_PROXY): ${line}`,
        };
    }
    if (/x509: |\btls: |could not read (CA|client) cert|unable to resolve docker endpoint: open [^\n]*\.pem|unable to (load|read) (client|X509)|certificate signed by unknown authority|Client sent an HTTP request to an HTTPS server|server gave HTTP response to HTTPS client|bad certificate/i.test(text)) {
        return { problem: 'engine-tls', detail: `The TLS connection to the Docker engine failed: ${line}` };
    }
    if (/permission denied/i.test(text)) {
        return { problem: 'permission-denied', detail: `Permission denied on the Docker socket: ${line}` };
    }
    if (/context .*(not found|does not exist)/i.test(text) || /failed to (load|resolve) (docker )?context/i.test(text)) {
        return { problem: 'bad-context', detail: `The Docker context cannot be used: ${line}` };
    }
    if (/Cannot connect to the Docker daemon|Is the docker daemon running|connection refused|no such file or directory|error during connect|dial (unix|tcp)/i.test(text)) {
        return { problem: 'daemon-not-running', detail: `The Docker daemon is not running or not reachable: ${line}` };
    }
    return { problem: 'daemon-error', detail: `The Docker daemon did not answer: ${line || 'no error text'}` };
}
/** Whether a host name (as publishHostFor gives it) is this machine's loopback. Pure. */
function isLoopbackHost(host) {
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
/** Ask the daemon (a Go CLI call: tens of milliseconds). The CLI must be on PATH. */
async function askDaemon(env = process.env, t = ASK_TIMEOUTS) {
    const fromFiles = env.DOCKER_HOST ? undefined : contextHostFromFiles(env);
    const [version, contextHost] = await Promise.all([
        patiently(['docker', 'version', '--format', '{{json .}}'], env, t),
        env.DOCKER_HOST || fromFiles !== undefined
            ? Promise.resolve(fromFiles)
            : // Reads the local context store only (no daemon, no network): nothing to cut short.
                exec_exec(['docker', 'context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], { env }).then((r) => r.code === 0 ? r.stdout.trim() || undefined : undefined),
    ]);
    return { version, contextHost };
}
/**
 * The current context's endpoint, read from the CLI's own files as the CLI does, when that is
 * plain: the default context (no DOCKER_CONTEXT, no `currentContext` in config.json) is the
 * default socket, a named one says its host in its meta.json. Undefined: ask `docker context
 * inspect` (anything unusual, or Windows). A CLI call spared while `up` starts.
 */
function contextHostFromFiles(env) {
    if (env.DOCKER_CONTEXT || process.platform === 'win32')
        return undefined;
    const dir = env.DOCKER_CONFIG || (env.HOME ? external_node_path_.join(env.HOME, '.docker') : undefined);
    if (!dir)
        return undefined;
    try {
        let current;
        try {
            current = JSON.parse(external_node_fs_.readFileSync(external_node_path_.join(dir, 'config.json'), 'utf8')).currentContext;
        }
        catch (err) {
            if (err.code !== 'ENOENT')
                return undefined;
        }
        if (current === undefined || current === '' || current === 'default')
            return 'unix:///var/run/docker.sock';
        if (typeof current !== 'string')
            return undefined;
        const meta = JSON.parse(external_node_fs_.readFileSync(external_node_path_.join(dir, 'contexts', 'meta', (0,external_node_crypto_.createHash)('sha256').update(current).digest('hex'), 'meta.json'), 'utf8'));
        const host = meta.Endpoints?.docker?.Host;
        return typeof host === 'string' && host ? host : undefined;
    }
    catch {
        return undefined;
    }
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
/**
 * Ask the CLI, the daemon and compose, all at once. A caller that already started the daemon
 * or compose question passes it in, so nothing is asked twice.
 */
async function checkDocker(env = process.env, asked = {}, t = ASK_TIMEOUTS) {
    const started = performance.now();
    const base = { cliVersion: undefined, serverVersion: undefined, endpoint: undefined, compose: undefined, publishHost: 'localhost' };
    const done = (r) => ({ ...r, durationMs: performance.now() - started });
    if (!findOnPath('docker', env.PATH)) {
        return done({ ...base, ok: false, problem: 'no-cli', detail: 'The docker CLI is not on PATH.' });
    }
    const own = new AbortController();
    const composeAnswer = asked.compose ?? askCompose(env, t, own.signal);
    const stopCompose = asked.compose ? asked.stopCompose : () => own.abort();
    const { version, contextHost } = await (asked.daemon ?? askDaemon(env, t));
    const { cliVersion, serverVersion } = parseVersions(version);
    const rawEndpoint = endpointOf({ version, contextHost }, env);
    const publishHost = publishHostFor(rawEndpoint);
    const endpoint = rawEndpoint && showEndpoint(rawEndpoint);
    // A daemon that said no settles it: compose's answer (Python v1 takes 0.5 s to say its version)
    // is not waited for, and its process is killed.
    const platform = platformOf({ version, contextHost });
    const windows = platform?.startsWith('windows/') ?? false;
    const daemonSaidNo = version.timedOut || version.code !== 0 || !serverVersion || windows;
    if (daemonSaidNo)
        stopCompose?.();
    const { plugin, legacy } = daemonSaidNo ? { plugin: undefined, legacy: undefined } : await composeAnswer;
    const pluginAnswer = composeAnswered(plugin);
    const legacyAnswer = composeAnswered(legacy);
    const compose = pluginAnswer
        ? { kind: 'plugin', argv: ['docker', 'compose'], ...pluginAnswer }
        : legacyAnswer
            ? { kind: 'standalone', argv: ['docker-compose'], ...legacyAnswer }
            : undefined;
    const common = { cliVersion, serverVersion, endpoint, compose, publishHost };
    // ssh waits up to its ConnectTimeout (30 s) for a host that drops packets: that is the SSH connection, not a busy runner.
    if (version.timedOut && rawEndpoint !== undefined && /^ssh:/i.test(rawEndpoint)) {
        return done({
            ...common,
            ok: false,
            problem: 'engine-ssh',
            detail: `The SSH connection to the Docker engine (${endpoint}) did not complete within ${seconds(t.firstMs)}, nor within ${seconds(t.retryMs)} when tried again: the host does not answer on its SSH port (a firewall, a wrong host or port), or the login hangs.`,
        });
    }
    if (version.timedOut) {
        return done({
            ...common,
            ok: false,
            problem: 'slow',
            detail: `The Docker daemon (${endpoint ?? 'default endpoint'}) did not answer \`docker version\` within ${seconds(t.firstMs)}, nor within ${seconds(t.retryMs)} when asked again: it is there but too slow (an overloaded runner, or a daemon that hangs).`,
        });
    }
    if (version.code !== 0 || !serverVersion) {
        const c = classifyDaemonError(withoutCredentialPaths(version.stderr || version.stdout, env));
        return done({ ...common, ok: false, ...c });
    }
    // Docker on a Windows runner runs Windows containers only: a Linux stack would fail late, on a
    // pull ("no matching manifest for windows/amd64"). Said at once: compose was not waited for.
    if (windows) {
        return done({
            ...common,
            ok: false,
            problem: 'windows-engine',
            detail: `Docker ${serverVersion} at ${endpoint ?? 'the default endpoint'} runs Windows containers (${platform}): a Linux compose stack cannot run on it.`,
        });
    }
    const slowCompose = [plugin, legacy].find((r) => r?.timedOut);
    if (!compose && slowCompose) {
        return done({
            ...common,
            ok: false,
            problem: 'slow',
            detail: `Docker ${serverVersion} answers, but \`${slowCompose.argv.slice(0, -2).join(' ')} version\` did not answer within ${seconds(t.firstMs)}, nor within ${seconds(t.retryMs)} when asked again: compose is installed but too slow (an overloaded runner), not missing.`,
        });
    }
    if (!compose) {
        return done({
            ...common,
            ok: false,
            problem: 'no-compose',
            detail: `Docker ${serverVersion} answers, but neither 'docker compose' (plugin) nor 'docker-compose' is installed.`,
        });
    }
    return done({
        ...common,
        ok: true,
        problem: undefined,
        detail: `Docker ${serverVersion} at ${endpoint ?? 'the default endpoint'}; ${describeCompose(compose)}.`,
    });
}

;// CONCATENATED MODULE: ./src/compose/project-name.ts
/**
 * The compose project name: readable and unique per repository, run, attempt and job, plus a short
 * random suffix because matrix legs share a job name. Lower-case and compose-safe. Pure.
 */
const MAX = 60;
function slug(s) {
    return s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
}
/** E.g. `cos-widgets-8812734-1-tests-k3f9`. `random` supplies the suffix (tests pass a fixed one). */
function deriveProjectName(env, random) {
    const repo = slug((env.GITHUB_REPOSITORY ?? '').split('/').pop() ?? '') || 'local';
    const run = slug(env.GITHUB_RUN_ID ?? '') || 'run';
    const attempt = slug(env.GITHUB_RUN_ATTEMPT ?? '') || '1';
    const job = slug(env.GITHUB_JOB ?? '') || 'job';
    const suffix = slug(random()).slice(0, 6) || 'x';
    const fixed = `-${run}-${attempt}-`;
    const room = MAX - 'cos-'.length - fixed.length - suffix.length - 1;
    const repoPart = repo.slice(0, Math.max(4, Math.floor(room / 2))).replace(/-+$/, '');
    const jobPart = job.slice(0, Math.max(4, room - repoPart.length)).replace(/-+$/, '');
    return `cos-${repoPart}${fixed}${jobPart}-${suffix}`;
}
/** Four lower-case letters and digits. */
function randomSuffix() {
    return Math.random().toString(36).slice(2, 6).padEnd(4, '0');
}

;// CONCATENATED MODULE: ./src/log.ts
/**
 * The step's log and annotations. Every line goes through the sanitiser (src/report/outside.ts):
 * no line the runner could take for a command, no control character, no registered secret,
 * whatever outside text a message holds. Use these, not core.info and friends (a unit test keeps
 * it so).
 */


function info(message) {
    src_core/* info */.pq((0,outside/* outsideText */.F3)(message));
}
function warning(message, properties) {
    src_core/* warning */.$e((0,outside/* outsideText */.F3)(message), properties && safeProperties(properties));
}
function error(message, properties) {
    src_core/* error */.z3((0,outside/* outsideText */.F3)(message), properties && safeProperties(properties));
}
function notice(message, properties) {
    src_core/* notice */.lm((0,outside/* outsideText */.F3)(message), properties && safeProperties(properties));
}
/** A title or file name may hold outside text too (a URL, a file name): one safe line each. */
function safeProperties(p) {
    return {
        ...p,
        ...(p.title !== undefined ? { title: (0,outside/* outsideText */.F3)(p.title).replace(/\n/g, ' ') } : {}),
        ...(p.file !== undefined ? { file: (0,outside/* outsideText */.F3)(p.file).replace(/\n/g, ' ') } : {}),
    };
}

;// CONCATENATED MODULE: ./src/docker-path/availability.ts
/**
 * Stage: is Docker usable? The CLI, the daemon (asked as early as the path starts) and compose,
 * recorded as one check with its failure kind.
 */



async function checkAvailability(ctx, answers) {
    return src_core/* group */.Os('Docker: availability', async () => {
        const a = await checkDocker(ctx.env, answers);
        ctx.report.add({
            id: 'docker.availability',
            title: 'Docker CLI, daemon and compose',
            status: a.ok ? 'ok' : 'failed',
            durationMs: a.durationMs,
            detail: a.detail,
            failure: a.ok ? undefined : availabilityFailure(a.problem),
            data: { problem: a.problem, cli: a.cliVersion, server: a.serverVersion, endpoint: a.endpoint, compose: a.compose },
        });
        info(a.detail);
        return a;
    });
}
function availabilityFailure(problem) {
    switch (problem) {
        case 'no-cli':
            return 'no-cli';
        case 'permission-denied':
            return 'socket-permission';
        case 'bad-context':
            return 'bad-context';
        case 'engine-ssh':
            return 'engine-ssh';
        case 'engine-tls':
            return 'engine-tls';
        case 'no-compose':
            return 'compose-missing';
        case 'slow':
            return 'docker-slow';
        case 'windows-engine':
            return 'windows-engine';
        default:
            return 'daemon-down';
    }
}

;// CONCATENATED MODULE: ./src/docker-path/context.ts
/**
 * What every stage of the Docker path shares: the inputs, the report, the environment, and the
 * few builders more than one stage needs (the wait request, `up`'s options, the teardown state).
 */

function pathContext(inputs, report, env, reacher) {
    return { inputs, report, env, rel: (p) => external_node_path_.relative(inputs.workspace, p) || '.', reacher };
}
/** Variables that decide which engine compose talks to; saved for the post step. */
function engineEnv(env) {
    const out = {};
    for (const k of [
        'DOCKER_HOST',
        'DOCKER_CONTEXT',
        'DOCKER_CONFIG',
        'DOCKER_TLS',
        'DOCKER_TLS_VERIFY',
        'DOCKER_CERT_PATH',
        'COMPOSE_PROFILES',
    ]) {
        const v = env[k];
        if (v !== undefined)
            out[k] = v;
    }
    return out;
}
function teardownState(plan, env) {
    return {
        compose: plan.compose.argv,
        projectName: plan.projectName,
        projectDirectory: plan.projectDirectory,
        files: plan.files,
        overrides: plan.overrides,
        engineEnv: engineEnv(env),
    };
}
function upOptions(inputs, plan) {
    return { build: inputs.build, pull: inputs.pull, upFlags: inputs.upFlags, services: plan.services };
}
/** What the watch waits for: the plan's containers, the backend and auth probes, by `deadline`. */
function waitRequest(plan, inputs, deadline, reacher, env) {
    return {
        project: plan.projectName,
        awaited: plan.awaited,
        backend: plan.backend && {
            service: plan.backend.service,
            containerPort: plan.backend.port,
            healthPath: inputs.healthPath,
            websocketPath: inputs.websocketPath,
        },
        auth: plan.auth
            ? { service: plan.auth.service, containerPort: plan.auth.port, healthPath: inputs.authHealthPath, websocketPath: undefined }
            : undefined,
        deadline,
        reacher,
        env,
        declared: new Map([...plan.model.services.values()].flatMap((s) => (s.ready ? [[s.name, s.ready]] : []))),
    };
}
/** A promise that never rejects, so work started early cannot become an unhandled rejection. */
function settle(p) {
    return p.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
}
function unwrap(s) {
    if (!s.ok)
        throw s.error;
    return s.value;
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
function upArgs(t, o) {
    const args = [...baseArgs(t), 'up', '--detach'];
    if (o.build)
        args.push('--build');
    if (supports(t.compose.version, 'up-pull') && o.pull !== 'missing')
        args.push('--pull', o.pull);
    return [...args, ...o.upFlags, ...o.services];
}
/** `pull` for a compose without `up --pull`, with pull: always; undefined when no separate pull is needed. */
function pullArgs(t, o) {
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

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __nccwpck_require__(8815);
;// CONCATENATED MODULE: ./src/compose/binds.ts
/**
 * Bind mounts, and the files behind `secrets:` and `configs:` (compose mounts those from the
 * engine's host too, outside a swarm): paths the ENGINE opens, on its own host. Compose resolves
 * a relative one against the project directory as the step sees it. When the step runs in a
 * container (a workflow's `container:` mounts the host's work folder at `/__w`), that path is the
 * container's, and the engine would mount whatever its host has there (an empty folder it
 * creates). {@link translateBinds} gives each such path as the host has it, through the mounts
 * of the step's container, in an override file; compose merges a service's `volumes` by target
 * (v1 and v2 alike), so the override replaces just those entries.
 */

const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const KIND_WORD = { secrets: 'secret', configs: 'config', volumes: 'volume' };
/** `secret token`, `volume data`: a file resource as the summary names it. */
const describeResource = (r) => `${KIND_WORD[r.kind]} ${r.name}`;
/**
 * A service's bind mounts, from its `volumes:` in `compose config`'s output (v2: long form,
 * `type: bind`; v1: `/abs:/target:rw`, or long form where the file had it) or a raw file's
 * (`./data:/data`). Named volumes, anonymous volumes and tmpfs are not binds. Pure.
 */
function parseBinds(volumes) {
    if (!Array.isArray(volumes))
        return [];
    const out = [];
    for (const v of volumes) {
        if (typeof v === 'string') {
            const [source, target] = v.split(':');
            // A source naming a path (not a volume's name) makes a bind: /abs, ./rel, ../rel, ~/x.
            if (source && target && /^(?:\/|\.|~)/.test(source))
                out.push({ source, target, entry: v });
        }
        else if (isObj(v) && v.type === 'bind' && typeof v.source === 'string' && typeof v.target === 'string') {
            out.push({ source: v.source, target: v.target, entry: v });
        }
    }
    return out;
}
/**
 * Top-level secrets and configs backed by a file, and named volumes that bind a folder of the
 * engine's host (the local driver with `o: bind` and a `device` path). Pure.
 */
function parseFileResources(doc) {
    const out = [];
    if (!isObj(doc))
        return out;
    for (const kind of ['secrets', 'configs']) {
        const section = doc[kind];
        if (!isObj(section))
            continue;
        for (const [name, r] of Object.entries(section))
            if (isObj(r) && typeof r.file === 'string')
                out.push({ kind, name, file: r.file });
    }
    if (isObj(doc.volumes))
        for (const [name, v] of Object.entries(doc.volumes)) {
            const opts = isObj(v) && isObj(v.driver_opts) ? v.driver_opts : undefined;
            const local = isObj(v) && (v.driver === undefined || v.driver === 'local') && v.external !== true && !isObj(v.external);
            if (local && opts && typeof opts.device === 'string' && /(^|,)\s*r?bind\s*(,|$)/.test(String(opts.o ?? '')))
                out.push({ kind: 'volumes', name, file: opts.device, entry: v });
        }
    return out;
}
/** Whether `p` is `dir` or lies under it (a trailing slash on `dir` or not). Pure. */
function isWithin(p, dir) {
    const d = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
    return p === d || p.startsWith(d.endsWith('/') ? d : `${d}/`);
}
/**
 * Where the engine's host has `p`, a path of this container: through the deepest mount holding
 * it; undefined when no mount does (the path is in this container's own file system). Pure.
 */
function hostPathOf(p, mounts) {
    const norm = external_node_path_.posix.normalize(p);
    let best;
    for (const m of mounts) {
        if (!m.source || !m.destination.startsWith('/'))
            continue;
        const dir = m.destination.replace(/\/+$/, '') || '/';
        if (isWithin(norm, dir) && (!best || dir.length > best.dir.length))
            best = { source: m.source, dir };
    }
    if (!best)
        return undefined;
    return external_node_path_.posix.join(best.source, best.dir === '/' ? norm : norm.slice(best.dir.length)) || '/';
}
/** Compose reads `$` in a file as interpolation: a literal one is `$$`. */
const literal = (s) => s.replaceAll('$', () => '$$');
/**
 * The override that gives every bind source and secret or config file as the engine's host has
 * it, through the mounts of the step's container. A path no mount holds is left as it is (a host
 * path such as /etc/localtime or the engine's socket is meant as the host's), and listed as
 * missing when it lies under one of `within` (the project directory, the workspace): those are
 * the repository's files, which the engine's host does not have there. Pure.
 */
function translateBinds(services, resources, mounts, within) {
    const moved = [];
    const missing = [];
    const under = (p) => within.some((w) => isWithin(p, w));
    const hostPath = (what, p) => {
        const to = hostPathOf(p, mounts);
        if (to === undefined) {
            if (under(p))
                missing.push({ what, path: p });
            return undefined;
        }
        if (to === external_node_path_.posix.normalize(p))
            return undefined;
        moved.push({ what, from: p, to });
        return to;
    };
    const override = { services: {} };
    for (const s of services) {
        const volumes = [];
        for (const b of s.binds ?? []) {
            const to = hostPath(`service ${s.name}, ${b.target}`, b.source);
            if (to === undefined)
                continue;
            if (typeof b.entry === 'string') {
                const rest = b.entry.slice(b.entry.indexOf(':'));
                volumes.push(literal(`${to}${rest}`));
            }
            else
                volumes.push(mapLiteral({ ...b.entry, source: to }));
        }
        if (volumes.length > 0)
            override.services[s.name] = { volumes };
    }
    for (const r of resources) {
        const to = hostPath(describeResource(r), r.file);
        if (to === undefined)
            continue;
        // A volume's whole entry, so a compose that replaces top-level entries rather than merging keeps the rest.
        (override[r.kind] ??= {})[r.name] =
            r.kind === 'volumes' && r.entry
                ? mapLiteral({ ...r.entry, driver_opts: { ...r.entry.driver_opts, device: to } })
                : { file: literal(to) };
    }
    return { override: moved.length > 0 ? `${JSON.stringify(override, null, 2)}\n` : undefined, moved, missing };
}
/** Every string of a config entry as a literal for compose (its `$` doubled). */
function mapLiteral(v) {
    const walk = (x) => typeof x === 'string'
        ? literal(x)
        : Array.isArray(x)
            ? x.map(walk)
            : isObj(x)
                ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]))
                : x;
    return walk(v);
}

;// CONCATENATED MODULE: ./src/readiness/declared.ts
/** The extension key a service declares its readiness under. */
const DECLARATION_KEY = 'x-compose-or-staging';
const KINDS = ['log', 'tcp', 'http', 'websocket'];
const declared_isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v) => (typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v)));
class Problems {
    service;
    list = [];
    constructor(service) {
        this.service = service;
    }
    add(path, message) {
        this.list.push({ service: this.service, path: ['services', this.service, DECLARATION_KEY, ...path], message });
        return undefined;
    }
}
/** A TCP port: an integer 1-65535, or such a number written as a string (interpolated). */
function portOf(raw, at, problems) {
    const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535)
        return n;
    return problems.add(at, `${show(raw)} is not a port: give a container port, a number from 1 to 65535`);
}
function statusOf(raw, at, problems) {
    if (raw === undefined)
        return '2xx';
    const n = typeof raw === 'string' && /^\d{3}$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599)
        return n;
    if (typeof raw === 'string' && /^[1-5]xx$/i.test(raw.trim()))
        return raw.trim().toLowerCase();
    return problems.add(at, `${show(raw)} is not an HTTP status: give a code such as 200, or a class such as 2xx`);
}
function pathOf(raw, at, problems) {
    if (raw === undefined)
        return '/';
    if (typeof raw === 'string' && raw.startsWith('/') && !/\s/.test(raw))
        return raw;
    return problems.add(at, `${show(raw)} is not a URL path: it must start with / and hold no spaces`);
}
/** `http:` / `websocket:` as `{ port, path, status }`, or a bare port (path `/`). */
function declared_endpointOf(kind, raw, at, problems) {
    const fields = declared_isObj(raw) ? raw : { port: raw };
    const allowed = kind === 'http' ? ['port', 'path', 'status'] : ['port', 'path'];
    for (const k of Object.keys(fields).filter((k) => !allowed.includes(k)))
        problems.add([...at, k], `unknown key '${k}' (${kind} takes ${allowed.join(', ')})`);
    if (fields.port === undefined)
        return problems.add(at, `${kind} needs a port: { port: 8080, path: /health }`);
    const port = portOf(fields.port, [...at, 'port'], problems);
    const path = pathOf(fields.path, [...at, 'path'], problems);
    if (kind === 'websocket')
        return port && path ? { kind, port, path } : undefined;
    const status = statusOf(fields.status, [...at, 'status'], problems);
    return port && path && status ? { kind, port, path, status } : undefined;
}
function logOf(raw, at, problems) {
    if (typeof raw !== 'string' || raw === '')
        return problems.add(at, `${show(raw)} is not a pattern: give a regular expression as a string`);
    try {
        new RegExp(raw);
    }
    catch (err) {
        return problems.add(at, `${show(raw)} is not a regular expression: ${err.message}`);
    }
    return { kind: 'log', pattern: raw };
}
function checkOf(item, i, problems) {
    const at = ['ready', i];
    const keys = declared_isObj(item) ? Object.keys(item) : [];
    if (!declared_isObj(item) || keys.length !== 1)
        return problems.add(at, `each item of ready is one check: log, tcp, http or websocket (got ${show(item)})`);
    const kind = keys[0];
    const value = item[kind];
    switch (kind) {
        case 'log':
            return logOf(value, [...at, kind], problems);
        case 'tcp': {
            const port = portOf(value, [...at, kind], problems);
            return port ? { kind: 'tcp', port } : undefined;
        }
        case 'http':
        case 'websocket':
            return declared_endpointOf(kind, value, [...at, kind], problems);
        default:
            return problems.add([...at, kind], `unknown check '${kind}' (the checks are ${KINDS.join(', ')})`);
    }
}
/**
 * The checks a service declares, and what is wrong with its declaration. `undefined` checks: it
 * declares none (the key is absent). Pure.
 */
function parseDeclaration(service, svc) {
    const problems = new Problems(service);
    const raw = svc[DECLARATION_KEY];
    if (raw === undefined || raw === null)
        return { checks: undefined, problems: [] };
    if (!declared_isObj(raw)) {
        problems.add([], `${DECLARATION_KEY} must be a map with a 'ready' list`);
        return { checks: undefined, problems: problems.list };
    }
    for (const k of Object.keys(raw).filter((k) => k !== 'ready'))
        problems.add([k], `unknown key '${k}' (the only key is 'ready')`);
    const ready = raw.ready;
    if (!Array.isArray(ready) || ready.length === 0) {
        problems.add(ready === undefined ? [] : ['ready'], `'ready' must be a list of one or more checks (log, tcp, http, websocket)`);
        return { checks: undefined, problems: problems.list };
    }
    const checks = ready.map((item, i) => checkOf(item, i, problems));
    return { checks: checks.filter((c) => c !== undefined), problems: problems.list };
}
/** One check as a person reads it: `log /ready/`, `tcp 5432`, `http :9200/health → 200`. Pure. */
function describeCheck(c) {
    switch (c.kind) {
        case 'log':
            return `log /${c.pattern}/`;
        case 'tcp':
            return `tcp ${c.port}`;
        case 'http':
            return `http :${c.port}${c.path} → ${c.status}`;
        case 'websocket':
            return `websocket :${c.port}${c.path}`;
    }
}
/** A problem as one line: "service db, x-compose-or-staging.ready[1].tcp: 'abc' is not a port …". Pure. */
function describeProblem(p) {
    const key = p.path
        .slice(2)
        .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`))
        .join('');
    return `service ${p.service}, ${key}: ${p.message}`;
}
/** A stack whose declared readiness cannot be used: refused before `up`, as an invalid input. */
class DeclarationError extends Error {
    problems;
    constructor(problems) {
        super(`Invalid ${DECLARATION_KEY} in the compose file: ${problems
            .slice(0, 3)
            .map(describeProblem)
            .join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`);
        this.problems = problems;
        this.name = 'DeclarationError';
    }
}

;// CONCATENATED MODULE: ./src/compose/model.ts
/**
 * The resolved compose configuration, reduced to what this action needs, parsed from the YAML
 * that `compose config` prints, v1 and v2 alike (__tests__/fixtures/compose-output holds both):
 * v2 prints every port in long form with `published` as a string, a top-level `name:`, every
 * depends_on in long form with `required`; v1 prints ports with a host IP as short strings (an
 * IPv6 one without brackets) and depends_on with `condition` only. Both keep `$$` escaped.
 */



const model_isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Parse one short-form port: [[ip:]published:]target[/proto], with ranges kept as strings. */
function parseShortPort(spec) {
    const [main, protocol = 'tcp'] = spec.split('/');
    let hostIp;
    let rest = main;
    const v6 = /^\[([^\]]+)\]:(.*)$/.exec(main);
    if (v6) {
        hostIp = v6[1];
        rest = v6[2];
    }
    const parts = rest.split(':');
    // ip:published:target, where compose v1's config prints an IPv6 ip without brackets (::1:9300:9300).
    if (!v6 && parts.length >= 3)
        hostIp = parts.splice(0, parts.length - 2).join(':');
    const target = parts.pop();
    const published = parts.pop();
    const [t0, t1] = target.split('-').map(Number);
    const out = [];
    const [p0, p1] = published ? published.split('-').map(Number) : [undefined, undefined];
    for (let i = 0; i <= (t1 ?? t0) - t0; i++) {
        const pub = p0 === undefined || Number.isNaN(p0) ? undefined : p1 !== undefined ? `${p0 + i}` : published;
        out.push({ target: t0 + i, published: pub === '' ? undefined : pub, hostIp: hostIp || undefined, protocol });
    }
    return out;
}
function parsePorts(raw) {
    if (!Array.isArray(raw))
        return [];
    return raw.flatMap((p) => {
        if (typeof p === 'string' || typeof p === 'number')
            return parseShortPort(String(p));
        if (model_isObj(p) && p.target !== undefined) {
            return [
                {
                    target: Number(p.target),
                    published: p.published === undefined || p.published === '' ? undefined : String(p.published),
                    hostIp: typeof p.host_ip === 'string' && p.host_ip !== '' ? p.host_ip : undefined,
                    protocol: typeof p.protocol === 'string' ? p.protocol : 'tcp',
                },
            ];
        }
        return [];
    });
}
function containerRefs(svc) {
    const refs = [];
    const container = (v) => {
        const m = typeof v === 'string' ? /^container:(.+)$/.exec(v) : null;
        if (m)
            refs.push(m[1].split(':')[0]);
    };
    for (const key of ['network_mode', 'ipc', 'pid'])
        container(svc[key]);
    if (Array.isArray(svc.volumes_from))
        svc.volumes_from.forEach(container);
    if (Array.isArray(svc.external_links))
        for (const l of svc.external_links)
            refs.push(String(l).split(':')[0]);
    return [...new Set(refs)];
}
function networkKeys(networks) {
    if (Array.isArray(networks))
        return networks.map(String);
    return model_isObj(networks) ? Object.keys(networks) : [];
}
function namedResources(raw) {
    const out = new Map();
    if (!model_isObj(raw))
        return out;
    for (const [key, r] of Object.entries(raw)) {
        const v = model_isObj(r) ? r : {};
        const external = v.external === true || model_isObj(v.external);
        out.set(key, { name: typeof v.name === 'string' ? v.name : undefined, external });
    }
    return out;
}
function parseAliases(networks) {
    if (!model_isObj(networks))
        return [];
    const out = [];
    for (const n of Object.values(networks)) {
        if (model_isObj(n) && Array.isArray(n.aliases))
            out.push(...n.aliases.map(String));
    }
    return out;
}
const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'];
/** depends_on in the short (list) form or the long (map) form. */
function parseDependsOn(raw) {
    const plain = (service) => ({ service, condition: 'service_started', required: true, restart: false });
    if (Array.isArray(raw))
        return raw.map((s) => plain(String(s)));
    if (!model_isObj(raw))
        return [];
    return Object.entries(raw).map(([service, d]) => {
        if (!model_isObj(d))
            return plain(service);
        const condition = CONDITIONS.find((c) => c === d.condition) ?? 'service_started';
        return { service, condition, required: d.required !== false, restart: d.restart === true };
    });
}
function parseEnvFiles(raw) {
    if (typeof raw === 'string')
        return [raw];
    if (Array.isArray(raw))
        return raw.map((e) => (model_isObj(e) ? String(e.path) : String(e)));
    return [];
}
/** `args:` as a map or a list of `KEY=value`; keys without a value are left out. */
function buildArgs(raw) {
    const out = {};
    if (model_isObj(raw))
        for (const [k, v] of Object.entries(raw))
            if (v !== null && v !== undefined)
                out[k] = String(v);
    if (Array.isArray(raw))
        for (const e of raw.map(String)) {
            const eq = e.indexOf('=');
            if (eq > 0)
                out[e.slice(0, eq)] = e.slice(eq + 1);
        }
    return Object.keys(out).length ? out : undefined;
}
/** A count as compose takes it: a number, or digits (a raw file's interpolated `${N:-0}`). */
function count(raw) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isInteger(n) && n >= 0 ? n : undefined;
}
/**
 * `deploy.replicas` or `scale`: v1 and v2 both honour either. Both at once, v2's config refuses
 * distinct values and v1's `up` refuses them at all, so which one wins here does not matter.
 */
function parseReplicas(svc) {
    const deploy = model_isObj(svc.deploy) ? count(svc.deploy.replicas) : undefined;
    if (deploy !== undefined)
        return { count: deploy, key: 'deploy.replicas' };
    const scale = count(svc.scale);
    return scale === undefined ? undefined : { count: scale, key: 'scale' };
}
/** Build the model from the parsed YAML of a compose file or of `compose config`'s output. */
function modelFromDocument(doc) {
    const services = new Map();
    const raw = model_isObj(doc) && model_isObj(doc.services) ? doc.services : {};
    for (const [name, s] of Object.entries(raw)) {
        const svc = model_isObj(s) ? s : {};
        const replicas = parseReplicas(svc);
        let build;
        if (typeof svc.build === 'string')
            build = { context: svc.build, dockerfile: 'Dockerfile' };
        else if (model_isObj(svc.build)) {
            const args = buildArgs(svc.build.args);
            build = {
                context: typeof svc.build.context === 'string' ? svc.build.context : '.',
                dockerfile: typeof svc.build.dockerfile === 'string' ? svc.build.dockerfile : 'Dockerfile',
                ...(typeof svc.build.dockerfile_inline === 'string' ? { inline: svc.build.dockerfile_inline } : {}),
                ...(args ? { args } : {}),
            };
        }
        const hc = model_isObj(svc.healthcheck) ? svc.healthcheck : undefined;
        const declared = parseDeclaration(name, svc);
        services.set(name, {
            name,
            image: typeof svc.image === 'string' ? svc.image : undefined,
            build,
            ports: parsePorts(svc.ports),
            aliases: parseAliases(svc.networks),
            containerName: typeof svc.container_name === 'string' ? svc.container_name : undefined,
            hasHealthcheck: hc !== undefined && hc.disable !== true && !(Array.isArray(hc.test) && hc.test[0] === 'NONE'),
            envFiles: parseEnvFiles(svc.env_file),
            profiles: Array.isArray(svc.profiles) ? svc.profiles.map(String) : [],
            dependsOn: parseDependsOn(svc.depends_on),
            // Without networks or network_mode a service joins `default`: v2's config says so, v1's does not.
            networks: svc.networks === undefined && svc.network_mode === undefined ? ['default'] : networkKeys(svc.networks),
            networkMode: typeof svc.network_mode === 'string' ? svc.network_mode : undefined,
            containerRefs: containerRefs(svc),
            binds: parseBinds(svc.volumes),
            ...(declared.checks ? { ready: declared.checks } : {}),
            ...(declared.problems.length ? { readyProblems: declared.problems } : {}),
            ...(replicas ? { replicas } : {}),
        });
    }
    const top = model_isObj(doc) ? doc : {};
    const model = {
        services,
        networks: namedResources(top.networks),
        volumes: namedResources(top.volumes),
        files: parseFileResources(top),
    };
    if (typeof top.name === 'string')
        model.name = top.name;
    return model;
}
/**
 * The model of what `compose config` printed (v1 or v2). Both escape a literal `$` as `$$`, so
 * their output can be read again: undone here.
 */
function parseComposeYaml(text) {
    return modelFromDocument(mapStrings((0,dist/* parse */.qg)(text), (s) => s.replaceAll('$$', '$')));
}
/**
 * Compose-style interpolation of one string: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`
 * and `$$`. Used only to predict paths before `compose config` confirms them. Pure.
 */
function interpolate(value, env) {
    return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, name, op, def, bare) => {
        if (m === '$$')
            return '$';
        const key = (name ?? bare);
        const v = env[key];
        if (op === ':-')
            return v === undefined || v === '' ? (def ?? '') : v;
        if (op === '-')
            return v === undefined ? (def ?? '') : v;
        return v ?? '';
    });
}
/** Every string value of a parsed document through `f` (keys untouched). */
function mapStrings(doc, f) {
    if (typeof doc === 'string')
        return f(doc);
    if (Array.isArray(doc))
        return doc.map((d) => mapStrings(d, f));
    if (model_isObj(doc))
        return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, mapStrings(v, f)]));
    return doc;
}
/** Stands for a value tagged `!reset`: the key is removed from what earlier files said. */
const RESET = '\u0000compose-reset';
/**
 * A raw compose file as plain data. The `!reset` and `!override` tags of override files are not
 * the YAML library's: `!reset` becomes {@link RESET}, `!override` its plain value (a later
 * file's service key replaces the earlier one anyway), and neither is warned about.
 */
function parseRawFile(text) {
    const doc = (0,dist/* parseDocument */.Tp)(text, { logLevel: 'error' });
    (0,dist/* visit */.YR)(doc, {
        Pair(_, pair) {
            if ((0,dist/* isNode */.Ll)(pair.value) && pair.value.tag === '!reset')
                pair.value = new dist/* Scalar */.X5(RESET);
        },
    });
    return doc.toJS({ maxAliasCount: 100 });
}
/** `value` without the keys and items a `!reset` removed, at any depth. */
function withoutResets(value) {
    if (Array.isArray(value))
        return value.filter((v) => v !== RESET).map(withoutResets);
    if (model_isObj(value))
        return Object.fromEntries(Object.entries(value)
            .filter(([, v]) => v !== RESET)
            .map(([k, v]) => [k, withoutResets(v)]));
    return value;
}
/**
 * The model of several raw compose files merged the simple way (a later file's service keys win,
 * `!reset` removes one), interpolated from `env`: a prediction, confirmed later by `compose config`.
 */
function rawModel(texts, env) {
    const services = {};
    const files = { secrets: {}, configs: {}, volumes: {} };
    let indirect = false;
    for (const text of texts) {
        const doc = mapStrings(parseRawFile(text), (s) => interpolate(s, env));
        for (const kind of ['secrets', 'configs', 'volumes'])
            if (model_isObj(doc) && model_isObj(doc[kind]))
                Object.assign(files[kind], doc[kind]);
        if (model_isObj(doc) && doc.include !== undefined)
            indirect = true;
        if (model_isObj(doc) && model_isObj(doc.services)) {
            for (const [name, svc] of Object.entries(doc.services)) {
                if (svc === RESET)
                    delete services[name];
                else
                    services[name] = withoutResets({ ...(model_isObj(services[name]) ? services[name] : {}), ...(model_isObj(svc) ? svc : {}) });
            }
        }
    }
    const model = modelFromDocument({ services, ...files });
    if (indirect || Object.values(services).some((svc) => model_isObj(svc) && svc.extends !== undefined))
        model.indirect = true;
    return model;
}

;// CONCATENATED MODULE: ./src/compose/services.ts
class ServiceResolutionError extends Error {
    query;
    kind;
    candidates;
    constructor(query, kind, candidates, message) {
        super(message);
        this.query = query;
        this.kind = kind;
        this.candidates = candidates;
        this.name = 'ServiceResolutionError';
    }
}
/** Resolve one name, or return undefined when nothing matches. Ambiguity throws. */
function findService(model, query, input) {
    if (model.services.has(query))
        return { query, service: query, via: 'name' };
    const byAlias = [...model.services.values()].filter((s) => s.aliases.includes(query)).map((s) => s.name);
    if (byAlias.length === 1)
        return { query, service: byAlias[0], via: 'alias' };
    if (byAlias.length > 1) {
        throw new ServiceResolutionError(query, 'ambiguous', byAlias, `Input '${input}': '${query}' is a network alias of several services: ${byAlias.join(', ')}. Name one of them.`);
    }
    const byPrefix = [...model.services.keys()].filter((name) => name.length > query.length && name.endsWith(query) && '-_.'.includes(name[name.length - query.length - 1]));
    if (byPrefix.length === 1)
        return { query, service: byPrefix[0], via: 'prefix' };
    if (byPrefix.length > 1) {
        throw new ServiceResolutionError(query, 'ambiguous', byPrefix, `Input '${input}': '${query}' matches several services: ${byPrefix.join(', ')}. Name one of them.`);
    }
    return undefined;
}
/** Resolve a name that must exist. */
function resolveService(model, query, input) {
    const found = findService(model, query, input);
    if (found)
        return found;
    const names = [...model.services.keys()];
    throw new ServiceResolutionError(query, 'missing', names, `Input '${input}': no service '${query}' (by name, network alias or prefixed name). The services are: ${names.join(', ') || '(none)'}.`);
}
/** Say how a name was found, e.g. "backend → alpine-test-backend (via prefix)". */
function describeResolution(r) {
    return r.via === 'name' ? r.service : `${r.query} → ${r.service} (via ${r.via})`;
}

;// CONCATENATED MODULE: ./src/order.ts
/**
 * Text order by code point: the same on every machine and locale, and free (the first
 * `localeCompare` of a process spends ~8 ms building ICU's collator, before `up` can start).
 */
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

;// CONCATENATED MODULE: ./src/compose/workspace-files.ts
/**
 * A bounded walk of the files under a folder, for "it exists over there" hints. Skips folders that
 * never hold a project's own compose files or Dockerfiles, and stops after a fixed depth and count
 * so a huge workspace cannot stall the action.
 */



const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'vendor']);
function* workspaceFiles(root, maxDepth = 6, maxEntries = 20_000) {
    let seen = 0;
    const stack = [[root, 0]];
    while (stack.length > 0) {
        const [dir, depth] = stack.pop();
        let entries;
        try {
            entries = external_node_fs_.readdirSync(dir, { withFileTypes: true }).sort((a, b) => byText(a.name, b.name));
        }
        catch {
            continue;
        }
        const subdirs = [];
        for (const e of entries) {
            if (++seen > maxEntries)
                return;
            const p = external_node_path_.join(dir, e.name);
            if (e.isFile())
                yield p;
            else if (e.isDirectory() && !SKIP_DIRS.has(e.name) && depth < maxDepth)
                subdirs.push([p, depth + 1]);
        }
        stack.push(...subdirs.reverse());
    }
}

;// CONCATENATED MODULE: ./src/compose/discovery.ts
/**
 * Compose file discovery. With no `compose-files` input, candidates are looked for in
 * `working-directory` and then its `docker/`, `.docker/`, `deploy/` and `compose/` folders, named
 * `compose.y(a)ml`, `docker-compose.y(a)ml`, then `docker-compose.<variant>.y(a)ml`. A candidate
 * that defines `backend-service` wins, then a variant whose name holds `test`, then that order.
 */





const DISCOVERY_DIRS = ['.', 'docker', '.docker', 'deploy', 'compose'];
const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const VARIANT = /^docker-compose\.(.+)\.ya?ml$/;
const OVERRIDE = /^(docker-)?compose\.override\.ya?ml$/;
/** List the candidates in discovery order (fs only: existence and names). */
function listCandidates(workingDirectory) {
    const files = [];
    const searched = [];
    for (const sub of DISCOVERY_DIRS) {
        const dir = external_node_path_.join(workingDirectory, sub);
        let entries;
        try {
            entries = external_node_fs_.readdirSync(dir);
        }
        catch {
            continue;
        }
        searched.push(dir);
        for (const name of BASE_NAMES)
            if (entries.includes(name))
                files.push(external_node_path_.join(dir, name));
        const variants = entries.filter((e) => VARIANT.test(e) && !OVERRIDE.test(e)).sort();
        for (const name of variants)
            files.push(external_node_path_.join(dir, name));
    }
    return { files, searched: searched.length ? searched : [workingDirectory] };
}
function inspectCandidate(file, order, backendService) {
    const variant = VARIANT.exec(external_node_path_.basename(file))?.[1];
    try {
        const model = parseComposeYaml(external_node_fs_.readFileSync(file, 'utf8'));
        let definesBackend;
        try {
            definesBackend = findService(model, backendService, 'backend-service') !== undefined;
        }
        catch {
            definesBackend = true; // ambiguous still means it is there
        }
        return { file, order, variant, definesBackend, parseError: undefined };
    }
    catch (err) {
        return { file, order, variant, definesBackend: false, parseError: err instanceof Error ? err.message.split('\n')[0] : String(err) };
    }
}
/** Rank candidates: defines the backend, then a `test` variant, then discovery order. Pure. */
function rankCandidates(candidates) {
    const score = (c) => [
        c.parseError ? 1 : 0,
        c.definesBackend ? 0 : 1,
        c.variant?.toLowerCase().includes('test') ? 0 : 1,
        c.order,
    ];
    return [...candidates].sort((a, b) => {
        const sa = score(a);
        const sb = score(b);
        for (let i = 0; i < sa.length; i++)
            if (sa[i] !== sb[i])
                return sa[i] - sb[i];
        return 0;
    });
}
/** Why `other` lost to `chosen`. Pure. */
function whyNotChosen(other, chosen, backendService) {
    if (other.parseError)
        return `not valid YAML: ${other.parseError}`;
    if (chosen.definesBackend && !other.definesBackend)
        return `does not define '${backendService}'`;
    const chosenTest = chosen.variant?.toLowerCase().includes('test');
    if (chosenTest && !other.variant?.toLowerCase().includes('test'))
        return `not a test variant (chose ${external_node_path_.basename(chosen.file)})`;
    return `comes later in the discovery order than ${external_node_path_.basename(chosen.file)}`;
}
class DiscoveryError extends Error {
    searched;
    foundAt;
    constructor(message, searched, 
    /** A named file that is missing: where files of that name exist instead (undefined: nothing was named). */
    foundAt) {
        super(message);
        this.searched = searched;
        this.foundAt = foundAt;
        this.name = 'DiscoveryError';
    }
}
/** Discover the compose file(s) to use, or throw a DiscoveryError saying where it looked. */
function discoverComposeFiles(workingDirectory, backendService, workspace) {
    const { files, searched } = listCandidates(workingDirectory);
    if (files.length === 0) {
        const rel = (p) => external_node_path_.relative(workspace, p) || '.';
        throw new DiscoveryError(`No compose file found. Looked in ${searched.map(rel).join(', ')} (and ${DISCOVERY_DIRS.slice(1).join('/, ')}/ under ${rel(workingDirectory)}) for ${BASE_NAMES.join(', ')} and docker-compose.<variant>.yml. Set 'compose-files' or 'working-directory'.`, searched);
    }
    const ranked = rankCandidates(files.map((f, i) => inspectCandidate(f, i, backendService)));
    const chosen = ranked[0];
    const out = [chosen.file];
    if (BASE_NAMES.includes(external_node_path_.basename(chosen.file))) {
        const dir = external_node_path_.dirname(chosen.file);
        const override = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml']
            .map((n) => external_node_path_.join(dir, n))
            .find((p) => external_node_fs_.existsSync(p));
        if (override)
            out.push(override);
    }
    return {
        files: out,
        chosen,
        notChosen: ranked.slice(1).map((c) => ({ file: c.file, why: whyNotChosen(c, chosen, backendService) })),
        searched,
    };
}
/** Find files named `basename` anywhere under `root` (bounded), for "found elsewhere" hints. */
function findElsewhere(root, basename, limit = 5) {
    const found = [];
    for (const file of workspaceFiles(root)) {
        if (external_node_path_.basename(file) === basename)
            found.push(file);
        if (found.length >= limit)
            break;
    }
    return found;
}
/** Check that every named compose file exists; a missing one is an error saying where it is instead. */
function checkNamedFiles(files, workspace) {
    const rel = (p) => external_node_path_.relative(workspace, p) || '.';
    for (const f of files) {
        if (external_node_fs_.existsSync(f) && external_node_fs_.statSync(f).isFile())
            continue;
        const elsewhere = findElsewhere(workspace, external_node_path_.basename(f)).map(rel);
        const where = elsewhere.length
            ? ` It exists at: ${elsewhere.join(', ')}.`
            : ` No file named ${external_node_path_.basename(f)} exists anywhere in the workspace.`;
        throw new DiscoveryError(`Input 'compose-files': ${rel(f)} does not exist.${where}`, [external_node_path_.dirname(f)], elsewhere);
    }
}

;// CONCATENATED MODULE: ./src/compose/locate.ts
/**
 * Where something lives in the compose files, as file and line, for annotations that point at the
 * line to fix. The later file wins, as compose merges them. Best effort: undefined when not found.
 */



/**
 * The files that can be read, as YAML documents with line positions, in the order given. The
 * `!reset` and `!override` tags of override files are not the YAML library's: not warned about.
 */
function readComposeDocuments(files) {
    return files.flatMap((file) => {
        try {
            const lineCounter = new dist/* LineCounter */.HN();
            const doc = (0,dist/* parseDocument */.Tp)(external_node_fs_.readFileSync(file, 'utf8'), { lineCounter, logLevel: 'error' });
            const lineOf = (node) => {
                const offset = node?.range?.[0];
                return offset === undefined ? undefined : lineCounter.linePos(offset).line;
            };
            return [{ file, doc, lineOf }];
        }
        catch {
            return [];
        }
    });
}
/** The first of `paths` (each a key path such as ['services', 'api', 'build']) found in the files. */
function locateInCompose(files, paths) {
    const docs = readComposeDocuments([...files].reverse());
    for (const keys of paths) {
        for (const { file, doc, lineOf } of docs) {
            const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
            if (!(0,dist/* isMap */.jh)(parent))
                continue;
            // Point at the key (where a person reads the name), not its value.
            const pair = parent.items.find((p) => p.key?.value === keys[keys.length - 1]);
            const line = lineOf(pair?.key);
            if (line !== undefined)
                return { file, line };
        }
    }
    return undefined;
}
/** The line of a missing build path: the dockerfile or context key, else the service's build. */
function locateBuildPath(files, service, kind) {
    const svc = ['services', service];
    const paths = kind === 'env_file'
        ? [[...svc, 'env_file']]
        : [
            [...svc, 'build', kind],
            [...svc, 'build'],
        ];
    return locateInCompose(files, [...paths, svc]);
}
/**
 * The `ports:` entry of `service` that publishes `hostPort`, as written (`"${PG_PORT:-5435}:5432"`),
 * with its line; interpolated from `env` to compare. The later file wins. Undefined when not found.
 */
function locatePublishedPort(files, service, hostPort, env) {
    for (const { file, doc, lineOf } of readComposeDocuments([...files].reverse())) {
        const ports = doc.getIn(['services', service, 'ports'], true);
        if (!(0,dist/* isSeq */.oP)(ports))
            continue;
        for (const item of ports.items) {
            let written;
            let published = [];
            if ((0,dist/* isScalar */.jn)(item) && (typeof item.value === 'string' || typeof item.value === 'number')) {
                written = String(item.value);
                published = parseShortPort(interpolate(written, env)).map((p) => p.published ?? '');
            }
            else if ((0,dist/* isMap */.jh)(item)) {
                const p = item.get('published', true);
                if ((0,dist/* isScalar */.jn)(p)) {
                    written = String(p.value);
                    published = [interpolate(written, env)];
                }
            }
            const line = lineOf(item);
            if (written !== undefined && line !== undefined && published.includes(String(hostPort)))
                return { file, line, text: written };
        }
    }
    return undefined;
}
/**
 * The line of the node at `keys` (map keys and list indices, such as a declared check's
 * `['services', 'db', 'x-compose-or-staging', 'ready', 1, 'tcp']`), or of the deepest node along
 * it that exists; the later file wins. Undefined when not even the service is there.
 */
function locateNode(files, keys) {
    const docs = readComposeDocuments([...files].reverse());
    for (let depth = keys.length; depth >= 2; depth--) {
        for (const { file, doc, lineOf } of docs) {
            const line = lineOf(doc.getIn(keys.slice(0, depth), true));
            if (line !== undefined)
                return { file, line };
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/compose/needs.ts
/**
 * What a compose file needs of compose: the keys and tags only a newer compose knows (compose v2
 * only, or a v2 from some version on), each with its file and line. When `compose config` refuses
 * a file, this tells "the file needs compose v2 from 2.17.0 (depends_on restart, line 12)" apart
 * from a plain mistake, and the annotation lands on that key's line. Pure but for reading files.
 */



/** Keys compose v1 refuses, and the v2 version that brought each. */
const RULES = [
    { path: ['name'], what: 'top-level project name', since: [2, 3, 3], only: 'string' },
    { path: ['include'], what: 'include of other compose files', since: [2, 20, 0], only: 'seq' },
    { path: ['services', '*', 'develop'], what: 'develop (compose watch)', since: [2, 22, 0] },
    { path: ['services', '*', 'depends_on', '*', 'restart'], what: 'depends_on restart', since: [2, 17, 0] },
    { path: ['services', '*', 'depends_on', '*', 'required'], what: 'depends_on required', since: [2, 20, 0] },
    { path: ['services', '*', 'env_file', '*'], what: 'env_file in long form (path, required)', since: [2, 24, 0], only: 'map' },
    { path: ['services', '*', 'ports', '*', 'host_ip'], what: 'host_ip in a long-form port', since: [2, 0, 0] },
    { path: ['services', '*', 'build', 'additional_contexts'], what: 'build additional_contexts', since: [2, 17, 0] },
    { path: ['services', '*', 'healthcheck', 'start_interval'], what: 'healthcheck start_interval', since: [2, 20, 2] },
];
const TAGS = {
    '!reset': { what: 'the !reset tag', since: [2, 24, 0] },
    '!override': { what: 'the !override tag', since: [2, 24, 4] },
};
/** Every key and tag in `files` that needs a newer compose than v1, in file order. */
function findVersionNeeds(files) {
    const out = [];
    for (const { file, doc, lineOf: at } of readComposeDocuments(files)) {
        const lineOf = (n) => at(n) ?? 0;
        const found = [];
        // A file of the legacy format (no `services:`) has its services at the top: no top-level key there is v2's.
        const legacy = !((0,dist/* isMap */.jh)(doc.contents) && doc.contents.has('services'));
        const applies = (r, here, value) => matches(r.path, here) &&
            !(legacy && r.path.length === 1) &&
            (r.only === undefined ||
                (r.only === 'map' && (0,dist/* isMap */.jh)(value)) ||
                (r.only === 'seq' && (0,dist/* isSeq */.oP)(value)) ||
                (r.only === 'string' && (0,dist/* isScalar */.jn)(value) && typeof value.value === 'string'));
        const walk = (node, path) => {
            if ((0,dist/* isMap */.jh)(node)) {
                for (const pair of node.items) {
                    const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : String(pair.key);
                    const here = [...path, key];
                    const rule = RULES.find((r) => applies(r, here, pair.value));
                    if (rule)
                        found.push({ key: here.join('.'), what: rule.what, since: rule.since, file, line: lineOf(pair.key) });
                    walk(pair.value, here);
                }
            }
            else if ((0,dist/* isSeq */.oP)(node)) {
                node.items.forEach((item, i) => {
                    const here = [...path, String(i)];
                    const rule = RULES.find((r) => applies(r, here, item));
                    if (rule)
                        found.push({ key: path.join('.'), what: rule.what, since: rule.since, file, line: lineOf(item) });
                    walk(item, here);
                });
            }
        };
        walk(doc.contents, []);
        (0,dist/* visit */.YR)(doc, {
            Node(_, node) {
                const tag = (0,dist/* isNode */.Ll)(node) ? node.tag : undefined;
                const t = tag ? TAGS[tag] : undefined;
                if (t)
                    found.push({ key: tag, what: t.what, since: t.since, file, line: lineOf(node) });
            },
        });
        out.push(...found.sort((a, b) => a.line - b.line));
    }
    return out;
}
function matches(pattern, path) {
    return pattern.length === path.length && pattern.every((p, i) => p === '*' || p === path[i]);
}
/** `compose config` refused a file that uses keys this compose is too old for. */
class ComposeTooOldError extends Error {
    unmet;
    version;
    constructor(unmet, version, message) {
        super(message);
        this.unmet = unmet;
        this.version = version;
        this.name = 'ComposeTooOldError';
    }
}
/** The needs that `compose` (at `version`) does not meet; none when its version is unknown. */
function unmetNeeds(needs, version) {
    if (!version)
        return [];
    return needs.filter((n) => !atLeast(version, n.since));
}
/** The oldest compose that meets every need. */
function newestNeeded(needs) {
    return needs.reduce((best, n) => (!best || !atLeast(asVersion(best), n.since) ? n.since : best), undefined);
}
const asVersion = (t) => ({ major: t[0], minor: t[1], patch: t[2], text: formatTriple(t) });
/**
 * "the compose file needs compose v2 (2.17.0 or later): services.api.depends_on.db.restart
 * (depends_on restart) at docker/compose.yml:12; this runner has compose 1.29.2". Pure.
 */
function describeUnmetNeeds(unmet, version, rel) {
    const since = newestNeeded(unmet);
    const needed = version.major < 2 ? `compose v2 (${formatTriple(since)} or later)` : `compose ${formatTriple(since)} or later`;
    const shown = unmet.slice(0, 3).map((n) => `${n.key} (${n.what}, from ${formatTriple(n.since)}) at ${rel(n.file)}:${n.line}`);
    const more = unmet.length > shown.length ? `, and ${unmet.length - shown.length} more` : '';
    return `The compose file needs ${needed}: ${shown.join('; ')}${more}. This runner has compose ${version.text}.`;
}

;// CONCATENATED MODULE: ./src/compose/plan-error.ts
class PlanError extends Error {
    stage;
    missing;
    underlying;
    constructor(stage, message, missing = [], 
    /** The error underneath (a DiscoveryError, a ServiceResolutionError), when there is one. */
    underlying) {
        super(message);
        this.stage = stage;
        this.missing = missing;
        this.underlying = underlying;
        this.name = 'PlanError';
    }
    /** The compose files the plan had chosen when it failed (none when discovery failed). */
    files = [];
}

;// CONCATENATED MODULE: ./src/compose/endpoint-port.ts
/** A port input the service does not publish, and the default could not be settled for it. */
class PortNotPublishedError extends Error {
    input;
    service;
    containerPort;
    constructor(input, service, containerPort, message) {
        super(message);
        this.input = input;
        this.service = service;
        this.containerPort = containerPort;
        this.name = 'PortNotPublishedError';
    }
}
/** The container port of `svc` that `want` leads to. Throws {@link PortNotPublishedError}. */
function chooseContainerPort(svc, want) {
    const tcp = [...new Set(svc.ports.filter((p) => p.protocol === 'tcp').map((p) => p.target))];
    if (tcp.includes(want.port))
        return { port: want.port };
    const left = `${want.input} left at its default ${want.port}`;
    if (!want.explicit && tcp.length === 1) {
        const only = tcp[0];
        return { port: only, notice: `${left}; ${svc.name} publishes only ${only}/tcp: using ${only}` };
    }
    if (!want.explicit && tcp.length === 0) {
        const what = want.input === 'backend-port' ? 'backend' : 'auth';
        const none = svc.ports.length ? 'no TCP port' : 'no port';
        return { port: undefined, notice: `${left}; ${svc.name} publishes ${none}: no ${what} URL, the stack is judged on its containers` };
    }
    const published = svc.ports.map((p) => `${p.published ?? '(random)'}:${p.target}/${p.protocol}`).join(', ');
    const several = want.explicit ? '' : ` (${want.input} is left at its default, and it publishes more than one)`;
    throw new PortNotPublishedError(want.input, svc.name, want.port, `Input '${want.input}': service ${svc.name} does not publish container port ${want.port}${published ? `; it publishes ${published}` : '; it publishes no ports'}${several}. Set '${want.input}' to its container port or publish it in the compose file.`);
}

;// CONCATENATED MODULE: ./src/compose/profiles.ts
/**
 * Compose profiles. A service with `profiles:` starts only when one of them is active; the active
 * ones come from COMPOSE_PROFILES, in the environment or else in the project directory's `.env`
 * (as compose reads it), and `*` activates them all. Compose v1's `config` prints every service,
 * v2's only the active ones (the plan adds the others from the raw files): filtering here gives
 * both, and the raw prediction, the same stack.
 */


/** One variable of a compose `.env` file (KEY=VALUE, quotes, `export `, comments); undefined when absent. */
function dotenvValue(text, key) {
    let found;
    for (const line of text.split(/\r?\n/)) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
        if (!m || m[1] !== key)
            continue;
        const raw = m[2].trim();
        const quoted = /^(["'])(.*)\1$/.exec(raw);
        found = quoted ? quoted[2] : raw.replace(/\s+#.*$/, '');
    }
    return found;
}
function activeProfiles(env, projectDirectory) {
    const split = (v) => v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (env.COMPOSE_PROFILES !== undefined)
        return { names: split(env.COMPOSE_PROFILES), from: 'environment' };
    let text;
    try {
        text = external_node_fs_.readFileSync(external_node_path_.join(projectDirectory, '.env'), 'utf8');
    }
    catch {
        return { names: [], from: undefined };
    }
    const v = dotenvValue(text, 'COMPOSE_PROFILES');
    return v === undefined ? { names: [], from: undefined } : { names: split(v), from: '.env' };
}
function isActive(svc, active) {
    return svc.profiles.length === 0 || active.includes('*') || svc.profiles.some((p) => active.includes(p));
}
/** The model of the services that start, and those left out by their profiles. Pure. */
function splitByProfiles(model, active) {
    const on = new Map();
    const inactive = [];
    for (const [name, svc] of model.services) {
        if (isActive(svc, active))
            on.set(name, svc);
        else
            inactive.push(svc);
    }
    return { active: { ...model, services: on }, inactive };
}
/** "COMPOSE_PROFILES is not set" / "COMPOSE_PROFILES=a,b (from .env)". */
function describeActive(p) {
    if (p.from === undefined)
        return 'COMPOSE_PROFILES is not set';
    return `COMPOSE_PROFILES=${p.names.join(',')}${p.from === '.env' ? ' (from .env)' : ''}`;
}
/** "profile debug" / "profiles debug, tools". */
function profileList(svc) {
    return `${svc.profiles.length === 1 ? 'profile' : 'profiles'} ${svc.profiles.join(', ')}`;
}

;// CONCATENATED MODULE: ./src/compose/replicas.ts
/**
 * The `--scale NAME=N` (or `--scale=NAME=N`) of up-flags, by service; a later one wins, as it does
 * for compose. Anything else is left to compose to judge.
 */
function scaleFlags(upFlags) {
    const out = new Map();
    upFlags.forEach((flag, i) => {
        const value = flag === '--scale' ? upFlags[i + 1] : flag.startsWith('--scale=') ? flag.slice('--scale='.length) : undefined;
        const m = value === undefined ? null : /^([^=]+)=(\d+)$/.exec(value);
        if (m)
            out.set(m[1], Number(m[2]));
    });
    return out;
}
/** The services of `model` that `up` with these flags creates no container for, in model order. */
function notStarting(model, upFlags) {
    const flags = scaleFlags(upFlags);
    const out = [];
    for (const svc of model.services.values()) {
        const flag = flags.get(svc.name);
        if (flag === 0)
            out.push({ name: svc.name, why: `up-flags --scale ${svc.name}=0`, inFile: false });
        else if (flag === undefined && svc.replicas?.count === 0)
            out.push({ name: svc.name, why: `${svc.replicas.key}: 0`, inFile: true });
    }
    return out;
}
/** "alpine-test-backend starts no container (deploy.replicas: 0)", the words every message uses. */
function describeNotStarting(s) {
    return `${s.name} starts no container (${s.why})`;
}
/** A service named by an input (`services`, `backend-service`, `auth-service`) that starts no container. */
class ServiceNotStartedError extends Error {
    input;
    query;
    notStarting;
    constructor(input, query, notStarting) {
        const s = notStarting;
        const named = query === s.name ? s.name : `'${query}' is ${s.name}, which`;
        const instead = input === 'services' ? `Remove it from '${input}'` : `Set '${input}' to a service that starts`;
        const start = s.inFile ? `start it with up-flags '--scale ${s.name}=1'` : `drop '--scale ${s.name}=0' from up-flags`;
        super(`Input '${input}': ${named} starts no container (${s.why}): compose creates none for it, even when named. ${instead}, or ${start}.`);
        this.input = input;
        this.query = query;
        this.notStarting = notStarting;
        this.name = 'ServiceNotStartedError';
    }
}

;// CONCATENATED MODULE: ./src/compose/plan-services.ts






/** Resolve the services the inputs name, on the model of the services whose profiles are active. */
function planServices(inputs, model, inactive, profiles) {
    const p = {
        model,
        inactive,
        profiles,
        zero: new Map(notStarting(model, inputs.upFlags).map((s) => [s.name, s])),
        resolutions: [],
        notices: [],
    };
    const services = inputs.services.map((s) => mustStart(p, resolveNamed(p, s, 'services'), 'services').service);
    const backendSvc = starting(p, 'backend', inputs.backendService, 'backend-service', inputs.backendServiceExplicit);
    const authSvc = inputs.authService === undefined ? undefined : starting(p, 'auth', inputs.authService, 'auth-service', inputs.authServiceExplicit);
    // Started even without a URL: the tests named it, and the stack is judged on its containers.
    if (services.length > 0) {
        for (const needed of [backendSvc, authSvc]) {
            if (needed && !services.includes(needed.service))
                services.push(needed.service);
        }
    }
    const backend = backendSvc &&
        endpoint(p, 'backend', backendSvc, { input: 'backend-port', port: inputs.backendPort, explicit: inputs.backendPortExplicit });
    const auth = authSvc && endpoint(p, 'auth', authSvc, { input: 'auth-port', port: inputs.authPort, explicit: inputs.authPortExplicit });
    const started = [...new Set(services)];
    return {
        services: started,
        awaited: started.length > 0 ? started : [...model.services.keys()].filter((name) => !p.zero.has(name)),
        backend,
        auth,
        resolutions: p.resolutions,
        notStarting: [...p.zero.values()].sort((a, b) => byText(a.name, b.name)),
        notices: p.notices,
    };
}
/** A name that must exist (`services`, or an explicit backend/auth service). */
function resolveNamed(p, query, input) {
    try {
        const r = resolveService(p.model, query, input);
        p.resolutions.push(r);
        return r;
    }
    catch (err) {
        throw profileError(p, err, query, input) ?? new PlanError('services', err.message, [], err);
    }
}
/** A name that is missing only because its service's profiles are not active: say which to activate. */
function profileError(p, err, query, input) {
    if (!(err instanceof ServiceResolutionError) || err.kind !== 'missing')
        return undefined;
    let found;
    try {
        found = findService({ services: new Map(p.inactive.map((s) => [s.name, s])) }, query, input);
    }
    catch {
        return undefined; // ambiguous among inactive services: the plain "no service" says enough
    }
    const svc = p.inactive.find((s) => s.name === found?.service);
    if (!svc)
        return undefined;
    const named = svc.name === query ? svc.name : `'${query}' is ${svc.name}, which`;
    return new PlanError('services', `Input '${input}': ${named} is only in ${profileList(svc)}, and ${describeActive(p.profiles)}. ` +
        `Set COMPOSE_PROFILES=${svc.profiles[0]} in the step's env (or in .env), or name another service.`, [], err);
}
/** A service named explicitly must get a container: compose would start nothing for it, silently. */
function mustStart(p, r, input) {
    const zero = p.zero.get(r.service);
    if (!zero)
        return r;
    const err = new ServiceNotStartedError(input, r.query, zero);
    throw new PlanError('services', err.message, [], err);
}
/**
 * The backend or auth service. Left at its default, it may be absent (there is none), and one
 * that starts no container is none either (a notice says so); named explicitly, it must exist and
 * start.
 */
function starting(p, subject, query, input, explicit) {
    if (explicit)
        return mustStart(p, resolveNamed(p, query, input), input);
    let found;
    try {
        found = findService(p.model, query, input);
    }
    catch (err) {
        throw new PlanError('services', err.message, [], err);
    }
    if (!found)
        return undefined;
    p.resolutions.push(found);
    const zero = p.zero.get(found.service);
    if (!zero)
        return found;
    const none = subject === 'backend' ? 'no backend: the stack is ready when its containers are, and no URL is exported' : 'no auth service';
    p.notices.push({
        subject,
        input,
        service: found.service,
        message: `${input} left at its default '${query}'; ${describeNotStarting(zero)}: ${none}`,
    });
    return undefined;
}
/** The container port the endpoint is probed on; undefined when it publishes none (a notice says so). */
function endpoint(p, subject, r, want) {
    let choice;
    try {
        choice = chooseContainerPort(p.model.services.get(r.service), want);
    }
    catch (err) {
        if (err instanceof PortNotPublishedError)
            throw new PlanError('services', err.message, [], err);
        throw err;
    }
    if (choice.notice)
        p.notices.push({ subject, input: want.input, service: r.service, message: choice.notice });
    return choice.port === undefined ? undefined : { ...r, port: choice.port };
}

;// CONCATENATED MODULE: ./src/compose/project-directory.ts
/**
 * The project directory compose must run from. Compose resolves build contexts against it, and
 * real repos keep the file in docker/ while writing `context: .` meaning the repository root.
 * Candidates, in order: the compose file's own directory, working-directory, the workspace root;
 * the first in which `compose config` succeeds and every build context and Dockerfile exists wins.
 */



/**
 * A build context compose fetches (a URL, a git remote): no local folder to look in. Pure. The
 * prefixes both composes leave unresolved (v1's `is_url`, v2's compose-go): any `scheme://`,
 * `git@…` and `github.com/…`.
 */
function isRemoteContext(context) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || context.startsWith('github.com/');
}
/**
 * Every build context, Dockerfile and env file of the resolved model that does not exist. A remote
 * context has neither folder nor file here; a `dockerfile_inline` has no file; an absolute
 * `dockerfile` is not relative to the context.
 */
function missingBuildPaths(model, projectDirectory, workspace) {
    const missing = [];
    for (const svc of model.services.values()) {
        for (const envFile of svc.envFiles) {
            const p = external_node_path_.resolve(projectDirectory, envFile);
            if (!external_node_fs_.existsSync(p))
                missing.push({ service: svc.name, kind: 'env_file', path: p, nearest: nearestMatch(p, workspace) });
        }
        if (!svc.build)
            continue;
        if (isRemoteContext(svc.build.context))
            continue;
        const context = external_node_path_.resolve(projectDirectory, svc.build.context);
        if (!isDir(context)) {
            missing.push({ service: svc.name, kind: 'context', path: context, nearest: undefined });
            continue;
        }
        if (svc.build.inline !== undefined)
            continue;
        const dockerfile = external_node_path_.resolve(context, svc.build.dockerfile);
        if (!isFile(dockerfile))
            missing.push({ service: svc.name, kind: 'dockerfile', path: dockerfile, nearest: nearestMatch(dockerfile, workspace) });
    }
    return missing;
}
function isDir(p) {
    try {
        return external_node_fs_.statSync(p).isDirectory();
    }
    catch {
        return false;
    }
}
function isFile(p) {
    try {
        return external_node_fs_.statSync(p).isFile();
    }
    catch {
        return false;
    }
}
/** Edit distance, for "did you mean". */
function editDistance(a, b) {
    const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diag = prev[0];
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = prev[j];
            prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = tmp;
        }
    }
    return prev[b.length];
}
/**
 * The existing file in the workspace that looks most like `missing`: the same name elsewhere
 * first, then the closest name (by edit distance, within reason).
 */
function nearestMatch(missing, workspace) {
    const base = external_node_path_.basename(missing).toLowerCase();
    let best;
    for (const file of workspaceFiles(workspace)) {
        const name = external_node_path_.basename(file).toLowerCase();
        const distance = name === base ? 0 : editDistance(name, base);
        if (distance > Math.max(3, Math.floor(base.length / 3)))
            continue;
        // Same distance: prefer the one closer to where it was expected.
        const score = distance * 1000 + editDistance(external_node_path_.dirname(file), external_node_path_.dirname(missing));
        if (!best || score < best.score)
            best = { file, score };
    }
    return best?.file;
}
/** One line per missing path, workspace-relative, with its nearest match. */
function describeMissing(m, workspace) {
    const rel = (p) => external_node_path_.relative(workspace, p) || '.';
    const what = m.kind === 'dockerfile' ? 'Dockerfile' : m.kind === 'context' ? 'build context' : 'env_file';
    return `service ${m.service}: ${what} ${rel(m.path)} is missing${m.nearest ? `; ${rel(m.nearest)} exists` : ''}`;
}
/** The candidate directories in order, without repeats. */
function projectDirectoryCandidates(firstFile, workingDirectory, workspace) {
    return [...new Set([external_node_path_.dirname(firstFile), workingDirectory, workspace])];
}

;// CONCATENATED MODULE: ./src/compose/plan.ts
/**
 * The compose plan: which files, which project directory, which project name, which services,
 * and the resolved model, decided before anything is started. A failed plan fails the Docker path
 * before `up`, with everything a person needs to fix it.
 */
















const CONFIG_TIMEOUT_MS = 30_000;
/** Run `compose config` for one candidate directory and parse it. */
async function resolvedConfig(target, env, signal) {
    const r = await exec_exec(configArgs(target), { cwd: target.projectDirectory, env, timeoutMs: CONFIG_TIMEOUT_MS, signal });
    if (r.aborted)
        return { error: 'stopped: the plan is no longer needed' };
    if (r.code !== 0)
        return { error: exec_lastLines(r.stderr || r.stdout, 4) || `exit code ${r.code}` };
    try {
        return { model: parseComposeYaml(r.stdout) };
    }
    catch (err) {
        return { error: `could not parse the output of compose config: ${err instanceof Error ? err.message : String(err)}` };
    }
}
/** Which compose files: the named ones (checked), else discovered. No process is started. */
function chooseFiles(inputs) {
    try {
        if (inputs.composeFiles.length > 0) {
            checkNamedFiles(inputs.composeFiles, inputs.workspace);
            return { files: inputs.composeFiles, discovery: undefined };
        }
        const discovery = discoverComposeFiles(inputs.workingDirectory, inputs.backendService, inputs.workspace);
        return { files: discovery.files, discovery };
    }
    catch (err) {
        throw new PlanError('discovery', err.message, [], err);
    }
}
function directoryCandidates(inputs, files) {
    return inputs.projectDirectory
        ? [inputs.projectDirectory]
        : projectDirectoryCandidates(files[0], inputs.workingDirectory, inputs.workspace);
}
function directoryWhy(inputs, inOrder, dir) {
    const rel = (p) => external_node_path_.relative(inputs.workspace, p) || '.';
    const earlier = inOrder.slice(0, inOrder.indexOf(dir));
    return inputs.projectDirectory
        ? 'given by the project-directory input'
        : earlier.length === 0
            ? "the compose file's own directory, where every build context and Dockerfile exists"
            : `every build context and Dockerfile exists from here (not from ${earlier.map(rel).join(', ')})`;
}
/**
 * The plan the raw files predict, without starting any process: files, the first project
 * directory in which every build path exists, services resolved on the raw (interpolated) model.
 * Undefined when the files alone cannot settle it. `compose config` must still confirm it.
 */
function predictPlan(inputs, compose, env, projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix)) {
    try {
        const { files, discovery } = chooseFiles(inputs);
        const inOrder = directoryCandidates(inputs, files);
        const model = readRawModel(files, env);
        const dir = model && firstWorkableDirectory(model, inOrder, inputs.workspace, env);
        if (!model || !dir)
            return undefined;
        return finishPlan(inputs, compose, env, { files, discovery, projectName, dir, why: directoryWhy(inputs, inOrder, dir), model });
    }
    catch {
        return undefined;
    }
}
/**
 * Whether `confirmed` starts exactly the stack `predicted` started, and waits for the same
 * services: same compose, files, directory, project, services and awaited containers. Pure.
 */
function samePlan(predicted, confirmed) {
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    const sameSet = (a, b) => same([...a].sort(), [...b].sort());
    return (same(predicted.compose.argv, confirmed.compose.argv) &&
        same(predicted.files, confirmed.files) &&
        predicted.projectDirectory === confirmed.projectDirectory &&
        predicted.projectName === confirmed.projectName &&
        sameSet(predicted.services, confirmed.services) &&
        sameSet(predicted.awaited, confirmed.awaited) &&
        predicted.backend?.service === confirmed.backend?.service &&
        predicted.backend?.port === confirmed.backend?.port &&
        predicted.auth?.service === confirmed.auth?.service &&
        predicted.auth?.port === confirmed.auth?.port);
}
/** Decide files, project directory and name, resolve the config and the services. */
async function makePlan(inputs, compose, env, projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix), 
/** Stops its compose processes (killed, not awaited): the plan is no longer needed. */
signal) {
    const { files, discovery } = chooseFiles(inputs);
    try {
        return await planFor(inputs, compose, env, projectName, files, discovery, signal);
    }
    catch (err) {
        if (err instanceof PlanError)
            err.files = files;
        throw err;
    }
}
async function planFor(inputs, compose, env, projectName, files, discovery, signal) {
    const ws = inputs.workspace;
    const rel = (p) => external_node_path_.relative(ws, p) || '.';
    const inOrder = directoryCandidates(inputs, files);
    const raw = readRawModel(files, env);
    // Try first the directory the raw files predict, so one `compose config` usually confirms it.
    const predicted = raw && firstWorkableDirectory(raw, inOrder, ws, env);
    const candidates = predicted ? [predicted, ...inOrder.filter((d) => d !== predicted)] : inOrder;
    let chosen;
    const attempts = [];
    for (const dir of candidates) {
        if (signal?.aborted)
            throw new PlanError('config', 'stopped: the plan is no longer needed');
        const config = await resolvedConfig({ compose, projectName, projectDirectory: dir, files }, env, signal);
        if ('error' in config) {
            attempts.push({ dir, error: config.error, missing: [] });
            continue;
        }
        const missing = missingBuildPaths(startingServices(config.model, env, dir), dir, ws);
        if (missing.length === 0) {
            chosen = { dir, model: config.model, why: directoryWhy(inputs, inOrder, dir) };
            break;
        }
        attempts.push({ dir, missing, model: config.model });
    }
    // No directory has every build path: one will do where only services that are not built lack
    // theirs (their image is on the engine already, and build is false).
    if (!chosen && !inputs.build) {
        for (const a of attempts) {
            if (!a.model || a.missing.some((m) => m.kind === 'env_file'))
                continue;
            const present = await imagesPresent(a.model, [...new Set(a.missing.map((m) => m.service))], env);
            if (a.missing.every((m) => present.has(m.service))) {
                const image = (s) => a.model?.services.get(s)?.image ?? '';
                const why = `${directoryWhy(inputs, inOrder, a.dir)}, but for services not built here`;
                chosen = { dir: a.dir, model: a.model, why, notBuilt: a.missing.map((m) => ({ ...m, image: image(m.service) })) };
                break;
            }
        }
    }
    if (!chosen) {
        const withConfig = attempts.filter((a) => a.error === undefined);
        if (withConfig.length === 0) {
            const first = attempts[0];
            throw new PlanError('config', `compose config failed for ${files.map(rel).join(', ')} (project directory ${rel(first?.dir ?? ws)}): ${first?.error ?? 'unknown error'}`);
        }
        // Report the directory that came closest: fewest missing paths, then the one whose missing
        // paths lie nearest to files that exist (what the author most likely meant), then the earliest.
        const distance = (a) => a.missing.reduce((sum, m) => sum + (m.nearest ? editDistance(external_node_path_.relative(ws, m.path), external_node_path_.relative(ws, m.nearest)) : 1000), 0);
        const best = withConfig.reduce((a, b) => b.missing.length < a.missing.length || (b.missing.length === a.missing.length && distance(b) < distance(a)) ? b : a);
        const lines = best.missing.map((m) => describeMissing(m, ws));
        const tried = attempts.map((a) => rel(a.dir)).join(', ');
        throw new PlanError('project-directory', `No project directory works: from ${rel(best.dir)} (best of ${tried}) ${lines.join('; ')}. Fix the path in the compose file or set 'project-directory'.`, best.missing);
    }
    return finishPlan(inputs, compose, env, { files, discovery, projectName, ...chosen, model: withProfiledServices(chosen.model, raw) });
}
/** Which of `services` (built ones, with an `image:`) have that image on the engine already. */
async function imagesPresent(model, services, env) {
    const named = services.flatMap((s) => {
        const image = model.services.get(s)?.image;
        return image ? [{ s, image }] : [];
    });
    const found = await Promise.all(named.map(({ image }) => exec_exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', image], { env, timeoutMs: 10_000 })));
    return new Set(named.filter((_, i) => found[i]?.code === 0).map(({ s }) => s));
}
/**
 * Compose v2's `config` prints only the services whose profiles are active; v1's prints them all.
 * Add the profiled services only the raw files show, so both report what was left out, and why.
 */
function withProfiledServices(config, raw) {
    const missing = [...(raw?.services.values() ?? [])].filter((s) => s.profiles.length > 0 && !config.services.has(s.name));
    if (missing.length === 0)
        return config;
    return { ...config, services: new Map([...config.services, ...missing.map((s) => [s.name, s])]) };
}
/** The services `up` starts from `dir` (their profiles active): only their build paths matter. */
function startingServices(model, env, dir) {
    return splitByProfiles(model, activeProfiles(env, dir).names).active;
}
/** Resolve the services on a model and check that the ports the tests need are published. */
function finishPlan(inputs, compose, env, p) {
    const { files, discovery, projectName } = p;
    const profiles = activeProfiles(env, p.dir);
    const { active: model, inactive } = splitByProfiles(p.model, profiles.names);
    const planned = planServices(inputs, model, inactive, profiles);
    const problems = [...model.services.values()].flatMap((s) => s.readyProblems ?? []);
    if (problems.length > 0) {
        const err = new DeclarationError(problems);
        throw new PlanError('config', err.message, [], err);
    }
    return {
        compose,
        projectName,
        projectDirectory: p.dir,
        projectDirectoryWhy: p.why,
        files,
        model,
        profiles,
        inactive: inactive.map((s) => ({ name: s.name, profiles: s.profiles })).sort((a, b) => byText(a.name, b.name)),
        discovery,
        ...planned,
        notBuilt: p.notBuilt ?? [],
    };
}
/**
 * A `compose config` failure on a file written for a newer compose than `compose`: the same
 * failure, saying which key needs which version, on its line. Undefined when that is not why
 * (or the version is unknown). Called once the compose version is known: an early plan runs
 * before it is.
 */
function tooOldFor(err, compose, workspace) {
    if (err.stage !== 'config' || !compose.version || err.underlying instanceof DeclarationError)
        return undefined;
    const unmet = unmetNeeds(findVersionNeeds(err.files), compose.version);
    if (unmet.length === 0)
        return undefined;
    const rel = (p) => external_node_path_.relative(workspace, p) || '.';
    const tooOld = new ComposeTooOldError(unmet, compose.version, describeUnmetNeeds(unmet, compose.version, rel));
    const again = new PlanError('config', `${tooOld.message} ${err.message}`, [], tooOld);
    again.files = err.files;
    return again;
}
/** The first candidate in which the raw (interpolated) files' build paths all exist; undefined when unsure. */
function predictProjectDirectory(files, candidates, workspace, env) {
    const raw = readRawModel(files, env);
    return raw && firstWorkableDirectory(raw, candidates, workspace, env);
}
/** The raw (interpolated) model of the files; undefined when one cannot be read or parsed. */
function readRawModel(files, env) {
    try {
        return rawModel(files.map((f) => external_node_fs_.readFileSync(f, 'utf8')), env);
    }
    catch {
        return undefined;
    }
}
/** The first candidate in which every build path of the services that start exists. */
function firstWorkableDirectory(model, candidates, workspace, env) {
    return candidates.find((d) => missingBuildPaths(startingServices(model, env, d), d, workspace).length === 0);
}


;// CONCATENATED MODULE: ./src/compose/output.ts
/**
 * What compose prints, read: the lines of a failed `up`, `pull` or `build` that say what failed,
 * and a container's own lines in `compose logs`. v1 and v2 print these differently (recorded in
 * __tests__/fixtures/compose-output): v2 puts BuildKit's progress on stdout and its errors on
 * stderr, starts each log line with an erase-line escape and names containers `p-svc-1`; v1 says
 * `ERROR: for svc  …`, `Attaching to …` and `p_svc_1`. Pure.
 */

/** Progress that says nothing about why: `Container x  Creating`, `Creating x ... error`, `Pulling app ...`. */
const PROGRESS = /^\s*(?:(?:Network|Container|Volume|Image)\s+\S+\s+\w+|(?:Creating|Starting|Pulling|Building|Recreating)\b.*\.\.\.(?:\s*(?:done|error))?|\S+ Pulling|Encountered errors while bringing up the project\.|#\d+ (?!ERROR).*|DEPRECATED:.*|Install the buildx.*|https:\/\/\S*)\s*$/;
/** One line of compose output that says what failed, rewritten to name its service where it does. */
function errorLine(line) {
    const l = line.trim();
    let m;
    // v1: "ERROR: for alpine-test-auth  pull access denied …"
    if ((m = /^ERROR: for (\S+)\s+(.*)$/.exec(l)))
        return `${m[1]}: ${m[2]}`;
    // v2 progress: " alpine-test-auth Error Get "https://…": … no such host"
    if ((m = /^(\S+) Error (.+)$/.exec(l)) && !/^Error\b/.test(l))
        return `${m[1]}: ${m[2]}`;
    // BuildKit's own step error on stdout: "#5 ERROR: process "/bin/sh -c false" did not complete …"
    if ((m = /^#\d+ ERROR: (.*)$/.exec(l)))
        return m[1];
    if (/^(?:Error response from daemon: |failed to solve: |unable to prepare context: |Service '.*' failed to build|The command '.*' returned a non-zero code|ERROR: |Error: |error: |resolve : |no such service: |service ".*" )/i.test(l))
        return l;
    return undefined;
}
/**
 * The lines of a failed compose command that say what failed, in order, without repeats (v1 says
 * each error twice: once per container, once per service). When none is recognised, the last
 * line of stderr that is not progress: compose v1 prints a failed pull's cause bare.
 */
function errorLines(stderr, stdout = '') {
    const out = [];
    // The same error said again (per container, then per service; by the service, then by the
    // daemon) differs only in what stands before it: compare what follows.
    const said = (l) => l.replace(/^(?:\S+: )?(?:Error response from daemon: )?/, '');
    const add = (l) => {
        if (l !== undefined && !out.some((o) => said(o) === said(l)))
            out.push(l);
    };
    for (const line of stderr.split(/\r\n|\n|\r/))
        add(errorLine(line));
    if (out.length === 0)
        for (const line of stdout.split(/\r\n|\n|\r/))
            add(errorLine(line));
    if (out.length === 0) {
        const last = stderr
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l !== '' && !PROGRESS.test(l))
            .at(-1);
        if (last)
            out.push(last);
    }
    // Compose's own words, quoted in the reason and the summary: outside text, made safe.
    return out.map((l) => (0,outside/* outsideLine */.U2)(l));
}
/**
 * The service whose pull or build compose was at when it failed: v1 says "Pulling app (image)..."
 * or "Building app" on stderr, v2 "app Pulling" there and BuildKit "#5 [app 2/2] RUN …" on stdout.
 */
function serviceInProgress(stderr, stdout = '') {
    const last = (text, re) => {
        const lines = text.split(/\r?\n/).map((l) => l.trim());
        for (let i = lines.length - 1; i >= 0; i--) {
            const m = re.exec(lines[i]);
            if (m)
                return m.slice(1).find((g) => g !== undefined);
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
function output_logLines(stdout) {
    return stdout
        .split(/\r?\n/)
        .map((l) => l.replace(/^\x1b\[[0-9;]*[A-Za-z]/, ''))
        .filter((l) => l.trim() !== '' && !/^Attaching to /.test(l))
        .map((l) => l.replace(/^[^|]*\|\s?/, ''));
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
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
function readIfPresent(file) {
    try {
        return external_node_fs_.readFileSync(file, 'utf8');
    }
    catch {
        return '';
    }
}
function readSigns() {
    return {
        dockerenv: external_node_fs_.existsSync('/.dockerenv'),
        mountinfo: readIfPresent('/proc/self/mountinfo'),
        cgroup: readIfPresent('/proc/self/cgroup'),
        hostname: external_node_os_.hostname(),
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
    const r = await exec_exec(['docker', 'inspect', '--type', 'container', ...candidates], { env, timeoutMs });
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
        ? `the engine does not know container ${candidates[0].slice(0, 12)} (${exec_lastLines(r.stderr, 1) || `exit code ${r.code}`})`
        : `the engine does not know container ${candidates[0].slice(0, 12)}`;
    return { kind: 'foreign-container', why };
}

;// CONCATENATED MODULE: ./src/stack/containers.ts
/**
 * The project's containers, found by the `com.docker.compose.*` labels (never by container name:
 * v1 says p_svc_1 and v2 p-svc-1), with their state, health and published ports from the engine.
 */


/** The engine's StartedAt, in ms; undefined for the zero time of a container never started. */
function startedAtOf(text) {
    const ms = text ? Date.parse(text) : NaN;
    return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}
/** Turn `docker inspect` JSON into ContainerInfo. Pure. */
function parseInspect(json) {
    const items = JSON.parse(json);
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
            lastHealthOutput: last ? exec_lastLines(last.Output, 5) || `exit code ${last.ExitCode}` : undefined,
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
        };
    });
}
/** All (non one-off) containers of a compose project. */
async function projectContainers(project, env, timeoutMs = 10_000) {
    const ps = await exec_exec(['docker', 'ps', '--all', '--quiet', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`], {
        env,
        timeoutMs,
    });
    if (ps.code !== 0)
        throw new Error(`docker ps failed: ${exec_lastLines(ps.stderr, 2)}`);
    return inspectContainers(ps.stdout.split('\n').filter(Boolean), env, timeoutMs);
}
/** Inspect known containers; one that is gone is simply missing from the result. */
async function inspectContainers(ids, env, timeoutMs = 10_000) {
    if (ids.length === 0)
        return [];
    const inspect = await exec_exec(['docker', 'inspect', ...ids], { env, timeoutMs });
    // A container removed meanwhile makes inspect exit 1 but still print the others.
    if (inspect.stdout.trim().startsWith('['))
        return parseInspect(inspect.stdout);
    throw new Error(`docker inspect failed: ${exec_lastLines(inspect.stderr, 2)}`);
}
/**
 * Choose the binding to reach a container port on, and the host to name in URLs. Wildcard
 * bindings mean "localhost" (the engine's host when remote); if the IPv4 and IPv6 wildcard
 * bindings got different host ports, name 127.0.0.1 so a client that tries ::1 first cannot land on
 * another container. Pure.
 */
function choosePublished(bindings, engineHost) {
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
/**
 * The ports of `services` this step reaches, from their containers (the first replica of each):
 * keyed by container port (`5432`, or `5000/udp` for another protocol), each reached as `reacher`
 * says (published ports on a host; every port a container has, by service name, in a container
 * job). A service with no port reached has the reacher's host for it and no ports. Pure.
 */
function publishedPorts(containers, services, reacher) {
    const out = {};
    for (const service of services) {
        const mine = containers.filter((c) => c.service === service).sort((a, b) => byText(a.name, b.name));
        const first = mine[0];
        if (!first)
            continue;
        const ports = {};
        let host;
        const keys = Object.keys(first.ports).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || byText(a, b));
        for (const key of keys) {
            const r = reacher.endpoint(first, key);
            if (!r || !('host' in r))
                continue;
            host ??= r.host;
            ports[key.endsWith('/tcp') ? key.slice(0, -4) : key] = r.port;
        }
        out[service] = { host: host ?? reacher.defaultHost(first), ports };
    }
    return out;
}
/** `COMPOSE_HOST_<SERVICE>` and `COMPOSE_PORT_<SERVICE>_<PORT>`: upper case, any other character `_`. */
function portVariables(ports) {
    const name = (s) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    const out = {};
    for (const [service, { host, ports: byPort }] of Object.entries(ports)) {
        out[`COMPOSE_HOST_${name(service)}`] = host;
        for (const [port, hostPort] of Object.entries(byPort))
            out[`COMPOSE_PORT_${name(service)}_${name(port)}`] = String(hostPort);
    }
    return out;
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
        const r = await exec_exec(['docker', 'network', 'disconnect', '--force', network, joined.container], { env, timeoutMs: 30_000 });
        const gone = r.code === 0 || /not connected|no such network|not found/i.test(r.stderr);
        return { network, why: gone ? undefined : exec_lastLines(r.stderr, 1) || `exit code ${r.code}` };
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
            const r = await exec_exec(['docker', 'network', 'connect', network, container.id], { env, timeoutMs: 30_000 });
            if (r.code !== 0 && !/already exists in network|already connected/i.test(r.stderr))
                this.failed.set(network, exec_lastLines(r.stderr, 1) || `exit code ${r.code}`);
        }
        catch (err) {
            this.failed.set(network, (0,outside/* outsideLine */.U2)(String(err), 300));
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
    return exec_exec(argv, { env, timeoutMs: 10_000 });
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
        return { kind: 'timeout', detail: 'compose up did not finish before startup-timeout' };
    const lines = errorLines(r.stderr, r.stdout);
    const service = serviceInProgress(r.stderr, r.stdout);
    const named = lines.some((l) => service !== undefined && l.includes(service));
    // Compose's words, without the paths of credential files (a TLS engine's certificates, an ssh key).
    const said = withoutCredentialPaths(`${service && !named ? `${service}: ` : ''}${lines.slice(0, 3).join(' | ') || `exit code ${r.code}`}`, env);
    const text = `${r.stderr}\n${r.stdout}`;
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
    return { kind: 'other', detail: said };
}
/** Without `up --pull never` (before 2.8): check that the images of services that are not built exist here. */
async function missingImages(target, env, timeoutMs) {
    const results = await Promise.all(target.images.map((img) => exec_exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', img], { env, timeoutMs })));
    return target.images.filter((_, i) => results[i]?.code !== 0);
}
/** Pull (if emulated) and `up -d`, within `budgetMs`; `signal` stops it (kind 'stopped'). */
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
    const pull = pullArgs(target, options);
    if (pull) {
        const r = await exec_exec(pull, { cwd: target.projectDirectory, env, timeoutMs: left(), signal, onLine });
        if (r.aborted)
            return stopped();
        if (r.code !== 0)
            return fail(classifyUpFailure(r, env));
    }
    const r = await exec_exec(upArgs(target, options), { cwd: target.projectDirectory, env, timeoutMs: left(), signal, onLine });
    if (r.aborted)
        return stopped();
    if (r.code !== 0)
        return fail(classifyUpFailure(r, env));
    return { ok: true, durationMs: performance.now() - started };
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
    return ids.length ? exec_exec(['docker', 'rm', '--force', '--volumes', ...ids], { env, timeoutMs: 30_000 }) : Promise.resolve(undefined);
}
/** Networks and volumes, side by side: once no container uses them. */
function removeNetworksAndVolumes(nets, vols, env) {
    return Promise.all([
        nets.length ? exec_exec(['docker', 'network', 'rm', ...nets], { env, timeoutMs: 30_000 }) : undefined,
        vols.length ? exec_exec(['docker', 'volume', 'rm', '--force', ...vols], { env, timeoutMs: 30_000 }) : undefined,
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
    const down = await exec_exec(downArgs(target), { cwd: target.projectDirectory, env, timeoutMs: 60_000 });
    /** Remove by label whatever is still there: how many containers were, or undefined when the engine could not be asked. */
    let unreachable = '';
    const sweep = async () => {
        const [left, nets, vols] = await listProject(target.projectName, env);
        if (left.code !== 0) {
            unreachable = exec_lastLines(left.stderr, 1) || (left.timedOut ? 'no answer in time' : `exit code ${left.code}`);
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
    const downFailed = down.code !== 0 ? `compose down failed (${exec_lastLines(down.stderr, 1) || `exit code ${down.code}`})` : undefined;
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

;// CONCATENATED MODULE: ./src/stack/events.ts
/**
 * The engine's events for one project's containers (`docker events`, by the compose project
 * label), so that the watch does not have to poll for what did not change:
 *
 * - a container that starts, dies, restarts or changes health wakes the watch at once (a crash is
 *   seen within one `docker inspect`, not at the next look, which is 500 ms apart while `up` runs);
 * - while nothing has happened since the last `docker inspect`, its answer still stands, so the
 *   watch can probe the endpoints without asking the engine again.
 *
 * Best effort: when the stream cannot start or ends (an old engine, a remote one that drops it),
 * the watch simply inspects at every look, as without it.
 */



/** How many recent events are kept (health_status alone brings one per container and interval). */
const KEEP_EVENTS = 200;
class ProjectEvents {
    /** How many container events (other than exec_*) have come; compare to see whether any came since. */
    seq = 0;
    /** Whether the stream is known to be subscribed: it has delivered an event and has not ended. */
    live = false;
    recent = [];
    sleepers = new Set();
    mourners = new Set();
    stop = new AbortController();
    stream = Promise.resolve();
    /** Follow the project's container events from the engine until {@link close}, or `budgetMs`. */
    follow(project, env, budgetMs) {
        const argv = [
            'docker',
            'events',
            '--filter',
            `label=com.docker.compose.project=${project}`,
            '--filter',
            'type=container',
            '--format',
            '{{.Action}}\t{{.Actor.ID}}\t{{index .Actor.Attributes "exitCode"}}',
        ];
        this.stream = exec_exec(argv, {
            env,
            signal: this.stop.signal,
            timeoutMs: budgetMs,
            onLine: (line, stream) => {
                if (stream === 'stdout')
                    this.event(line.trim());
            },
        }).then(() => {
            this.live = false;
        });
        return this;
    }
    /**
     * One event as the stream prints it: its action (`start`, `die`, `health_status: unhealthy`,
     * `exec_start: …`), the container's id and, for `die`, the exit code, tab-separated.
     */
    event(line) {
        const [action = '', id = '', code = ''] = line.split('\t');
        // Healthchecks run through exec: those events say nothing a health_status event does not.
        if (!action || action.startsWith('exec_'))
            return;
        src_core/* debug */.Yz(`engine event: ${(0,outside/* outsideLine */.U2)(action)}`);
        this.live = true;
        this.seq += 1;
        this.recent.push({ seq: this.seq, action, id, exitCode: action === 'die' && /^\d+$/.test(code) ? Number(code) : undefined });
        if (this.recent.length > KEEP_EVENTS)
            this.recent.splice(0, this.recent.length - KEEP_EVENTS);
        if (action === 'die')
            for (const m of [...this.mourners])
                m();
        this.wake();
    }
    /** The events after the `seq`-th, oldest first; undefined when they are no longer all kept. */
    since(seq) {
        const first = this.recent[0];
        if (seq < this.seq && (first === undefined || first.seq > seq + 1))
            return undefined;
        return this.recent.filter((e) => e.seq > seq);
    }
    /** End every sleep now. */
    wake() {
        const sleepers = [...this.sleepers];
        this.sleepers.clear();
        for (const s of sleepers)
            s();
    }
    /** Sleep `ms`, or less when an event (or {@link wake}) comes first; the timer is cleared either way. */
    sleep(ms) {
        return new Promise((resolve) => {
            const done = () => {
                clearTimeout(timer);
                this.sleepers.delete(done);
                resolve();
            };
            const timer = setTimeout(done, Math.max(0, ms));
            this.sleepers.add(done);
        });
    }
    /**
     * Settles when a container dies (not on other events: a health change must not keep cutting
     * short what the watch is doing); `cancel` once it is not needed.
     */
    untilDeath() {
        let done = () => undefined;
        const died = new Promise((resolve) => {
            done = () => {
                this.mourners.delete(done);
                resolve();
            };
            this.mourners.add(done);
        });
        return { died, cancel: () => this.mourners.delete(done) };
    }
    /** Stop following (the stream's process is killed); settles once it has ended. */
    close() {
        this.stop.abort();
        this.wake();
        return this.stream;
    }
}

;// CONCATENATED MODULE: ./src/stack/progress.ts
/**
 * What a running `up` has said, and what the watch is still waiting for: kept from the moment `up`
 * starts (an early `up` starts before its log group opens), shown once a printer is attached.
 */
/** Lines kept while no printer is attached; beyond this, the oldest are dropped (and counted). */
const KEEP = 500;
class UpProgress {
    startedAt = performance.now();
    /** What the watch's latest look found not ready yet (undefined before the first look). */
    waiting;
    /** Whether `up` still runs. */
    upRunning = true;
    kept = [];
    dropped = 0;
    print;
    /** A line of `up`'s own output (blank ones are skipped). */
    line(text) {
        if (text.trim() === '')
            return;
        if (this.print)
            return this.print(text);
        this.kept.push(text);
        if (this.kept.length > KEEP) {
            this.kept.shift();
            this.dropped++;
        }
    }
    /** Print what was kept, then every line as it comes. */
    attach(print) {
        if (this.dropped > 0)
            print(`(${this.dropped} earlier lines not shown)`);
        for (const l of this.kept)
            print(l);
        this.kept = [];
        this.dropped = 0;
        this.print = print;
    }
    detach() {
        this.print = undefined;
    }
    /** "compose up is running; alpine-test-backend: health: starting; alpine-test-worker: no container yet" */
    describeWaiting() {
        const parts = (this.waiting ?? []).filter((w) => w.service !== 'compose up').map((w) => `${w.service}: ${w.why}`);
        if (this.upRunning)
            parts.unshift('compose up is still running');
        if (parts.length > 0)
            return parts.join('; ');
        return this.waiting === undefined ? 'the first look at the containers' : 'the last checks of a stack that looks ready';
    }
}

;// CONCATENATED MODULE: ./src/readiness/types.ts
/**
 * The vocabulary of readiness: the rules that make a service ready, the checks a compose file
 * may declare for a service, and what one check says at one moment. A leaf: it imports nothing.
 *
 * The rules, in the order they apply (the first that fits a service is its rule; see
 * readiness/rules.ts): `declared`, `endpoint` (the backend or auth service: its HTTP/WebSocket
 * probes), `healthcheck`, `listening` (every published TCP port listening inside the container),
 * `running` (running, and not exited or restarted within 1 s of its start). A one-shot that
 * exited 0 is `done`, whatever its rule would have been.
 */
const pass = (why) => ({ state: 'pass', why });
const wait = (why) => ({ state: 'wait', why });
const fail = (why) => ({ state: 'fail', why });

;// CONCATENATED MODULE: ./src/readiness/checks/healthcheck.ts

function judgeHealthcheck(c, own) {
    if (c.health === 'healthy')
        return pass('healthy');
    if (own.passed)
        return pass('healthcheck passes (the action ran it)');
    if (c.health === 'unhealthy') {
        const why = `unhealthy${c.lastHealthOutput ? `: ${c.lastHealthOutput}` : ''}`;
        return own.confirmedUnhealthy ? fail(why) : wait(`${why}; checking once more`);
    }
    return wait('health: starting');
}
/**
 * For the backend and auth services, whose probes decide: `starting` does not hold them back, but
 * a confirmed `unhealthy` fails them. Pure.
 */
function judgeEndpointHealth(c, own) {
    if (c.health !== 'unhealthy' || own.passed)
        return pass('');
    return judgeHealthcheck(c, own);
}
/** The argv that runs the container's healthcheck as Docker would; undefined when it has none we can run. */
function healthArgv(c) {
    const test = c.healthTest;
    if (!test || test.length < 2)
        return undefined;
    if (test[0] === 'CMD-SHELL')
        return ['docker', 'exec', c.id, '/bin/sh', '-c', test.slice(1).join(' ')];
    if (test[0] === 'CMD')
        return ['docker', 'exec', c.id, ...test.slice(1)];
    return undefined;
}

;// CONCATENATED MODULE: ./src/readiness/checks/life.ts

/** Restart policies under which the engine starts an exited container again (after a failure, at least). */
const RESTARTS_ON_FAILURE = new Set(['always', 'unless-stopped', 'on-failure']);
const RESTARTS_ON_SUCCESS = new Set(['always', 'unless-stopped']);
/**
 * A one-shot: nothing to reach (no published port), no healthcheck, and no restart policy, so
 * exiting is how it ends its work (a migration, a seed). Exiting 0 is then "done". Pure.
 */
function isOneShot(c) {
    // What is bound now is gone once the container exited: what it asked to publish stays.
    const published = c.publishes.length > 0 || Object.values(c.ports).some((b) => b.length > 0);
    return !published && c.healthTest === undefined && (c.restartPolicy === '' || c.restartPolicy === 'no');
}
/** How the container's main process ended, as a person reads it. */
function exitWords(c) {
    return `exited with code ${c.exitCode}${c.oomKilled ? ' (killed: out of memory)' : ''}`;
}
/** Judge the container's life. `mayBeDone`: exiting 0 is done for it (a one-shot). Pure. */
function judgeLife(c, mayBeDone) {
    const exited = exitWords(c);
    if (c.restartCount >= 2)
        return fail(`restart loop: restarted ${c.restartCount} times, last ${exited}`);
    switch (c.status) {
        case 'running':
            return { state: 'running' };
        case 'restarting':
            return c.restartCount >= 1 ? fail(`restart loop: ${exited}, restarting again`) : wait(`${exited}; restarting`);
        case 'exited': {
            if (c.exitCode === 0 && mayBeDone)
                return { state: 'done', why: 'done (exited 0)' };
            const restarts = (c.exitCode === 0 ? RESTARTS_ON_SUCCESS : RESTARTS_ON_FAILURE).has(c.restartPolicy);
            if (restarts && c.restartCount < 1)
                return wait(`${exited}; restart policy ${c.restartPolicy}`);
            return fail(exited);
        }
        case 'created':
            return wait('created, not started');
        default:
            return fail(`${c.status}${c.error ? `: ${c.error}` : ''}`);
    }
}

;// CONCATENATED MODULE: ./src/readiness/checks/listening.ts
/**
 * The listening rule: a container port counts once a socket listens on it inside the container,
 * read from the kernel's table (/proc/net/tcp and tcp6 of the container's network namespace).
 * Docker's userland proxy accepts on the published host port before the service listens, so a
 * connect from the host proves nothing. Pure.
 */

const LISTEN = '0A';
/** 127.0.0.0/8 in /proc's little-endian hex ends in 7F; ::1 and ::ffff:127.x are these. */
const isLoopbackHex = (hex) => (hex.length === 8 && hex.endsWith('7F')) ||
    hex === '00000000000000000000000001000000' ||
    (hex.length === 32 && hex.startsWith('0000000000000000FFFF0000') && hex.endsWith('7F'));
/** The listening sockets of /proc/net/tcp and /proc/net/tcp6 text (either or both, concatenated). Pure. */
function parseListeners(text) {
    const out = [];
    for (const line of text.split('\n')) {
        const f = line.trim().split(/\s+/);
        // sl local_address rem_address st …
        if (f.length < 4 || !/^\d+:$/.test(f[0]) || f[3] !== LISTEN)
            continue;
        const [address = '', portHex = ''] = f[1].split(':');
        const port = parseInt(portHex, 16);
        if (Number.isNaN(port))
            continue;
        out.push({ address, port, loopback: isLoopbackHex(address.toUpperCase()) });
    }
    return out;
}
/** Whether every port in `ports` listens on an address reachable from outside the container. Pure. */
function judgeListening(ports, listeners) {
    const loopbackOnly = [];
    const closed = [];
    for (const port of ports) {
        const mine = listeners.filter((l) => l.port === port);
        if (mine.some((l) => !l.loopback))
            continue;
        (mine.length > 0 ? loopbackOnly : closed).push(port);
    }
    const list = (ps) => `${ps.length > 1 ? 'ports' : 'port'} ${ps.join(', ')}`;
    if (loopbackOnly.length)
        return wait(`${list(loopbackOnly)} listening on loopback only inside the container (unreachable: bind 0.0.0.0)`);
    if (closed.length)
        return wait(`${list(closed)} not listening inside the container yet`);
    return pass(`${list(ports)} listening`);
}

;// CONCATENATED MODULE: ./src/readiness/checks/running.ts
/**
 * The running rule, for a service with nothing else to check: it runs, and has neither exited nor
 * restarted within {@link RUNNING_FOR_MS} of its start (a service that fails at once is not
 * called ready in the moment before it dies). Pure.
 */

const RUNNING_FOR_MS = 1000;
/** `runningMs`: how long the container has run since its (last) start. */
function judgeRunning(runningMs) {
    if (runningMs >= RUNNING_FOR_MS)
        return pass(`running for ${(RUNNING_FOR_MS / 1000).toFixed(0)} s without an exit`);
    return wait(`running for ${(Math.max(0, runningMs) / 1000).toFixed(1)} s: must run ${RUNNING_FOR_MS / 1000} s without an exit`);
}

;// CONCATENATED MODULE: ./src/readiness/rules.ts
function chooseRule(facts, c) {
    if (facts.declared && facts.declared.length > 0)
        return 'declared';
    if (facts.endpoint)
        return 'endpoint';
    if (c.healthTest !== undefined)
        return 'healthcheck';
    if (publishedTcpPorts(c).length > 0)
        return 'listening';
    return 'running';
}
/** The container ports published on the host over TCP, in order. Pure. */
function publishedTcpPorts(c) {
    return Object.entries(c.ports)
        .filter(([key, bindings]) => key.endsWith('/tcp') && bindings.length > 0)
        .map(([key]) => parseInt(key, 10))
        .filter((n) => !Number.isNaN(n))
        .sort((a, b) => a - b);
}
/** What each rule is called in the summary. */
const RULE_WORDS = {
    declared: 'its declared checks',
    endpoint: 'its health probes',
    healthcheck: 'its healthcheck',
    listening: 'its published ports listening',
    running: 'running 1 s',
    done: 'one-shot, exited 0',
};

;// CONCATENATED MODULE: ./src/readiness/service.ts






/** The running rule, with why the listening rule could not be used. */
function service_running(c, o, note = '') {
    const r = judgeRunning(o.runningMs(c));
    return { ...r, why: `${r.why}${note}`, by: 'running' };
}
function listening(c, o, ports, by) {
    const seen = o.listeners(c);
    if (seen === undefined)
        return { state: 'wait', why: `reading the listening ports of ${c.name}`, by };
    if ('unchecked' in seen)
        return service_running(c, o, ` (ports not checked: ${seen.unchecked})`);
    return { ...judgeListening(ports, seen), by };
}
/** Every declared check of one container; the first not passing says why. */
function declared(c, o, checks) {
    const states = checks.map((check) => {
        if (check.kind !== 'tcp')
            return o.declared(c, check);
        const r = listening(c, o, [check.port], 'declared');
        return r.state === 'done' ? { state: 'pass', why: r.why } : { state: r.state, why: r.why };
    });
    const first = states.find((s) => s.state === 'fail') ?? states.find((s) => s.state === 'wait');
    if (first) {
        const i = states.indexOf(first);
        return { state: first.state, why: `${describeCheck(checks[i])}: ${first.why}`, by: 'declared' };
    }
    return { state: 'pass', why: checks.map(describeCheck).join(', '), by: 'declared' };
}
function judgeOne(c, facts, o) {
    const rule = chooseRule(facts, c);
    const life = judgeLife(c, rule !== 'endpoint' && isOneShot(c));
    if (life.state === 'done')
        return { state: 'done', why: life.why, by: 'done' };
    if (life.state !== 'running')
        return { ...life, by: rule };
    switch (rule) {
        case 'declared':
            return declared(c, o, facts.declared ?? []);
        case 'endpoint': {
            const health = judgeEndpointHealth(c, o.own(c));
            return { ...(health.state === 'pass' ? o.endpoint(c.service) : health), by: rule };
        }
        case 'healthcheck':
            return { ...judgeHealthcheck(c, o.own(c)), by: rule };
        case 'listening':
            return listening(c, o, publishedTcpPorts(c), rule);
        case 'running':
            return service_running(c, o);
    }
}
/** The verdict on one service from its containers (every replica must be ready). Pure. */
function judgeService(service, containers, facts, o) {
    if (containers.length === 0)
        return { service, state: 'waiting', why: 'no container yet', by: 'running', container: undefined };
    const verdicts = containers.map((c) => ({ c, v: judgeOne(c, facts, o) }));
    const worst = verdicts.find((x) => x.v.state === 'fail') ?? verdicts.find((x) => x.v.state === 'wait');
    if (worst)
        return { service, state: worst.v.state === 'fail' ? 'failed' : 'waiting', why: worst.v.why, by: worst.v.by, container: worst.c };
    const first = verdicts[0];
    const allDone = verdicts.every((x) => x.v.state === 'done');
    const live = verdicts.find((x) => x.v.state !== 'done') ?? first;
    return { service, state: 'ready', why: live.v.why, by: allDone ? 'done' : live.v.by, container: undefined };
}

;// CONCATENATED MODULE: ./src/stack/observe/listeners.ts
/**
 * The listening sockets of a container, read from the kernel's table of its network namespace.
 *
 * On the engine's own host the container's main process is there to read: /proc/<pid>/net/tcp
 * (and tcp6) is its namespace's table, no exec needed, and costs a file read. That pid is the
 * container's only if /proc/<pid>/cgroup names the container's id (a step in a container, or
 * talking to a remote engine, sees another process or none under that number). Elsewhere
 * `docker exec <id> cat /proc/net/tcp /proc/net/tcp6` reads the same table, as testcontainers
 * does; an image without `cat` cannot be read, and the caller falls back to the running rule.
 */



/** The next exec read starts this long after the last one ended. */
const EXEC_GAP_MS = 100;
const EXEC_TIMEOUT_MS = 5000;
/** The container's table from this host's /proc, or undefined when its pid is not visible here as that container. */
function readHostTable(c, proc = '/proc') {
    if (!c.pid)
        return undefined;
    try {
        if (!external_node_fs_.readFileSync(`${proc}/${c.pid}/cgroup`, 'utf8').includes(c.id))
            return undefined;
        const tcp = external_node_fs_.readFileSync(`${proc}/${c.pid}/net/tcp`, 'utf8');
        let tcp6 = '';
        try {
            tcp6 = external_node_fs_.readFileSync(`${proc}/${c.pid}/net/tcp6`, 'utf8');
        }
        catch {
            // IPv6 off in the container: its table is absent.
        }
        return `${tcp}\n${tcp6}`;
    }
    catch {
        return undefined;
    }
}
class ListenerReader {
    env;
    signal;
    wake;
    entries = new Map();
    constructor(env, signal, 
    /** Called when an exec read ends, so the wait looks again at once. */
    wake) {
        this.env = env;
        this.signal = signal;
        this.wake = wake;
    }
    /** What is known of the container's sockets now; starts a fresh read when one is due. */
    get(c) {
        const key = `${c.id}:${c.pid}`;
        let e = this.entries.get(c.id);
        if (!e || e.key !== key) {
            e = { key, read: undefined, inFlight: false, endedAt: -Infinity, viaHost: undefined };
            this.entries.set(c.id, e);
        }
        if (e.viaHost !== false) {
            const table = readHostTable(c);
            e.viaHost = table !== undefined;
            if (table !== undefined)
                return (e.read = parseListeners(table));
        }
        if (!e.inFlight && performance.now() - e.endedAt >= EXEC_GAP_MS && c.status === 'running')
            this.viaExec(c, e);
        return e.read;
    }
    viaExec(c, e) {
        e.inFlight = true;
        void exec_exec(['docker', 'exec', c.id, 'cat', '/proc/net/tcp', '/proc/net/tcp6'], {
            env: this.env,
            signal: this.signal,
            timeoutMs: EXEC_TIMEOUT_MS,
        }).then((r) => {
            e.inFlight = false;
            e.endedAt = performance.now();
            if (/local_address/.test(r.stdout))
                e.read = parseListeners(r.stdout);
            else if (/executable file not found|no such file or directory|not found/i.test(r.stderr) && !/No such container/i.test(r.stderr))
                e.read = { unchecked: `the image has no cat to read /proc/net/tcp (${exec_lastLines(r.stderr, 1)})` };
            this.wake();
        });
    }
}

;// CONCATENATED MODULE: ./src/readiness/checks/log.ts
/**
 * The log check: a line of the container's log matches a pattern (a queue that logs "ready", a
 * database that logs "ready to accept connections"). Pure: the lines come from a follower.
 */

/** Log lines are matched without the timestamp or ANSI colour codes a logger may add. */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
class LogMatch {
    pattern;
    re;
    matched;
    constructor(pattern) {
        this.pattern = pattern;
        this.re = new RegExp(pattern);
    }
    /** Feed one line; true when it is the first that matches. */
    line(text) {
        if (this.matched !== undefined)
            return false;
        const plain = text.replace(ANSI, '');
        if (!this.re.test(plain))
            return false;
        this.matched = plain;
        return true;
    }
    state() {
        return this.matched !== undefined ? pass(`log matched /${this.pattern}/`) : wait(`waiting for a log line matching /${this.pattern}/`);
    }
}

;// CONCATENATED MODULE: ./src/stack/observe/logs.ts
/**
 * The log lines of containers that declare a `log` check, followed (`docker logs --follow`, from
 * the container's last start) until every pattern has matched or the wait ends. Only the last
 * few kilobytes of the stream are kept: the lines are matched as they come.
 */


class LogWatch {
    env;
    budgetMs;
    wake;
    followers = new Map();
    constructor(env, budgetMs, wake) {
        this.env = env;
        this.budgetMs = budgetMs;
        this.wake = wake;
    }
    /** Whether a line of `c`'s log has matched `pattern`; starts following its log when needed. */
    state(c, pattern) {
        const key = `${c.id}:${c.startedAt ?? ''}`;
        let f = this.followers.get(c.id);
        if (!f || f.key !== key) {
            f?.stop.abort();
            f = { key, matches: new Map(), stop: new AbortController() };
            this.followers.set(c.id, f);
            this.follow(c, f);
        }
        let m = f.matches.get(pattern);
        if (!m) {
            m = new LogMatch(pattern);
            f.matches.set(pattern, m);
        }
        return m.state();
    }
    follow(c, f) {
        const since = c.startedAt !== undefined ? ['--since', (c.startedAt / 1000).toFixed(3)] : [];
        void exec_exec(['docker', 'logs', '--follow', ...since, c.id], {
            env: this.env,
            signal: f.stop.signal,
            timeoutMs: Math.max(1000, this.budgetMs()),
            keepChars: 4096,
            onLine: (line) => {
                let matchedNow = false;
                for (const m of f.matches.values())
                    matchedNow = m.line(line) || matchedNow;
                if (matchedNow)
                    this.wake();
            },
        });
    }
    /** Stop following every log. */
    close() {
        for (const f of this.followers.values())
            f.stop.abort();
        this.followers.clear();
    }
}

;// CONCATENATED MODULE: ./src/stack/observe/own-health.ts
/**
 * The action's own runs of a container's healthcheck (`docker exec` of the same command): Docker
 * runs it only every `interval` (often 10 s, and not at all before the first interval ends), the
 * action a moment after its last run ended, so a service is seen healthy as soon as it is.
 */


/** The next run starts this long after the last one ended. */
const GAP_MS = 100;
/** A run that takes longer is cut at the healthcheck's own timeout, at most this. */
const MAX_RUN_MS = 5000;
class OwnHealthRuns {
    env;
    signal;
    wake;
    remainingMs;
    runs = new Map();
    /** When each container was first seen unhealthy (cleared when it is not). */
    unhealthySince = new Map();
    constructor(env, signal, wake, 
    /** What is left of the wait, to bound a run. */
    remainingMs) {
        this.env = env;
        this.signal = signal;
        this.wake = wake;
        this.remainingMs = remainingMs;
    }
    /**
     * What the runs said of `c`; `wanted`: a run is useful now (its health decides, or it is
     * unhealthy and must be confirmed), and one is started when due.
     */
    state(c, wanted) {
        if (c.health === 'unhealthy')
            this.unhealthySince.set(c.id, this.unhealthySince.get(c.id) ?? performance.now());
        else
            this.unhealthySince.delete(c.id);
        const r = this.runs.get(c.id);
        if (wanted && c.status === 'running' && c.health !== 'healthy' && (!r || (!r.inFlight && performance.now() - r.endedAt >= GAP_MS)))
            this.start(c, r);
        const since = this.unhealthySince.get(c.id);
        return {
            passed: r?.passed === true,
            confirmedUnhealthy: since !== undefined && r !== undefined && !r.inFlight && !r.passed && r.startedAt >= since,
        };
    }
    start(c, before) {
        const argv = healthArgv(c);
        if (!argv)
            return;
        const r = {
            endedAt: before?.endedAt ?? -Infinity,
            startedAt: performance.now(),
            passed: before?.passed ?? false,
            inFlight: true,
        };
        this.runs.set(c.id, r);
        void exec_exec(argv, {
            env: this.env,
            signal: this.signal,
            timeoutMs: Math.min(c.healthTimeoutMs ?? MAX_RUN_MS, MAX_RUN_MS, Math.max(500, this.remainingMs())),
        }).then((res) => {
            r.passed = res.code === 0;
            r.endedAt = performance.now();
            r.inFlight = false;
            if (r.passed)
                this.wake();
        });
    }
}

;// CONCATENATED MODULE: ./src/probe/lazy.ts
let loading;
function loadProbes() {
    loading ??= Promise.all(/* import() */[__nccwpck_require__.e(100), __nccwpck_require__.e(396)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5396));
    return loading;
}

;// CONCATENATED MODULE: ./src/readiness/checks/http.ts

/** Whether `status` is what `spec` asks: the code itself, or one of its class (`2xx`). */
function statusMatches(status, spec) {
    if (status === undefined)
        return false;
    if (typeof spec === 'number')
        return status === spec;
    return Math.floor(status / 100) === Number(spec[0]);
}
/** A probe's answer judged against the status a check expects (a WebSocket handshake: success). */
function judgeAnswer(p, spec = '2xx') {
    if (p.kind === 'websocket')
        return p.class === 'ok' ? pass('WebSocket handshake succeeds') : wait(p.detail);
    if (p.class === 'ok' || p.class === 'http-status') {
        if (statusMatches(p.status, spec))
            return pass(`answers HTTP ${p.status}`);
        return wait(`answered HTTP ${p.status}, not ${spec}`);
    }
    return wait(p.detail);
}
/** How long a definite answer must persist before it ends the wait. */
const DEFINITE_FOR_MS = 10_000;
/**
 * An answer that waiting will not change: a 4xx, or a WebSocket upgrade rejected with one, except
 * 408 (timeout), 425 (too early) and 429 (too many requests), and except the status the check
 * itself asks for. A refused connection, a 5xx or a timeout may still turn into a yes.
 */
function definiteAnswer(p, spec) {
    return ((p.class === 'http-status' || p.class === 'ws-rejected') &&
        p.status !== undefined &&
        p.status >= 400 &&
        p.status < 500 &&
        ![408, 425, 429].includes(p.status) &&
        !(spec !== undefined && statusMatches(p.status, spec)));
}

;// CONCATENATED MODULE: ./src/stack/observe/probes.ts
/**
 * The HTTP and WebSocket probes of a wait: the backend's and auth service's health (and the
 * backend's WebSocket), and the `http`/`websocket` checks services declare. Each look probes them
 * all at once; the board keeps since when each has given the same answer that is not a yes, so a
 * reason can say "answered HTTP 503 for 41 s" and a definite answer can end the wait.
 */



/**
 * "/health answered HTTP 500 for 41 s", "WebSocket /ws was rejected with HTTP 404 for 10 s", or the
 * probe's own words for what is not a status ("/health: connection refused (for 3 s)"). Pure.
 */
function describeAnswer(p, forMs) {
    const seconds = Math.round(forMs / 1000);
    const lasting = seconds > 0 ? ` for ${seconds} s` : '';
    let path = p.url;
    try {
        path = new URL(p.url).pathname;
    }
    catch {
        // keep the URL as it is
    }
    if (p.class === 'http-status' && p.status !== undefined)
        return `${path} answered HTTP ${p.status}${lasting}`;
    if (p.class === 'ws-rejected' && p.status !== undefined)
        return `WebSocket ${path} was rejected with HTTP ${p.status}${lasting}`;
    return `${p.kind === 'websocket' ? 'WebSocket ' : ''}${path}: ${p.detail}${seconds > 0 ? ` (for ${seconds} s)` : ''}`;
}
class ProbeBoard {
    answers = new Map();
    agents;
    /** The latest answer of every target probed at the last look. */
    latest() {
        return [...this.answers.values()].map((a) => a.probe);
    }
    /**
     * Probe every target at once. Resolves false when `interrupted` settles first (a container
     * died: look at it now, not once a probe of it has timed out); the answers are then unchanged.
     */
    async probeAll(targets, timeoutMs, interrupted) {
        if (targets.length === 0) {
            this.answers = new Map();
            return true;
        }
        const { makeAgents, probeHttp, probeWebSocket } = await loadProbes();
        this.agents ??= makeAgents();
        const agents = this.agents;
        const all = Promise.all(targets.map(async (t) => {
            const r = t.kind === 'http' ? await probeHttp(t.url, { timeoutMs, agents }) : await probeWebSocket(t.url, { timeoutMs, agents });
            return { ...r, target: t.target, service: t.service };
        }));
        const answered = await Promise.race([all, ...(interrupted ? [interrupted.then(() => undefined)] : [])]);
        if (answered === undefined)
            return false;
        this.record(targets, answered);
        return true;
    }
    record(targets, probes) {
        const now = performance.now();
        const previous = this.answers;
        this.answers = new Map();
        targets.forEach((target, i) => {
            const fresh = probes[i];
            const before = previous.get(target.key);
            // A probe that got no answer in time says nothing new: the last status answer still stands.
            const probe = fresh.class === 'timeout' && before && before.probe.status !== undefined ? before.probe : fresh;
            const answer = `${probe.class} ${probe.status ?? ''}`;
            const since = before !== undefined && before.answer === answer ? before.since : now;
            this.answers.set(target.key, { probe, target, answer, since });
        });
    }
    /** What the target's last answer says: a yes, or what it answered and for how long. */
    state(key) {
        const a = this.answers.get(key);
        if (!a)
            return wait('not probed yet');
        const judged = judgeAnswer(a.probe, a.target.status);
        return judged.state === 'pass' ? pass(judged.why) : wait(describeAnswer(a.probe, performance.now() - a.since));
    }
    /** Answers that waiting will not change, given for {@link DEFINITE_FOR_MS}: each ends the wait. */
    definite() {
        const now = performance.now();
        return [...this.answers.values()]
            .filter((a) => definiteAnswer(a.probe, a.target.status) && now - a.since >= DEFINITE_FOR_MS)
            .map((a) => ({ probe: a.probe, why: describeAnswer(a.probe, DEFINITE_FOR_MS) }));
    }
}

;// CONCATENATED MODULE: ./src/stack/wait-look.ts
/**
 * One look at the project's containers for the wait: a fresh `docker inspect`, or the last one
 * when the engine's events say nothing has changed since (only exits the events tell all about);
 * and, when the engine cannot be reached, since when.
 */


/** How long the engine may be unreachable during the wait before the wait ends (it stopped, say). */
const ENGINE_GONE_MS = 1500;
/** With the project's events followed and none come, a `docker inspect` answer stands this long. */
const REUSE_LOOK_MS = 1000;
/** The CLI could not reach the engine at all (not a slow answer: that one keeps waiting). Pure. */
function engineUnreachable(message) {
    return /Cannot connect to the Docker daemon|error during connect|connection refused|connection reset|dial (unix|tcp)|no such host|EOF$/i.test(message);
}
/** The containers as the engine's `die` events leave them: exited, with the code each event gives. Pure. */
function applyExits(containers, news) {
    return containers.map((c) => {
        const died = news.filter((e) => e.action === 'die' && e.id === c.id && e.exitCode !== undefined).pop();
        return died ? { ...c, status: 'exited', exitCode: died.exitCode } : c;
    });
}
/**
 * Update `look` (in place): reuse the last inspect when nothing happened since, or only exits the
 * events say all about (not of a container with a restart policy), else inspect. Resolves with the
 * engine's trouble when it could not be asked (`gone`: unreachable for {@link ENGINE_GONE_MS}).
 */
async function freshLook(look, req, now) {
    const remaining = req.deadline - performance.now();
    try {
        const events = req.events;
        const news = look.knownIds && events?.live && now - look.lookedAt < REUSE_LOOK_MS ? events.since(look.eventsSeen) : undefined;
        const told = news?.every((e) => e.action === 'die' &&
            e.exitCode !== undefined &&
            look.containers.some((c) => c.id === e.id && !RESTARTS_ON_FAILURE.has(c.restartPolicy)));
        if (told && events) {
            look.containers = applyExits(look.containers, news ?? []);
            look.eventsSeen = events.seq;
        }
        else {
            look.eventsSeen = events?.seq ?? -1; // read before asking: an event during the call asks again
            look.lookedAt = now;
            const limit = Math.max(1000, Math.min(10_000, remaining));
            look.containers = look.knownIds
                ? await inspectContainers(look.knownIds, req.env, limit)
                : await projectContainers(req.project, req.env, limit);
            look.knownIds = req.awaited.every((svc) => look.containers.some((c) => c.service === svc))
                ? look.containers.map((c) => c.id)
                : undefined;
        }
        look.unreachableSince = undefined;
        return undefined;
    }
    catch (err) {
        look.lookedAt = -Infinity;
        const message = err.message;
        if (engineUnreachable(message))
            look.unreachableSince ??= performance.now();
        else
            look.unreachableSince = undefined;
        const gone = look.unreachableSince !== undefined && performance.now() - look.unreachableSince >= ENGINE_GONE_MS;
        return { reason: gone ? `the Docker engine stopped answering while the stack started: ${message}` : message, gone };
    }
}
/** What every outcome carries. */
function outcomeBase(containers, probes, started) {
    return { containers, probes, durationMs: performance.now() - started };
}
/**
 * How long a container has run: by the engine's clock (its StartedAt against now), unless that
 * disagrees with what this process saw (a remote engine's clock may differ), then since it was
 * first seen running. Pure.
 */
function runningMs(startedAt, nowMs, seenForMs) {
    if (startedAt === undefined)
        return seenForMs;
    const byEngine = nowMs - startedAt;
    return byEngine < 0 || byEngine > seenForMs + 5000 ? seenForMs : byEngine;
}

;// CONCATENATED MODULE: ./src/stack/wait.ts









const POLL_MS = 100;
/** A container that has restarted must stay ready this long before it counts (it may be looping). */
const SETTLE_AFTER_RESTART_MS = 1500;
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
/** Wait until ready, failed, cancelled or the deadline. */
async function waitForStack(req) {
    const w = new StackWait(req);
    try {
        return await w.run();
    }
    finally {
        w.close();
    }
}
class StackWait {
    req;
    started = performance.now();
    look = { containers: [], knownIds: undefined, lookedAt: -Infinity, eventsSeen: -1, unreachableSince: undefined };
    board = new ProbeBoard();
    health;
    sockets;
    logs;
    readyAt = new Map();
    firstSeen = new Map();
    reached = new Map();
    readySince;
    lastRestarts = 0;
    constructor(req) {
        this.req = req;
        const wake = () => req.events?.wake();
        this.health = new OwnHealthRuns(req.env, req.signal, wake, () => this.remaining());
        this.sockets = new ListenerReader(req.env, req.signal, wake);
        this.logs = new LogWatch(req.env, () => this.remaining(), wake);
    }
    close() {
        this.logs.close();
    }
    remaining() {
        return this.req.deadline - performance.now();
    }
    base() {
        return outcomeBase(this.look.containers, this.board.latest(), this.started);
    }
    /** A failed wait whose reason is what each failing service says. */
    failure(kind, failing, reason) {
        return { ok: false, kind, reason: reason || failing.map((f) => `${f.service}: ${f.why}`).join('; '), failing, ...this.base() };
    }
    async run() {
        const { req } = this;
        if (req.firstPauseMs)
            await this.pause(req.firstPauseMs);
        for (;;) {
            const cycleStarted = performance.now();
            if (req.signal?.aborted)
                return { ok: false, kind: 'cancelled', reason: 'cancelled', failing: [], ...this.base() };
            const engine = await freshLook(this.look, req, cycleStarted);
            if (engine) {
                if (engine.gone || this.remaining() <= 0)
                    return { ok: false, kind: 'engine', reason: engine.reason, failing: [], ...this.base() };
                await sleep(Math.min(POLL_MS, this.remaining()));
                continue;
            }
            const probed = await this.judgeAndProbe();
            if (probed === 'again')
                continue; // a container died while the probes ran: look at it now
            const ended = probed ?? (await this.readyOrTimeout());
            if (ended)
                return ended;
            // A fixed cadence: the next look starts a cadence after this one started, however long it took.
            await this.pause(Math.min((req.cadenceMs?.() ?? POLL_MS) - (performance.now() - cycleStarted), this.remaining()));
        }
    }
    pause(ms) {
        return this.req.events ? this.req.events.sleep(ms) : sleep(ms);
    }
    /** Judge every awaited service; fails at once on a failed one; probes what needs probing. */
    async judgeAndProbe() {
        const failed = this.failedOutcome(this.verdicts());
        if (failed)
            return failed;
        const targets = this.probeTargets();
        if ('error' in targets)
            return { ok: false, kind: 'not-published', reason: targets.error, failing: [targets.failing], ...this.base() };
        const death = this.req.events?.untilDeath();
        const timeoutMs = Math.max(200, Math.min(2000, this.remaining()));
        const answered = await this.board.probeAll(targets, timeoutMs, death?.died);
        death?.cancel();
        if (!answered)
            return 'again';
        const definite = this.board.definite();
        if (definite.length === 0)
            return undefined;
        return this.failure('definite', definite.map((d) => ({ container: this.runningOf(d.probe.service), service: d.probe.service, why: d.why })));
    }
    verdicts() {
        const { req } = this;
        const endpoints = new Set([req.backend?.service, req.auth?.service].filter(Boolean));
        return req.awaited.map((service) => judgeService(service, this.look.containers.filter((c) => c.service === service), { declared: req.declared?.get(service), endpoint: endpoints.has(service) }, this));
    }
    failedOutcome(verdicts) {
        const failed = verdicts.filter((v) => v.state === 'failed');
        if (failed.length === 0)
            return undefined;
        return this.failure('exited', failed.map((v) => ({ container: v.container, service: v.service, why: v.why })));
    }
    runningOf(service) {
        return this.look.containers.find((c) => c.service === service && c.status === 'running');
    }
    /** Where a container port is reached from here; cached per look. */
    reach(c, port) {
        const key = `${c.id}:${port}`;
        if (this.reached.has(key))
            return this.reached.get(key);
        const r = this.req.reacher.endpoint(c, `${port}/tcp`);
        const out = !r
            ? { error: `${c.service} does not publish container port ${port} on a reachable address` }
            : 'host' in r
                ? { ...r, url: `http://${r.host}:${r.port}` }
                : r;
        this.reached.set(key, out);
        return out;
    }
    /** Where the backend's or auth service's probed port is reached; undefined while its container does not run. */
    endpointReach(ep) {
        const c = ep && this.runningOf(ep.service);
        return c && ep ? this.reach(c, ep.containerPort) : undefined;
    }
    /** The probes of this look: the endpoints' (once their containers run) and the declared ones. */
    probeTargets() {
        this.reached = new Map();
        const targets = [];
        for (const [role, ep] of [
            ['backend', this.req.backend],
            ['auth', this.req.auth],
        ]) {
            const r = this.endpointReach(ep);
            if (!ep)
                continue;
            if (r && 'error' in r)
                return { error: r.error, failing: { container: undefined, service: ep.service, why: r.error } };
            if (!r || !('url' in r))
                continue;
            targets.push({ key: `${role}:http`, service: ep.service, target: role, kind: 'http', url: `${r.url}${ep.healthPath}` });
            if (ep.websocketPath !== undefined)
                targets.push({
                    key: `${role}:ws`,
                    service: ep.service,
                    target: role,
                    kind: 'websocket',
                    url: `ws://${r.host}:${r.port}${ep.websocketPath}`,
                });
        }
        for (const [service, checks] of this.req.declared ?? []) {
            if (!this.req.awaited.includes(service))
                continue;
            for (const c of this.look.containers.filter((x) => x.service === service && x.status === 'running')) {
                for (const check of checks) {
                    if (check.kind !== 'http' && check.kind !== 'websocket')
                        continue;
                    const r = this.reach(c, check.port);
                    if (!r || !('url' in r))
                        continue;
                    const url = `${check.kind === 'http' ? r.url : `ws://${r.host}:${r.port}`}${check.path}`;
                    const status = check.kind === 'http' ? check.status : undefined;
                    targets.push({ key: declaredKey(c, check), service, target: 'declared', kind: check.kind, url, ...(status ? { status } : {}) });
                }
            }
        }
        return targets;
    }
    /** Ready (after one more look at the engine), the deadline, or undefined: look again. */
    async readyOrTimeout() {
        const verdicts = this.verdicts();
        const failed = this.failedOutcome(verdicts);
        if (failed)
            return failed;
        this.noteReady(verdicts);
        const pending = verdicts.filter((v) => v.state !== 'ready').map((v) => ({ container: v.container, service: v.service, why: v.why }));
        const mayFinish = this.req.mayFinish?.() ?? true;
        if (pending.length === 0 && !mayFinish)
            pending.push({ container: undefined, service: 'compose up', why: 'still running' });
        const settled = this.settled(pending.length === 0);
        if (pending.length === 0 && !settled)
            pending.push({ container: undefined, service: 'stack', why: this.restartWhy() });
        if (pending.length === 0)
            return this.confirmReady();
        this.req.onLook?.(pending);
        if (this.remaining() > 0)
            return undefined;
        return this.failure('timeout', pending, pending.length ? undefined : `the ${this.req.backend ? 'backend' : 'stack'}'s containers never ran`);
    }
    restarts() {
        return this.look.containers.filter((c) => this.req.awaited.includes(c.service)).reduce((n, c) => n + c.restartCount, 0);
    }
    restartWhy() {
        return `a container restarted (${this.restarts()} restarts); making sure it stays up`;
    }
    /** With no restart, ready at once; after one, ready only once it has stayed so a while. */
    settled(allReady) {
        const restarts = this.restarts();
        if (!allReady || restarts !== this.lastRestarts)
            this.readySince = undefined;
        else
            this.readySince ??= performance.now();
        this.lastRestarts = restarts;
        return restarts === 0 || (this.readySince !== undefined && performance.now() - this.readySince >= SETTLE_AFTER_RESTART_MS);
    }
    noteReady(verdicts) {
        for (const v of verdicts) {
            const known = this.readyAt.get(v.service);
            if (v.state !== 'ready')
                this.readyAt.delete(v.service);
            // Ready since the first look that said so; by what the latest says (a one-shot ready by
            // running, then done).
            else
                this.readyAt.set(v.service, {
                    service: v.service,
                    by: v.by,
                    why: v.why,
                    readyAfterMs: known?.readyAfterMs ?? performance.now() - this.started,
                });
        }
    }
    /** Inspect once more: a container that died since the last look turns the verdict (next look). */
    async confirmReady() {
        this.look.lookedAt = -Infinity;
        const engine = await freshLook(this.look, this.req, performance.now());
        if (engine)
            return undefined;
        const verdicts = this.verdicts();
        if (verdicts.some((v) => v.state !== 'ready') || !this.settled(true))
            return undefined;
        const endpoint = (ep) => {
            const r = this.endpointReach(ep);
            return r && 'url' in r ? r : undefined;
        };
        const services = this.req.awaited.map((s) => this.readyAt.get(s)).filter((s) => s !== undefined);
        return { ok: true, backend: endpoint(this.req.backend), auth: endpoint(this.req.auth), services, ...this.base() };
    }
    // Observed: what the checks of readiness/ read.
    own(c) {
        const endpoint = c.service === this.req.backend?.service || c.service === this.req.auth?.service;
        return this.health.state(c, !endpoint || c.health === 'unhealthy');
    }
    listeners(c) {
        return this.sockets.get(c);
    }
    declared(c, check) {
        if (check.kind === 'log')
            return this.logs.state(c, check.pattern);
        const r = this.reach(c, check.port);
        if (r && 'error' in r)
            return { state: 'fail', why: `${r.error}: publish it, or declare a tcp check` };
        if (r && 'pending' in r)
            return { state: 'wait', why: r.pending };
        return this.board.state(declaredKey(c, check));
    }
    endpoint(service) {
        const role = service === this.req.backend?.service ? 'backend' : 'auth';
        const ep = role === 'backend' ? this.req.backend : this.req.auth;
        const r = this.endpointReach(ep);
        if (r && 'pending' in r)
            return { state: 'wait', why: r.pending };
        const states = [this.board.state(`${role}:http`), ...(ep?.websocketPath !== undefined ? [this.board.state(`${role}:ws`)] : [])];
        return states.find((s) => s.state !== 'pass') ?? { state: 'pass', why: states.map((s) => s.why).join(', ') };
    }
    runningMs(c) {
        const key = `${c.id}:${c.startedAt ?? ''}`;
        const seen = this.firstSeen.get(key) ?? performance.now();
        this.firstSeen.set(key, seen);
        return runningMs(c.startedAt, Date.now(), performance.now() - seen);
    }
}
const declaredKey = (c, check) => `declared:${c.id}:${check.kind}:${'port' in check ? check.port : ''}${'path' in check ? check.path : ''}`;

;// CONCATENATED MODULE: ./src/stack/up-and-watch.ts




/** While `up` runs the watch looks less often: its own CLI calls would slow `up` down. */
const CADENCE_WHILE_UP_MS = 500;
/**
 * Once `up` is done and the engine's events are followed, a look is a probe of the endpoints
 * (the engine is asked again only after an event): cheap enough to make often.
 */
const CADENCE_FOLLOWING_MS = 50;
const CADENCE_MS = 100;
/** How long the watch may take for a last look after `up` failed. */
const LAST_LOOK_MS = 1500;
/** `work`'s value, or undefined after `ms`; the timer is cleared either way. */
async function within(work, ms) {
    let timer;
    try {
        return await Promise.race([work, new Promise((r) => (timer = setTimeout(() => r(undefined), ms)))]);
    }
    finally {
        clearTimeout(timer);
    }
}
function upAndWatch(target, options, env, budgetMs, 
/** What to wait for; a promise when it is known only later (undefined then: the watch does not start, and `up` is stopped). */
request) {
    const stopUp = new AbortController();
    const stopWatch = new AbortController();
    const progress = new UpProgress();
    const events = new ProjectEvents();
    const up = composeUp(target, options, env, budgetMs, stopUp.signal, (l) => progress.line(l)).finally(() => {
        progress.upRunning = false;
        events.wake();
    });
    // The first look after `up` is done, or after an event, comes at once, not at the end of a slow pause.
    const watch = Promise.resolve(request).then((r) => r
        ? waitForStack({
            ...r,
            signal: stopWatch.signal,
            cadenceMs: () => (progress.upRunning ? CADENCE_WHILE_UP_MS : events.live ? CADENCE_FOLLOWING_MS : CADENCE_MS),
            // Followed once the engine is known to answer.
            events: events.follow(target.projectName, env, budgetMs),
            // While `up` is only starting there is nothing to see: the first look waits for an event, or a cadence.
            firstPauseMs: progress.upRunning ? CADENCE_WHILE_UP_MS : 0,
            // Ready only once `up` is done: until then a container may still be replaced.
            mayFinish: () => !progress.upRunning,
            onLook: (pending) => (progress.waiting = [...pending]),
        })
        : Promise.resolve({ ok: false, kind: 'cancelled', reason: 'not watched', failing: [], containers: [], probes: [], durationMs: 0 }));
    // Once the watch has its answer, stop what it still runs (an eager healthcheck, say).
    watch.then(() => stopWatch.abort(), () => stopWatch.abort());
    const done = (async () => {
        try {
            const first = await Promise.race([up.then((u) => ({ u })), watch.then((w) => ({ w }))]);
            if ('u' in first) {
                const u = first.u;
                // Up is done: the watch goes on to readiness. Up timed out: the watch shares its deadline,
                // and says better what was not ready.
                if (u.ok || u.kind === 'timeout')
                    return { up: u, wait: await watch };
                // Up failed on its own. Compose also fails when a dependency exits or turns unhealthy; the
                // watch, given a last look, names that service, whichever of the two noticed first.
                const w = u.kind === 'other' ? await within(watch, LAST_LOOK_MS) : undefined;
                if (w && !w.ok && w.kind !== 'timeout' && w.kind !== 'cancelled')
                    return { up: u, wait: w };
                stopWatch.abort();
                await watch;
                return { up: u, wait: undefined };
            }
            // The watch ended first: it ends ready only once up is done, so this is a failure, or a
            // cancel: no use letting up go on.
            if (!first.w.ok)
                stopUp.abort();
            return { up: await up, wait: first.w };
        }
        catch (err) {
            stopUp.abort();
            stopWatch.abort();
            throw err;
        }
        finally {
            await events.close();
        }
    })();
    done.catch(() => undefined); // handled by whoever awaits it; never an unhandled rejection meanwhile
    return {
        up,
        done,
        progress,
        cancel: () => {
            stopWatch.abort();
            stopUp.abort();
        },
    };
}

;// CONCATENATED MODULE: ./src/state.ts
/**
 * What the post step needs, saved by the main step right before `up` starts so that a failed or
 * cancelled wait still tears down. Typed getters and setters over core.saveState / core.getState.
 */


const PLAN = 'teardown-plan';
const REMOVED = 'stack-removed';
const CANCELLED = 'main-cancelled';
const UP_STOPPED = 'up-stopped';
const IMAGES = 'image-cache';
const JOINED = 'joined-networks';
const DETACHED = 'detached-removal';
function saveImageCacheState(state) {
    src_core/* saveState */.LZ(IMAGES, JSON.stringify(state));
}
function readImageCacheState() {
    const raw = core.getState(IMAGES);
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return Array.isArray(parsed.images) ? parsed : undefined;
    }
    catch {
        log.warning(`Saved state '${IMAGES}' is not valid JSON; no image is saved to the cache.`);
        return undefined;
    }
}
/** The main step was cancelled: its `up` was killed mid-way, so the post step looks again for what it left. */
function saveCancelled() {
    src_core/* saveState */.LZ(CANCELLED, 'true');
}
/** Save the stack the post step removes; a stack saved anew is not removed yet. */
function saveTeardownState(state) {
    src_core/* saveState */.LZ(PLAN, JSON.stringify(state));
    src_core/* saveState */.LZ(REMOVED, 'false');
}
/** Nothing was started after all (the daemon refused the early `up`): the post step has nothing to do. */
function forgetTeardownState() {
    src_core/* saveState */.LZ(PLAN, '');
    src_core/* saveState */.LZ(REMOVED, 'false');
}
/**
 * Mark the stack as already removed by the main step, so the post step has nothing to remove;
 * when `up` was killed mid-way, it still looks by label for a container the engine created late.
 */
function saveStackRemoved(upStopped = false) {
    src_core/* saveState */.LZ(REMOVED, 'true');
    if (upStopped)
        src_core/* saveState */.LZ(UP_STOPPED, 'true');
}
function readTeardownState() {
    const raw = core.getState(PLAN);
    let plan;
    if (raw !== '') {
        try {
            plan = JSON.parse(raw);
        }
        catch {
            log.warning(`Saved state '${PLAN}' is not valid JSON; nothing to tear down.`);
        }
    }
    return {
        plan,
        removed: core.getState(REMOVED) === 'true',
        cancelled: core.getState(CANCELLED) === 'true',
        upStopped: core.getState(UP_STOPPED) === 'true',
    };
}
/**
 * The networks of the project this step's container joined (a container job): the post step
 * leaves them before `down`, which cannot remove a network a container is still on.
 */
function saveJoinedState(project, joined) {
    src_core/* saveState */.LZ(JOINED, JSON.stringify({ project, ...joined }));
}
function readJoinedState() {
    const raw = core.getState(JOINED);
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return typeof parsed.container === 'string' && Array.isArray(parsed.networks) ? parsed : undefined;
    }
    catch {
        log.warning(`Saved state '${JOINED}' is not valid JSON; no network is left before the teardown.`);
        return undefined;
    }
}
/** The failed stack's removal runs in a background process (src/removal/): the post step waits for it. */
function saveDetachedRemoval(removal) {
    src_core/* saveState */.LZ(DETACHED, JSON.stringify(removal));
}
function readDetachedRemoval() {
    const raw = core.getState(DETACHED);
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return Number.isInteger(parsed.pid) && typeof parsed.resultFile === 'string' && typeof parsed.stack?.projectName === 'string'
            ? parsed
            : undefined;
    }
    catch {
        log.warning(`Saved state '${DETACHED}' is not valid JSON; the post step cannot wait for the background removal.`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/docker-path/location.ts
/**
 * Stage: where the step runs (src/docker/where.ts), asked alongside the daemon, and the reacher
 * every wait uses: published ports on a host, the stack's network in a container of the same
 * engine, `url-host` when given. Until it is known, a wait that finds a running container says
 * so and looks again.
 */




function beginLocating(ctx, daemon, projectName) {
    const { inputs, env } = ctx;
    const urlHost = inputs.urlHost;
    const started = performance.now();
    let where;
    let network;
    let asked = Promise.resolve();
    const settle = (w) => {
        where = w;
        // With url-host, every URL names that host: no network is joined.
        if (w.kind === 'container' && urlHost === undefined)
            network = new NetworkReacher({
                project: projectName,
                container: w.container,
                env,
                onJoined: (joined) => saveJoinedState(projectName, joined),
            });
    };
    // Asked with url-host too: bind mounts go through this container's mounts all the same.
    const signs = readSigns();
    const maybeContainer = looksLikeContainer(signs);
    if (!maybeContainer)
        settle({ kind: 'host' });
    // The engine is asked about this container once it has answered at all (a dead one answers nothing).
    else
        asked = (daemon ?? Promise.resolve())
            .then(() => locate(env, signs))
            .then(settle, (err) => settle({ kind: 'foreign-container', why: String(err) }));
    return {
        maybeContainer,
        where: async () => {
            await asked;
            return where;
        },
        reacher: (engineHost) => {
            const published = publishedReacher(engineHost, urlHost);
            return {
                endpoint: (c, key) => {
                    if (!where)
                        return { pending: 'finding out where this step runs' };
                    return network ? network.endpoint(c, key) : published.endpoint(c, key);
                },
                defaultHost: (c) => (network ?? published).defaultHost(c),
                prepare: async (containers) => {
                    await asked;
                    await network?.prepare(containers);
                },
                joined: () => network?.joined() ?? [],
            };
        },
        record: async (engineHost, endpoint) => {
            await asked;
            const w = where;
            const engine = remoteEngine(endpoint, env);
            // A remote engine decides the URLs unless the step is in a container of that very engine.
            const remote = w.kind === 'host' || w.kind === 'foreign-container' ? engine : undefined;
            const detail = urlHost !== undefined
                ? `url-host: every URL names ${urlHost}, with the ports the engine published${w.kind === 'container' || w.kind === 'shared-network' ? ` (the step runs in container ${(0,outside/* outsideLine */.U2)(w.container.name, 200)} of this engine)` : ''}.`
                : remote
                    ? `The engine is remote (${remote}): URLs name its host ${engineHost}, with the ports it published; compose builds from here, but bind mounts are paths of its host.`
                    : w.kind === 'host'
                        ? `Not in a container: URLs name ${engineHost}, with the ports the engine published.`
                        : w.kind === 'shared-network'
                            ? `In container ${(0,outside/* outsideLine */.U2)(w.container.name, 200)} (${w.container.id.slice(0, 12)}) of this engine, on network mode ${(0,outside/* outsideLine */.U2)(w.mode, 100)}: it cannot join the stack's network, so URLs name ${engineHost}, with the ports the engine published. If they are not reachable there, set url-host.`
                            : w.kind === 'foreign-container'
                                ? `In a container that this engine does not run (${(0,outside/* outsideLine */.U2)(w.why, 300)}): URLs name ${engineHost}, with the ports the engine published. If they are not reachable there, set url-host.`
                                : `In container ${(0,outside/* outsideLine */.U2)(w.container.name, 200)} (${w.container.id.slice(0, 12)}) of this engine: the stack's published ports are on the engine's host, so this container joins the stack's network and reaches each service ${network?.byName
                                    ? 'by its name and container port (http://<service>:<port>)'
                                    : "at its address on that network and its container port (this container's resolver is not Docker's embedded DNS, so names do not resolve)"}.`;
            ctx.report.add({
                id: 'docker.location',
                title: 'Where the step runs',
                status: w.kind === 'host' && urlHost === undefined ? 'ok' : 'info',
                durationMs: performance.now() - started,
                detail,
                data: {
                    kind: urlHost !== undefined ? 'url-host' : remote ? 'remote' : w.kind,
                    ...(engine && endpoint ? { endpoint } : {}),
                    ...(w.kind === 'container' || w.kind === 'shared-network' ? { container: w.container.id, networks: w.container.networks } : {}),
                },
            });
        },
    };
}
/**
 * How the engine is reached when it is not on this machine's socket: `ssh://ci@build-host, over
 * SSH`, `tcp://10.0.0.5:2376, with TLS` (DOCKER_TLS_VERIFY or DOCKER_TLS), `…, plain TCP`, or
 * `…, context remote` (the context holds its own TLS settings). Undefined for a local socket or
 * pipe. `endpoint` is already shown without a password. Pure.
 */
function remoteEngine(endpoint, env) {
    if (!endpoint || !/^(tcp|ssh|https?):\/\//i.test(endpoint))
        return undefined;
    if (/^ssh:/i.test(endpoint))
        return `${endpoint}, over SSH`;
    if (!env.DOCKER_HOST)
        return `${endpoint}, ${env.DOCKER_CONTEXT ? `context ${(0,outside/* outsideLine */.U2)(env.DOCKER_CONTEXT, 100)}` : 'the current context'}`;
    const tls = /^https:/i.test(endpoint) || !!env.DOCKER_TLS_VERIFY || !!env.DOCKER_TLS;
    return `${endpoint}, ${tls ? 'with TLS' : 'plain TCP'}`;
}

;// CONCATENATED MODULE: ./src/docker-path/binds.ts
/**
 * Stage: bind mounts, when the step runs in a container of the engine (see compose/binds.ts).
 * The paths compose resolved are this container's; those under one of its mounts are given to the
 * engine as its host has them, in an override file that joins the plan (every later compose call,
 * and the post step, use it). Repository files no mount holds are warned about: the engine would
 * mount an empty folder of its own host instead (a short-form bind), or `up` fails on a path that
 * does not exist (a long-form bind, a secret, a config).
 */








/**
 * Whether a plan mounts anything from the engine's host (bind mounts; secrets, configs and
 * volumes backed by a path), or may once `extends` / `include` are resolved.
 */
function mountsHostPaths(plan) {
    return (plan.model.indirect === true ||
        (plan.model.files?.length ?? 0) > 0 ||
        [...plan.model.services.values()].some((s) => (s.binds?.length ?? 0) > 0));
}
/** Give the plan's bind sources as the engine's host has them; true when an override joined the plan. */
function translateMounts(ctx, plan, where, endpoint) {
    if (!mountsHostPaths(plan))
        return false;
    const within = [...new Set([plan.projectDirectory, ctx.inputs.workspace, ...plan.files.map((f) => external_node_path_.dirname(f))])];
    if (where.kind === 'host' || where.kind === 'foreign-container') {
        tellElsewhere(ctx, plan, where, endpoint, within);
        return false;
    }
    const started = performance.now();
    const t = translateBinds([...plan.model.services.values()], plan.model.files ?? [], where.container.mounts, within);
    const show = (p) => (0,outside/* outsideLine */.U2)(p, 300);
    const missing = t.missing.map((m) => `${m.what}: ${show(m.path)}`);
    if (missing.length > 0) {
        warning(`These paths of the step's container are on no mount of it, so the engine's host does not have them: it mounts an empty folder instead (a short-form bind), or up fails with "bind source path does not exist": ${missing.join('; ')}. Mount the workspace into the job container (a workflow's container: does), or keep these files under it.`, { title: 'Bind mounts the engine cannot see' });
    }
    let file;
    if (t.override) {
        const dir = ctx.env.RUNNER_TEMP || external_node_os_.tmpdir();
        external_node_fs_.mkdirSync(dir, { recursive: true });
        file = external_node_path_.join(dir, `compose-or-staging-${plan.projectName}.binds.yml`);
        external_node_fs_.writeFileSync(file, t.override, { mode: 0o600 });
        plan.overrides = [...(plan.overrides ?? []), file];
    }
    const moved = t.moved.map((m) => `${m.what}: ${show(m.from)} → ${show(m.to)}`);
    const detail = [
        moved.length > 0 &&
            `${moved.length} path${moved.length === 1 ? '' : 's'} of container ${(0,outside/* outsideLine */.U2)(where.container.name, 200)} given to the engine as its host has ${moved.length === 1 ? 'it' : 'them'} (override file ${show(file)}): ${moved.join('; ')}`,
        missing.length > 0 && `on no mount of this container, so not on the engine's host: ${missing.join('; ')}`,
        moved.length === 0 && missing.length === 0 && 'every bind mount path is the same in this container and on the engine\u2019s host',
    ]
        .filter(Boolean)
        .join('. ');
    ctx.report.add({
        id: 'compose.binds',
        title: 'Bind mounts',
        status: 'info',
        durationMs: performance.now() - started,
        detail,
        data: { moved: t.moved, missing: t.missing, ...(file ? { file } : {}) },
    });
    info(`Bind mounts: ${detail}`);
    return file !== undefined;
}
/**
 * The engine opens bind mount paths on its own host. A remote engine has the repository's files
 * only if it holds a checkout at the same path: a warning with the paths. A step in a container
 * this engine does not run (another engine's, Podman's, a pod's, with this engine's socket) may
 * see the repository at another path than the engine's host: said, without a warning (a runner
 * in a sidecar setup usually shares the path). An engine on this machine's loopback is local.
 */
function tellElsewhere(ctx, plan, where, endpoint, within) {
    const remote = remoteEngine(endpoint, ctx.env);
    const elsewhere = remote !== undefined && !isLoopbackHost(publishHostFor(endpoint));
    if (!elsewhere && where.kind !== 'foreign-container')
        return;
    // With no mount to go through, every repository path is one the engine opens on its own host.
    const paths = translateBinds([...plan.model.services.values()], plan.model.files ?? [], [], within).missing.map((m) => `${m.what}: ${m.path}`);
    if (paths.length === 0)
        return;
    const listed = paths.map((p) => (0,outside/* outsideLine */.U2)(p, 300)).join('; ');
    const detail = elsewhere
        ? `The engine is remote (${remote}): it opens these repository paths on its own host, which has them only if it holds a checkout at the same path: ${listed}. Copy what they need into the image, or use a named volume, for an engine on another machine.`
        : `This step runs in a container that the engine does not run, so the engine opens these repository paths on its own host, where they are the same only if the repository is mounted at the same path: ${listed}.`;
    ctx.report.add({
        id: 'compose.binds',
        title: 'Bind mounts',
        status: 'info',
        durationMs: 0,
        detail,
        data: { ...(elsewhere ? { remote: endpoint } : { where: where.kind }), paths },
    });
    if (elsewhere)
        warning(detail, { title: 'Bind mounts on a remote engine' });
    else
        info(`Bind mounts: ${detail}`);
}

;// CONCATENATED MODULE: ./src/docker-path/early-start.ts







/**
 * How long an early `up` runs alone before `compose config` confirms its plan (it starts sooner
 * when `up` is done). Measured on 2 cores with compose v1: confirming alongside `up` slows `up`
 * more than confirming alongside the wait slows anything.
 */
const UP_HEAD_START_MS = 2000;
/**
 * Start `up` on the predicted plan at once, alongside the daemon's answer (compose asks the
 * daemon itself; `docker version` takes ~50 ms): the watch starts with the answer, and a daemon
 * that says no stops `up`. Nothing starts when the plan cannot be predicted.
 */
function startEarly(ctx, guessed, daemon, projectName, inContainer = false) {
    const { inputs, env } = ctx;
    // Isolation rewrites the plan from what compose config resolves: nothing can start before it.
    const predicted = guessed && inputs.pull === 'missing' && !inputs.isolate ? predictPlan(inputs, guessed, env, projectName) : undefined;
    // With cache-images, `up` waits for the images to be restored: the prediction only names them.
    // In a container, bind mounts may have to be given as the engine's host has them: known only
    // once the engine says which container this is.
    if (!predicted || !daemon || inputs.cacheImages || (inContainer && mountsHostPaths(predicted)))
        return { predicted, lane: undefined, daemon };
    if (inputs.teardown)
        saveTeardownState(teardownState(predicted, env));
    const deadline = performance.now() + inputs.startupTimeoutMs;
    const request = daemon.then((answer) => daemonAnswered(answer)
        ? waitRequest(predicted, inputs, deadline, ctx.reacher(publishHostFor(endpointOf(answer, env))), env)
        : undefined);
    const lane = upAndWatch({ ...predicted, images: [] }, upOptions(inputs, predicted), env, inputs.startupTimeoutMs, request);
    return { predicted, lane, daemon };
}
/**
 * With an early `up` running, `up` gets the CPU first: the plan's confirmation starts when `up`
 * is done, or after a head start (a long build), and overlaps the wait for the containers.
 */
async function headStart(early) {
    if (early.lane)
        await within(early.lane.up, UP_HEAD_START_MS);
}
/** Whether the confirmed plan is the one the early `up` runs (true when nothing started early). */
function confirms(early, plan) {
    return !early.lane || !early.predicted || samePlan(early.predicted, plan);
}
/**
 * Remove what the early start started, when its plan is not the one to run. Whether its `up`
 * reached the engine: not when the daemon refused it (no daemon, no socket), so nothing is there
 * to remove. A daemon too slow to answer may still act on it: that one is removed.
 */
async function dropEarly(ctx, early, why) {
    const { lane, predicted } = early;
    if (!lane || !predicted)
        return false;
    lane.cancel();
    await lane.done;
    early.lane = undefined;
    const answer = early.daemon ? await early.daemon : undefined;
    if (answer && !daemonAnswered(answer)) {
        if (!answer.version.timedOut) {
            if (ctx.inputs.teardown)
                forgetTeardownState();
            return false;
        }
        // Asking a daemon that does not answer to remove things would only wait longer: the post
        // step, which has the time, removes whatever it may yet have done.
        ctx.report.add({
            id: 'compose.fast-lane',
            title: 'Early start',
            status: 'info',
            detail: `the up started on the plan the files predict was stopped before the daemon answered: ${why}; ${ctx.inputs.teardown
                ? 'the post step removes whatever it may have created'
                : 'teardown is off: nothing removes what it may have created'}`,
        });
        return true;
    }
    // Its `up` was killed: the post step looks by label once more when it runs; else now.
    const removed = await removeAtOnce(predicted, ctx.env, { known: [], lookAgain: !ctx.inputs.teardown });
    if (removed.ok && ctx.inputs.teardown)
        saveStackRemoved(true);
    ctx.report.add({
        id: 'compose.fast-lane',
        title: 'Early start',
        status: removed.ok ? 'info' : 'failed',
        durationMs: removed.durationMs,
        detail: `the stack started on the plan the files predict was removed: ${why}${removed.ok ? '' : `; removing it failed: ${removed.detail}`}`,
    });
    return true;
}

;// CONCATENATED MODULE: ./src/stack/logs.ts
/**
 * What a failed service printed last: `docker logs --timestamps --tail N` of its containers, by
 * id (one light CLI call each, all at once: no compose start-up on the way to the fallback), the
 * two streams and every replica merged in time order.
 */

/** "2026-11-22T00:14:36.1013795Z text": the instant, to the nanosecond, as a sortable string. */
function instantOf(line) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z /.exec(line);
    // RFC 3339 with nanoseconds drops trailing zeros: pad them back, or ".1" would sort after ".10000001".
    return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : '';
}
/**
 * Lines of several outputs (each in time order, each line starting with its timestamp) merged in
 * time order, the last `tail` of them. A line without a timestamp stays after the one before it. Pure.
 */
function mergeTimestamped(outputs, tail) {
    const lines = [];
    outputs.forEach((out, source) => {
        let at = '';
        out
            .split(/\r?\n/)
            .filter((l) => l.trim() !== '')
            .forEach((text, index) => {
            at = instantOf(text) || at;
            lines.push({ at, source, index, text });
        });
    });
    lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.source - b.source || a.index - b.index));
    return lines.slice(-tail).map((l) => l.text);
}
/** The last `tail` lines of these containers, merged. Best effort: a container that cannot be read adds nothing. */
async function containerLogs(ids, tail, env) {
    const results = await Promise.all(ids.map((id) => exec_exec(['docker', 'logs', '--timestamps', '--tail', String(tail), id], { env, timeoutMs: 5000 })));
    return mergeTimestamped(results.flatMap((r) => (r.code === 0 ? [r.stdout, r.stderr] : [])), tail);
}

// EXTERNAL MODULE: ./src/report/model.ts
var model = __nccwpck_require__(6867);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __nccwpck_require__(3136);
;// CONCATENATED MODULE: ./src/removal/start.ts
/**
 * The main step's side: hand the removal of a failed stack to a process of its own, which outlives
 * the step. Its own process group and session (a signal to the step's group, the runner's cancel,
 * `killRunningChildren`, none reach it), no pipe to the step (its stdout and stderr go to a file
 * under RUNNER_TEMP, so the runner does not wait on it), unref'd (the step ends without it).
 */





/**
 * The background process's script, bundled beside this one (`dist/remove/index.js` next to
 * `dist/main/`); undefined when there is none (run from src/ through tsx).
 */
function bundledRemovalScript(here = import.meta.url) {
    const script = external_node_path_.join(external_node_path_.dirname((0,external_node_url_.fileURLToPath)(here)), '..', 'remove', 'index.js');
    return external_node_fs_.existsSync(script) ? script : undefined;
}
/** The step's own files, which the runner reads when the step ends: the background process writes none of them. */
const STEP_FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'];
/** The background process's environment: the step's, without its inputs (the staging token) or its files. */
function removalEnv(env) {
    const out = childEnv(env);
    for (const k of STEP_FILES)
        delete out[k];
    return out;
}
/**
 * Start the removal in the background; synchronous, so a cancel cannot come between the start and
 * the state saved for it. Throws when it could not be started (the caller removes the stack itself).
 */
function startDetachedRemoval(job, o) {
    const folder = external_node_fs_.mkdtempSync(external_node_path_.join(o.dir, 'compose-or-staging-removal-'));
    const jobFile = external_node_path_.join(folder, 'job.json');
    const logFile = external_node_path_.join(folder, 'removal.log');
    const resultFile = external_node_path_.join(folder, 'result.json');
    external_node_fs_.writeFileSync(jobFile, JSON.stringify({ ...job, resultFile, stepPid: process.pid }));
    const out = external_node_fs_.openSync(logFile, 'a');
    try {
        const startedAt = Date.now();
        const child = (0,external_node_child_process_namespaceObject.spawn)(o.node ?? process.execPath, [o.script, jobFile], {
            detached: true,
            stdio: ['ignore', out, out],
            env: removalEnv(o.env),
            windowsHide: true,
        });
        // A failure to start comes as an event; with no pid it already happened.
        child.on('error', () => undefined);
        if (child.pid === undefined)
            throw new Error(`could not start ${o.node ?? process.execPath} ${o.script}`);
        child.unref();
        return { pid: child.pid, startedAt, jobFile, logFile, resultFile, stack: job.stack, upStopped: job.lookAgain };
    }
    finally {
        external_node_fs_.closeSync(out);
    }
}

;// CONCATENATED MODULE: ./src/docker-path/remove-later.ts
/**
 * Stage, on failure, last: the failed stack's removal. Handed to a background process that
 * outlives the step (src/removal/) and removes nothing before the step has ended, so the decision
 * waits neither for the engine to kill and remove every container nor competes with it; the post
 * step waits for it and confirms nothing is left. Where no background process can be started (run
 * from src/, say), the step removes the stack itself, as before.
 */








const TITLE = 'Remove the failed stack';
/**
 * Start the removal in the background, its state saved for the post step at once (synchronous: a
 * cancel cannot come in between); undefined when it could not be (why is logged).
 */
function handOver(ctx, plan, known, afterStoppedUp) {
    const started = performance.now();
    const script = bundledRemovalScript();
    if (!script)
        return undefined;
    try {
        const removal = startDetachedRemoval({ stack: teardownState(plan, ctx.env), known, lookAgain: afterStoppedUp, joined: joinedFor(plan.projectName) }, { script, dir: ctx.env.RUNNER_TEMP || external_node_os_.tmpdir(), env: ctx.env });
        saveDetachedRemoval(removal);
        return { removal, durationMs: performance.now() - started };
    }
    catch (err) {
        info(`Could not remove the failed stack in the background (${(0,model/* errorMessage */.gJ)(err)}): removing it now.`);
        return undefined;
    }
}
/** Say that the removal runs in the background; or, when it could not be handed over, remove the stack now. */
async function removeNowUnlessHanded(ctx, plan, handed, known, afterStoppedUp) {
    const { inputs, report, env } = ctx;
    if (handed) {
        const { pid, logFile } = handed.removal;
        report.add({
            id: 'docker.teardown',
            title: TITLE,
            status: 'info',
            durationMs: handed.durationMs,
            detail: `in the background once this step has ended (pid ${pid}): the post step waits for it and confirms nothing of project ${plan.projectName} is left`,
            data: { pid, log: logFile },
        });
        info(`The failed stack is removed in the background once this step has ended (pid ${pid}, its log: ${logFile}); the post step waits for it.`);
        return;
    }
    const removed = await removeAtOnce(plan, env, {
        known,
        // After a killed `up`, the post step looks by label once more when it runs; else now.
        lookAgain: afterStoppedUp && !inputs.teardown,
    });
    report.add({
        id: 'docker.teardown',
        title: TITLE,
        status: removed.ok ? 'ok' : 'failed',
        durationMs: removed.durationMs,
        detail: removed.detail,
    });
    if (removed.ok && inputs.teardown)
        saveStackRemoved(afterStoppedUp);
    if (!removed.ok)
        warning(`Removing the failed stack: ${removed.detail}`);
}

;// CONCATENATED MODULE: ./src/docker-path/failed-stack.ts
/**
 * Stage, on failure: collect what a person needs (each failing service's state, healthcheck output
 * and log tail, all at once), while a background process that removes the stack once this step has
 * ended starts up (docker-path/remove-later.ts): the decision does not wait on the removal, and
 * nothing is removed before the logs are read.
 */






const LOG_TAIL = 40;
/** Each failing service's state and log tail, in the report and the log. */
function recordFailures(report, services, containers, logs) {
    for (const service of services) {
        const c = containers.find((x) => x.service === service);
        const state = c
            ? c.status === 'exited'
                ? `exited with code ${c.exitCode}`
                : c.health
                    ? `${c.status} (${c.health})`
                    : c.status
            : 'no container';
        report.serviceFailures.push({
            service,
            state,
            exitCode: c?.status === 'exited' ? c.exitCode : undefined,
            health: c?.health,
            lastHealthcheckOutput: c?.lastHealthOutput,
            logTail: logs.get(service) ?? [],
        });
        info(`${service}: ${state}`);
        for (const line of logs.get(service) ?? [])
            info(`  ${service} | ${(0,outside/* outsideLine */.U2)(line)}`);
    }
}
async function removeFailedStack(ctx, plan, failing, 
/** `up` was killed mid-way: look for stragglers once more after removing. */
afterStoppedUp, 
/** The containers as the watch last saw them (none: the engine is asked). */
seen = []) {
    const { report, env } = ctx;
    await src_core/* group */.Os('Docker: collect logs, then remove the failed stack', async () => {
        const started = performance.now();
        const services = [...new Set(failing.length ? failing : plan.awaited)];
        // The state as the watch last saw it, a moment ago.
        const containers = seen.length ? seen : await projectContainers(plan.projectName, env).catch(() => []);
        const idsOf = (service) => containers.filter((c) => c.service === service).map((c) => c.id);
        const reading = Promise.all(services.map((service) => containerLogs(idsOf(service), LOG_TAIL, env)));
        // Started while the logs are read; it removes nothing before this step has ended.
        const known = containers.map((c) => c.id);
        const handed = handOver(ctx, plan, known, afterStoppedUp);
        const tails = await reading;
        const logs = new Map(services.map((service, i) => [service, tails[i] ?? []]));
        recordFailures(report, services, containers, logs);
        report.add({
            id: 'docker.logs',
            title: 'Failed services',
            status: 'info',
            durationMs: performance.now() - started,
            detail: services.join(', '),
        });
        await removeNowUnlessHanded(ctx, plan, handed, known, afterStoppedUp);
    });
}

;// CONCATENATED MODULE: ./src/report/hints.ts
/** Every failure kind, in pipeline order. The source of truth for tests and documentation. */
const FAILURE_KINDS = (/* unused pure expression or super */ null && ([
    'invalid-input',
    'internal',
    'no-cli',
    'daemon-down',
    'socket-permission',
    'bad-context',
    'engine-ssh',
    'engine-tls',
    'compose-missing',
    'docker-slow',
    'windows-engine',
    'file-found-elsewhere',
    'file-missing',
    'no-compose-file',
    'config-invalid',
    'compose-too-old',
    'dockerfile-missing',
    'service-missing',
    'service-ambiguous',
    'service-not-started',
    'port-not-published',
    'port-allocated',
    'container-name-conflict',
    'image-missing',
    'build-failed',
    'up-failed',
    'up-timeout',
    'unhealthy',
    'exited',
    'restarting',
    'wait-timeout',
    'health-status',
    'ws-rejected',
    'unauthorized',
    'tls',
    'dns',
    'refused',
    'timeout',
    'reset',
    'probe-error',
    'cache-service',
]));
/** Does not compile when a FailureKind is added to the model but not to FAILURE_KINDS. */
const _everyKindListed = true;
/** A value quoted for a hint: backticks inside it would break the code span. */
function q(v) {
    return `\`${String(v).replace(/`/g, "'")}\``;
}
function str(v) {
    return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
function num(v) {
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function strings(v) {
    if (typeof v === 'string')
        return v ? [v] : [];
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string' && x !== '') : [];
}
/** At most `n` items, then "and N more". */
function list(items, n = 5) {
    const shown = items.slice(0, n).join(', ');
    return items.length > n ? `${shown} and ${items.length - n} more` : shown;
}
const isStaging = (c) => c.id === 'staging' || c.id.startsWith('staging.');
const isWebSocket = (c) => /(^|\.)websocket$/.test(c.id);
/** The input that set the path a probe used. */
function pathInput(f) {
    const given = str(f.data.input);
    if (given)
        return given;
    if (isWebSocket(f.check))
        return 'websocket-path';
    if (/auth/.test(f.check.id))
        return 'auth-health-path';
    return 'health-path';
}
/** The staging URL input a staging check probed. */
function urlInput(c) {
    if (isWebSocket(c))
        return 'staging-websocket-url';
    if (/auth/.test(c.id))
        return 'staging-auth-url';
    return 'staging-backend-url';
}
/** "`health-path` (currently `/health`)" when the path is known, else the URL probed when that is. */
function currently(f) {
    const p = str(f.data.path);
    const url = str(f.data.url);
    return `${q(pathInput(f))}${p ? ` (currently ${q(p)})` : url ? ` (probed ${q(url)})` : ''}`;
}
const serviceName = (f, fallback) => {
    const s = str(f.data.service);
    return s ? q(s) : fallback;
};
function timeoutNote(f, input) {
    const s = num(f.data.timeoutSeconds);
    return `${q(input)}${s !== undefined ? ` (currently ${s} s)` : ''}`;
}
const HINTS = {
    'docker-slow': () => 'Docker is there but answered too slowly, twice: the runner is overloaded (fewer jobs at once on a self-hosted runner, or a bigger one), or the daemon hangs (`sudo systemctl restart docker`). Nothing is missing: do not install anything.',
    'invalid-input': (f) => {
        const declaration = str(f.data.declaration);
        if (declaration)
            return `Fix the \`${declaration}\` readiness of service ${q(str(f.data.service) ?? '?')} in the compose file (the detail says what it accepts; the README's "When is a service ready?" shows each check); nothing was started.`;
        const input = str(f.data.input);
        return `Fix ${input ? q(input) : 'the input'} in the step's \`with:\` (the detail says what it accepts); nothing was started.`;
    },
    internal: () => 'The action failed in a way it does not know: the detail holds the error. Re-run the job; if it happens again, open an issue with the job summary and the report attached.',
    'no-cli': () => 'The docker CLI is not on PATH: use a runner with Docker (ubuntu-latest has it; macOS and Windows runners do not run Linux containers) or install it; set `mode: staging` to skip Docker.',
    'daemon-down': (f) => {
        const ep = str(f.data.endpoint);
        return `No Docker daemon answered${ep ? ` at ${q(ep)}` : ''}: start the daemon, use a runner with Docker (ubuntu-latest), or point \`DOCKER_HOST\` at a reachable engine.`;
    },
    'socket-permission': (f) => {
        const ep = str(f.data.endpoint);
        return `Permission denied on the Docker socket${ep ? ` ${q(ep)}` : ''}: add the runner's user to the \`docker\` group (and restart the runner service) or fix the socket's owner and mode.`;
    },
    'bad-context': (f) => {
        const ep = str(f.data.endpoint);
        return `The Docker context cannot be used${ep ? ` (${q(ep)})` : ''}: unset or fix \`DOCKER_CONTEXT\` / \`DOCKER_HOST\`, or run \`docker context use default\` before this step.`;
    },
    'engine-ssh': (f) => {
        const ep = str(f.data.endpoint);
        // Connected at first, dropped later (during up), or refused at the key exchange: sshd's limits.
        if (f.check.id !== 'docker.availability' || /kex_exchange_identification|ssh_exchange_identification/i.test(f.check.detail))
            return `The engine's sshd dropped connections: compose opens one SSH connection per call it makes at once (about two per service), and sshd's stock \`MaxStartups 10:30:100\` refuses the excess. On the engine's host, raise \`MaxStartups\` (e.g. \`100:30:200\`) and \`MaxSessions\` in \`sshd_config\`; or open one tunnel before this step (\`ssh -fNT -L $RUNNER_TEMP/docker.sock:/var/run/docker.sock <user>@<host>\`, then \`DOCKER_HOST=unix://…/docker.sock\` and \`url-host: <host>\`), or reach the engine over \`tcp://\` with TLS.`;
        return `The runner's \`ssh\` could not reach the engine${ep ? ` at ${q(ep)}` : ''} without a prompt: load the key (an ssh-agent step, or \`IdentityFile\` in \`~/.ssh/config\`), add the host's key to \`~/.ssh/known_hosts\` (\`ssh-keyscan -p <port> <host>\`), and let the remote user run \`docker\` (the \`docker\` group). \`ssh <user>@<host> docker version\` on the runner shows the same failure.`;
    },
    'engine-tls': (f) => {
        const ep = str(f.data.endpoint);
        return `The TLS connection to the engine${ep ? ` at ${q(ep)}` : ''} failed: \`DOCKER_CERT_PATH\` (or the context's TLS files: \`docker context create … --docker host=…,ca=…,cert=…,key=…\`) must hold this engine's \`ca.pem\` and a client \`cert.pem\` / \`key.pem\` it accepts, with \`DOCKER_TLS_VERIFY=1\`; the server's certificate must name the host in \`DOCKER_HOST\`; an engine without TLS (port 2375) needs \`DOCKER_TLS_VERIFY\` unset.`;
    },
    'compose-missing': () => 'Docker answered but Compose is missing: install the compose plugin (package `docker-compose-plugin`) or a standalone `docker-compose` on the runner.',
    'file-found-elsewhere': (f) => {
        const at = strings(f.data.foundAt);
        if (at.length === 1)
            return `Set ${q('compose-files')} to ${q(at[0])} (relative to ${q('working-directory')}).`;
        if (at.length > 1)
            return `Set ${q('compose-files')} to the one you mean: ${list(at.map((a) => q(a)))}.`;
        return `The compose file is not where ${q('compose-files')} says but exists elsewhere: set ${q('compose-files')} to the path shown (relative to ${q('working-directory')}).`;
    },
    'file-missing': (f) => {
        const file = str(f.data.file);
        return `${file ? `${q(file)} does not exist: ` : ''}fix the path in ${q('compose-files')} (relative to ${q('working-directory')}), or check that an earlier step created the file.`;
    },
    'no-compose-file': () => 'No compose file was found in `working-directory` or its `docker/`, `.docker/`, `deploy/`, `compose/` folders: set `compose-files`, or `working-directory` to the folder that holds it.',
    'config-invalid': (f) => {
        const loc = f.check.location;
        const where = loc ? ` at ${q(`${loc.file}${loc.line ? `:${loc.line}` : ''}`)}` : '';
        return `\`compose config\` rejected the file${where}: fix the error shown (reproduce with \`docker compose config\`); variables it needs must be set in the job's env or an env file.`;
    },
    'compose-too-old': (f) => {
        const needed = str(f.data.needed);
        const have = str(f.data.compose);
        const loc = f.check.location;
        const where = loc ? ` (${q(`${loc.file}:${loc.line ?? ''}`.replace(/:$/, ''))})` : '';
        const target = needed ? `compose ${q(needed)} or later` : 'a newer compose';
        return `The compose file uses a key${where} that ${have ? `compose ${q(have)}` : 'this compose'} does not know: run on a runner with ${target} (GitHub's hosted runners have the \`docker compose\` v2 plugin), install the compose plugin there, or remove the key.`;
    },
    'dockerfile-missing': (f) => {
        const missing = Array.isArray(f.data.missing) ? f.data.missing : [];
        const parts = missing.slice(0, 3).map((m) => {
            const what = str(m.kind) === 'env_file' ? 'env file' : (str(m.kind) ?? 'path');
            const svc = str(m.service);
            const nearest = str(m.nearest);
            return `${svc ? `${q(svc)}: ` : ''}${what} ${q(str(m.path) ?? '?')} is missing${nearest ? `, nearest match ${q(nearest)}` : ''}`;
        });
        const more = missing.length > 3 ? `; and ${missing.length - 3} more` : '';
        return `Fix the path in the compose file, or set ${q('project-directory')} to the folder build paths are relative to${parts.length ? ` (${parts.join('; ')}${more})` : ''}.`;
    },
    'service-missing': (f) => {
        const query = str(f.data.query);
        const input = str(f.data.input) ?? 'backend-service';
        const candidates = strings(f.data.candidates);
        return `${query ? `No service matches ${q(query)}: ` : ''}set ${q(input)} (or ${q('services')}) to a service in the stack${candidates.length
            ? `: ${list(candidates.map((c) => q(c)), 8)}`
            : ''}.`;
    },
    'service-ambiguous': (f) => {
        const query = str(f.data.query);
        const input = str(f.data.input) ?? 'backend-service';
        const candidates = strings(f.data.candidates);
        return `${query
            ? `${q(query)} matches several services${candidates.length
                ? ` (${list(candidates.map((c) => q(c)), 8)})`
                : ''}: `
            : ''}name one of them exactly in ${q(input)}.`;
    },
    'service-not-started': (f) => {
        const svc = str(f.data.service);
        const input = str(f.data.input) ?? 'backend-service';
        const why = str(f.data.why);
        const named = svc ? q(svc) : 'The service';
        const start = why?.startsWith('up-flags')
            ? `drop ${q(why.replace(/^up-flags /, ''))} from ${q('up-flags')}`
            : `start one with ${q('up-flags')} ${q(`--scale ${svc ?? '<service>'}=1`)}`;
        return `${named} starts no container${why ? ` (${q(why)})` : ''}, so compose creates none for it: ${input === 'services' ? `remove it from ${q('services')}` : `set ${q(input)} to a service that starts`}, or ${start}.`;
    },
    'port-not-published': (f) => {
        const port = num(f.data.containerPort);
        const svc = serviceName(f, 'the backend service');
        const input = str(f.data.input) ?? (/auth/.test(f.check.id) ? 'auth-port' : 'backend-port');
        return `Publish the container port: add \`ports: ["${port ?? 8000}"]\` to ${svc} in the compose file, or set ${q(input)} to the port it listens on${port !== undefined ? ` (currently ${port})` : ''}.`;
    },
    'port-allocated': (f) => {
        const hostPort = num(f.data.port) ?? /(\d+)\s*$/.exec(str(f.data.port) ?? '')?.[1];
        const svc = str(f.data.service);
        const variable = str(f.data.variable);
        const written = str(f.data.written);
        const whose = `${svc ? ` asked for by ${q(svc)}` : ''}${written ? ` (${q(written)})` : ''}`;
        const fix = variable
            ? `set ${q(variable)} to a free port in the step's env`
            : `publish a random host port (\`"${hostPort ?? 8000}"\` style, only the container port)`;
        return `The host port${hostPort !== undefined ? ` ${hostPort}` : ''}${whose} is taken by another container or process on this engine (another job's stack?): ${fix}, set ${q('isolate')}: true (compose 2.24.4 or later: every fixed host port becomes a random one), or free the port.`;
    },
    'container-name-conflict': (f) => {
        const name = str(f.data.containerName);
        const svc = str(f.data.service);
        return `The fixed ${q('container_name')}${name ? ` ${q(name)}` : ''}${svc ? ` of ${q(svc)}` : ''} is held by another container on this engine (another job's stack, or one left behind): set ${q('isolate')}: true (compose 2.24.4 or later: fixed names are reset, and kept as network aliases), remove the fixed name from the compose file (compose names containers per project), or remove that container before this step.`;
    },
    'image-missing': (f) => {
        const img = str(f.data.image);
        return `An image${img ? ` (${q(img)})` : ''} could not be pulled: check its name and tag, log in to its registry before this step (docker/login-action), or set ${q('build')}: true if it is built here; with ${q('pull')}: never it must already be on the runner. A registry outage or a pull limit: ${q('cache-images')}: true restores the images a run saved before.`;
    },
    'build-failed': () => "Building an image failed: the detail holds compose's own error (the failing step and why); reproduce it with `docker compose build` from the project directory, and check the build context, the Dockerfile and `project-directory`.",
    'up-failed': () => "`compose up` failed: the detail holds compose's own error; check the compose file and `up-flags` (reproduce it with `docker compose up` from the project directory).",
    'up-timeout': (f) => `\`compose up\` did not finish within ${timeoutNote(f, 'startup-timeout')}: raise it, or make pulls faster (smaller images, fewer of them, a registry near the runner).`,
    unhealthy: (f) => `${serviceName(f, 'A service')} is unhealthy: read its last healthcheck output and log lines; if it only starts slowly, raise ${q('startup-timeout')}.`,
    exited: (f) => {
        const code = num(f.data.exitCode);
        return `${serviceName(f, 'A service')} exited${code !== undefined ? ` with code ${code}` : ''}: read its last log lines (a missing env var, a failed migration, a crash at start); raise ${q('startup-timeout')} only if a dependency was slow.`;
    },
    restarting: (f) => `${serviceName(f, 'A service')} keeps restarting: read its last log lines for the crash at start (often a missing env var or a dependency not ready); raise ${q('startup-timeout')} if it needs longer.`,
    'wait-timeout': (f) => {
        const waiting = strings(f.data.waiting);
        return `The stack was not healthy within ${timeoutNote(f, 'startup-timeout')}${waiting.length ? `, still waiting for ${list(waiting.map((w) => q(w)))}` : ''}: read the failed services' logs; raise ${q('startup-timeout')} if it is only slow.`;
    },
    'health-status': (f) => {
        const status = num(f.data.status);
        const got = status !== undefined ? `HTTP ${status}` : 'a non-2xx status';
        if (status === 404 || status === 405)
            return `The health path answered ${got}: check ${currently(f)}${f.staging ? ` and that ${q(urlInput(f.check))} has the right base path` : ''}.`;
        if (status === 401 || status === 403)
            return f.staging
                ? `Staging refused the request (${got}): check that the ${q('staging-token')} secret is set and still valid.`
                : `The health endpoint needs authentication (${got}): point ${currently(f)} at an endpoint that does not.`;
        if (status !== undefined && status >= 500)
            return f.staging
                ? `Staging answered ${got}: the deployment (or a proxy in front of it) is failing or not ready; check the deployment.`
                : `The service answered ${got}: read its log; it may still be starting (raise ${q('startup-timeout')}).`;
        return `${currently(f)} must answer 2xx; it answered ${got}.`;
    },
    'ws-rejected': (f) => {
        const status = num(f.data.status);
        const got = status !== undefined ? ` with HTTP ${status}` : '';
        if (status === 401 || status === 403)
            return f.staging
                ? `The WebSocket upgrade was refused${got}: check that the ${q('staging-token')} secret is set and still valid.`
                : `The WebSocket upgrade needs authentication${got}: check ${currently(f)}.`;
        if (status !== undefined && status >= 500)
            return `The WebSocket upgrade failed${got}: the server (or a proxy that does not forward upgrades) is failing.`;
        return `The WebSocket upgrade was rejected${got}: check ${currently(f)}${f.staging ? ` or set ${q('staging-websocket-url')}` : ''}.`;
    },
    unauthorized: (f) => {
        const status = num(f.data.status);
        const got = status !== undefined ? ` (HTTP ${status})` : '';
        return f.staging
            ? `Staging rejected the credentials${got}: check that the ${q('staging-token')} secret is set for this workflow (secrets are empty on pull requests from forks) and still valid.`
            : `The endpoint needs authentication${got}: point ${currently(f)} at an endpoint that does not.`;
    },
    tls: (f) => {
        const why = `${str(f.data.tls) ?? ''} ${f.check.detail}`;
        const input = f.staging ? q(urlInput(f.check)) : 'the URL';
        if (/expired|not yet valid/i.test(why))
            return `The server's certificate is expired or not yet valid: renew it on the server.`;
        if (/another host name|altname|host ?name/i.test(why))
            return `The certificate is for another host name: use the host name it names in ${input}.`;
        if (/self-signed|unknown issuer|issuer|UNABLE_TO/i.test(why))
            return "The certificate is not trusted: set `NODE_EXTRA_CA_CERTS` (job env) to your CA's PEM file.";
        if (/wrong version|not a TLS/i.test(why))
            return `The server does not speak TLS on that port: use http:// / ws:// in ${input}, or the TLS port.`;
        return `TLS failed: for a private CA set \`NODE_EXTRA_CA_CERTS\` to its PEM file; check that the certificate is not expired and names the host in ${input}.`;
    },
    dns: (f) => f.staging
        ? `The host name does not resolve: check the host in ${q(urlInput(f.check))} (a typo, or a private name this runner cannot resolve?).`
        : 'A host name does not resolve from the runner: check `DOCKER_HOST` and the URL in the detail.',
    refused: (f) => {
        if (f.staging)
            return `Nothing accepts connections there: check the port in ${q(urlInput(f.check))} and that the deployment is up.`;
        const port = num(f.data.containerPort);
        return `Nothing listens on the published port: check that ${q(/auth/.test(f.check.id) ? 'auth-port' : 'backend-port')}${port !== undefined ? ` (currently ${port})` : ''} is the port the service listens on inside the container, on 0.0.0.0 rather than 127.0.0.1.`;
    },
    timeout: (f) => f.staging
        ? `No answer within ${timeoutNote(f, 'staging-timeout')}: check that the runner can reach ${q(urlInput(f.check))} (firewall, VPN, private network), or raise ${q('staging-timeout')}.`
        : `No answer in time: read the service's log; raise ${q('startup-timeout')} if the service is only slow.`,
    'probe-error': (f) => `The probe failed before any answer: read the detail; check the URL${f.staging ? ` in ${q(urlInput(f.check))}` : ''} and any proxy settings (\`HTTPS_PROXY\`, \`NO_PROXY\`).`,
    'windows-engine': () => "This runner's Docker runs Windows containers only (Docker on `windows-latest`), and the stack's images are Linux ones: run the job on an Ubuntu runner (`runs-on: ubuntu-latest`), or set `mode`: staging to test against staging without trying Docker.",
    'cache-service': () => 'The Actions cache service failed or did not answer in time: the images were pulled instead, and the step went on. Nothing to change when it is rare (see https://www.githubstatus.com); `cache-images`: false spares the try.',
    reset: (f) => `The server closed the connection: check the scheme and port${f.staging ? ` in ${q(urlInput(f.check))}` : ''} (plain HTTP behind https:// or the reverse), or a proxy in between.`,
};
/** What to change for a failed check: its own hint, else the table's for its failure kind. */
function hints_hintFor(check) {
    if (check.hint)
        return check.hint;
    if (!check.failure)
        return undefined;
    const hint = HINTS[check.failure];
    if (!hint)
        return undefined; // a kind from newer data than this code
    return hint({ check, data: check.data ?? {}, staging: isStaging(check) });
}

;// CONCATENATED MODULE: ./src/report/summary.ts
/**
 * The job summary, rendered by a pure function from the report: the headline (mode and reason),
 * every check with its hint, the staging probes, the failed services with their log tails, and
 * what later steps receive. {@link renderSummaryText} renders the same for a terminal.
 *
 * Everything that came from outside (log lines, URLs, error text, names, values) is cleaned
 * (control characters and URL credentials removed, long text cut) and escaped, so it cannot
 * break or inject markup. The summary stays under GitHub's 1 MiB step-summary limit: logs are
 * trimmed first (keeping each log's last lines), then long details and healthcheck output; the
 * headline, the checks table and the exports table are always there.
 */


const SUMMARY_LIMITS = {
    maxBytes: 1_000_000,
    logLines: 40,
    lineChars: 2000,
    cellChars: 4000,
    healthcheckChars: 2000,
};
// ---------------------------------------------------------------------------------------------
// Cleaning and escaping
/** Group digits: 1234567 → "1,234,567". */
function summary_count(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
/** Drop URL credentials (scheme://user:pass@host → scheme://host) and long bearer/basic tokens. */
function redactSecrets(s) {
    // Greedy up to the last '@' of the authority, as URL parsers read it (a password may hold '@').
    // The lookbehind starts a scheme only where a word starts: linear time on long runs of letters.
    return s
        .replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1')
        .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
}
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
/**
 * Outside text made safe to show, before escaping: at most `max` characters (the start and the
 * end of a longer text, with the cut marked), no control characters, no URL credentials.
 * Cheap on huge input: only the kept parts are scanned.
 */
/** URL credentials and every registered secret out, before any escaping could hide a secret's form. */
const hideSecrets = (s) => redactSecrets((0,outside/* redact */.E$)(s));
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
    return `${h} … [${summary_count(cut)} characters cut] … ${t}`;
}
const INLINE_ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    '|': '&#124;',
    '`': '&#96;',
    '\\': '&#92;',
    '*': '&#42;',
    _: '&#95;',
    '~': '&#126;',
    '[': '&#91;',
    ']': '&#93;',
};
/**
 * Escape text for Markdown with inline HTML, table cells included: HTML special characters, the
 * cell separator, backticks and Markdown emphasis/link characters become entities (shown as
 * themselves, never parsed), newlines become <br>.
 */
function escapeHtml(s) {
    return s.replace(/[&<>"|`\\*_~[\]]/g, (c) => INLINE_ENTITIES[c]).replace(/\n/g, '<br>');
}
/** Escape a log line for a <pre> block, where Markdown is not parsed: HTML only, one line. */
function escapePre(s) {
    return s.replace(/[&<>]/g, (c) => INLINE_ENTITIES[c]).replace(/\n/g, ' ↵ ');
}
/** Clean and escape outside text for an inline or cell context. */
function summary_text(s, max) {
    return escapeHtml(clean(s ?? '', max));
}
/** A code span for outside text. */
function code(s, max) {
    return `<code>${summary_text(s, max)}</code>`;
}
/** Hint text: `quoted` parts become code spans; all of it escaped. Unbalanced backticks: plain. */
function hintHtml(hint, max) {
    const parts = clean(hint, max).split('`');
    if (parts.length % 2 === 0)
        return escapeHtml(parts.join("'"));
    return parts.map((p, i) => (i % 2 ? `<code>${escapeHtml(p)}</code>` : escapeHtml(p))).join('');
}
// ---------------------------------------------------------------------------------------------
// Shared facts
const ICON = { ok: '✅', failed: '❌', skipped: '⏭️', info: 'ℹ️' };
const MARK = { ok: '✓', failed: '✗', skipped: '-', info: 'i' };
function headline(decision) {
    switch (decision.mode) {
        case 'docker':
            return { icon: '🐳', title: 'Docker Compose stack', mark: '✓' };
        case 'staging':
            return { icon: '🌐', title: 'staging fallback', mark: '✓' };
        default:
            return { icon: decision.fail ? '❌' : '⚠️', title: 'no usable test environment', mark: '✗' };
    }
}
function notChosen(c) {
    const v = c.data?.notChosen;
    if (!Array.isArray(v))
        return [];
    return v
        .filter((x) => typeof x === 'object' && x !== null)
        .map((x) => ({ file: String(x.file ?? ''), why: String(x.why ?? '') }));
}
function plural(n, one, many = `${one}s`) {
    return `${summary_count(n)} ${n === 1 ? one : many}`;
}
const bytesOf = (s) => Buffer.byteLength(s, 'utf8');
function checkRow(c, level) {
    let detail = summary_text(c.detail, level.cellChars);
    const others = notChosen(c);
    if (others.length && level.notChosen > 0) {
        const shown = others.slice(0, level.notChosen).map((n) => `${code(n.file, 300)} (${summary_text(n.why, 300)})`);
        const more = others.length > level.notChosen ? `; and ${summary_count(others.length - level.notChosen)} more` : '';
        detail += `<br>Not chosen: ${shown.join('; ')}${more}`;
    }
    else if (others.length) {
        detail += `<br>${plural(others.length, 'other candidate')} not chosen`;
    }
    if (c.location)
        detail += `<br>📄 ${code(`${c.location.file}${c.location.line ? `:${c.location.line}` : ''}`, 500)}`;
    const hint = c.status === 'failed' || c.failure ? hints_hintFor(c) : undefined;
    if (hint)
        detail += `<br>💡 ${hintHtml(hint, level.cellChars)}`;
    return `| ${ICON[c.status] ?? ''} | ${summary_text(c.title, 500)} | ${summary_count(c.durationMs)} ms | ${detail} |`;
}
function renderHead(decision, lim) {
    const h = headline(decision);
    const fails = decision.fail ? ' The step fails (<code>fail-on-unavailable</code>).' : '';
    return [`## ${h.icon} Mode: ${decision.mode} (${h.title})`, '', `**Why:** ${summary_text(decision.reason, lim.cellChars)}${fails}`, ''];
}
function renderChecks(report, level) {
    const out = ['### Checks', '', '| | Check | Time | Detail |', '|---|---|--:|---|'];
    for (const c of report.checks)
        out.push(checkRow(c, level));
    if (report.checks.length === 0)
        out.push('| | _(no checks ran)_ | | |');
    out.push('');
    return out;
}
function renderStaging(report, level) {
    if (report.stagingProbes.length === 0)
        return [];
    const out = [
        '### Staging probes',
        '',
        '| | Probe | URL | Class | HTTP | Latency | Attempts | Detail |',
        '|---|---|---|---|--:|--:|--:|---|',
    ];
    for (const p of report.stagingProbes) {
        out.push(`| ${p.class === 'ok' ? ICON.ok : ICON.failed} | ${summary_text(p.name, 100)} | ${code(p.url, 1000)} | ${summary_text(p.class, 100)} | ${p.status ?? '–'} | ${summary_count(Math.round(p.latencyMs))} ms | ${p.attempts} | ${summary_text(p.detail, Math.min(level.cellChars, 1000))} |`);
    }
    out.push('');
    return out;
}
const IMAGE_ICON = {
    present: '✅',
    restored: '♻️',
    'restored-older': '⚠️',
    pulled: '⬇️',
    missing: '❌',
    skipped: '⏭️',
    built: '🔨',
};
/** `12.3 MB`, `4 kB`, or – when unknown. Pure. */
function formatSize(bytes) {
    if (bytes === undefined)
        return '–';
    return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${summary_count(Math.max(1, Math.round(bytes / 1024)))} kB`;
}
/** With cache-images: one row per image, what became of it, its size and time. */
function renderImages(report, level) {
    if (report.images.length === 0)
        return [];
    const hit = report.imageCache ? ` (cache-hit: ${report.imageCache.cacheHit}, platform ${summary_text(report.imageCache.platform, 100)})` : '';
    const out = [`### Images${hit}`, '', '| | Image | Services | State | Size | Time | Detail |', '|---|---|---|---|--:|--:|---|'];
    for (const i of report.images) {
        const time = i.durationMs === undefined ? '–' : `${summary_count(Math.round(i.durationMs))} ms`;
        out.push(`| ${IMAGE_ICON[i.state] ?? ''} | ${code(i.image, 500)} | ${summary_text(i.services.join(', '), 500)} | ${summary_text(i.state, 50)} | ${formatSize(i.sizeBytes)} | ${time} | ${summary_text(i.detail, Math.min(level.cellChars, 1000))} |`);
    }
    out.push('');
    return out;
}
function serviceHead(f, level) {
    const head = [`#### ${summary_text(f.service, 200)}: ${summary_text(f.state, 500)}`, ''];
    if (f.health && !f.state.includes(f.health))
        head.push(`Health: ${summary_text(f.health, 200)}`, '');
    if (f.lastHealthcheckOutput !== undefined) {
        if (level.healthcheckChars <= 0)
            head.push('_Last healthcheck output not shown (summary size limit)._', '');
        else if (f.lastHealthcheckOutput.trim() === '')
            head.push('Last healthcheck output: _(empty)_', '');
        else {
            const out = clean(f.lastHealthcheckOutput.trim(), level.healthcheckChars)
                .split('\n')
                .map((l) => escapePre(l));
            head.push('Last healthcheck output:', '', '<pre>', ...out, '</pre>', '');
        }
    }
    return head.join('\n');
}
function serviceLog(f, limits) {
    const lines = f.logTail.slice(-limits.logLines).map((l) => escapePre(clean(l, limits.lineChars)));
    return { name: summary_text(f.service, 200), lines, bytes: lines.map((l) => bytesOf(l) + 1), total: f.logTail.length };
}
function renderLog(b, shown) {
    if (b.total === 0)
        return '_No log output._\n';
    if (shown === 0)
        return `_Log not shown: ${plural(b.total, 'line')} would not fit GitHub's summary size limit._\n`;
    const dropped = b.total - shown;
    const label = `Last ${plural(shown, 'log line')} of ${b.name}${dropped ? ` (${plural(dropped, 'earlier line')} not shown)` : ''}`;
    return `<details><summary>${label}</summary>\n\n<pre>\n${b.lines.slice(b.lines.length - shown).join('\n')}\n</pre>\n\n</details>\n`;
}
/** Upper bound on what renderLog adds around the lines themselves. */
const logOverhead = (b) => 200 + 2 * bytesOf(b.name);
/**
 * Share `budget` bytes among the logs, keeping each log's last lines: small logs are shown whole
 * and what they leave goes to the bigger ones. Returns the number of lines shown per log.
 */
function shareLogBudget(blocks, budget) {
    const need = blocks.map((b) => b.bytes.reduce((a, x) => a + x, 0));
    const order = blocks.map((_, i) => i).sort((a, b) => need[a] - need[b]);
    const shown = blocks.map(() => 0);
    let left = Math.max(0, budget);
    order.forEach((i, k) => {
        const share = Math.floor(left / (order.length - k));
        const b = blocks[i];
        let used = 0;
        let n = 0;
        for (let j = b.bytes.length - 1; j >= 0 && used + b.bytes[j] <= share; j--, n++)
            used += b.bytes[j];
        shown[i] = n;
        left -= used;
    });
    return shown;
}
/** Not trimmed with the levels: later steps' values are what a reader most needs intact. */
function renderExports(exports) {
    const out = ['### What later steps receive', '', '| | Name | Value | Source |', '|---|---|---|---|'];
    const rows = [
        ...Object.entries(exports.outputs).map(([n, v]) => ['output', n, v]),
        ...Object.entries(exports.env).map(([n, v]) => ['env', n, v]),
    ];
    for (const [kind, name, v] of rows) {
        const value = v.value === '' ? '_(empty)_' : code(v.value, 2000);
        out.push(`| ${kind} | ${code(name, 200)} | ${value} | ${summary_text(v.source, 100)} |`);
    }
    if (Object.keys(exports.env).length === 0)
        out.push('| env | _(none: export-env is false)_ | | |');
    out.push('');
    return out;
}
/**
 * How much detail to keep, most first. Logs are trimmed within a level; only when the rest alone
 * does not fit does the next level cut details, hints and healthcheck output shorter.
 */
function levels(limits) {
    return [
        { cellChars: limits.cellChars, healthcheckChars: limits.healthcheckChars, notChosen: 10 },
        { cellChars: Math.min(limits.cellChars, 1000), healthcheckChars: Math.min(limits.healthcheckChars, 300), notChosen: 3 },
        { cellChars: Math.min(limits.cellChars, 300), healthcheckChars: 0, notChosen: 0 },
        { cellChars: Math.min(limits.cellChars, 80), healthcheckChars: 0, notChosen: 0 },
    ];
}
/**
 * The job summary as Markdown, at most `limits.maxBytes` bytes of UTF-8. Pure.
 */
function renderSummary(report, decision, exports, limits = {}) {
    const lim = { ...SUMMARY_LIMITS, ...limits };
    const logs = report.serviceFailures.map((f) => serviceLog(f, lim));
    const after = renderExports(exports).join('\n');
    const servicesTitle = logs.length ? '### Failed services\n\n' : '';
    const all = levels(lim);
    let result = '';
    for (const [i, level] of all.entries()) {
        const before = [
            ...renderHead(decision, lim),
            ...renderChecks(report, level),
            ...renderImages(report, level),
            ...renderStaging(report, level),
        ].join('\n');
        const heads = report.serviceFailures.map((f) => serviceHead(f, level));
        const fixed = bytesOf(before) +
            bytesOf(after) +
            bytesOf(servicesTitle) +
            heads.reduce((a, h, k) => a + bytesOf(h) + logOverhead(logs[k]) + 2, 0) +
            64;
        const budget = lim.maxBytes - fixed;
        if (budget < 0 && i < all.length - 1)
            continue;
        const shown = shareLogBudget(logs, budget);
        const services = heads.map((h, k) => `${h}\n${renderLog(logs[k], shown[k])}`).join('\n');
        result = `${before}\n${servicesTitle}${services}${logs.length ? '\n' : ''}${after}`;
        break;
    }
    return capBytes(result, lim.maxBytes);
}
/** Last resort (thousands of checks): cut at a byte boundary and say so. */
function capBytes(s, maxBytes) {
    if (bytesOf(s) <= maxBytes)
        return s;
    const note = "\n\n_… the rest of this summary was cut at GitHub's size limit; the JSON report (output <code>report</code>) has everything._\n";
    const buf = Buffer.from(s, 'utf8').subarray(0, Math.max(0, maxBytes - bytesOf(note) - 8));
    return `${buf.toString('utf8').replace(/\uFFFD+$/, '')}${note}`;
}
// ---------------------------------------------------------------------------------------------
// Plain text, for a terminal
/** Outside text for a terminal: one line, cleaned (no escape sequences can reach the terminal). */
function plain(s, max) {
    return clean(s ?? '', max).replace(/\n/g, ' ↵ ');
}
/** The summary as plain text for a terminal: headline, checks with ✓/✗ and hints, staging probes, failed services, exports. Pure. */
function renderSummaryText(report, decision, exports, limits = {}) {
    const lim = { ...SUMMARY_LIMITS, ...limits };
    const cell = Math.min(lim.cellChars, 1000);
    const h = headline(decision);
    const out = [`${h.mark} Mode: ${decision.mode} (${h.title})`, `  ${plain(decision.reason, cell)}`];
    if (decision.fail)
        out.push('  The step fails (fail-on-unavailable).');
    out.push('', 'Checks:');
    for (const c of report.checks) {
        out.push(`  ${MARK[c.status] ?? ' '} ${plain(c.title, 200)} (${c.durationMs} ms): ${plain(c.detail, cell)}`);
        const others = notChosen(c);
        if (others.length) {
            const shown = others.slice(0, 5).map((n) => `${plain(n.file, 300)} (${plain(n.why, 300)})`);
            out.push(`      not chosen: ${shown.join('; ')}${others.length > 5 ? `; and ${others.length - 5} more` : ''}`);
        }
        if (c.location)
            out.push(`      at ${plain(`${c.location.file}${c.location.line ? `:${c.location.line}` : ''}`, 500)}`);
        const hint = c.status === 'failed' || c.failure ? hintFor(c) : undefined;
        if (hint)
            out.push(`      hint: ${plain(hint, cell)}`);
    }
    if (report.images.length) {
        out.push('', `Images${report.imageCache ? ` (cache-hit: ${report.imageCache.cacheHit})` : ''}:`);
        for (const i of report.images) {
            const facts = [
                i.state,
                i.sizeBytes !== undefined ? formatSize(i.sizeBytes) : '',
                i.durationMs !== undefined ? `${Math.round(i.durationMs)} ms` : '',
            ]
                .filter(Boolean)
                .join(', ');
            out.push(`  ${plain(i.image, 500)} (${plain(i.services.join(', '), 300)}): ${facts}; ${plain(i.detail, 500)}`);
        }
    }
    if (report.stagingProbes.length) {
        out.push('', 'Staging probes:');
        for (const p of report.stagingProbes) {
            const status = p.status !== undefined ? `, HTTP ${p.status}` : '';
            out.push(`  ${p.class === 'ok' ? '✓' : '✗'} ${plain(p.name, 100)} ${plain(p.url, 500)}: ${plain(p.class, 100)}${status}, ${Math.round(p.latencyMs)} ms, ${plural(p.attempts, 'attempt')}; ${plain(p.detail, 500)}`);
        }
    }
    if (report.serviceFailures.length) {
        out.push('', 'Failed services:');
        for (const f of report.serviceFailures) {
            out.push(`  ${plain(f.service, 200)}: ${plain(f.state, 500)}`);
            if (f.lastHealthcheckOutput?.trim())
                out.push(`    last healthcheck output: ${plain(f.lastHealthcheckOutput.trim(), 500)}`);
            const tail = f.logTail.slice(-lim.logLines);
            if (tail.length) {
                const dropped = f.logTail.length - tail.length;
                out.push(`    last ${plural(tail.length, 'log line')}${dropped ? ` (${summary_count(dropped)} earlier not shown)` : ''}:`);
                for (const l of tail)
                    out.push(`    | ${plain(l, Math.min(lim.lineChars, 500))}`);
            }
        }
    }
    out.push('', 'What later steps receive:');
    for (const [kind, rec] of [
        ['output', exports.outputs],
        ['env', exports.env],
    ]) {
        for (const [name, v] of Object.entries(rec))
            out.push(`  ${kind.padEnd(6)} ${plain(name, 200)} = ${v.value === '' ? '(empty)' : plain(v.value, 500)} (${plain(v.source, 100)})`);
    }
    return `${out.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/docker-path/images.ts
/**
 * Stage: the stack's images through the Actions cache (`cache-images: true`), settled before `up`:
 * one row per image in the report, one check saying what the cache did, a warning when the cache
 * service was in trouble, and what the post step is to save.
 */






/** One line: `3 images: 1 restored, 1 pulled, 1 present`. Pure. */
function describeImages(outcome) {
    const counts = new Map();
    for (const r of outcome.records)
        counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
    const parts = [...counts].map(([state, n]) => `${n} ${state.replace('-', ' ')}`);
    const n = outcome.records.length;
    return `${n} image${n === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}; cache-hit ${outcome.cacheHit}`;
}
async function settleImages(ctx, restore, plan) {
    const { report, env } = ctx;
    return src_core/* group */.Os('Docker: images (cache-images)', async () => {
        const outcome = await restore.finish(plan);
        report.images.push(...outcome.records);
        report.imageCache = { cacheHit: outcome.cacheHit, platform: outcome.platform };
        for (const r of outcome.records)
            info(`${r.image} (${r.services.join(', ')}): ${r.state}${r.sizeBytes !== undefined ? `, ${formatSize(r.sizeBytes)}` : ''}; ${(0,outside/* outsideLine */.U2)(r.detail)}`);
        const troubled = outcome.problems.length > 0;
        report.add({
            id: 'images.cache',
            title: 'Image cache',
            status: 'info',
            durationMs: outcome.durationMs,
            detail: `${describeImages(outcome)} (platform ${outcome.platform})${troubled ? `; the Actions cache service failed, so images were pulled instead: ${outcome.problems.join('; ')}` : ''}`,
            failure: troubled ? 'cache-service' : undefined,
            data: { cacheHit: outcome.cacheHit, platform: outcome.platform, problems: outcome.problems },
        });
        if (troubled)
            warning(`The Actions cache service failed; the stack goes on without it: ${outcome.problems.map((p) => (0,outside/* outsideLine */.U2)(p)).join('; ')}`, {
                title: 'Image cache',
            });
        if (outcome.toSave.length)
            saveImageCacheState({ images: outcome.toSave, engineEnv: engineEnv(env) });
        return outcome;
    });
}

// EXTERNAL MODULE: ./src/images/actions-cache.ts
var actions_cache = __nccwpck_require__(9994);
;// CONCATENATED MODULE: ./src/images/cacheable.ts
/**
 * What an image cache holds for a stack, and under which keys (issue 14). Pure.
 *
 * - The images the stack pulls: those of services with `image:` and no `build:`, and the `FROM`
 *   images of the Dockerfiles it builds (stages named earlier in the same file, `scratch` and
 *   references that still hold an unresolved `${ARG}` are not pulled).
 * - One cache entry per image, keyed by platform, the image's one canonical spelling and the
 *   digest its registry gives now: a new push under the same tag is a new key, never a stale
 *   hit. When the registry cannot be asked, the restore key (the same, without the digest)
 *   finds the newest entry saved for that reference.
 */
/** Changes when what an entry holds changes shape (a `docker save` of one image, today). */
const KEY_VERSION = 'v1';
/** `linux/amd64`: the platform of the engine's images, part of every key. */
function imageCacheKeys(canonical, platform, digest) {
    // Keys may not hold commas (the cache service splits on them); references cannot either.
    const prefix = `compose-or-staging-image-${KEY_VERSION}-${platform}-${canonical}@`;
    return { key: digest ? `${prefix}${digest}` : prefix, restoreKeys: [prefix] };
}
/**
 * The images a Dockerfile pulls: each `FROM` that is not an earlier stage or `scratch`, with
 * `ARG` defaults before the first `FROM` (and the given build args) put in; `--platform=…` is
 * skipped. A reference that still holds a `$` is left out (it depends on what the build gets).
 */
function dockerfileBaseImages(text, buildArgs = {}) {
    const lines = text
        .replace(/\\\r?\n/g, ' ') // line continuations
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
    const args = {};
    const stages = new Set();
    const images = [];
    let seenFrom = false;
    const expand = (s) => s.replace(/\$\{([A-Za-z_]\w*)(?::?-([^}]*))?\}|\$([A-Za-z_]\w*)/g, (m, a, dflt, b) => {
        const name = (a ?? b);
        const v = buildArgs[name] ?? args[name];
        return v !== undefined && v !== '' ? v : dflt !== undefined ? dflt : m;
    });
    for (const line of lines) {
        const [instruction = '', ...rest] = line.split(/\s+/);
        const word = instruction.toUpperCase();
        if (word === 'ARG' && !seenFrom) {
            for (const a of rest) {
                const eq = a.indexOf('=');
                const name = eq >= 0 ? a.slice(0, eq) : a;
                if (eq >= 0)
                    args[name] = a.slice(eq + 1).replace(/^["']|["']$/g, '');
            }
        }
        if (word !== 'FROM')
            continue;
        seenFrom = true;
        const words = rest.filter((w) => !w.startsWith('--'));
        const image = expand(words[0] ?? '');
        const as = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
        if (image && image !== 'scratch' && !stages.has(image.toLowerCase()) && !image.includes('$') && !images.includes(image))
            images.push(image);
        if (as)
            stages.add(as);
    }
    return images;
}

;// CONCATENATED MODULE: ./src/images/reference.ts
/**
 * Image references as the engine reads them (`busybox`, `library/busybox:1.36`,
 * `ghcr.io/org/app:v1`, `localhost:5000/app@sha256:…`): the registry to ask, the repository in
 * it, and the tag or digest. Docker Hub's short names get `docker.io` and `library/`, as the
 * engine does, so that two spellings of one image are one cache key. Pure.
 */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
/** `sha256:…`: what a digest looks like (a registry's header is checked against it too). */
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,128}$/;
/** The reference, or why it is not one. */
function parseReference(text) {
    const ref = text.trim();
    const at = ref.indexOf('@');
    const digest = at >= 0 ? ref.slice(at + 1) : undefined;
    const rest = at >= 0 ? ref.slice(0, at) : ref;
    if (digest !== undefined && !DIGEST.test(digest))
        return { error: `${JSON.stringify(text)}: "${digest}" is not a digest` };
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    const tag = colon > slash ? rest.slice(colon + 1) : undefined;
    const name = colon > slash ? rest.slice(0, colon) : rest;
    if (tag !== undefined && !TAG.test(tag))
        return { error: `${JSON.stringify(text)}: "${tag}" is not a tag` };
    const parts = name.split('/');
    const first = parts[0] ?? '';
    const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
    const registry = hasRegistry ? first : 'docker.io';
    const path = hasRegistry ? parts.slice(1) : parts;
    const repository = (registry === 'docker.io' && path.length === 1 ? ['library', ...path] : path).join('/');
    if (!repository || !repository.split('/').every((c) => COMPONENT.test(c)))
        return { error: `${JSON.stringify(text)}: "${path.join('/')}" is not a repository name (lower case letters, digits and separators)` };
    const finalTag = tag ?? (digest ? undefined : 'latest');
    return {
        registry,
        apiHost: registry === 'docker.io' ? 'registry-1.docker.io' : registry,
        repository,
        tag: finalTag,
        digest,
        canonical: `${registry}/${repository}${finalTag ? `:${finalTag}` : ''}${digest ? `@${digest}` : ''}`,
    };
}
/** Whether the registry is on this machine: the engine trusts such a registry without TLS. */
function isLoopbackRegistry(registry) {
    const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

;// CONCATENATED MODULE: ./src/images/engine.ts
/**
 * The engine's side of the image cache: which images it has, and `docker pull`, `load` and
 * `save`, each one CLI call with a time limit.
 */


/** The canonical references of the images the engine has, by tag and by repository digest. */
async function localImages(env, timeoutMs) {
    const r = await exec_exec(['docker', 'image', 'ls', '--digests', '--no-trunc', '--format', '{{.Repository}}\t{{.Tag}}\t{{.Digest}}'], {
        env,
        timeoutMs,
    });
    if (r.code !== 0)
        return { error: describeFailure(r) };
    return parseImageList(r.stdout);
}
/** `docker image ls` rows (`repository TAB tag TAB digest`) as canonical references. Pure. */
function parseImageList(stdout) {
    const out = new Set();
    for (const line of stdout.split('\n')) {
        const [repo = '', tag = '', digest = ''] = line.trim().split('\t');
        if (!repo || repo === '<none>')
            continue;
        for (const written of [tag && tag !== '<none>' ? `${repo}:${tag}` : '', digest && digest !== '<none>' ? `${repo}@${digest}` : '']) {
            const ref = written ? parseReference(written) : undefined;
            if (ref && !('error' in ref))
                out.add(ref.canonical);
        }
    }
    return out;
}
/** What the engine knows of an image it has; undefined when it has none by that name. */
async function imageFacts(ref, env, timeoutMs) {
    const r = await exec_exec(['docker', 'image', 'inspect', '--format', '{{.Id}}\t{{.Size}}\t{{json .RepoDigests}}', ref.canonical], {
        env,
        timeoutMs,
    });
    if (r.code !== 0)
        return undefined;
    const [id = '', size = '', digests = '[]'] = r.stdout.trim().split('\t');
    return { id, sizeBytes: Number(size) || 0, digest: repoDigestFor(ref, digests) };
}
/** Of `["busybox@sha256:…", …]`, the digest recorded for `ref`'s registry and repository. Pure. */
function repoDigestFor(ref, repoDigestsJson) {
    let list;
    try {
        list = JSON.parse(repoDigestsJson);
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(list))
        return undefined;
    for (const entry of list) {
        const parsed = typeof entry === 'string' ? parseReference(entry) : undefined;
        if (parsed && !('error' in parsed) && parsed.registry === ref.registry && parsed.repository === ref.repository && parsed.digest)
            return parsed.digest;
    }
    return undefined;
}
const result = (r) => r.code === 0 ? { ok: true, durationMs: r.durationMs } : { ok: false, detail: describeFailure(r), durationMs: r.durationMs };
async function pullImage(ref, env, timeoutMs, signal) {
    return result(await exec_exec(['docker', 'pull', '--quiet', ref.canonical], { env, timeoutMs, signal }));
}
async function loadImage(file, env, timeoutMs, signal) {
    return result(await exec_exec(['docker', 'load', '--quiet', '--input', file], { env, timeoutMs, signal }));
}
/** One image (its name and tag kept, so a load gives it back by that name) into `file`. */
async function saveImage(ref, file, env, timeoutMs) {
    return result(await exec(['docker', 'save', '--output', file, ref.canonical], { env, timeoutMs }));
}

;// CONCATENATED MODULE: ./src/images/registry.ts
/**
 * What an image reference points at now, asked of its registry without pulling: a `HEAD` of the
 * manifest (Docker Hub does not count it against the pull rate limit), with the registry's
 * anonymous token when it asks for one (`401` + `WWW-Authenticate: Bearer realm=…`). The answer is
 * the `Docker-Content-Digest`, the key an image cache can trust not to be stale.
 *
 * A registry on this machine is asked over HTTPS, then plain HTTP, as the engine does for it.
 */

/** Every manifest kind a registry may hold for a tag: the multi-platform index first. */
const ACCEPT = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
/** `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"`. Pure. */
function parseBearerChallenge(header) {
    if (!header || !/^bearer\s/i.test(header))
        return undefined;
    const params = {};
    for (const m of header.slice(7).matchAll(/([a-zA-Z_]+)="([^"]*)"/g))
        params[m[1].toLowerCase()] = m[2];
    return params.realm ? params : undefined;
}
/** The digest the reference's tag points at now (a digest reference is its own answer). */
async function headDigest(ref, options) {
    const started = performance.now();
    const done = (a) => ({
        ...a,
        durationMs: performance.now() - started,
    });
    if (ref.digest)
        return done({ ok: true, digest: ref.digest });
    const signal = AbortSignal.timeout(options.timeoutMs);
    const schemes = isLoopbackRegistry(ref.registry) ? ['https', 'http'] : ['https'];
    let lastError = '';
    for (const scheme of schemes) {
        const url = `${scheme}://${ref.apiHost}/v2/${ref.repository}/manifests/${ref.tag ?? 'latest'}`;
        try {
            let res = await fetch(url, { method: 'HEAD', headers: { accept: ACCEPT }, signal, redirect: 'follow' });
            const challenge = res.status === 401 ? parseBearerChallenge(res.headers.get('www-authenticate')) : undefined;
            if (challenge) {
                const tokenUrl = new URL(challenge.realm);
                if (challenge.service)
                    tokenUrl.searchParams.set('service', challenge.service);
                tokenUrl.searchParams.set('scope', challenge.scope ?? `repository:${ref.repository}:pull`);
                const tokenRes = await fetch(tokenUrl, { signal });
                const body = (await tokenRes.json().catch(() => ({})));
                const token = body.token ?? body.access_token;
                if (!tokenRes.ok || !token)
                    return done({
                        ok: false,
                        kind: tokenRes.status >= 500 ? 'unavailable' : 'denied',
                        detail: `the registry's token service answered HTTP ${tokenRes.status} for ${ref.canonical}`,
                    });
                res = await fetch(url, { method: 'HEAD', headers: { accept: ACCEPT, authorization: `Bearer ${token}` }, signal });
            }
            // The header goes into a cache key: only a digest's form is taken.
            const digest = res.headers.get('docker-content-digest')?.trim();
            if (res.ok && digest && DIGEST.test(digest))
                return done({ ok: true, digest });
            if (res.ok)
                return done({ ok: false, kind: 'error', detail: `the registry gave no valid Docker-Content-Digest for ${ref.canonical}` });
            const kind = res.status === 404
                ? 'not-found'
                : res.status === 401 || res.status === 403
                    ? 'denied'
                    : res.status === 429
                        ? 'rate-limited'
                        : res.status >= 500
                            ? 'unavailable'
                            : 'error';
            return done({ ok: false, kind, detail: `the registry answered HTTP ${res.status} for ${ref.canonical}` });
        }
        catch (err) {
            lastError = signal.aborted
                ? `no answer within ${options.timeoutMs < 1000 ? `${options.timeoutMs} ms` : `${Math.round(options.timeoutMs / 1000)} s`}`
                : describeFetchError(err);
            if (signal.aborted)
                break;
        }
    }
    return done({ ok: false, kind: 'unreachable', detail: `${ref.registry} could not be asked about ${ref.canonical}: ${lastError}` });
}
/** fetch's "fetch failed" says nothing: its cause does (ECONNREFUSED, ENOTFOUND, a TLS error). */
function describeFetchError(err) {
    const cause = err.cause;
    return cause?.code ?? cause?.message ?? err.message ?? String(err);
}

;// CONCATENATED MODULE: ./src/images/stack-images.ts
/**
 * The images a stack pulls, as the image cache sees them: each service's `image:` when it has no
 * `build:`, and the `FROM` images of the Dockerfiles of the services it builds; only the services
 * that start (the named ones and what they depend on, or all), one entry per image.
 */





/** The services that start: `services` and, transitively, what they depend on; all when empty. */
function startedServices(model, services) {
    if (services.length === 0)
        return [...model.services.keys()];
    const seen = new Set();
    const visit = (name) => {
        const svc = model.services.get(name);
        if (!svc || seen.has(name))
            return;
        seen.add(name);
        for (const d of svc.dependsOn)
            if (d.required)
                visit(d.service);
    };
    for (const s of services)
        visit(s);
    return [...seen];
}
/**
 * Read from the files: the Dockerfiles of services that build (a `dockerfile_inline` from the
 * compose file itself, a remote context skipped).
 */
function stackImages(model, services, projectDirectory) {
    const byCanonical = new Map();
    const built = [];
    const skipped = [];
    const add = (written, service, via) => {
        const ref = parseReference(written);
        if ('error' in ref) {
            skipped.push({ service, what: written, why: ref.error });
            return;
        }
        const known = byCanonical.get(ref.canonical);
        if (known) {
            if (!known.services.includes(service))
                known.services.push(service);
            return;
        }
        byCanonical.set(ref.canonical, { written, ref, services: [service], via });
    };
    for (const name of startedServices(model, services)) {
        const svc = model.services.get(name);
        if (!svc.build) {
            if (svc.image)
                add(svc.image, name, 'image');
            continue;
        }
        built.push(name);
        // dockerfile_inline: the text is in the compose file, wherever the context is.
        if (svc.build.inline !== undefined) {
            for (const base of dockerfileBaseImages(svc.build.inline, svc.build.args))
                add(base, name, 'build');
            continue;
        }
        if (isRemoteContext(svc.build.context)) {
            skipped.push({ service: name, what: svc.build.context, why: 'a remote build context: its Dockerfile is not read' });
            continue;
        }
        const dockerfile = external_node_path_.resolve(projectDirectory, svc.build.context, svc.build.dockerfile);
        let text;
        try {
            text = external_node_fs_.readFileSync(dockerfile, 'utf8');
        }
        catch (err) {
            skipped.push({ service: name, what: dockerfile, why: `cannot be read: ${err.code ?? String(err)}` });
            continue;
        }
        for (const base of dockerfileBaseImages(text, svc.build.args))
            add(base, name, 'build');
    }
    return { images: [...byCanonical.values()], built, skipped };
}

;// CONCATENATED MODULE: ./src/images/restore.ts
/**
 * The image cache's main-step half (`cache-images: true`): each image the stack pulls, as soon as
 * the files name it, alongside the daemon's answer and the plan:
 *
 *   on the engine already → nothing (neither restored nor saved)
 *   else its digest from the registry (a HEAD, not a pull) → the cache entry of that digest,
 *        downloaded and `docker load`ed;
 *   the registry cannot be asked (outage, rate limit) → the newest entry saved for the reference;
 *   not in the cache → pulled here (timed, sized), and saved by the post step.
 *
 * `up` starts once every image is settled. A cache service in trouble costs seconds (every call
 * is bounded) and a warning, never the step.
 */










/** A HEAD of a manifest: an answer in well under a second, or the registry is in trouble. */
const HEAD_MS = 5000;
/** Listing the engine's images. */
const LIST_MS = 15_000;
/**
 * A lookup in the cache service when the registry gave a digest: time for one of the library's
 * retries (3–4.5 s after a failure). A slower cache costs a pull, no more. In an outage the cache
 * is the only source left: the lookup gets what a download gets (restoreBudget).
 */
const LOOKUP_MS = 6000;
/** Where the images' tar files go, under RUNNER_TEMP: the post step removes it. */
function imagesFolder() {
    return external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'compose-or-staging-images');
}
/** The tar file one image goes through: the same path in every run (the cache's version hashes it). */
function imageFile(platform, canonical) {
    const name = (0,external_node_crypto_.createHash)('sha256').update(`${platform} ${canonical}`).digest('hex').slice(0, 24);
    return external_node_path_.join(imagesFolder(), `${name}.tar`);
}
/** Node's platform as the engine names it: the key's platform when the daemon did not say. */
function hostPlatform() {
    const arch = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };
    return `${process.platform === 'win32' ? 'windows' : process.platform}/${arch[process.arch] ?? process.arch}`;
}
/** cache-hit from the records. Pure. */
function cacheHitOf(records) {
    const lacked = records.filter((r) => ['restored', 'restored-older', 'pulled', 'missing'].includes(r.state));
    const restored = lacked.filter((r) => r.state === 'restored' || r.state === 'restored-older').length;
    if (restored === lacked.length)
        return 'true';
    return restored > 0 ? 'partial' : 'false';
}
/**
 * Begin at once, on the images of the plan the files predict (when they predict one): the
 * registries, the cache and the engine's list are asked alongside the daemon's answer.
 */
function beginImageRestore(inputs, env, daemon, predicted) {
    const started = performance.now();
    const deadline = started + inputs.startupTimeoutMs;
    const remaining = () => Math.max(1000, deadline - performance.now());
    // A download gets at most half of what is left, so that a stalled one still leaves time to pull.
    const restoreBudget = () => Math.max(10_000, Math.floor((deadline - performance.now()) / 2));
    const stopped = new AbortController();
    const available = actions_cache/* cacheAvailable */.g7();
    const answered = daemon?.then((a) => (daemonAnswered(a) ? a : undefined)) ?? Promise.resolve(undefined);
    const platform = answered.then((a) => (a && platformOf(a)) || hostPlatform());
    const listing = answered.then((a) => (a ? localImages(env, LIST_MS) : { error: 'the daemon did not answer' }));
    const problems = [];
    const toSave = [];
    const begun = new Map();
    /** Each image's own stop: Docker is not usable, or the confirmed plan does not need it. */
    const stops = new Map();
    const settle = async (img, signal) => {
        const t0 = performance.now();
        const row = { image: img.ref.canonical, written: img.written, services: img.services, via: img.via };
        // The registry is asked at once: it needs no daemon.
        const head = img.ref.digest ? undefined : headDigest(img.ref, { timeoutMs: HEAD_MS });
        const local = await listing;
        if (!('error' in local) && local.has(img.ref.canonical))
            return { ...row, state: 'present', detail: 'on the engine already: neither restored nor saved' };
        if (!head)
            return {
                ...row,
                state: 'missing',
                digest: img.ref.digest,
                detail: 'pinned by digest, which the cache cannot give back (docker load drops digests): compose pulls it',
            };
        const answer = await head;
        const digest = answer.ok ? answer.digest : undefined;
        const p = await platform;
        const took = () => performance.now() - t0;
        const fromCache = await restoreOne(img, p, answer, local, signal);
        if (fromCache.record)
            return { ...row, ...fromCache.record, durationMs: took() };
        // Not from the cache: pulled here (compose would pull it anyway), timed, and saved by the post step.
        const why = fromCache.why;
        if (inputs.pull === 'never')
            return { ...row, state: 'missing', digest, detail: `${why}; pull is never: not pulled` };
        if (signal.aborted)
            return { ...row, state: 'missing', digest, detail: `${why}; no longer needed` };
        const pulled = await pullImage(img.ref, env, remaining(), signal);
        if (!pulled.ok)
            return { ...row, state: 'missing', digest, durationMs: took(), detail: `${why}; the pull failed: ${pulled.detail}` };
        const facts = await imageFacts(img.ref, env, LIST_MS);
        const savedDigest = facts?.digest ?? digest;
        if (savedDigest && facts)
            toSave.push({
                image: img.ref.canonical,
                key: imageCacheKeys(img.ref.canonical, p, savedDigest).key,
                file: imageFile(p, img.ref.canonical),
                id: facts.id,
            });
        return {
            ...row,
            state: 'pulled',
            digest: savedDigest,
            sizeBytes: facts?.sizeBytes,
            durationMs: took(),
            detail: `${why}; pulled in ${Math.round(pulled.durationMs)} ms${savedDigest ? '; the post step saves it' : '; no digest to key it by: not saved'}`,
        };
    };
    /** The image from the cache, or why not. */
    const restoreOne = async (img, p, answer, local, signal) => {
        if ('error' in local)
            return { why: `the engine's images could not be listed (${local.error})` };
        const digest = answer.ok ? answer.digest : undefined;
        // Without the digest, the newest entry for the reference only when the registry is out of reach:
        // a registry that answers "denied" would let a moving tag go stale in the cache for ever.
        const outage = !answer.ok && (answer.kind === 'unreachable' || answer.kind === 'unavailable' || answer.kind === 'rate-limited');
        if (!answer.ok && !outage)
            return { why: `its registry gave no digest (${answer.kind}: ${answer.detail})` };
        if (!(await available))
            return { why: 'this job has no Actions cache service (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set)' };
        const keys = imageCacheKeys(img.ref.canonical, p, digest);
        const restoreKeys = digest ? [] : keys.restoreKeys;
        const file = imageFile(p, img.ref.canonical);
        const found = await actions_cache/* lookup */.$I(file, keys.key, restoreKeys, digest ? LOOKUP_MS : restoreBudget());
        if (!found.ok) {
            problems.push(found.detail);
            return { why: `the cache could not be asked (${found.detail})` };
        }
        if (found.value === undefined)
            return {
                why: digest
                    ? `not in the cache (digest ${digest})`
                    : `not in the cache, and its registry is out of reach (${answer.detail})`,
            };
        if (signal.aborted)
            return { why: 'no longer needed' };
        try {
            const got = await actions_cache/* restore */.PF(file, keys.key, restoreKeys, restoreBudget());
            if (!got.ok || got.value === undefined) {
                if (!got.ok)
                    problems.push(got.detail);
                return { why: `the cache entry could not be restored (${got.ok ? 'the library restored nothing' : got.detail})` };
            }
            if (signal.aborted)
                return { why: 'no longer needed' };
            const loaded = await loadImage(file, env, remaining(), signal);
            if (!loaded.ok)
                return { why: `docker load failed: ${loaded.detail}` };
            const facts = await imageFacts(img.ref, env, LIST_MS);
            if (!facts)
                return { why: `the cache entry ${got.value} did not hold ${img.ref.canonical}` };
            return {
                why: '',
                record: digest
                    ? { state: 'restored', digest, key: got.value, sizeBytes: facts.sizeBytes, detail: `restored (digest ${digest})` }
                    : {
                        state: 'restored-older',
                        key: got.value,
                        sizeBytes: facts.sizeBytes,
                        detail: `restored the newest entry saved for it, possibly an older image than the registry has: the registry could not be asked (${answer.detail})`,
                    },
            };
        }
        finally {
            external_node_fs_.rmSync(file, { force: true });
        }
    };
    const begin = (images) => {
        for (const img of images) {
            if (begun.has(img.ref.canonical))
                continue;
            const stop = new AbortController();
            stops.set(img.ref.canonical, stop);
            begun.set(img.ref.canonical, settle(img, AbortSignal.any([stopped.signal, stop.signal])).catch((err) => ({
                image: img.ref.canonical,
                written: img.written,
                services: img.services,
                via: img.via,
                state: 'missing',
                detail: `the image cache failed: ${err instanceof Error ? err.message : String(err)}`,
            })));
        }
    };
    if (predicted)
        begin(stackImages(predicted.model, predicted.services, predicted.projectDirectory).images);
    return {
        async finish(plan) {
            const found = stackImages(plan.model, plan.services, plan.projectDirectory);
            begin(found.images);
            const wanted = new Set(found.images.map((i) => i.ref.canonical));
            // Images of the prediction that the confirmed plan does not start: their pulls are stopped.
            for (const [image, stop] of stops)
                if (!wanted.has(image))
                    stop.abort();
            const records = (await Promise.all([...begun.entries()].filter(([k]) => wanted.has(k)).map(([, p]) => p)));
            for (const service of found.built) {
                const svc = plan.model.services.get(service);
                // Compose v1 names a built image project_service, v2 project-service.
                const separator = plan.compose.version?.major === 1 ? '_' : '-';
                records.push({
                    image: svc.image ?? `${plan.projectName}${separator}${service}`,
                    written: svc.image ?? '',
                    services: [service],
                    via: 'build',
                    state: 'built',
                    detail: 'built by compose: not cached (its base images are)',
                });
            }
            for (const s of found.skipped)
                records.push({ image: s.what, written: s.what, services: [s.service], via: 'build', state: 'skipped', detail: s.why });
            return {
                records,
                cacheHit: cacheHitOf(records),
                problems: [...new Set(problems)],
                toSave: toSave.filter((s) => wanted.has(s.image)),
                platform: await platform,
                durationMs: performance.now() - started,
            };
        },
        stop() {
            stopped.abort();
        },
    };
}

;// CONCATENATED MODULE: ./src/compose/isolate.ts
/**
 * `isolate: true`: an override file that takes out of the stack everything two jobs on one engine
 * would fight over, written from the model `compose config` resolved:
 *
 * - every `container_name` is reset (`!reset`), so compose names containers after the project;
 *   the old name stays an alias on each of the service's own networks (not on an external one,
 *   where another job's container would answer to it too), so a service that reaches another by
 *   its container name (`postgres://alpine-test-postgres:5432`) still does. A name another service
 *   refers to as `container:NAME` (network_mode, ipc, pid, volumes_from) or in external_links is
 *   kept: compose would not find the container under its new name;
 * - every port with a fixed host port is published on a random one (`!override` of the whole
 *   list, host IP and protocol kept); the outputs carry the real ports, read from the engine;
 * - every network and volume with a fixed `name:` gets the project's own (`!reset`), so two
 *   stacks never share a network (their aliases would answer for each other) or a database volume.
 *
 * `!reset` needs compose 2.24.0 and `!override` 2.24.4; an older compose is told about, not given
 * this file. Pure, apart from {@link writeIsolation}.
 */


/** A YAML scalar that reads back as exactly `s` (JSON strings are YAML double-quoted scalars). */
const isolate_q = (s) => JSON.stringify(s);
/** Fixed names: a resource the file names itself, not the `<project>_<key>` compose would give. */
function fixedNames(resources, projectName) {
    return [...(resources ?? [])]
        .filter(([key, r]) => !r.external && r.name !== undefined && r.name !== `${projectName}_${key}`)
        .map(([key, r]) => ({ key, name: r.name }));
}
function isolationOverride(model, projectName) {
    const out = { yaml: '', containerNames: [], keptNames: [], hostPorts: [], networks: [], volumes: [] };
    const services = [];
    const all = [...model.services.values()];
    for (const s of all) {
        const lines = [];
        const name = s.containerName;
        const by = name === undefined ? [] : all.filter((o) => o !== s && o.containerRefs.includes(name)).map((o) => o.name);
        if (name !== undefined && by.length > 0)
            out.keptNames.push({ service: s.name, name, by });
        else if (name !== undefined) {
            const joined = s.networkMode === undefined ? (s.networks.length > 0 ? s.networks : ['default']) : [];
            const external = joined.filter((n) => model.networks?.get(n)?.external === true);
            const networks = joined.filter((n) => !external.includes(n));
            out.containerNames.push({ service: s.name, name, networks, external, ...(s.networkMode ? { networkMode: s.networkMode } : {}) });
            lines.push('    container_name: !reset null');
            if (networks.length > 0) {
                lines.push('    networks:');
                for (const n of networks)
                    lines.push(`      ${isolate_q(n)}:`, `        aliases: [${isolate_q(name)}]`);
            }
        }
        const fixed = s.ports.filter((p) => p.published !== undefined);
        if (fixed.length > 0) {
            for (const p of fixed)
                out.hostPorts.push({ service: s.name, published: p.published, target: p.target, protocol: p.protocol });
            lines.push('    ports: !override');
            // Two host ports for one container port ("8080:80", "8081:80") become one random one.
            const seen = new Set();
            for (const p of s.ports) {
                const key = `${p.hostIp ?? ''}|${p.target}/${p.protocol}`;
                if (seen.has(key))
                    continue;
                seen.add(key);
                lines.push(`      - target: ${p.target}`);
                if (p.hostIp !== undefined)
                    lines.push(`        host_ip: ${isolate_q(p.hostIp)}`);
                lines.push(`        protocol: ${isolate_q(p.protocol)}`);
            }
        }
        if (lines.length > 0)
            services.push(`  ${isolate_q(s.name)}:`, ...lines);
    }
    out.networks = fixedNames(model.networks, projectName);
    out.volumes = fixedNames(model.volumes, projectName);
    const resets = (section, list) => list.length === 0 ? [] : [`${section}:`, ...list.flatMap((r) => [`  ${isolate_q(r.key)}:`, '    name: !reset null'])];
    const body = [
        ...(services.length > 0 ? ['services:', ...services] : []),
        ...resets('networks', out.networks),
        ...resets('volumes', out.volumes),
    ];
    if (body.length > 0) {
        out.yaml = [`# Written by compose-or-staging (isolate: true) for project ${projectName}; removed by its post step.`, ...body, ''].join('\n');
    }
    return out;
}
/** One line per kind of change, for the log and the summary. */
function describeIsolation(i) {
    const parts = [];
    const alias = (c) => {
        if (c.networkMode !== undefined)
            return `no alias: network_mode ${c.networkMode}`;
        const on = c.networks.length > 0 ? 'kept as an alias' : 'no alias';
        return c.external.length > 0 ? `${on}, not on external network ${c.external.join(', ')}` : on;
    };
    if (i.containerNames.length > 0)
        parts.push(`container_name reset for ${i.containerNames.map((c) => `${c.service} (${c.name}, ${alias(c)})`).join(', ')}`);
    if (i.keptNames.length > 0)
        parts.push(`container_name kept for ${i.keptNames.map((k) => `${k.service} (${k.name}: ${k.by.join(', ')} refer${k.by.length > 1 ? '' : 's'} to it by that name)`).join(', ')}`);
    if (i.hostPorts.length > 0)
        parts.push(`fixed host ports moved to random ones: ${i.hostPorts.map((p) => `${p.service} ${p.published}→${p.target}/${p.protocol}`).join(', ')}`);
    if (i.networks.length > 0)
        parts.push(`fixed network names reset: ${i.networks.map((n) => `${n.key} (${n.name})`).join(', ')}`);
    if (i.volumes.length > 0)
        parts.push(`fixed volume names reset: ${i.volumes.map((v) => `${v.key} (${v.name})`).join(', ')}`);
    return parts.join('; ');
}
/** What the stack fixes, e.g. "container names alpine-test-postgres; host ports 5435, 8002". */
function listFixed(i) {
    return [
        i.containerNames.length + i.keptNames.length > 0 &&
            `container names ${[...i.containerNames, ...i.keptNames].map((c) => c.name).join(', ')}`,
        i.hostPorts.length > 0 && `host ports ${i.hostPorts.map((p) => p.published).join(', ')}`,
        i.networks.length > 0 && `network names ${i.networks.map((n) => n.name).join(', ')}`,
        i.volumes.length > 0 && `volume names ${i.volumes.map((v) => v.name).join(', ')}`,
    ]
        .filter(Boolean)
        .join('; ');
}
/** Write the override file where the post step finds it again; its path. */
function writeIsolation(i, projectName, dir) {
    external_node_fs_.mkdirSync(dir, { recursive: true });
    const file = external_node_path_.join(dir, `compose-or-staging-${projectName}.isolate.yml`);
    external_node_fs_.writeFileSync(file, i.yaml, { mode: 0o600 });
    return file;
}

;// CONCATENATED MODULE: ./src/docker-path/isolate.ts
/**
 * Stage: isolate: true. On compose 2.24.4 or later, the override file that resets fixed names and
 * host ports joins the plan (every later compose call, and the post step, use it); on an older
 * compose a warning says why nothing changed.
 */




function isolate(ctx, plan) {
    const { report, env } = ctx;
    const i = isolationOverride(plan.model, plan.projectName);
    const title = 'Isolation (isolate: true)';
    if (i.yaml === '') {
        const detail = i.keptNames.length > 0
            ? `nothing reset: ${describeIsolation(i)}`
            : 'nothing to isolate: no container_name, fixed host port, or fixed network or volume name in the stack';
        report.add({ id: 'compose.isolate', title, status: 'info', detail });
        info(detail);
        return;
    }
    if (!supports(plan.compose.version, 'override-tag')) {
        const v = plan.compose.version?.text ?? 'of an unknown version';
        const detail = `not applied: isolation needs compose 2.24.4 or later (an override file with !reset and !override); this is compose ${v}, so these stay as the compose file says, and two jobs on one engine can collide on them: ${listFixed(i)}`;
        report.add({ id: 'compose.isolate', title, status: 'info', detail, data: { compose: v, needed: '2.24.4' } });
        warning(detail, { title: 'isolate: true needs compose 2.24.4 or later' });
        return;
    }
    const file = writeIsolation(i, plan.projectName, env.RUNNER_TEMP || external_node_os_.tmpdir());
    plan.overrides = [...(plan.overrides ?? []), file];
    const detail = describeIsolation(i);
    report.add({
        id: 'compose.isolate',
        title,
        status: 'ok',
        detail,
        data: { file, containerNames: i.containerNames, hostPorts: i.hostPorts, networks: i.networks, volumes: i.volumes },
    });
    info(`Isolation: ${detail} (override file ${file})`);
}

;// CONCATENATED MODULE: ./src/docker-path/plan.ts
/**
 * Stage: the compose plan. Begun with the compose the file system suggests while availability is
 * still being asked (it needs only the files and `compose config`), used when the guess was right,
 * made again when it was not; recorded check by check, and a failed plan with its kind, hint data
 * and the line of the compose file it is about.
 */















function beginPlanning(ctx, guessed, projectName) {
    const startedAt = performance.now();
    const controller = new AbortController();
    return {
        guessed,
        startedAt,
        early: guessed ? settle(makePlan(ctx.inputs, guessed, ctx.env, projectName, controller.signal)) : undefined,
        stop: () => controller.abort(),
    };
}
/** The plan for the compose availability found: the early one when its guess was that compose. */
async function confirmPlan(ctx, planning, compose, projectName) {
    const { inputs, report, env, rel } = ctx;
    const reuse = planning.early !== undefined && planning.guessed?.argv.join(' ') === compose.argv.join(' ');
    if (!reuse)
        await planning.early; // a wrong guess: let its compose process finish before planning again
    try {
        const plan = await src_core/* group */.Os('Docker: compose plan', async () => {
            const started = reuse ? planning.startedAt : performance.now();
            const p = reuse ? unwrap((await planning.early)) : await makePlan(inputs, compose, env, projectName);
            p.compose = compose;
            recordPlan(ctx, p, performance.now() - started);
            return p;
        });
        return { ok: true, plan };
    }
    catch (caught) {
        const err = caught instanceof PlanError ? (tooOldFor(caught, compose, inputs.workspace) ?? caught) : caught;
        const stage = err instanceof PlanError ? err.stage : 'config';
        report.add({
            id: `compose.${stage}`,
            title: `Compose ${stage}`,
            status: 'failed',
            detail: (0,model/* errorMessage */.gJ)(err),
            ...(err instanceof PlanError ? planFailure(err, rel) : { failure: 'config-invalid' }),
        });
        const invalid = err instanceof PlanError && err.underlying instanceof DeclarationError;
        return { ok: false, stage, reason: (0,model/* errorMessage */.gJ)(err), ...(invalid ? { invalid } : {}) };
    }
}
/** "; not started: tool (profile debug), as COMPOSE_PROFILES is not set", or "" when every service starts. */
function notStarted(p) {
    if (p.inactive.length === 0)
        return '';
    const list = p.inactive.map((s) => `${s.name} (${profileList(s)})`);
    return `; not started: ${list.join(', ')}, as ${describeActive(p.profiles)}`;
}
/** "; no container: worker (deploy.replicas: 0): not awaited", or "" when every service gets one. */
function noContainer(p) {
    if (p.notStarting.length === 0)
        return '';
    const list = p.notStarting.map((s) => `${s.name} (${s.why})`);
    return `; no container: ${list.join(', ')}: compose creates none for ${p.notStarting.length > 1 ? 'them' : 'it'}, so ${p.notStarting.length > 1 ? 'they are' : 'it is'} not awaited`;
}
/** The services check's detail: what resolved to what, what the plan decided, what does not start. */
function servicesDetail(inputs, p) {
    const about = (subject) => p.notices.some((n) => n.subject === subject);
    return [
        p.resolutions.map(describeResolution).join(', ') || undefined,
        ...p.notices.map((n) => n.message),
        p.backend || about('backend')
            ? undefined
            : `no backend service '${inputs.backendService}' in the stack (fine: backend-service was left at its default; the stack is ready when its containers are, and no URL is exported)`,
        p.auth || !inputs.authService || about('auth')
            ? undefined
            : `no auth service '${inputs.authService}' in the stack (fine: auth-service was left at its default)`,
    ]
        .filter(Boolean)
        .join('; ')
        .concat(notStarted(p), noContainer(p));
}
function recordPlan(ctx, p, ms) {
    const { inputs, report, rel } = ctx;
    const before = report.checks.length;
    report.add({
        id: 'compose.files',
        title: 'Compose files',
        status: 'ok',
        durationMs: ms,
        detail: `${p.files.map(rel).join(', ')}${p.discovery ? ' (discovered)' : ' (from compose-files)'}`,
        data: { files: p.files.map(rel), notChosen: p.discovery?.notChosen.map((n) => ({ file: rel(n.file), why: n.why })) ?? [] },
    });
    report.add({
        id: 'compose.project-directory',
        title: 'Project directory',
        status: 'ok',
        detail: `${rel(p.projectDirectory)}: ${p.projectDirectoryWhy}`,
    });
    report.add({ id: 'compose.project-name', title: 'Project name', status: 'ok', detail: p.projectName });
    report.add({
        id: 'compose.services',
        title: 'Services',
        status: 'ok',
        detail: servicesDetail(inputs, p),
        data: {
            resolutions: p.resolutions,
            awaited: p.awaited,
            inactive: p.inactive,
            profiles: p.profiles.names,
            notStarting: p.notStarting,
            notices: p.notices,
        },
    });
    if (p.notBuilt.length > 0) {
        const first = p.notBuilt[0];
        const where = locateBuildPath(p.files, first.service, first.kind);
        report.add({
            id: 'compose.build-paths',
            title: 'Build paths of services not built',
            status: 'info',
            detail: `${p.notBuilt.map((m) => describeMissing(m, inputs.workspace)).join('; ')}: not needed now, as ${[...new Set(p.notBuilt.map((m) => `${m.service}'s image ${m.image}`))].join(', ')} is already on the engine and build is false; a build would fail`,
            location: where && { file: rel(where.file), line: where.line },
        });
    }
    for (const c of report.checks.slice(before))
        info(`${c.title}: ${c.detail}`);
    for (const n of p.notices) {
        // On the line that explains it: the service's ports, or what scales it to 0.
        const svc = ['services', n.service];
        const keys = n.input.endsWith('-port')
            ? [[...svc, 'ports']]
            : [
                [...svc, 'deploy', 'replicas'],
                [...svc, 'scale'],
            ];
        const at = locateInCompose(p.files, [...keys, svc]);
        notice(n.message, { title: `Input '${n.input}'`, ...(at && { file: rel(at.file), startLine: at.line }) });
    }
}
/** The failure kind, hint data and compose-file location of a failed plan. */
function planFailure(err, rel) {
    const at = (l) => l && { file: rel(l.file), line: l.line };
    const u = err.underlying;
    switch (err.stage) {
        case 'discovery':
            if (!(u instanceof DiscoveryError) || u.foundAt === undefined)
                return { failure: 'no-compose-file' };
            return u.foundAt.length > 0 ? { failure: 'file-found-elsewhere', data: { foundAt: u.foundAt } } : { failure: 'file-missing' };
        case 'config':
            if (u instanceof DeclarationError) {
                const first = u.problems[0];
                return {
                    failure: 'invalid-input',
                    location: first && at(locateNode(err.files, first.path)),
                    data: { declaration: DECLARATION_KEY, service: first?.service, problems: u.problems.map(describeProblem) },
                };
            }
            if (u instanceof ComposeTooOldError) {
                const first = u.unmet[0];
                const needed = newestNeeded(u.unmet);
                return {
                    failure: 'compose-too-old',
                    location: { file: rel(first.file), line: first.line },
                    data: {
                        compose: u.version.text,
                        needed: needed && formatTriple(needed),
                        keys: u.unmet.map((n) => ({ key: n.key, since: formatTriple(n.since), file: rel(n.file), line: n.line })),
                    },
                };
            }
            return { failure: 'config-invalid', location: err.files[0] ? { file: rel(err.files[0]) } : undefined };
        case 'project-directory': {
            const first = err.missing[0];
            return {
                failure: 'dockerfile-missing',
                data: {
                    missing: err.missing.map((m) => ({ service: m.service, kind: m.kind, path: rel(m.path), nearest: m.nearest && rel(m.nearest) })),
                },
                location: first && at(locateBuildPath(err.files, first.service, first.kind)),
            };
        }
        case 'services':
            if (u instanceof ServiceNotStartedError) {
                const svc = ['services', u.notStarting.name];
                return {
                    failure: 'service-not-started',
                    data: { query: u.query, input: u.input, service: u.notStarting.name, why: u.notStarting.why },
                    location: at(locateInCompose(err.files, [[...svc, 'deploy', 'replicas'], [...svc, 'scale'], svc])),
                };
            }
            if (u instanceof ServiceResolutionError)
                return {
                    failure: u.kind === 'ambiguous' ? 'service-ambiguous' : 'service-missing',
                    data: { query: u.query, candidates: u.candidates },
                    location: at(locateInCompose(err.files, [['services']])),
                };
            if (u instanceof PortNotPublishedError)
                return {
                    failure: 'port-not-published',
                    data: { input: u.input, service: u.service, containerPort: u.containerPort },
                    location: at(locateInCompose(err.files, [
                        ['services', u.service, 'ports'],
                        ['services', u.service],
                    ])),
                };
            return { failure: 'port-not-published' };
    }
}

;// CONCATENATED MODULE: ./src/docker-path/ports.ts

async function endpointsOf(ctx, plan, availability, wait) {
    const { inputs, report } = ctx;
    const reacher = ctx.reacher(availability.publishHost);
    // In a container job, every started service is listed by name: its networks are joined first.
    await reacher.prepare?.(wait.containers);
    const b = wait.backend;
    const endpoints = {
        backendUrl: b?.url,
        websocketUrl: b && inputs.websocketPath !== undefined ? `ws://${b.host}:${b.port}${inputs.websocketPath}` : undefined,
        authUrl: b ? wait.auth?.url : undefined,
        backendPort: b?.port,
        // Every service that started: the awaited ones, and what compose started for them (dependencies).
        servicePorts: publishedPorts(wait.containers, [...new Set([...plan.awaited, ...wait.containers.map((c) => c.service)])], reacher),
    };
    const published = [
        b && plan.backend ? `${plan.backend.service} ${plan.backend.port}/tcp → ${b.host}:${b.port}` : undefined,
        wait.auth && plan.auth ? `${plan.auth.service} ${plan.auth.port}/tcp → ${wait.auth.host}:${wait.auth.port}` : undefined,
    ].filter(Boolean);
    const joined = reacher.joined?.() ?? [];
    if (joined.length)
        published.push(`joined network${joined.length > 1 ? 's' : ''} ${joined.join(', ')}`);
    report.add({
        id: 'docker.ports',
        title: 'Published ports',
        status: 'ok',
        detail: published.length
            ? published.join('; ')
            : plan.notices.some((n) => n.subject === 'backend')
                ? 'no backend URL to give (see Services)'
                : 'no backend in the stack: no URL to give',
    });
    return endpoints;
}

;// CONCATENATED MODULE: ./src/docker-path/up.ts
/**
 * Stage: `up`, with the containers watched while it runs (or the early start's `up`, already
 * running). Records `compose up` and the wait: when the watch saw a service fail, or the deadline
 * came, `up` was stopped and the wait says why, naming the service.
 */












/** Run `up` and the watch on the confirmed plan, or take over the early start's. */
async function upStage(ctx, plan, availability, early, 
/** What is left of startup-timeout (getting the images took the rest). */
budgetMs = ctx.inputs.startupTimeoutMs) {
    const { inputs, report, env } = ctx;
    const deadline = performance.now() + budgetMs;
    const images = [...plan.model.services.values()]
        .filter((s) => !s.build && s.image && (plan.services.length === 0 || plan.services.includes(s.name)))
        .map((s) => s.image);
    // Saved before up starts, so a failed or cancelled wait is still torn down by the post step.
    if (!early && inputs.teardown)
        saveTeardownState(teardownState(plan, env));
    const lane = early ??
        upAndWatch({ ...plan, images }, upOptions(inputs, plan), env, budgetMs, waitRequest(plan, inputs, deadline, ctx.reacher(availability.publishHost), env));
    return src_core/* group */.Os('Docker: up, watching the containers', async () => {
        const both = await withProgress(lane, inputs.startupTimeoutMs, env);
        const r = both.up;
        // Stopped because the watch saw a service fail, still running at startup-timeout, or failed
        // because a service did: the wait says what went wrong, and names the service.
        const explained = !r.ok && both.wait !== undefined && !both.wait.ok;
        report.add({
            id: 'compose.up',
            title: 'compose up',
            status: r.ok ? 'ok' : explained ? 'info' : 'failed',
            durationMs: r.durationMs,
            detail: r.ok
                ? early
                    ? 'started (at once, on the plan compose config then confirmed)'
                    : 'started'
                : explained
                    ? // Up and the watch share the deadline: whichever noticed it first stopped the other.
                        r.kind === 'timeout' || (both.wait?.ok === false && both.wait.kind === 'timeout')
                            ? 'still running at startup-timeout, stopped (see the wait for what was not ready)'
                            : r.kind === 'stopped'
                                ? 'stopped while it still ran: a service failed (see the wait)'
                                : `failed as a service did (see the wait): ${r.detail}`
                    : r.detail,
            ...(r.ok || explained ? {} : upFailureFacts(r, plan, ctx)),
        });
        if (early)
            info('up was started at once on the plan the files predict; compose config confirmed it');
        info(r.ok ? `up: started in ${Math.round(r.durationMs)} ms` : `up: ${explained ? 'stopped' : `failed: ${(0,outside/* outsideLine */.U2)(r.detail)}`}`);
        if (both.wait && (r.ok || explained))
            recordWait(both.wait, report, inputs, plan);
        return { up: r, wait: r.ok || explained ? both.wait : undefined };
    });
}
/** A status line this often, saying what the step still waits for. */
const STATUS_EVERY_MS = 10_000;
/**
 * Wait for `up` and the watch, showing `up`'s own output as it comes (what an early `up` said
 * before this group opened first) and, every 10 s, what is not ready yet and why.
 */
async function withProgress(lane, timeoutMs, env) {
    const { progress } = lane;
    progress.attach((line) => info(`  up | ${(0,outside/* outsideLine */.U2)(withoutCredentialPaths(line, env))}`));
    const ticker = setInterval(() => {
        const seconds = Math.round((performance.now() - progress.startedAt) / 1000);
        info(`${seconds} s of ${timeoutMs / 1000} s (startup-timeout): waiting for ${(0,outside/* outsideLine */.U2)(progress.describeWaiting())}`);
    }, STATUS_EVERY_MS);
    try {
        return await lane.done;
    }
    finally {
        clearInterval(ticker);
        progress.detach();
    }
}
/** The failure kind of a failed wait: what the first failing container did, else the timeout. Pure. */
function waitFailure(w) {
    if (w.kind === 'timeout') {
        const c = w.failing[0]?.container;
        return c?.health === 'unhealthy' ? 'unhealthy' : 'wait-timeout';
    }
    if (w.kind === 'not-published')
        return 'port-not-published';
    if (w.kind === 'definite') {
        const p = w.probes.find((x) => definiteAnswer(x));
        return p ? (0,model/* probeFailure */.L$)(p.class, p.status) : 'health-status';
    }
    if (w.kind === 'engine')
        return 'daemon-down';
    const c = w.failing[0]?.container;
    if (c && (c.restartCount > 0 || c.status === 'restarting'))
        return 'restarting';
    // An exited container keeps the health it last had: it exited, whatever that was.
    if (c?.status !== 'exited' && c?.health === 'unhealthy')
        return 'unhealthy';
    return 'exited';
}
/**
 * The failure kind of a failed `up`, and what it was about: for a host port or a container name
 * another container holds, the service that asks for it and the line of the compose file that
 * says so (with the variable that sets the port, when one does).
 */
function upFailureFacts(r, plan, ctx) {
    const { env, rel } = ctx;
    const failure = upFailure(r.kind);
    const services = [...plan.model.services.values()];
    if (r.kind === 'port-allocated' && r.hostPort !== undefined) {
        const svc = services.find((s) => s.ports.some((p) => p.published === String(r.hostPort)));
        const at = svc && locatePublishedPort(plan.files, svc.name, r.hostPort, env);
        // The variable whose value is the port (not a host IP's: "${HOST_IP:-0.0.0.0}:${PORT:-8002}:8000").
        const variable = at
            ? [...at.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)]
                .find((m) => interpolate(m[0], env) === String(r.hostPort))
                ?.slice(1)
                .find(Boolean)
            : undefined;
        return {
            failure,
            data: { kind: r.kind, port: r.hostPort, service: svc?.name, written: at?.text, variable },
            location: at && { file: rel(at.file), line: at.line },
        };
    }
    if (r.kind === 'container-name-conflict' && r.containerName !== undefined) {
        const svc = services.find((s) => s.containerName === r.containerName);
        const at = svc && locateInCompose(plan.files, [['services', svc.name, 'container_name']]);
        return {
            failure,
            data: { kind: r.kind, containerName: r.containerName, service: svc?.name },
            location: at && { file: rel(at.file), line: at.line },
        };
    }
    return { failure, data: { kind: r.kind } };
}
function upFailure(kind) {
    switch (kind) {
        case 'port-allocated':
            return 'port-allocated';
        case 'container-name-conflict':
            return 'container-name-conflict';
        case 'image-missing':
            return 'image-missing';
        case 'build-failed':
            return 'build-failed';
        case 'engine-ssh':
            return 'engine-ssh';
        case 'timeout':
            return 'up-timeout';
        default:
            return 'up-failed';
    }
}
function recordWait(w, report, inputs, plan) {
    if (plan.backend && inputs.websocketPath === undefined)
        report.add({ id: 'wait.websocket', title: 'WebSocket', status: 'skipped', detail: 'not checked: websocket-path is empty' });
    for (const p of w.probes) {
        if (p.target === 'declared') {
            report.add({
                id: 'wait.declared',
                title: `${p.service}: ${p.kind === 'http' ? 'HTTP' : 'WebSocket'} ${p.url}`,
                status: p.class === 'ok' || w.ok ? 'ok' : 'failed',
                durationMs: p.latencyMs,
                detail: p.detail,
                data: { class: p.class, status: p.status, url: p.url, service: p.service },
            });
            continue;
        }
        const auth = p.target === 'auth';
        const input = p.kind === 'websocket' ? 'websocket-path' : auth ? 'auth-health-path' : 'health-path';
        const probePath = p.kind === 'websocket' ? inputs.websocketPath : auth ? inputs.authHealthPath : inputs.healthPath;
        report.add({
            id: `wait.${p.kind === 'http' ? (auth ? 'auth-http' : 'http') : 'websocket'}`,
            title: `${p.kind === 'http' ? 'HTTP' : 'WebSocket'} ${p.url}`,
            status: p.class === 'ok' ? 'ok' : 'failed',
            durationMs: p.latencyMs,
            detail: p.detail,
            failure: p.class === 'ok' ? undefined : (0,model/* probeFailure */.L$)(p.class, p.status),
            data: {
                class: p.class,
                status: p.status,
                url: p.url,
                path: probePath,
                input,
                containerPort: auth ? plan.auth?.port : plan.backend?.port,
            },
        });
    }
    const first = w.ok ? undefined : w.failing[0];
    // A definite answer ended the wait: the hint names the path and the input that set it.
    const no = !w.ok && w.kind === 'definite' ? w.probes.find((p) => definiteAnswer(p)) : undefined;
    const answered = no && {
        status: no.status,
        url: no.url,
        path: new URL(no.url).pathname,
        input: no.kind === 'websocket' ? 'websocket-path' : no.target === 'auth' ? 'auth-health-path' : 'health-path',
    };
    report.add({
        id: 'wait',
        title: 'Wait for a healthy stack',
        status: w.ok ? 'ok' : 'failed',
        durationMs: w.durationMs,
        detail: w.ok ? `healthy after ${Math.round(w.durationMs)} ms` : w.reason,
        failure: w.ok ? undefined : waitFailure(w),
        data: {
            service: first?.service,
            exitCode: first?.container?.status === 'exited' ? first.container.exitCode : undefined,
            timeoutSeconds: inputs.startupTimeoutMs / 1000,
            ...answered,
            waiting: w.ok ? undefined : w.failing.map((f) => f.service),
            containers: w.containers.map((c) => ({
                service: c.service,
                status: c.status,
                health: c.health,
                exitCode: c.exitCode,
                restartCount: c.restartCount,
            })),
        },
    });
    if (w.ok)
        recordReadiness(w.services, report);
    info(w.ok ? `healthy after ${Math.round(w.durationMs)} ms` : `not healthy: ${(0,outside/* outsideLine */.U2)(w.reason)}`);
}
/** Which rule made each service ready, and when: one row a person reads, the list in the report. */
function recordReadiness(services, report) {
    if (services.length === 0)
        return;
    report.add({
        id: 'wait.ready',
        title: 'Ready, service by service',
        status: 'ok',
        detail: services
            .map((s) => `${s.service}: ${RULE_WORDS[s.by]}${s.why && s.by !== 'done' ? ` (${(0,outside/* outsideLine */.U2)(s.why, 200)})` : ''} after ${(s.readyAfterMs / 1000).toFixed(1)} s`)
            .join('; '),
        data: { services: services.map((s) => ({ service: s.service, readyBy: s.by, why: s.why, readyAfterMs: Math.round(s.readyAfterMs) })) },
    });
}

;// CONCATENATED MODULE: ./src/stack/recheck.ts
/**
 * The last look before the outputs are written: a service judged ready may have died in the
 * moments since (a port published by a process that exits at once, a bind that fails half a
 * second in). The engine is asked once more; a container of an awaited service that is no longer
 * running as it was (exited, restarting, started again) turns the verdict into a failure.
 */


/** What changed between the ready look (`before`) and `now`, for the containers that were running then. Pure. */
function diedSince(before, now, awaited) {
    const out = [];
    for (const b of before.filter((c) => c.status === 'running' && awaited.includes(c.service))) {
        const n = now.find((c) => c.id === b.id);
        if (!n)
            out.push({ container: b, service: b.service, why: 'its container was removed right after the stack was ready' });
        // A one-shot that was still running then, and has finished its work since.
        else if (n.status === 'exited' && n.exitCode === 0 && isOneShot(n))
            continue;
        else if (n.status !== 'running')
            out.push({
                container: n,
                service: n.service,
                why: `${n.status === 'exited' ? exitWords(n) : n.status} right after the stack was ready`,
            });
        else if (n.restartCount !== b.restartCount || n.startedAt !== b.startedAt)
            out.push({ container: n, service: n.service, why: `restarted right after the stack was ready (${exitWords(n)})` });
    }
    return out;
}
/** Ask the engine now; [] when it cannot say (the stack stands as judged). */
async function recheck(before, awaited, env) {
    const ids = before.map((c) => c.id);
    try {
        return diedSince(before, await inspectContainers(ids, env, 10_000), awaited);
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ./src/docker-path.ts
/**
 * The Docker path, as the list of its stages (each in src/docker-path/, named for it):
 *
 *   early start → (plan begun, images begun) → availability → plan → isolation → images → up and watch → ports
 *
 * with every step recorded in the report. A failure at any point collects what a person needs
 * (state, healthcheck output, log tail), removes the stack, and says why; the caller decides what
 * happens next.
 */

















async function runDockerPath(inputs, report, env) {
    const projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix);
    const guess = guessCompose(env);
    const guessed = guess ? { ...guess, version: undefined } : undefined;
    const daemon = findOnPath('docker', env.PATH) ? askDaemon(env) : undefined;
    // Where the step runs (a container of this engine reaches the stack on its network), asked once the daemon answers.
    const location = beginLocating({ inputs, report, env }, daemon, projectName);
    const ctx = pathContext(inputs, report, env, location.reacher);
    // Early start: `up` on the plan the files predict, at once; the watch once the daemon answers.
    const early = startEarly(ctx, guessed, daemon, projectName, location.maybeContainer);
    await headStart(early);
    // The plan needs only the files and `compose config`: begun now, with the compose the file
    // system suggests, while availability is asked.
    const planning = beginPlanning(ctx, guessed, projectName);
    // cache-images: the images the files name are looked for at once (registries, the cache, the engine).
    const images = inputs.cacheImages && daemon ? beginImageRestore(inputs, env, daemon, early.predicted) : undefined;
    const composeQuestion = new AbortController();
    const availability = await checkAvailability(ctx, {
        daemon,
        compose: askCompose(env, undefined, composeQuestion.signal),
        stopCompose: () => composeQuestion.abort(),
    });
    // An early `up` that reached the engine ran under this name: outputs say so even when no plan follows.
    const ranAs = (ran) => (ran ? { projectName } : {});
    if (!availability.ok) {
        // Docker is not usable: what was started for it is killed (its process groups), not awaited.
        planning.stop();
        images?.stop();
        const ran = await dropEarly(ctx, early, 'Docker is not usable');
        return { ok: false, availability, plan: undefined, stage: 'availability', reason: availability.detail, ...ranAs(ran) };
    }
    await location.record(availability.publishHost, availability.endpoint);
    const planned = await confirmPlan(ctx, planning, availability.compose, projectName);
    if (!planned.ok) {
        images?.stop();
        const ran = await dropEarly(ctx, early, 'compose config did not confirm it');
        const invalid = planned.invalid ? { invalid: planned.invalid } : {};
        return { ok: false, availability, plan: undefined, stage: planned.stage, reason: planned.reason, ...ranAs(ran), ...invalid };
    }
    const plan = planned.plan;
    if (!confirms(early, plan))
        await dropEarly(ctx, early, 'compose config resolved the files differently');
    if (inputs.isolate)
        isolate(ctx, plan);
    // In a container of the engine: bind mount paths as the engine's host has them.
    if (translateMounts(ctx, plan, await location.where(), availability.endpoint))
        await dropEarly(ctx, early, 'bind mount paths had to be given as the engine host has them');
    // startup-timeout covers getting the images too.
    const imagesMs = images ? (await settleImages(ctx, images, plan)).durationMs : 0;
    const { up, wait } = await upStage(ctx, plan, availability, early.lane, Math.max(1000, inputs.startupTimeoutMs - imagesMs));
    if (!wait) {
        await removeFailedStack(ctx, plan, [], false);
        return { ok: false, availability, plan, stage: 'up', reason: `compose up failed: ${up.ok ? 'no wait' : up.detail}` };
    }
    if (!wait.ok) {
        const failing = wait.failing.map((f) => f.service).filter((s) => plan.model.services.has(s));
        await removeFailedStack(ctx, plan, failing, !up.ok && (up.kind === 'stopped' || up.kind === 'timeout'), wait.containers);
        const reason = wait.kind === 'timeout'
            ? `the stack was not healthy within startup-timeout (${inputs.startupTimeoutMs / 1000} s): ${wait.reason}`
            : `the stack failed while starting: ${wait.reason}`;
        return { ok: false, availability, plan, stage: 'wait', reason };
    }
    const endpoints = await endpointsOf(ctx, plan, availability, wait);
    // The outputs come next: a service that died since the ready look must not be handed on as usable.
    const died = await recheck(wait.containers, plan.awaited, env);
    if (died.length > 0) {
        const reason = died.map((d) => `${d.service}: ${d.why}`).join('; ');
        report.add({
            id: 'wait.after',
            title: 'Still running when the outputs are written',
            status: 'failed',
            failure: 'exited',
            detail: reason,
            data: { service: died[0]?.service },
        });
        await removeFailedStack(ctx, plan, died.map((d) => d.service), false, wait.containers);
        return { ok: false, availability, plan, stage: 'wait', reason: `the stack failed while starting: ${reason}` };
    }
    return { ok: true, availability, plan, endpoints };
}

;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Every input of action.yml, parsed and validated once into a typed {@link Inputs} object.
 *
 * Parsing is pure: it reads values through a function and resolves paths against a workspace
 * given by the caller, so it is tested with plain tables. Every problem throws an
 * {@link InputError} that names the input and the value it got.
 */


/** A bad input value. The message names the input and, unless it is secret, the value. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(message);
        this.input = input;
        this.name = 'InputError';
    }
}
const DEFAULT_AUTH_SERVICE = 'auth';
const DEFAULT_BACKEND_SERVICE = 'backend';
const DEFAULT_BACKEND_PORT = 8000;
const DEFAULT_AUTH_PORT = 8081;
const MAX_STARTUP_TIMEOUT_S = 3600;
const MAX_STAGING_TIMEOUT_S = 600;
/** Quote a value for an error message: JSON keeps control characters visible. */
function inputs_show(value) {
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}
function oneOf(input, raw, allowed, fallback) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return fallback;
    if (allowed.includes(value))
        return value;
    throw new InputError(input, `Input '${input}' must be one of ${allowed.join(', ')}; got ${inputs_show(raw)}.`);
}
/** A host for URLs: a DNS name, an IPv4 address, or an IPv6 address (brackets added); no scheme, port or path. */
function parseHost(input, raw) {
    const v = raw.trim();
    if (v === '')
        return undefined;
    const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
    if (new RegExp(`^${label}(?:\\.${label})*\\.?$`).test(v) && v.length <= 253)
        return v;
    const bare = v.replace(/^\[(.*)\]$/, '$1');
    if (bare.includes(':') && /^[0-9A-Fa-f:.]+$/.test(bare)) {
        try {
            return new URL(`http://[${bare}]/`).hostname;
        }
        catch {
            // not an IPv6 address: the error below
        }
    }
    throw new InputError(input, `Input '${input}' must be a host name or an IP address, with no scheme, port or path; got ${inputs_show(raw)}.`);
}
/** true/false in any case; empty means the default. Anything else is an error. */
function parseBoolean(input, raw, fallback) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return fallback;
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw new InputError(input, `Input '${input}' must be true or false; got ${inputs_show(raw)}.`);
}
/**
 * Timeouts below this are no budget at all: a probe cannot even connect (0.0001 was accepted, and
 * ended every probe as "no answer").
 */
const MIN_TIMEOUT_S = 1;
/** A number of seconds from MIN_TIMEOUT_S to `max`; returned in milliseconds. */
function parseSeconds(input, raw, fallbackS, max) {
    const value = raw.trim();
    if (value === '')
        return fallbackS * 1000;
    const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n) || n < MIN_TIMEOUT_S || n > max) {
        throw new InputError(input, `Input '${input}' must be a number of seconds from ${MIN_TIMEOUT_S} to ${max}; got ${inputs_show(raw)}.`);
    }
    return Math.round(n * 1000);
}
function parsePort(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
        throw new InputError(input, `Input '${input}' must be a port number from 1 to 65535; got ${inputs_show(raw)}.`);
    }
    return n;
}
/** A list: one item per line or comma-separated; blanks dropped. */
function parseList(raw) {
    return raw
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
function parsePath(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (!value.startsWith('/') || /[\s?#]/.test(value)) {
        throw new InputError(input, `Input '${input}' must be a URL path starting with '/' (no spaces, '?' or '#'); got ${inputs_show(raw)}.`);
    }
    return value;
}
/**
 * Resolve `raw` against `base` and make sure it stays inside the workspace, lexically and, when it
 * exists, after following symlinks.
 */
function resolveInsideWorkspace(input, raw, base, workspace) {
    if (raw.includes('\0'))
        throw new InputError(input, `Input '${input}' contains a NUL character.`);
    const resolved = external_node_path_.resolve(base, raw);
    const escapes = (p, root) => {
        const rel = external_node_path_.relative(root, p);
        return rel === '..' || rel.startsWith(`..${external_node_path_.sep}`) || external_node_path_.isAbsolute(rel);
    };
    if (escapes(resolved, workspace)) {
        throw new InputError(input, `Input '${input}' must stay inside the workspace (${workspace}); got ${inputs_show(raw)}, which resolves to ${resolved}.`);
    }
    let real;
    try {
        real = external_node_fs_.realpathSync(resolved);
    }
    catch {
        // Does not exist (yet): the lexical check above is all there is to check.
    }
    if (real !== undefined && escapes(real, safeRealpath(workspace))) {
        throw new InputError(input, `Input '${input}' must stay inside the workspace (${workspace}); got ${inputs_show(raw)}, a link to ${real}.`);
    }
    return resolved;
}
function safeRealpath(p) {
    try {
        return external_node_fs_.realpathSync(p);
    }
    catch {
        return p;
    }
}
/** Strip the password from a URL before it appears in an error. */
function redactUrl(raw) {
    return raw.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}
function parseUrl(input, raw, protocols) {
    const value = raw.trim();
    if (value === '')
        return undefined;
    // The URL parser drops tabs and newlines silently: a URL that holds one is a mistake to name.
    if (/[\u0000-\u001f\u007f\s]/.test(value)) {
        throw new InputError(input, `Input '${input}' must be one URL, with no spaces, tabs or line breaks inside; got ${inputs_show(redactUrl(value))}.`);
    }
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new InputError(input, `Input '${input}' must be an absolute ${protocols.join(' or ')} URL; got ${inputs_show(redactUrl(value))}.`);
    }
    if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
        throw new InputError(input, `Input '${input}' must be an absolute ${protocols.join(' or ')} URL; got ${inputs_show(redactUrl(value))}.`);
    }
    if (url.hash !== '') {
        throw new InputError(input, `Input '${input}' must not have a #fragment; got ${inputs_show(redactUrl(value))}.`);
    }
    return url.toString().replace(/\/$/, '');
}
/** http→ws, https→wss, plus the WebSocket path. */
function deriveWebsocketUrl(backendUrl, websocketPath) {
    const url = new URL(backendUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.pathname = `${url.pathname.replace(/\/$/, '')}${websocketPath}`;
    return url.toString();
}
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
function parseServiceName(input, raw) {
    const value = raw.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) {
        throw new InputError(input, `Input '${input}' must be a service name (letters, digits, '.', '_', '-'); got ${inputs_show(raw)}.`);
    }
    return value;
}
/**
 * Split a string into words the way a POSIX shell would (single and double quotes, backslash
 * escapes), without expansion. Operators such as `;`, `|`, `&`, `>` and `$(` are refused: up-flags
 * are arguments, not a command line.
 */
function shellWords(input, raw) {
    const words = [];
    let word = '';
    let inWord = false;
    let i = 0;
    const fail = (why) => {
        throw new InputError(input, `Input '${input}' could not be parsed: ${why}; got ${inputs_show(raw)}.`);
    };
    while (i < raw.length) {
        const c = raw[i];
        if (c === "'") {
            const end = raw.indexOf("'", i + 1);
            if (end < 0)
                fail('unclosed single quote');
            word += raw.slice(i + 1, end);
            inWord = true;
            i = end + 1;
        }
        else if (c === '"') {
            i++;
            inWord = true;
            for (;;) {
                if (i >= raw.length)
                    fail('unclosed double quote');
                const d = raw[i];
                if (d === '"')
                    break;
                if (d === '\\' && i + 1 < raw.length && '"\\$`\n'.includes(raw[i + 1])) {
                    word += raw[i + 1];
                    i += 2;
                    continue;
                }
                if (d === '$' || d === '`')
                    fail(`'${d}' (no expansion is done; quote it with single quotes)`);
                word += d;
                i++;
            }
            i++;
        }
        else if (c === '\\') {
            if (i + 1 >= raw.length)
                fail('trailing backslash');
            if (raw[i + 1] !== '\n') {
                word += raw[i + 1];
                inWord = true;
            }
            i += 2;
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
            i++;
        }
        else if (';&|<>()`$'.includes(c)) {
            fail(`'${c}' is a shell operator or expansion, not part of a flag (quote it if it is meant literally)`);
        }
        else {
            word += c;
            inWord = true;
            i++;
        }
    }
    if (inWord)
        words.push(word);
    return words;
}
/**
 * backend-port and auth-port, each with whether it was set. The runner gives action.yml's default
 * for an unset input, so the default value counts as unset (as for backend-service).
 */
function endpointPorts(read) {
    const backendPort = parsePort('backend-port', read('backend-port'), DEFAULT_BACKEND_PORT);
    const authPort = parsePort('auth-port', read('auth-port'), DEFAULT_AUTH_PORT);
    return {
        backendPort,
        backendPortExplicit: backendPort !== DEFAULT_BACKEND_PORT,
        authPort,
        authPortExplicit: authPort !== DEFAULT_AUTH_PORT,
    };
}
/**
 * Parse and validate every input. `read` returns the raw value of one input ('' when unset);
 * `workspace` is GITHUB_WORKSPACE. Secrets must be masked by the caller before this runs, so a
 * thrown message can be logged safely; messages never include `staging-token`.
 */
function parseInputs(read, workspace) {
    const ws = external_node_path_.resolve(workspace);
    const mode = oneOf('mode', read('mode'), ['auto', 'docker', 'staging'], 'auto');
    const workingDirectory = resolveInsideWorkspace('working-directory', read('working-directory').trim() || '.', ws, ws);
    const composeFiles = parseList(read('compose-files')).map((f) => resolveInsideWorkspace('compose-files', f, workingDirectory, ws));
    const projectDirRaw = read('project-directory').trim();
    const projectDirectory = projectDirRaw === '' ? undefined : resolveInsideWorkspace('project-directory', projectDirRaw, ws, ws);
    const projectNameRaw = read('project-name').trim();
    if (projectNameRaw !== '' && !PROJECT_NAME.test(projectNameRaw)) {
        throw new InputError('project-name', `Input 'project-name' must be lower-case letters, digits, '_' and '-', starting with a letter or digit; got ${inputs_show(projectNameRaw)}.`);
    }
    const services = parseList(read('services')).map((s) => parseServiceName('services', s));
    const backendService = parseServiceName('backend-service', read('backend-service').trim() || DEFAULT_BACKEND_SERVICE);
    const authRaw = read('auth-service').trim();
    const authService = authRaw === '' ? undefined : parseServiceName('auth-service', authRaw);
    const healthPath = parsePath('health-path', read('health-path'), '/health');
    // The runner gives action.yml's default (/ws) for an unset input: an empty value was set on purpose.
    const websocketPath = read('websocket-path').trim() === '' ? undefined : parsePath('websocket-path', read('websocket-path'), '/ws');
    const backendUrl = parseUrl('staging-backend-url', read('staging-backend-url'), ['http', 'https']);
    const wsInput = parseUrl('staging-websocket-url', read('staging-websocket-url'), ['ws', 'wss']);
    const authUrl = parseUrl('staging-auth-url', read('staging-auth-url'), ['http', 'https']);
    const token = read('staging-token').trim();
    if (/[\r\n\0]/.test(token)) {
        throw new InputError('staging-token', "Input 'staging-token' must be one line (it holds a newline or NUL character; value not shown).");
    }
    let websocketUrl = wsInput;
    let websocketUrlSource = 'input';
    if (websocketUrl === undefined && backendUrl !== undefined && websocketPath !== undefined) {
        websocketUrl = deriveWebsocketUrl(backendUrl, websocketPath);
        websocketUrlSource = 'derived';
    }
    return {
        mode,
        workspace: ws,
        workingDirectory,
        composeFiles,
        projectDirectory,
        projectName: projectNameRaw === '' ? undefined : projectNameRaw,
        services,
        build: parseBoolean('build', read('build'), false),
        pull: oneOf('pull', read('pull'), ['missing', 'always', 'never'], 'missing'),
        upFlags: shellWords('up-flags', read('up-flags')),
        startupTimeoutMs: parseSeconds('startup-timeout', read('startup-timeout'), 120, MAX_STARTUP_TIMEOUT_S),
        backendService,
        backendServiceExplicit: backendService !== DEFAULT_BACKEND_SERVICE,
        ...endpointPorts(read),
        healthPath,
        websocketPath,
        authService,
        authServiceExplicit: authService !== undefined && authService !== DEFAULT_AUTH_SERVICE,
        authHealthPath: parsePath('auth-health-path', read('auth-health-path'), '/health'),
        staging: {
            backendUrl,
            websocketUrl,
            websocketUrlSource,
            authUrl,
            token: token === '' ? undefined : token,
            timeoutMs: parseSeconds('staging-timeout', read('staging-timeout'), 10, MAX_STAGING_TIMEOUT_S),
        },
        failOnUnavailable: parseBoolean('fail-on-unavailable', read('fail-on-unavailable'), true),
        exportEnv: parseBoolean('export-env', read('export-env'), true),
        teardown: parseBoolean('teardown', read('teardown'), true),
        cacheImages: parseBoolean('cache-images', read('cache-images'), false),
        isolate: parseBoolean('isolate', read('isolate'), false),
        urlHost: parseHost('url-host', read('url-host')),
    };
}

;// CONCATENATED MODULE: ./src/outputs.ts
/**
 * What later steps receive: the outputs (every mode) and, with export-env, the environment
 * variables of the contract. {@link planExports} is pure and says where each value came from;
 * {@link publishExports} writes them.
 */



/** Build every output and variable with its source. Pure. */
function planExports(inputs, facts) {
    const { decision, docker } = facts;
    const s = inputs.staging;
    const stagingWsSource = s.websocketUrlSource === 'derived' ? 'derived' : 'input';
    const fixed = (value) => ({ value, source: 'fixed' });
    const fromInput = (value) => ({ value: value ?? '', source: 'input' });
    let backend = fixed('');
    let websocket = fixed('');
    let auth = fixed('');
    let backendPort = fixed('');
    const detected = (value) => value === undefined ? fixed('') : { value: String(value), source: 'detected from Docker' };
    if (decision.mode === 'docker' && docker) {
        backend = detected(docker.backendUrl);
        websocket = detected(docker.websocketUrl);
        auth = docker.backendUrl === undefined ? fixed('') : { value: docker.authUrl ?? '', source: 'detected from Docker' };
        backendPort = detected(docker.backendPort);
    }
    else if (decision.mode === 'staging') {
        backend = fromInput(s.backendUrl);
        websocket = { value: s.websocketUrl ?? '', source: stagingWsSource };
        auth = fromInput(s.authUrl);
    }
    const outputs = {
        mode: { value: decision.mode, source: 'decision' },
        'use-staging-fallback': { value: String(decision.mode === 'staging'), source: 'decision' },
        'docker-available': { value: String(facts.dockerAvailable), source: 'detected from Docker' },
        'backend-url': backend,
        'websocket-url': websocket,
        'auth-url': auth,
        'backend-port': backendPort,
        'staging-backend-url': fromInput(s.backendUrl),
        'staging-websocket-url': { value: s.websocketUrl ?? '', source: s.websocketUrl ? stagingWsSource : 'fixed' },
        'staging-auth-url': fromInput(s.authUrl),
        'compose-files': { value: facts.composeFiles.join('\n'), source: inputs.composeFiles.length ? 'input' : 'derived' },
        'project-directory': { value: facts.projectDirectory ?? '', source: inputs.projectDirectory ? 'input' : 'derived' },
        'project-name': { value: facts.projectName ?? '', source: inputs.projectName ? 'input' : 'derived' },
        reason: { value: decision.reason, source: 'decision' },
        report: { value: facts.reportPath, source: 'fixed' },
        'service-ports': decision.mode === 'docker' && docker ? { value: JSON.stringify(docker.servicePorts), source: 'detected from Docker' } : fixed(''),
        // false without cache-images, or when Docker ended before the images were settled.
        'cache-hit': facts.cacheHit ? { value: facts.cacheHit, source: 'detected from Docker' } : fixed('false'),
    };
    const env = {};
    if (inputs.exportEnv) {
        if (decision.mode === 'none') {
            env.TEST_MODE = fixed('none');
            env.USE_STAGING_FALLBACK = fixed('false');
        }
        else {
            env.TEST_MODE = fixed(decision.mode === 'docker' ? 'docker' : 'staging_fallback');
            env.USE_STAGING_FALLBACK = fixed(String(decision.mode === 'staging'));
            // No backend: no URL variable at all; no WebSocket endpoint: no WebSocket URL. A variable the
            // job already had is then not overwritten with nothing.
            const hasBackend = backend.value !== '';
            if (hasBackend) {
                env.BACKEND_URL = backend;
                if (websocket.value !== '')
                    env.WEBSOCKET_URL = websocket;
                env.AUTH_URL = auth;
            }
            if (decision.mode === 'docker') {
                if (hasBackend)
                    env.DOCKER_BACKEND_PORT = backendPort;
                for (const [k, v] of Object.entries(portVariables(docker?.servicePorts ?? {})))
                    env[k] = { value: v, source: 'detected from Docker' };
            }
            else {
                env.USE_STAGING_SERVICES = fixed('true');
                env.STAGING_BASE_URL = fromInput(s.backendUrl);
                env.STAGING_BACKEND_URL = fromInput(s.backendUrl);
                if (s.websocketUrl !== undefined)
                    env.STAGING_WEBSOCKET_URL = { value: s.websocketUrl, source: stagingWsSource };
                env.STAGING_AUTH_URL = fromInput(s.authUrl);
            }
        }
    }
    return { outputs, env };
}
/**
 * The exports of a step that ended before any decision (an invalid input, an unexpected error):
 * every output the contract lists, mode `none`, the reason, the report; with `export-env`,
 * TEST_MODE=none and USE_STAGING_FALLBACK=false, and no URL variable.
 */
function planFailureExports(reason, reportPath, exportEnv) {
    const fixed = (value) => ({ value, source: 'fixed' });
    const outputs = {};
    for (const name of OUTPUT_NAMES)
        outputs[name] = fixed('');
    Object.assign(outputs, {
        mode: { value: 'none', source: 'decision' },
        'use-staging-fallback': { value: 'false', source: 'decision' },
        'docker-available': fixed('false'),
        reason: { value: reason, source: 'decision' },
        report: fixed(reportPath),
        'cache-hit': fixed('false'),
    });
    const env = exportEnv ? { TEST_MODE: fixed('none'), USE_STAGING_FALLBACK: fixed('false') } : {};
    return { outputs, env };
}
/** Every output of the contract, in its order. */
const OUTPUT_NAMES = [
    'mode',
    'use-staging-fallback',
    'docker-available',
    'backend-url',
    'websocket-url',
    'auth-url',
    'backend-port',
    'staging-backend-url',
    'staging-websocket-url',
    'staging-auth-url',
    'compose-files',
    'project-directory',
    'project-name',
    'reason',
    'report',
    'service-ports',
    'cache-hit',
];
/** Outputs and variables are long at most this (a reason quoting compose at length, say). */
const MAX_EXPORT = 16 * 1024;
/**
 * A value as it may be exported: outside text in it (a status line with a TAB, a healthcheck's
 * output in `reason`) is made safe, never refused, so a strange answer cannot cost the outputs.
 * One line, except `compose-files` (one file per line). A registered secret is removed from the
 * `reason` (where staging's own words can echo it), and only there: a staging URL keeps the
 * password the user put in it, as later steps need it (the runner masks it). Pure but for the
 * secrets registered.
 */
function exportable(name, value) {
    const keepSecrets = name !== 'reason';
    return name === 'compose-files' ? (0,outside/* outsideText */.F3)(value, MAX_EXPORT, keepSecrets) : (0,outside/* outsideLine */.U2)(value, MAX_EXPORT, keepSecrets);
}
/** Write the plan: outputs with core.setOutput, variables with core.exportVariable. */
function publishExports(plan) {
    for (const [name, { value }] of Object.entries(plan.outputs))
        src_core/* setOutput */.uH(name, exportable(name, value));
    for (const [name, { value }] of Object.entries(plan.env))
        src_core/* exportVariable */.dN(name, exportable(name, value));
}

// EXTERNAL MODULE: ./src/probe/credentials.ts
var credentials = __nccwpck_require__(3604);
;// CONCATENATED MODULE: ./src/report/json.ts
/**
 * The JSON report: the same data as the summary, stable field names, durations in milliseconds.
 * Written under RUNNER_TEMP; its path is the `report` output. Every field is documented in the
 * README ("JSON report"); fields are added, never renamed or removed (bump `version` otherwise).
 * Optional facts are `null` rather than missing. Every string has URL credentials removed, like the
 * summary (the outputs' copy too: a staging URL's password is exported, never reported); a log line longer than 16,000 characters keeps its start and end.
 */






/** Characters kept of one log line in the JSON report (the summary keeps fewer). */
const JSON_LINE_CHARS = 16_000;
function redactOptional(s) {
    return s === undefined ? null : redactSecrets(s);
}
/** Every string inside, URL credentials removed (check data can hold an endpoint or a URL). */
function redactDeep(v) {
    if (typeof v === 'string')
        return redactSecrets(v);
    if (Array.isArray(v))
        return v.map(redactDeep);
    if (v !== null && typeof v === 'object')
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x)]));
    return v;
}
/** The report's copy of the outputs and variables: as exported, but a password in a URL is removed. */
function redactExports(xs) {
    return Object.fromEntries(Object.entries(xs).map(([name, x]) => [name, { value: redactSecrets(x.value), source: x.source }]));
}
function jsonCheck(c) {
    return {
        id: c.id,
        title: c.title,
        status: c.status,
        durationMs: Math.round(c.durationMs),
        detail: redactSecrets(c.detail),
        failure: c.failure ?? null,
        hint: redactOptional(hints_hintFor(c)),
        location: c.location ? { file: c.location.file, line: c.location.line ?? null } : null,
        data: c.data ? redactDeep(c.data) : null,
    };
}
function buildJsonReport(report, decision, exports, now = Date.now()) {
    return {
        version: 1,
        startedAt: report.startedAt.toISOString(),
        durationMs: Math.max(0, now - report.startedAt.getTime()),
        mode: decision.mode,
        reason: redactSecrets(decision.reason),
        failed: decision.fail,
        checks: report.checks.map(jsonCheck),
        stagingProbes: report.stagingProbes.map((p) => ({
            name: p.name,
            url: redactSecrets(p.url),
            class: p.class,
            status: p.status ?? null,
            latencyMs: Math.round(p.latencyMs),
            attempts: p.attempts,
            detail: redactSecrets(p.detail),
        })),
        serviceFailures: report.serviceFailures.map((f) => ({
            service: f.service,
            state: redactSecrets(f.state),
            exitCode: f.exitCode ?? null,
            health: f.health ?? null,
            lastHealthcheckOutput: redactOptional(f.lastHealthcheckOutput),
            // A single enormous line would make an enormous file: cut each line, keeping start and end.
            logTail: f.logTail.map((l) => (l.length > JSON_LINE_CHARS ? clean(l, JSON_LINE_CHARS) : redactSecrets(l))),
        })),
        images: report.images.map((i) => ({
            image: redactSecrets(i.image),
            written: redactSecrets(i.written),
            services: i.services,
            via: i.via,
            state: i.state,
            sizeBytes: i.sizeBytes ?? null,
            durationMs: i.durationMs === undefined ? null : Math.round(i.durationMs),
            digest: i.digest ?? null,
            key: i.key ?? null,
            detail: redactSecrets(i.detail),
        })),
        outputs: redactExports(exports.outputs),
        env: redactExports(exports.env),
    };
}
/** A fresh path for the report under RUNNER_TEMP (or the OS temp folder outside Actions). */
function reportPath(env) {
    const dir = env.RUNNER_TEMP || external_node_os_.tmpdir();
    return external_node_path_.join(dir, `compose-or-staging-${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_JOB ?? 'job'}-${process.pid}.json`);
}
function writeJsonReport(file, data) {
    external_node_fs_.mkdirSync(external_node_path_.dirname(file), { recursive: true });
    // No registered secret, in any form, reaches the file (a staging that echoed the token, say).
    external_node_fs_.writeFileSync(file, `${(0,outside/* redact */.E$)(JSON.stringify(data, null, 2))}\n`);
}

;// CONCATENATED MODULE: ./src/staging/probe.ts

/** Whether a probe result could change on a retry. Pure. */
function retryable(r) {
    if (r.class === 'refused' || r.class === 'reset')
        return true;
    return (r.class === 'http-status' || r.class === 'ws-rejected') && r.status !== undefined && [502, 503, 504].includes(r.status);
}
const probe_sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
async function withRetries(run, deadline, signal) {
    let attempts = 0;
    let backoff = 100;
    let answered;
    for (;;) {
        attempts++;
        let result = await run(Math.max(1, deadline - performance.now()));
        // A retry cut short by the deadline does not erase what staging did answer: a 503 seen three
        // times is the reason, not "no answer".
        if (result.class === 'timeout' && answered) {
            result = { ...answered, detail: `${answered.detail}; the last retry got no answer before the deadline` };
        }
        else if (result.class !== 'timeout') {
            answered = result;
        }
        const left = deadline - performance.now();
        if (result.class === 'ok' || !retryable(result) || left < backoff + 50 || signal?.aborted)
            return { result, attempts };
        await probe_sleep(backoff);
        if (signal?.aborted)
            return { result, attempts };
        backoff = Math.min(backoff * 2, 1000);
    }
}
async function probeStaging(staging, healthPath, authHealthPath, given, signal) {
    const started = performance.now();
    const { makeAgents, probeHttp, probeWebSocket } = await loadProbes();
    const agents = given ?? makeAgents();
    const deadline = started + staging.timeoutMs;
    const headers = staging.token ? { authorization: `Bearer ${staging.token}` } : {};
    const base = staging.backendUrl;
    const jobs = [
        withRetries((t) => probeHttp(`${base}${healthPath}`, { timeoutMs: t, headers, agents, signal }), deadline, signal).then((r) => ({
            name: 'backend-health',
            ...r,
        })),
    ];
    const wsUrl = staging.websocketUrl;
    if (wsUrl !== undefined) {
        jobs.push(withRetries((t) => probeWebSocket(wsUrl, { timeoutMs: t, headers, agents, signal }), deadline, signal).then((r) => ({
            name: 'websocket',
            ...r,
        })));
    }
    if (staging.authUrl) {
        jobs.push(withRetries((t) => probeHttp(`${staging.authUrl}${authHealthPath}`, { timeoutMs: t, headers, agents, signal }), deadline, signal).then((r) => ({
            name: 'auth-health',
            ...r,
        })));
    }
    const checks = await Promise.all(jobs);
    const failed = checks.filter((c) => c.result.class !== 'ok');
    return {
        usable: failed.length === 0,
        checks,
        reason: failed.length === 0 ? 'every staging check passed' : failed.map((c) => `${c.name} ${c.result.detail}`).join('; '),
        durationMs: performance.now() - started,
    };
}

;// CONCATENATED MODULE: ./src/staging/early.ts
/**
 * Staging in auto mode: probed while Docker is still being tried, so a fallback costs no more than
 * the Docker failure itself; probed again when that early answer has gone stale; cancelled (and
 * waited for, so nothing is left running) when Docker wins.
 */





/** An early staging answer older than this when Docker gives up is asked again. */
const STAGING_STALE_MS = 15_000;
/**
 * Staging, probed while Docker is still being tried (auto mode), so a fallback costs no more
 * than the Docker failure itself. Read-only and cheap; cancelled when Docker succeeds.
 */
class StagingProber {
    inputs;
    report;
    staleMs;
    controller = new AbortController();
    early;
    constructor(inputs, report, staleMs = STAGING_STALE_MS) {
        this.inputs = inputs;
        this.report = report;
        this.staleMs = staleMs;
    }
    probe() {
        const { staging, healthPath, authHealthPath } = this.inputs;
        return probeStaging(staging, healthPath, authHealthPath, undefined, this.controller.signal).then((probe) => ({
            probe,
            at: performance.now(),
        }));
    }
    /** Start probing now; the answer is kept for `answer()`. */
    start() {
        if (this.inputs.staging.backendUrl)
            this.early = this.probe();
    }
    /** Docker won: stop probing (nothing is left running) and wait for the probes to wind down. */
    async cancel() {
        this.controller.abort();
        await this.early;
    }
    /** The staging answer: the early one when still fresh, else a new probe. */
    async answer() {
        if (!this.inputs.staging.backendUrl) {
            this.report.add({ id: 'staging', title: 'Staging', status: 'skipped', detail: 'no staging-backend-url is set' });
            return { status: 'not-configured' };
        }
        return src_core/* group */.Os('Staging: probe', async () => {
            let answer = this.early ? await this.early : undefined;
            const age = answer ? performance.now() - answer.at : 0;
            if (answer && age > this.staleMs) {
                info(`The staging answer from ${Math.round(age / 1000)} s ago is stale: probing again.`);
                answer = undefined;
            }
            else if (answer) {
                info(`Staging was probed while Docker was tried (${Math.round(answer.probe.durationMs)} ms).`);
            }
            const { probe } = answer ?? (await this.probe());
            recordStaging(probe, this.report, answer !== undefined);
            if (this.inputs.staging.websocketUrl === undefined) {
                const detail = 'not checked: websocket-path is empty and no staging-websocket-url is given';
                this.report.add({ id: 'staging.websocket', title: 'Staging websocket', status: 'skipped', detail });
            }
            return probe.usable ? { status: 'usable' } : { status: 'unusable', reason: probe.reason };
        });
    }
}
function recordStaging(probe, report, early) {
    for (const c of probe.checks) {
        const r = c.result;
        report.stagingProbes.push({
            name: c.name,
            url: r.url,
            class: r.class,
            status: r.status,
            latencyMs: r.latencyMs,
            attempts: c.attempts,
            detail: r.detail,
        });
        report.add({
            id: `staging.${c.name}`,
            title: `Staging ${c.name}${early ? ' (probed alongside Docker)' : ''}`,
            status: r.class === 'ok' ? 'ok' : 'failed',
            durationMs: r.latencyMs,
            detail: `${r.url}: ${r.detail}${c.attempts > 1 ? ` (${c.attempts} attempts)` : ''}`,
            failure: r.class === 'ok' ? undefined : (0,model/* probeFailure */.L$)(r.class, r.status),
            data: { class: r.class, status: r.status, attempts: c.attempts, url: r.url },
        });
        info(`${c.name}: ${(0,outside/* outsideLine */.U2)(`${r.url}: ${r.detail}`)}`);
    }
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * The main step: inputs → Docker path → (staging probe) → decision → outputs, env, summary.
 * The one place that fails the step.
 */

















/**
 * Register every secret before anything else is logged: the token, and a staging URL's password
 * with the Basic credentials made of it. Masked by the runner, and removed from outside text
 * (a staging that echoes them back) before it reaches the log, the summary, the report or an output.
 */
function registerSecrets() {
    (0,outside/* registerSecret */.cl)(src_core/* getInput */.V4('staging-token'));
    for (const name of ['staging-backend-url', 'staging-websocket-url', 'staging-auth-url']) {
        for (const secret of (0,credentials/* credentialSecrets */.DJ)(src_core/* getInput */.V4(name).trim()))
            (0,outside/* registerSecret */.cl)(secret);
    }
}
/** Fail the step: one ::error with what to do next, and exit code 1. */
function failStep(message, title) {
    error(message, title ? { title } : undefined);
    process.exitCode = 1;
}
/** The contract's `docker-available`: a daemon answered (compose may still be missing). */
function main_daemonAnswered(r) {
    return r?.availability.serverVersion !== undefined;
}
function dockerResult(r) {
    if (!r)
        return { status: 'not-checked' };
    if (r.ok)
        return { status: 'healthy' };
    if (r.invalid)
        return { status: 'invalid', reason: r.reason };
    return { status: 'failed', available: main_daemonAnswered(r), reason: r.reason };
}
async function run() {
    const report = new model/* Report */.pl();
    /** Whether the outputs of a decision are out: a failure after that keeps them. */
    let published = false;
    onCancel((signal) => {
        // The runner cancels with SIGINT, then SIGTERM: stop what runs (compose up, a build), keep
        // what is known, and leave the stack to the post step.
        const stopped = killRunningChildren();
        saveCancelled();
        const message = `The step was cancelled (${signal}); ${stopped} running docker or compose command(s) were stopped, and the post step removes the stack.`;
        if (!published)
            reportEarlyEnd(report, { id: 'cancelled', title: 'Cancelled', detail: message, failure: 'internal' });
        warning(message, { title: 'Cancelled' });
    });
    try {
        registerSecrets();
        const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
        const inputs = parseInputs((name) => src_core/* getInput */.V4(name), workspace);
        const env = process.env;
        const prober = new StagingProber(inputs, report);
        let docker;
        if (inputs.mode !== 'staging') {
            if (inputs.mode === 'auto')
                prober.start();
            docker = await runDockerPath(inputs, report, env);
        }
        else
            report.add({ id: 'docker', title: 'Docker', status: 'skipped', detail: 'not checked: mode is staging' });
        let staging;
        if (inputs.mode === 'docker')
            staging = { status: 'not-probed', reason: 'mode is docker' };
        else if (docker?.ok) {
            await prober.cancel();
            staging = { status: 'not-probed', reason: 'the Docker stack is healthy' };
        }
        else if (docker?.invalid) {
            await prober.cancel();
            staging = { status: 'not-probed', reason: 'the compose file is invalid' };
        }
        else
            staging = await prober.answer();
        const decision = decide(inputs.mode, dockerResult(docker), staging, inputs.failOnUnavailable);
        const rel = (p) => external_node_path_.relative(inputs.workspace, p) || '.';
        const file = reportPath(env);
        const exports = planExports(inputs, {
            decision,
            dockerAvailable: main_daemonAnswered(docker),
            docker: docker?.ok ? docker.endpoints : undefined,
            composeFiles: docker?.plan?.files.map(rel) ?? inputs.composeFiles.map(rel),
            projectDirectory: docker?.plan ? rel(docker.plan.projectDirectory) : inputs.projectDirectory && rel(inputs.projectDirectory),
            projectName: docker?.plan?.projectName ?? (docker && !docker.ok ? docker.projectName : undefined) ?? inputs.projectName,
            reportPath: file,
            cacheHit: report.imageCache?.cacheHit,
        });
        publishExports(exports);
        published = true;
        writeJsonReport(file, buildJsonReport(report, decision, exports));
        writeSummary(renderSummary(report, decision, exports));
        annotateComposeProblems(report, decision.fail);
        info(`Mode: ${decision.mode}. ${decision.reason}`);
        if (decision.fail)
            failStep(`${decision.reason} Set up the failing part (see the job summary), or set fail-on-unavailable: false.`, 'No usable test environment');
        else if (decision.mode === 'none')
            warning(decision.reason, { title: 'No usable test environment' });
    }
    catch (err) {
        const invalid = err instanceof InputError;
        const message = invalid ? err.message : `compose-or-staging failed unexpectedly: ${(0,model/* errorMessage */.gJ)(err)}`;
        if (!published)
            reportEarlyEnd(report, invalid
                ? { id: 'inputs', title: `Input '${err.input}'`, detail: message, failure: 'invalid-input', data: { input: err.input } }
                : { id: 'internal', title: 'Unexpected error', detail: message, failure: 'internal' });
        if (invalid)
            failStep(message, `Invalid input '${err.input}'`);
        else
            failStep(message);
    }
}
/** Call `handler` once on SIGINT or SIGTERM, then exit with code 1 (the handler must be synchronous). */
function onCancel(handler) {
    let done = false;
    const listener = (signal) => {
        if (done)
            return;
        done = true;
        try {
            handler(signal);
        }
        finally {
            process.exit(1);
        }
    };
    process.once('SIGINT', listener);
    process.once('SIGTERM', listener);
}
/**
 * The step ended before a decision (an invalid input, an unexpected error, a cancel): it still
 * writes mode=none, the reason, every other output (empty), the report and the summary, each on
 * its own, so one that fails does not cost the others. Synchronous, so a signal handler can use it.
 */
function reportEarlyEnd(report, check) {
    report.add({ ...check, status: 'failed' });
    const decision = { mode: 'none', reason: check.detail, fail: true };
    const file = reportPath(process.env);
    // export-env itself may be the invalid input: anything but 'false' keeps its default.
    const exports = planFailureExports(check.detail, file, src_core/* getInput */.V4('export-env').trim().toLowerCase() !== 'false');
    for (const [what, work] of [
        ['outputs', () => publishExports(exports)],
        ['report', () => writeJsonReport(file, buildJsonReport(report, decision, exports))],
        ['summary', () => writeSummary(renderSummary(report, decision, exports))],
    ]) {
        try {
            work();
        }
        catch (err) {
            warning(`Could not write the ${what}: ${(0,model/* errorMessage */.gJ)(err)}`);
        }
    }
}
/**
 * Problems that live in a compose file (a missing Dockerfile, a service that does not exist) as
 * annotations on the line to fix: errors when the step fails, warnings when the job went on; and
 * what only deserves a look (a missing Dockerfile of a service not built) as a warning.
 */
function annotateComposeProblems(report, failing) {
    for (const c of report.checks) {
        if (!c.location || (c.status !== 'failed' && c.status !== 'info'))
            continue;
        const hint = c.status === 'failed' ? hints_hintFor(c) : undefined;
        const message = `${c.detail}${hint ? `\n${hint.replace(/`/g, '')}` : ''}`;
        const props = { title: c.title, file: c.location.file, startLine: c.location.line };
        if (failing && c.status === 'failed')
            error(message, props);
        else
            warning(message, props);
    }
}
/**
 * Append the job summary, with no registered secret in it. Synchronous, so a signal handler can
 * write it too, and a cancel cannot cut it short.
 */
function writeSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file)
        return;
    try {
        external_node_fs_.appendFileSync(file, (0,outside/* redact */.E$)(markdown));
    }
    catch (err) {
        warning(`Could not write the job summary: ${(0,model/* errorMessage */.gJ)(err)}`);
    }
}


/***/ }),

/***/ 3604:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DJ: () => (/* binding */ credentialSecrets),
/* harmony export */   JD: () => (/* binding */ splitCredentials)
/* harmony export */ });
/* unused harmony export safeDecode */
/* harmony import */ var node_querystring__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1792);
/* harmony import */ var node_querystring__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_querystring__WEBPACK_IMPORTED_MODULE_0__);
/** Credentials in URLs: small, so the main step can use it without loading the probes. */

/** `s` percent-decoded; as it is when it is not valid percent-encoding (a stray `%`). */
function safeDecode(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return s;
    }
}
/**
 * Every secret a URL's credentials stand for, in each form a client may send or print them: the
 * password as written, decoded (strictly, and leniently as the ws library does), and the Basic
 * token made of each decoded user and password. [] when the URL has no password.
 */
function credentialSecrets(url) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return [];
    }
    if (u.password === '')
        return [];
    const forms = (s) => [...new Set([s, safeDecode(s), node_querystring__WEBPACK_IMPORTED_MODULE_0__.unescape(s)])];
    const passwords = forms(u.password);
    const basics = forms(u.username).flatMap((user) => passwords.map((p) => Buffer.from(`${user}:${p}`).toString('base64')));
    return [...new Set([...passwords, ...basics])];
}
/**
 * `url` without user and password (for fetch, which refuses such URLs, and for reports), and the
 * Basic credentials they stood for.
 */
function splitCredentials(url) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return { url, basic: undefined };
    }
    if (u.username === '' && u.password === '')
        return { url, basic: undefined };
    const basic = Buffer.from(`${safeDecode(u.username)}:${safeDecode(u.password)}`).toString('base64');
    u.username = '';
    u.password = '';
    return { url: u.toString(), basic: `Basic ${basic}` };
}


/***/ }),

/***/ 6867:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L$: () => (/* binding */ probeFailure),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   pl: () => (/* binding */ Report)
/* harmony export */ });
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
    checks = [];
    serviceFailures = [];
    stagingProbes = [];
    /** With cache-images: what became of each image of the stack. */
    images = [];
    /** With cache-images, once the images were settled. */
    imageCache;
    add(check) {
        const full = { durationMs: 0, ...check };
        full.durationMs = Math.round(full.durationMs);
        this.checks.push(full);
        return full;
    }
    /** Run `fn`, timing it; the check's result comes from what `fn` returns or throws. */
    async time(id, title, fn, describe) {
        const started = performance.now();
        try {
            const value = await fn();
            this.add({ id, title, durationMs: performance.now() - started, ...describe(value) });
            return value;
        }
        catch (err) {
            this.add({ id, title, status: 'failed', durationMs: performance.now() - started, detail: errorMessage(err) });
            throw err;
        }
    }
    failed() {
        return this.checks.filter((c) => c.status === 'failed');
    }
}
function errorMessage(err) {
    return err instanceof Error ? err.message : String(err);
}


/***/ }),

/***/ 2341:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   F3: () => (/* binding */ outsideText),
/* harmony export */   U2: () => (/* binding */ outsideLine),
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   g3: () => (/* binding */ LineSplitter)
/* harmony export */ });
/* unused harmony exports clearSecrets, MAX_LINE */
/* harmony import */ var _core_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(828);
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
        _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
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


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7830:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/web");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 3480:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("querystring");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 8167:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("worker_threads");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 7349:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveBlockMap = __nccwpck_require__(7103);
var resolveBlockSeq = __nccwpck_require__(334);
var resolveFlowCollection = __nccwpck_require__(3142);

function resolveCollection(CN, ctx, token, onError, tagName, tag) {
    const coll = token.type === 'block-map'
        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
        : token.type === 'block-seq'
            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
    const Coll = coll.constructor;
    // If we got a tagName matching the class, or the tag name is '!',
    // then use the tagName from the node class used to create it.
    if (tagName === '!' || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
    }
    if (tagName)
        coll.tag = tagName;
    return coll;
}
function composeCollection(CN, ctx, token, props, onError) {
    const tagToken = props.tag;
    const tagName = !tagToken
        ? null
        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
    if (token.type === 'block-seq') {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken
            ? anchor.offset > tagToken.offset
                ? anchor
                : tagToken
            : (anchor ?? tagToken);
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
            const message = 'Missing newline after block sequence props';
            onError(lastProp, 'MISSING_CHAR', message);
        }
    }
    const expType = token.type === 'block-map'
        ? 'map'
        : token.type === 'block-seq'
            ? 'seq'
            : token.start.source === '{'
                ? 'map'
                : 'seq';
    // shortcut: check if it's a generic YAMLMap or YAMLSeq
    // before jumping into the custom tag logic.
    if (!tagToken ||
        !tagName ||
        tagName === '!' ||
        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
        return resolveCollection(CN, ctx, token, onError, tagName);
    }
    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
    if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
            tag = kt;
        }
        else {
            if (kt) {
                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
            }
            else {
                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
            }
            return resolveCollection(CN, ctx, token, onError, tagName);
        }
    }
    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
    const node = identity.isNode(res)
        ? res
        : new Scalar.Scalar(res);
    node.range = coll.range;
    node.tag = tagName;
    if (tag?.format)
        node.format = tag.format;
    return node;
}

exports.composeCollection = composeCollection;


/***/ }),

/***/ 3683:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Document = __nccwpck_require__(3021);
var composeNode = __nccwpck_require__(5937);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);

function composeDoc(options, directives, { offset, start, value, end }, onError) {
    const opts = Object.assign({ _directives: directives }, options);
    const doc = new Document.Document(undefined, opts);
    const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
    };
    const props = resolveProps.resolveProps(start, {
        indicator: 'doc-start',
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
    });
    if (props.found) {
        doc.directives.docStart = true;
        if (value &&
            (value.type === 'block-map' || value.type === 'block-seq') &&
            !props.hasNewline)
            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
    // @ts-expect-error If Contents is set, let's trust the user
    doc.contents = value
        ? composeNode.composeNode(ctx, value, props, onError)
        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
    const contentEnd = doc.contents.range[2];
    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
    if (re.comment)
        doc.comment = re.comment;
    doc.range = [offset, contentEnd, re.offset];
    return doc;
}

exports.composeDoc = composeDoc;


/***/ }),

/***/ 5937:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var composeCollection = __nccwpck_require__(7349);
var composeScalar = __nccwpck_require__(5413);
var resolveEnd = __nccwpck_require__(7788);
var utilEmptyScalarPosition = __nccwpck_require__(2599);

const CN = { composeNode, composeEmptyNode };
function composeNode(ctx, token, props, onError) {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node;
    let isSrcToken = true;
    switch (token.type) {
        case 'alias':
            node = composeAlias(ctx, token, onError);
            if (anchor || tag)
                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
            break;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'block-scalar':
            node = composeScalar.composeScalar(ctx, token, tag, onError);
            if (anchor)
                node.anchor = anchor.source.substring(1);
            break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection':
            try {
                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
                if (anchor)
                    node.anchor = anchor.source.substring(1);
            }
            catch (error) {
                // Almost certainly here due to a stack overflow
                const message = error instanceof Error ? error.message : String(error);
                onError(token, 'RESOURCE_EXHAUSTION', message);
            }
            break;
        default: {
            const message = token.type === 'error'
                ? token.message
                : `Unsupported token (type: ${token.type})`;
            onError(token, 'UNEXPECTED_TOKEN', message);
            isSrcToken = false;
        }
    }
    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
    if (anchor && node.anchor === '')
        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey &&
        ctx.options.stringKeys &&
        (!identity.isScalar(node) ||
            typeof node.value !== 'string' ||
            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
        const msg = 'With stringKeys, all keys must be strings';
        onError(tag ?? token, 'NON_STRING_KEY', msg);
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        if (token.type === 'scalar' && token.source === '')
            node.comment = comment;
        else
            node.commentBefore = comment;
    }
    // @ts-expect-error Type checking misses meaning of isSrcToken
    if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
    return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
    const token = {
        type: 'scalar',
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ''
    };
    const node = composeScalar.composeScalar(ctx, token, tag, onError);
    if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === '')
            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        node.comment = comment;
        node.range[2] = end;
    }
    return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
    const alias = new Alias.Alias(source.substring(1));
    if (alias.source === '')
        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (alias.source.endsWith(':'))
        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
    alias.range = [offset, valueEnd, re.offset];
    if (re.comment)
        alias.comment = re.comment;
    return alias;
}

exports.composeEmptyNode = composeEmptyNode;
exports.composeNode = composeNode;


/***/ }),

/***/ 5413:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);

function composeScalar(ctx, token, tagToken, onError) {
    const { value, type, comment, range } = token.type === 'block-scalar'
        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
    const tagName = tagToken
        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
        : null;
    let tag;
    if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
    }
    else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
    else if (token.type === 'scalar')
        tag = findScalarTagByTest(ctx, value, token, onError);
    else
        tag = ctx.schema[identity.SCALAR];
    let scalar;
    try {
        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
    }
    catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
        scalar = new Scalar.Scalar(value);
    }
    scalar.range = range;
    scalar.source = value;
    if (type)
        scalar.type = type;
    if (tagName)
        scalar.tag = tagName;
    if (tag.format)
        scalar.format = tag.format;
    if (comment)
        scalar.comment = comment;
    return scalar;
}
function findScalarTagByName(schema, value, tagName, tagToken, onError) {
    if (tagName === '!')
        return schema[identity.SCALAR]; // non-specific tag
    const matchWithTest = [];
    for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
            if (tag.default && tag.test)
                matchWithTest.push(tag);
            else
                return tag;
        }
    }
    for (const tag of matchWithTest)
        if (tag.test?.test(value))
            return tag;
    const kt = schema.knownTags[tagName];
    if (kt && !kt.collection) {
        // Ensure that the known tag is available for stringifying,
        // but does not get used by default.
        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
        return kt;
    }
    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
    return schema[identity.SCALAR];
}
function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
        tag.test?.test(value)) || schema[identity.SCALAR];
    if (schema.compat) {
        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
            schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
            const ts = directives.tagString(tag.tag);
            const cs = directives.tagString(compat.tag);
            const msg = `Value may be parsed as either ${ts} or ${cs}`;
            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
        }
    }
    return tag;
}

exports.composeScalar = composeScalar;


/***/ }),

/***/ 9984:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var directives = __nccwpck_require__(1342);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var identity = __nccwpck_require__(1127);
var composeDoc = __nccwpck_require__(3683);
var resolveEnd = __nccwpck_require__(7788);

function getErrorPos(src) {
    if (typeof src === 'number')
        return [src, src + 1];
    if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
    const { offset, source } = src;
    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}
function parsePrelude(prelude) {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
            case '#':
                comment +=
                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
                        (source.substring(1) || ' ');
                atComment = true;
                afterEmptyLine = false;
                break;
            case '%':
                if (prelude[i + 1]?.[0] !== '#')
                    i += 1;
                atComment = false;
                break;
            default:
                // This may be wrong after doc-end, but in that case it doesn't matter
                if (!atComment)
                    afterEmptyLine = true;
                atComment = false;
        }
    }
    return { comment, afterEmptyLine };
}
/**
 * Compose a stream of CST nodes into a stream of YAML Documents.
 *
 * ```ts
 * import { Composer, Parser } from 'yaml'
 *
 * const src: string = ...
 * const tokens = new Parser().parse(src)
 * const docs = new Composer().compose(tokens)
 * ```
 */
class Composer {
    constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
            const pos = getErrorPos(source);
            if (warning)
                this.warnings.push(new errors.YAMLWarning(pos, code, message));
            else
                this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        this.directives = new directives.Directives({ version: options.version || '1.2' });
        this.options = options;
    }
    decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        //console.log({ dc: doc.comment, prelude, comment })
        if (comment) {
            const dc = doc.contents;
            if (afterDoc) {
                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
            }
            else if (afterEmptyLine || doc.directives.docStart || !dc) {
                doc.commentBefore = comment;
            }
            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
                let it = dc.items[0];
                if (identity.isPair(it))
                    it = it.key;
                const cb = it.commentBefore;
                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
            else {
                const cb = dc.commentBefore;
                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
        }
        if (afterDoc) {
            for (let i = 0; i < this.errors.length; ++i)
                doc.errors.push(this.errors[i]);
            for (let i = 0; i < this.warnings.length; ++i)
                doc.warnings.push(this.warnings[i]);
        }
        else {
            doc.errors = this.errors;
            doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
    }
    /**
     * Current stream status information.
     *
     * Mostly useful at the end of input for an empty stream.
     */
    streamInfo() {
        return {
            comment: parsePrelude(this.prelude).comment,
            directives: this.directives,
            errors: this.errors,
            warnings: this.warnings
        };
    }
    /**
     * Compose tokens into documents.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
            yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
    }
    /** Advance the composer by one CST token. */
    *next(token) {
        if (node_process.env.LOG_STREAM)
            console.dir(token, { depth: null });
        switch (token.type) {
            case 'directive':
                this.directives.add(token.source, (offset, message, warning) => {
                    const pos = getErrorPos(token);
                    pos[0] += offset;
                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
                });
                this.prelude.push(token.source);
                this.atDirectives = true;
                break;
            case 'document': {
                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
                if (this.atDirectives && !doc.directives.docStart)
                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
                this.decorate(doc, false);
                if (this.doc)
                    yield this.doc;
                this.doc = doc;
                this.atDirectives = false;
                break;
            }
            case 'byte-order-mark':
            case 'space':
                break;
            case 'comment':
            case 'newline':
                this.prelude.push(token.source);
                break;
            case 'error': {
                const msg = token.source
                    ? `${token.message}: ${JSON.stringify(token.source)}`
                    : token.message;
                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
                if (this.atDirectives || !this.doc)
                    this.errors.push(error);
                else
                    this.doc.errors.push(error);
                break;
            }
            case 'doc-end': {
                if (!this.doc) {
                    const msg = 'Unexpected doc-end without preceding document';
                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
                    break;
                }
                this.doc.directives.docEnd = true;
                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
                this.decorate(this.doc, true);
                if (end.comment) {
                    const dc = this.doc.comment;
                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
                }
                this.doc.range[2] = end.offset;
                break;
            }
            default:
                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
        }
    }
    /**
     * Call at end of input to yield any remaining document.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
            this.decorate(this.doc, true);
            yield this.doc;
            this.doc = null;
        }
        else if (forceDoc) {
            const opts = Object.assign({ _directives: this.directives }, this.options);
            const doc = new Document.Document(undefined, opts);
            if (this.atDirectives)
                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
            doc.range = [0, endOffset, endOffset];
            this.decorate(doc, false);
            yield doc;
        }
    }
}

exports.Composer = Composer;


/***/ }),

/***/ 7103:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilFlowIndentCheck = __nccwpck_require__(4051);
var utilMapIncludes = __nccwpck_require__(1187);

const startColMsg = 'All mapping items must start at the same column';
function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
    const map = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    let offset = bm.offset;
    let commentEnd = null;
    for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        // key properties
        const keyProps = resolveProps.resolveProps(start, {
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: bm.indent,
            startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
            if (key) {
                if (key.type === 'block-seq')
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
                else if ('indent' in key && key.indent !== bm.indent)
                    onError(offset, 'BAD_INDENT', startColMsg);
            }
            if (!keyProps.anchor && !keyProps.tag && !sep) {
                commentEnd = keyProps.end;
                if (keyProps.comment) {
                    if (map.comment)
                        map.comment += '\n' + keyProps.comment;
                    else
                        map.comment = keyProps.comment;
                }
                continue;
            }
            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
            }
        }
        else if (keyProps.found?.indent !== bm.indent) {
            onError(offset, 'BAD_INDENT', startColMsg);
        }
        // key value
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key
            ? composeNode(ctx, key, keyProps, onError)
            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
        // value properties
        const valueProps = resolveProps.resolveProps(sep ?? [], {
            indicator: 'map-value-ind',
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: bm.indent,
            startOnNewline: !key || key.type === 'block-scalar'
        });
        offset = valueProps.end;
        if (valueProps.found) {
            if (implicitKey) {
                if (value?.type === 'block-map' && !valueProps.hasNewline)
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
                if (ctx.options.strict &&
                    keyProps.start < valueProps.found.offset - 1024)
                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
            if (ctx.schema.compat)
                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
            offset = valueNode.range[2];
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
        else {
            // key with no value
            if (implicitKey)
                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
            if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
    }
    if (commentEnd && commentEnd < offset)
        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    map.range = [bm.offset, offset, commentEnd ?? offset];
    return map;
}

exports.resolveBlockMap = resolveBlockMap;


/***/ }),

/***/ 8913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function resolveBlockScalar(ctx, scalar, onError) {
    const start = scalar.offset;
    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
    if (!header)
        return { value: '', type: null, comment: '', range: [start, start, start] };
    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
    const lines = scalar.source ? splitLines(scalar.source) : [];
    // determine the end of content & start of chomping
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === '' || content === '\r')
            chompStart = i;
        else
            break;
    }
    // shortcut for empty contents
    if (chompStart === 0) {
        const value = header.chomp === '+' && lines.length > 0
            ? '\n'.repeat(Math.max(1, lines.length - 1))
            : '';
        let end = start + header.length;
        if (scalar.source)
            end += scalar.source.length;
        return { value, type, comment: header.comment, range: [start, end, end] };
    }
    // find the indentation level to trim from start
    let trimIndent = scalar.indent + header.indent;
    let offset = scalar.offset + header.length;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === '' || content === '\r') {
            if (header.indent === 0 && indent.length > trimIndent)
                trimIndent = indent.length;
        }
        else {
            if (indent.length < trimIndent) {
                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
                onError(offset + indent.length, 'MISSING_CHAR', message);
            }
            if (header.indent === 0)
                trimIndent = indent.length;
            contentStart = i;
            if (trimIndent === 0 && !ctx.atRoot) {
                const message = 'Block scalar values in collections must be indented';
                onError(offset, 'BAD_INDENT', message);
            }
            break;
        }
        offset += indent.length + content.length + 1;
    }
    // include trailing more-indented empty lines in content
    for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
            chompStart = i + 1;
    }
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    // leading whitespace is kept intact
    for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === '\r';
        if (crlf)
            content = content.slice(0, -1);
        /* istanbul ignore if already caught in lexer */
        if (content && indent.length < trimIndent) {
            const src = header.indent
                ? 'explicit indentation indicator'
                : 'first line';
            const message = `Block scalar lines must not be less indented than their ${src}`;
            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
            indent = '';
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
        }
        else if (indent.length > trimIndent || content[0] === '\t') {
            // more-indented content within a folded block
            if (sep === ' ')
                sep = '\n';
            else if (!prevMoreIndented && sep === '\n')
                sep = '\n\n';
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
            prevMoreIndented = true;
        }
        else if (content === '') {
            // empty line
            if (sep === '\n')
                value += '\n';
            else
                sep = '\n';
        }
        else {
            value += sep + content;
            sep = ' ';
            prevMoreIndented = false;
        }
    }
    switch (header.chomp) {
        case '-':
            break;
        case '+':
            for (let i = chompStart; i < lines.length; ++i)
                value += '\n' + lines[i][0].slice(trimIndent);
            if (value[value.length - 1] !== '\n')
                value += '\n';
            break;
        default:
            value += '\n';
    }
    const end = start + header.length + scalar.source.length;
    return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
    /* istanbul ignore if should not happen */
    if (props[0].type !== 'block-scalar-header') {
        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
        return null;
    }
    const { source } = props[0];
    const mode = source[0];
    let indent = 0;
    let chomp = '';
    let error = -1;
    for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === '-' || ch === '+'))
            chomp = ch;
        else {
            const n = Number(ch);
            if (!indent && n)
                indent = n;
            else if (error === -1)
                error = offset + i;
        }
    }
    if (error !== -1)
        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
    let hasSpace = false;
    let comment = '';
    let length = source.length;
    for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
            case 'space':
                hasSpace = true;
            // fallthrough
            case 'newline':
                length += token.source.length;
                break;
            case 'comment':
                if (strict && !hasSpace) {
                    const message = 'Comments must be separated from other tokens by white space characters';
                    onError(token, 'MISSING_CHAR', message);
                }
                length += token.source.length;
                comment = token.source.substring(1);
                break;
            case 'error':
                onError(token, 'UNEXPECTED_TOKEN', token.message);
                length += token.source.length;
                break;
            /* istanbul ignore next should not happen */
            default: {
                const message = `Unexpected token in block scalar header: ${token.type}`;
                onError(token, 'UNEXPECTED_TOKEN', message);
                const ts = token.source;
                if (ts && typeof ts === 'string')
                    length += ts.length;
            }
        }
    }
    return { mode, indent, chomp, comment, length };
}
/** @returns Array of lines split up as `[indent, content]` */
function splitLines(source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = first.match(/^( *)/);
    const line0 = m?.[1]
        ? [m[1], first.slice(m[1].length)]
        : ['', first];
    const lines = [line0];
    for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
    return lines;
}

exports.resolveBlockScalar = resolveBlockScalar;


/***/ }),

/***/ 334:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var YAMLSeq = __nccwpck_require__(2223);
var resolveProps = __nccwpck_require__(4631);
var utilFlowIndentCheck = __nccwpck_require__(4051);

function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
    const seq = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = bs.offset;
    let commentEnd = null;
    for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
            indicator: 'seq-item-ind',
            next: value,
            offset,
            onError,
            parentIndent: bs.indent,
            startOnNewline: true
        });
        if (!props.found) {
            if (props.anchor || props.tag || value) {
                if (value?.type === 'block-seq')
                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
                else
                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
            }
            else {
                commentEnd = props.end;
                if (props.comment)
                    seq.comment = props.comment;
                continue;
            }
        }
        const node = value
            ? composeNode(ctx, value, props, onError)
            : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
    }
    seq.range = [bs.offset, offset, commentEnd ?? offset];
    return seq;
}

exports.resolveBlockSeq = resolveBlockSeq;


/***/ }),

/***/ 7788:
/***/ ((__unused_webpack_module, exports) => {



function resolveEnd(end, offset, reqSpace, onError) {
    let comment = '';
    if (end) {
        let hasSpace = false;
        let sep = '';
        for (const token of end) {
            const { source, type } = token;
            switch (type) {
                case 'space':
                    hasSpace = true;
                    break;
                case 'comment': {
                    if (reqSpace && !hasSpace)
                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                    const cb = source.substring(1) || ' ';
                    if (!comment)
                        comment = cb;
                    else
                        comment += sep + cb;
                    sep = '';
                    break;
                }
                case 'newline':
                    if (comment)
                        sep += source;
                    hasSpace = true;
                    break;
                default:
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
            }
            offset += source.length;
        }
    }
    return { comment, offset };
}

exports.resolveEnd = resolveEnd;


/***/ }),

/***/ 3142:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilMapIncludes = __nccwpck_require__(1187);

const blockMsg = 'Block collections are not allowed within flow collections';
const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
    const coll = new NodeClass(ctx.schema);
    coll.flow = true;
    const atRoot = ctx.atRoot;
    if (atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
            flow: fcName,
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
        });
        if (!props.found) {
            if (!props.anchor && !props.tag && !sep && !value) {
                if (i === 0 && props.comma)
                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
                else if (i < fc.items.length - 1)
                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
                if (props.comment) {
                    if (coll.comment)
                        coll.comment += '\n' + props.comment;
                    else
                        coll.comment = props.comment;
                }
                offset = props.end;
                continue;
            }
            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
                onError(key, // checked by containsNewline()
                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        }
        if (i === 0) {
            if (props.comma)
                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
        }
        else {
            if (!props.comma)
                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
            if (props.comment) {
                let prevItemComment = '';
                loop: for (const st of start) {
                    switch (st.type) {
                        case 'comma':
                        case 'space':
                            break;
                        case 'comment':
                            prevItemComment = st.source.substring(1);
                            break loop;
                        default:
                            break loop;
                    }
                }
                if (prevItemComment) {
                    let prev = coll.items[coll.items.length - 1];
                    if (identity.isPair(prev))
                        prev = prev.value ?? prev.key;
                    if (prev.comment)
                        prev.comment += '\n' + prevItemComment;
                    else
                        prev.comment = prevItemComment;
                    props.comment = props.comment.substring(prevItemComment.length + 1);
                }
            }
        }
        if (!isMap && !sep && !props.found) {
            // item is a value in a seq
            // → key & sep are empty, start does not include ? or :
            const valueNode = value
                ? composeNode(ctx, value, props, onError)
                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
            coll.items.push(valueNode);
            offset = valueNode.range[2];
            if (isBlock(value))
                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
        }
        else {
            // item is a key+value pair
            // key value
            ctx.atKey = true;
            const keyStart = props.end;
            const keyNode = key
                ? composeNode(ctx, key, props, onError)
                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
            if (isBlock(key))
                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
            ctx.atKey = false;
            // value properties
            const valueProps = resolveProps.resolveProps(sep ?? [], {
                flow: fcName,
                indicator: 'map-value-ind',
                next: value,
                offset: keyNode.range[2],
                onError,
                parentIndent: fc.indent,
                startOnNewline: false
            });
            if (valueProps.found) {
                if (!isMap && !props.found && ctx.options.strict) {
                    if (sep)
                        for (const st of sep) {
                            if (st === valueProps.found)
                                break;
                            if (st.type === 'newline') {
                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
                                break;
                            }
                        }
                    if (props.start < valueProps.found.offset - 1024)
                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
                }
            }
            else if (value) {
                if ('source' in value && value.source?.[0] === ':')
                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
                else
                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : valueProps.found
                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
                    : null;
            if (valueNode) {
                if (isBlock(value))
                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
            }
            else if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            if (isMap) {
                const map = coll;
                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
                map.items.push(pair);
            }
            else {
                const map = new YAMLMap.YAMLMap(ctx.schema);
                map.flow = true;
                map.items.push(pair);
                const endRange = (valueNode ?? keyNode).range;
                map.range = [keyNode.range[0], endRange[1], endRange[2]];
                coll.items.push(map);
            }
            offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    let cePos = offset;
    if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
    else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot
            ? `${name} must end with a ${expectedEnd}`
            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
        if (ce && ce.source.length !== 1)
            ee.unshift(ce);
    }
    if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
            if (coll.comment)
                coll.comment += '\n' + end.comment;
            else
                coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
    }
    else {
        coll.range = [fc.offset, cePos, cePos];
    }
    return coll;
}

exports.resolveFlowCollection = resolveFlowCollection;


/***/ }),

/***/ 6842:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var resolveEnd = __nccwpck_require__(7788);

function resolveFlowScalar(scalar, strict, onError) {
    const { offset, type, source, end } = scalar;
    let _type;
    let value;
    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
    switch (type) {
        case 'scalar':
            _type = Scalar.Scalar.PLAIN;
            value = plainValue(source, _onError);
            break;
        case 'single-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_SINGLE;
            value = singleQuotedValue(source, _onError);
            break;
        case 'double-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_DOUBLE;
            value = doubleQuotedValue(source, _onError);
            break;
        /* istanbul ignore next should not happen */
        default:
            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
            return {
                value: '',
                type: null,
                comment: '',
                range: [offset, offset + source.length, offset + source.length]
            };
    }
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
    return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
    };
}
function plainValue(source, onError) {
    let badChar = '';
    switch (source[0]) {
        /* istanbul ignore next should not happen */
        case '\t':
            badChar = 'a tab character';
            break;
        case ',':
            badChar = 'flow indicator character ,';
            break;
        case '%':
            badChar = 'directive indicator character %';
            break;
        case '|':
        case '>': {
            badChar = `block scalar indicator ${source[0]}`;
            break;
        }
        case '@':
        case '`': {
            badChar = `reserved character ${source[0]}`;
            break;
        }
    }
    if (badChar)
        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
    return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
    if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
    const line = /(.*?)\r?\n/sy;
    let match = line.exec(source);
    if (!match)
        return source;
    /**
     * The negative lookbehinds in these RegExps are to
     * prevent causing a polynomial search time in certain cases.
     *
     * The try-catch is for Safari < 16.4 and other old browsers:
     * https://caniuse.com/js-regexp-lookbehind
     */
    let trimEnd, trimBoth;
    try {
        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
    }
    catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
    }
    let res = match[1].replace(trimEnd, '');
    let sep = ' ';
    let pos = line.lastIndex;
    while ((match = line.exec(source))) {
        const lm = match[1].replace(trimBoth, '');
        if (lm === '') {
            if (sep === '\n')
                res += sep;
            else
                sep = '\n';
        }
        else {
            res += sep + lm;
            sep = ' ';
        }
        pos = line.lastIndex;
    }
    const last = /[ \t]*(.*)/sy;
    last.lastIndex = pos;
    match = last.exec(source);
    return res + sep + (match?.[1] ?? '');
}
function doubleQuotedValue(source, onError) {
    let res = '';
    for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === '\r' && source[i + 1] === '\n')
            continue;
        if (ch === '\n') {
            const { fold, offset } = foldNewline(source, i);
            res += fold;
            i = offset;
        }
        else if (ch === '\\') {
            let next = source[++i];
            const cc = escapeCodes[next];
            if (cc)
                res += cc;
            else if (next === '\n') {
                // skip escaped newlines, but still trim the following line
                next = source[i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === '\r' && source[i + 1] === '\n') {
                // skip escaped CRLF newlines, but still trim the following line
                next = source[++i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === 'x' || next === 'u' || next === 'U') {
                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
                res += parseCharCode(source, i + 1, length, onError);
                i += length;
            }
            else {
                const raw = source.substr(i - 1, 2);
                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
                res += raw;
            }
        }
        else if (ch === ' ' || ch === '\t') {
            // trim trailing whitespace
            const wsStart = i;
            let next = source[i + 1];
            while (next === ' ' || next === '\t')
                next = source[++i + 1];
            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        }
        else {
            res += ch;
        }
    }
    if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
    return res;
}
/**
 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
 * Presumes `source[offset] === '\n'`
 */
function foldNewline(source, offset) {
    let fold = '';
    let ch = source[offset + 1];
    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (ch === '\r' && source[offset + 2] !== '\n')
            break;
        if (ch === '\n')
            fold += '\n';
        offset += 1;
        ch = source[offset + 1];
    }
    if (!fold)
        fold = ' ';
    return { fold, offset };
}
const escapeCodes = {
    '0': '\0', // null character
    a: '\x07', // bell character
    b: '\b', // backspace
    e: '\x1b', // escape character
    f: '\f', // form feed
    n: '\n', // line feed
    r: '\r', // carriage return
    t: '\t', // horizontal tab
    v: '\v', // vertical tab
    N: '\u0085', // Unicode next line
    _: '\u00a0', // Unicode non-breaking space
    L: '\u2028', // Unicode line separator
    P: '\u2029', // Unicode paragraph separator
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    '\t': '\t'
};
function parseCharCode(source, offset, length, onError) {
    const cc = source.substr(offset, length);
    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
    const code = ok ? parseInt(cc, 16) : NaN;
    try {
        return String.fromCodePoint(code);
    }
    catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
        return raw;
    }
}

exports.resolveFlowScalar = resolveFlowScalar;


/***/ }),

/***/ 4631:
/***/ ((__unused_webpack_module, exports) => {



function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let reqSpace = false;
    let tab = null;
    let anchor = null;
    let tag = null;
    let newlineAfterProp = null;
    let comma = null;
    let found = null;
    let start = null;
    for (const token of tokens) {
        if (reqSpace) {
            if (token.type !== 'space' &&
                token.type !== 'newline' &&
                token.type !== 'comma')
                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
            reqSpace = false;
        }
        if (tab) {
            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
            }
            tab = null;
        }
        switch (token.type) {
            case 'space':
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                if (!flow &&
                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
                    token.source.includes('\t')) {
                    tab = token;
                }
                hasSpace = true;
                break;
            case 'comment': {
                if (!hasSpace)
                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                const cb = token.source.substring(1) || ' ';
                if (!comment)
                    comment = cb;
                else
                    comment += commentSep + cb;
                commentSep = '';
                atNewline = false;
                break;
            }
            case 'newline':
                if (atNewline) {
                    if (comment)
                        comment += token.source;
                    else if (!found || indicator !== 'seq-item-ind')
                        spaceBefore = true;
                }
                else
                    commentSep += token.source;
                atNewline = true;
                hasNewline = true;
                if (anchor || tag)
                    newlineAfterProp = token;
                hasSpace = true;
                break;
            case 'anchor':
                if (anchor)
                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
                if (token.source.endsWith(':'))
                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
                anchor = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            case 'tag': {
                if (tag)
                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
                tag = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            }
            case indicator:
                // Could here handle preceding comments differently
                if (anchor || tag)
                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
                if (found)
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
                found = token;
                atNewline =
                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
                hasSpace = false;
                break;
            case 'comma':
                if (flow) {
                    if (comma)
                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
                    comma = token;
                    atNewline = false;
                    hasSpace = false;
                    break;
                }
            // else fallthrough
            default:
                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
                atNewline = false;
                hasSpace = false;
        }
    }
    const last = tokens[tokens.length - 1];
    const end = last ? last.offset + last.source.length : offset;
    if (reqSpace &&
        next &&
        next.type !== 'space' &&
        next.type !== 'newline' &&
        next.type !== 'comma' &&
        (next.type !== 'scalar' || next.source !== '')) {
        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
    }
    if (tab &&
        ((atNewline && tab.indent <= parentIndent) ||
            next?.type === 'block-map' ||
            next?.type === 'block-seq'))
        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
    return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
    };
}

exports.resolveProps = resolveProps;


/***/ }),

/***/ 9499:
/***/ ((__unused_webpack_module, exports) => {



function containsNewline(key) {
    if (!key)
        return null;
    switch (key.type) {
        case 'alias':
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            if (key.source.includes('\n'))
                return true;
            if (key.end)
                for (const st of key.end)
                    if (st.type === 'newline')
                        return true;
            return false;
        case 'flow-collection':
            for (const it of key.items) {
                for (const st of it.start)
                    if (st.type === 'newline')
                        return true;
                if (it.sep)
                    for (const st of it.sep)
                        if (st.type === 'newline')
                            return true;
                if (containsNewline(it.key) || containsNewline(it.value))
                    return true;
            }
            return false;
        default:
            return true;
    }
}

exports.containsNewline = containsNewline;


/***/ }),

/***/ 2599:
/***/ ((__unused_webpack_module, exports) => {



function emptyScalarPosition(offset, before, pos) {
    if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
            let st = before[i];
            switch (st.type) {
                case 'space':
                case 'comment':
                case 'newline':
                    offset -= st.source.length;
                    continue;
            }
            // Technically, an empty scalar is immediately after the last non-empty
            // node, but it's more useful to place it after any whitespace.
            st = before[++i];
            while (st?.type === 'space') {
                offset += st.source.length;
                st = before[++i];
            }
            break;
        }
    }
    return offset;
}

exports.emptyScalarPosition = emptyScalarPosition;


/***/ }),

/***/ 4051:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var utilContainsNewline = __nccwpck_require__(9499);

function flowIndentCheck(indent, fc, onError) {
    if (fc?.type === 'flow-collection') {
        const end = fc.end[0];
        if (end.indent === indent &&
            (end.source === ']' || end.source === '}') &&
            utilContainsNewline.containsNewline(fc)) {
            const msg = 'Flow end indicator should be more indented than parent';
            onError(end, 'BAD_INDENT', msg, true);
        }
    }
}

exports.flowIndentCheck = flowIndentCheck;


/***/ }),

/***/ 1187:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

function mapIncludes(ctx, items, search) {
    const { uniqueKeys } = ctx.options;
    if (uniqueKeys === false)
        return false;
    const isEqual = typeof uniqueKeys === 'function'
        ? uniqueKeys
        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
    return items.some(pair => isEqual(pair.key, search));
}

exports.mapIncludes = mapIncludes;


/***/ }),

/***/ 3021:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var toJS = __nccwpck_require__(4043);
var Schema = __nccwpck_require__(5840);
var stringifyDocument = __nccwpck_require__(6829);
var anchors = __nccwpck_require__(1596);
var applyReviver = __nccwpck_require__(3661);
var createNode = __nccwpck_require__(2404);
var directives = __nccwpck_require__(1342);

class Document {
    constructor(value, replacer, options) {
        /** A comment before this Document */
        this.commentBefore = null;
        /** A comment immediately after this Document */
        this.comment = null;
        /** Errors encountered during parsing. */
        this.errors = [];
        /** Warnings encountered during parsing. */
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === 'function' || Array.isArray(replacer)) {
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const opt = Object.assign({
            intAsBigInt: false,
            keepSourceTokens: false,
            logLevel: 'warn',
            prettyErrors: true,
            strict: true,
            stringKeys: false,
            uniqueKeys: true,
            version: '1.2'
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
            this.directives = options._directives.atDocument();
            if (this.directives.yaml.explicit)
                version = this.directives.yaml.version;
        }
        else
            this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        // @ts-expect-error We can't really know that this matches Contents.
        this.contents =
            value === undefined ? null : this.createNode(value, _replacer, options);
    }
    /**
     * Create a deep copy of this Document and its contents.
     *
     * Custom Node values that inherit from `Object` still refer to their original instances.
     */
    clone() {
        const copy = Object.create(Document.prototype, {
            [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
            copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        // @ts-expect-error We can't really know that this matches Contents.
        copy.contents = identity.isNode(this.contents)
            ? this.contents.clone(copy.schema)
            : this.contents;
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** Adds a value to the document. */
    add(value) {
        if (assertCollection(this.contents))
            this.contents.add(value);
    }
    /** Adds a value to the document. */
    addIn(path, value) {
        if (assertCollection(this.contents))
            this.contents.addIn(path, value);
    }
    /**
     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
     *
     * If `node` already has an anchor, `name` is ignored.
     * Otherwise, the `node.anchor` value will be set to `name`,
     * or if an anchor with that name is already present in the document,
     * `name` will be used as a prefix for a new unique anchor.
     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
     */
    createAlias(node, name) {
        if (!node.anchor) {
            const prev = anchors.anchorNames(this);
            node.anchor =
                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
        }
        return new Alias.Alias(node.anchor);
    }
    createNode(value, replacer, options) {
        let _replacer = undefined;
        if (typeof replacer === 'function') {
            value = replacer.call({ '': value }, '', value);
            _replacer = replacer;
        }
        else if (Array.isArray(replacer)) {
            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
            const asStr = replacer.filter(keyToStr).map(String);
            if (asStr.length > 0)
                replacer = replacer.concat(asStr);
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        anchorPrefix || 'a');
        const ctx = {
            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
            keepUndefined: keepUndefined ?? false,
            onAnchor,
            onTagObj,
            replacer: _replacer,
            schema: this.schema,
            sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
            node.flow = true;
        setAnchors();
        return node;
    }
    /**
     * Convert a key and a value into a `Pair` using the current schema,
     * recursively wrapping all values as `Scalar` or `Collection` nodes.
     */
    createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
            if (this.contents == null)
                return false;
            // @ts-expect-error Presumed impossible if Strict extends false
            this.contents = null;
            return true;
        }
        return assertCollection(this.contents)
            ? this.contents.deleteIn(path)
            : false;
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    get(key, keepScalar) {
        return identity.isCollection(this.contents)
            ? this.contents.get(key, keepScalar)
            : undefined;
    }
    /**
     * Returns item at `path`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
            return !keepScalar && identity.isScalar(this.contents)
                ? this.contents.value
                : this.contents;
        return identity.isCollection(this.contents)
            ? this.contents.getIn(path, keepScalar)
            : undefined;
    }
    /**
     * Checks if the document includes a value with the key `key`.
     */
    has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
    }
    /**
     * Checks if the document includes a value at `path`.
     */
    hasIn(path) {
        if (Collection.isEmptyPath(path))
            return this.contents !== undefined;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    set(key, value) {
        if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, [key], value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.set(key, value);
        }
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = value;
        }
        else if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.setIn(path, value);
        }
    }
    /**
     * Change the YAML version and schema used by the document.
     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
     * It also requires the `schema` option to be given as a `Schema` instance value.
     *
     * Overrides all previously set schema options.
     */
    setSchema(version, options = {}) {
        if (typeof version === 'number')
            version = String(version);
        let opt;
        switch (version) {
            case '1.1':
                if (this.directives)
                    this.directives.yaml.version = '1.1';
                else
                    this.directives = new directives.Directives({ version: '1.1' });
                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
                break;
            case '1.2':
            case 'next':
                if (this.directives)
                    this.directives.yaml.version = version;
                else
                    this.directives = new directives.Directives({ version });
                opt = { resolveKnownTags: true, schema: 'core' };
                break;
            case null:
                if (this.directives)
                    delete this.directives;
                opt = null;
                break;
            default: {
                const sv = JSON.stringify(version);
                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
            }
        }
        // Not using `instanceof Schema` to allow for duck typing
        if (options.schema instanceof Object)
            this.schema = options.schema;
        else if (opt)
            this.schema = new Schema.Schema(Object.assign(opt, options));
        else
            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
    }
    // json & jsonArg are only used from toJSON()
    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
            anchors: new Map(),
            doc: this,
            keep: !json,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
    /**
     * A JSON representation of the document `contents`.
     *
     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
     *   property name.
     */
    toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
    }
    /** A YAML representation of the document. */
    toString(options = {}) {
        if (this.errors.length > 0)
            throw new Error('Document with errors cannot be stringified');
        if ('indent' in options &&
            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
            const s = JSON.stringify(options.indent);
            throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
    }
}
function assertCollection(contents) {
    if (identity.isCollection(contents))
        return true;
    throw new Error('Expected a YAML collection as document contents');
}

exports.Document = Document;


/***/ }),

/***/ 1596:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

/**
 * Verify that the input string is a valid anchor.
 *
 * Will throw on errors.
 */
function anchorIsValid(anchor) {
    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
    }
    return true;
}
function anchorNames(root) {
    const anchors = new Set();
    visit.visit(root, {
        Value(_key, node) {
            if (node.anchor)
                anchors.add(node.anchor);
        }
    });
    return anchors;
}
/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
function findNewAnchor(prefix, exclude) {
    for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
            return name;
    }
}
function createNodeAnchors(doc, prefix) {
    const aliasObjects = [];
    const sourceObjects = new Map();
    let prevAnchors = null;
    return {
        onAnchor: (source) => {
            aliasObjects.push(source);
            prevAnchors ?? (prevAnchors = anchorNames(doc));
            const anchor = findNewAnchor(prefix, prevAnchors);
            prevAnchors.add(anchor);
            return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
            for (const source of aliasObjects) {
                const ref = sourceObjects.get(source);
                if (typeof ref === 'object' &&
                    ref.anchor &&
                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
                    ref.node.anchor = ref.anchor;
                }
                else {
                    const error = new Error('Failed to resolve repeated object (this should not happen)');
                    error.source = source;
                    throw error;
                }
            }
        },
        sourceObjects
    };
}

exports.anchorIsValid = anchorIsValid;
exports.anchorNames = anchorNames;
exports.createNodeAnchors = createNodeAnchors;
exports.findNewAnchor = findNewAnchor;


/***/ }),

/***/ 3661:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
 *
 * Includes extensions for handling Map and Set objects.
 */
function applyReviver(reviver, obj, key, val) {
    if (val && typeof val === 'object') {
        if (Array.isArray(val)) {
            for (let i = 0, len = val.length; i < len; ++i) {
                const v0 = val[i];
                const v1 = applyReviver(reviver, val, String(i), v0);
                // eslint-disable-next-line @typescript-eslint/no-array-delete
                if (v1 === undefined)
                    delete val[i];
                else if (v1 !== v0)
                    val[i] = v1;
            }
        }
        else if (val instanceof Map) {
            for (const k of Array.from(val.keys())) {
                const v0 = val.get(k);
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    val.delete(k);
                else if (v1 !== v0)
                    val.set(k, v1);
            }
        }
        else if (val instanceof Set) {
            for (const v0 of Array.from(val)) {
                const v1 = applyReviver(reviver, val, v0, v0);
                if (v1 === undefined)
                    val.delete(v0);
                else if (v1 !== v0) {
                    val.delete(v0);
                    val.add(v1);
                }
            }
        }
        else {
            for (const [k, v0] of Object.entries(val)) {
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    delete val[k];
                else if (v1 !== v0)
                    val[k] = v1;
            }
        }
    }
    return reviver.call(obj, key, val);
}

exports.applyReviver = applyReviver;


/***/ }),

/***/ 2404:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

const defaultTagPrefix = 'tag:yaml.org,2002:';
function findTagObject(value, tagName, tags) {
    if (tagName) {
        const match = tags.filter(t => t.tag === tagName);
        const tagObj = match.find(t => !t.format) ?? match[0];
        if (!tagObj)
            throw new Error(`Tag ${tagName} not found`);
        return tagObj;
    }
    return tags.find(t => t.identify?.(value) && !t.format);
}
function createNode(value, tagName, ctx) {
    if (identity.isDocument(value))
        value = value.contents;
    if (identity.isNode(value))
        return value;
    if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
    }
    if (value instanceof String ||
        value instanceof Number ||
        value instanceof Boolean ||
        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
    ) {
        // https://tc39.es/ecma262/#sec-serializejsonproperty
        value = value.valueOf();
    }
    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
    // Detect duplicate references to the same object & use Alias nodes for all
    // after first. The `ref` wrapper allows for circular references to resolve.
    let ref = undefined;
    if (aliasDuplicateObjects && value && typeof value === 'object') {
        ref = sourceObjects.get(value);
        if (ref) {
            ref.anchor ?? (ref.anchor = onAnchor(value));
            return new Alias.Alias(ref.anchor);
        }
        else {
            ref = { anchor: null, node: null };
            sourceObjects.set(value, ref);
        }
    }
    if (tagName?.startsWith('!!'))
        tagName = defaultTagPrefix + tagName.slice(2);
    let tagObj = findTagObject(value, tagName, schema.tags);
    if (!tagObj) {
        if (value && typeof value.toJSON === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
            value = value.toJSON();
        }
        if (!value || typeof value !== 'object') {
            const node = new Scalar.Scalar(value);
            if (ref)
                ref.node = node;
            return node;
        }
        tagObj =
            value instanceof Map
                ? schema[identity.MAP]
                : Symbol.iterator in Object(value)
                    ? schema[identity.SEQ]
                    : schema[identity.MAP];
    }
    if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
    }
    const node = tagObj?.createNode
        ? tagObj.createNode(ctx.schema, value, ctx)
        : typeof tagObj?.nodeClass?.from === 'function'
            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
            : new Scalar.Scalar(value);
    if (tagName)
        node.tag = tagName;
    else if (!tagObj.default)
        node.tag = tagObj.tag;
    if (ref)
        ref.node = node;
    return node;
}

exports.createNode = createNode;


/***/ }),

/***/ 1342:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

const escapeChars = {
    '!': '%21',
    ',': '%2C',
    '[': '%5B',
    ']': '%5D',
    '{': '%7B',
    '}': '%7D'
};
const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
class Directives {
    constructor(yaml, tags) {
        /**
         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
         * included in the document's stringified representation.
         */
        this.docStart = null;
        /** The doc-end marker `...`.  */
        this.docEnd = false;
        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, Directives.defaultTags, tags);
    }
    clone() {
        const copy = new Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
    }
    /**
     * During parsing, get a Directives instance for the current document and
     * update the stream state according to the current version's spec.
     */
    atDocument() {
        const res = new Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
            case '1.1':
                this.atNextDocument = true;
                break;
            case '1.2':
                this.atNextDocument = false;
                this.yaml = {
                    explicit: Directives.defaultYaml.explicit,
                    version: '1.2'
                };
                this.tags = Object.assign({}, Directives.defaultTags);
                break;
        }
        return res;
    }
    /**
     * @param onError - May be called even if the action was successful
     * @returns `true` on success
     */
    add(line, onError) {
        if (this.atNextDocument) {
            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
            this.tags = Object.assign({}, Directives.defaultTags);
            this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
            case '%TAG': {
                if (parts.length !== 2) {
                    onError(0, '%TAG directive should contain exactly two parts');
                    if (parts.length < 2)
                        return false;
                }
                const [handle, prefix] = parts;
                this.tags[handle] = prefix;
                return true;
            }
            case '%YAML': {
                this.yaml.explicit = true;
                if (parts.length !== 1) {
                    onError(0, '%YAML directive should contain exactly one part');
                    return false;
                }
                const [version] = parts;
                if (version === '1.1' || version === '1.2') {
                    this.yaml.version = version;
                    return true;
                }
                else {
                    const isValid = /^\d+\.\d+$/.test(version);
                    onError(6, `Unsupported YAML version ${version}`, isValid);
                    return false;
                }
            }
            default:
                onError(0, `Unknown directive ${name}`, true);
                return false;
        }
    }
    /**
     * Resolves a tag, matching handles to those defined in %TAG directives.
     *
     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
     *   `'!local'` tag, or `null` if unresolvable.
     */
    tagName(source, onError) {
        if (source === '!')
            return '!'; // non-specific tag
        if (source[0] !== '!') {
            onError(`Not a valid tag: ${source}`);
            return null;
        }
        if (source[1] === '<') {
            const verbatim = source.slice(2, -1);
            if (verbatim === '!' || verbatim === '!!') {
                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
                return null;
            }
            if (source[source.length - 1] !== '>')
                onError('Verbatim tags must end with a >');
            return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
            onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
            try {
                return prefix + decodeURIComponent(suffix);
            }
            catch (error) {
                onError(String(error));
                return null;
            }
        }
        if (handle === '!')
            return source; // local tag
        onError(`Could not resolve tag: ${source}`);
        return null;
    }
    /**
     * Given a fully resolved tag, returns its printable string form,
     * taking into account current tag prefixes and defaults.
     */
    tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
            if (tag.startsWith(prefix))
                return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === '!' ? tag : `!<${tag}>`;
    }
    toString(doc) {
        const lines = this.yaml.explicit
            ? [`%YAML ${this.yaml.version || '1.2'}`]
            : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
            const tags = {};
            visit.visit(doc.contents, (_key, node) => {
                if (identity.isNode(node) && node.tag)
                    tags[node.tag] = true;
            });
            tagNames = Object.keys(tags);
        }
        else
            tagNames = [];
        for (const [handle, prefix] of tagEntries) {
            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
                continue;
            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
                lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join('\n');
    }
}
Directives.defaultYaml = { explicit: false, version: '1.2' };
Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

exports.Directives = Directives;


/***/ }),

/***/ 1464:
/***/ ((__unused_webpack_module, exports) => {



class YAMLError extends Error {
    constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
    }
}
class YAMLParseError extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLParseError', pos, code, message);
    }
}
class YAMLWarning extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLWarning', pos, code, message);
    }
}
const prettifyError = (src, lc) => (error) => {
    if (error.pos[0] === -1)
        return;
    error.linePos = error.pos.map(pos => lc.linePos(pos));
    const { line, col } = error.linePos[0];
    error.message += ` at line ${line}, column ${col}`;
    let ci = col - 1;
    let lineStr = src
        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
        .replace(/[\n\r]+$/, '');
    // Trim to max 80 chars, keeping col position near the middle
    if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = '…' + lineStr.substring(trimStart);
        ci -= trimStart - 1;
    }
    if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + '…';
    // Include previous line in context if pointing at line start
    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        // Regexp won't match if start is trimmed
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
            prev = prev.substring(0, 79) + '…\n';
        lineStr = prev + lineStr;
    }
    if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
            count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = ' '.repeat(ci) + '^'.repeat(count);
        error.message += `:\n\n${lineStr}\n${pointer}\n`;
    }
};

exports.YAMLError = YAMLError;
exports.YAMLParseError = YAMLParseError;
exports.YAMLWarning = YAMLWarning;
exports.prettifyError = prettifyError;


/***/ }),

/***/ 8815:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var Schema = __nccwpck_require__(5840);
var errors = __nccwpck_require__(1464);
var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);
var publicApi = __nccwpck_require__(4047);
var visit = __nccwpck_require__(204);



__webpack_unused_export__ = composer.Composer;
__webpack_unused_export__ = Document.Document;
__webpack_unused_export__ = Schema.Schema;
__webpack_unused_export__ = errors.YAMLError;
__webpack_unused_export__ = errors.YAMLParseError;
__webpack_unused_export__ = errors.YAMLWarning;
__webpack_unused_export__ = Alias.Alias;
__webpack_unused_export__ = identity.isAlias;
__webpack_unused_export__ = identity.isCollection;
__webpack_unused_export__ = identity.isDocument;
exports.jh = identity.isMap;
exports.Ll = identity.isNode;
__webpack_unused_export__ = identity.isPair;
exports.jn = identity.isScalar;
exports.oP = identity.isSeq;
__webpack_unused_export__ = Pair.Pair;
exports.X5 = Scalar.Scalar;
__webpack_unused_export__ = YAMLMap.YAMLMap;
__webpack_unused_export__ = YAMLSeq.YAMLSeq;
__webpack_unused_export__ = cst;
__webpack_unused_export__ = lexer.Lexer;
exports.HN = lineCounter.LineCounter;
__webpack_unused_export__ = parser.Parser;
exports.qg = publicApi.parse;
__webpack_unused_export__ = publicApi.parseAllDocuments;
exports.Tp = publicApi.parseDocument;
__webpack_unused_export__ = publicApi.stringify;
exports.YR = visit.visit;
__webpack_unused_export__ = visit.visitAsync;


/***/ }),

/***/ 7249:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);

function debug(logLevel, ...messages) {
    if (logLevel === 'debug')
        console.log(...messages);
}
function warn(logLevel, warning) {
    if (logLevel === 'debug' || logLevel === 'warn') {
        if (typeof node_process.emitWarning === 'function')
            node_process.emitWarning(warning);
        else
            console.warn(warning);
    }
}

exports.debug = debug;
exports.warn = warn;


/***/ }),

/***/ 4065:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var visit = __nccwpck_require__(204);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

class Alias extends Node.NodeBase {
    constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, 'tag', {
            set() {
                throw new Error('Alias nodes cannot have tags');
            }
        });
    }
    /**
     * Resolve the value of this alias within `doc`, finding the last
     * instance of the `source` anchor before this node.
     */
    resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
            throw new ReferenceError('Alias resolution is disabled');
        let nodes;
        if (ctx?.aliasResolveCache) {
            nodes = ctx.aliasResolveCache;
        }
        else {
            nodes = [];
            visit.visit(doc, {
                Node: (_key, node) => {
                    if (identity.isAlias(node) || identity.hasAnchor(node))
                        nodes.push(node);
                }
            });
            if (ctx)
                ctx.aliasResolveCache = nodes;
        }
        let found = undefined;
        for (const node of nodes) {
            if (node === this)
                break;
            if (node.anchor === this.source)
                found = node;
        }
        if (found && ctx) {
            const { anchors, doc, maxAliasCount } = ctx;
            let data = anchors.get(found);
            if (!data) {
                // Resolve anchors for Node.prototype.toJS()
                toJS.toJS(found, null, ctx);
                data = anchors.get(found);
            }
            /* istanbul ignore if */
            if (data?.res === undefined) {
                const msg = 'This should not happen: Alias anchor was not resolved?';
                throw new ReferenceError(msg);
            }
            if (maxAliasCount >= 0) {
                data.count += 1;
                if (data.aliasCount === 0)
                    data.aliasCount = getAliasCount(doc, found, anchors);
                if (data.count * data.aliasCount > maxAliasCount) {
                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
                    throw new ReferenceError(msg);
                }
            }
        }
        return found;
    }
    toJSON(_arg, ctx) {
        if (!ctx)
            return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
    }
    toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
            anchors.anchorIsValid(this.source);
            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
                throw new Error(msg);
            }
            if (ctx.implicitKey)
                return `${src} `;
        }
        return src;
    }
}
function getAliasCount(doc, node, anchors) {
    if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors && source && anchors.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
    }
    else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
            const c = getAliasCount(doc, item, anchors);
            if (c > count)
                count = c;
        }
        return count;
    }
    else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors);
        const vc = getAliasCount(doc, node.value, anchors);
        return Math.max(kc, vc);
    }
    return 1;
}

exports.Alias = Alias;


/***/ }),

/***/ 101:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);

function collectionFromPath(schema, path, value) {
    let v = value;
    for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
            const a = [];
            a[k] = v;
            v = a;
        }
        else {
            v = new Map([[k, v]]);
        }
    }
    return createNode.createNode(v, undefined, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
            throw new Error('This should not happen, please report a bug.');
        },
        schema,
        sourceObjects: new Map()
    });
}
// Type guard is intentionally a little wrong so as to be more useful,
// as it does not cover untypable empty non-string iterables (e.g. []).
const isEmptyPath = (path) => path == null ||
    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
class Collection extends Node.NodeBase {
    constructor(type, schema) {
        super(type);
        Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });
    }
    /**
     * Create a copy of this collection.
     *
     * @param schema - If defined, overwrites the original's schema
     */
    clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
            copy.schema = schema;
        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /**
     * Adds a value to the collection. For `!!map` and `!!omap` the value must
     * be a Pair instance or a `{ key, value }` object, which may not have a key
     * that already exists in the map.
     */
    addIn(path, value) {
        if (isEmptyPath(path))
            this.add(value);
        else {
            const [key, ...rest] = path;
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.addIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
    /**
     * Removes a value from the collection.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
            return node.deleteIn(rest);
        else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
            return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
    }
    hasAllNullValues(allowScalar) {
        return this.items.every(node => {
            if (!identity.isPair(node))
                return false;
            const n = node.value;
            return (n == null ||
                (allowScalar &&
                    identity.isScalar(n) &&
                    n.value == null &&
                    !n.commentBefore &&
                    !n.comment &&
                    !n.tag));
        });
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     */
    hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
            this.set(key, value);
        }
        else {
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.setIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
}

exports.Collection = Collection;
exports.collectionFromPath = collectionFromPath;
exports.isEmptyPath = isEmptyPath;


/***/ }),

/***/ 6673:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var applyReviver = __nccwpck_require__(3661);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

class NodeBase {
    constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
    }
    /** Create a copy of this node.  */
    clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** A plain JavaScript representation of this node. */
    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
            throw new TypeError('A document argument is required');
        const ctx = {
            anchors: new Map(),
            doc,
            keep: true,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
}

exports.NodeBase = NodeBase;


/***/ }),

/***/ 7165:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyPair = __nccwpck_require__(9748);
var addPairToJSMap = __nccwpck_require__(7104);
var identity = __nccwpck_require__(1127);

function createPair(key, value, ctx) {
    const k = createNode.createNode(key, undefined, ctx);
    const v = createNode.createNode(value, undefined, ctx);
    return new Pair(k, v);
}
class Pair {
    constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
    }
    clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
            key = key.clone(schema);
        if (identity.isNode(value))
            value = value.clone(schema);
        return new Pair(key, value);
    }
    toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
    }
    toString(ctx, onComment, onChompKeep) {
        return ctx?.doc
            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
            : JSON.stringify(this);
    }
}

exports.Pair = Pair;
exports.createPair = createPair;


/***/ }),

/***/ 3301:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
class Scalar extends Node.NodeBase {
    constructor(value) {
        super(identity.SCALAR);
        this.value = value;
    }
    toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
    }
    toString() {
        return String(this.value);
    }
}
Scalar.BLOCK_FOLDED = 'BLOCK_FOLDED';
Scalar.BLOCK_LITERAL = 'BLOCK_LITERAL';
Scalar.PLAIN = 'PLAIN';
Scalar.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
Scalar.QUOTE_SINGLE = 'QUOTE_SINGLE';

exports.Scalar = Scalar;
exports.isScalarValue = isScalarValue;


/***/ }),

/***/ 4454:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyCollection = __nccwpck_require__(1212);
var addPairToJSMap = __nccwpck_require__(7104);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);

function findPair(items, key) {
    const k = identity.isScalar(key) ? key.value : key;
    for (const it of items) {
        if (identity.isPair(it)) {
            if (it.key === key || it.key === k)
                return it;
            if (identity.isScalar(it.key) && it.key.value === k)
                return it;
        }
    }
    return undefined;
}
class YAMLMap extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:map';
    }
    constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
    }
    /**
     * A generic collection parsing method that can be extended
     * to other node classes that inherit from YAMLMap
     */
    static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
            if (typeof replacer === 'function')
                value = replacer.call(obj, key, value);
            else if (Array.isArray(replacer) && !replacer.includes(key))
                return;
            if (value !== undefined || keepUndefined)
                map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
            for (const [key, value] of obj)
                add(key, value);
        }
        else if (obj && typeof obj === 'object') {
            for (const key of Object.keys(obj))
                add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === 'function') {
            map.items.sort(schema.sortMapEntries);
        }
        return map;
    }
    /**
     * Adds a value to the collection.
     *
     * @param overwrite - If not set `true`, using a key that is already in the
     *   collection will throw. Otherwise, overwrites the previous value.
     */
    add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
            _pair = pair;
        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
            // In TypeScript, this never happens.
            _pair = new Pair.Pair(pair, pair?.value);
        }
        else
            _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
            if (!overwrite)
                throw new Error(`Key ${_pair.key} already set`);
            // For scalars, keep the old node & its comments and anchors
            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
                prev.value.value = _pair.value;
            else
                prev.value = _pair.value;
        }
        else if (sortEntries) {
            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
            if (i === -1)
                this.items.push(_pair);
            else
                this.items.splice(i, 0, _pair);
        }
        else {
            this.items.push(_pair);
        }
    }
    delete(key) {
        const it = findPair(this.items, key);
        if (!it)
            return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
    }
    has(key) {
        return !!findPair(this.items, key);
    }
    set(key, value) {
        this.add(new Pair.Pair(key, value), true);
    }
    /**
     * @param ctx - Conversion context, originally set in Document#toJS()
     * @param {Class} Type - If set, forces the returned collection type
     * @returns Instance of Type, Map, or Object
     */
    toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const item of this.items)
            addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        for (const item of this.items) {
            if (!identity.isPair(item))
                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
            ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '',
            flowChars: { start: '{', end: '}' },
            itemIndent: ctx.indent || '',
            onChompKeep,
            onComment
        });
    }
}

exports.YAMLMap = YAMLMap;
exports.findPair = findPair;


/***/ }),

/***/ 2223:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyCollection = __nccwpck_require__(1212);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var toJS = __nccwpck_require__(4043);

class YAMLSeq extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:seq';
    }
    constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
    }
    add(value) {
        this.items.push(value);
    }
    /**
     * Removes a value from the collection.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     *
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return undefined;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     */
    has(key) {
        const idx = asItemIndex(key);
        return typeof idx === 'number' && idx < this.items.length;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     *
     * If `key` does not contain a representation of an integer, this will throw.
     * It may be wrapped in a `Scalar`.
     */
    set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
            prev.value = value;
        else
            this.items[idx] = value;
    }
    toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
            ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
            seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '- ',
            flowChars: { start: '[', end: ']' },
            itemIndent: (ctx.indent || '') + '  ',
            onChompKeep,
            onComment
        });
    }
    static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
            let i = 0;
            for (let it of obj) {
                if (typeof replacer === 'function') {
                    const key = obj instanceof Set ? it : String(i++);
                    it = replacer.call(obj, key, it);
                }
                seq.items.push(createNode.createNode(it, undefined, ctx));
            }
        }
        return seq;
    }
}
function asItemIndex(key) {
    let idx = identity.isScalar(key) ? key.value : key;
    if (idx && typeof idx === 'string')
        idx = Number(idx);
    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
        ? idx
        : null;
}

exports.YAMLSeq = YAMLSeq;


/***/ }),

/***/ 7104:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var log = __nccwpck_require__(7249);
var merge = __nccwpck_require__(452);
var stringify = __nccwpck_require__(2148);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

function addPairToJSMap(ctx, map, { key, value }) {
    if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
    // TODO: Should drop this special case for bare << handling
    else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
    else {
        const jsKey = toJS.toJS(key, '', ctx);
        if (map instanceof Map) {
            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        }
        else if (map instanceof Set) {
            map.add(jsKey);
        }
        else {
            const stringKey = stringifyKey(key, jsKey, ctx);
            const jsValue = toJS.toJS(value, stringKey, ctx);
            if (stringKey in map)
                Object.defineProperty(map, stringKey, {
                    value: jsValue,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            else
                map[stringKey] = jsValue;
        }
    }
    return map;
}
function stringifyKey(key, jsKey, ctx) {
    if (jsKey === null)
        return '';
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (typeof jsKey !== 'object')
        return String(jsKey);
    if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = new Set();
        for (const node of ctx.anchors.keys())
            strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
            let jsonStr = JSON.stringify(strKey);
            if (jsonStr.length > 40)
                jsonStr = jsonStr.substring(0, 36) + '..."';
            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
            ctx.mapKeyWarned = true;
        }
        return strKey;
    }
    return JSON.stringify(jsKey);
}

exports.addPairToJSMap = addPairToJSMap;


/***/ }),

/***/ 1127:
/***/ ((__unused_webpack_module, exports) => {



const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const NODE_TYPE = Symbol.for('yaml.node.type');
const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
function isCollection(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case MAP:
            case SEQ:
                return true;
        }
    return false;
}
function isNode(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case ALIAS:
            case MAP:
            case SCALAR:
            case SEQ:
                return true;
        }
    return false;
}
const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

exports.ALIAS = ALIAS;
exports.DOC = DOC;
exports.MAP = MAP;
exports.NODE_TYPE = NODE_TYPE;
exports.PAIR = PAIR;
exports.SCALAR = SCALAR;
exports.SEQ = SEQ;
exports.hasAnchor = hasAnchor;
exports.isAlias = isAlias;
exports.isCollection = isCollection;
exports.isDocument = isDocument;
exports.isMap = isMap;
exports.isNode = isNode;
exports.isPair = isPair;
exports.isScalar = isScalar;
exports.isSeq = isSeq;


/***/ }),

/***/ 4043:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

/**
 * Recursively convert any node or its contents to native JavaScript
 *
 * @param value - The input value
 * @param arg - If `value` defines a `toJSON()` method, use this
 *   as its first argument
 * @param ctx - Conversion context, originally set in Document#toJS(). If
 *   `{ keep: true }` is not set, output should be suitable for JSON
 *   stringification.
 */
function toJS(value, arg, ctx) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
    if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
    if (value && typeof value.toJSON === 'function') {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
        if (!ctx || !identity.hasAnchor(value))
            return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: undefined };
        ctx.anchors.set(value, data);
        ctx.onCreate = res => {
            data.res = res;
            delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
            ctx.onCreate(res);
        return res;
    }
    if (typeof value === 'bigint' && !ctx?.keep)
        return Number(value);
    return value;
}

exports.toJS = toJS;


/***/ }),

/***/ 110:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);
var errors = __nccwpck_require__(1464);
var stringifyString = __nccwpck_require__(3069);

function resolveAsScalar(token, strict = true, onError) {
    if (token) {
        const _onError = (pos, code, message) => {
            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
            if (onError)
                onError(offset, code, message);
            else
                throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
            case 'block-scalar':
                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
    }
    return null;
}
/**
 * Create a new scalar token with `value`
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.indent The indent level of the token.
 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
 * @param context.offset The offset position of the token.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function createScalarToken(value, context) {
    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    const end = context.end ?? [
        { type: 'newline', offset: -1, indent, source: '\n' }
    ];
    switch (source[0]) {
        case '|':
        case '>': {
            const he = source.indexOf('\n');
            const head = source.substring(0, he);
            const body = source.substring(he + 1) + '\n';
            const props = [
                { type: 'block-scalar-header', offset, indent, source: head }
            ];
            if (!addEndtoBlockProps(props, end))
                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
            return { type: 'block-scalar', offset, indent, props, source: body };
        }
        case '"':
            return { type: 'double-quoted-scalar', offset, indent, source, end };
        case "'":
            return { type: 'single-quoted-scalar', offset, indent, source, end };
        default:
            return { type: 'scalar', offset, indent, source, end };
    }
}
/**
 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
 *
 * Best efforts are made to retain any comments previously associated with the `token`,
 * though all contents within a collection's `items` will be overwritten.
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function setScalarValue(token, value, context = {}) {
    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
    let indent = 'indent' in token ? token.indent : null;
    if (afterKey && typeof indent === 'number')
        indent += 2;
    if (!type)
        switch (token.type) {
            case 'single-quoted-scalar':
                type = 'QUOTE_SINGLE';
                break;
            case 'double-quoted-scalar':
                type = 'QUOTE_DOUBLE';
                break;
            case 'block-scalar': {
                const header = token.props[0];
                if (header.type !== 'block-scalar-header')
                    throw new Error('Invalid block scalar header');
                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
                break;
            }
            default:
                type = 'PLAIN';
        }
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    switch (source[0]) {
        case '|':
        case '>':
            setBlockScalarValue(token, source);
            break;
        case '"':
            setFlowScalarValue(token, source, 'double-quoted-scalar');
            break;
        case "'":
            setFlowScalarValue(token, source, 'single-quoted-scalar');
            break;
        default:
            setFlowScalarValue(token, source, 'scalar');
    }
}
function setBlockScalarValue(token, source) {
    const he = source.indexOf('\n');
    const head = source.substring(0, he);
    const body = source.substring(he + 1) + '\n';
    if (token.type === 'block-scalar') {
        const header = token.props[0];
        if (header.type !== 'block-scalar-header')
            throw new Error('Invalid block scalar header');
        header.source = head;
        token.source = body;
    }
    else {
        const { offset } = token;
        const indent = 'indent' in token ? token.indent : -1;
        const props = [
            { type: 'block-scalar-header', offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
        for (const key of Object.keys(token))
            if (key !== 'type' && key !== 'offset')
                delete token[key];
        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
    }
}
/** @returns `true` if last token is a newline */
function addEndtoBlockProps(props, end) {
    if (end)
        for (const st of end)
            switch (st.type) {
                case 'space':
                case 'comment':
                    props.push(st);
                    break;
                case 'newline':
                    props.push(st);
                    return true;
            }
    return false;
}
function setFlowScalarValue(token, source, type) {
    switch (token.type) {
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            token.type = type;
            token.source = source;
            break;
        case 'block-scalar': {
            const end = token.props.slice(1);
            let oa = source.length;
            if (token.props[0].type === 'block-scalar-header')
                oa -= token.props[0].source.length;
            for (const tok of end)
                tok.offset += oa;
            delete token.props;
            Object.assign(token, { type, source, end });
            break;
        }
        case 'block-map':
        case 'block-seq': {
            const offset = token.offset + source.length;
            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
            delete token.items;
            Object.assign(token, { type, source, end: [nl] });
            break;
        }
        default: {
            const indent = 'indent' in token ? token.indent : -1;
            const end = 'end' in token && Array.isArray(token.end)
                ? token.end.filter(st => st.type === 'space' ||
                    st.type === 'comment' ||
                    st.type === 'newline')
                : [];
            for (const key of Object.keys(token))
                if (key !== 'type' && key !== 'offset')
                    delete token[key];
            Object.assign(token, { type, indent, source, end });
        }
    }
}

exports.createScalarToken = createScalarToken;
exports.resolveAsScalar = resolveAsScalar;
exports.setScalarValue = setScalarValue;


/***/ }),

/***/ 1733:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringify a CST document, token, or collection item
 *
 * Fair warning: This applies no validation whatsoever, and
 * simply concatenates the sources in their logical order.
 */
const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
function stringifyToken(token) {
    switch (token.type) {
        case 'block-scalar': {
            let res = '';
            for (const tok of token.props)
                res += stringifyToken(tok);
            return res + token.source;
        }
        case 'block-map':
        case 'block-seq': {
            let res = '';
            for (const item of token.items)
                res += stringifyItem(item);
            return res;
        }
        case 'flow-collection': {
            let res = token.start.source;
            for (const item of token.items)
                res += stringifyItem(item);
            for (const st of token.end)
                res += st.source;
            return res;
        }
        case 'document': {
            let res = stringifyItem(token);
            if (token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
        default: {
            let res = token.source;
            if ('end' in token && token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
    }
}
function stringifyItem({ start, key, sep, value }) {
    let res = '';
    for (const st of start)
        res += st.source;
    if (key)
        res += stringifyToken(key);
    if (sep)
        for (const st of sep)
            res += st.source;
    if (value)
        res += stringifyToken(value);
    return res;
}

exports.stringify = stringify;


/***/ }),

/***/ 7715:
/***/ ((__unused_webpack_module, exports) => {



const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove item');
/**
 * Apply a visitor to a CST document or item.
 *
 * Walks through the tree (depth-first) starting from the root, calling a
 * `visitor` function with two arguments when entering each item:
 *   - `item`: The current item, which included the following members:
 *     - `start: SourceToken[]` – Source tokens before the key or value,
 *       possibly including its anchor or tag.
 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
 *       the key before the `:` separator is empty.
 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
 *       which should include the `:` map value indicator if `value` is set.
 *     - `value?: Token` – The value of a sequence item, or of a map pair.
 *   - `path`: The steps from the root to the current node, as an array of
 *     `['key' | 'value', number]` tuples.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this token, continue with
 *      next sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
 *   - `number`: Set the index of the next step. This is useful especially if
 *     the index of the current token has changed.
 *   - `function`: Define the next visitor for this item. After the original
 *     visitor is called on item entry, next visitors are called after handling
 *     a non-empty `key` and when exiting the item.
 */
function visit(cst, visitor) {
    if ('type' in cst && cst.type === 'document')
        cst = { start: cst.start, value: cst.value };
    _visit(Object.freeze([]), cst, visitor);
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current item */
visit.SKIP = SKIP;
/** Remove the current item */
visit.REMOVE = REMOVE;
/** Find the item at `path` from `cst` as the root */
visit.itemAtPath = (cst, path) => {
    let item = cst;
    for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && 'items' in tok) {
            item = tok.items[index];
        }
        else
            return undefined;
    }
    return item;
};
/**
 * Get the immediate parent collection of the item at `path` from `cst` as the root.
 *
 * Throws an error if the collection is not found, which should never happen if the item itself exists.
 */
visit.parentCollection = (cst, path) => {
    const parent = visit.itemAtPath(cst, path.slice(0, -1));
    const field = path[path.length - 1][0];
    const coll = parent?.[field];
    if (coll && 'items' in coll)
        return coll;
    throw new Error('Parent collection not found');
};
function _visit(path, item, visitor) {
    let ctrl = visitor(item, path);
    if (typeof ctrl === 'symbol')
        return ctrl;
    for (const field of ['key', 'value']) {
        const token = item[field];
        if (token && 'items' in token) {
            for (let i = 0; i < token.items.length; ++i) {
                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    token.items.splice(i, 1);
                    i -= 1;
                }
            }
            if (typeof ctrl === 'function' && field === 'key')
                ctrl = ctrl(item, path);
        }
    }
    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
}

exports.visit = visit;


/***/ }),

/***/ 3461:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cstScalar = __nccwpck_require__(110);
var cstStringify = __nccwpck_require__(1733);
var cstVisit = __nccwpck_require__(7715);

/** The byte order mark */
const BOM = '\u{FEFF}';
/** Start of doc-mode */
const DOCUMENT = '\x02'; // C0: Start of Text
/** Unexpected end of flow-mode */
const FLOW_END = '\x18'; // C0: Cancel
/** Next token is a scalar value */
const SCALAR = '\x1f'; // C0: Unit Separator
/** @returns `true` if `token` is a flow or block collection */
const isCollection = (token) => !!token && 'items' in token;
/** @returns `true` if `token` is a flow or block scalar; not an alias */
const isScalar = (token) => !!token &&
    (token.type === 'scalar' ||
        token.type === 'single-quoted-scalar' ||
        token.type === 'double-quoted-scalar' ||
        token.type === 'block-scalar');
/* istanbul ignore next */
/** Get a printable representation of a lexer token */
function prettyToken(token) {
    switch (token) {
        case BOM:
            return '<BOM>';
        case DOCUMENT:
            return '<DOC>';
        case FLOW_END:
            return '<FLOW_END>';
        case SCALAR:
            return '<SCALAR>';
        default:
            return JSON.stringify(token);
    }
}
/** Identify the type of a lexer token. May return `null` for unknown tokens. */
function tokenType(source) {
    switch (source) {
        case BOM:
            return 'byte-order-mark';
        case DOCUMENT:
            return 'doc-mode';
        case FLOW_END:
            return 'flow-error-end';
        case SCALAR:
            return 'scalar';
        case '---':
            return 'doc-start';
        case '...':
            return 'doc-end';
        case '':
        case '\n':
        case '\r\n':
            return 'newline';
        case '-':
            return 'seq-item-ind';
        case '?':
            return 'explicit-key-ind';
        case ':':
            return 'map-value-ind';
        case '{':
            return 'flow-map-start';
        case '}':
            return 'flow-map-end';
        case '[':
            return 'flow-seq-start';
        case ']':
            return 'flow-seq-end';
        case ',':
            return 'comma';
    }
    switch (source[0]) {
        case ' ':
        case '\t':
            return 'space';
        case '#':
            return 'comment';
        case '%':
            return 'directive-line';
        case '*':
            return 'alias';
        case '&':
            return 'anchor';
        case '!':
            return 'tag';
        case "'":
            return 'single-quoted-scalar';
        case '"':
            return 'double-quoted-scalar';
        case '|':
        case '>':
            return 'block-scalar-header';
    }
    return null;
}

exports.createScalarToken = cstScalar.createScalarToken;
exports.resolveAsScalar = cstScalar.resolveAsScalar;
exports.setScalarValue = cstScalar.setScalarValue;
exports.stringify = cstStringify.stringify;
exports.visit = cstVisit.visit;
exports.BOM = BOM;
exports.DOCUMENT = DOCUMENT;
exports.FLOW_END = FLOW_END;
exports.SCALAR = SCALAR;
exports.isCollection = isCollection;
exports.isScalar = isScalar;
exports.prettyToken = prettyToken;
exports.tokenType = tokenType;


/***/ }),

/***/ 361:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cst = __nccwpck_require__(3461);

/*
START -> stream

stream
  directive -> line-end -> stream
  indent + line-end -> stream
  [else] -> line-start

line-end
  comment -> line-end
  newline -> .
  input-end -> END

line-start
  doc-start -> doc
  doc-end -> stream
  [else] -> indent -> block-start

block-start
  seq-item-start -> block-start
  explicit-key-start -> block-start
  map-value-start -> block-start
  [else] -> doc

doc
  line-end -> line-start
  spaces -> doc
  anchor -> doc
  tag -> doc
  flow-start -> flow -> doc
  flow-end -> error -> doc
  seq-item-start -> error -> doc
  explicit-key-start -> error -> doc
  map-value-start -> doc
  alias -> doc
  quote-start -> quoted-scalar -> doc
  block-scalar-header -> line-end -> block-scalar(min) -> line-start
  [else] -> plain-scalar(false, min) -> doc

flow
  line-end -> flow
  spaces -> flow
  anchor -> flow
  tag -> flow
  flow-start -> flow -> flow
  flow-end -> .
  seq-item-start -> error -> flow
  explicit-key-start -> flow
  map-value-start -> flow
  alias -> flow
  quote-start -> quoted-scalar -> flow
  comma -> flow
  [else] -> plain-scalar(true, 0) -> flow

quoted-scalar
  quote-end -> .
  [else] -> quoted-scalar

block-scalar(min)
  newline + peek(indent < min) -> .
  [else] -> block-scalar(min)

plain-scalar(is-flow, min)
  scalar-end(is-flow) -> .
  peek(newline + (indent < min)) -> .
  [else] -> plain-scalar(min)
*/
function isEmpty(ch) {
    switch (ch) {
        case undefined:
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            return true;
        default:
            return false;
    }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
/**
 * Splits an input string into lexical tokens, i.e. smaller strings that are
 * easily identifiable by `tokens.tokenType()`.
 *
 * Lexing starts always in a "stream" context. Incomplete input may be buffered
 * until a complete token can be emitted.
 *
 * In addition to slices of the original input, the following control characters
 * may also be emitted:
 *
 * - `\x02` (Start of Text): A document starts with the next token
 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
 * - `\x1f` (Unit Separator): Next token is a scalar value
 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
 */
class Lexer {
    constructor() {
        /**
         * Flag indicating whether the end of the current buffer marks the end of
         * all input
         */
        this.atEnd = false;
        /**
         * Explicit indent set in block scalar header, as an offset from the current
         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
         * explicitly set.
         */
        this.blockScalarIndent = -1;
        /**
         * Block scalars that include a + (keep) chomping indicator in their header
         * include trailing empty lines, which are otherwise excluded from the
         * scalar's contents.
         */
        this.blockScalarKeep = false;
        /** Current input */
        this.buffer = '';
        /**
         * Flag noting whether the map value indicator : can immediately follow this
         * node within a flow context.
         */
        this.flowKey = false;
        /** Count of surrounding flow collection levels. */
        this.flowLevel = 0;
        /**
         * Minimum level of indentation required for next lines to be parsed as a
         * part of the current scalar value.
         */
        this.indentNext = 0;
        /** Indentation level of the current line. */
        this.indentValue = 0;
        /** Position of the next \n character. */
        this.lineEndPos = null;
        /** Stores the state of the lexer if reaching the end of incpomplete input */
        this.next = null;
        /** A pointer to `buffer`; the current position of the lexer. */
        this.pos = 0;
    }
    /**
     * Generate YAML tokens from the `source` string. If `incomplete`,
     * a part of the last line may be left as a buffer for the next call.
     *
     * @returns A generator of lexical tokens
     */
    *lex(source, incomplete = false) {
        if (source) {
            if (typeof source !== 'string')
                throw TypeError('source is not a string');
            this.buffer = this.buffer ? this.buffer + source : source;
            this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? 'stream';
        while (next && (incomplete || this.hasChars(1)))
            next = yield* this.parseNext(next);
    }
    atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === ' ' || ch === '\t')
            ch = this.buffer[++i];
        if (!ch || ch === '#' || ch === '\n')
            return true;
        if (ch === '\r')
            return this.buffer[i + 1] === '\n';
        return false;
    }
    charAt(n) {
        return this.buffer[this.pos + n];
    }
    continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
            let indent = 0;
            while (ch === ' ')
                ch = this.buffer[++indent + offset];
            if (ch === '\r') {
                const next = this.buffer[indent + offset + 1];
                if (next === '\n' || (!next && !this.atEnd))
                    return offset + indent + 1;
            }
            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
                ? offset + indent
                : -1;
        }
        if (ch === '-' || ch === '.') {
            const dt = this.buffer.substr(offset, 3);
            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
                return -1;
        }
        return offset;
    }
    getLine() {
        let end = this.lineEndPos;
        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
            end = this.buffer.indexOf('\n', this.pos);
            this.lineEndPos = end;
        }
        if (end === -1)
            return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === '\r')
            end -= 1;
        return this.buffer.substring(this.pos, end);
    }
    hasChars(n) {
        return this.pos + n <= this.buffer.length;
    }
    setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
    }
    peek(n) {
        return this.buffer.substr(this.pos, n);
    }
    *parseNext(next) {
        switch (next) {
            case 'stream':
                return yield* this.parseStream();
            case 'line-start':
                return yield* this.parseLineStart();
            case 'block-start':
                return yield* this.parseBlockStart();
            case 'doc':
                return yield* this.parseDocument();
            case 'flow':
                return yield* this.parseFlowCollection();
            case 'quoted-scalar':
                return yield* this.parseQuotedScalar();
            case 'block-scalar':
                return yield* this.parseBlockScalar();
            case 'plain-scalar':
                return yield* this.parsePlainScalar();
        }
    }
    *parseStream() {
        let line = this.getLine();
        if (line === null)
            return this.setNext('stream');
        if (line[0] === cst.BOM) {
            yield* this.pushCount(1);
            line = line.substring(1);
        }
        if (line[0] === '%') {
            let dirEnd = line.length;
            let cs = line.indexOf('#');
            while (cs !== -1) {
                const ch = line[cs - 1];
                if (ch === ' ' || ch === '\t') {
                    dirEnd = cs - 1;
                    break;
                }
                else {
                    cs = line.indexOf('#', cs + 1);
                }
            }
            while (true) {
                const ch = line[dirEnd - 1];
                if (ch === ' ' || ch === '\t')
                    dirEnd -= 1;
                else
                    break;
            }
            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
            yield* this.pushCount(line.length - n); // possible comment
            this.pushNewline();
            return 'stream';
        }
        if (this.atLineEnd()) {
            const sp = yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - sp);
            yield* this.pushNewline();
            return 'stream';
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
    }
    *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
            return this.setNext('line-start');
        if (ch === '-' || ch === '.') {
            if (!this.atEnd && !this.hasChars(4))
                return this.setNext('line-start');
            const s = this.peek(3);
            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
                yield* this.pushCount(3);
                this.indentValue = 0;
                this.indentNext = 0;
                return s === '---' ? 'doc' : 'stream';
            }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
            this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
    }
    *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
            return this.setNext('block-start');
        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
            this.indentNext = this.indentValue + 1;
            this.indentValue += n;
            return 'block-start';
        }
        return 'doc';
    }
    *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
            return this.setNext('doc');
        let n = yield* this.pushIndicators();
        switch (line[n]) {
            case '#':
                yield* this.pushCount(line.length - n);
            // fallthrough
            case undefined:
                yield* this.pushNewline();
                return yield* this.parseLineStart();
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel = 1;
                return 'flow';
            case '}':
            case ']':
                // this is an error
                yield* this.pushCount(1);
                return 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'doc';
            case '"':
            case "'":
                return yield* this.parseQuotedScalar();
            case '|':
            case '>':
                n += yield* this.parseBlockScalarHeader();
                n += yield* this.pushSpaces(true);
                yield* this.pushCount(line.length - n);
                yield* this.pushNewline();
                return yield* this.parseBlockScalar();
            default:
                return yield* this.parsePlainScalar();
        }
    }
    *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
            nl = yield* this.pushNewline();
            if (nl > 0) {
                sp = yield* this.pushSpaces(false);
                this.indentValue = indent = sp;
            }
            else {
                sp = 0;
            }
            sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
            return this.setNext('flow');
        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
            (indent === 0 &&
                (line.startsWith('---') || line.startsWith('...')) &&
                isEmpty(line[3]))) {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            const atFlowEndMarker = indent === this.indentNext - 1 &&
                this.flowLevel === 1 &&
                (line[0] === ']' || line[0] === '}');
            if (!atFlowEndMarker) {
                // this is an error
                this.flowLevel = 0;
                yield cst.FLOW_END;
                return yield* this.parseLineStart();
            }
        }
        let n = 0;
        while (line[n] === ',') {
            n += yield* this.pushCount(1);
            n += yield* this.pushSpaces(true);
            this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
            case undefined:
                return 'flow';
            case '#':
                yield* this.pushCount(line.length - n);
                return 'flow';
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel += 1;
                return 'flow';
            case '}':
            case ']':
                yield* this.pushCount(1);
                this.flowKey = true;
                this.flowLevel -= 1;
                return this.flowLevel ? 'flow' : 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'flow';
            case '"':
            case "'":
                this.flowKey = true;
                return yield* this.parseQuotedScalar();
            case ':': {
                const next = this.charAt(1);
                if (this.flowKey || isEmpty(next) || next === ',') {
                    this.flowKey = false;
                    yield* this.pushCount(1);
                    yield* this.pushSpaces(true);
                    return 'flow';
                }
            }
            // fallthrough
            default:
                this.flowKey = false;
                return yield* this.parsePlainScalar();
        }
    }
    *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
            while (end !== -1 && this.buffer[end + 1] === "'")
                end = this.buffer.indexOf("'", end + 2);
        }
        else {
            // double-quote
            while (end !== -1) {
                let n = 0;
                while (this.buffer[end - 1 - n] === '\\')
                    n += 1;
                if (n % 2 === 0)
                    break;
                end = this.buffer.indexOf('"', end + 1);
            }
        }
        // Only looking for newlines within the quotes
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf('\n', this.pos);
        if (nl !== -1) {
            while (nl !== -1) {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = qb.indexOf('\n', cs);
            }
            if (nl !== -1) {
                // this is an error caused by an unexpected unindent
                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
            }
        }
        if (end === -1) {
            if (!this.atEnd)
                return this.setNext('quoted-scalar');
            end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? 'flow' : 'doc';
    }
    *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
            const ch = this.buffer[++i];
            if (ch === '+')
                this.blockScalarKeep = true;
            else if (ch > '0' && ch <= '9')
                this.blockScalarIndent = Number(ch) - 1;
            else if (ch !== '-')
                break;
        }
        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
    }
    *parseBlockScalar() {
        let nl = this.pos - 1; // may be -1 if this.pos === 0
        let indent = 0;
        let ch;
        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
            switch (ch) {
                case ' ':
                    indent += 1;
                    break;
                case '\n':
                    nl = i;
                    indent = 0;
                    break;
                case '\r': {
                    const next = this.buffer[i + 1];
                    if (!next && !this.atEnd)
                        return this.setNext('block-scalar');
                    if (next === '\n')
                        break;
                } // fallthrough
                default:
                    break loop;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('block-scalar');
        if (indent >= this.indentNext) {
            if (this.blockScalarIndent === -1)
                this.indentNext = indent;
            else {
                this.indentNext =
                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
            }
            do {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = this.buffer.indexOf('\n', cs);
            } while (nl !== -1);
            if (nl === -1) {
                if (!this.atEnd)
                    return this.setNext('block-scalar');
                nl = this.buffer.length;
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === ' ')
            ch = this.buffer[++i];
        if (ch === '\t') {
            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
                ch = this.buffer[++i];
            nl = i - 1;
        }
        else if (!this.blockScalarKeep) {
            do {
                let i = nl - 1;
                let ch = this.buffer[i];
                if (ch === '\r')
                    ch = this.buffer[--i];
                const lastChar = i; // Drop the line if last char not more indented
                while (ch === ' ')
                    ch = this.buffer[--i];
                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
                    nl = i;
                else
                    break;
            } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
    }
    *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while ((ch = this.buffer[++i])) {
            if (ch === ':') {
                const next = this.buffer[i + 1];
                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
                    break;
                end = i;
            }
            else if (isEmpty(ch)) {
                let next = this.buffer[i + 1];
                if (ch === '\r') {
                    if (next === '\n') {
                        i += 1;
                        ch = '\n';
                        next = this.buffer[i + 1];
                    }
                    else
                        end = i;
                }
                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
                    break;
                if (ch === '\n') {
                    const cs = this.continueScalar(i + 1);
                    if (cs === -1)
                        break;
                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
                }
            }
            else {
                if (inFlow && flowIndicatorChars.has(ch))
                    break;
                end = i;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('plain-scalar');
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? 'flow' : 'doc';
    }
    *pushCount(n) {
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos += n;
            return n;
        }
        return 0;
    }
    *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
            yield s;
            this.pos += s.length;
            return s.length;
        }
        else if (allowEmpty)
            yield '';
        return 0;
    }
    *pushIndicators() {
        let n = 0;
        loop: while (true) {
            switch (this.charAt(0)) {
                case '!':
                    n += yield* this.pushTag();
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '&':
                    n += yield* this.pushUntil(isNotAnchorChar);
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '-': // this is an error
                case '?': // this is an error outside flow collections
                case ':': {
                    const inFlow = this.flowLevel > 0;
                    const ch1 = this.charAt(1);
                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
                        if (!inFlow)
                            this.indentNext = this.indentValue + 1;
                        else if (this.flowKey)
                            this.flowKey = false;
                        n += yield* this.pushCount(1);
                        n += yield* this.pushSpaces(true);
                        continue loop;
                    }
                }
            }
            break loop;
        }
        return n;
    }
    *pushTag() {
        if (this.charAt(1) === '<') {
            let i = this.pos + 2;
            let ch = this.buffer[i];
            while (!isEmpty(ch) && ch !== '>')
                ch = this.buffer[++i];
            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
        }
        else {
            let i = this.pos + 1;
            let ch = this.buffer[i];
            while (ch) {
                if (tagChars.has(ch))
                    ch = this.buffer[++i];
                else if (ch === '%' &&
                    hexDigits.has(this.buffer[i + 1]) &&
                    hexDigits.has(this.buffer[i + 2])) {
                    ch = this.buffer[(i += 3)];
                }
                else
                    break;
            }
            return yield* this.pushToIndex(i, false);
        }
    }
    *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === '\n')
            return yield* this.pushCount(1);
        else if (ch === '\r' && this.charAt(1) === '\n')
            return yield* this.pushCount(2);
        else
            return 0;
    }
    *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
            ch = this.buffer[++i];
        } while (ch === ' ' || (allowTabs && ch === '\t'));
        const n = i - this.pos;
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos = i;
        }
        return n;
    }
    *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
            ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
    }
}

exports.Lexer = Lexer;


/***/ }),

/***/ 6628:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Tracks newlines during parsing in order to provide an efficient API for
 * determining the one-indexed `{ line, col }` position for any offset
 * within the input.
 */
class LineCounter {
    constructor() {
        this.lineStarts = [];
        /**
         * Should be called in ascending order. Otherwise, call
         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
         */
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        /**
         * Performs a binary search and returns the 1-indexed { line, col }
         * position of `offset`. If `line === 0`, `addNewLine` has never been
         * called or `offset` is before the first known newline.
         */
        this.linePos = (offset) => {
            let low = 0;
            let high = this.lineStarts.length;
            while (low < high) {
                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
                if (this.lineStarts[mid] < offset)
                    low = mid + 1;
                else
                    high = mid;
            }
            if (this.lineStarts[low] === offset)
                return { line: low + 1, col: 1 };
            if (low === 0)
                return { line: 0, col: offset };
            const start = this.lineStarts[low - 1];
            return { line: low, col: offset - start + 1 };
        };
    }
}

exports.LineCounter = LineCounter;


/***/ }),

/***/ 3456:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);

function includesToken(list, type) {
    for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
            return true;
    return false;
}
function findNonEmptyIndex(list) {
    for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
            case 'space':
            case 'comment':
            case 'newline':
                break;
            default:
                return i;
        }
    }
    return -1;
}
function isFlowToken(token) {
    switch (token?.type) {
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'flow-collection':
            return true;
        default:
            return false;
    }
}
function getPrevProps(parent) {
    switch (parent.type) {
        case 'document':
            return parent.start;
        case 'block-map': {
            const it = parent.items[parent.items.length - 1];
            return it.sep ?? it.start;
        }
        case 'block-seq':
            return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
            return [];
    }
}
/** Note: May modify input array */
function getFirstKeyStartProps(prev) {
    if (prev.length === 0)
        return [];
    let i = prev.length;
    loop: while (--i >= 0) {
        switch (prev[i].type) {
            case 'doc-start':
            case 'explicit-key-ind':
            case 'map-value-ind':
            case 'seq-item-ind':
            case 'newline':
                break loop;
        }
    }
    while (prev[++i]?.type === 'space') {
        /* loop */
    }
    return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
    // May exhaust call stack with large `source` array
    if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
    else
        for (let i = 0; i < source.length; ++i)
            target.push(source[i]);
}
function fixFlowSeqItems(fc) {
    if (fc.start.type === 'flow-seq-start') {
        for (const it of fc.items) {
            if (it.sep &&
                !it.value &&
                !includesToken(it.start, 'explicit-key-ind') &&
                !includesToken(it.sep, 'map-value-ind')) {
                if (it.key)
                    it.value = it.key;
                delete it.key;
                if (isFlowToken(it.value)) {
                    if (it.value.end)
                        arrayPushArray(it.value.end, it.sep);
                    else
                        it.value.end = it.sep;
                }
                else
                    arrayPushArray(it.start, it.sep);
                delete it.sep;
            }
        }
    }
}
/**
 * A YAML concrete syntax tree (CST) parser
 *
 * ```ts
 * const src: string = ...
 * for (const token of new Parser().parse(src)) {
 *   // token: Token
 * }
 * ```
 *
 * To use the parser with a user-provided lexer:
 *
 * ```ts
 * function* parse(source: string, lexer: Lexer) {
 *   const parser = new Parser()
 *   for (const lexeme of lexer.lex(source))
 *     yield* parser.next(lexeme)
 *   yield* parser.end()
 * }
 *
 * const src: string = ...
 * const lexer = new Lexer()
 * for (const token of parse(src, lexer)) {
 *   // token: Token
 * }
 * ```
 */
class Parser {
    /**
     * @param onNewLine - If defined, called separately with the start position of
     *   each new line (in `parse()`, including the start of input).
     */
    constructor(onNewLine) {
        /** If true, space and sequence indicators count as indentation */
        this.atNewLine = true;
        /** If true, next token is a scalar value */
        this.atScalar = false;
        /** Current indentation level */
        this.indent = 0;
        /** Current offset since the start of parsing */
        this.offset = 0;
        /** On the same line with a block map key */
        this.onKeyLine = false;
        /** Top indicates the node that's currently being built */
        this.stack = [];
        /** The source of the current token, set in parse() */
        this.source = '';
        /** The type of the current token, set in parse() */
        this.type = '';
        // Must be defined after `next()`
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
    }
    /**
     * Parse `source` as a YAML stream.
     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
     *
     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
     *
     * @returns A generator of tokens representing each directive, document, and other structure.
     */
    *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
            this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
            yield* this.next(lexeme);
        if (!incomplete)
            yield* this.end();
    }
    /**
     * Advance the parser by the `source` of one lexical token.
     */
    *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
            console.log('|', cst.prettyToken(source));
        if (this.atScalar) {
            this.atScalar = false;
            yield* this.step();
            this.offset += source.length;
            return;
        }
        const type = cst.tokenType(source);
        if (!type) {
            const message = `Not a YAML token: ${source}`;
            yield* this.pop({ type: 'error', offset: this.offset, message, source });
            this.offset += source.length;
        }
        else if (type === 'scalar') {
            this.atNewLine = false;
            this.atScalar = true;
            this.type = 'scalar';
        }
        else {
            this.type = type;
            yield* this.step();
            switch (type) {
                case 'newline':
                    this.atNewLine = true;
                    this.indent = 0;
                    if (this.onNewLine)
                        this.onNewLine(this.offset + source.length);
                    break;
                case 'space':
                    if (this.atNewLine && source[0] === ' ')
                        this.indent += source.length;
                    break;
                case 'explicit-key-ind':
                case 'map-value-ind':
                case 'seq-item-ind':
                    if (this.atNewLine)
                        this.indent += source.length;
                    break;
                case 'doc-mode':
                case 'flow-error-end':
                    return;
                default:
                    this.atNewLine = false;
            }
            this.offset += source.length;
        }
    }
    /** Call at end of input to push out any remaining constructions */
    *end() {
        while (this.stack.length > 0)
            yield* this.pop();
    }
    get sourceToken() {
        const st = {
            type: this.type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
        return st;
    }
    *step() {
        const top = this.peek(1);
        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
            while (this.stack.length > 0)
                yield* this.pop();
            this.stack.push({
                type: 'doc-end',
                offset: this.offset,
                source: this.source
            });
            return;
        }
        if (!top)
            return yield* this.stream();
        switch (top.type) {
            case 'document':
                return yield* this.document(top);
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return yield* this.scalar(top);
            case 'block-scalar':
                return yield* this.blockScalar(top);
            case 'block-map':
                return yield* this.blockMap(top);
            case 'block-seq':
                return yield* this.blockSequence(top);
            case 'flow-collection':
                return yield* this.flowCollection(top);
            case 'doc-end':
                return yield* this.documentEnd(top);
        }
        /* istanbul ignore next should not happen */
        yield* this.pop();
    }
    peek(n) {
        return this.stack[this.stack.length - n];
    }
    *pop(error) {
        const token = error ?? this.stack.pop();
        /* istanbul ignore if should not happen */
        if (!token) {
            const message = 'Tried to pop an empty stack';
            yield { type: 'error', offset: this.offset, source: '', message };
        }
        else if (this.stack.length === 0) {
            yield token;
        }
        else {
            const top = this.peek(1);
            if (token.type === 'block-scalar') {
                // Block scalars use their parent rather than header indent
                token.indent = 'indent' in top ? top.indent : 0;
            }
            else if (token.type === 'flow-collection' && top.type === 'document') {
                // Ignore all indent for top-level flow collections
                token.indent = 0;
            }
            if (token.type === 'flow-collection')
                fixFlowSeqItems(token);
            switch (top.type) {
                case 'document':
                    top.value = token;
                    break;
                case 'block-scalar':
                    top.props.push(token); // error
                    break;
                case 'block-map': {
                    const it = top.items[top.items.length - 1];
                    if (it.value) {
                        top.items.push({ start: [], key: token, sep: [] });
                        this.onKeyLine = true;
                        return;
                    }
                    else if (it.sep) {
                        it.value = token;
                    }
                    else {
                        Object.assign(it, { key: token, sep: [] });
                        this.onKeyLine = !it.explicitKey;
                        return;
                    }
                    break;
                }
                case 'block-seq': {
                    const it = top.items[top.items.length - 1];
                    if (it.value)
                        top.items.push({ start: [], value: token });
                    else
                        it.value = token;
                    break;
                }
                case 'flow-collection': {
                    const it = top.items[top.items.length - 1];
                    if (!it || it.value)
                        top.items.push({ start: [], key: token, sep: [] });
                    else if (it.sep)
                        it.value = token;
                    else
                        Object.assign(it, { key: token, sep: [] });
                    return;
                }
                /* istanbul ignore next should not happen */
                default:
                    yield* this.pop();
                    yield* this.pop(token);
            }
            if ((top.type === 'document' ||
                top.type === 'block-map' ||
                top.type === 'block-seq') &&
                (token.type === 'block-map' || token.type === 'block-seq')) {
                const last = token.items[token.items.length - 1];
                if (last &&
                    !last.sep &&
                    !last.value &&
                    last.start.length > 0 &&
                    findNonEmptyIndex(last.start) === -1 &&
                    (token.indent === 0 ||
                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
                    if (top.type === 'document')
                        top.end = last.start;
                    else
                        top.items.push({ start: last.start });
                    token.items.splice(-1, 1);
                }
            }
        }
    }
    *stream() {
        switch (this.type) {
            case 'directive-line':
                yield { type: 'directive', offset: this.offset, source: this.source };
                return;
            case 'byte-order-mark':
            case 'space':
            case 'comment':
            case 'newline':
                yield this.sourceToken;
                return;
            case 'doc-mode':
            case 'doc-start': {
                const doc = {
                    type: 'document',
                    offset: this.offset,
                    start: []
                };
                if (this.type === 'doc-start')
                    doc.start.push(this.sourceToken);
                this.stack.push(doc);
                return;
            }
        }
        yield {
            type: 'error',
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML stream`,
            source: this.source
        };
    }
    *document(doc) {
        if (doc.value)
            return yield* this.lineEnd(doc);
        switch (this.type) {
            case 'doc-start': {
                if (findNonEmptyIndex(doc.start) !== -1) {
                    yield* this.pop();
                    yield* this.step();
                }
                else
                    doc.start.push(this.sourceToken);
                return;
            }
            case 'anchor':
            case 'tag':
            case 'space':
            case 'comment':
            case 'newline':
                doc.start.push(this.sourceToken);
                return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
            this.stack.push(bv);
        else {
            yield {
                type: 'error',
                offset: this.offset,
                message: `Unexpected ${this.type} token in YAML document`,
                source: this.source
            };
        }
    }
    *scalar(scalar) {
        if (this.type === 'map-value-ind') {
            const prev = getPrevProps(this.peek(2));
            const start = getFirstKeyStartProps(prev);
            let sep;
            if (scalar.end) {
                sep = scalar.end;
                sep.push(this.sourceToken);
                delete scalar.end;
            }
            else
                sep = [this.sourceToken];
            const map = {
                type: 'block-map',
                offset: scalar.offset,
                indent: scalar.indent,
                items: [{ start, key: scalar, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
        }
        else
            yield* this.lineEnd(scalar);
    }
    *blockScalar(scalar) {
        switch (this.type) {
            case 'space':
            case 'comment':
            case 'newline':
                scalar.props.push(this.sourceToken);
                return;
            case 'scalar':
                scalar.source = this.source;
                // block-scalar source includes trailing newline
                this.atNewLine = true;
                this.indent = 0;
                if (this.onNewLine) {
                    let nl = this.source.indexOf('\n') + 1;
                    while (nl !== 0) {
                        this.onNewLine(this.offset + nl);
                        nl = this.source.indexOf('\n', nl) + 1;
                    }
                }
                yield* this.pop();
                break;
            /* istanbul ignore next should not happen */
            default:
                yield* this.pop();
                yield* this.step();
        }
    }
    *blockMap(map) {
        const it = map.items[map.items.length - 1];
        // it.sep is true-ish if pair already has key or : separator
        switch (this.type) {
            case 'newline':
                this.onKeyLine = false;
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    it.start.push(this.sourceToken);
                }
                return;
            case 'space':
            case 'comment':
                if (it.value) {
                    map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    if (this.atIndentedComment(it.start, map.indent)) {
                        const prev = map.items[map.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            map.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
        }
        if (this.indent >= map.indent) {
            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
            const atNextItem = atMapIndent &&
                (it.sep || it.explicitKey) &&
                this.type !== 'seq-item-ind';
            // For empty nodes, assign newline-separated not indented empty tokens to following node
            let start = [];
            if (atNextItem && it.sep && !it.value) {
                const nl = [];
                for (let i = 0; i < it.sep.length; ++i) {
                    const st = it.sep[i];
                    switch (st.type) {
                        case 'newline':
                            nl.push(i);
                            break;
                        case 'space':
                            break;
                        case 'comment':
                            if (st.indent > map.indent)
                                nl.length = 0;
                            break;
                        default:
                            nl.length = 0;
                    }
                }
                if (nl.length >= 2)
                    start = it.sep.splice(nl[1]);
            }
            switch (this.type) {
                case 'anchor':
                case 'tag':
                    if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        it.sep.push(this.sourceToken);
                    }
                    else {
                        it.start.push(this.sourceToken);
                    }
                    return;
                case 'explicit-key-ind':
                    if (!it.sep && !it.explicitKey) {
                        it.start.push(this.sourceToken);
                        it.explicitKey = true;
                    }
                    else if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start, explicitKey: true });
                    }
                    else {
                        this.stack.push({
                            type: 'block-map',
                            offset: this.offset,
                            indent: this.indent,
                            items: [{ start: [this.sourceToken], explicitKey: true }]
                        });
                    }
                    this.onKeyLine = true;
                    return;
                case 'map-value-ind':
                    if (it.explicitKey) {
                        if (!it.sep) {
                            if (includesToken(it.start, 'newline')) {
                                Object.assign(it, { key: null, sep: [this.sourceToken] });
                            }
                            else {
                                const start = getFirstKeyStartProps(it.start);
                                this.stack.push({
                                    type: 'block-map',
                                    offset: this.offset,
                                    indent: this.indent,
                                    items: [{ start, key: null, sep: [this.sourceToken] }]
                                });
                            }
                        }
                        else if (it.value) {
                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else if (isFlowToken(it.key) &&
                            !includesToken(it.sep, 'newline')) {
                            const start = getFirstKeyStartProps(it.start);
                            const key = it.key;
                            const sep = it.sep;
                            sep.push(this.sourceToken);
                            // @ts-expect-error type guard is wrong here
                            delete it.key;
                            // @ts-expect-error type guard is wrong here
                            delete it.sep;
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key, sep }]
                            });
                        }
                        else if (start.length > 0) {
                            // Not actually at next item
                            it.sep = it.sep.concat(start, this.sourceToken);
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    else {
                        if (!it.sep) {
                            Object.assign(it, { key: null, sep: [this.sourceToken] });
                        }
                        else if (it.value || atNextItem) {
                            map.items.push({ start, key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    this.onKeyLine = true;
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (atNextItem || it.value) {
                        map.items.push({ start, key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        this.stack.push(fs);
                    }
                    else {
                        Object.assign(it, { key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    return;
                }
                default: {
                    const bv = this.startBlockValue(map);
                    if (bv) {
                        if (bv.type === 'block-seq') {
                            if (!it.explicitKey &&
                                it.sep &&
                                !includesToken(it.sep, 'newline')) {
                                yield* this.pop({
                                    type: 'error',
                                    offset: this.offset,
                                    message: 'Unexpected block-seq-ind on same line with key',
                                    source: this.source
                                });
                                return;
                            }
                        }
                        else if (atMapIndent) {
                            map.items.push({ start });
                        }
                        this.stack.push(bv);
                        return;
                    }
                }
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
            case 'newline':
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        seq.items.push({ start: [this.sourceToken] });
                }
                else
                    it.start.push(this.sourceToken);
                return;
            case 'space':
            case 'comment':
                if (it.value)
                    seq.items.push({ start: [this.sourceToken] });
                else {
                    if (this.atIndentedComment(it.start, seq.indent)) {
                        const prev = seq.items[seq.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            seq.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
            case 'anchor':
            case 'tag':
                if (it.value || this.indent <= seq.indent)
                    break;
                it.start.push(this.sourceToken);
                return;
            case 'seq-item-ind':
                if (this.indent !== seq.indent)
                    break;
                if (it.value || includesToken(it.start, 'seq-item-ind'))
                    seq.items.push({ start: [this.sourceToken] });
                else
                    it.start.push(this.sourceToken);
                return;
        }
        if (this.indent > seq.indent) {
            const bv = this.startBlockValue(seq);
            if (bv) {
                this.stack.push(bv);
                return;
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === 'flow-error-end') {
            let top;
            do {
                yield* this.pop();
                top = this.peek(1);
            } while (top?.type === 'flow-collection');
        }
        else if (fc.end.length === 0) {
            switch (this.type) {
                case 'comma':
                case 'explicit-key-ind':
                    if (!it || it.sep)
                        fc.items.push({ start: [this.sourceToken] });
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'map-value-ind':
                    if (!it || it.value)
                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        Object.assign(it, { key: null, sep: [this.sourceToken] });
                    return;
                case 'space':
                case 'comment':
                case 'newline':
                case 'anchor':
                case 'tag':
                    if (!it || it.value)
                        fc.items.push({ start: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (!it || it.value)
                        fc.items.push({ start: [], key: fs, sep: [] });
                    else if (it.sep)
                        this.stack.push(fs);
                    else
                        Object.assign(it, { key: fs, sep: [] });
                    return;
                }
                case 'flow-map-end':
                case 'flow-seq-end':
                    fc.end.push(this.sourceToken);
                    return;
            }
            const bv = this.startBlockValue(fc);
            /* istanbul ignore else should not happen */
            if (bv)
                this.stack.push(bv);
            else {
                yield* this.pop();
                yield* this.step();
            }
        }
        else {
            const parent = this.peek(2);
            if (parent.type === 'block-map' &&
                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
                    (this.type === 'newline' &&
                        !parent.items[parent.items.length - 1].sep))) {
                yield* this.pop();
                yield* this.step();
            }
            else if (this.type === 'map-value-ind' &&
                parent.type !== 'flow-collection') {
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                fixFlowSeqItems(fc);
                const sep = fc.end.splice(1, fc.end.length);
                sep.push(this.sourceToken);
                const map = {
                    type: 'block-map',
                    offset: fc.offset,
                    indent: fc.indent,
                    items: [{ start, key: fc, sep }]
                };
                this.onKeyLine = true;
                this.stack[this.stack.length - 1] = map;
            }
            else {
                yield* this.lineEnd(fc);
            }
        }
    }
    flowScalar(type) {
        if (this.onNewLine) {
            let nl = this.source.indexOf('\n') + 1;
            while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf('\n', nl) + 1;
            }
        }
        return {
            type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
    }
    startBlockValue(parent) {
        switch (this.type) {
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return this.flowScalar(this.type);
            case 'block-scalar-header':
                return {
                    type: 'block-scalar',
                    offset: this.offset,
                    indent: this.indent,
                    props: [this.sourceToken],
                    source: ''
                };
            case 'flow-map-start':
            case 'flow-seq-start':
                return {
                    type: 'flow-collection',
                    offset: this.offset,
                    indent: this.indent,
                    start: this.sourceToken,
                    items: [],
                    end: []
                };
            case 'seq-item-ind':
                return {
                    type: 'block-seq',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [this.sourceToken] }]
                };
            case 'explicit-key-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                start.push(this.sourceToken);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, explicitKey: true }]
                };
            }
            case 'map-value-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                };
            }
        }
        return null;
    }
    atIndentedComment(start, indent) {
        if (this.type !== 'comment')
            return false;
        if (this.indent <= indent)
            return false;
        return start.every(st => st.type === 'newline' || st.type === 'space');
    }
    *documentEnd(docEnd) {
        if (this.type !== 'doc-mode') {
            if (docEnd.end)
                docEnd.end.push(this.sourceToken);
            else
                docEnd.end = [this.sourceToken];
            if (this.type === 'newline')
                yield* this.pop();
        }
    }
    *lineEnd(token) {
        switch (this.type) {
            case 'comma':
            case 'doc-start':
            case 'doc-end':
            case 'flow-seq-end':
            case 'flow-map-end':
            case 'map-value-ind':
                yield* this.pop();
                yield* this.step();
                break;
            case 'newline':
                this.onKeyLine = false;
            // fallthrough
            case 'space':
            case 'comment':
            default:
                // all other values are errors
                if (token.end)
                    token.end.push(this.sourceToken);
                else
                    token.end = [this.sourceToken];
                if (this.type === 'newline')
                    yield* this.pop();
        }
    }
}

exports.Parser = Parser;


/***/ }),

/***/ 4047:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var log = __nccwpck_require__(7249);
var identity = __nccwpck_require__(1127);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);

function parseOptions(options) {
    const prettyErrors = options.prettyErrors !== false;
    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
    return { lineCounter: lineCounter$1, prettyErrors };
}
/**
 * Parse the input as a stream of YAML documents.
 *
 * Documents should be separated from each other by `...` or `---` marker lines.
 *
 * @returns If an empty `docs` array is returned, it will be of type
 *   EmptyStream and contain additional stream information. In
 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
 */
function parseAllDocuments(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
    if (prettyErrors && lineCounter)
        for (const doc of docs) {
            doc.errors.forEach(errors.prettifyError(source, lineCounter));
            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
        }
    if (docs.length > 0)
        return docs;
    return Object.assign([], { empty: true }, composer$1.streamInfo());
}
/** Parse an input string into a single YAML.Document */
function parseDocument(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    // `doc` is always set by compose.end(true) at the very latest
    let doc = null;
    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
            doc = _doc;
        else if (doc.options.logLevel !== 'silent') {
            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
            break;
        }
    }
    if (prettyErrors && lineCounter) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
    }
    return doc;
}
function parse(src, reviver, options) {
    let _reviver = undefined;
    if (typeof reviver === 'function') {
        _reviver = reviver;
    }
    else if (options === undefined && reviver && typeof reviver === 'object') {
        options = reviver;
    }
    const doc = parseDocument(src, options);
    if (!doc)
        return null;
    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
    if (doc.errors.length > 0) {
        if (doc.options.logLevel !== 'silent')
            throw doc.errors[0];
        else
            doc.errors = [];
    }
    return doc.toJS(Object.assign({ reviver: _reviver }, options));
}
function stringify(value, replacer, options) {
    let _replacer = null;
    if (typeof replacer === 'function' || Array.isArray(replacer)) {
        _replacer = replacer;
    }
    else if (options === undefined && replacer) {
        options = replacer;
    }
    if (typeof options === 'string')
        options = options.length;
    if (typeof options === 'number') {
        const indent = Math.round(options);
        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
    }
    if (value === undefined) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
            return undefined;
    }
    if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
    return new Document.Document(value, _replacer, options).toString(options);
}

exports.parse = parse;
exports.parseAllDocuments = parseAllDocuments;
exports.parseDocument = parseDocument;
exports.stringify = stringify;


/***/ }),

/***/ 5840:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var tags = __nccwpck_require__(18);

const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
class Schema {
    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat)
            ? tags.getTags(compat, 'compat')
            : compat
                ? tags.getTags(null, compat)
                : null;
        this.name = (typeof schema === 'string' && schema) || 'core';
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        // Used by createMap()
        this.sortMapEntries =
            typeof sortMapEntries === 'function'
                ? sortMapEntries
                : sortMapEntries === true
                    ? sortMapEntriesByKey
                    : null;
    }
    clone() {
        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
    }
}

exports.Schema = Schema;


/***/ }),

/***/ 7451:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLMap = __nccwpck_require__(4454);

const map = {
    collection: 'map',
    default: true,
    nodeClass: YAMLMap.YAMLMap,
    tag: 'tag:yaml.org,2002:map',
    resolve(map, onError) {
        if (!identity.isMap(map))
            onError('Expected a mapping for this tag');
        return map;
    },
    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
};

exports.map = map;


/***/ }),

/***/ 3632:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const nullTag = {
    identify: value => value == null,
    createNode: () => new Scalar.Scalar(null),
    default: true,
    tag: 'tag:yaml.org,2002:null',
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => new Scalar.Scalar(null),
    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
        ? source
        : ctx.options.nullStr
};

exports.nullTag = nullTag;


/***/ }),

/***/ 1706:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLSeq = __nccwpck_require__(2223);

const seq = {
    collection: 'seq',
    default: true,
    nodeClass: YAMLSeq.YAMLSeq,
    tag: 'tag:yaml.org,2002:seq',
    resolve(seq, onError) {
        if (!identity.isSeq(seq))
            onError('Expected a sequence for this tag');
        return seq;
    },
    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
};

exports.seq = seq;


/***/ }),

/***/ 6464:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyString = __nccwpck_require__(3069);

const string = {
    identify: value => typeof value === 'string',
    default: true,
    tag: 'tag:yaml.org,2002:str',
    resolve: str => str,
    stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
    }
};

exports.string = string;


/***/ }),

/***/ 3959:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const boolTag = {
    identify: value => typeof value === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
    stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
            const sv = source[0] === 't' || source[0] === 'T';
            if (value === sv)
                return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
};

exports.boolTag = boolTag;


/***/ }),

/***/ 8405:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: str => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    resolve: str => parseFloat(str),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf('.');
        if (dot !== -1 && str[str.length - 1] === '0')
            node.minFractionDigits = str.length - dot - 1;
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 9874:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
    return stringifyNumber.stringifyNumber(node);
}
const intOct = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^0o[0-7]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
    stringify: node => intStringify(node, 8, '0o')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^0x[0-9a-fA-F]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 896:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.boolTag,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float
];

exports.schema = schema;


/***/ }),

/***/ 3559:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);

function intIdentify(value) {
    return typeof value === 'bigint' || Number.isInteger(value);
}
const stringifyJSON = ({ value }) => JSON.stringify(value);
const jsonScalars = [
    {
        identify: value => typeof value === 'string',
        default: true,
        tag: 'tag:yaml.org,2002:str',
        resolve: str => str,
        stringify: stringifyJSON
    },
    {
        identify: value => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: 'tag:yaml.org,2002:null',
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
    },
    {
        identify: value => typeof value === 'boolean',
        default: true,
        tag: 'tag:yaml.org,2002:bool',
        test: /^true$|^false$/,
        resolve: str => str === 'true',
        stringify: stringifyJSON
    },
    {
        identify: intIdentify,
        default: true,
        tag: 'tag:yaml.org,2002:int',
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
    },
    {
        identify: value => typeof value === 'number',
        default: true,
        tag: 'tag:yaml.org,2002:float',
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: str => parseFloat(str),
        stringify: stringifyJSON
    }
];
const jsonError = {
    default: true,
    tag: '',
    test: /^/,
    resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
    }
};
const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

exports.schema = schema;


/***/ }),

/***/ 18:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);
var schema = __nccwpck_require__(896);
var schema$1 = __nccwpck_require__(3559);
var binary = __nccwpck_require__(6083);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var schema$2 = __nccwpck_require__(5913);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schemas = new Map([
    ['core', schema.schema],
    ['failsafe', [map.map, seq.seq, string.string]],
    ['json', schema$1.schema],
    ['yaml11', schema$2.schema],
    ['yaml-1.1', schema$2.schema]
]);
const tagsByName = {
    binary: binary.binary,
    bool: bool.boolTag,
    float: float.float,
    floatExp: float.floatExp,
    floatNaN: float.floatNaN,
    floatTime: timestamp.floatTime,
    int: int.int,
    intHex: int.intHex,
    intOct: int.intOct,
    intTime: timestamp.intTime,
    map: map.map,
    merge: merge.merge,
    null: _null.nullTag,
    omap: omap.omap,
    pairs: pairs.pairs,
    seq: seq.seq,
    set: set.set,
    timestamp: timestamp.timestamp
};
const coreKnownTags = {
    'tag:yaml.org,2002:binary': binary.binary,
    'tag:yaml.org,2002:merge': merge.merge,
    'tag:yaml.org,2002:omap': omap.omap,
    'tag:yaml.org,2002:pairs': pairs.pairs,
    'tag:yaml.org,2002:set': set.set,
    'tag:yaml.org,2002:timestamp': timestamp.timestamp
};
function getTags(customTags, schemaName, addMergeTag) {
    const schemaTags = schemas.get(schemaName);
    if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge)
            ? schemaTags.concat(merge.merge)
            : schemaTags.slice();
    }
    let tags = schemaTags;
    if (!tags) {
        if (Array.isArray(customTags))
            tags = [];
        else {
            const keys = Array.from(schemas.keys())
                .filter(key => key !== 'yaml11')
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
    }
    if (Array.isArray(customTags)) {
        for (const tag of customTags)
            tags = tags.concat(tag);
    }
    else if (typeof customTags === 'function') {
        tags = customTags(tags.slice());
    }
    if (addMergeTag)
        tags = tags.concat(merge.merge);
    return tags.reduce((tags, tag) => {
        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
        if (!tagObj) {
            const tagName = JSON.stringify(tag);
            const keys = Object.keys(tagsByName)
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags.includes(tagObj))
            tags.push(tagObj);
        return tags;
    }, []);
}

exports.coreKnownTags = coreKnownTags;
exports.getTags = getTags;


/***/ }),

/***/ 6083:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_buffer = __nccwpck_require__(181);
var Scalar = __nccwpck_require__(3301);
var stringifyString = __nccwpck_require__(3069);

const binary = {
    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
    default: false,
    tag: 'tag:yaml.org,2002:binary',
    /**
     * Returns a Buffer in node and an Uint8Array in browsers
     *
     * To use the resulting buffer as an image, you'll want to do something like:
     *
     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
     */
    resolve(src, onError) {
        if (typeof node_buffer.Buffer === 'function') {
            return node_buffer.Buffer.from(src, 'base64');
        }
        else if (typeof atob === 'function') {
            // On IE 11, atob() can't handle newlines
            const str = atob(src.replace(/[\n\r]/g, ''));
            const buffer = new Uint8Array(str.length);
            for (let i = 0; i < str.length; ++i)
                buffer[i] = str.charCodeAt(i);
            return buffer;
        }
        else {
            onError('This environment does not support reading binary tags; either Buffer or atob is required');
            return src;
        }
    },
    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
            return '';
        const buf = value; // checked earlier by binary.identify()
        let str;
        if (typeof node_buffer.Buffer === 'function') {
            str =
                buf instanceof node_buffer.Buffer
                    ? buf.toString('base64')
                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
        }
        else if (typeof btoa === 'function') {
            let s = '';
            for (let i = 0; i < buf.length; ++i)
                s += String.fromCharCode(buf[i]);
            str = btoa(s);
        }
        else {
            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
            const n = Math.ceil(str.length / lineWidth);
            const lines = new Array(n);
            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
                lines[i] = str.substr(o, lineWidth);
            }
            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
    }
};

exports.binary = binary;


/***/ }),

/***/ 8398:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function boolStringify({ value, source }, ctx) {
    const boolObj = value ? trueTag : falseTag;
    if (source && boolObj.test.test(source))
        return source;
    return value ? ctx.options.trueStr : ctx.options.falseStr;
}
const trueTag = {
    identify: value => value === true,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    resolve: () => new Scalar.Scalar(true),
    stringify: boolStringify
};
const falseTag = {
    identify: value => value === false,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => new Scalar.Scalar(false),
    stringify: boolStringify
};

exports.falseTag = falseTag;
exports.trueTag = trueTag;


/***/ }),

/***/ 5782:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (str) => parseFloat(str.replace(/_/g, '')),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
        const dot = str.indexOf('.');
        if (dot !== -1) {
            const f = str.substring(dot + 1).replace(/_/g, '');
            if (f[f.length - 1] === '0')
                node.minFractionDigits = f.length;
        }
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 873:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
function intResolve(str, offset, radix, { intAsBigInt }) {
    const sign = str[0];
    if (sign === '-' || sign === '+')
        offset += 1;
    str = str.substring(offset).replace(/_/g, '');
    if (intAsBigInt) {
        switch (radix) {
            case 2:
                str = `0b${str}`;
                break;
            case 8:
                str = `0o${str}`;
                break;
            case 16:
                str = `0x${str}`;
                break;
        }
        const n = BigInt(str);
        return sign === '-' ? BigInt(-1) * n : n;
    }
    const n = parseInt(str, radix);
    return sign === '-' ? -1 * n : n;
}
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
    }
    return stringifyNumber.stringifyNumber(node);
}
const intBin = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'BIN',
    test: /^[-+]?0b[0-1_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
    stringify: node => intStringify(node, 2, '0b')
};
const intOct = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^[-+]?0[0-7_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
    stringify: node => intStringify(node, 8, '0')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9][0-9_]*$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^[-+]?0x[0-9a-fA-F_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intBin = intBin;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 452:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

// If the value associated with a merge key is a single mapping node, each of
// its key/value pairs is inserted into the current mapping, unless the key
// already exists in it. If the value associated with the merge key is a
// sequence, then this sequence is expected to contain mapping nodes and each
// of these nodes is merged in turn according to its order in the sequence.
// Keys in mapping nodes earlier in the sequence override keys specified in
// later mapping nodes. -- http://yaml.org/type/merge.html
const MERGE_KEY = '<<';
const merge = {
    identify: value => value === MERGE_KEY ||
        (typeof value === 'symbol' && value.description === MERGE_KEY),
    default: 'key',
    tag: 'tag:yaml.org,2002:merge',
    test: /^<<$/,
    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
    }),
    stringify: () => MERGE_KEY
};
const isMergeKey = (ctx, key) => (merge.identify(key) ||
    (identity.isScalar(key) &&
        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
        merge.identify(key.value))) &&
    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
function addMergeToJSMap(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (identity.isSeq(source))
        for (const it of source.items)
            mergeValue(ctx, map, it);
    else if (Array.isArray(source))
        for (const it of source)
            mergeValue(ctx, map, it);
    else
        mergeValue(ctx, map, source);
}
function mergeValue(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (!identity.isMap(source))
        throw new Error('Merge sources must be maps or map aliases');
    const srcMap = source.toJSON(null, ctx, Map);
    for (const [key, value] of srcMap) {
        if (map instanceof Map) {
            if (!map.has(key))
                map.set(key, value);
        }
        else if (map instanceof Set) {
            map.add(key);
        }
        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
            Object.defineProperty(map, key, {
                value,
                writable: true,
                enumerable: true,
                configurable: true
            });
        }
    }
    return map;
}
function resolveAliasValue(ctx, value) {
    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}

exports.addMergeToJSMap = addMergeToJSMap;
exports.isMergeKey = isMergeKey;
exports.merge = merge;


/***/ }),

/***/ 303:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var pairs = __nccwpck_require__(8385);

class YAMLOMap extends YAMLSeq.YAMLSeq {
    constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = YAMLOMap.tag;
    }
    /**
     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
     * but TypeScript won't allow widening the signature of a child method.
     */
    toJSON(_, ctx) {
        if (!ctx)
            return super.toJSON(_);
        const map = new Map();
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const pair of this.items) {
            let key, value;
            if (identity.isPair(pair)) {
                key = toJS.toJS(pair.key, '', ctx);
                value = toJS.toJS(pair.value, key, ctx);
            }
            else {
                key = toJS.toJS(pair, '', ctx);
            }
            if (map.has(key))
                throw new Error('Ordered maps must not include duplicate keys');
            map.set(key, value);
        }
        return map;
    }
    static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap = new this();
        omap.items = pairs$1.items;
        return omap;
    }
}
YAMLOMap.tag = 'tag:yaml.org,2002:omap';
const omap = {
    collection: 'seq',
    identify: value => value instanceof Map,
    nodeClass: YAMLOMap,
    default: false,
    tag: 'tag:yaml.org,2002:omap',
    resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
            if (identity.isScalar(key)) {
                if (seenKeys.includes(key.value)) {
                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
                }
                else {
                    seenKeys.push(key.value);
                }
            }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
    },
    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
};

exports.YAMLOMap = YAMLOMap;
exports.omap = omap;


/***/ }),

/***/ 8385:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLSeq = __nccwpck_require__(2223);

function resolvePairs(seq, onError) {
    if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
            let item = seq.items[i];
            if (identity.isPair(item))
                continue;
            else if (identity.isMap(item)) {
                if (item.items.length > 1)
                    onError('Each pair must have its own sequence indicator');
                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
                if (item.commentBefore)
                    pair.key.commentBefore = pair.key.commentBefore
                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
                        : item.commentBefore;
                if (item.comment) {
                    const cn = pair.value ?? pair.key;
                    cn.comment = cn.comment
                        ? `${item.comment}\n${cn.comment}`
                        : item.comment;
                }
                item = pair;
            }
            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
    }
    else
        onError('Expected a sequence for this tag');
    return seq;
}
function createPairs(schema, iterable, ctx) {
    const { replacer } = ctx;
    const pairs = new YAMLSeq.YAMLSeq(schema);
    pairs.tag = 'tag:yaml.org,2002:pairs';
    let i = 0;
    if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
            if (typeof replacer === 'function')
                it = replacer.call(iterable, String(i++), it);
            let key, value;
            if (Array.isArray(it)) {
                if (it.length === 2) {
                    key = it[0];
                    value = it[1];
                }
                else
                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
            }
            else if (it && it instanceof Object) {
                const keys = Object.keys(it);
                if (keys.length === 1) {
                    key = keys[0];
                    value = it[key];
                }
                else {
                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
                }
            }
            else {
                key = it;
            }
            pairs.items.push(Pair.createPair(key, value, ctx));
        }
    return pairs;
}
const pairs = {
    collection: 'seq',
    default: false,
    tag: 'tag:yaml.org,2002:pairs',
    resolve: resolvePairs,
    createNode: createPairs
};

exports.createPairs = createPairs;
exports.pairs = pairs;
exports.resolvePairs = resolvePairs;


/***/ }),

/***/ 5913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var binary = __nccwpck_require__(6083);
var bool = __nccwpck_require__(8398);
var float = __nccwpck_require__(5782);
var int = __nccwpck_require__(873);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.trueTag,
    bool.falseTag,
    int.intBin,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float,
    binary.binary,
    merge.merge,
    omap.omap,
    pairs.pairs,
    set.set,
    timestamp.intTime,
    timestamp.floatTime,
    timestamp.timestamp
];

exports.schema = schema;


/***/ }),

/***/ 1528:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);

class YAMLSet extends YAMLMap.YAMLMap {
    constructor(schema) {
        super(schema);
        this.tag = YAMLSet.tag;
    }
    add(key) {
        let pair;
        if (identity.isPair(key))
            pair = key;
        else if (key &&
            typeof key === 'object' &&
            'key' in key &&
            'value' in key &&
            key.value === null)
            pair = new Pair.Pair(key.key, null);
        else
            pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
            this.items.push(pair);
    }
    /**
     * If `keepPair` is `true`, returns the Pair matching `key`.
     * Otherwise, returns the value of that Pair's key.
     */
    get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair)
            ? identity.isScalar(pair.key)
                ? pair.key.value
                : pair.key
            : pair;
    }
    set(key, value) {
        if (typeof value !== 'boolean')
            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
            this.items.splice(this.items.indexOf(prev), 1);
        }
        else if (!prev && value) {
            this.items.push(new Pair.Pair(key));
        }
    }
    toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        if (this.hasAllNullValues(true))
            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
            throw new Error('Set items must all have null values');
    }
    static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
            for (let value of iterable) {
                if (typeof replacer === 'function')
                    value = replacer.call(iterable, value, value);
                set.items.push(Pair.createPair(value, null, ctx));
            }
        return set;
    }
}
YAMLSet.tag = 'tag:yaml.org,2002:set';
const set = {
    collection: 'map',
    identify: value => value instanceof Set,
    nodeClass: YAMLSet,
    default: false,
    tag: 'tag:yaml.org,2002:set',
    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
    resolve(map, onError) {
        if (identity.isMap(map)) {
            if (map.hasAllNullValues(true))
                return Object.assign(new YAMLSet(), map);
            else
                onError('Set items must all have null values');
        }
        else
            onError('Expected a mapping for this tag');
        return map;
    }
};

exports.YAMLSet = YAMLSet;
exports.set = set;


/***/ }),

/***/ 6752:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

/** Internal types handle bigint as number, because TS can't figure it out. */
function parseSexagesimal(str, asBigInt) {
    const sign = str[0];
    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
    const num = (n) => asBigInt ? BigInt(n) : Number(n);
    const res = parts
        .replace(/_/g, '')
        .split(':')
        .reduce((res, p) => res * num(60) + num(p), num(0));
    return (sign === '-' ? num(-1) * res : res);
}
/**
 * hhhh:mm:ss.sss
 *
 * Internal types handle bigint as number, because TS can't figure it out.
 */
function stringifySexagesimal(node) {
    let { value } = node;
    let num = (n) => n;
    if (typeof value === 'bigint')
        num = n => BigInt(n);
    else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
    let sign = '';
    if (value < 0) {
        sign = '-';
        value *= num(-1);
    }
    const _60 = num(60);
    const parts = [value % _60]; // seconds, including ms
    if (value < 60) {
        parts.unshift(0); // at least one : is required
    }
    else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60); // minutes
        if (value >= 60) {
            value = (value - parts[0]) / _60;
            parts.unshift(value); // hours
        }
    }
    return (sign +
        parts
            .map(n => String(n).padStart(2, '0'))
            .join(':')
            .replace(/000000\d*$/, '') // % 60 may introduce error
    );
}
const intTime = {
    identify: value => typeof value === 'bigint' || Number.isInteger(value),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
    stringify: stringifySexagesimal
};
const floatTime = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    resolve: str => parseSexagesimal(str, false),
    stringify: stringifySexagesimal
};
const timestamp = {
    identify: value => value instanceof Date,
    default: true,
    tag: 'tag:yaml.org,2002:timestamp',
    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
    // may be omitted altogether, resulting in a date format. In such a case, the time part is
    // assumed to be 00:00:00Z (start of day, UTC).
    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
        '(?:' + // time is optional
        '(?:t|T|[ \\t]+)' + // t | T | whitespace
        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
        ')?$'),
    resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== 'Z') {
            let d = parseSexagesimal(tz, false);
            if (Math.abs(d) < 30)
                d *= 60;
            date -= 60000 * d;
        }
        return new Date(date);
    },
    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
};

exports.floatTime = floatTime;
exports.intTime = intTime;
exports.timestamp = timestamp;


/***/ }),

/***/ 4475:
/***/ ((__unused_webpack_module, exports) => {



const FOLD_FLOW = 'flow';
const FOLD_BLOCK = 'block';
const FOLD_QUOTED = 'quoted';
/**
 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
 * terminated with `\n` and started with `indent`.
 */
function foldFlowLines(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
    if (!lineWidth || lineWidth < 0)
        return text;
    if (lineWidth < minContentWidth)
        minContentWidth = 0;
    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
    if (text.length <= endStep)
        return text;
    const folds = [];
    const escapedFolds = {};
    let end = lineWidth - indent.length;
    if (typeof indentAtStart === 'number') {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
            folds.push(0);
        else
            end = lineWidth - indentAtStart;
    }
    let split = undefined;
    let prev = undefined;
    let overflow = false;
    let i = -1;
    let escStart = -1;
    let escEnd = -1;
    if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
            end = i + endStep;
    }
    for (let ch; (ch = text[(i += 1)]);) {
        if (mode === FOLD_QUOTED && ch === '\\') {
            escStart = i;
            switch (text[i + 1]) {
                case 'x':
                    i += 3;
                    break;
                case 'u':
                    i += 5;
                    break;
                case 'U':
                    i += 9;
                    break;
                default:
                    i += 1;
            }
            escEnd = i;
        }
        if (ch === '\n') {
            if (mode === FOLD_BLOCK)
                i = consumeMoreIndentedLines(text, i, indent.length);
            end = i + indent.length + endStep;
            split = undefined;
        }
        else {
            if (ch === ' ' &&
                prev &&
                prev !== ' ' &&
                prev !== '\n' &&
                prev !== '\t') {
                // space surrounded by non-space can be replaced with newline + indent
                const next = text[i + 1];
                if (next && next !== ' ' && next !== '\n' && next !== '\t')
                    split = i;
            }
            if (i >= end) {
                if (split) {
                    folds.push(split);
                    end = split + endStep;
                    split = undefined;
                }
                else if (mode === FOLD_QUOTED) {
                    // white-space collected at end may stretch past lineWidth
                    while (prev === ' ' || prev === '\t') {
                        prev = ch;
                        ch = text[(i += 1)];
                        overflow = true;
                    }
                    // Account for newline escape, but don't break preceding escape
                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
                    if (escapedFolds[j])
                        return text;
                    folds.push(j);
                    escapedFolds[j] = true;
                    end = j + endStep;
                    split = undefined;
                }
                else {
                    overflow = true;
                }
            }
        }
        prev = ch;
    }
    if (overflow && onOverflow)
        onOverflow();
    if (folds.length === 0)
        return text;
    if (onFold)
        onFold();
    let res = text.slice(0, folds[0]);
    for (let i = 0; i < folds.length; ++i) {
        const fold = folds[i];
        const end = folds[i + 1] || text.length;
        if (fold === 0)
            res = `\n${indent}${text.slice(0, end)}`;
        else {
            if (mode === FOLD_QUOTED && escapedFolds[fold])
                res += `${text[fold]}\\`;
            res += `\n${indent}${text.slice(fold + 1, end)}`;
        }
    }
    return res;
}
/**
 * Presumes `i + 1` is at the start of a line
 * @returns index of last newline in more-indented block
 */
function consumeMoreIndentedLines(text, i, indent) {
    let end = i;
    let start = i + 1;
    let ch = text[start];
    while (ch === ' ' || ch === '\t') {
        if (i < start + indent) {
            ch = text[++i];
        }
        else {
            do {
                ch = text[++i];
            } while (ch && ch !== '\n');
            end = i;
            start = i + 1;
            ch = text[start];
        }
    }
    return end;
}

exports.FOLD_BLOCK = FOLD_BLOCK;
exports.FOLD_FLOW = FOLD_FLOW;
exports.FOLD_QUOTED = FOLD_QUOTED;
exports.foldFlowLines = foldFlowLines;


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var identity = __nccwpck_require__(1127);
var stringifyComment = __nccwpck_require__(9799);
var stringifyString = __nccwpck_require__(3069);

function createStringifyContext(doc, options) {
    const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: 'PLAIN',
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: 'false',
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: 'null',
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: 'true',
        verifyAliasOrder: true
    }, doc.schema.toStringOptions, options);
    let inFlow;
    switch (opt.collectionStyle) {
        case 'block':
            inFlow = false;
            break;
        case 'flow':
            inFlow = true;
            break;
        default:
            inFlow = null;
    }
    return {
        anchors: new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
        indent: '',
        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
        inFlow,
        options: opt
    };
}
function getTagObject(tags, item) {
    if (item.tag) {
        const match = tags.filter(t => t.tag === item.tag);
        if (match.length > 0)
            return match.find(t => t.format === item.format) ?? match[0];
    }
    let tagObj = undefined;
    let obj;
    if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter(t => t.identify?.(obj));
        if (match.length > 1) {
            const testMatch = match.filter(t => t.test);
            if (testMatch.length > 0)
                match = testMatch;
        }
        tagObj =
            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
    }
    else {
        obj = item;
        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
    }
    if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
    }
    return tagObj;
}
// needs to be called before value stringifier to allow for circular anchor refs
function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
    if (!doc.directives)
        return '';
    const props = [];
    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
    if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
    }
    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
    if (tag)
        props.push(doc.directives.tagString(tag));
    return props.join(' ');
}
function stringify(item, ctx, onComment, onChompKeep) {
    if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
    if (identity.isAlias(item)) {
        if (ctx.doc.directives)
            return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        }
        else {
            if (ctx.resolvedAliases)
                ctx.resolvedAliases.add(item);
            else
                ctx.resolvedAliases = new Set([item]);
            item = item.resolve(ctx.doc);
        }
    }
    let tagObj = undefined;
    const node = identity.isNode(item)
        ? item
        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
    const props = stringifyProps(node, tagObj, ctx);
    if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
    const str = typeof tagObj.stringify === 'function'
        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
        : identity.isScalar(node)
            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
            : node.toString(ctx, onComment, onChompKeep);
    if (!props)
        return str;
    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
        ? `${props} ${str}`
        : `${props}\n${ctx.indent}${str}`;
}

exports.createStringifyContext = createStringifyContext;
exports.stringify = stringify;


/***/ }),

/***/ 1212:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyCollection(collection, ctx, options) {
    const flow = ctx.inFlow ?? collection.flow;
    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
    return stringify(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
    const { indent, options: { commentString } } = ctx;
    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
    let chompKeep = false; // flag for the preceding node's status
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (!chompKeep && item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (!chompKeep && ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
            }
        }
        chompKeep = false;
        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        if (chompKeep && comment)
            chompKeep = false;
        lines.push(blockItemPrefix + str);
    }
    let str;
    if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
    }
    else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
            const line = lines[i];
            str += line ? `\n${indent}${line}` : '\n';
        }
    }
    if (comment) {
        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
            onComment();
    }
    else if (chompKeep && onChompKeep)
        onChompKeep();
    return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
    itemIndent += indentStep;
    const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
    });
    let reqNewline = false;
    let linesAtValue = 0;
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, false);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, false);
                if (ik.comment)
                    reqNewline = true;
            }
            const iv = identity.isNode(item.value) ? item.value : null;
            if (iv) {
                if (iv.comment)
                    comment = iv.comment;
                if (iv.commentBefore)
                    reqNewline = true;
            }
            else if (item.value == null && ik?.comment) {
                comment = ik.comment;
            }
        }
        if (comment)
            reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => (comment = null));
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
        if (i < items.length - 1) {
            str += ',';
        }
        else if (ctx.options.trailingComma) {
            if (ctx.options.lineWidth > 0) {
                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
                    (str.length + 2) >
                    ctx.options.lineWidth);
            }
            if (reqNewline) {
                str += ',';
            }
        }
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
    }
    const { start, end } = flowChars;
    if (lines.length === 0) {
        return start + end;
    }
    else {
        if (!reqNewline) {
            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
            let str = start;
            for (const line of lines)
                str += line ? `\n${indentStep}${indent}${line}` : '\n';
            return `${str}\n${indent}${end}`;
        }
        else {
            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
        }
    }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
    if (comment && chompKeep)
        comment = comment.replace(/^\n+/, '');
    if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart()); // Avoid double indent on first line
    }
}

exports.stringifyCollection = stringifyCollection;


/***/ }),

/***/ 9799:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringifies a comment.
 *
 * Empty comment lines are left empty,
 * lines consisting of a single space are replaced by `#`,
 * and all other lines are prefixed with a `#`.
 */
const stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
function indentComment(comment, indent) {
    if (/^\n+$/.test(comment))
        return comment.substring(1);
    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
const lineComment = (str, indent, comment) => str.endsWith('\n')
    ? indentComment(comment, indent)
    : comment.includes('\n')
        ? '\n' + indentComment(comment, indent)
        : (str.endsWith(' ') ? '' : ' ') + comment;

exports.indentComment = indentComment;
exports.lineComment = lineComment;
exports.stringifyComment = stringifyComment;


/***/ }),

/***/ 6829:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyDocument(doc, options) {
    const lines = [];
    let hasDirectives = options.directives === true;
    if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
            lines.push(dir);
            hasDirectives = true;
        }
        else if (doc.directives.docStart)
            hasDirectives = true;
    }
    if (hasDirectives)
        lines.push('---');
    const ctx = stringify.createStringifyContext(doc, options);
    const { commentString } = ctx.options;
    if (doc.commentBefore) {
        if (lines.length !== 1)
            lines.unshift('');
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ''));
    }
    let chompKeep = false;
    let contentComment = null;
    if (doc.contents) {
        if (identity.isNode(doc.contents)) {
            if (doc.contents.spaceBefore && hasDirectives)
                lines.push('');
            if (doc.contents.commentBefore) {
                const cs = commentString(doc.contents.commentBefore);
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            // top-level block scalars need to be indented if followed by a comment
            ctx.forceBlockIndent = !!doc.comment;
            contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
        if (contentComment)
            body += stringifyComment.lineComment(body, '', commentString(contentComment));
        if ((body[0] === '|' || body[0] === '>') &&
            lines[lines.length - 1] === '---') {
            // Top-level block scalars with a preceding doc marker ought to use the
            // same line for their header.
            lines[lines.length - 1] = `--- ${body}`;
        }
        else
            lines.push(body);
    }
    else {
        lines.push(stringify.stringify(doc.contents, ctx));
    }
    if (doc.directives?.docEnd) {
        if (doc.comment) {
            const cs = commentString(doc.comment);
            if (cs.includes('\n')) {
                lines.push('...');
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            else {
                lines.push(`... ${cs}`);
            }
        }
        else {
            lines.push('...');
        }
    }
    else {
        let dc = doc.comment;
        if (dc && chompKeep)
            dc = dc.replace(/^\n+/, '');
        if (dc) {
            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
                lines.push('');
            lines.push(stringifyComment.indentComment(commentString(dc), ''));
        }
    }
    return lines.join('\n') + '\n';
}

exports.stringifyDocument = stringifyDocument;


/***/ }),

/***/ 8689:
/***/ ((__unused_webpack_module, exports) => {



function stringifyNumber({ format, minFractionDigits, tag, value }) {
    if (typeof value === 'bigint')
        return String(value);
    const num = typeof value === 'number' ? value : Number(value);
    if (!isFinite(num))
        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (!format &&
        minFractionDigits &&
        (!tag || tag === 'tag:yaml.org,2002:float') &&
        /^-?\d/.test(n) &&
        !n.includes('e')) {
        let i = n.indexOf('.');
        if (i < 0) {
            i = n.length;
            n += '.';
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
            n += '0';
    }
    return n;
}

exports.stringifyNumber = stringifyNumber;


/***/ }),

/***/ 9748:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
    let keyComment = (identity.isNode(key) && key.comment) || null;
    if (simpleKeys) {
        if (keyComment) {
            throw new Error('With simple keys, key nodes cannot have comments');
        }
        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
            const msg = 'With simple keys, collection cannot be used as a key value';
            throw new Error(msg);
        }
    }
    let explicitKey = !simpleKeys &&
        (!key ||
            (keyComment && value == null && !ctx.inFlow) ||
            identity.isCollection(key) ||
            (identity.isScalar(key)
                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
                : typeof key === 'object'));
    ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
    });
    let keyCommentDone = false;
    let chompKeep = false;
    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
        explicitKey = true;
    }
    if (ctx.inFlow) {
        if (allNullValues || value == null) {
            if (keyCommentDone && onComment)
                onComment();
            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
        }
    }
    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        }
        else if (chompKeep && onChompKeep)
            onChompKeep();
        return str;
    }
    if (keyCommentDone)
        keyComment = null;
    if (explicitKey) {
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}\n${indent}:`;
    }
    else {
        str = `${str}:`;
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
    }
    let vsb, vcb, valueComment;
    if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
    }
    else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === 'object')
            value = doc.createNode(value);
    }
    ctx.implicitKey = false;
    if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
    chompKeep = false;
    if (!indentSeq &&
        indentStep.length >= 2 &&
        !ctx.inFlow &&
        !explicitKey &&
        identity.isSeq(value) &&
        !value.flow &&
        !value.tag &&
        !value.anchor) {
        // If indentSeq === false, consider '- ' as part of indentation where possible
        ctx.indent = ctx.indent.substring(2);
    }
    let valueCommentDone = false;
    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
    let ws = ' ';
    if (keyComment || vsb || vcb) {
        ws = vsb ? '\n' : '';
        if (vcb) {
            const cs = commentString(vcb);
            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === '' && !ctx.inFlow) {
            if (ws === '\n' && valueComment)
                ws = '\n\n';
        }
        else {
            ws += `\n${ctx.indent}`;
        }
    }
    else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf('\n');
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
            let hasPropsLine = false;
            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
                let sp0 = valueStr.indexOf(' ');
                if (vs0 === '&' &&
                    sp0 !== -1 &&
                    sp0 < nl0 &&
                    valueStr[sp0 + 1] === '!') {
                    sp0 = valueStr.indexOf(' ', sp0 + 1);
                }
                if (sp0 === -1 || nl0 < sp0)
                    hasPropsLine = true;
            }
            if (!hasPropsLine)
                ws = `\n${ctx.indent}`;
        }
    }
    else if (valueStr === '' || valueStr[0] === '\n') {
        ws = '';
    }
    str += ws + valueStr;
    if (ctx.inFlow) {
        if (valueCommentDone && onComment)
            onComment();
    }
    else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
    }
    else if (chompKeep && onChompKeep) {
        onChompKeep();
    }
    return str;
}

exports.stringifyPair = stringifyPair;


/***/ }),

/***/ 3069:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var foldFlowLines = __nccwpck_require__(4475);

const getFoldOptions = (ctx, isBlock) => ({
    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
    lineWidth: ctx.options.lineWidth,
    minContentWidth: ctx.options.minContentWidth
});
// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
// presume that's starting a new document.
const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
function lineLengthOverLimit(str, lineWidth, indentLength) {
    if (!lineWidth || lineWidth < 0)
        return false;
    const limit = lineWidth - indentLength;
    const strLen = str.length;
    if (strLen <= limit)
        return false;
    for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === '\n') {
            if (i - start > limit)
                return true;
            start = i + 1;
            if (strLen - start <= limit)
                return false;
        }
    }
    return true;
}
function doubleQuotedString(value, ctx) {
    const json = JSON.stringify(value);
    if (ctx.options.doubleQuotedAsJSON)
        return json;
    const { implicitKey } = ctx;
    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    let str = '';
    let start = 0;
    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
            // space before newline needs to be escaped to not be folded
            str += json.slice(start, i) + '\\ ';
            i += 1;
            start = i;
            ch = '\\';
        }
        if (ch === '\\')
            switch (json[i + 1]) {
                case 'u':
                    {
                        str += json.slice(start, i);
                        const code = json.substr(i + 2, 4);
                        switch (code) {
                            case '0000':
                                str += '\\0';
                                break;
                            case '0007':
                                str += '\\a';
                                break;
                            case '000b':
                                str += '\\v';
                                break;
                            case '001b':
                                str += '\\e';
                                break;
                            case '0085':
                                str += '\\N';
                                break;
                            case '00a0':
                                str += '\\_';
                                break;
                            case '2028':
                                str += '\\L';
                                break;
                            case '2029':
                                str += '\\P';
                                break;
                            default:
                                if (code.substr(0, 2) === '00')
                                    str += '\\x' + code.substr(2);
                                else
                                    str += json.substr(i, 6);
                        }
                        i += 5;
                        start = i + 1;
                    }
                    break;
                case 'n':
                    if (implicitKey ||
                        json[i + 2] === '"' ||
                        json.length < minMultiLineLength) {
                        i += 1;
                    }
                    else {
                        // folding will eat first newline
                        str += json.slice(start, i) + '\n\n';
                        while (json[i + 2] === '\\' &&
                            json[i + 3] === 'n' &&
                            json[i + 4] !== '"') {
                            str += '\n';
                            i += 2;
                        }
                        str += indent;
                        // space after newline needs to be escaped to not be folded
                        if (json[i + 2] === ' ')
                            str += '\\';
                        i += 1;
                        start = i + 1;
                    }
                    break;
                default:
                    i += 1;
            }
    }
    str = start ? str + json.slice(start) : json;
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
    if (ctx.options.singleQuote === false ||
        (ctx.implicitKey && value.includes('\n')) ||
        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
    )
        return doubleQuotedString(value, ctx);
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
    return ctx.implicitKey
        ? res
        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
    const { singleQuote } = ctx.options;
    let qs;
    if (singleQuote === false)
        qs = doubleQuotedString;
    else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
            qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
            qs = doubleQuotedString;
        else
            qs = singleQuote ? singleQuotedString : doubleQuotedString;
    }
    return qs(value, ctx);
}
// The negative lookbehind avoids a polynomial search,
// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
let blockEndNewlines;
try {
    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
}
catch {
    blockEndNewlines = /\n+(?!\n|$)/g;
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
    const { blockQuote, commentString, lineWidth } = ctx.options;
    // 1. Block can't end in whitespace unless the last line is non-empty.
    // 2. Strings consisting of only whitespace are best rendered explicitly.
    if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
    }
    const indent = ctx.indent ||
        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
    const literal = blockQuote === 'literal'
        ? true
        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
            ? false
            : type === Scalar.Scalar.BLOCK_LITERAL
                ? true
                : !lineLengthOverLimit(value, lineWidth, indent.length);
    if (!value)
        return literal ? '|\n' : '>\n';
    // determine chomping from whitespace at value end
    let chomp;
    let endStart;
    for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
            break;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    if (endNlPos === -1) {
        chomp = '-'; // strip
    }
    else if (value === end || endNlPos !== end.length - 1) {
        chomp = '+'; // keep
        if (onChompKeep)
            onChompKeep();
    }
    else {
        chomp = ''; // clip
    }
    if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === '\n')
            end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
    }
    // determine indent indicator from whitespace at value start
    let startWithSpace = false;
    let startEnd;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === ' ')
            startWithSpace = true;
        else if (ch === '\n')
            startNlPos = startEnd;
        else
            break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
    }
    const indentSize = indent ? '2' : '1'; // root is at -1
    // Leading | or > is added later
    let header = (startWithSpace ? indentSize : '') + chomp;
    if (comment) {
        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
        if (onComment)
            onComment();
    }
    if (!literal) {
        const foldedValue = value
            .replace(/\n+/g, '\n$&')
            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
            .replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
            foldOptions.onOverflow = () => {
                literalFallback = true;
            };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
            return `>${header}\n${indent}${body}`;
    }
    value = value.replace(/\n+/g, `$&${indent}`);
    return `|${header}\n${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
    const { type, value } = item;
    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
    if ((implicitKey && value.includes('\n')) ||
        (inFlow && /[[\]{},]/.test(value))) {
        return quotedString(value, ctx);
    }
    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        // not allowed:
        // - '-' or '?'
        // - start with an indicator character (except [?:-]) or /[?-] /
        // - '\n ', ': ' or ' \n' anywhere
        // - '#' not preceded by a non-space char
        // - end with ' ' or ':'
        return implicitKey || inFlow || !value.includes('\n')
            ? quotedString(value, ctx)
            : blockString(item, ctx, onComment, onChompKeep);
    }
    if (!implicitKey &&
        !inFlow &&
        type !== Scalar.Scalar.PLAIN &&
        value.includes('\n')) {
        // Where allowed & type not set explicitly, prefer block style for multiline strings
        return blockString(item, ctx, onComment, onChompKeep);
    }
    if (containsDocumentMarker(value)) {
        if (indent === '') {
            ctx.forceBlockIndent = true;
            return blockString(item, ctx, onComment, onChompKeep);
        }
        else if (implicitKey && indent === indentStep) {
            return quotedString(value, ctx);
        }
    }
    const str = value.replace(/\n+/g, `$&\n${indent}`);
    // Verify that output will be parsed as a string, as e.g. plain numbers and
    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
    // and others in v1.1.
    if (actualString) {
        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
            return quotedString(value, ctx);
    }
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
    const { implicitKey, inFlow } = ctx;
    const ss = typeof item.value === 'string'
        ? item
        : Object.assign({}, item, { value: String(item.value) });
    let { type } = item;
    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        // force double quotes on control characters & unpaired surrogates
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
            type = Scalar.Scalar.QUOTE_DOUBLE;
    }
    const _stringify = (_type) => {
        switch (_type) {
            case Scalar.Scalar.BLOCK_FOLDED:
            case Scalar.Scalar.BLOCK_LITERAL:
                return implicitKey || inFlow
                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
                    : blockString(ss, ctx, onComment, onChompKeep);
            case Scalar.Scalar.QUOTE_DOUBLE:
                return doubleQuotedString(ss.value, ctx);
            case Scalar.Scalar.QUOTE_SINGLE:
                return singleQuotedString(ss.value, ctx);
            case Scalar.Scalar.PLAIN:
                return plainString(ss, ctx, onComment, onChompKeep);
            default:
                return null;
        }
    };
    let res = _stringify(type);
    if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = (implicitKey && defaultKeyType) || defaultStringType;
        res = _stringify(t);
        if (res === null)
            throw new Error(`Unsupported default string type ${t}`);
    }
    return res;
}

exports.stringifyString = stringifyString;


/***/ }),

/***/ 204:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove node');
/**
 * Apply a visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
function visit(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        visit_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current node */
visit.SKIP = SKIP;
/** Remove the current node */
visit.REMOVE = REMOVE;
function visit_(key, node, visitor, path) {
    const ctrl = callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = visit_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = visit_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = visit_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
/**
 * Apply an async visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `Promise`: Must resolve to one of the following values
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
async function visitAsync(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visitAsync.BREAK = BREAK;
/** Do not visit the children of the current node */
visitAsync.SKIP = SKIP;
/** Remove the current node */
visitAsync.REMOVE = REMOVE;
async function visitAsync_(key, node, visitor, path) {
    const ctrl = await callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = await visitAsync_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = await visitAsync_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = await visitAsync_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
function initVisitor(visitor) {
    if (typeof visitor === 'object' &&
        (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
            Alias: visitor.Node,
            Map: visitor.Node,
            Scalar: visitor.Node,
            Seq: visitor.Node
        }, visitor.Value && {
            Map: visitor.Value,
            Scalar: visitor.Value,
            Seq: visitor.Value
        }, visitor.Collection && {
            Map: visitor.Collection,
            Seq: visitor.Collection
        }, visitor);
    }
    return visitor;
}
function callVisitor(key, node, visitor, path) {
    if (typeof visitor === 'function')
        return visitor(key, node, path);
    if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
    if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
    if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
    if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
    if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
    return undefined;
}
function replaceNode(key, path, node) {
    const parent = path[path.length - 1];
    if (identity.isCollection(parent)) {
        parent.items[key] = node;
    }
    else if (identity.isPair(parent)) {
        if (key === 'key')
            parent.key = node;
        else
            parent.value = node;
    }
    else if (identity.isDocument(parent)) {
        parent.contents = node;
    }
    else {
        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
        throw new Error(`Cannot replace node with ${pt} parent`);
    }
}

exports.visit = visit;
exports.visitAsync = visitAsync;


/***/ }),

/***/ 7187:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ exec),
  H: () => (/* binding */ getExecOutput)
});

// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __nccwpck_require__(8701);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util = __nccwpck_require__(90);
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return __awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!io_util/* isRooted */.Qh(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield io/* which */.K7(this.toolPath, true);
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield io_util/* exists */.t2(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new external_string_decoder_.StringDecoder('utf8');
        const stderrDecoder = new external_string_decoder_.StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map

/***/ }),

/***/ 90:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ck: () => (/* binding */ mkdir),
/* harmony export */   H8: () => (/* binding */ IS_WINDOWS),
/* harmony export */   Qh: () => (/* binding */ isRooted),
/* harmony export */   rm: () => (/* binding */ rm),
/* harmony export */   t2: () => (/* binding */ exists),
/* harmony export */   vr: () => (/* binding */ tryGetExecutablePath)
/* harmony export */ });
/* unused harmony exports chmod, copyFile, lstat, open, readdir, rename, rmdir, stat, symlink, unlink, readlink, UV_FS_O_EXLOCK, READONLY, isDirectory, getCmdPath */
/* harmony import */ var fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9896);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs__WEBPACK_IMPORTED_MODULE_0__.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = path__WEBPACK_IMPORTED_MODULE_1__.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = path__WEBPACK_IMPORTED_MODULE_1__.dirname(filePath);
                        const upperName = path__WEBPACK_IMPORTED_MODULE_1__.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = path__WEBPACK_IMPORTED_MODULE_1__.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map

/***/ }),

/***/ 8701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K7: () => (/* binding */ which),
/* harmony export */   U$: () => (/* binding */ mkdirP),
/* harmony export */   Yz: () => (/* binding */ rmRF)
/* harmony export */ });
/* unused harmony exports cp, mv, findInPath */
/* harmony import */ var assert__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2613);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
/* harmony import */ var _io_util_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(90);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return __awaiter(this, void 0, void 0, function* () {
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        (0,assert__WEBPACK_IMPORTED_MODULE_0__.ok)(fsPath, 'a path argument must be provided');
        yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .mkdir */ .Ck(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8 && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .isRooted */ .Qh(tool)) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(path__WEBPACK_IMPORTED_MODULE_1__.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(path__WEBPACK_IMPORTED_MODULE_1__.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return __awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function copyFile(srcFile, destFile, force) {
    return __awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9719);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
