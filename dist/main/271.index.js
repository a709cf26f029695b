export const id = 271;
export const ids = [271];
export const modules = {

/***/ 1271:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cacheAvailable: () => (/* binding */ cacheAvailable),
  inFlight: () => (/* binding */ inFlight),
  lookup: () => (/* binding */ lookup),
  restore: () => (/* binding */ restore),
  save: () => (/* binding */ save)
});

// EXTERNAL MODULE: ./src/report/model.ts
var model = __webpack_require__(6867);
// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __webpack_require__(2341);
// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(4813);
;// CONCATENATED MODULE: ./src/images/library-output.ts
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
const current = new external_node_async_hooks_.AsyncLocalStorage();
let calls = 0;
let active = 0;
const originals = {};
/** A number for a new call, which its lines are kept under. */
const newCall = () => calls++;
/** `%25`, `%0D`, `%0A` back to what the library wrote. */
const library_output_unescape = (s) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
/** One whole line the library wrote during `call`. */
function routeLine(line, call, stream) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (command) {
        const [, name, message = ''] = command;
        // A mask it asks for (a signed URL's signature) is passed on before anything could show the secret.
        if (name === 'add-mask')
            return void (originals.stdout ?? process.stdout.write).call(process.stdout, `${line}\n`);
        if (name === 'error' || name === 'warning')
            said.push({ call, problem: true, text: library_output_unescape(message) });
        else if (name === 'debug')
            runner/* debug */.Yz(`cache: ${(0,outside/* outsideLine */.U2)(library_output_unescape(message), 500)}`);
        return;
    }
    if (!line.trim())
        return;
    // "Attempt 1 of 5 failed with error: …": the service is in trouble, even if a retry may yet work.
    said.push({ call, problem: stream === 'stdout' && /^Attempt \d+ of \d+ failed/.test(line), text: line });
    runner/* debug */.Yz(`cache: ${(0,outside/* outsideLine */.U2)(line, 500)}`);
}
/** The problems the library reported during `call`, cleaned: the last two different ones, or ''. */
function problemsOf(call) {
    const texts = [...new Set(said.filter((s) => s.call === call && s.problem).map((s) => (0,outside/* outsideLine */.U2)(s.text, 300)))];
    return texts.slice(-2).join('; ');
}
/** What is not yet a whole line, per call and stream. */
const partial = new Map();
function replacement(stream) {
    return function (chunk, ...rest) {
        const original = originals[stream];
        const target = stream === 'stdout' ? process.stdout : process.stderr;
        if (runner/* writingOwn */.bt())
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

;// CONCATENATED MODULE: ./src/images/actions-cache.ts
/**
 * The Actions cache, through `@actions/cache`, as the image cache needs it:
 *
 * - loaded only when `cache-images` is on (it weighs 2.4 MB and about 80 ms to load);
 * - every call bounded in time: the library retries a failing service five times, 3 s apart and
 *   growing, about 32 s per call, and cannot be told otherwise. A call that outlives its bound is
 *   left behind (see {@link inFlight}) and the step goes on as if the cache had nothing;
 * - the library's own output routed (src/images/library-output.ts): its problems are reported by
 *   the caller as one warning, cleaned; the rest goes to the debug log.
 */



let loading;
const load = () => (loading ??= Promise.all(/* import() */[__webpack_require__.e(955), __webpack_require__.e(838), __webpack_require__.e(22)]).then(__webpack_require__.bind(__webpack_require__, 7022)));
/**
 * Run a library call with its output routed, for at most `ms`. Not ok: it threw, it outlived
 * `ms`, or the library reported a problem and `value` says it did nothing (`failed(value)`).
 */
async function call(what, ms, work, failed) {
    const started = performance.now();
    const id = newCall();
    // Left behind past its bound, a call still counts in inFlight() until it settles.
    const running = routedHere(id, () => load().then(work)).then((value) => ({ ok: true, value }), (err) => ({ ok: false, err }));
    let timer;
    const outcome = await Promise.race([running, new Promise((r) => (timer = setTimeout(() => r('late'), ms)))]);
    clearTimeout(timer);
    const durationMs = performance.now() - started;
    if (outcome === 'late') {
        const p = problemsOf(id);
        return { ok: false, durationMs, detail: `${what}: no answer within ${Math.round(ms / 100) / 10} s${p ? ` (${p})` : ''}` };
    }
    if (!outcome.ok)
        return { ok: false, durationMs, detail: `${what}: ${(0,outside/* outsideLine */.U2)((0,model/* errorMessage */.gJ)(outcome.err), 300)}` };
    const p = problemsOf(id);
    if (p && failed(outcome.value))
        return { ok: false, durationMs, detail: `${what}: ${p}` };
    return { ok: true, value: outcome.value, durationMs };
}
/**
 * Calls not settled yet, left behind or no longer needed (Docker turned out unusable while a
 * download ran): the entry point exits without waiting for them.
 */
function inFlight() {
    return routingHere();
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

/***/ 6867:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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


/***/ })

};
