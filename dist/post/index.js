import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 98568:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _images_actions_cache_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(58188);
/* harmony import */ var _post_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(34361);


await (0,_post_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)();
// As in the main step: a cache call still running does not hold the job up.
if ((0,_images_actions_cache_js__WEBPACK_IMPORTED_MODULE_0__/* .inFlight */ .CC)() > 0)
    process.exit();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 73190:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   m0: () => (/* binding */ exec),
/* harmony export */   w$: () => (/* binding */ lastLines)
/* harmony export */ });
/* unused harmony exports ExecError, findOnPath, execOrThrow, childEnv, killRunningChildren */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(74813);
/* harmony import */ var _report_outside_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(52341);
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
        const { getExecOutput } = await __nccwpck_require__.e(/* import() */ 955).then(__nccwpck_require__.bind(__nccwpck_require__, 41955));
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

/***/ 58188:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Y1: () => (/* binding */ LOOKUP_MS),
  g7: () => (/* binding */ cacheAvailable),
  CC: () => (/* binding */ inFlight),
  $I: () => (/* binding */ lookup),
  NM: () => (/* binding */ prepareSave)
});

// UNUSED EXPORTS: prepareRestore

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: ./src/report/model.ts
var model = __nccwpck_require__(96867);
// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __nccwpck_require__(52341);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __nccwpck_require__(73136);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __nccwpck_require__(73190);
;// CONCATENATED MODULE: ./src/images/cache-job.ts
/**
 * What the image cache asks a process of its own to do with `@actions/cache` (a restore or a
 * save: src/images/cache-child.ts starts it, src/images/cache-work.ts does it), and its answer.
 * Data only.
 */
/** The start of the answer's line; the answer follows as JSON. */
const answerMark = (nonce) => `::compose-or-staging-cache-answer-${nonce}::`;

;// CONCATENATED MODULE: ./src/images/cache-child.ts
/**
 * A restore or a save of the image cache in a process of its own (src/images/cache-work.ts says
 * why it must be one). It is started before its job is known, so that its start (node, and the
 * library's 3.5 MB) overlaps what comes first (the lookup, `docker save`); the job is then written
 * to its stdin, or the process is killed when there is none.
 *
 * It runs through the one exec wrapper: in a process group of its own, killed whole (the library's
 * tar and zstd with it) past its bound, when its signal aborts, when the step is cancelled
 * (`killRunningChildren`), and when this process exits, so that none outlives the step.
 */






/**
 * How to start it: `dist/cache/index.js` beside the bundle that asks (`dist/main/`, `dist/post/`);
 * from src/ (through tsx) its entry, with the loader this process was started with.
 */
function cacheChildArgv(here = import.meta.url, execArgv = process.execArgv) {
    const dir = external_node_path_.dirname((0,external_node_url_.fileURLToPath)(here));
    const bundled = external_node_path_.join(dir, '..', 'cache', 'index.js');
    if (external_node_fs_.existsSync(bundled))
        return [bundled];
    const loaders = execArgv.flatMap((a, i) => /^--(import|loader|require)$/.test(a) && execArgv[i + 1] ? [a, execArgv[i + 1]] : []);
    return [...loaders, external_node_path_.join(dir, '..', 'entries', 'cache.ts')];
}
/** Aborted when this process exits: what still runs is killed (the listener is synchronous). */
let exiting;
let running = 0;
/**
 * Start the process for one job on the file `name` in `folder` (created now). `onLine`: each line
 * the library writes (the answer's line excepted). `signal`: no longer needed, killed.
 */
function prepareChild(folder, name, onLine, signal) {
    if (!exiting) {
        const controller = (exiting = new AbortController());
        process.once('exit', () => controller.abort());
    }
    const nonce = (0,external_node_crypto_.randomUUID)();
    const mark = answerMark(nonce);
    const stop = new AbortController();
    let answer;
    let late = false;
    let give = () => undefined;
    external_node_fs_.mkdirSync(folder, { recursive: true });
    running++;
    const ended = (0,exec/* exec */.m0)([process.execPath, ...cacheChildArgv()], {
        input: new Promise((resolve) => (give = resolve)),
        signal: AbortSignal.any([stop.signal, exiting.signal, ...(signal ? [signal] : [])]),
        onLine: (line, stream) => {
            if (stream === 'stdout' && line.startsWith(mark))
                answer = parseAnswer(line.slice(mark.length));
            else
                onLine(line, stream);
        },
        keepChars: 4000,
    }).finally(() => running--);
    return {
        async run(job, ms) {
            give(JSON.stringify({ ...job, folder, name, nonce }));
            const timer = setTimeout(() => {
                late = true;
                stop.abort();
            }, ms);
            try {
                const result = await ended;
                return { answer, result, late };
            }
            finally {
                clearTimeout(timer);
            }
        },
        cancel: () => stop.abort(),
    };
}
function parseAnswer(json) {
    try {
        const a = JSON.parse(json);
        return a && typeof a === 'object' && typeof a.ok === 'boolean' ? a : undefined;
    }
    catch {
        return undefined;
    }
}
/** Such processes not ended yet (prepared ones too). */
const childrenRunning = () => running;

// EXTERNAL MODULE: ./src/images/library-output.ts
var library_output = __nccwpck_require__(84863);
;// CONCATENATED MODULE: ./src/images/actions-cache.ts
/**
 * The Actions cache, through `@actions/cache`, as the image cache needs it:
 *
 * - one image per entry, its file's name the one path the library is given: the entry's version
 *   (a hash of the paths) is then the same on every runner, wherever its RUNNER_TEMP is. A lookup
 *   only hashes the name, so it runs here; a restore unpacks and a save packs relative to the
 *   working directory and GITHUB_WORKSPACE, so each runs in a process of its own whose are the
 *   file's folder (src/images/cache-work.ts), started ahead of its job (the lookup, `docker save`
 *   hide its start);
 * - loaded here only when `cache-images` is on (it weighs 2.4 MB and about 80 ms to load);
 * - every call bounded in time: the library retries a failing service five times, 3 s apart and
 *   growing, about 32 s per call, and cannot be told otherwise. A lookup that outlives its bound
 *   is left behind (see {@link inFlight}); a restore or a save is killed. The step goes on as if
 *   the cache had nothing;
 * - the library's own output routed (src/images/library-output.ts): its problems are reported by
 *   the caller as one warning, cleaned; the rest goes to the debug log.
 */





let loading;
const load = () => (loading ??= Promise.all(/* import() */[__nccwpck_require__.e(955), __nccwpck_require__.e(838), __nccwpck_require__.e(277), __nccwpck_require__.e(151)]).then(__nccwpck_require__.bind(__nccwpck_require__, 74151)));
/**
 * A lookup in the cache service when the registry gave a digest: time for one of the library's
 * retries (3–4.5 s after a failure). A slower cache costs a pull (or a build), no more. In an
 * outage the cache is the only source left: the lookup gets what a download gets.
 */
const LOOKUP_MS = 6000;
const late = (what, ms, problems) => `${what}: no answer within ${Math.round(ms / 100) / 10} s${problems ? ` (${problems})` : ''}`;
/**
 * Run a library call here with its output routed, for at most `ms`. Not ok: it threw, it outlived
 * `ms`, or the library reported a problem and `value` says it did nothing (`failed(value)`).
 */
async function call(what, ms, work, failed) {
    const started = performance.now();
    const id = (0,library_output/* newCall */.N0)();
    // Left behind past its bound, a call still counts in inFlight() until it settles.
    const running = (0,library_output/* routedHere */.Q5)(id, () => load().then(work)).then((value) => ({ ok: true, value }), (err) => ({ ok: false, err }));
    let timer;
    const outcome = await Promise.race([running, new Promise((r) => (timer = setTimeout(() => r('late'), ms)))]);
    clearTimeout(timer);
    const durationMs = performance.now() - started;
    if (outcome === 'late')
        return { ok: false, durationMs, detail: late(what, ms, (0,library_output/* problemsOf */.GW)(id)) };
    if (!outcome.ok)
        return { ok: false, durationMs, detail: `${what}: ${(0,outside/* outsideLine */.U2)((0,model/* errorMessage */.gJ)(outcome.err), 300)}` };
    const p = (0,library_output/* problemsOf */.GW)(id);
    if (p && failed(outcome.value))
        return { ok: false, durationMs, detail: `${what}: ${p}` };
    return { ok: true, value: outcome.value, durationMs };
}
/** Start the process of a restore or a save of `file`; its job comes later, or none. */
function prepare(op, file, restoreKeys, signal) {
    const what = `cache ${op}`;
    const id = (0,library_output/* newCall */.N0)();
    const child = prepareChild(external_node_path_.dirname(file), external_node_path_.basename(file), (line, stream) => (0,library_output/* routeLine */.Gs)(line, id, stream), signal);
    const failed = (v) => (op === 'restore' ? v === null : v === -1);
    return {
        async run(key, ms, laterKeys) {
            const { answer, result, late: killed } = await child.run({ op, key, restoreKeys: laterKeys ?? restoreKeys }, ms);
            const { durationMs } = result;
            const p = (0,library_output/* problemsOf */.GW)(id);
            if (killed)
                return { ok: false, durationMs, detail: late(what, ms, p) };
            if (result.aborted)
                return { ok: false, durationMs, detail: `${what}: stopped, no longer needed` };
            if (!answer) {
                const how = result.spawnError
                    ? `could not start (${result.spawnError.code ?? result.spawnError.message})`
                    : `ended with exit code ${result.code}`;
                const last = (0,outside/* outsideLine */.U2)(result.stderr.trim().split('\n').pop() ?? '', 300);
                return { ok: false, durationMs, detail: `${what}: its process ${how} without an answer${last ? `: ${last}` : ''}` };
            }
            if (!answer.ok)
                return { ok: false, durationMs, detail: `${what}: ${(0,outside/* outsideLine */.U2)(answer.error, 300)}` };
            if (p && failed(answer.value))
                return { ok: false, durationMs, detail: `${what}: ${p}` };
            return { ok: true, value: answer.value, durationMs };
        },
        cancel: () => child.cancel(),
    };
}
/**
 * Calls not settled yet, left behind or no longer needed (Docker turned out unusable while a
 * download ran): the entry point exits without waiting for them (a process of its own is killed then).
 */
function inFlight() {
    return (0,library_output/* routingHere */.Ff)() + childrenRunning();
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
/** The key of the entry `key` (else the newest one under a restore key) matches for `file`; undefined: none. */
function lookup(file, key, restoreKeys, ms) {
    return call('cache lookup', ms, (m) => m.restoreCache([external_node_path_.basename(file)], key, restoreKeys, { lookupOnly: true }), (v) => v === undefined);
}
/**
 * A restore of `file` (download and unpack), its process started now so that it loads while the
 * lookup runs: `run` gives the key it matched (`key`, else the newest entry under a restore key).
 * `signal`: no longer needed, the process is killed.
 */
function prepareRestore(file, restoreKeys, signal) {
    const p = prepare('restore', file, restoreKeys, signal);
    return {
        run: async (key, ms, restoreKeys) => {
            const r = await p.run(key, ms, restoreKeys);
            return r.ok ? { ...r, value: typeof r.value === 'string' ? r.value : undefined } : r;
        },
        cancel: p.cancel,
    };
}
/** A save of `file`, its process started now (while `docker save` writes it): `run` gives the entry's id (-1: not saved). */
function prepareSave(file) {
    const p = prepare('save', file, []);
    return {
        run: async (key, ms) => {
            const r = await p.run(key, ms);
            return r.ok ? { ...r, value: typeof r.value === 'number' ? r.value : -1 } : r;
        },
        cancel: p.cancel,
    };
}


/***/ }),

/***/ 84863:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ff: () => (/* binding */ routingHere),
/* harmony export */   GW: () => (/* binding */ problemsOf),
/* harmony export */   Gs: () => (/* binding */ routeLine),
/* harmony export */   N0: () => (/* binding */ newCall),
/* harmony export */   Q5: () => (/* binding */ routedHere)
/* harmony export */ });
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(16698);
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_async_hooks__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(74813);
/* harmony import */ var _report_outside_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(52341);
/**
 * What `@actions/cache` writes, routed, per call: it writes `::error::` for a service's 5xx, which
 * would mark a step that works as failed, and its messages carry text from the service. Its
 * problems (its warnings and errors, a failed attempt) are kept for the caller to report as one
 * warning, cleaned; the rest goes to the debug log; a mask it asks for is passed on at once.
 *
 * A call in this process has this process's stdout and stderr taken while it runs
 * ({@link routedHere}); a call in a process of its own hands its lines to {@link routeLine}.
 */



const said = [];
/** Which call the library's code runs for: its writes are told apart even with calls in parallel. */
const current = new node_async_hooks__WEBPACK_IMPORTED_MODULE_0__.AsyncLocalStorage();
let calls = 0;
let active = 0;
const originals = {};
/** A number for a new call, which its lines are kept under. */
const newCall = () => calls++;
/** `%25`, `%0D`, `%0A` back to what the library wrote. */
const unescape = (s) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
/** One whole line the library wrote during `call`. */
function routeLine(line, call, stream) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (command) {
        const [, name, message = ''] = command;
        // A mask it asks for (a signed URL's signature) is passed on before anything could show the secret.
        if (name === 'add-mask')
            return void (originals.stdout ?? process.stdout.write).call(process.stdout, `${line}\n`);
        if (name === 'error' || name === 'warning')
            said.push({ call, problem: true, text: unescape(message) });
        else if (name === 'debug')
            _runner_js__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(`cache: ${(0,_report_outside_js__WEBPACK_IMPORTED_MODULE_2__/* .outsideLine */ .U2)(unescape(message), 500)}`);
        return;
    }
    if (!line.trim())
        return;
    // "Attempt 1 of 5 failed with error: …": the service is in trouble, even if a retry may yet work.
    said.push({ call, problem: stream === 'stdout' && /^Attempt \d+ of \d+ failed/.test(line), text: line });
    _runner_js__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(`cache: ${(0,_report_outside_js__WEBPACK_IMPORTED_MODULE_2__/* .outsideLine */ .U2)(line, 500)}`);
}
/** The problems the library reported during `call`, cleaned: the last two different ones, or ''. */
function problemsOf(call) {
    const texts = [...new Set(said.filter((s) => s.call === call && s.problem).map((s) => (0,_report_outside_js__WEBPACK_IMPORTED_MODULE_2__/* .outsideLine */ .U2)(s.text, 300)))];
    return texts.slice(-2).join('; ');
}
/** What is not yet a whole line, per call and stream. */
const partial = new Map();
function replacement(stream) {
    return function (chunk, ...rest) {
        const original = originals[stream];
        const target = stream === 'stdout' ? process.stdout : process.stderr;
        if (_runner_js__WEBPACK_IMPORTED_MODULE_1__/* .writingOwn */ .bt())
            return original.call(target, chunk, ...rest);
        const call = current.getStore() ?? -1;
        const key = `${call} ${stream}`;
        const text = (partial.get(key) ?? '') + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const lines = text.split(/\r?\n/);
        partial.set(key, lines.pop() ?? '');
        for (const l of lines)
            routeLine(l, call, stream);
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
            routeLine(text, Number(key.split(' ')[0]), key.endsWith('stderr') ? 'stderr' : 'stdout');
    partial.clear();
    if (originals.stdout)
        process.stdout.write = originals.stdout;
    if (originals.stderr)
        process.stderr.write = originals.stderr;
    delete originals.stdout;
    delete originals.stderr;
}
/**
 * Run `work` (the library's code, in this process) with what it writes routed as `call`'s, until
 * it settles, however late that is (a caller that stops waiting leaves it routed).
 */
function routedHere(call, work) {
    intercept();
    return current.run(call, work).finally(release);
}
/** Calls in this process not settled yet. */
const routingHere = () => active;


/***/ }),

/***/ 34361:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/runner.ts
var src_runner = __nccwpck_require__(74813);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __nccwpck_require__(52341);
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
    src_runner/* warning */.$e((0,outside/* outsideText */.F3)(message), properties && safeProperties(properties));
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
        ...(p.title !== undefined ? { title: (0,outside/* outsideText */.F3)(p.title).replace(/\n/g, ' ') } : {}),
        ...(p.file !== undefined ? { file: (0,outside/* outsideText */.F3)(p.file).replace(/\n/g, ' ') } : {}),
    };
}

// EXTERNAL MODULE: ./src/report/model.ts
var model = __nccwpck_require__(96867);
;// CONCATENATED MODULE: ./src/report/job-summary.ts
/**
 * The job summary file (`GITHUB_STEP_SUMMARY`), appended to by the main and the post step, with no
 * registered secret in it.
 */




/**
 * Append `markdown` to the job summary; a failure to write is a warning. Synchronous, so a signal
 * handler can write it too, and a cancel cannot cut it short.
 */
function appendJobSummary(markdown) {
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

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
;// CONCATENATED MODULE: ./src/images/folder.ts
/**
 * Where the image cache's files go on this runner: a folder of its own under RUNNER_TEMP (image
 * tars on their way in or out, a built image's entry folder, its manifest). The post step removes it.
 */


function imagesFolder() {
    return external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'compose-or-staging-images');
}

// EXTERNAL MODULE: ./src/report/format.ts
var format = __nccwpck_require__(12011);
// EXTERNAL MODULE: ./src/images/actions-cache.ts + 2 modules
var actions_cache = __nccwpck_require__(58188);
// EXTERNAL MODULE: ./src/exec.ts
var src_exec = __nccwpck_require__(73190);
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
function reference_parseReference(text) {
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
    const r = await exec(['docker', 'image', 'ls', '--digests', '--no-trunc', '--format', '{{.Repository}}\t{{.Tag}}\t{{.Digest}}'], {
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
    const r = await (0,src_exec/* exec */.m0)(['docker', 'image', 'inspect', '--format', '{{.Id}}\t{{.Size}}\t{{json .RepoDigests}}', ref.canonical], {
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
        const parsed = typeof entry === 'string' ? reference_parseReference(entry) : undefined;
        if (parsed && !('error' in parsed) && parsed.registry === ref.registry && parsed.repository === ref.repository && parsed.digest)
            return parsed.digest;
    }
    return undefined;
}
/**
 * Which of `refs` (canonical references) the engine lacks, asked in one call: all that a stack
 * whose images are there pays. Undefined when the engine could not say (no daemon, say).
 */
async function lackedImages(refs, env, timeoutMs, signal) {
    if (refs.length === 0)
        return new Set();
    const r = await exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', ...refs], { env, timeoutMs, signal });
    return r.timedOut || r.aborted || r.spawnError ? undefined : lackedFromInspect(r.code, r.stderr, refs);
}
/**
 * What `docker image inspect a b c` said, as the references the engine lacks: each has a
 * `No such image: <name>` line (the engine may shorten the name: `busybox:1` for
 * `docker.io/library/busybox:1`). Any other complaint: undefined. Pure.
 */
function lackedFromInspect(code, stderr, refs) {
    if (code === 0)
        return new Set();
    const lacked = new Set();
    for (const line of stderr.split('\n').filter((l) => l.trim() !== '')) {
        const named = /No such image: (\S+)/i.exec(line)?.[1];
        const ref = named ? parseReference(named) : undefined;
        if (!ref || 'error' in ref || !refs.includes(ref.canonical))
            return undefined;
        lacked.add(ref.canonical);
    }
    return lacked.size > 0 ? lacked : undefined;
}
const result = (r) => r.code === 0
    ? { ok: true, durationMs: r.durationMs }
    : { ok: false, detail: (0,src_exec/* describeFailure */.Ic)(r), durationMs: r.durationMs, stopped: r.timedOut || r.aborted };
/** One `docker pull` (of the service's `platform:`, when it names one). */
async function pullImage(ref, env, timeoutMs, signal, platform) {
    const argv = ['docker', 'pull', '--quiet', ...(platform ? ['--platform', platform] : []), ref.canonical];
    return result(await exec(argv, { env, timeoutMs, signal }));
}
async function loadImage(file, env, timeoutMs, signal) {
    return result(await exec(['docker', 'load', '--quiet', '--input', file], { env, timeoutMs, signal }));
}
/**
 * One image into `file`: by reference, its name and tag kept (a load gives it back by that name);
 * by id (a built image), no name (a load gives it back untagged, to be tagged as this run names it).
 */
async function saveImage(what, file, env, timeoutMs) {
    return result(await (0,src_exec/* exec */.m0)(['docker', 'save', '--output', file, typeof what === 'string' ? what : what.canonical], { env, timeoutMs }));
}
/** `docker tag`: `source` (an id or a name) also known as `target`. */
async function tagImage(source, target, env, timeoutMs) {
    return result(await exec(['docker', 'tag', source, target], { env, timeoutMs }));
}
/** The id and size of the image `name` (or id) names; undefined when the engine has none by it. */
async function imageIdOf(name, env, timeoutMs) {
    const r = await (0,src_exec/* exec */.m0)(['docker', 'image', 'inspect', '--format', '{{.Id}}\t{{.Size}}', name], { env, timeoutMs });
    if (r.code !== 0)
        return undefined;
    const [id = '', size = ''] = r.stdout.trim().split('\t');
    return id ? { id, sizeBytes: Number(size) || 0 } : undefined;
}

;// CONCATENATED MODULE: ./src/images/save.ts
/**
 * The image cache's post-step half: each image the main step pulled (not those restored or
 * already there) is saved as one cache entry, keyed by platform, reference and the digest it was
 * pulled by. A lookup comes first, so parallel jobs that pulled the same image do not race for
 * one key. Never fails the job: a cache in trouble is a warning.
 */









/** `docker save` of one image. */
const SAVE_IMAGE_MS = 5 * 60_000;
/** Uploading one image's entry: a stalled upload must not hold the job for long. */
const UPLOAD_MS = 5 * 60_000;
async function saveImages(state, env) {
    if (state.images.length === 0)
        return [];
    if (!(await actions_cache/* cacheAvailable */.g7())) {
        info(`Image cache: ${state.images.length} pulled image(s) not saved: this job has no Actions cache service.`);
        return [];
    }
    return src_runner/* group */.Os(`Image cache: saving ${state.images.length} pulled image(s)`, async () => {
        // One at a time: each holds its tar and the library's compressed copy on the runner's disk.
        const results = [];
        for (const img of state.images) {
            const r = await saveOne(img, env);
            results.push(r);
            const line = `${(0,outside/* outsideLine */.U2)(r.image, 500)}: ${(0,outside/* outsideLine */.U2)(r.detail)}`;
            if (r.outcome === 'failed' || r.outcome === 'unasked')
                warning(line, { title: 'Image cache' });
            else
                info(line);
            // The service is in trouble: the next images would only wait for the same answer.
            if (r.outcome === 'unasked')
                break;
        }
        return results;
    });
}
async function saveOne(img, env) {
    const ref = reference_parseReference(img.image);
    if ('error' in ref)
        return { image: img.image, outcome: 'failed', detail: `not saved: ${ref.error}` };
    const found = await actions_cache/* lookup */.$I(img.file, img.key, [], actions_cache/* LOOKUP_MS */.Y1);
    if (!found.ok)
        return { image: img.image, outcome: 'unasked', detail: `not saved: the cache could not be asked (${found.detail})` };
    if (found.value === img.key)
        return { image: img.image, outcome: 'in-cache', detail: `already in the cache (${img.key}): not saved again` };
    const facts = await imageFacts(ref, env, 30_000);
    if (!facts)
        return { image: img.image, outcome: 'gone', detail: 'no longer on the engine: not saved' };
    // A later step of the job may have built, retagged or pulled another image under this name.
    if (img.id && facts.id !== img.id)
        return { image: img.image, outcome: 'gone', detail: `now names another image than the one pulled (${facts.id}): not saved` };
    // Its process starts now (the folder with it) and loads while `docker save` writes the file.
    const saving = actions_cache/* prepareSave */.NM(img.file);
    try {
        const t0 = performance.now();
        const written = await saveImage(ref, img.file, env, SAVE_IMAGE_MS);
        if (!written.ok)
            return { image: img.image, outcome: 'failed', detail: `not saved: ${written.detail}` };
        const size = external_node_fs_.statSync(img.file).size;
        const saved = await saving.run(img.key, UPLOAD_MS);
        if (!saved.ok)
            return { image: img.image, outcome: 'failed', detail: `not saved: ${saved.detail}` };
        if (saved.value === -1)
            return { image: img.image, outcome: 'in-cache', detail: `not saved: another job is saving ${img.key} (the cache said so)` };
        return {
            image: img.image,
            outcome: 'saved',
            detail: `saved as ${img.key} (${(0,format/* formatSize */.X)(size)} before compression) in ${Math.round(performance.now() - t0)} ms`,
        };
    }
    finally {
        saving.cancel();
        external_node_fs_.rmSync(img.file, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/images/tar-filter.ts
/**
 * A tar archive copied without some of its members, as a stream (a `docker save` of a large image
 * is never held in memory). GNU tar's `--delete` was tried and garbles Docker's archives; this
 * reads the format itself: 512-byte headers, a size in octal or base-256, and the extension
 * headers (pax `x`, GNU long names `L` and `K`) that belong to the member after them, which go or
 * stay with it. A pax global header (`g`) is kept.
 */

const BLOCK = 512;
const COPY_CHUNK = 1024 * 1024;
/** A header's size field: octal text, or base-256 when its first byte's top bit is set. */
function sizeOf(header) {
    const field = header.subarray(124, 136);
    if ((field[0] & 0x80) !== 0) {
        let n = 0;
        for (let i = 1; i < field.length; i++)
            n = n * 256 + field[i];
        return n;
    }
    const text = field
        .toString('latin1')
        .replace(/[\0 ]+$/g, '')
        .trim();
    return text ? parseInt(text, 8) : 0;
}
/** A NUL-ended text field. */
const field = (header, start, length) => {
    const raw = header.subarray(start, start + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
};
/** The `path` of a pax extended header's records (`<len> path=<value>\n`). */
function paxPath(data) {
    let at = 0;
    let found;
    while (at < data.length) {
        const space = data.indexOf(0x20, at);
        if (space < 0)
            break;
        const length = Number(data.subarray(at, space).toString('latin1'));
        if (!Number.isInteger(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, at + length - 1).toString('utf8');
        if (record.startsWith('path='))
            found = record.slice(5);
        at += length;
    }
    return found;
}
/** Read exactly `length` bytes at `position` (fewer only at the file's end). */
async function readAt(file, length, position) {
    const buffer = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
        const { bytesRead } = await file.read(buffer, got, length - got, position + got);
        if (bytesRead === 0)
            break;
        got += bytesRead;
    }
    return buffer.subarray(0, got);
}
/** The members of an open archive, in order. Throws on a header cut short. */
async function* membersOf(file) {
    let at = 0;
    let pending = [];
    let longName;
    for (;;) {
        const header = await readAt(file, BLOCK, at);
        if (header.length < BLOCK)
            throw new Error(`a tar header cut short at byte ${at}`);
        if (header.every((b) => b === 0))
            return;
        const size = sizeOf(header);
        const blocks = Math.ceil(size / BLOCK) * BLOCK;
        const type = String.fromCharCode(header[156]);
        if (type === 'x' || type === 'L' || type === 'K') {
            const data = await readAt(file, blocks, at + BLOCK);
            if (type === 'x')
                longName = paxPath(data.subarray(0, size)) ?? longName;
            if (type === 'L')
                longName = data.subarray(0, size).toString('utf8').replace(/\0+$/, '');
            pending.push(header, data);
            at += BLOCK + blocks;
            continue;
        }
        const prefix = field(header, 345, 155);
        const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
        const name = longName ?? (prefix && ustar ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
        yield { name, headers: [...pending, header], dataAt: at + BLOCK, size, blocks };
        pending = [];
        longName = undefined;
        at += BLOCK + blocks;
    }
}
/** The content of the member `name` (a small one: manifest.json); undefined when there is none. */
async function readTarMember(input, name) {
    const file = await external_node_fs_.promises.open(input, 'r');
    try {
        for await (const m of membersOf(file))
            if (m.name === name)
                return readAt(file, m.size, m.dataAt);
        return undefined;
    }
    finally {
        await file.close();
    }
}
/**
 * Copy `input` to `output` without the members whose name `drop` says; resolves with the names
 * dropped. Rejects on an archive it cannot read (a header cut short).
 */
async function copyTarWithout(input, output, drop) {
    const from = await external_node_fs_.promises.open(input, 'r');
    const to = await external_node_fs_.promises.open(output, 'w');
    const dropped = [];
    try {
        for await (const m of membersOf(from)) {
            if (drop(m.name)) {
                dropped.push(m.name);
                continue;
            }
            for (const part of m.headers)
                await to.write(part);
            for (let done = 0; done < m.blocks; done += COPY_CHUNK) {
                const chunk = await readAt(from, Math.min(COPY_CHUNK, m.blocks - done), m.dataAt + done);
                if (chunk.length < Math.min(COPY_CHUNK, m.blocks - done))
                    throw new Error(`${m.name}: its data cut short`);
                await to.write(chunk);
            }
        }
        await to.write(Buffer.alloc(BLOCK * 2));
        return dropped;
    }
    finally {
        await from.close();
        await to.close();
    }
}

;// CONCATENATED MODULE: ./src/images/own-layers.ts
/**
 * A built image's entry holds only the layers its build added: the layers of its base image
 * (which comes to the engine by its own entry, or a pull) are dropped from its `docker save` tar.
 * The engine's loader takes a layer it already has (the same layers below it too) from its store,
 * and reads a layer's file only when it lacks the layer: such a tar loads once the base images are on the engine (and fails,
 * naming the missing layer, when they are not: compose then builds). So a stack whose services
 * share a base holds that base once in the cache, not once per service.
 */



const INSPECT_MS = 30_000;
/**
 * The tar members to drop: the files (as manifest.json names them, in order) of the layers below
 * the longest run of the image's bottom layers (`diffIds`, in the same order) that a base image
 * has as its own bottom layers (the engine's loader finds a layer by its whole stack below it, so
 * only such a run is on the engine). A file a kept layer uses too is kept. Nothing when the lists
 * do not line up. Pure.
 */
function layersToDrop(manifestLayers, diffIds, bases) {
    if (manifestLayers.length !== diffIds.length)
        return [];
    const below = Math.max(0, ...bases.map((base) => {
        let n = 0;
        while (n < base.length && n < diffIds.length && base[n] === diffIds[n])
            n++;
        return n;
    }));
    const kept = new Set(manifestLayers.slice(below));
    return [...new Set(manifestLayers.slice(0, below).filter((p) => !kept.has(p)))];
}
/** An image's layers (diff ids, bottom first); undefined when the engine has no such image. */
async function diffIdsOf(image, env) {
    const r = await (0,src_exec/* exec */.m0)(['docker', 'image', 'inspect', '--format', '{{json .RootFS.Layers}}', image], { env, timeoutMs: INSPECT_MS });
    if (r.code !== 0)
        return undefined;
    try {
        const layers = JSON.parse(r.stdout.trim());
        return Array.isArray(layers) && layers.every((l) => typeof l === 'string') ? layers : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Drop from `tar` (a `docker save` of image `id`) the layers of `bases` (canonical references on
 * the engine). Says what it did, in a clause; the tar is kept whole when anything is in doubt.
 */
async function dropBaseLayers(tar, id, bases, env) {
    const own = await diffIdsOf(id, env);
    const baseLayers = [];
    for (const base of bases)
        baseLayers.push((await diffIdsOf(base, env)) ?? []);
    if (!own || baseLayers.every((b) => b.length === 0))
        return 'whole (no base image on the engine to leave out)';
    let paths = [];
    try {
        const manifest = JSON.parse((await readTarMember(tar, 'manifest.json'))?.toString('utf8') ?? '[]');
        const layers = manifest[0]?.Layers;
        if (manifest.length === 1 && Array.isArray(layers))
            paths = layers.map(String);
    }
    catch {
        paths = [];
    }
    const drop = new Set(layersToDrop(paths, own, baseLayers));
    if (drop.size === 0)
        return 'whole (none of its layers is its base image’s)';
    const slim = `${tar}.own`;
    try {
        await copyTarWithout(tar, slim, (name) => drop.has(name));
        await external_node_fs_.promises.rename(slim, tar);
    }
    catch (err) {
        external_node_fs_.rmSync(slim, { force: true });
        return `whole (its base layers could not be left out: ${err instanceof Error ? err.message : String(err)})`;
    }
    const kept = paths.filter((p) => !drop.has(p)).length;
    return `its own ${kept} of ${paths.length} layers (its base image's come by its own entry)`;
}

;// CONCATENATED MODULE: ./src/images/build-save.ts
/**
 * The image cache's post-step half for built images (issue 28): each image `up` built is saved
 * under its build key, one entry per image (a folder: `image.tar`, saved by id, and `build.json`,
 * which run saved it), then the small entry of what its key covered (the manifest the main step
 * wrote), so that a later run can name what changed. A lookup comes first (parallel jobs), and an
 * image is saved only if its name still names what was built (a later step may have rebuilt or
 * retagged it). Never fails the job: a cache in trouble is a warning.
 */











/** Its manifest's entry: small, so a short bound. */
const MANIFEST_UPLOAD_MS = 60_000;
/** Which run this is, for `build.json`: a later run's row says where its image came from. */
function origin(img, env) {
    return {
        key: img.key,
        service: img.service,
        id: img.id,
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
        ref: env.GITHUB_REF ?? '',
        savedAt: new Date().toISOString(),
    };
}
async function saveBuiltImages(images, env) {
    if (images.length === 0)
        return [];
    if (!(await actions_cache/* cacheAvailable */.g7())) {
        info(`Image cache: ${images.length} built image(s) not saved: this job has no Actions cache service.`);
        return [];
    }
    return src_runner/* group */.Os(`Image cache: saving ${images.length} built image(s) under their build keys`, async () => {
        // One at a time: each holds its tar and the library's compressed copy on the runner's disk.
        const results = [];
        for (const img of images) {
            const r = await build_save_saveOne(img, env);
            results.push(r);
            const line = `${(0,outside/* outsideLine */.U2)(r.image, 500)} (${(0,outside/* outsideLine */.U2)(img.service, 200)}): ${(0,outside/* outsideLine */.U2)(r.detail)}`;
            if (r.outcome === 'failed' || r.outcome === 'unasked')
                warning(line, { title: 'Image cache' });
            else
                info(line);
            if (r.outcome === 'unasked')
                break;
        }
        return results;
    });
}
async function build_save_saveOne(img, env) {
    const said = (outcome, detail) => ({ image: img.image, outcome, detail });
    const found = await actions_cache/* lookup */.$I(img.folder, img.key, [], actions_cache/* LOOKUP_MS */.Y1);
    if (!found.ok)
        return said('unasked', `not saved: the cache could not be asked (${found.detail})`);
    if (found.value === img.key)
        return said('in-cache', `already in the cache (${img.key}): not saved again`);
    const facts = await imageIdOf(img.image, env, 30_000);
    if (!facts)
        return said('gone', 'no longer on the engine: not saved');
    if (facts.id !== img.id)
        return said('gone', `now names another image than the one built (${facts.id}): not saved`);
    // Its process starts now and loads while `docker save` writes the file.
    external_node_fs_.mkdirSync(img.folder, { recursive: true });
    const saving = actions_cache/* prepareSave */.NM(img.folder);
    try {
        const t0 = performance.now();
        const tar = external_node_path_.join(img.folder, 'image.tar');
        const written = await saveImage(img.id, tar, env, SAVE_IMAGE_MS);
        if (!written.ok)
            return said('failed', `not saved: ${written.detail}`);
        external_node_fs_.writeFileSync(external_node_path_.join(img.folder, 'build.json'), JSON.stringify(origin(img, env)));
        // A base pinned by digest is not in the image cache (compose pulls it): its layers stay in.
        const cached = (img.bases ?? []).filter((b) => !b.includes('@'));
        const held = await dropBaseLayers(tar, img.id, cached, env);
        const size = external_node_fs_.statSync(tar).size;
        const saved = await saving.run(img.key, UPLOAD_MS);
        if (!saved.ok)
            return said('failed', `not saved: ${saved.detail}`);
        if (saved.value === -1)
            return said('in-cache', `not saved: another job is saving ${img.key} (the cache said so)`);
        const manifest = await saveManifest(img);
        const took = Math.round(performance.now() - t0);
        return said('saved', `saved as ${img.key}: ${held}, ${(0,format/* formatSize */.X)(size)} before compression, in ${took} ms; ${manifest}`);
    }
    finally {
        saving.cancel();
        external_node_fs_.rmSync(img.folder, { recursive: true, force: true });
    }
}
/** The manifest's entry, saved after the image's (what the key covered: a later run compares with it). */
async function saveManifest(img) {
    if (!external_node_fs_.existsSync(img.manifest))
        return 'its manifest was not written: not saved';
    const saving = actions_cache/* prepareSave */.NM(img.manifest);
    try {
        const saved = await saving.run(img.manifestKey, MANIFEST_UPLOAD_MS);
        if (!saved.ok)
            return `its manifest not saved (${saved.detail})`;
        return saved.value === -1 ? 'its manifest was being saved by another job' : 'its manifest saved beside it';
    }
    finally {
        saving.cancel();
        external_node_fs_.rmSync(img.manifest, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/stack/by-label.ts
/**
 * A project's containers, networks and volumes, found by the `com.docker.compose.project` label
 * (never by container name: v1 says p_svc_1 and v2 p-svc-1).
 */

/** The ids a `--quiet` listing printed; [] when it failed. */
const by_label_idsIn = (r) => (r.code === 0 ? r.stdout.split('\n').filter(Boolean) : []);
/** The project's containers (full ids), networks or volumes, by the compose project label. */
function listByLabel(what, project, env) {
    const label = `label=com.docker.compose.project=${project}`;
    const argv = what === 'ps'
        ? ['docker', 'ps', '--all', '--quiet', '--no-trunc', '--filter', label]
        : ['docker', what, 'ls', '--quiet', '--filter', label];
    return (0,src_exec/* exec */.m0)(argv, { env, timeoutMs: 10_000 });
}
/** The project's containers, networks and volumes, by its label, asked at once. */
function by_label_listProject(project, env) {
    return Promise.all([listByLabel('ps', project, env), listByLabel('network', project, env), listByLabel('volume', project, env)]);
}
/** The ids of the project's containers, by its label; [] when the engine cannot say. */
async function by_label_projectContainerIds(project, env) {
    return by_label_idsIn(await listByLabel('ps', project, env));
}
/**
 * What is left of the project on the engine (containers, networks, volumes, by its label), or
 * why the engine could not say.
 */
async function projectLeftovers(project, env) {
    const listed = await by_label_listProject(project, env);
    const failed = listed.find((r) => r.code !== 0);
    if (failed)
        return { unknown: (0,src_exec/* lastLines */.w$)(failed.stderr, 1) || (failed.timedOut ? 'no answer in time' : `exit code ${failed.code}`) };
    const [ps, nets, vols] = listed.map(by_label_idsIn);
    return { containers: ps, networks: nets, volumes: vols };
}
/** Whether nothing of the project is left. */
const nothingLeft = (l) => l.containers.length + l.networks.length + l.volumes.length === 0;

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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(37067);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __nccwpck_require__(46193);
;// CONCATENATED MODULE: ./src/docker/engine-api.ts
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
function engine_api_apiMessage(body) {
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
function engine_api_open(socket, method, path, o) {
    const body = o.json === undefined ? undefined : JSON.stringify(o.json);
    const req = external_node_http_.request({
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
function engine_api_asUnreachable(err) {
    if (err instanceof ApiUnreachable)
        return err;
    const e = err;
    return new ApiUnreachable(e?.code ?? 'EIO', e?.message ?? String(err));
}
/** One request, its whole answer. Rejects with {@link ApiUnreachable} when no answer came. */
function engine_api_apiRequest(socket, method, path, o = {}) {
    return new Promise((resolve, reject) => {
        const req = engine_api_open(socket, method, path, o);
        const unbind = bound(req, o);
        req.on('error', (err) => {
            unbind();
            reject(engine_api_asUnreachable(err));
        });
        req.on('response', (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('error', (err) => {
                unbind();
                reject(engine_api_asUnreachable(err));
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
function engine_api_apiStream(socket, path, onChunk, o = {}) {
    return new Promise((resolve) => {
        const req = engine_api_open(socket, 'GET', path, o);
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
    const lines = new engine_api_LineSplitter(onLine);
    return engine_api_apiStream(socket, path, (chunk) => lines.push(chunk), o);
}
/** Text in pieces, out as whole non-empty lines. */
class engine_api_LineSplitter {
    onLine;
    rest = '';
    decoder = new StringDecoder('utf8');
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

;// CONCATENATED MODULE: ./src/docker/endpoint.ts
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
function endpoint_contextHostFromFiles(env) {
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
const sockets = new Map();
/**
 * The local unix socket the CLI would talk to, when it would talk to nothing else: DOCKER_HOST
 * `unix://…`, or no DOCKER_HOST and a context read from the files (the default one, or a named one
 * on a unix socket). Undefined for a remote engine, TLS, ssh, or a context only the CLI can read.
 */
function endpoint_engineSocket(env) {
    const key = [env.DOCKER_HOST, env.DOCKER_CONTEXT, env.DOCKER_CONFIG, env.HOME].join('\0');
    if (!sockets.has(key))
        sockets.set(key, unixSocketOf(env.DOCKER_HOST || endpoint_contextHostFromFiles(env)));
    return sockets.get(key);
}

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
function socket_result_streamsOf(argv, started, code, bytes) {
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
    const socket = endpoint_engineSocket(env);
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
    const socket = endpoint_engineSocket(env);
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
    const a = await onSocket(socket, `/containers/json?all=1&${filtersQuery({ label: [`com.docker.compose.project=${project}`] })}`, timeoutMs);
    if (a.status !== 200)
        throw new Error(`docker ps failed: ${engine_api_apiMessage(a.body)}`);
    return JSON.parse(a.body).map((c) => c.Id);
}
/** `docker inspect` of containers, on the engine's socket, all at once; one that is gone (404) is left out. */
async function inspectOnSocket(socket, ids, timeoutMs) {
    const answers = await Promise.all(ids.map((id) => onSocket(socket, `/containers/${encodeURIComponent(id)}/json`, timeoutMs)));
    const failed = answers.find((a) => a.status !== 200 && a.status !== 404);
    if (failed)
        throw new Error(`docker inspect failed: ${engine_api_apiMessage(failed.body)}`);
    return answers.filter((a) => a.status === 200).map((a) => JSON.parse(a.body));
}
/** A GET on the socket; no answer is an error that says so, in the words of the CLI's failures. */
async function onSocket(socket, path, timeoutMs) {
    try {
        return await engine_api_apiRequest(socket, 'GET', path, { timeoutMs });
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
async function reach_leaveNetworks(project, env) {
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
    const notLeft = await reach_leaveNetworks(target.projectName, env);
    if (notLeft.length)
        notes.push(`this container could not leave network(s) ${notLeft.join(', ')}`);
    const down = await (0,src_exec/* exec */.m0)(downArgs(target), { cwd: target.projectDirectory, env, timeoutMs: 60_000 });
    /** Remove by label whatever is still there: how many containers were, or undefined when the engine could not be asked. */
    let unreachable = '';
    const sweep = async () => {
        const [left, nets, vols] = await by_label_listProject(target.projectName, env);
        if (left.code !== 0) {
            unreachable = (0,src_exec/* lastLines */.w$)(left.stderr, 1) || (left.timedOut ? 'no answer in time' : `exit code ${left.code}`);
            return undefined;
        }
        const ids = by_label_idsIn(left);
        await removeContainers(ids, env);
        await removeNetworksAndVolumes(by_label_idsIn(nets), by_label_idsIn(vols), env);
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(31421);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __nccwpck_require__(73136);
;// CONCATENATED MODULE: ./src/detached.ts
/**
 * Processes of the action's own that outlive the step that starts them (the failed stack's removal,
 * the watch after the decision): each in its own process group and session (a signal to the
 * step's group, the runner's cancel, `killRunningChildren`, none reach it), with no pipe to the
 * step (stdout and stderr go to a file under RUNNER_TEMP, so the runner does not wait on it),
 * unref'd (the step ends without it). The post step finds it again by its pid and job file.
 */





/**
 * A bundled entry's script beside the running one (`dist/<entry>/index.js` next to `dist/main/`);
 * undefined when there is none (run from src/ through tsx).
 */
function bundledScript(entry, here) {
    const script = path.join(path.dirname(fileURLToPath(here)), '..', entry, 'index.js');
    return fs.existsSync(script) ? script : undefined;
}
/** The step's own files, which the runner reads when the step ends: a background process writes none of them. */
const STEP_FILES = (/* unused pure expression or super */ null && (['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']));
/** A background process's environment: the step's, without its inputs (the staging token) or its files. */
function detachedEnv(env) {
    const out = childEnv(env);
    for (const k of STEP_FILES)
        delete out[k];
    return out;
}
/**
 * Start `node script kind jobFile` in the background; synchronous, so a cancel cannot come between the
 * start and the state saved for it. Returns its pid; throws when it could not be started.
 */
function spawnDetached(o) {
    const out = fs.openSync(o.logFile, 'a');
    try {
        const node = o.node ?? process.execPath;
        const child = spawn(node, [o.script, o.kind, o.jobFile], {
            detached: true,
            stdio: ['ignore', out, out],
            env: detachedEnv(o.env),
            windowsHide: true,
        });
        // A failure to start comes as an event; with no pid it already happened.
        child.on('error', () => undefined);
        if (child.pid === undefined)
            throw new Error(`could not start ${node} ${o.script}`);
        child.unref();
        return child.pid;
    }
    finally {
        fs.closeSync(out);
    }
}
/**
 * Whether the background process still runs: on Linux, a process with this pid whose command line
 * names the job file (not another process that got the pid since; a zombie has none); elsewhere,
 * whether the pid exists.
 */
function stillRunning(pid, jobFile) {
    if (external_node_fs_.existsSync('/proc/self/cmdline')) {
        try {
            return external_node_fs_.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(jobFile);
        }
        catch {
            return false;
        }
    }
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
/** Signal the background process and everything it started (its own process group); false when it was gone. */
function signalGroup(pid, signal) {
    try {
        process.kill(process.platform === 'win32' ? pid : -pid, signal);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/sleep.ts
/** Wait `ms` milliseconds (none when `ms` is not positive): the one sleep of the action's polling loops. */
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

;// CONCATENATED MODULE: ./src/removal/await.ts
/**
 * The post step's side: wait for the background removal the main step started, bounded. It is
 * done when its result file is there; gone without one when its process is (killed, or the
 * machine's cleanup took it); past the bound, its process group is stopped.
 */



/** The result, once written whole; undefined before (or when it is not one). */
function readResult(file) {
    try {
        const r = JSON.parse(external_node_fs_.readFileSync(file, 'utf8'));
        return typeof r.ok === 'boolean' && typeof r.finishedAt === 'number' ? r : undefined;
    }
    catch {
        return undefined;
    }
}
/** Wait for the removal until it is done, gone, or `limitMs` passed. */
async function awaitRemoval(d, limitMs, pollMs = 25) {
    const started = performance.now();
    const waited = () => performance.now() - started;
    for (;;) {
        const result = readResult(d.resultFile);
        if (result)
            return { outcome: 'finished', result, waitedMs: waited() };
        if (!stillRunning(d.pid, d.jobFile)) {
            // It may have written its result just before it ended.
            const last = readResult(d.resultFile);
            return last ? { outcome: 'finished', result: last, waitedMs: waited() } : { outcome: 'died', waitedMs: waited() };
        }
        if (waited() >= limitMs) {
            signalGroup(d.pid, 'SIGKILL');
            return { outcome: 'timed-out', waitedMs: waited(), limitMs };
        }
        await sleep(pollMs);
    }
}

;// CONCATENATED MODULE: ./src/removal/finish.ts
/**
 * The post step's side of a removal the main step left to a background process: wait for it
 * (bounded), confirm by the project's label that nothing of it is left, and remove what is
 * (the teardown every post step does: `down`, then by label).
 */






/** How long the post step waits for the background removal: far past what removing a test stack takes (about a second). */
const REMOVAL_WAIT_MS = 120_000;
const at = (ms) => new Date(ms).toISOString();
/** One line on how the wait ended. */
function describeWait(d, w) {
    switch (w.outcome) {
        case 'finished':
            return `The removal the main step started at ${at(d.startedAt)} (pid ${d.pid}) finished at ${at(w.result.finishedAt)}, ${w.result.finishedAt - d.startedAt} ms after it started (the post step waited ${Math.round(w.waitedMs)} ms): ${w.result.detail}`;
        case 'died':
            return `The removal the main step started at ${at(d.startedAt)} (pid ${d.pid}) ended without finishing (its process is gone: killed?); what is left is removed now.`;
        case 'timed-out':
            return `The removal the main step started at ${at(d.startedAt)} (pid ${d.pid}) was still running after the post step waited ${Math.round(w.limitMs / 1000)} s for it: stopped; what is left is removed now.`;
    }
}
/** "2 container(s), 1 network(s)", or "nothing". */
function describeLeft(left) {
    const parts = [
        [left.containers.length, 'container(s)'],
        [left.networks.length, 'network(s)'],
        [left.volumes.length, 'volume(s)'],
    ].filter(([n]) => n !== 0);
    return parts.length ? parts.map(([n, what]) => `${n} ${what}`).join(', ') : 'nothing';
}
/** The background process's own log, when it did not finish well: what it got to. */
function showItsLog(d) {
    let text = '';
    try {
        text = external_node_fs_.readFileSync(d.logFile, 'utf8').split('\n').slice(-20).join('\n').trim();
    }
    catch {
        return;
    }
    if (text)
        info(`Its log (${d.logFile}), last lines:\n${text}`);
}
async function finishDetachedRemoval(d, o) {
    const { stack } = d;
    const project = stack.projectName;
    const env = { ...(o.env ?? process.env), ...stack.engineEnv };
    const waited = await awaitRemoval(d, o.limitMs ?? REMOVAL_WAIT_MS);
    const line = describeWait(d, waited);
    if (waited.outcome === 'finished' && waited.result.ok)
        info(line);
    else {
        warning(line, { title: 'Removal of the failed stack' });
        showItsLog(d);
    }
    const left = await projectLeftovers(project, env);
    const outcome = { project, pid: d.pid, startedAt: d.startedAt, waited, left };
    if ('containers' in left && nothingLeft(left)) {
        info(`Nothing of project ${project} is left (containers, networks, volumes with its label com.docker.compose.project).`);
        return outcome;
    }
    info('unknown' in left
        ? `Whether anything of project ${project} is left could not be asked (${left.unknown}): tearing down.`
        : `Left of project ${project}: ${describeLeft(left)}: removed now.`);
    outcome.teardown = await src_runner/* group */.Os(`Teardown: project ${project}`, () => removeStack({
        compose: { argv: stack.compose, version: undefined },
        projectName: project,
        projectDirectory: stack.projectDirectory,
        files: stack.files,
        overrides: stack.overrides?.filter((f) => external_node_fs_.existsSync(f)),
    }, env, { afterStoppedUp: o.afterStoppedUp || d.upStopped }));
    const t = outcome.teardown;
    if (t.ok)
        info(`Teardown: ${t.detail} in ${Math.round(t.durationMs)} ms.`);
    else
        warning(`Teardown of project ${project} was incomplete: ${t.detail}`);
    return outcome;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts
/**
 * Text into the summary's Markdown: escaped so that it is shown as itself, never parsed (inline,
 * table cells, <pre> lines), after it was cleaned (report/outside.ts). Pure.
 */

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
function markdown_escapeHtml(s) {
    return s.replace(/[&<>"|`\\*_~[\]]/g, (c) => INLINE_ENTITIES[c]).replace(/\n/g, '<br>');
}
/** Escape a log line for a <pre> block, where Markdown is not parsed: HTML only, one line. */
function markdown_escapePre(s) {
    return s.replace(/[&<>]/g, (c) => INLINE_ENTITIES[c]).replace(/\n/g, ' ↵ ');
}
/** Clean and escape outside text for an inline or cell context. */
function markdown_text(s, max) {
    return markdown_escapeHtml((0,outside/* clean */.uH)(s ?? '', max));
}
/** A code span for outside text. */
function markdown_code(s, max) {
    return `<code>${markdown_text(s, max)}</code>`;
}

;// CONCATENATED MODULE: ./src/report/removal-summary.ts


const removal_summary_text = (s) => markdown_escapeHtml((0,outside/* clean */.uH)(s, 2000));
const removal_summary_at = (ms) => new Date(ms).toISOString();
const plural = (n, one) => `${n} ${one}${n === 1 ? '' : 's'}`;
function finishedLine(o) {
    const w = o.waited;
    const started = `started by the main step at ${removal_summary_at(o.startedAt)} (pid ${o.pid})`;
    if (w.outcome === 'finished') {
        const icon = w.result.ok ? '✅' : '⚠️';
        const took = w.result.finishedAt - o.startedAt;
        return `- ${icon} **Removal finished** at ${removal_summary_at(w.result.finishedAt)}, ${took} ms after it was ${started}; the post step waited ${Math.round(w.waitedMs)} ms for it: ${removal_summary_text(w.result.detail)}`;
    }
    if (w.outcome === 'died')
        return `- ⚠️ **Removal did not finish**: ${started}, its process ended without a result (killed?)`;
    return `- ⚠️ **Removal did not finish**: ${started}, it still ran after the post step's ${Math.round(w.limitMs / 1000)} s wait, and was stopped`;
}
function leftLine(o) {
    const label = `<code>com.docker.compose.project=${removal_summary_text(o.project)}</code>`;
    if ('unknown' in o.left)
        return `- ⚠️ **Left**: the engine could not be asked by the label ${label} (${removal_summary_text(o.left.unknown)})`;
    const { containers, networks, volumes } = o.left;
    const found = [plural(containers.length, 'container'), plural(networks.length, 'network'), plural(volumes.length, 'volume')];
    if (containers.length + networks.length + volumes.length === 0)
        return `- ✅ **Nothing left** by the label ${label} after it`;
    return `- ⚠️ **Left** by the label ${label} after it: ${found.join(', ')}`;
}
function teardownLine(o) {
    const t = o.teardown;
    if (!t)
        return [];
    const icon = t.ok ? '✅' : '❌';
    return [`- ${icon} **Removed by the post step** in ${Math.round(t.durationMs)} ms: ${removal_summary_text(t.detail)}`];
}
function renderRemovalSummary(o) {
    return [
        `### Removal of the failed stack ${removal_summary_text(o.project)}`,
        '',
        'The main step wrote its decision without waiting for the removal of the failed stack, which ran in a background process.',
        '',
        finishedLine(o),
        leftLine(o),
        ...teardownLine(o),
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/state.ts
/**
 * What the post step needs, saved by the main step right before `up` starts so that a failed or
 * cancelled wait still tears down. Typed getters and setters over runner.saveState / runner.getState.
 */





const PLAN = 'teardown-plan';
const REMOVED = 'stack-removed';
const CANCELLED = 'main-cancelled';
const UP_STOPPED = 'up-stopped';
const IMAGES = 'image-cache';
const JOINED = 'joined-networks';
const DETACHED = 'detached-removal';
const WATCHER = 'after-decision-watcher';
function saveImageCacheState(state) {
    runner.saveState(IMAGES, JSON.stringify(state));
}
function readImageCacheState() {
    const raw = src_runner/* getState */.Gu(IMAGES);
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return Array.isArray(parsed.images) ? parsed : undefined;
    }
    catch {
        warning(`Saved state '${IMAGES}' is not valid JSON; no image is saved to the cache.`);
        return undefined;
    }
}
/** The main step was cancelled: its `up` was killed mid-way, so the post step looks again for what it left. */
function saveCancelled() {
    runner.saveState(CANCELLED, 'true');
}
/** Save the stack the post step removes; a stack saved anew is not removed yet. */
function saveTeardownState(state) {
    runner.saveState(PLAN, JSON.stringify(state));
    runner.saveState(REMOVED, 'false');
}
/** Nothing was started after all (the daemon refused the early `up`): the post step has nothing to do. */
function forgetTeardownState() {
    runner.saveState(PLAN, '');
    runner.saveState(REMOVED, 'false');
}
/**
 * Mark the stack as already removed by the main step, so the post step has nothing to remove;
 * when `up` was killed mid-way, it still looks by label for a container the engine created late.
 */
function saveStackRemoved(upStopped = false) {
    runner.saveState(REMOVED, 'true');
    if (upStopped)
        runner.saveState(UP_STOPPED, 'true');
}
function readTeardownState() {
    const raw = src_runner/* getState */.Gu(PLAN);
    let plan;
    if (raw !== '') {
        try {
            plan = JSON.parse(raw);
        }
        catch {
            warning(`Saved state '${PLAN}' is not valid JSON; nothing to tear down.`);
        }
    }
    return {
        plan,
        removed: src_runner/* getState */.Gu(REMOVED) === 'true',
        cancelled: src_runner/* getState */.Gu(CANCELLED) === 'true',
        upStopped: src_runner/* getState */.Gu(UP_STOPPED) === 'true',
    };
}
/**
 * The networks of the project this step's container joined (a container job): the post step
 * leaves them before `down`, which cannot remove a network a container is still on.
 */
function saveJoinedState(project, joined) {
    runner.saveState(JOINED, JSON.stringify({ project, ...joined }));
}
function readJoinedState() {
    const raw = src_runner/* getState */.Gu(JOINED);
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return typeof parsed.container === 'string' && Array.isArray(parsed.networks) ? parsed : undefined;
    }
    catch {
        warning(`Saved state '${JOINED}' is not valid JSON; no network is left before the teardown.`);
        return undefined;
    }
}
/** The failed stack's removal runs in a background process (src/removal/): the post step waits for it. */
function saveDetachedRemoval(removal) {
    runner.saveState(DETACHED, JSON.stringify(removal));
}
function readDetachedRemoval() {
    const raw = src_runner/* getState */.Gu(DETACHED);
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return Number.isInteger(parsed.pid) && typeof parsed.resultFile === 'string' && typeof parsed.stack?.projectName === 'string'
            ? parsed
            : undefined;
    }
    catch {
        warning(`Saved state '${DETACHED}' is not valid JSON; the post step cannot wait for the background removal.`);
        return undefined;
    }
}
/** The watch after the decision (src/after-decision/): the post step ends it and reports what it saw. */
function saveWatcher(w) {
    runner.saveState(WATCHER, JSON.stringify(w));
}
function readWatcher() {
    const raw = src_runner/* getState */.Gu(WATCHER);
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return Number.isInteger(parsed.pid) && typeof parsed.recordFile === 'string' && typeof parsed.jobFile === 'string' ? parsed : undefined;
    }
    catch {
        warning(`Saved state '${WATCHER}' is not valid JSON; what happened after the decision is not reported.`);
        return undefined;
    }
}
const LOG_SECRETS = 'log-secrets';
/**
 * The stack's secret values, for the post step's redaction of the final logs: in a file only this
 * user reads under RUNNER_TEMP (the state file would print them as STATE_ variables), named in state.
 */
function saveLogSecrets(values, env) {
    try {
        const dir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'compose-or-staging');
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const file = path.join(dir, `log-secrets-${process.pid}.json`);
        fs.writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
        runner.saveState(LOG_SECRETS, file);
    }
    catch (err) {
        log.warning(`Could not keep the stack's secrets for the post step (its logs would not be redacted): ${String(err)}`);
    }
}
/** The values {@link saveLogSecrets} kept; [] when none. */
function readLogSecrets() {
    const file = src_runner/* getState */.Gu(LOG_SECRETS);
    if (!file)
        return [];
    try {
        const parsed = JSON.parse(external_node_fs_.readFileSync(file, 'utf8'));
        return Array.isArray(parsed) ? parsed.map(String) : [];
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ./src/after-decision/incidents.ts
/** How long a `kill` explains a death that follows it. */
const ASKED_WITHIN_MS = 60_000;
/** The incident one record is, given what came before for its container; undefined for what says nothing. */
function incidentOf(r, seen) {
    switch (r.action) {
        // `docker stop`, `compose down` and `restart` send a kill first; their `stop` event comes after the death.
        case 'kill':
            seen.askedAt = r.at;
            return undefined;
        case 'oom':
            seen.oom = true;
            return undefined;
        case 'die': {
            seen.died = true;
            const asked = seen.askedAt !== undefined && r.at - seen.askedAt <= ASKED_WITHIN_MS;
            const kind = seen.oom ? 'oom-killed' : asked ? 'stopped' : 'died';
            seen.oom = false;
            seen.askedAt = undefined;
            return kind;
        }
        case 'start':
        case 'restart':
            if (!seen.died)
                return undefined;
            seen.died = false;
            return 'restarted';
        case 'health_status: unhealthy':
            if (seen.unhealthy)
                return undefined;
            seen.unhealthy = true;
            return 'unhealthy';
        case 'health_status: healthy':
            if (!seen.unhealthy)
                return undefined;
            seen.unhealthy = false;
            return 'healthy-again';
        case 'destroy':
            return 'removed';
        default:
            return undefined;
    }
}
/** What happened after `readyAt`, in time order; records before it (the replay's edge) are left out. */
function incidentsOf(records, readyAt) {
    const seen = new Map();
    const out = [];
    const ordered = records.map((r, i) => ({ r, i })).sort((a, b) => a.r.at - b.r.at || a.i - b.i);
    for (const { r } of ordered) {
        if (r.at < readyAt)
            continue;
        const s = seen.get(r.id) ?? {};
        seen.set(r.id, s);
        const kind = incidentOf(r, s);
        if (!kind)
            continue;
        const withCode = kind === 'died' || kind === 'oom-killed' || kind === 'stopped';
        out.push({
            service: r.service,
            kind,
            at: r.at,
            sinceReadyMs: r.at - readyAt,
            ...(withCode && r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
        });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/after-decision/finish.ts
/**
 * The post step's side, before the teardown (whose own stops are not to be reported): end the
 * watcher (SIGTERM, then its process group killed past a bound), read what it wrote, and tell what
 * happened to the stack after the decision, and whether the watch covered the whole time.
 */




/** How long the watcher gets to end on its own: it only has to close a stream. */
const END_WAIT_MS = 5000;
/** The most of its record file read (its end): deaths and health changes are a few lines each. */
const MAX_READ = 4 * 1024 * 1024;
/** Its records, oldest first; a line that is not one (cut short, garbled) is left out. */
function readRecords(file) {
    let text;
    try {
        const size = external_node_fs_.statSync(file).size;
        const fd = external_node_fs_.openSync(file, 'r');
        try {
            const length = Math.min(size, MAX_READ);
            const buf = Buffer.alloc(length);
            external_node_fs_.readSync(fd, buf, 0, length, size - length);
            text = buf.toString('utf8');
        }
        finally {
            external_node_fs_.closeSync(fd);
        }
    }
    catch {
        return [];
    }
    const out = [];
    for (const line of text.split('\n')) {
        try {
            const r = JSON.parse(line);
            if (typeof r.at === 'number' && typeof r.action === 'string' && typeof r.service === 'string' && typeof r.id === 'string')
                out.push(r);
        }
        catch {
            // not a whole record
        }
    }
    return out;
}
/** Until its process has ended, or `limitMs`; whether it has. */
async function ended(w, limitMs) {
    const started = performance.now();
    while (stillRunning(w.pid, w.jobFile)) {
        if (performance.now() - started >= limitMs)
            return false;
        await sleep(25);
    }
    return true;
}
/** Ask it to end; past `limitMs`, kill its group. Whether it was still running when asked. */
async function endProcess(w, limitMs) {
    if (!stillRunning(w.pid, w.jobFile))
        return false;
    signalGroup(w.pid, 'SIGTERM');
    if (!(await ended(w, limitMs))) {
        signalGroup(w.pid, 'SIGKILL');
        await ended(w, 1000);
    }
    return true;
}
/** End the watch and read it. */
async function endWatch(w, limitMs = END_WAIT_MS) {
    const wasRunning = await endProcess(w, limitMs);
    const endedAt = Date.now();
    const records = readRecords(w.recordFile);
    const last = records.findLast((r) => r.action === 'watch-ended');
    const events = records.filter((r) => r.action !== 'watch-ended');
    const base = { project: w.project, readyAt: w.readyAt, endedAt, incidents: incidentsOf(events, w.readyAt) };
    if (wasRunning && last?.why === 'ended by the post step')
        return { ...base, coverage: { whole: true } };
    const at = last ? ` at ${new Date(last.at).toISOString()}` : '';
    const why = last?.why
        ? `it ended${at}: ${last.why}`
        : wasRunning
            ? 'it did not end when asked, and was killed'
            : 'its process was gone before the post step (killed?)';
    return { ...base, coverage: { whole: false, why } };
}

;// CONCATENATED MODULE: ./src/after-decision/types.ts
/**
 * The watch after the decision (issue 26, item 4): between the main step and the post step, a
 * process of the action's own follows the stack's container events, so that a service that dies,
 * restarts or turns unhealthy while the tests run is reported by the post step. The shapes the
 * main step hands over, the watcher writes, and the post step reads and reports.
 */
/** Kinds that mean the tests may have run against a broken stack: a warning annotation each. */
const ALARMING = new Set(['died', 'oom-killed', 'unhealthy']);

;// CONCATENATED MODULE: ./src/report/after-decision-summary.ts
/**
 * The post step's part of the job summary, and its annotations, on what happened to the stack
 * between the decision and the post step (src/after-decision/). Pure.
 */



/** The most incidents listed (and annotated: GitHub shows 10 warnings of a step). */
const MAX_ROWS = 50;
const MAX_ANNOTATIONS = 10;
const clock = (ms) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
const after_decision_summary_seconds = (ms) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
const after_decision_summary_name = (s) => (0,outside/* outsideLine */.U2)(s, 200);
/** What happened, in a few words: "exited 1", "was killed for lack of memory (exit 137)". */
function whatHappened(i) {
    const code = i.exitCode === undefined ? '' : ` ${i.exitCode}`;
    switch (i.kind) {
        case 'died':
            return `exited${code}`;
        case 'oom-killed':
            return `was killed for lack of memory (OOM${code ? `, exit${code}` : ''})`;
        case 'unhealthy':
            return 'turned unhealthy';
        case 'restarted':
            return 'started again';
        case 'healthy-again':
            return 'turned healthy again';
        case 'stopped':
            return `was stopped on request (docker stop, compose down or restart)${code ? `, exit${code}` : ''}`;
        case 'removed':
            return 'was removed';
    }
}
/** "db exited 1 at 12:03:04 UTC, 2.1 s after the stack was declared ready". Plain text, names made inert. */
function incidentLine(i) {
    return `${after_decision_summary_name(i.service)} ${whatHappened(i)} at ${clock(i.at)}, ${after_decision_summary_seconds(i.sinceReadyMs)} after the stack was declared ready`;
}
/** One warning annotation each for what may have broken the tests (deaths, OOM, unhealthy), at most 10. */
function afterDecisionWarnings(a) {
    const alarming = a.incidents.filter((i) => ALARMING.has(i.kind));
    const lines = alarming.slice(0, MAX_ANNOTATIONS).map(incidentLine);
    if (alarming.length > MAX_ANNOTATIONS)
        lines.push(`… and ${alarming.length - MAX_ANNOTATIONS} more (see the job summary)`);
    return lines;
}
function row(i) {
    const icon = ALARMING.has(i.kind) ? '⚠️' : 'ℹ️';
    return `| ${clock(i.at)} | +${after_decision_summary_seconds(i.sinceReadyMs)} | ${markdown_escapeHtml(after_decision_summary_name(i.service))} | ${icon} ${markdown_escapeHtml(whatHappened(i))} |`;
}
function renderAfterDecision(a) {
    const span = `from ${clock(a.readyAt)}, when the stack was declared ready, to the post step (${after_decision_summary_seconds(a.endedAt - a.readyAt)})`;
    const coverage = a.coverage.whole
        ? []
        : ['', `⚠️ The watch did not cover the whole time: ${markdown_escapeHtml((0,outside/* outsideLine */.U2)(a.coverage.why, 500))}.`];
    const head = `### After the decision: project ${markdown_escapeHtml(after_decision_summary_name(a.project))}`;
    if (a.incidents.length === 0)
        return [head, '', `✅ No service died, restarted or changed health ${span}.`, ...coverage, ''].join('\n');
    const alarming = a.incidents.filter((i) => ALARMING.has(i.kind)).length;
    const verdict = alarming
        ? `⚠️ ${alarming} of these may have failed the tests that ran against the stack: their services' logs say why.`
        : 'ℹ️ Nothing here broke on its own: each stop was asked for.';
    const shown = a.incidents.slice(0, MAX_ROWS);
    const more = a.incidents.length > shown.length ? [`… and ${a.incidents.length - shown.length} more.`] : [];
    return [
        head,
        '',
        `What happened to the stack's services ${span}:`,
        '',
        '| Time | After ready | Service | What |',
        '|---|---|---|---|',
        ...shown.map(row),
        ...more,
        '',
        verdict,
        ...coverage,
        '',
    ].join('\n');
}

// EXTERNAL MODULE: external "node:querystring"
var external_node_querystring_ = __nccwpck_require__(41792);
;// CONCATENATED MODULE: ./src/probe/credentials.ts
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
    const forms = (s) => [...new Set([s, safeDecode(s), external_node_querystring_.unescape(s)])];
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
/**
 * Every secret, registered before anything can be logged: the token, and a staging URL's password
 * with the Basic credentials made of it. Masked by the runner, and removed from outside text (a
 * staging that echoes them back) before it reaches the log, the summary, the report or an output.
 */
function registerInputSecrets(read) {
    (0,outside/* registerSecret */.cl)(read('staging-token'));
    for (const name of ['staging-backend-url', 'staging-websocket-url', 'staging-auth-url']) {
        for (const secret of credentialSecrets(read(name)))
            (0,outside/* registerSecret */.cl)(secret);
    }
}

;// CONCATENATED MODULE: ./src/input-names.ts
/**
 * Every input of action.yml with the default it declares: the one list the parser reads its
 * names and defaults from, and the one `__tests__/unit/action-contract.test.ts` holds action.yml
 * to. A name that is not here is a type error wherever an input is read or named.
 */
const INPUT_DEFAULTS = {
    mode: 'auto',
    'working-directory': '.',
    'compose-files': '',
    'project-directory': '',
    'project-name': '',
    services: '',
    build: 'false',
    pull: 'missing',
    'up-flags': '',
    'startup-timeout': '120',
    'backend-service': 'backend',
    'backend-port': '8000',
    'health-path': '/health',
    'websocket-path': '/ws',
    'auth-service': 'auth',
    'auth-port': '8081',
    'auth-health-path': '/health',
    'staging-backend-url': '',
    'staging-websocket-url': '',
    'staging-auth-url': '',
    'staging-token': '',
    'staging-timeout': '10',
    'fail-on-unavailable': 'true',
    'export-env': 'true',
    teardown: 'true',
    'cache-images': 'false',
    isolate: 'false',
    'url-host': '',
    'upload-logs': 'on-failure',
};
/** The default action.yml declares for `name` (the runner gives it for an input the workflow does not set). */
function input_names_defaultOf(name) {
    return INPUT_DEFAULTS[name];
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
/** The inputs as the runner passes them: `INPUT_<NAME>` (spaces as `_`), trimmed; '' when not set. */
function inputsFrom(env) {
    return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
const DEFAULT_AUTH_SERVICE = input_names_defaultOf('auth-service');
const DEFAULT_BACKEND_SERVICE = input_names_defaultOf('backend-service');
const DEFAULT_BACKEND_PORT = Number(input_names_defaultOf('backend-port'));
const DEFAULT_AUTH_PORT = Number(input_names_defaultOf('auth-port'));
const MAX_STARTUP_TIMEOUT_S = 3600;
const MAX_STAGING_TIMEOUT_S = 600;
/** Quote a value for an error message: JSON keeps control characters visible. */
function show(value) {
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}
/** One of `allowed`, in any case; empty means action.yml's default. */
function oneOf(input, raw, allowed) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return defaultOf(input);
    if (allowed.includes(value))
        return value;
    throw new InputError(input, `Input '${input}' must be one of ${allowed.join(', ')}; got ${show(raw)}.`);
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
    throw new InputError(input, `Input '${input}' must be a host name or an IP address, with no scheme, port or path; got ${show(raw)}.`);
}
/** true/false in any case; empty means the default. Anything else is an error. */
function parseBoolean(input, raw) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return defaultOf(input) === 'true';
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw new InputError(input, `Input '${input}' must be true or false; got ${show(raw)}.`);
}
/**
 * Timeouts below this are no budget at all: a probe cannot even connect (0.0001 was accepted, and
 * ended every probe as "no answer").
 */
const MIN_TIMEOUT_S = 1;
/** A number of seconds from MIN_TIMEOUT_S to `max`; returned in milliseconds. */
function parseSeconds(input, raw, max) {
    const value = raw.trim();
    if (value === '')
        return Number(defaultOf(input)) * 1000;
    const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n) || n < MIN_TIMEOUT_S || n > max) {
        throw new InputError(input, `Input '${input}' must be a number of seconds from ${MIN_TIMEOUT_S} to ${max}; got ${show(raw)}.`);
    }
    return Math.round(n * 1000);
}
function parsePort(input, raw) {
    const value = raw.trim();
    if (value === '')
        return Number(defaultOf(input));
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
        throw new InputError(input, `Input '${input}' must be a port number from 1 to 65535; got ${show(raw)}.`);
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
function parsePath(input, raw) {
    const value = raw.trim();
    if (value === '')
        return defaultOf(input);
    if (!value.startsWith('/') || /[\s?#]/.test(value)) {
        throw new InputError(input, `Input '${input}' must be a URL path starting with '/' (no spaces, '?' or '#'); got ${show(raw)}.`);
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
    const resolved = path.resolve(base, raw);
    const escapes = (p, root) => {
        const rel = path.relative(root, p);
        return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
    };
    if (escapes(resolved, workspace)) {
        throw new InputError(input, `Input '${input}' must stay inside the workspace (${workspace}); got ${show(raw)}, which resolves to ${resolved}.`);
    }
    let real;
    try {
        real = fs.realpathSync(resolved);
    }
    catch {
        // Does not exist (yet): the lexical check above is all there is to check.
    }
    if (real !== undefined && escapes(real, safeRealpath(workspace))) {
        throw new InputError(input, `Input '${input}' must stay inside the workspace (${workspace}); got ${show(raw)}, a link to ${real}.`);
    }
    return resolved;
}
function safeRealpath(p) {
    try {
        return fs.realpathSync(p);
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
        throw new InputError(input, `Input '${input}' must be one URL, with no spaces, tabs or line breaks inside; got ${show(redactUrl(value))}.`);
    }
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new InputError(input, `Input '${input}' must be an absolute ${protocols.join(' or ')} URL; got ${show(redactUrl(value))}.`);
    }
    if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
        throw new InputError(input, `Input '${input}' must be an absolute ${protocols.join(' or ')} URL; got ${show(redactUrl(value))}.`);
    }
    if (url.hash !== '') {
        throw new InputError(input, `Input '${input}' must not have a #fragment; got ${show(redactUrl(value))}.`);
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
        throw new InputError(input, `Input '${input}' must be a service name (letters, digits, '.', '_', '-'); got ${show(raw)}.`);
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
        throw new InputError(input, `Input '${input}' could not be parsed: ${why}; got ${show(raw)}.`);
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
    const backendPort = parsePort('backend-port', read('backend-port'));
    const authPort = parsePort('auth-port', read('auth-port'));
    return {
        backendPort,
        backendPortExplicit: backendPort !== DEFAULT_BACKEND_PORT,
        authPort,
        authPortExplicit: authPort !== DEFAULT_AUTH_PORT,
    };
}
/** The staging inputs: URLs (the WebSocket one derived from the backend's when not given), token, timeout. */
function stagingInputs(read, websocketPath) {
    const backendUrl = parseUrl('staging-backend-url', read('staging-backend-url'), ['http', 'https']);
    const wsInput = parseUrl('staging-websocket-url', read('staging-websocket-url'), ['ws', 'wss']);
    const authUrl = parseUrl('staging-auth-url', read('staging-auth-url'), ['http', 'https']);
    const token = read('staging-token').trim();
    if (/[\r\n\0]/.test(token)) {
        throw new InputError('staging-token', "Input 'staging-token' must be one line (it holds a newline or NUL character; value not shown).");
    }
    const derive = wsInput === undefined && backendUrl !== undefined && websocketPath !== undefined;
    return {
        backendUrl,
        websocketUrl: derive ? deriveWebsocketUrl(backendUrl, websocketPath) : wsInput,
        websocketUrlSource: derive ? 'derived' : 'input',
        authUrl,
        token: token === '' ? undefined : token,
        timeoutMs: parseSeconds('staging-timeout', read('staging-timeout'), MAX_STAGING_TIMEOUT_S),
    };
}
/**
 * Parse and validate every input. `read` returns the raw value of one input ('' when unset);
 * `workspace` is GITHUB_WORKSPACE. Secrets must be masked by the caller before this runs, so a
 * thrown message can be logged safely; messages never include `staging-token`.
 */
function parseInputs(read, workspace) {
    const ws = path.resolve(workspace);
    const mode = oneOf('mode', read('mode'), ['auto', 'docker', 'staging']);
    const workingDirectory = resolveInsideWorkspace('working-directory', read('working-directory').trim() || defaultOf('working-directory'), ws, ws);
    const composeFiles = parseList(read('compose-files')).map((f) => resolveInsideWorkspace('compose-files', f, workingDirectory, ws));
    const projectDirRaw = read('project-directory').trim();
    const projectDirectory = projectDirRaw === '' ? undefined : resolveInsideWorkspace('project-directory', projectDirRaw, ws, ws);
    const projectNameRaw = read('project-name').trim();
    if (projectNameRaw !== '' && !PROJECT_NAME.test(projectNameRaw)) {
        throw new InputError('project-name', `Input 'project-name' must be lower-case letters, digits, '_' and '-', starting with a letter or digit; got ${show(projectNameRaw)}.`);
    }
    const services = parseList(read('services')).map((s) => parseServiceName('services', s));
    const backendService = parseServiceName('backend-service', read('backend-service').trim() || DEFAULT_BACKEND_SERVICE);
    const authRaw = read('auth-service').trim();
    const authService = authRaw === '' ? undefined : parseServiceName('auth-service', authRaw);
    const healthPath = parsePath('health-path', read('health-path'));
    // The runner gives action.yml's default (/ws) for an unset input: an empty value was set on purpose.
    const websocketPath = read('websocket-path').trim() === '' ? undefined : parsePath('websocket-path', read('websocket-path'));
    return {
        mode,
        workspace: ws,
        workingDirectory,
        composeFiles,
        projectDirectory,
        projectName: projectNameRaw === '' ? undefined : projectNameRaw,
        services,
        build: parseBoolean('build', read('build')),
        pull: oneOf('pull', read('pull'), ['missing', 'always', 'never']),
        upFlags: shellWords('up-flags', read('up-flags')),
        startupTimeoutMs: parseSeconds('startup-timeout', read('startup-timeout'), MAX_STARTUP_TIMEOUT_S),
        backendService,
        backendServiceExplicit: backendService !== DEFAULT_BACKEND_SERVICE,
        ...endpointPorts(read),
        healthPath,
        websocketPath,
        authService,
        authServiceExplicit: authService !== undefined && authService !== DEFAULT_AUTH_SERVICE,
        authHealthPath: parsePath('auth-health-path', read('auth-health-path')),
        staging: stagingInputs(read, websocketPath),
        failOnUnavailable: parseBoolean('fail-on-unavailable', read('fail-on-unavailable')),
        exportEnv: parseBoolean('export-env', read('export-env')),
        teardown: parseBoolean('teardown', read('teardown')),
        cacheImages: parseBoolean('cache-images', read('cache-images')),
        isolate: parseBoolean('isolate', read('isolate')),
        urlHost: parseHost('url-host', read('url-host')),
        uploadLogs: oneOf('upload-logs', read('upload-logs'), ['on-failure', 'always', 'never']),
    };
}

;// CONCATENATED MODULE: ./src/logs/folder.ts
/**
 * Where the complete logs go: `$RUNNER_TEMP/compose-or-staging/logs/<project>/<service>.log`, each
 * name made safe for a file system and for an artifact (no path separators, no characters the
 * artifact service refuses, no leading dot).
 */


/** A service or project name as one safe file name component. Pure. */
function safeFileName(name) {
    const s = name
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .replace(/^\.+/, '_')
        .slice(0, 100);
    return s === '' ? '_' : s;
}
/** The folder of a project's log files. */
function logsFolder(env, project) {
    return external_node_path_.join(env.RUNNER_TEMP || external_node_os_.tmpdir(), 'compose-or-staging', 'logs', safeFileName(project));
}
/** The file of one service's log in `folder`; distinct services whose safe names meet get a number. */
function logFileOf(folder, service, taken) {
    const base = safeFileName(service);
    let name = `${base}.log`;
    for (let i = 2; taken.has(name); i++)
        name = `${base}-${i}.log`;
    taken.add(name);
    return external_node_path_.join(folder, name);
}

// EXTERNAL MODULE: ./src/images/library-output.ts
var library_output = __nccwpck_require__(84863);
;// CONCATENATED MODULE: ./src/logs/upload.ts
/**
 * The log files uploaded as one workflow artifact with `@actions/artifact` (loaded only when an
 * upload happens: it weighs megabytes), named `compose-logs-<job>-<attempt>`; a second job of the
 * run under that name (a matrix leg) gets a short suffix. Bounded in time: the library retries a
 * failing results service five times, 3 s apart and growing, and cannot be told otherwise; past
 * {@link UPLOAD_MS} the upload is left behind (the entries end without it, as for the cache) and
 * the outcome says why. Never throws: a failed upload is the caller's warning, never a failed step.
 * The library's own output is routed as the cache's is (images/library-output.ts).
 */





/** The whole upload's bound. */
const upload_UPLOAD_MS = 30_000;
/** `compose-logs-<job>-<attempt>`, and `-<suffix>` when that name is taken. Pure. */
function artifactName(env, suffix) {
    const base = `compose-logs-${safeFileName(env.GITHUB_JOB || 'job')}-${safeFileName(env.GITHUB_RUN_ATTEMPT || '1')}`;
    return suffix ? `${base}-${suffix}` : base;
}
/** The artifact's page, from the run's coordinates; undefined when they are missing. Pure. */
function artifactUrl(env, id) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
    return server && repo && run ? `${server.replace(/\/$/, '')}/${repo}/actions/runs/${run}/artifacts/${id}` : undefined;
}
/** The results service refused the name: an artifact of this run has it already (another matrix leg). */
const nameTaken = (err) => /\(409\)|already exists/i.test((0,model/* errorMessage */.gJ)(err));
/** Upload under the plain name, then once under a suffixed one if the plain one is taken. */
async function uploadNamed(env, upload, suffix) {
    const plain = artifactName(env);
    try {
        return { name: plain, ...(await upload(plain)) };
    }
    catch (err) {
        if (!nameTaken(err))
            throw err;
        const other = artifactName(env, suffix);
        return { name: other, ...(await upload(other)) };
    }
}
/**
 * Upload `files` (all under `root`) as one artifact, within `ms`. `suffix` tells this job's
 * artifact from another's of the same name (the project's own suffix, say).
 */
async function uploadLogFiles(files, root, env, suffix, ms = upload_UPLOAD_MS) {
    const name = artifactName(env);
    if (files.length === 0)
        return { uploaded: false, name, why: 'no log file was written' };
    if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL)
        return {
            uploaded: false,
            name,
            why: 'this runner gives no artifact service (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set)',
        };
    const call = (0,library_output/* newCall */.N0)();
    const upload = async (n) => {
        const { DefaultArtifactClient } = await Promise.all(/* import() */[__nccwpck_require__.e(955), __nccwpck_require__.e(838), __nccwpck_require__.e(277), __nccwpck_require__.e(298)]).then(__nccwpck_require__.bind(__nccwpck_require__, 63298));
        return new DefaultArtifactClient().uploadArtifact(n, files.map((f) => f.file), root, { compressionLevel: 6 });
    };
    const running = (0,library_output/* routedHere */.Q5)(call, () => uploadNamed(env, upload, suffix)).then((v) => ({ ok: true, v }), (err) => ({ ok: false, err }));
    let timer;
    const outcome = await Promise.race([running, new Promise((r) => (timer = setTimeout(() => r('late'), ms)))]);
    clearTimeout(timer);
    const problems = (0,library_output/* problemsOf */.GW)(call);
    if (outcome === 'late')
        return { uploaded: false, name, why: `no answer within ${Math.round(ms / 1000)} s${problems ? ` (${problems})` : ''}` };
    if (!outcome.ok)
        return { uploaded: false, name, why: (0,outside/* outsideLine */.U2)((0,model/* errorMessage */.gJ)(outcome.err), 300) };
    const { v } = outcome;
    if (v.id === undefined)
        return { uploaded: false, name: v.name, why: problems || 'the artifact service gave no id' };
    return { uploaded: true, name: v.name, id: v.id, url: artifactUrl(env, v.id), size: v.size ?? 0 };
}
/** The folder the artifact's paths are relative to: the files' common folder. */
const artifactRoot = (files) => (files[0] ? external_node_path_.dirname(files[0].file) : '.');

;// CONCATENATED MODULE: ./src/logs/publish.ts
/**
 * The log files made public to the run, as `upload-logs` asks: uploaded as one artifact, the
 * outcome kept in the report (a check, and the summary's link), a failed upload said as a warning.
 */


/** Whether the logs are uploaded: `always`; `on-failure` when the Docker path failed. Pure. */
function wantsUpload(policy, dockerFailed) {
    return policy === 'always' || (policy === 'on-failure' && dockerFailed);
}
/** Upload the report's log files (none: nothing is done); the outcome in the report. Never throws. */
async function publishLogs(report, env, suffix) {
    if (report.logFiles.length === 0)
        return;
    const started = performance.now();
    const outcome = await uploadLogFiles(report.logFiles, artifactRoot(report.logFiles), env, suffix);
    report.logsUpload = outcome;
    const count = `${report.logFiles.length} log file(s)`;
    report.add({
        id: 'logs.upload',
        title: 'Logs artifact',
        status: outcome.uploaded ? 'ok' : 'info',
        durationMs: performance.now() - started,
        detail: outcome.uploaded ? `${count} uploaded as ${outcome.name}` : `${count} not uploaded: ${outcome.why}`,
    });
    if (outcome.uploaded)
        info(`Logs: ${count} uploaded as artifact ${outcome.name}${outcome.url ? ` (${outcome.url})` : ''}.`);
    else
        warning(`The services' logs were not uploaded as an artifact: ${outcome.why}. They are in ${artifactRoot(report.logFiles)} on the runner.`, { title: 'Logs artifact' });
}

;// CONCATENATED MODULE: ./src/docker/stream-frames.ts
/**
 * The engine's multiplexed stream (exec and logs of a container without a TTY): frames of an
 * 8-byte header (the stream: 1 stdout, 2 stderr; three zero bytes; the payload's length, big
 * endian) and the payload. A container with a TTY sends its output raw, with no frames: told apart
 * by the first header, as the engine's own clients do when they do not know. Pure.
 */
class stream_frames_FrameReader {
    onData;
    pending = Buffer.alloc(0);
    /** Undefined until the first bytes say; false: a raw stream (a TTY), all of it stdout. */
    framed;
    constructor(onData) {
        this.onData = onData;
    }
    push(chunk) {
        if (this.framed === undefined) {
            this.pending = Buffer.concat([this.pending, chunk]);
            if (this.pending.length < 4)
                return;
            this.framed = this.pending[0] <= 2 && this.pending[1] === 0 && this.pending[2] === 0 && this.pending[3] === 0;
            chunk = this.pending;
            this.pending = Buffer.alloc(0);
        }
        if (!this.framed)
            return this.onData(chunk, 'stdout');
        this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
        while (this.pending.length >= 8) {
            const size = this.pending.readUInt32BE(4);
            if (this.pending.length < 8 + size)
                break;
            const payload = this.pending.subarray(8, 8 + size);
            this.onData(payload, this.pending[0] === 2 ? 'stderr' : 'stdout');
            this.pending = this.pending.subarray(8 + size);
        }
    }
}
/** A whole multiplexed answer, its two streams as text. Pure. */
function stream_frames_demux(bytes) {
    const out = { stdout: [], stderr: [] };
    new stream_frames_FrameReader((b, stream) => out[stream].push(b)).push(bytes);
    return { stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
}

;// CONCATENATED MODULE: ./src/docker/container-io.ts
/**
 * A command run in a container (`docker exec`), and a container's log followed (`docker logs
 * --follow`): on the engine's local socket when it is there (no process started: the healthcheck
 * runs of the wait come often, and each CLI call is a Go program's start), else with the CLI.
 * Either way the caller gets what `exec` would give it.
 */






/** Run `cmd` in container `id` as `docker exec` does (its user, its working directory, no TTY). */
function execIn(env, id, cmd, o) {
    const socket = engineSocket(env);
    const argv = ['docker', 'exec', id, ...cmd];
    return socket ? execOnSocket(socket, argv, id, cmd, o) : exec(argv, { env, signal: o.signal, timeoutMs: o.timeoutMs });
}
async function execOnSocket(socket, argv, id, cmd, o) {
    const started = performance.now();
    const left = () => Math.max(1, o.timeoutMs - (performance.now() - started));
    try {
        const created = await apiRequest(socket, 'POST', `/containers/${encodeURIComponent(id)}/exec`, {
            json: { AttachStdout: true, AttachStderr: true, Cmd: cmd },
            timeoutMs: left(),
            signal: o.signal,
        });
        // The CLI's own exit codes for what it cannot do: 1 (no such container), 126 (cannot run it).
        if (created.status !== 201)
            return engineRefused(argv, started, created.status === 404 ? 1 : 126, created.body);
        const execId = JSON.parse(created.body).Id;
        const ran = await apiRequest(socket, 'POST', `/exec/${execId}/start`, {
            json: { Detach: false, Tty: false },
            timeoutMs: left(),
            signal: o.signal,
        });
        if (ran.status !== 200)
            return engineRefused(argv, started, 126, ran.body);
        return streamsOf(argv, started, await exitCodeOf(socket, execId, left, o.signal), ran.bytes);
    }
    catch (err) {
        return noAnswer(argv, started, socket, err);
    }
}
/** The exit code of an exec whose stream ended: the engine may say it a moment after. */
async function exitCodeOf(socket, execId, left, signal) {
    for (let tries = 0;; tries++) {
        const a = await apiRequest(socket, 'GET', `/exec/${execId}/json`, { timeoutMs: left(), signal });
        const state = a.status === 200 ? JSON.parse(a.body) : undefined;
        if (state && !state.Running && typeof state.ExitCode === 'number')
            return state.ExitCode;
        if (!state || tries >= 50)
            return null;
        await new Promise((r) => setTimeout(r, 10));
    }
}
/** Follow container `id`'s log until `signal` aborts, the container ends it or `timeoutMs` passes. */
async function followLog(env, id, o) {
    const socket = engineSocket(env);
    if (!socket) {
        const tail = o.tail === undefined ? [] : ['--tail', String(o.tail)];
        const since = o.since === undefined ? [] : ['--since', o.since];
        await exec(['docker', 'logs', '--follow', ...tail, ...since, id], {
            env,
            signal: o.signal,
            timeoutMs: o.timeoutMs,
            keepChars: o.keepChars ?? 1024,
            onLine: o.onLine,
        });
        return;
    }
    const lines = { stdout: new LineSplitter((l) => o.onLine(l, 'stdout')), stderr: new LineSplitter((l) => o.onLine(l, 'stderr')) };
    const frames = new FrameReader((bytes, stream) => lines[stream].push(bytes));
    const query = `follow=1&stdout=1&stderr=1${o.tail === undefined ? '' : `&tail=${o.tail}`}${o.since === undefined ? '' : `&since=${o.since}`}`;
    await apiStream(socket, `/containers/${encodeURIComponent(id)}/logs?${query}`, (chunk) => frames.push(chunk), o);
}
/**
 * `docker logs --timestamps --tail N` of container `id`: its two streams, each line stamped. An
 * ExecResult either way (code 1 with the engine's words when it cannot be read).
 */
async function readLog(env, id, tail, o) {
    const argv = ['docker', 'logs', '--timestamps', '--tail', String(tail), id];
    const socket = engineSocket(env);
    if (!socket)
        return exec(argv, { env, signal: o.signal, timeoutMs: o.timeoutMs });
    const started = performance.now();
    try {
        const a = await apiRequest(socket, 'GET', `/containers/${encodeURIComponent(id)}/logs?stdout=1&stderr=1&timestamps=1&tail=${tail}`, o);
        return a.status === 200 ? streamsOf(argv, started, 0, a.bytes) : engineRefused(argv, started, 1, a.body);
    }
    catch (err) {
        return noAnswer(argv, started, socket, err);
    }
}
/** A line never ended is handed on in pieces of this many characters, not held without bound. */
const MAX_PENDING = 64 * 1024;
/**
 * `docker logs --timestamps` of container `id`, all of it, handed on line by line as it is read:
 * nothing is kept (a log of 100 MB costs what a small one does). Resolves when the log has been
 * read, `signal` aborts or `timeoutMs` passes; true when it was read to its end.
 */
async function readWholeLog(env, id, o) {
    const socket = endpoint_engineSocket(env);
    if (!socket) {
        const r = await (0,src_exec/* exec */.m0)(['docker', 'logs', '--timestamps', id], {
            env,
            signal: o.signal,
            timeoutMs: o.timeoutMs,
            keepChars: 1024,
            onLine: o.onLine,
        });
        return r.code === 0;
    }
    const decoders = { stdout: new external_node_string_decoder_.StringDecoder('utf8'), stderr: new external_node_string_decoder_.StringDecoder('utf8') };
    const rest = { stdout: '', stderr: '' };
    const frames = new stream_frames_FrameReader((bytes, stream) => {
        const parts = (rest[stream] + decoders[stream].write(bytes)).split('\n');
        rest[stream] = parts.pop() ?? '';
        for (const p of parts)
            o.onLine(p.replace(/\r$/, ''), stream);
        if (rest[stream].length > MAX_PENDING) {
            o.onLine(rest[stream], stream);
            rest[stream] = '';
        }
    });
    // The bound is kept here, not by the request: a log cut by it must not pass for a whole one.
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), o.timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
    const path = `/containers/${encodeURIComponent(id)}/logs?stdout=1&stderr=1&timestamps=1`;
    const status = await engine_api_apiStream(socket, path, (chunk) => frames.push(chunk), { signal }).finally(() => clearTimeout(timer));
    for (const stream of ['stdout', 'stderr']) {
        const last = (rest[stream] + decoders[stream].end()).replace(/\r$/, '');
        if (last !== '')
            o.onLine(last, stream);
    }
    return status === 200 && !signal.aborted;
}

;// CONCATENATED MODULE: ./src/logs/write.ts
/**
 * Each service's complete log streamed to its own file as it is read: line by line from the
 * engine, redacted line by line (a secret cut by a chunk boundary is whole in its line), written
 * in slices of at most {@link SLICE_BYTES}. Nothing is held whole: a log of 100 MB costs what a
 * small one does. Replicas follow one another in one file, each under a line that names it.
 */




/** Every service's complete log is read within this, all at once (a longer one is cut, and says so). */
const LOG_FILES_MS = 10_000;
/** What is gathered before one write. */
const SLICE_BYTES = 64 * 1024;
/** Lines appended to an open file in slices; counts what it wrote. */
class LogFileWriter {
    fd;
    pending = [];
    pendingChars = 0;
    bytes = 0;
    constructor(fd) {
        this.fd = fd;
    }
    line(text) {
        const s = `${(0,outside/* redactLogLine */.WS)(text)}\n`;
        this.pending.push(s);
        this.pendingChars += s.length;
        if (this.pendingChars >= SLICE_BYTES)
            this.flush();
    }
    flush() {
        if (this.pending.length === 0)
            return;
        const buf = Buffer.from(this.pending.join(''), 'utf8');
        this.pending = [];
        this.pendingChars = 0;
        for (let off = 0; off < buf.length;)
            off += external_node_fs_.writeSync(this.fd, buf, off);
        this.bytes += buf.length;
    }
}
/** One service's containers, oldest first, into `file`. */
async function writeOne(service, file, containers, env, o) {
    const fd = external_node_fs_.openSync(file, 'w', 0o600);
    const out = new LogFileWriter(fd);
    let complete = true;
    try {
        const own = containers.filter((c) => c.service === service).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
        for (const c of own) {
            if (own.length > 1)
                out.line(`=== container ${c.name} ===`);
            const whole = await readWholeLog(env, c.id, { ...o, onLine: (line) => out.line(line) });
            if (!whole) {
                complete = false;
                out.line(`… the log of container ${c.name} was not read to its end (within ${Math.round(o.timeoutMs / 1000)} s, or the engine did not give it all)`);
            }
        }
        out.flush();
    }
    finally {
        external_node_fs_.closeSync(fd);
    }
    return { service, file, bytes: out.bytes, complete };
}
/**
 * The complete log of each of `services`, every one at once, into `folder` (made). A service
 * whose file cannot be written is left out (best effort: logs never fail the step).
 */
async function writeLogFiles(folder, services, containers, env, o) {
    external_node_fs_.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const taken = new Set();
    const files = services.map((s) => ({ service: s, file: logFileOf(folder, s, taken) }));
    const written = await Promise.all(files.map((f) => writeOne(f.service, f.file, containers, env, o).catch(() => undefined)));
    return written.filter((w) => w !== undefined);
}

;// CONCATENATED MODULE: ./src/logs/final.ts
/**
 * `upload-logs: always`, in the post step: the stack still up (the main step found it healthy) has
 * its final logs written before teardown, redacted as the main step's were (the action's own
 * secrets from its inputs, the stack's from what the main step kept), and uploaded. The action
 * cannot see whether a later step failed: `always` is how a user gets them then.
 */











/**
 * The post step's final logs of `project`, when `upload-logs` is `always`: written and uploaded, and
 * what became of them for the summary (undefined when not asked for, or when they could not be
 * written: a warning says why). Never throws.
 */
async function finalLogs(project, engineEnv) {
    const read = inputsFrom(process.env);
    if (read('upload-logs').toLowerCase() !== 'always')
        return undefined;
    try {
        registerInputSecrets(read);
        for (const v of readLogSecrets())
            (0,outside/* registerSecret */.cl)(v);
        const env = { ...process.env, ...engineEnv };
        return await src_runner/* group */.Os(`Logs: the final logs of project ${project}`, async () => {
            const containers = await projectContainers(project, env);
            const services = [...new Set(containers.map((c) => c.service).filter(Boolean))];
            const report = new model/* Report */.pl();
            report.logFiles = await writeLogFiles(logsFolder(env, project), services, containers, env, { timeoutMs: LOG_FILES_MS });
            await publishLogs(report, env, project.split('-').pop() ?? 'post');
            return { logFiles: report.logFiles, logsUpload: report.logsUpload };
        });
    }
    catch (err) {
        warning(`The final logs could not be written or uploaded: ${String(err)}`, { title: 'Logs artifact' });
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/report/hints.ts
/** A value quoted for a hint: backticks inside it would break the code span. */
function q(v) {
    return `\`${String(v).replace(/`/g, "'")}\``;
}
/** An input of action.yml, quoted: a name that is not one is a type error. */
const inputQ = (name) => q(name);
function hints_str(v) {
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
    const given = hints_str(f.data.input);
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
    const p = hints_str(f.data.path);
    const url = hints_str(f.data.url);
    return `${q(pathInput(f))}${p ? ` (currently ${q(p)})` : url ? ` (probed ${q(url)})` : ''}`;
}
const serviceName = (f, fallback) => {
    const s = hints_str(f.data.service);
    return s ? q(s) : fallback;
};
function timeoutNote(f, input) {
    const s = num(f.data.timeoutSeconds);
    return `${q(input)}${s !== undefined ? ` (currently ${s} s)` : ''}`;
}
const HINTS = {
    'docker-slow': () => 'Docker is there but answered too slowly, twice: the runner is overloaded (fewer jobs at once on a self-hosted runner, or a bigger one), or the daemon hangs (`sudo systemctl restart docker`). Nothing is missing: do not install anything.',
    'invalid-input': (f) => {
        const declaration = hints_str(f.data.declaration);
        if (declaration)
            return `Fix the \`${declaration}\` readiness of service ${q(hints_str(f.data.service) ?? '?')} in the compose file (the detail says what it accepts; docs/readiness.md, "When is a service ready?", shows each check); nothing was started.`;
        const input = hints_str(f.data.input);
        return `Fix ${input ? q(input) : 'the input'} in the step's \`with:\` (the detail says what it accepts); nothing was started.`;
    },
    internal: () => 'The action failed in a way it does not know: the detail holds the error. Re-run the job; if it happens again, open an issue with the job summary and the report attached.',
    'no-cli': () => 'The docker CLI is not on PATH: use a runner with Docker (ubuntu-latest has it; macOS and Windows runners do not run Linux containers) or install it; set `mode: staging` to skip Docker.',
    'daemon-down': (f) => {
        const ep = hints_str(f.data.endpoint);
        return `No Docker daemon answered${ep ? ` at ${q(ep)}` : ''}: start the daemon, use a runner with Docker (ubuntu-latest), or point \`DOCKER_HOST\` at a reachable engine.`;
    },
    'socket-permission': (f) => {
        const ep = hints_str(f.data.endpoint);
        return `Permission denied on the Docker socket${ep ? ` ${q(ep)}` : ''}: add the runner's user to the \`docker\` group (and restart the runner service) or fix the socket's owner and mode.`;
    },
    'bad-context': (f) => {
        const ep = hints_str(f.data.endpoint);
        return `The Docker context cannot be used${ep ? ` (${q(ep)})` : ''}: unset or fix \`DOCKER_CONTEXT\` / \`DOCKER_HOST\`, or run \`docker context use default\` before this step.`;
    },
    'engine-ssh': (f) => {
        const ep = hints_str(f.data.endpoint);
        // Connected at first, dropped later (during up), or refused at the key exchange: sshd's limits.
        if (f.check.id !== 'docker.availability' || /kex_exchange_identification|ssh_exchange_identification/i.test(f.check.detail))
            return `The engine's sshd dropped connections: compose opens one SSH connection per call it makes at once (about two per service), and sshd's stock \`MaxStartups 10:30:100\` refuses the excess. On the engine's host, raise \`MaxStartups\` (e.g. \`100:30:200\`) and \`MaxSessions\` in \`sshd_config\`; or open one tunnel before this step (\`ssh -fNT -L $RUNNER_TEMP/docker.sock:/var/run/docker.sock <user>@<host>\`, then \`DOCKER_HOST=unix://…/docker.sock\` and \`url-host: <host>\`), or reach the engine over \`tcp://\` with TLS.`;
        return `The runner's \`ssh\` could not reach the engine${ep ? ` at ${q(ep)}` : ''} without a prompt: load the key (an ssh-agent step, or \`IdentityFile\` in \`~/.ssh/config\`), add the host's key to \`~/.ssh/known_hosts\` (\`ssh-keyscan -p <port> <host>\`), and let the remote user run \`docker\` (the \`docker\` group). \`ssh <user>@<host> docker version\` on the runner shows the same failure.`;
    },
    'engine-tls': (f) => {
        const ep = hints_str(f.data.endpoint);
        return `The TLS connection to the engine${ep ? ` at ${q(ep)}` : ''} failed: \`DOCKER_CERT_PATH\` (or the context's TLS files: \`docker context create … --docker host=…,ca=…,cert=…,key=…\`) must hold this engine's \`ca.pem\` and a client \`cert.pem\` / \`key.pem\` it accepts, with \`DOCKER_TLS_VERIFY=1\`; the server's certificate must name the host in \`DOCKER_HOST\`; an engine without TLS (port 2375) needs \`DOCKER_TLS_VERIFY\` unset.`;
    },
    'compose-missing': () => 'Docker answered but Compose is missing: install the compose plugin (package `docker-compose-plugin`) or a standalone `docker-compose` on the runner.',
    'file-found-elsewhere': (f) => {
        const at = strings(f.data.foundAt);
        if (at.length === 1)
            return `Set ${inputQ('compose-files')} to ${q(at[0])} (relative to ${inputQ('working-directory')}).`;
        if (at.length > 1)
            return `Set ${inputQ('compose-files')} to the one you mean: ${list(at.map((a) => q(a)))}.`;
        return `The compose file is not where ${inputQ('compose-files')} says but exists elsewhere: set ${inputQ('compose-files')} to the path shown (relative to ${inputQ('working-directory')}).`;
    },
    'file-missing': (f) => {
        const file = hints_str(f.data.file);
        return `${file ? `${q(file)} does not exist: ` : ''}fix the path in ${inputQ('compose-files')} (relative to ${inputQ('working-directory')}), or check that an earlier step created the file.`;
    },
    'no-compose-file': () => 'No compose file was found in `working-directory` or its `docker/`, `.docker/`, `deploy/`, `compose/` folders: set `compose-files`, or `working-directory` to the folder that holds it.',
    'config-invalid': (f) => {
        const loc = f.check.location;
        const where = loc ? ` at ${q(`${loc.file}${loc.line ? `:${loc.line}` : ''}`)}` : '';
        return `\`compose config\` rejected the file${where}: fix the error shown (reproduce with \`docker compose config\`); variables it needs must be set in the job's env or an env file.`;
    },
    'compose-too-old': (f) => {
        const needed = hints_str(f.data.needed);
        const have = hints_str(f.data.compose);
        const loc = f.check.location;
        const where = loc ? ` (${q(`${loc.file}:${loc.line ?? ''}`.replace(/:$/, ''))})` : '';
        const target = needed ? `compose ${q(needed)} or later` : 'a newer compose';
        return `The compose file uses a key${where} that ${have ? `compose ${q(have)}` : 'this compose'} does not know: run on a runner with ${target} (GitHub's hosted runners have the \`docker compose\` v2 plugin), install the compose plugin there, or remove the key.`;
    },
    'dockerfile-missing': (f) => {
        const missing = Array.isArray(f.data.missing) ? f.data.missing : [];
        const parts = missing.slice(0, 3).map((m) => {
            const what = hints_str(m.kind) === 'env_file' ? 'env file' : (hints_str(m.kind) ?? 'path');
            const svc = hints_str(m.service);
            const nearest = hints_str(m.nearest);
            return `${svc ? `${q(svc)}: ` : ''}${what} ${q(hints_str(m.path) ?? '?')} is missing${nearest ? `, nearest match ${q(nearest)}` : ''}`;
        });
        const more = missing.length > 3 ? `; and ${missing.length - 3} more` : '';
        return `Fix the path in the compose file, or set ${inputQ('project-directory')} to the folder build paths are relative to${parts.length ? ` (${parts.join('; ')}${more})` : ''}.`;
    },
    'service-missing': (f) => {
        const query = hints_str(f.data.query);
        const input = hints_str(f.data.input) ?? 'backend-service';
        const candidates = strings(f.data.candidates);
        return `${query ? `No service matches ${q(query)}: ` : ''}set ${q(input)} (or ${inputQ('services')}) to a service in the stack${candidates.length
            ? `: ${list(candidates.map((c) => q(c)), 8)}`
            : ''}.`;
    },
    'service-ambiguous': (f) => {
        const query = hints_str(f.data.query);
        const input = hints_str(f.data.input) ?? 'backend-service';
        const candidates = strings(f.data.candidates);
        return `${query
            ? `${q(query)} matches several services${candidates.length
                ? ` (${list(candidates.map((c) => q(c)), 8)})`
                : ''}: `
            : ''}name one of them exactly in ${q(input)}.`;
    },
    'service-not-started': (f) => {
        const svc = hints_str(f.data.service);
        const input = hints_str(f.data.input) ?? 'backend-service';
        const why = hints_str(f.data.why);
        const named = svc ? q(svc) : 'The service';
        const start = why?.startsWith('up-flags')
            ? `drop ${q(why.replace(/^up-flags /, ''))} from ${inputQ('up-flags')}`
            : `start one with ${inputQ('up-flags')} ${q(`--scale ${svc ?? '<service>'}=1`)}`;
        return `${named} starts no container${why ? ` (${q(why)})` : ''}, so compose creates none for it: ${input === 'services' ? `remove it from ${inputQ('services')}` : `set ${q(input)} to a service that starts`}, or ${start}.`;
    },
    'port-not-published': (f) => {
        const port = num(f.data.containerPort);
        const svc = serviceName(f, 'the backend service');
        const input = hints_str(f.data.input) ?? (/auth/.test(f.check.id) ? 'auth-port' : 'backend-port');
        return `Publish the container port: add \`ports: ["${port ?? 8000}"]\` to ${svc} in the compose file, or set ${q(input)} to the port it listens on${port !== undefined ? ` (currently ${port})` : ''}.`;
    },
    'port-allocated': (f) => {
        const hostPort = num(f.data.port) ?? /(\d+)\s*$/.exec(hints_str(f.data.port) ?? '')?.[1];
        const svc = hints_str(f.data.service);
        const variable = hints_str(f.data.variable);
        const written = hints_str(f.data.written);
        const whose = `${svc ? ` asked for by ${q(svc)}` : ''}${written ? ` (${q(written)})` : ''}`;
        const fix = variable
            ? `set ${q(variable)} to a free port in the step's env`
            : `publish a random host port (\`"${hostPort ?? 8000}"\` style, only the container port)`;
        return `The host port${hostPort !== undefined ? ` ${hostPort}` : ''}${whose} is taken by another container or process on this engine (another job's stack?): ${fix}, set ${inputQ('isolate')}: true (compose 2.24.4 or later: every fixed host port becomes a random one), or free the port.`;
    },
    'container-name-conflict': (f) => {
        const name = hints_str(f.data.containerName);
        const svc = hints_str(f.data.service);
        return `The fixed ${q('container_name')}${name ? ` ${q(name)}` : ''}${svc ? ` of ${q(svc)}` : ''} is held by another container on this engine (another job's stack, or one left behind): set ${inputQ('isolate')}: true (compose 2.24.4 or later: fixed names are reset, and kept as network aliases), remove the fixed name from the compose file (compose names containers per project), or remove that container before this step.`;
    },
    'image-missing': (f) => {
        const img = hints_str(f.data.image);
        return `An image${img ? ` (${q(img)})` : ''} could not be pulled: check its name and tag, log in to its registry before this step (docker/login-action), or set ${inputQ('build')}: true if it is built here; with ${inputQ('pull')}: never it must already be on the runner. A registry outage or a pull limit: ${inputQ('cache-images')}: true restores the images a run saved before.`;
    },
    'registry-rate-limit': (f) => {
        const img = hints_str(f.data.image);
        const tries = num(f.data.tries);
        return `The registry${img ? ` of ${q(img)}` : ''} refused pulls with its rate limit (HTTP 429, \`toomanyrequests\`)${tries !== undefined ? ` through ${tries} tries` : ''}: log in to it before this step (\`docker login\`, or docker/login-action: Docker Hub counts an account's pulls, not the runner address's, and allows more), set ${inputQ('cache-images')}: true (the images a run saved come back from the Actions cache, without a pull), or pull through a registry mirror (\`registry-mirrors\` in the engine's \`daemon.json\`, or the images copied to a registry of your own).`;
    },
    'registry-unavailable': (f) => {
        const img = hints_str(f.data.image);
        const tries = num(f.data.tries);
        return `The registry${img ? ` of ${q(img)}` : ''} kept failing (HTTP 5xx, timeouts or reset connections)${tries !== undefined ? ` through ${tries} tries` : ''}: an outage on its side (see its status page); re-run the job later. ${inputQ('cache-images')}: true restores the images a run saved before, even while the registry is down, and a registry mirror (\`registry-mirrors\` in the engine's \`daemon.json\`) spares the runner its bad hours.`;
    },
    'build-failed': () => "Building an image failed: the detail holds compose's own error (the failing step and why); reproduce it with `docker compose build` from the project directory, and check the build context, the Dockerfile and `project-directory`.",
    'up-failed': () => "`compose up` failed: the detail holds compose's own error; check the compose file and `up-flags` (reproduce it with `docker compose up` from the project directory).",
    'up-timeout': (f) => `\`compose up\` did not finish within ${timeoutNote(f, 'startup-timeout')}: raise it, or make pulls faster (smaller images, fewer of them, a registry near the runner).`,
    unhealthy: (f) => `${serviceName(f, 'A service')} is unhealthy: read its last healthcheck output and log lines; if it only starts slowly, raise ${inputQ('startup-timeout')}.`,
    exited: (f) => {
        const code = num(f.data.exitCode);
        return `${serviceName(f, 'A service')} exited${code !== undefined ? ` with code ${code}` : ''}: read its last log lines (a missing env var, a failed migration, a crash at start); raise ${inputQ('startup-timeout')} only if a dependency was slow.`;
    },
    restarting: (f) => `${serviceName(f, 'A service')} keeps restarting: read its last log lines for the crash at start (often a missing env var or a dependency not ready); raise ${inputQ('startup-timeout')} if it needs longer.`,
    'wait-timeout': (f) => {
        const waiting = strings(f.data.waiting);
        return `The stack was not healthy within ${timeoutNote(f, 'startup-timeout')}${waiting.length ? `, still waiting for ${list(waiting.map((w) => q(w)))}` : ''}: read the failed services' logs; raise ${inputQ('startup-timeout')} if it is only slow.`;
    },
    'health-status': (f) => {
        const status = num(f.data.status);
        const got = status !== undefined ? `HTTP ${status}` : 'a non-2xx status';
        if (status === 404 || status === 405)
            return `The health path answered ${got}: check ${currently(f)}${f.staging ? ` and that ${inputQ(urlInput(f.check))} has the right base path` : ''}.`;
        if (status === 401 || status === 403)
            return f.staging
                ? `Staging refused the request (${got}): check that the ${inputQ('staging-token')} secret is set and still valid.`
                : `The health endpoint needs authentication (${got}): point ${currently(f)} at an endpoint that does not.`;
        if (status !== undefined && status >= 500)
            return f.staging
                ? `Staging answered ${got}: the deployment (or a proxy in front of it) is failing or not ready; check the deployment.`
                : `The service answered ${got}: read its log; it may still be starting (raise ${inputQ('startup-timeout')}).`;
        return `${currently(f)} must answer 2xx; it answered ${got}.`;
    },
    'ws-rejected': (f) => {
        const status = num(f.data.status);
        const got = status !== undefined ? ` with HTTP ${status}` : '';
        if (status === 401 || status === 403)
            return f.staging
                ? `The WebSocket upgrade was refused${got}: check that the ${inputQ('staging-token')} secret is set and still valid.`
                : `The WebSocket upgrade needs authentication${got}: check ${currently(f)}.`;
        if (status !== undefined && status >= 500)
            return `The WebSocket upgrade failed${got}: the server (or a proxy that does not forward upgrades) is failing.`;
        return `The WebSocket upgrade was rejected${got}: check ${currently(f)}${f.staging ? ` or set ${inputQ('staging-websocket-url')}` : ''}.`;
    },
    unauthorized: (f) => {
        const status = num(f.data.status);
        const got = status !== undefined ? ` (HTTP ${status})` : '';
        return f.staging
            ? `Staging rejected the credentials${got}: check that the ${inputQ('staging-token')} secret is set for this workflow (secrets are empty on pull requests from forks) and still valid.`
            : `The endpoint needs authentication${got}: point ${currently(f)} at an endpoint that does not.`;
    },
    tls: (f) => {
        const why = f.check.detail;
        const input = f.staging ? inputQ(urlInput(f.check)) : 'the URL';
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
        ? `The host name does not resolve: check the host in ${inputQ(urlInput(f.check))} (a typo, or a private name this runner cannot resolve?).`
        : 'A host name does not resolve from the runner: check `DOCKER_HOST` and the URL in the detail.',
    refused: (f) => {
        if (f.staging)
            return `Nothing accepts connections there: check the port in ${inputQ(urlInput(f.check))} and that the deployment is up.`;
        const port = num(f.data.containerPort);
        return `Nothing listens on the published port: check that ${q(/auth/.test(f.check.id) ? 'auth-port' : 'backend-port')}${port !== undefined ? ` (currently ${port})` : ''} is the port the service listens on inside the container, on 0.0.0.0 rather than 127.0.0.1.`;
    },
    timeout: (f) => f.staging
        ? `No answer within ${timeoutNote(f, 'staging-timeout')}: check that the runner can reach ${inputQ(urlInput(f.check))} (firewall, VPN, private network), or raise ${inputQ('staging-timeout')}.`
        : `No answer in time: read the service's log; raise ${inputQ('startup-timeout')} if the service is only slow.`,
    'probe-error': (f) => `The probe failed before any answer: read the detail; check the URL${f.staging ? ` in ${inputQ(urlInput(f.check))}` : ''} and any proxy settings (\`HTTPS_PROXY\`, \`NO_PROXY\`).`,
    'windows-engine': () => "This runner's Docker runs Windows containers only (Docker on `windows-latest`), and the stack's images are Linux ones: run the job on an Ubuntu runner (`runs-on: ubuntu-latest`), or set `mode`: staging to test against staging without trying Docker.",
    'cache-service': () => 'The Actions cache service failed or did not answer in time: the images were pulled instead, and the step went on. Nothing to change when it is rare (see https://www.githubstatus.com); `cache-images`: false spares the try.',
    reset: (f) => `The server closed the connection: check the scheme and port${f.staging ? ` in ${inputQ(urlInput(f.check))}` : ''} (plain HTTP behind https:// or the reverse), or a proxy in between.`,
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
    // One hint serves checks of several ids: it reads their facts (report/check-data.ts) through the guards above.
    return hint({ check, data: (check.data ?? {}), staging: isStaging(check) });
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
    return c.id === 'compose.files' ? (c.data?.notChosen ?? []) : [];
}
/**
 * A duration for a table cell, its number, unit and mark held together by no-break spaces: a
 * narrow column wraps at spaces, and `995` above `ms ∥` reads as two things.
 */
function duration(ms, alongside = false) {
    return `${count(ms)}\u00a0ms${alongside ? '\u00a0∥' : ''}`;
}
function summary_plural(n, one, many = `${one}s`) {
    return `${count(n)} ${n === 1 ? one : many}`;
}
const bytesOf = (s) => Buffer.byteLength(s, 'utf8');
function checkRow(c, level, alongside) {
    let detail = text(c.detail, level.cellChars);
    const others = notChosen(c);
    if (others.length && level.notChosen > 0) {
        const shown = others.slice(0, level.notChosen).map((n) => `${code(n.file, 300)} (${text(n.why, 300)})`);
        const more = others.length > level.notChosen ? `; and ${count(others.length - level.notChosen)} more` : '';
        detail += `<br>Not chosen: ${shown.join('; ')}${more}`;
    }
    else if (others.length) {
        detail += `<br>${summary_plural(others.length, 'other candidate')} not chosen`;
    }
    if (c.location)
        detail += `<br>📄 ${code(`${c.location.file}${c.location.line ? `:${c.location.line}` : ''}`, 500)}`;
    const hint = c.status === 'failed' || c.failure ? hintFor(c) : undefined;
    if (hint)
        detail += `<br>💡 ${hintHtml(hint, level.cellChars)}`;
    return `| ${ICON[c.status] ?? ''} | ${text(c.title, 500)} | ${duration(c.durationMs, alongside)} | ${detail} |`;
}
function renderHead(decision, lim) {
    const h = headline(decision);
    const fails = decision.fail ? ' The step fails (<code>fail-on-unavailable</code>).' : '';
    return [`## ${h.icon} Mode: ${decision.mode} (${h.title})`, '', `**Why:** ${text(decision.reason, lim.cellChars)}${fails}`, ''];
}
function renderChecks(report, level) {
    const out = ['### Checks', '', '| | Check | Time | Detail |', '|---|---|--:|---|'];
    const alongside = report.checks.map((c) => overlapsAnother(c, report.checks));
    report.checks.forEach((c, i) => out.push(checkRow(c, level, alongside[i])));
    if (report.checks.length === 0)
        out.push('| | _(no checks ran)_ | | |');
    if (alongside.includes(true))
        out.push('', '∥ ran alongside other checks: those times overlap, and do not add up to the step’s.');
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
        out.push(`| ${p.class === 'ok' ? ICON.ok : ICON.failed} | ${text(p.name, 100)} | ${code(p.url, 1000)} | ${text(p.class, 100)} | ${p.status ?? '–'} | ${duration(Math.round(p.latencyMs))} | ${p.attempts} | ${text(p.detail, Math.min(level.cellChars, 1000))} |`);
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
/**
 * One row per image, what became of it, how many pulls it took, its size and time: with
 * cache-images every image of the stack, else those `up` needed when the step pulled any.
 */
function renderImages(report, level) {
    if (report.images.length === 0)
        return [];
    const hit = report.imageCache ? ` (cache-hit: ${report.imageCache.cacheHit}, platform ${text(report.imageCache.platform, 100)})` : '';
    const out = [
        `### Images${hit}`,
        '',
        '| | Image | Services | State | Tries | Size | Time | Detail |',
        '|---|---|---|---|--:|--:|--:|---|',
    ];
    for (const i of report.images) {
        const time = i.durationMs === undefined ? '–' : duration(Math.round(i.durationMs));
        out.push(`| ${IMAGE_ICON[i.state] ?? ''} | ${code(i.image, 500)} | ${text(i.services.join(', '), 500)} | ${text(i.state, 50)} | ${i.tries ?? '–'} | ${formatSize(i.sizeBytes)} | ${time} | ${text(i.detail, Math.min(level.cellChars, 1000))} |`);
    }
    out.push('');
    return out;
}
function serviceHead(f, level) {
    const head = [`#### ${text(f.service, 200)}: ${text(f.state, 500)}`, ''];
    if (f.health && !f.state.includes(f.health))
        head.push(`Health: ${text(f.health, 200)}`, '');
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
    return { name: text(f.service, 200), lines, bytes: lines.map((l) => bytesOf(l) + 1), total: f.logTail.length };
}
function renderLog(b, shown) {
    if (b.total === 0)
        return '_No log output._\n';
    if (shown === 0)
        return `_Log not shown: ${summary_plural(b.total, 'line')} would not fit GitHub's summary size limit._\n`;
    const dropped = b.total - shown;
    const label = `Last ${summary_plural(shown, 'log line')} of ${b.name}${dropped ? ` (${summary_plural(dropped, 'earlier line')} not shown)` : ''}`;
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
        out.push(`| ${kind} | ${code(name, 200)} | ${value} | ${text(v.source, 100)} |`);
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
    const after = collapsed('What later steps receive', renderExports(exports).slice(2)).join('\n');
    const servicesTitle = logs.length ? '### Failed services\n\n' : '';
    const all = levels(lim);
    let result = '';
    for (const [i, level] of all.entries()) {
        const head = renderHead(decision, lim).join('\n');
        const rest = [
            ...renderStories(report, level),
            ...(report.logFiles.length ? [renderLogsSection(report.logFiles, report.logsUpload)] : []),
            ...renderChecks(report, level),
            ...renderImages(report, level),
            ...renderStaging(report, level),
        ].join('\n');
        const heads = report.serviceFailures.map((f) => serviceHead(f, level));
        const fixed = bytesOf(head) +
            bytesOf(rest) +
            bytesOf(after) +
            bytesOf(servicesTitle) +
            heads.reduce((a, h, k) => a + bytesOf(h) + logOverhead(logs[k]) + 2, 0) +
            64;
        const budget = lim.maxBytes - fixed;
        if (budget < 0 && i < all.length - 1)
            continue;
        const shown = shareLogBudget(logs, budget);
        const services = heads.map((h, k) => `${h}\n${renderLog(logs[k], shown[k])}`).join('\n');
        result = `${head}\n${servicesTitle}${services}${logs.length ? '\n' : ''}${rest}\n${after}`;
        break;
    }
    return capBytes(result, lim.maxBytes);
}
/** A section folded away: its title as the `<summary>`, its lines inside. */
function collapsed(title, lines) {
    return ['<details>', `<summary><b>${markdown_escapeHtml(title)}</b></summary>`, '', ...lines, '', '</details>', ''];
}
/** The timeline of the services (a gantt), and their table folded away. */
function renderStories(report, level) {
    if (report.services.length === 0)
        return [];
    const gantt = renderTimeline(report.services, report.waitEndedAt ?? Date.now());
    const table = renderServicesTable(report.services, (s) => text(s, Math.min(level.cellChars, 300)));
    return ['### Timeline', '', ...(gantt.length ? [...gantt, ''] : []), ...collapsed(`Services (${report.services.length})`, table)];
}
/**
 * The complete logs: a link to the artifact when it was uploaded (else why not, and where the files
 * are on the runner), and each service's file and size, folded away. Empty when none was written. Pure.
 */
function renderLogsSection(files, upload, title = 'Complete logs') {
    if (files.length === 0)
        return '';
    const where = upload?.uploaded
        ? `artifact ${upload.url ? `<a href="${markdown_escapeHtml((0,outside/* clean */.uH)(upload.url, 500))}">${markdown_text(upload.name, 200)}</a>` : `<code>${markdown_text(upload.name, 200)}</code>`} (${(0,format/* count */.U)(upload.size)} bytes, zipped)`
        : `not uploaded${upload ? ` (${markdown_text(upload.why, 300)})` : ''}; on the runner only`;
    const rows = files.map((f) => `| ${markdown_text(f.service, 200)} | <code>${markdown_text(f.file, 500)}</code> | ${(0,format/* count */.U)(f.bytes)}${f.complete ? '' : ' (cut)'} |`);
    const table = ['| Service | File | Bytes |', '|---|---|--:|', ...rows];
    return [
        `### ${markdown_escapeHtml(title)}`,
        '',
        `Every service's complete log, redacted: ${where}.`,
        '',
        ...collapsed(`Log files (${files.length})`, table),
    ].join('\n');
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
                i.tries !== undefined ? countTries(i.tries) : '',
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
            out.push(`  ${p.class === 'ok' ? '✓' : '✗'} ${plain(p.name, 100)} ${plain(p.url, 500)}: ${plain(p.class, 100)}${status}, ${Math.round(p.latencyMs)} ms, ${summary_plural(p.attempts, 'attempt')}; ${plain(p.detail, 500)}`);
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
                out.push(`    last ${summary_plural(tail.length, 'log line')}${dropped ? ` (${count(dropped)} earlier not shown)` : ''}:`);
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

;// CONCATENATED MODULE: ./src/post.ts
/**
 * The post step: removes the stack the main step started, from saved state only, then (with
 * cache-images) saves the images the main step pulled, and those `up` built (under their build
 * keys), to the Actions cache. Never fails the job
 * for a cleanup or cache problem (it warns), and is safe to run twice.
 */


















/** The override files the main step wrote: no longer needed once the stack is gone. */
function removeOverrides(files) {
    for (const f of files ?? [])
        external_node_fs_.rmSync(f, { force: true });
}
/** The post step's entry (`src/entries/post.ts`, and `local-action run … --post src/post.ts`). */
async function run() {
    await src_runner/* loadRunner */.dh();
    // Before the teardown, whose own stops are not to be reported.
    await reportAfterDecision();
    await teardown();
    // After the stack is gone: the images stay on the engine, and a slow upload holds up nothing else.
    try {
        const images = readImageCacheState();
        if (images) {
            const env = { ...process.env, ...images.engineEnv };
            await saveImages(images, env);
            await saveBuiltImages(images.built ?? [], env);
        }
    }
    catch (err) {
        warning(`Saving images to the cache failed: ${(0,model/* errorMessage */.gJ)(err)}`, { title: 'Image cache' });
    }
    finally {
        // What a restore left behind (its process killed mid-way, past its bound or at the main step's end).
        external_node_fs_.rmSync(imagesFolder(), { recursive: true, force: true });
    }
}
/** What happened to the stack between the decision and now, from the watcher the main step started. */
async function reportAfterDecision() {
    const watcher = readWatcher();
    if (!watcher)
        return;
    try {
        const after = await endWatch(watcher);
        appendJobSummary(renderAfterDecision(after));
        const warnings = afterDecisionWarnings(after);
        for (const w of warnings)
            warning(w, { title: 'After the decision' });
        if (after.incidents.length === 0)
            info(`After the decision: no service of project ${watcher.project} died, restarted or changed health.`);
        else if (warnings.length === 0)
            info(`After the decision: ${after.incidents.map(incidentLine).join('; ')}.`);
        if (!after.coverage.whole)
            info(`The watch after the decision did not cover the whole time: ${after.coverage.why}.`);
    }
    catch (err) {
        warning(`Could not report what happened after the decision: ${(0,model/* errorMessage */.gJ)(err)}`);
    }
}
async function teardown() {
    try {
        const { plan, removed, cancelled, upStopped } = readTeardownState();
        // Networks the main step's container joined (a container job): left before `down`.
        const joined = readJoinedState();
        // The main step left the failed stack's removal to a background process: wait for it, then
        // confirm and remove what is left (whatever teardown says: the main step never kept a failed stack).
        const detached = readDetachedRemoval();
        if (detached) {
            if (joined?.project === detached.stack.projectName)
                rememberJoined(joined.project, joined);
            const outcome = await finishDetachedRemoval(detached, { afterStoppedUp: cancelled });
            appendJobSummary(renderRemovalSummary(outcome));
            removeOverrides(detached.stack.overrides);
            return;
        }
        if (!plan) {
            info('Nothing to tear down: no stack was started.');
            return;
        }
        const env = { ...process.env, ...plan.engineEnv };
        // upload-logs: always: the final logs of the stack still up, before it goes.
        const final = removed ? undefined : await finalLogs(plan.projectName, plan.engineEnv);
        if (final)
            appendJobSummary(renderLogsSection(final.logFiles, final.logsUpload, 'Final logs (post step)'));
        if (joined?.project === plan.projectName)
            rememberJoined(joined.project, joined);
        // The main step removed it at once; when its `up` was killed mid-way, a create call in flight
        // may have landed after that: one look by label.
        const late = removed && upStopped ? await by_label_projectContainerIds(plan.projectName, env) : [];
        if (removed && late.length === 0) {
            info(`Nothing to tear down: the main step already removed project ${plan.projectName}.`);
            removeOverrides(plan.overrides);
            return;
        }
        if (late.length)
            info(`The main step removed project ${plan.projectName}; ${late.length} container(s) the engine created after that are removed now.`);
        const result = await src_runner/* group */.Os(`Teardown: project ${plan.projectName}`, () => removeStack({
            compose: { argv: plan.compose, version: undefined },
            projectName: plan.projectName,
            projectDirectory: plan.projectDirectory,
            files: plan.files,
            // A file gone (RUNNER_TEMP cleaned) would fail `down`: the project's labels suffice without it.
            overrides: plan.overrides?.filter((f) => external_node_fs_.existsSync(f)),
        }, env, 
        // A killed `up` may have had create calls in flight, which the engine completes later.
        { afterStoppedUp: cancelled }));
        if (result.ok)
            info(`Teardown: ${result.detail} in ${Math.round(result.durationMs)} ms.`);
        else
            warning(`Teardown of project ${plan.projectName} was incomplete: ${result.detail}`);
        removeOverrides(plan.overrides);
    }
    catch (err) {
        warning(`Teardown failed: ${(0,model/* errorMessage */.gJ)(err)}`);
    }
}


/***/ }),

/***/ 12011:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ count),
/* harmony export */   X: () => (/* binding */ formatSize)
/* harmony export */ });
/**
 * Numbers as the summary and the log show them: counts with thousands separators, sizes in kB or
 * MB. A leaf: any layer may format with it without importing the summary's renderer. Pure.
 */
/** `12,345`. */
function count(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
/** `12.3 MB`, `4 kB`, or – when unknown. */
function formatSize(bytes) {
    if (bytes === undefined)
        return '–';
    return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${count(Math.max(1, Math.round(bytes / 1024)))} kB`;
}


/***/ }),

/***/ 96867:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   pl: () => (/* binding */ Report)
/* harmony export */ });
/* unused harmony exports probeFailure, overlapsAnother */
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


/***/ }),

/***/ 52341:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   F3: () => (/* binding */ outsideText),
/* harmony export */   U2: () => (/* binding */ outsideLine),
/* harmony export */   WS: () => (/* binding */ redactLogLine),
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   g3: () => (/* binding */ LineSplitter),
/* harmony export */   uH: () => (/* binding */ clean)
/* harmony export */ });
/* unused harmony exports clearSecrets, redactSecrets, MAX_LINE, stripControl */
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(74813);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(12011);
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
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
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
    return `${h} … [${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .count */ .U)(cut)} characters cut] … ${t}`;
}


/***/ }),

/***/ 74813:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   Gu: () => (/* binding */ getState),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   bt: () => (/* binding */ writingOwn),
/* harmony export */   dh: () => (/* binding */ loadRunner),
/* harmony export */   pq: () => (/* binding */ info)
/* harmony export */ });
/* unused harmony exports runnerLoaded, error, notice, setOutput, exportVariable, saveState */
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
    loading ??= Promise.all(/* import() */[__nccwpck_require__.e(955), __nccwpck_require__.e(838)]).then(__nccwpck_require__.bind(__nccwpck_require__, 33838)).then((c) => {
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


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 49140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
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

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

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
/******/ 		id: moduleId,
/******/ 		loaded: false,
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
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
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
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
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
/******/ var __webpack_exports__ = __nccwpck_require__(98568);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
