export const id = 188;
export const ids = [188];
export const modules = {

/***/ 58188:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LOOKUP_MS: () => (/* binding */ LOOKUP_MS),
  cacheAvailable: () => (/* binding */ cacheAvailable),
  inFlight: () => (/* binding */ inFlight),
  lookup: () => (/* binding */ lookup),
  prepareRestore: () => (/* binding */ prepareRestore),
  prepareSave: () => (/* binding */ prepareSave)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/report/model.ts
var model = __webpack_require__(96867);
// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __webpack_require__(52341);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(73190);
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
var library_output = __webpack_require__(84863);
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
const load = () => (loading ??= Promise.all(/* import() */[__webpack_require__.e(955), __webpack_require__.e(838), __webpack_require__.e(277), __webpack_require__.e(151)]).then(__webpack_require__.bind(__webpack_require__, 74151)));
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
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ff: () => (/* binding */ routingHere),
/* harmony export */   GW: () => (/* binding */ problemsOf),
/* harmony export */   Gs: () => (/* binding */ routeLine),
/* harmony export */   N0: () => (/* binding */ newCall),
/* harmony export */   Q5: () => (/* binding */ routedHere)
/* harmony export */ });
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16698);
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_async_hooks__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74813);
/* harmony import */ var _report_outside_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(52341);
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

/***/ 96867:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L$: () => (/* binding */ probeFailure),
/* harmony export */   MR: () => (/* binding */ overlapsAnother),
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


/***/ })

};
