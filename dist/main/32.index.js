export const id = 32;
export const ids = [32,188];
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

/***/ 54032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/runner.ts
var src_runner = __webpack_require__(74813);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
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

// EXTERNAL MODULE: ./src/docker/availability.ts
var docker_availability = __webpack_require__(3965);
// EXTERNAL MODULE: ./src/exec.ts
var src_exec = __webpack_require__(73190);
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

// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __webpack_require__(52341);
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
    src_runner/* error */.z3((0,outside/* outsideText */.F3)(message), properties && safeProperties(properties));
}
function notice(message, properties) {
    src_runner/* notice */.lm((0,outside/* outsideText */.F3)(message), properties && safeProperties(properties));
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
    return src_runner/* group */.Os('Docker: availability', async () => {
        const a = await (0,docker_availability/* checkDocker */.dN)(ctx.env, answers);
        ctx.report.add({
            id: 'docker.availability',
            title: 'Docker CLI, daemon and compose',
            status: a.ok ? 'ok' : 'failed',
            durationMs: a.durationMs,
            detail: a.detail,
            failure: a.ok ? undefined : (a.problem ?? 'daemon-down'),
            data: { problem: a.problem, cli: a.cliVersion, server: a.serverVersion, endpoint: a.endpoint, compose: a.compose },
        });
        info(a.detail);
        return a;
    });
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
        dependsOn: new Map([...plan.model.services.values()].map((s) => [s.name, s.dependsOn.map((d) => d.service)])),
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
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
/** The services `up` starts from `projectDirectory` (their profiles active, as its `.env` may say). */
function startingServices(model, env, projectDirectory) {
    return splitByProfiles(model, activeProfiles(env, projectDirectory).names).active;
}

;// CONCATENATED MODULE: ./src/compose/plan-profiles.ts

/** The config's model reduced to the services that start, and the ones left out. */
function applyProfiles(resolved, env) {
    const profiles = activeProfiles(env, resolved.projectDirectory);
    const { active, inactive } = splitByProfiles(resolved.model, profiles.names);
    return { ...resolved, model: active, profiles, inactive };
}

// EXTERNAL MODULE: ./src/compose/version.ts
var compose_version = __webpack_require__(98760);
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
    if ((0,compose_version/* supports */.xY)(t.compose.version, 'up-pull') && o.pull !== 'missing')
        args.push('--pull', o.pull);
    return [...args, ...o.upFlags, ...o.services];
}
/** `pull` for a compose without `up --pull`, with pull: always; undefined when no separate pull is needed. */
function pullArgs(t, o) {
    if ((0,compose_version/* supports */.xY)(t.compose.version, 'up-pull') || o.pull !== 'always')
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
var dist = __webpack_require__(38815);
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

;// CONCATENATED MODULE: ./src/compose/declared-readiness.ts
/** The extension key a service declares its readiness under. */
const DECLARATION_KEY = 'x-compose-or-staging';
const KINDS = ['log', 'tcp', 'http', 'websocket'];
const declared_readiness_isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
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
function endpointOf(kind, raw, at, problems) {
    const fields = declared_readiness_isObj(raw) ? raw : { port: raw };
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
    const keys = declared_readiness_isObj(item) ? Object.keys(item) : [];
    if (!declared_readiness_isObj(item) || keys.length !== 1)
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
            return endpointOf(kind, value, [...at, kind], problems);
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
    if (!declared_readiness_isObj(raw)) {
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

;// CONCATENATED MODULE: ./src/compose/secret-values.ts
/** A name that says secret: `POSTGRES_PASSWORD`, `API_TOKEN`, `JWT_SECRET`, `AWS_ACCESS_KEY_ID`, `GCP_CREDENTIALS`. */
const SECRET_NAME = /PASSWORD|TOKEN|SECRET|KEY|CREDENTIAL/i;
/**
 * The values of `environment` (a map, as compose v2's config prints it, or `NAME=value` items, as
 * v1's may) whose names say secret; empty values left out.
 */
function secretEnvironment(environment) {
    const pairs = Array.isArray(environment)
        ? environment.map(String).map((e) => [e.split('=')[0] ?? '', e.includes('=') ? e.slice(e.indexOf('=') + 1) : undefined])
        : typeof environment === 'object' && environment !== null
            ? Object.entries(environment)
            : [];
    return pairs.filter(([name, v]) => SECRET_NAME.test(name) && v !== undefined && v !== null && String(v) !== '').map(([, v]) => String(v));
}
/** The most of a `secrets:` file read: a secret is short, a file of megabytes is not one. */
const SECRET_FILE_MAX_BYTES = 64 * 1024;
/**
 * The values in the stack's `secrets:` files: the whole content, trimmed, and each of its lines
 * (a file of `user:password` lines, say). A file that cannot be read gives nothing.
 */
function secretFileValues(files, read) {
    const out = [];
    for (const f of files) {
        if (f.kind !== 'secrets')
            continue;
        const text = read(f.file);
        if (text === undefined)
            continue;
        const whole = text.trim();
        if (whole)
            out.push(whole);
        for (const line of whole.split(/\r?\n/))
            if (line.trim() && line.trim() !== whole)
                out.push(line.trim());
    }
    return out;
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
/** Keys of `build:` read on their own, or that say where (a cache, more tags), not what is built. */
const NOT_OPTIONS = new Set(['context', 'dockerfile', 'dockerfile_inline', 'args', 'target', 'cache_from', 'cache_to', 'tags']);
/** `value` as JSON with its keys sorted at every depth, and a list of `k=v` labels as a map: one text for one meaning. */
function stableJson(value) {
    const sorted = (v) => Array.isArray(v)
        ? v.map(sorted)
        : model_isObj(v)
            ? Object.fromEntries(Object.keys(v)
                .sort()
                .map((k) => [k, sorted(v[k])]))
            : v;
    return JSON.stringify(sorted(value));
}
/** The other options of `build:` (labels, network, secrets, …) as stable JSON; undefined when none. */
function buildOptions(build) {
    const rest = {};
    for (const [k, v] of Object.entries(build))
        if (!NOT_OPTIONS.has(k) && v !== null && v !== undefined)
            rest[k] = v;
    if (Array.isArray(rest.labels))
        rest.labels = buildArgs(rest.labels) ?? {};
    return Object.keys(rest).length ? stableJson(rest) : undefined;
}
/** A count as compose takes it: a number, or digits (a raw file's interpolated `${N:-0}`). */
function model_count(raw) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isInteger(n) && n >= 0 ? n : undefined;
}
/**
 * `deploy.replicas` or `scale`: v1 and v2 both honour either. Both at once, v2's config refuses
 * distinct values and v1's `up` refuses them at all, so which one wins here does not matter.
 */
function parseReplicas(svc) {
    const deploy = model_isObj(svc.deploy) ? model_count(svc.deploy.replicas) : undefined;
    if (deploy !== undefined)
        return { count: deploy, key: 'deploy.replicas' };
    const scale = model_count(svc.scale);
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
                ...(typeof svc.build.target === 'string' && svc.build.target !== '' ? { target: svc.build.target } : {}),
                ...(buildOptions(svc.build) ? { options: buildOptions(svc.build) } : {}),
                ...(svc.build.additional_contexts !== undefined && svc.build.additional_contexts !== null ? { additionalContexts: true } : {}),
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
            ...(typeof svc.platform === 'string' && svc.platform !== '' ? { platform: svc.platform } : {}),
            ...(typeof svc.pull_policy === 'string' && svc.pull_policy !== '' ? { pullPolicy: svc.pull_policy } : {}),
            ...(secretEnvironment(svc.environment).length ? { secretEnv: secretEnvironment(svc.environment) } : {}),
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
/** Why `dir`, of the candidates `inOrder`: the project-directory input, or every build path exists from there. */
function directoryWhy(inputs, inOrder, dir) {
    const rel = (p) => external_node_path_.relative(inputs.workspace, p) || '.';
    const earlier = inOrder.slice(0, inOrder.indexOf(dir));
    return inputs.projectDirectory
        ? 'given by the project-directory input'
        : earlier.length === 0
            ? "the compose file's own directory, where every build context and Dockerfile exists"
            : `every build context and Dockerfile exists from here (not from ${earlier.map(rel).join(', ')})`;
}

;// CONCATENATED MODULE: ./src/compose/plan-config.ts
/**
 * Stage 4 of the plan, the resolved config: `compose config` from each candidate directory in
 * turn, the one the raw files predict first (so that one run usually confirms it), until one
 * resolves and every build path of its starting services exists there; failing that, one where
 * only services that are not built lack theirs (their image is on the engine, and build is
 * false). The prediction (the early start) takes the raw model from the predicted directory
 * instead, and starts no process.
 */







const CONFIG_TIMEOUT_MS = 30_000;
/** The project directory and the config `compose config` resolves there; a PlanError when none works. */
async function resolveConfig(candidates, inputs, run) {
    const { files, discovery, inOrder, predicted, raw } = candidates;
    const order = predicted ? [predicted, ...inOrder.filter((d) => d !== predicted)] : inOrder;
    const attempts = [];
    const chosen = (await firstWorking(order, files, inputs.workspace, run, attempts)) ??
        (inputs.build ? undefined : await notBuiltHere(attempts, run.env));
    if (!chosen)
        throw noDirectoryWorks(attempts, files, inputs.workspace);
    const why = directoryWhy(inputs, inOrder, chosen.dir);
    return {
        files,
        discovery,
        projectDirectory: chosen.dir,
        projectDirectoryWhy: chosen.notBuilt ? `${why}, but for services not built here` : why,
        model: withProfiledServices(chosen.model, raw),
        notBuilt: chosen.notBuilt ?? [],
    };
}
/** The config as the raw files predict it, from the predicted directory; undefined when they settle none. */
function predictConfig(candidates, inputs) {
    const { files, discovery, inOrder, predicted, raw } = candidates;
    if (!raw || !predicted)
        return undefined;
    return {
        files,
        discovery,
        projectDirectory: predicted,
        projectDirectoryWhy: directoryWhy(inputs, inOrder, predicted),
        model: raw,
        notBuilt: [],
    };
}
/** The first directory where compose config resolves and every build path exists; each one tried is added to `attempts`. */
async function firstWorking(order, files, workspace, run, attempts) {
    for (const dir of order) {
        if (run.signal?.aborted)
            throw new PlanError('config', 'stopped: the plan is no longer needed');
        const config = await resolvedConfig(dir, files, run);
        if ('error' in config) {
            attempts.push({ dir, error: config.error, missing: [] });
            continue;
        }
        const missing = missingBuildPaths(startingServices(config.model, run.env, dir), dir, workspace);
        if (missing.length === 0)
            return { dir, model: config.model };
        attempts.push({ dir, missing, model: config.model });
    }
    return undefined;
}
/** Run `compose config` for one candidate directory and parse it. */
async function resolvedConfig(dir, files, run) {
    const target = { compose: run.compose, projectName: run.projectName, projectDirectory: dir, files };
    const r = await (0,src_exec/* exec */.m0)(configArgs(target), { cwd: dir, env: run.env, timeoutMs: CONFIG_TIMEOUT_MS, signal: run.signal });
    if (r.aborted)
        return { error: 'stopped: the plan is no longer needed' };
    if (r.code !== 0)
        return { error: (0,src_exec/* lastLines */.w$)(r.stderr || r.stdout, 4) || `exit code ${r.code}` };
    try {
        return { model: parseComposeYaml(r.stdout) };
    }
    catch (err) {
        return { error: `could not parse the output of compose config: ${err instanceof Error ? err.message : String(err)}` };
    }
}
/**
 * No directory has every build path: one will do where only services that are not built lack
 * theirs (their image is on the engine already, and build is false).
 */
async function notBuiltHere(attempts, env) {
    for (const a of attempts) {
        if (!a.model || a.missing.some((m) => m.kind === 'env_file'))
            continue;
        const present = await imagesPresent(a.model, [...new Set(a.missing.map((m) => m.service))], env);
        if (a.missing.every((m) => present.has(m.service))) {
            const image = (s) => a.model?.services.get(s)?.image ?? '';
            return { dir: a.dir, model: a.model, notBuilt: a.missing.map((m) => ({ ...m, image: image(m.service) })) };
        }
    }
    return undefined;
}
/** Which of `services` (built ones, with an `image:`) have that image on the engine already. */
async function imagesPresent(model, services, env) {
    const named = services.flatMap((s) => {
        const image = model.services.get(s)?.image;
        return image ? [{ s, image }] : [];
    });
    const found = await Promise.all(named.map(({ image }) => (0,src_exec/* exec */.m0)(['docker', 'image', 'inspect', '--format', '{{.Id}}', image], { env, timeoutMs: 10_000 })));
    return new Set(named.filter((_, i) => found[i]?.code === 0).map(({ s }) => s));
}
/** Why no directory works: compose config failed everywhere, or the closest one and what it lacks. */
function noDirectoryWorks(attempts, files, ws) {
    const rel = (p) => external_node_path_.relative(ws, p) || '.';
    const withConfig = attempts.filter((a) => a.error === undefined);
    if (withConfig.length === 0) {
        const first = attempts[0];
        return new PlanError('config', `compose config failed for ${files.map(rel).join(', ')} (project directory ${rel(first?.dir ?? ws)}): ${first?.error ?? 'unknown error'}`);
    }
    // Report the directory that came closest: fewest missing paths, then the one whose missing
    // paths lie nearest to files that exist (what the author most likely meant), then the earliest.
    const distance = (a) => a.missing.reduce((sum, m) => sum + (m.nearest ? editDistance(external_node_path_.relative(ws, m.path), external_node_path_.relative(ws, m.nearest)) : 1000), 0);
    const best = withConfig.reduce((a, b) => b.missing.length < a.missing.length || (b.missing.length === a.missing.length && distance(b) < distance(a)) ? b : a);
    const lines = best.missing.map((m) => describeMissing(m, ws));
    const tried = attempts.map((a) => rel(a.dir)).join(', ');
    return new PlanError('project-directory', `No project directory works: from ${rel(best.dir)} (best of ${tried}) ${lines.join('; ')}. Fix the path in the compose file or set 'project-directory'.`, best.missing);
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

;// CONCATENATED MODULE: ./src/compose/plan-directory.ts


/** The candidates in order, and the one the raw files predict. */
function orderDirectories(read, inputs, env) {
    const inOrder = inputs.projectDirectory
        ? [inputs.projectDirectory]
        : projectDirectoryCandidates(read.files[0], inputs.workingDirectory, inputs.workspace);
    const predicted = read.raw && firstWorkableDirectory(read.raw, inOrder, inputs.workspace, env);
    return { ...read, inOrder, predicted };
}
/** The first candidate in which every build path of the services that start exists. */
function firstWorkableDirectory(model, candidates, workspace, env) {
    return candidates.find((d) => missingBuildPaths(startingServices(model, env, d), d, workspace).length === 0);
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
    file;
    constructor(message, searched, 
    /** A named file that is missing: where files of that name exist instead (undefined: nothing was named). */
    foundAt, 
    /** The named file that is missing. */
    file) {
        super(message);
        this.searched = searched;
        this.foundAt = foundAt;
        this.file = file;
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
        throw new DiscoveryError(`Input 'compose-files': ${rel(f)} does not exist.${where}`, [external_node_path_.dirname(f)], elsewhere, f);
    }
}

;// CONCATENATED MODULE: ./src/compose/plan-files.ts


/** Which compose files; a failure is a PlanError of the 'discovery' stage. */
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

;// CONCATENATED MODULE: ./src/compose/plan-finish.ts
/**
 * Stage 7 of the plan, the plan itself: the readiness the starting services declare
 * (`x-compose-or-staging`) must be usable, and the values of the stages before are put together
 * as the plan `up`, the wait and the report read.
 */



/** The plan for `compose` under `projectName`; a PlanError of the 'config' stage when a declaration is not usable. */
function finishPlan(p, compose, projectName) {
    const problems = [...p.model.services.values()].flatMap((s) => s.readyProblems ?? []);
    if (problems.length > 0) {
        const err = new DeclarationError(problems);
        throw new PlanError('config', err.message, [], err);
    }
    return {
        compose,
        projectName,
        projectDirectory: p.projectDirectory,
        projectDirectoryWhy: p.projectDirectoryWhy,
        files: p.files,
        model: p.model,
        profiles: p.profiles,
        inactive: p.inactive.map((s) => ({ name: s.name, profiles: s.profiles })).sort((a, b) => byText(a.name, b.name)),
        discovery: p.discovery,
        services: p.services,
        awaited: p.awaited,
        backend: p.backend,
        auth: p.auth,
        resolutions: p.resolutions,
        notStarting: p.notStarting,
        notices: p.notices,
        notBuilt: p.notBuilt,
    };
}

;// CONCATENATED MODULE: ./src/compose/plan-raw.ts
/**
 * Stage 2 of the plan, the raw model: the files as written, interpolated from the environment
 * (src/compose/model.ts, rawModel), before `compose config` resolves them. It predicts the project
 * directory, and shows the services compose v2's config leaves out for their profiles.
 */


/** The files and their raw model; the model is undefined when one cannot be read or parsed. */
function readRaw(files, env) {
    return { ...files, raw: readRawModel(files.files, env) };
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






/** Stage 6 of the plan: the services of the config whose profiles are active, planned. */
function resolveServices(profiled, inputs) {
    return { ...profiled, ...planServices(inputs, profiled.model, profiled.inactive, profiled.profiles) };
}
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

;// CONCATENATED MODULE: ./src/compose/plan.ts









/** Decide files, project directory and name, resolve the config and the services. */
async function makePlan(inputs, compose, env, projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix), 
/** Stops its compose processes (killed, not awaited): the plan is no longer needed. */
signal) {
    const files = chooseFiles(inputs);
    try {
        const raw = readRaw(files, env);
        const candidates = orderDirectories(raw, inputs, env);
        const resolved = await resolveConfig(candidates, inputs, { compose, projectName, env, signal });
        const profiled = applyProfiles(resolved, env);
        const serviced = resolveServices(profiled, inputs);
        return finishPlan(serviced, compose, projectName);
    }
    catch (err) {
        if (err instanceof PlanError)
            err.files = files.files;
        throw err;
    }
}
/**
 * The plan the raw files predict, without starting any process: files, the first project
 * directory in which every build path exists, services resolved on the raw (interpolated) model.
 * Undefined when the files alone cannot settle it. `compose config` must still confirm it.
 */
function predictPlan(inputs, compose, env, projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix)) {
    try {
        const files = chooseFiles(inputs);
        const raw = readRaw(files, env);
        const candidates = orderDirectories(raw, inputs, env);
        const resolved = predictConfig(candidates, inputs);
        if (!resolved)
            return undefined;
        const profiled = applyProfiles(resolved, env);
        const serviced = resolveServices(profiled, inputs);
        return finishPlan(serviced, compose, projectName);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/compose/same-plan.ts
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
function readProgressLine(line) {
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
function jsonErrorMessage(line) {
    const o = jsonObject(line);
    return o && errorMessageOf(o);
}
/**
 * Why a failed step failed, in compose's words: `Error` is compose's status word (v2's Text, v5's
 * Text beside the Details), except in the engine's own `Error response from daemon: …`, which is
 * the whole text. Empty when compose gave no reason (v2's bare ` Container p-db-1  Error`).
 */
function failureText(p) {
    return p.said.replace(/^Error(?:\s+(?!response from daemon)|$)/, '').trim();
}
/** Whether a resource is a service's name (v2's pulls), not a container, network, volume, image or plan id. */
function isServiceName(resource) {
    return !/[ :]/.test(resource);
}
/**
 * Who failed, for a person: v5 names a container it failed to create by its plan id
 * (`service:app:1`), which is service `app`.
 */
function resourceWords(resource) {
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
function readableText(text) {
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
function errorLines(stderr, stdout = '') {
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
    return out.map((s) => (0,outside/* outsideLine */.U2)(s.line));
}
/**
 * The service whose pull or build compose was at when it failed: v1 says "Pulling app (image)..."
 * or "Building app" on stderr, v2 "app Pulling" there and BuildKit "#5 [app 2/2] RUN …" on stdout.
 * v5 pulls and builds by image (" Image busybox:1 Pulling "), and Bake builds one target without
 * its name ("#5 [2/2] RUN …"): no service then.
 */
function serviceInProgress(stderr, stdout = '') {
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
function pullsBegun(stderr) {
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

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
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
    const r = await (0,src_exec/* exec */.m0)(['docker', 'inspect', '--type', 'container', ...candidates], { env, timeoutMs });
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
        ? `the engine does not know container ${candidates[0].slice(0, 12)} (${(0,src_exec/* lastLines */.w$)(r.stderr, 1) || `exit code ${r.code}`})`
        : `the engine does not know container ${candidates[0].slice(0, 12)}`;
    return { kind: 'foreign-container', why };
}

// EXTERNAL MODULE: ./src/docker/engine-api.ts
var engine_api = __webpack_require__(12633);
// EXTERNAL MODULE: ./src/docker/endpoint.ts
var docker_endpoint = __webpack_require__(27815);
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
    const socket = (0,docker_endpoint/* engineSocket */.I)(env);
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
    const socket = (0,docker_endpoint/* engineSocket */.I)(env);
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
    const over = urlHost === undefined ? engineHost : (0,docker_availability/* isLoopbackHost */.cW)(urlHost) ? 'localhost' : urlHost;
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
            const r = await (0,src_exec/* exec */.m0)(['docker', 'network', 'connect', network, container.id], { env, timeoutMs: 30_000 });
            if (r.code !== 0 && !/already exists in network|already connected/i.test(r.stderr))
                this.failed.set(network, (0,src_exec/* lastLines */.w$)(r.stderr, 1) || `exit code ${r.code}`);
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

;// CONCATENATED MODULE: ./src/docker/pull-trouble.ts
/**
 * What a failed `docker pull` met, read from what the CLI said, when it is worth another try: the
 * registry's rate limit (HTTP 429, `toomanyrequests`), its trouble (a 5xx), a timeout on the way
 * to it, or a connection it reset. Anything else (denied, not found, no such host, refused, no
 * daemon) would fail the same way again. Pure.
 */
/** The CLI could not reach its own daemon: not the registry's doing, and no try of ours helps. */
const NO_DAEMON = /Cannot connect to the Docker daemon|error during connect|permission denied while trying to connect/i;
/** In the order they are tested: a 429 page may well mention a timeout, not the reverse. */
const TROUBLES = [
    ['rate-limited', /toomanyrequests|too many requests|\b429\b|pull rate limit/i],
    [
        'unavailable',
        /unexpected HTTP status: 5\d\d|\b5\d\d (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)|\bunavailable: |service unavailable|bad gateway|gateway time-?out|internal server error/i,
    ],
    [
        'timeout',
        /i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|context deadline exceeded|timeout awaiting response headers|request canceled while waiting for connection/i,
    ],
    ['reset', /connection reset|unexpected EOF|broken pipe|server sent GOAWAY|forcibly closed|: EOF\s*$/im],
];
function pullTrouble(said) {
    if (NO_DAEMON.test(said))
        return undefined;
    return TROUBLES.find(([, re]) => re.test(said))?.[0];
}
/** "the registry's rate limit", for a sentence. Pure. */
function describeTrouble(t) {
    switch (t) {
        case 'rate-limited':
            return "the registry's rate limit (HTTP 429)";
        case 'unavailable':
            return 'the registry failing (HTTP 5xx)';
        case 'timeout':
            return 'timeouts on the way to the registry';
        case 'reset':
            return 'connections the registry reset';
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
    const said = (0,docker_availability/* withoutCredentialPaths */.O7)(`${service && !named ? `${service}: ` : ''}${lines.slice(0, 3).join(' | ') || `exit code ${r.code}`}`, env);
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
    const results = await Promise.all(target.images.map((img) => (0,src_exec/* exec */.m0)(['docker', 'image', 'inspect', '--format', '{{.Id}}', img], { env, timeoutMs })));
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
    if (!(0,compose_version/* supports */.xY)(target.compose.version, 'up-pull') && options.pull === 'never') {
        const missing = await missingImages(target, env, left());
        if (missing.length)
            return fail({ kind: 'image-missing', detail: `pull is 'never' and these images are not on the engine: ${missing.join(', ')}` });
    }
    const stopped = () => fail({ kind: 'stopped', detail: 'stopped before it finished' });
    const run = async (o) => {
        const pull = pullArgs(target, o);
        const pulled = pull && (await (0,src_exec/* exec */.m0)(pull, { cwd: target.projectDirectory, env, timeoutMs: left(), signal, onLine }));
        if (pulled && pulled.code !== 0)
            return pulled;
        return (0,src_exec/* exec */.m0)(upArgs(target, o), { cwd: target.projectDirectory, env, timeoutMs: left(), signal, onLine });
    };
    const first = await run(options);
    if (first.aborted)
        return stopped();
    if (first.code === 0)
        return { ok: true, durationMs: performance.now() - started };
    if (!target.repull || first.timedOut || !pullTrouble(`${first.stderr}\n${first.stdout}`))
        return fail(classifyUpFailure(first, env));
    const said = (0,docker_availability/* withoutCredentialPaths */.O7)(errorLines(first.stderr, first.stdout)[0] ?? `exit code ${first.code}`, env);
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





const SERVICE_LABEL = 'com.docker.compose.service';
/** How many recent events are kept (health_status alone brings one per container and interval). */
const KEEP_EVENTS = 200;
class ProjectEvents {
    /** How many container events (other than exec_*) have come; compare to see whether any came since. */
    seq = 0;
    /** Whether the stream is known to be subscribed: it has delivered an event and has not ended. */
    live = false;
    recent = [];
    sleepers = new Set();
    listeners = new Set();
    mourners = new Set();
    stop = new AbortController();
    stream = Promise.resolve();
    /** Follow the project's container events from the engine until {@link close}, or `budgetMs`. */
    follow(project, env, budgetMs, o = {}) {
        const socket = (0,docker_endpoint/* engineSocket */.I)(env);
        const ended = () => {
            this.live = false;
        };
        // The engine takes seconds with a fraction.
        const since = o.sinceMs === undefined ? undefined : (o.sinceMs / 1000).toFixed(3);
        if (socket) {
            const filters = (0,engine_api/* filtersQuery */.W0)({ label: [`com.docker.compose.project=${project}`], type: ['container'] });
            const query = since === undefined ? filters : `${filters}&since=${since}`;
            this.stream = (0,engine_api/* apiLines */.Kt)(socket, `/events?${query}`, (line) => this.event(eventLine(line)), {
                signal: this.stop.signal,
                timeoutMs: budgetMs,
            }).then(ended);
            return this;
        }
        const argv = [
            'docker',
            'events',
            '--filter',
            `label=com.docker.compose.project=${project}`,
            '--filter',
            'type=container',
            '--format',
            `{{.Action}}\t{{.Actor.ID}}\t{{index .Actor.Attributes "exitCode"}}\t{{.TimeNano}}\t{{index .Actor.Attributes "${SERVICE_LABEL}"}}`,
            ...(since === undefined ? [] : ['--since', since]),
        ];
        this.stream = (0,src_exec/* exec */.m0)(argv, {
            env,
            signal: this.stop.signal,
            timeoutMs: budgetMs,
            onLine: (line, stream) => {
                if (stream === 'stdout')
                    this.event(line.trim());
            },
        }).then(ended);
        return this;
    }
    /**
     * One event as the stream prints it: its action (`start`, `die`, `health_status: unhealthy`,
     * `exec_start: …`), the container's id, for `die` the exit code, the time in nanoseconds and the
     * compose service, tab-separated.
     */
    event(line) {
        const [action = '', id = '', code = '', nanos = '', service = ''] = line.split('\t');
        // Healthchecks run through exec: those events say nothing a health_status event does not.
        if (!action || action.startsWith('exec_'))
            return;
        src_runner/* debug */.Yz(`engine event: ${(0,outside/* outsideLine */.U2)(action)}`);
        this.live = true;
        this.seq += 1;
        const at = /^\d{13,}$/.test(nanos) ? Number(nanos.slice(0, -6)) : undefined;
        const exitCode = action === 'die' && /^\d+$/.test(code) ? Number(code) : undefined;
        const e = { seq: this.seq, action, id, exitCode, at, ...(service ? { service } : {}) };
        this.recent.push(e);
        if (this.recent.length > KEEP_EVENTS)
            this.recent.splice(0, this.recent.length - KEEP_EVENTS);
        for (const l of [...this.listeners])
            l(e);
        if (action === 'die')
            for (const m of [...this.mourners])
                m();
        this.wake();
    }
    /** Call `listener` with every event from now on (exec_* left out, as everywhere). */
    onEvent(listener) {
        this.listeners.add(listener);
        return this;
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
    /** Settles once the stream has ended (the engine ended it, the budget passed, or {@link close}). */
    ended() {
        return this.stream;
    }
    /** Stop following (the stream's process is killed); settles once it has ended. */
    close() {
        this.stop.abort();
        this.wake();
        return this.stream;
    }
}
/**
 * One event of the engine's stream (JSON) as the CLI's `--format` prints it for {@link ProjectEvents.event}:
 * action, container id, exit code, time in nanoseconds and compose service, tab-separated; an empty
 * line for what is not an event. Pure.
 */
function eventLine(json) {
    try {
        const e = JSON.parse(json);
        const field = (v) => (typeof v === 'string' ? v.replace(/[\t\r\n]/g, ' ') : '');
        const nanos = typeof e.timeNano === 'number' && Number.isFinite(e.timeNano) ? BigInt(Math.round(e.timeNano)).toString() : '';
        const attrs = e.Actor?.Attributes;
        return [field(e.Action), field(e.Actor?.ID), field(attrs?.exitCode), nanos, field(attrs?.[SERVICE_LABEL])].join('\t');
    }
    catch {
        return '';
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
    /** Whether the images `up` needs are being pulled, before it runs. */
    pulling = false;
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
            parts.unshift(this.pulling ? 'the images up needs are being pulled again, with retries' : 'compose up is still running');
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
/** The command that runs the container's healthcheck inside it, as Docker would; undefined when it has none we can run. */
function healthCommand(c) {
    const test = c.healthTest;
    if (!test || test.length < 2)
        return undefined;
    if (test[0] === 'CMD-SHELL')
        return ['/bin/sh', '-c', test.slice(1).join(' ')];
    if (test[0] === 'CMD')
        return test.slice(1);
    return undefined;
}
/** The same, as the `docker exec` argv that runs it (what the log and the tests name). */
function healthArgv(c) {
    const cmd = healthCommand(c);
    return cmd && ['docker', 'exec', c.id, ...cmd];
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
function running(c, o, note = '') {
    const r = judgeRunning(o.runningMs(c));
    return { ...r, why: `${r.why}${note}`, by: 'running' };
}
function listening(c, o, ports, by) {
    const seen = o.listeners(c);
    if (seen === undefined)
        return { state: 'wait', why: `reading the listening ports of ${c.name}`, by };
    if ('unchecked' in seen)
        return running(c, o, ` (ports not checked: ${seen.unchecked})`);
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
            return running(c, o);
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

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
// EXTERNAL MODULE: ./src/docker/socket-result.ts
var socket_result = __webpack_require__(70613);
// EXTERNAL MODULE: ./src/docker/stream-frames.ts
var stream_frames = __webpack_require__(49241);
;// CONCATENATED MODULE: ./src/docker/container-io.ts
/**
 * A command run in a container (`docker exec`), and a container's log followed (`docker logs
 * --follow`): on the engine's local socket when it is there (no process started: the healthcheck
 * runs of the wait come often, and each CLI call is a Go program's start), else with the CLI.
 * Either way the caller gets what `exec` would give it.
 */






/** Run `cmd` in container `id` as `docker exec` does (its user, its working directory, no TTY). */
function execIn(env, id, cmd, o) {
    const socket = (0,docker_endpoint/* engineSocket */.I)(env);
    const argv = ['docker', 'exec', id, ...cmd];
    return socket ? execOnSocket(socket, argv, id, cmd, o) : (0,src_exec/* exec */.m0)(argv, { env, signal: o.signal, timeoutMs: o.timeoutMs });
}
async function execOnSocket(socket, argv, id, cmd, o) {
    const started = performance.now();
    const left = () => Math.max(1, o.timeoutMs - (performance.now() - started));
    try {
        const created = await (0,engine_api/* apiRequest */.AT)(socket, 'POST', `/containers/${encodeURIComponent(id)}/exec`, {
            json: { AttachStdout: true, AttachStderr: true, Cmd: cmd },
            timeoutMs: left(),
            signal: o.signal,
        });
        // The CLI's own exit codes for what it cannot do: 1 (no such container), 126 (cannot run it).
        if (created.status !== 201)
            return (0,socket_result/* engineRefused */.XZ)(argv, started, created.status === 404 ? 1 : 126, created.body);
        const execId = JSON.parse(created.body).Id;
        const ran = await (0,engine_api/* apiRequest */.AT)(socket, 'POST', `/exec/${execId}/start`, {
            json: { Detach: false, Tty: false },
            timeoutMs: left(),
            signal: o.signal,
        });
        if (ran.status !== 200)
            return (0,socket_result/* engineRefused */.XZ)(argv, started, 126, ran.body);
        return (0,socket_result/* streamsOf */.$o)(argv, started, await exitCodeOf(socket, execId, left, o.signal), ran.bytes);
    }
    catch (err) {
        return (0,socket_result/* noAnswer */.qE)(argv, started, socket, err);
    }
}
/** The exit code of an exec whose stream ended: the engine may say it a moment after. */
async function exitCodeOf(socket, execId, left, signal) {
    for (let tries = 0;; tries++) {
        const a = await (0,engine_api/* apiRequest */.AT)(socket, 'GET', `/exec/${execId}/json`, { timeoutMs: left(), signal });
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
    const socket = (0,docker_endpoint/* engineSocket */.I)(env);
    if (!socket) {
        const tail = o.tail === undefined ? [] : ['--tail', String(o.tail)];
        const since = o.since === undefined ? [] : ['--since', o.since];
        await (0,src_exec/* exec */.m0)(['docker', 'logs', '--follow', ...tail, ...since, id], {
            env,
            signal: o.signal,
            timeoutMs: o.timeoutMs,
            keepChars: o.keepChars ?? 1024,
            onLine: o.onLine,
        });
        return;
    }
    const lines = { stdout: new engine_api/* LineSplitter */.g3((l) => o.onLine(l, 'stdout')), stderr: new engine_api/* LineSplitter */.g3((l) => o.onLine(l, 'stderr')) };
    const frames = new stream_frames/* FrameReader */.t((bytes, stream) => lines[stream].push(bytes));
    const query = `follow=1&stdout=1&stderr=1${o.tail === undefined ? '' : `&tail=${o.tail}`}${o.since === undefined ? '' : `&since=${o.since}`}`;
    await (0,engine_api/* apiStream */.BF)(socket, `/containers/${encodeURIComponent(id)}/logs?${query}`, (chunk) => frames.push(chunk), o);
}
/**
 * `docker logs --timestamps --tail N` of container `id`: its two streams, each line stamped. An
 * ExecResult either way (code 1 with the engine's words when it cannot be read).
 */
async function readLog(env, id, tail, o) {
    const argv = ['docker', 'logs', '--timestamps', '--tail', String(tail), id];
    const socket = (0,docker_endpoint/* engineSocket */.I)(env);
    if (!socket)
        return (0,src_exec/* exec */.m0)(argv, { env, signal: o.signal, timeoutMs: o.timeoutMs });
    const started = performance.now();
    try {
        const a = await (0,engine_api/* apiRequest */.AT)(socket, 'GET', `/containers/${encodeURIComponent(id)}/logs?stdout=1&stderr=1&timestamps=1&tail=${tail}`, o);
        return a.status === 200 ? (0,socket_result/* streamsOf */.$o)(argv, started, 0, a.bytes) : (0,socket_result/* engineRefused */.XZ)(argv, started, 1, a.body);
    }
    catch (err) {
        return (0,socket_result/* noAnswer */.qE)(argv, started, socket, err);
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
    const socket = (0,docker_endpoint/* engineSocket */.I)(env);
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
    const frames = new stream_frames/* FrameReader */.t((bytes, stream) => {
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
    const status = await (0,engine_api/* apiStream */.BF)(socket, path, (chunk) => frames.push(chunk), { signal }).finally(() => clearTimeout(timer));
    for (const stream of ['stdout', 'stderr']) {
        const last = (rest[stream] + decoders[stream].end()).replace(/\r$/, '');
        if (last !== '')
            o.onLine(last, stream);
    }
    return status === 200 && !signal.aborted;
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
        void execIn(this.env, c.id, ['cat', '/proc/net/tcp', '/proc/net/tcp6'], { signal: this.signal, timeoutMs: EXEC_TIMEOUT_MS }).then((r) => {
            e.inFlight = false;
            e.endedAt = performance.now();
            if (/local_address/.test(r.stdout))
                e.read = parseListeners(r.stdout);
            else if (/executable file not found|no such file or directory|not found/i.test(r.stderr) && !/No such container/i.test(r.stderr))
                e.read = { unchecked: `the image has no cat to read /proc/net/tcp (${(0,src_exec/* lastLines */.w$)(r.stderr, 1)})` };
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
        void followLog(this.env, c.id, {
            since: c.startedAt !== undefined ? (c.startedAt / 1000).toFixed(3) : undefined,
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

;// CONCATENATED MODULE: ./src/stack/observe/timers.ts
/** The process's own; a pending timer does not keep the step's process alive (the wait does, while it runs). */
const realTimers = {
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)).unref(),
    clearTimeout: (handle) => clearTimeout(handle),
};

;// CONCATENATED MODULE: ./src/stack/observe/listen-signal.ts
/**
 * A signal for the action's own healthcheck runs: a container began to listen on a socket it did
 * not listen on before (a database that opens its port once it has started, say). Read from the
 * container's socket table in this host's /proc every {@link POLL_MS}, a few file reads, no exec;
 * a container whose table cannot be read from here (a remote engine, a step in a container) gives
 * no such signal: an exec would cost as much as the healthcheck run it would trigger.
 */



const POLL_MS = 100;
/** The listening sockets of `now` that are not in `seen`, by address and port. Pure. */
function newSockets(seen, now) {
    return now.map((l) => `${l.address}:${l.port}`).filter((s) => !seen.has(s));
}
class ListenSignal {
    onListen;
    timers;
    proc;
    watched = new Map();
    timer;
    constructor(
    /** Called with the key a container was watched under when it listens on a new socket. */
    onListen, timers = realTimers, proc = '/proc') {
        this.onListen = onListen;
        this.timers = timers;
        this.proc = proc;
    }
    /** Watch `c` under `key` from now (what it listens on already is no news); false when its table cannot be read here. */
    watch(key, c) {
        if (this.watched.has(key))
            return true;
        const table = readHostTable(c, this.proc);
        if (table === undefined)
            return false;
        this.watched.set(key, { c, seen: new Set(newSockets(new Set(), parseListeners(table))) });
        this.timer ??= this.timers.setTimeout(() => this.poll(), POLL_MS);
        return true;
    }
    unwatch(key) {
        this.watched.delete(key);
    }
    close() {
        this.watched.clear();
        this.timers.clearTimeout(this.timer);
        this.timer = undefined;
    }
    poll() {
        this.timer = undefined;
        for (const [key, w] of [...this.watched]) {
            const table = readHostTable(w.c, this.proc);
            if (table === undefined) {
                this.watched.delete(key); // stopped, or no longer this container's process
                continue;
            }
            const fresh = newSockets(w.seen, parseListeners(table));
            for (const s of fresh)
                w.seen.add(s);
            if (fresh.length > 0)
                this.onListen(key);
        }
        if (this.watched.size > 0)
            this.timer = this.timers.setTimeout(() => this.poll(), POLL_MS);
    }
}

;// CONCATENATED MODULE: ./src/stack/observe/log-signal.ts
/**
 * A signal for the action's own healthcheck runs: a container wrote a line of a kind it had not
 * written before ("database system is ready to accept connections"). Its log is followed from now
 * (`docker logs --follow --tail 0`) while it is awaited by its healthcheck.
 *
 * Only a new shape of line counts (digits, hex ids and UUIDs aside): a server that logs every
 * request logs each run of its healthcheck, the engine's and the action's, and those lines must
 * not ask for more runs. A container that has written {@link SHAPES_KEPT} shapes signals no more.
 */

const SHAPES_KEPT = 500;
/** What is left of a line once what changes from one request to the next is taken out. Pure. */
function logShape(line) {
    return line
        .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') // colour codes
        .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '#') // UUIDs
        .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '#') // hex ids (with a digit: not a plain word)
        .replace(/\d+/g, '#')
        .replace(/\s+/g, ' ')
        .trim();
}
class LogSignal {
    env;
    budgetMs;
    onLine;
    followers = new Map();
    constructor(env, budgetMs, 
    /** Called with the key a container was followed under, for each line of a new shape. */
    onLine) {
        this.env = env;
        this.budgetMs = budgetMs;
        this.onLine = onLine;
    }
    /** Follow `c`'s log under `key` from now. */
    follow(key, c) {
        if (this.followers.has(key))
            return;
        const f = { shapes: new Set(), stop: new AbortController() };
        this.followers.set(key, f);
        void followLog(this.env, c.id, {
            tail: 0,
            signal: f.stop.signal,
            timeoutMs: Math.max(1000, this.budgetMs()),
            onLine: (line) => {
                if (f.shapes.size >= SHAPES_KEPT)
                    return;
                const shape = logShape(line);
                if (!shape || f.shapes.has(shape))
                    return;
                f.shapes.add(shape);
                if (!f.stop.signal.aborted)
                    this.onLine(key);
            },
        });
    }
    stop(key) {
        this.followers.get(key)?.stop.abort();
        this.followers.delete(key);
    }
    close() {
        for (const key of [...this.followers.keys()])
            this.stop(key);
    }
}

;// CONCATENATED MODULE: ./src/stack/observe/own-health-cadence.ts
/**
 * How long the action waits, when no signal comes, before it runs a container's healthcheck again
 * itself. A check that depends on time alone (a warm-up, a file written late) gives no signal; the
 * fallback run still notices it soon, at a cost kept small on a busy 2-core runner. Pure.
 *
 * A run is a `docker exec`: 50-250 ms of wall time on a quiet machine (seconds on an overloaded
 * one), about half of it CPU across the CLI, the engine and runc. After a run of `runMs` the next
 * fallback run of that container comes `SPREAD × pending × runMs` later, within
 * [`FLOOR_MS`, `CEILING_MS`]. Below the ceiling, the fallback runs of all the pending containers
 * together keep at most 1/SPREAD of one exec in flight (about 6 % of a 2-core runner), and back off
 * when the machine is slow (its runs take longer); the ceiling keeps a check that passes on time
 * alone noticed within about 2 s however many wait (eight with 150 ms runs: 0.6 of an exec in
 * flight, about 15 % of the runner). One container alone with a 150 ms run runs again 0.6 s after
 * the last run ended.
 *
 * Docker's own runs, every `interval`, do not replace these: its result reaches the action only
 * after its run, its health update, an event and a `docker inspect` (0.2-0.5 s on a busy runner),
 * at a moment of its own, so with an interval of 1 s a check on time alone was noticed 0.3-0.5 s
 * later when the fallback left it to Docker (measured, bench/own-health.ts).
 */
const FLOOR_MS = 500;
const CEILING_MS = 2000;
const SPREAD = 4;
/** The pause before the next fallback run. Pure. */
function fallbackPauseMs(runMs, pending) {
    return Math.min(CEILING_MS, Math.max(FLOOR_MS, SPREAD * Math.max(1, pending) * Math.max(0, runMs)));
}

;// CONCATENATED MODULE: ./src/stack/observe/run-schedule.ts
/**
 * When a check that costs a process (the action's own run of a container's healthcheck) runs: at
 * once when a signal says it may pass now, never twice at the same time for one key (a signal
 * during a run asks for exactly one more, right after it: any number of signals meanwhile are that
 * one), and, when no signal comes, again after a fallback pause the owner chooses per run. A
 * parked key runs no more until its next signal.
 */

class RunSchedule {
    hooks;
    timers;
    slots = new Map();
    closed = false;
    constructor(hooks, timers = realTimers) {
        this.hooks = hooks;
        this.timers = timers;
    }
    /** Something says `key` may pass now: run it now, or once more right after the run in flight. */
    signal(key) {
        if (this.closed)
            return;
        let s = this.slots.get(key);
        if (!s) {
            s = { running: false, again: false, parked: false, timer: undefined };
            this.slots.set(key, s);
        }
        s.parked = false;
        if (s.running)
            s.again = true;
        else
            this.start(key, s);
    }
    /** Whether a run of `key` is in flight. */
    running(key) {
        return this.slots.get(key)?.running === true;
    }
    /**
     * No run of `key` until its next signal (a run in flight ends alone, and no run follows it);
     * `forget`: the key will not come back (its container is gone), drop what is kept of it.
     */
    park(key, forget = false) {
        const s = this.slots.get(key);
        if (!s)
            return;
        this.timers.clearTimeout(s.timer);
        s.timer = undefined;
        s.again = false;
        s.parked = true;
        if (forget && !s.running)
            this.slots.delete(key);
    }
    /** Park every key; no signal starts a run any more. */
    close() {
        this.closed = true;
        for (const key of [...this.slots.keys()])
            this.park(key, true);
    }
    start(key, s) {
        this.timers.clearTimeout(s.timer);
        s.timer = undefined;
        s.running = true;
        s.again = false;
        const started = this.timers.now();
        const ended = () => this.ended(key, s, this.timers.now() - started);
        let run;
        try {
            run = this.hooks.run(key);
        }
        catch {
            run = Promise.resolve();
        }
        run.then(ended, ended);
    }
    ended(key, s, runMs) {
        s.running = false;
        if (s.parked || this.closed)
            return;
        if (s.again)
            return this.start(key, s);
        const pause = this.hooks.fallbackMs(key, runMs);
        if (pause === undefined)
            return;
        s.timer = this.timers.setTimeout(() => {
            s.timer = undefined;
            if (!s.running && !s.parked && !this.closed)
                this.start(key, s);
        }, pause);
    }
}

;// CONCATENATED MODULE: ./src/stack/observe/own-health.ts
/**
 * The action's own runs of a container's healthcheck (`docker exec` of the same command). Docker
 * runs it only every `interval` (often 10 s, and not at all before the first interval ends); the
 * action runs it the moment something says it may pass now, so a service is seen healthy about
 * as soon as it is:
 *
 * - the container (re)started, or the engine turned it unhealthy (one run to confirm);
 * - it began to listen on a new socket ({@link ListenSignal});
 * - it wrote a new kind of log line ({@link LogSignal});
 * - a service it depends on turned healthy, by the engine or by a run of its own, or first
 *   answered 2xx as the backend or auth service ({@link OwnHealthRuns.nudge}): what it waited for
 *   may be there now.
 *
 * At most one run per container is in flight ({@link RunSchedule}); with no signal, a fallback run
 * comes at the cadence of own-health-cadence.ts. A run that passes ends the runs, as Docker's
 * `healthy` does, until the engine says unhealthy or the container starts again.
 */







/** A run that takes longer is cut at the healthcheck's own timeout, at most this. */
const MAX_RUN_MS = 5000;
/** A log line this soon after a run a log line asked for may be that run's own (a server logging the request). */
const ECHO_MS = 250;
const keyOf = (c) => `${c.id}:${c.startedAt ?? ''}`;
class OwnHealthRuns {
    deps;
    entries = new Map();
    /** When each container was first seen unhealthy (cleared when it is not). */
    unhealthySince = new Map();
    healthy = new Set();
    schedule;
    listening;
    logs;
    timers;
    constructor(deps) {
        this.deps = deps;
        this.timers = deps.timers ?? realTimers;
        this.schedule = new RunSchedule({
            run: (key) => this.run(key),
            fallbackMs: (_key, runMs) => fallbackPauseMs(runMs, [...this.entries.values()].filter((e) => e.pending).length),
        }, this.timers);
        this.listening = new ListenSignal((key) => this.signalled(key, false), this.timers, deps.proc);
        const onLine = (key) => this.signalled(key, true);
        this.logs = deps.logs?.(onLine) ?? new LogSignal(deps.env, deps.remainingMs, onLine);
    }
    /**
     * What the runs said of `c`; `wanted`: a run is useful now (its health decides, or it is
     * unhealthy and must be confirmed). Becoming wanted is a signal: a run starts at once.
     */
    state(c, wanted) {
        if (c.health === 'unhealthy')
            this.unhealthySince.set(c.id, this.unhealthySince.get(c.id) ?? this.timers.now());
        else
            this.unhealthySince.delete(c.id);
        const e = this.entry(c);
        const since = this.unhealthySince.get(c.id);
        const unconfirmed = since !== undefined && e.startedAt < since;
        this.setPending(e, wanted && c.status === 'running' && c.health !== 'healthy' && (!e.passed || unconfirmed));
        const inFlight = this.schedule.running(keyOf(c));
        return { passed: e.passed, confirmedUnhealthy: since !== undefined && !unconfirmed && !inFlight && !e.passed };
    }
    /**
     * Each look at the containers: one that turned healthy (by the engine) is a signal for those
     * that depend on it; the runs of a container that is gone, or no longer runs, end.
     */
    look(containers) {
        const keys = new Set(containers.filter((c) => c.status === 'running').map(keyOf));
        for (const [key, e] of [...this.entries])
            if (!keys.has(key))
                this.drop(key, e);
        const healthyNow = containers.filter((c) => c.health === 'healthy');
        for (const c of healthyNow) {
            const e = this.entries.get(keyOf(c));
            if (e)
                this.setPending(e, false); // the engine says so: no run of ours needed
        }
        const news = healthyNow.filter((c) => !this.healthy.has(keyOf(c)));
        this.healthy.clear();
        for (const c of healthyNow)
            this.healthy.add(keyOf(c));
        for (const service of new Set(news.map((c) => c.service)))
            this.nudge(service);
    }
    /**
     * `service` is there now (it turned healthy, or first answered 2xx): the pending checks of the
     * services that depend on it run at once (of every service, when what depends on what is not known).
     */
    nudge(service) {
        const dependsOn = this.deps.dependsOn;
        for (const [key, e] of this.entries)
            if (e.pending && e.c.service !== service && (!dependsOn || dependsOn.get(e.c.service)?.includes(service)))
                this.schedule.signal(key);
    }
    close() {
        this.schedule.close();
        this.listening.close();
        this.logs.close();
    }
    entry(c) {
        const key = keyOf(c);
        let e = this.entries.get(key);
        if (!e) {
            // A container that started again is a new entry: what ran before says nothing of it.
            for (const [k, old] of [...this.entries])
                if (old.c.id === c.id)
                    this.drop(k, old);
            e = { c, pending: false, passed: false, startedAt: -Infinity, endedAt: -Infinity, byLog: false, nextByLog: false };
            this.entries.set(key, e);
        }
        e.c = c;
        return e;
    }
    drop(key, e) {
        this.setPending(e, false);
        this.schedule.park(key, true);
        this.entries.delete(key);
    }
    setPending(e, pending) {
        const key = keyOf(e.c);
        if (pending === e.pending || (pending && !healthArgv(e.c)))
            return;
        e.pending = pending;
        if (!pending) {
            this.schedule.park(key);
            this.listening.unwatch(key);
            this.logs.stop(key);
            return;
        }
        this.listening.watch(key, e.c);
        this.logs.follow(key, e.c);
        this.schedule.signal(key);
    }
    /** A listening socket or a log line of the container under `key`. */
    signalled(key, byLog) {
        const e = this.entries.get(key);
        if (!e?.pending)
            return;
        // A line while (or just after) a run a log line asked for may be that run's own: it asks for no more.
        const echo = e.byLog && (this.schedule.running(key) || this.timers.now() - e.endedAt < ECHO_MS);
        if (byLog && echo)
            return;
        e.nextByLog ||= byLog;
        this.schedule.signal(key);
    }
    async run(key) {
        const e = this.entries.get(key);
        const argv = e && healthArgv(e.c);
        if (!e?.pending || !argv)
            return;
        e.byLog = e.nextByLog;
        e.nextByLog = false;
        e.startedAt = this.timers.now();
        const timeoutMs = Math.min(e.c.healthTimeoutMs ?? MAX_RUN_MS, MAX_RUN_MS, Math.max(500, this.deps.remainingMs()));
        const res = await (this.deps.runCheck?.(argv, timeoutMs) ??
            execIn(this.deps.env, e.c.id, healthCommand(e.c), { signal: this.deps.signal, timeoutMs }));
        e.endedAt = this.timers.now();
        if (res.aborted || this.entries.get(key) !== e)
            return;
        e.passed = res.code === 0;
        if (!e.passed)
            return;
        this.setPending(e, false);
        this.deps.wake();
        this.nudge(e.c.service);
    }
}

// EXTERNAL MODULE: ./src/probe/probe.ts + 1 modules
var probe = __webpack_require__(57376);
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
        this.agents ??= (0,probe/* makeAgents */.LV)();
        const agents = this.agents;
        const all = Promise.all(targets.map(async (t) => {
            const r = t.kind === 'http' ? await (0,probe/* probeHttp */.xc)(t.url, { timeoutMs, agents }) : await (0,probe/* probeWebSocket */.Gw)(t.url, { timeoutMs, agents });
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
        return died ? { ...c, status: 'exited', exitCode: died.exitCode, finishedAt: died.at ?? Date.now() } : c;
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
            look.observedAt = { epochMs: Date.now(), perfMs: performance.now() };
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

// EXTERNAL MODULE: ./src/sleep.ts
var sleep = __webpack_require__(46972);
;// CONCATENATED MODULE: ./src/stack/wait.ts










const wait_POLL_MS = 100;
/** A container that has restarted must stay ready this long before it counts (it may be looping). */
const SETTLE_AFTER_RESTART_MS = 1500;
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
    look = {
        containers: [],
        knownIds: undefined,
        lookedAt: -Infinity,
        observedAt: { epochMs: 0, perfMs: 0 },
        eventsSeen: -1,
        unreachableSince: undefined,
    };
    board = new ProbeBoard();
    health;
    sockets;
    logs;
    readyAt = new Map();
    firstSeen = new Map();
    reached = new Map();
    /** The probes that passed at the last look. */
    passing = new Set();
    readySince;
    lastRestarts = 0;
    constructor(req) {
        this.req = req;
        const wake = () => req.events?.wake();
        this.health = new OwnHealthRuns({
            env: req.env,
            signal: req.signal,
            wake,
            remainingMs: () => this.remaining(),
            dependsOn: req.dependsOn,
        });
        this.sockets = new ListenerReader(req.env, req.signal, wake);
        this.logs = new LogWatch(req.env, () => this.remaining(), wake);
    }
    close() {
        this.logs.close();
        this.health.close();
    }
    remaining() {
        return this.req.deadline - performance.now();
    }
    base() {
        return { ...outcomeBase(this.look.containers, this.board.latest(), this.started), ready: [...this.readyAt.values()] };
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
                await (0,sleep/* sleep */.y)(Math.min(wait_POLL_MS, this.remaining()));
                continue;
            }
            this.health.look(this.look.containers);
            const probed = await this.judgeAndProbe();
            if (probed === 'again')
                continue; // a container died while the probes ran: look at it now
            const ended = probed ?? (await this.readyOrTimeout());
            if (ended)
                return ended;
            // A fixed cadence: the next look starts a cadence after this one started, however long it took.
            await this.pause(Math.min((req.cadenceMs?.() ?? wait_POLL_MS) - (performance.now() - cycleStarted), this.remaining()));
        }
    }
    pause(ms) {
        return this.req.events ? this.req.events.sleep(ms) : (0,sleep/* sleep */.y)(ms);
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
        this.notePassing(targets);
        const definite = this.board.definite();
        if (definite.length === 0)
            return undefined;
        return this.failure('definite', definite.map((d) => ({ container: this.runningOf(d.probe.service), service: d.probe.service, why: d.why })));
    }
    /** A probe's first pass (or the first since it failed) may be what a service's healthcheck waits for. */
    notePassing(targets) {
        const news = new Set();
        for (const t of targets) {
            const passes = this.board.state(t.key).state === 'pass';
            if (passes && !this.passing.has(t.key))
                news.add(t.service);
            if (passes)
                this.passing.add(t.key);
            else
                this.passing.delete(t.key);
        }
        for (const service of news)
            this.health.nudge(service);
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
                    readyAt: known?.readyAt ?? Date.now(),
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
    /**
     * How long the container had run when it was last seen running: by the time the inspect that
     * says so began, not by now. A container that died since, whose `die` event is late on a busy
     * machine, is not called ready on an old look.
     */
    runningMs(c) {
        const key = `${c.id}:${c.startedAt ?? ''}`;
        const { epochMs, perfMs } = this.look.observedAt;
        const seen = this.firstSeen.get(key) ?? perfMs;
        this.firstSeen.set(key, seen);
        return runningMs(c.startedAt, epochMs, perfMs - seen);
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
/** The pulls with retries, with the progress saying so while they run. */
function pulling(repull, progress) {
    return async (o) => {
        progress.pulling = true;
        try {
            return await repull(o);
        }
        finally {
            progress.pulling = false;
        }
    };
}
/**
 * What `up` and the watch came to together: the watch decides, but `up` failing on its own ends
 * it (after a last look, which may name the service compose failed on); the events stream is closed either way.
 */
async function bothEnded(up, watch, stop, events) {
    const [stopUp, stopWatch] = [stop.up, stop.watch];
    try {
        const first = await Promise.race([up.then((u) => ({ u })), watch.then((w) => ({ w }))]);
        if ('u' in first) {
            const u = first.u;
            // Up is done: the watch goes on to readiness. Up timed out: the watch shares its deadline,
            // and says better what was not ready.
            if (u.ok || u.kind === 'up-timeout')
                return { up: u, wait: await watch };
            // Up failed on its own. Compose also fails when a dependency exits or turns unhealthy; the
            // watch, given a last look, names that service, whichever of the two noticed first.
            const w = u.kind === 'up-failed' ? await within(watch, LAST_LOOK_MS) : undefined;
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
}
function upAndWatch(target, options, env, budgetMs, 
/** What to wait for; a promise when it is known only later (undefined then: the watch does not start, and `up` is stopped). */
request) {
    const stopUp = new AbortController();
    const stopWatch = new AbortController();
    const progress = new UpProgress();
    const events = new ProjectEvents();
    const repull = target.repull && pulling(target.repull, progress);
    const up = composeUp({ ...target, repull }, options, env, budgetMs, stopUp.signal, (l) => progress.line(l)).finally(() => {
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
        : Promise.resolve({
            ok: false,
            kind: 'cancelled',
            reason: 'not watched',
            failing: [],
            containers: [],
            probes: [],
            ready: [],
            durationMs: 0,
        }));
    // Once the watch has its answer, stop what it still runs (an eager healthcheck, say).
    watch.then(() => stopWatch.abort(), () => stopWatch.abort());
    const done = bothEnded(up, watch, { up: stopUp, watch: stopWatch }, events);
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
    src_runner/* saveState */.LZ(IMAGES, JSON.stringify(state));
}
function readImageCacheState() {
    const raw = runner.getState(IMAGES);
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
    src_runner/* saveState */.LZ(CANCELLED, 'true');
}
/** Save the stack the post step removes; a stack saved anew is not removed yet. */
function saveTeardownState(state) {
    src_runner/* saveState */.LZ(PLAN, JSON.stringify(state));
    src_runner/* saveState */.LZ(REMOVED, 'false');
}
/** Nothing was started after all (the daemon refused the early `up`): the post step has nothing to do. */
function forgetTeardownState() {
    src_runner/* saveState */.LZ(PLAN, '');
    src_runner/* saveState */.LZ(REMOVED, 'false');
}
/**
 * Mark the stack as already removed by the main step, so the post step has nothing to remove;
 * when `up` was killed mid-way, it still looks by label for a container the engine created late.
 */
function saveStackRemoved(upStopped = false) {
    src_runner/* saveState */.LZ(REMOVED, 'true');
    if (upStopped)
        src_runner/* saveState */.LZ(UP_STOPPED, 'true');
}
function readTeardownState() {
    const raw = runner.getState(PLAN);
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
        removed: runner.getState(REMOVED) === 'true',
        cancelled: runner.getState(CANCELLED) === 'true',
        upStopped: runner.getState(UP_STOPPED) === 'true',
    };
}
/**
 * The networks of the project this step's container joined (a container job): the post step
 * leaves them before `down`, which cannot remove a network a container is still on.
 */
function saveJoinedState(project, joined) {
    src_runner/* saveState */.LZ(JOINED, JSON.stringify({ project, ...joined }));
}
function readJoinedState() {
    const raw = runner.getState(JOINED);
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
    src_runner/* saveState */.LZ(DETACHED, JSON.stringify(removal));
}
function readDetachedRemoval() {
    const raw = runner.getState(DETACHED);
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
/** The watch after the decision (src/after-decision/): the post step ends it and reports what it saw. */
function saveWatcher(w) {
    src_runner/* saveState */.LZ(WATCHER, JSON.stringify(w));
}
function readWatcher() {
    const raw = runner.getState(WATCHER);
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return Number.isInteger(parsed.pid) && typeof parsed.recordFile === 'string' && typeof parsed.jobFile === 'string' ? parsed : undefined;
    }
    catch {
        log.warning(`Saved state '${WATCHER}' is not valid JSON; what happened after the decision is not reported.`);
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
        const dir = external_node_path_.join(env.RUNNER_TEMP || external_node_os_.tmpdir(), 'compose-or-staging');
        external_node_fs_.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const file = external_node_path_.join(dir, `log-secrets-${process.pid}.json`);
        external_node_fs_.writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
        src_runner/* saveState */.LZ(LOG_SECRETS, file);
    }
    catch (err) {
        warning(`Could not keep the stack's secrets for the post step (its logs would not be redacted): ${String(err)}`);
    }
}
/** The values {@link saveLogSecrets} kept; [] when none. */
function readLogSecrets() {
    const file = runner.getState(LOG_SECRETS);
    if (!file)
        return [];
    try {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
        return Array.isArray(parsed) ? parsed.map(String) : [];
    }
    catch {
        return [];
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
            const detail = locationDetail(w, { urlHost, remote, engineHost, byName: network?.byName ?? false });
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
/** What the summary says of where the step runs and how URLs are built. Pure. */
function locationDetail(w, o) {
    return o.urlHost !== undefined
        ? `url-host: every URL names ${o.urlHost}, with the ports the engine published${w.kind === 'container' || w.kind === 'shared-network' ? ` (the step runs in container ${(0,outside/* outsideLine */.U2)(w.container.name, 200)} of this engine)` : ''}.`
        : o.remote
            ? `The engine is remote (${o.remote}): URLs name its host ${o.engineHost}, with the ports it published; compose builds from here, but bind mounts are paths of its host.`
            : w.kind === 'host'
                ? `Not in a container: URLs name ${o.engineHost}, with the ports the engine published.`
                : w.kind === 'shared-network'
                    ? `In container ${(0,outside/* outsideLine */.U2)(w.container.name, 200)} (${w.container.id.slice(0, 12)}) of this engine, on network mode ${(0,outside/* outsideLine */.U2)(w.mode, 100)}: it cannot join the stack's network, so URLs name ${o.engineHost}, with the ports the engine published. If they are not reachable there, set url-host.`
                    : w.kind === 'foreign-container'
                        ? `In a container that this engine does not run (${(0,outside/* outsideLine */.U2)(w.why, 300)}): URLs name ${o.engineHost}, with the ports the engine published. If they are not reachable there, set url-host.`
                        : `In container ${(0,outside/* outsideLine */.U2)(w.container.name, 200)} (${w.container.id.slice(0, 12)}) of this engine: the stack's published ports are on the engine's host, so this container joins the stack's network and reaches each service ${o.byName
                            ? 'by its name and container port (http://<service>:<port>)'
                            : "at its address on that network and its container port (this container's resolver is not Docker's embedded DNS, so names do not resolve)"}.`;
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
    const elsewhere = remote !== undefined && !(0,docker_availability/* isLoopbackHost */.cW)((0,docker_availability/* publishHostFor */.vz)(endpoint));
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
    const r = await (0,src_exec/* exec */.m0)(['docker', 'image', 'ls', '--digests', '--no-trunc', '--format', '{{.Repository}}\t{{.Tag}}\t{{.Digest}}'], {
        env,
        timeoutMs,
    });
    if (r.code !== 0)
        return { error: (0,src_exec/* describeFailure */.Ic)(r) };
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
        const parsed = typeof entry === 'string' ? parseReference(entry) : undefined;
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
    const r = await (0,src_exec/* exec */.m0)(['docker', 'image', 'inspect', '--format', '{{.Id}}', ...refs], { env, timeoutMs, signal });
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
    return result(await (0,src_exec/* exec */.m0)(argv, { env, timeoutMs, signal }));
}
async function loadImage(file, env, timeoutMs, signal) {
    return result(await (0,src_exec/* exec */.m0)(['docker', 'load', '--quiet', '--input', file], { env, timeoutMs, signal }));
}
/**
 * One image into `file`: by reference, its name and tag kept (a load gives it back by that name);
 * by id (a built image), no name (a load gives it back untagged, to be tagged as this run names it).
 */
async function saveImage(what, file, env, timeoutMs) {
    return result(await exec(['docker', 'save', '--output', file, typeof what === 'string' ? what : what.canonical], { env, timeoutMs }));
}
/** `docker tag`: `source` (an id or a name) also known as `target`. */
async function tagImage(source, target, env, timeoutMs) {
    return result(await (0,src_exec/* exec */.m0)(['docker', 'tag', source, target], { env, timeoutMs }));
}
/** The id and size of the image `name` (or id) names; undefined when the engine has none by it. */
async function imageIdOf(name, env, timeoutMs) {
    const r = await (0,src_exec/* exec */.m0)(['docker', 'image', 'inspect', '--format', '{{.Id}}\t{{.Size}}', name], { env, timeoutMs });
    if (r.code !== 0)
        return undefined;
    const [id = '', size = ''] = r.stdout.trim().split('\t');
    return id ? { id, sizeBytes: Number(size) || 0 } : undefined;
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./src/images/retry.ts
/**
 * Another try, after a pause, within a deadline: what a registry's bad minute needs. The pauses
 * double (2 s, 4 s, 8 s, …, at most 30 s), each shaken by up to ±20 % so that jobs refused at the
 * same moment do not come back at the same moment, and none is longer than a quarter of the time
 * left: however short the deadline, the tries keep fitting (after a failed first try, at least
 * two more, when the tries themselves are quick, as a refusal is). At most six tries: a limit
 * that outlasts a minute of them is not a bad minute, and the step says so while it still has
 * time to fall back.
 */

const RETRY_POLICY = {
    maxTries: 6,
    firstPauseMs: 2000,
    maxPauseMs: 30_000,
    shareOfLeft: 0.25,
    minTryMs: 1000,
    jitter: 0.2,
};
/**
 * The pause before the next try, after `failed` failed tries with `leftMs` to the deadline;
 * undefined: no more tries. `random` in [0, 1). Pure.
 */
function pauseBefore(failed, leftMs, policy = RETRY_POLICY, random = Math.random) {
    if (failed >= policy.maxTries)
        return undefined;
    const nominal = Math.min(policy.maxPauseMs, policy.firstPauseMs * 2 ** (failed - 1));
    const shaken = nominal * (1 + policy.jitter * (2 * random() - 1));
    const pause = Math.round(Math.min(shaken, leftMs * policy.shareOfLeft));
    return leftMs - pause < policy.minTryMs ? undefined : pause;
}
/**
 * `attempt` until it gives what `again` does not want another try of, the policy's tries run out,
 * the deadline (a `performance.now()` time) leaves no room, or `signal` stops a pause.
 */
async function withRetries(attempt, again, o) {
    let tries = 1;
    let last = o.before !== undefined ? o.before : await attempt(tries);
    for (;;) {
        if (!again(last) || o.signal?.aborted)
            return { last, tries, stopped: o.signal?.aborted ?? false };
        const pause = pauseBefore(tries, o.deadline - performance.now(), o.policy, o.random);
        if (pause === undefined)
            return { last, tries, stopped: false };
        o.onPause?.(last, tries, pause);
        try {
            await (0,promises_.setTimeout)(pause, undefined, { signal: o.signal });
        }
        catch {
            return { last, tries, stopped: true };
        }
        last = await attempt(++tries);
    }
}

;// CONCATENATED MODULE: ./src/images/pull.ts
/**
 * One image pulled the way a registry's bad minute needs: `docker pull`, and again after a pause
 * (retry.ts) while the registry refuses with its rate limit, fails with a 5xx, times out or resets
 * the connection, within the deadline; and how many tries that took.
 */



/** `docker pull --quiet: exit code 1: Error response from daemon: toomanyrequests: …` → `toomanyrequests: …`. Pure. */
function daemonWords(detail) {
    return detail.replace(/^docker pull [^:]*: exit code \d+: /, '').replace(/Error response from daemon: /g, '');
}
async function pullWithRetries(ref, env, o) {
    const started = performance.now();
    let failed = o.triedBefore ?? '';
    const retried = await withRetries(async () => {
        const p = await pullImage(ref, env, Math.max(1, o.deadline - performance.now()), o.signal, o.platform);
        if (!p.ok)
            failed = daemonWords(p.detail);
        return p;
    }, (p) => !p.ok && !p.stopped && pullTrouble(p.detail) !== undefined, {
        deadline: o.deadline,
        signal: o.signal,
        before: o.triedBefore === undefined ? undefined : { ok: false, detail: o.triedBefore, durationMs: 0, stopped: false },
        onPause: (p, tries, ms) => o.onPause?.(`${ref.canonical}: try ${tries} of at most ${RETRY_POLICY.maxTries} failed (${p.ok ? '' : daemonWords(p.detail)}); again in ${(ms / 1000).toFixed(1)} s`),
    });
    const last = retried.last;
    const durationMs = performance.now() - started;
    if (last.ok)
        return { ok: true, tries: retried.tries, durationMs, said: failed, stopped: false };
    return {
        ok: false,
        tries: retried.tries,
        durationMs,
        said: failed,
        trouble: pullTrouble(last.detail),
        stopped: retried.stopped || last.stopped,
    };
}

;// CONCATENATED MODULE: ./src/images/types.ts
/** `1 try`, `3 tries`: a row's tries, as the log, the summary and the report's details say them. Pure. */
const types_countTries = (n) => `${n} ${n === 1 ? 'try' : 'tries'}`;

;// CONCATENATED MODULE: ./src/images/pull-stage.ts
/**
 * The images `up` needs (the `image:` of each service it starts that is not built), pulled with
 * retries once a pull of compose's own met registry trouble (a 429, a 5xx, a timeout, a reset):
 * the engine is asked which it lacks (every one, with `pull: always`), and those are pulled at
 * once, each with retries (pull.ts), compose's failed pull counted as the first try of what it was
 * pulling. Registry trouble that outlasts the tries fails the stage, naming the image; any other
 * failed pull (denied, not found) is left to `up`, which says why in compose's own words, as does
 * an engine that cannot say what it has.
 */





/** Asking the engine which images it has: well under a second, unless it is in trouble. */
const INSPECT_MS = 15_000;
async function pullStage(images, o) {
    const refs = images.map((i) => i.ref.canonical);
    const lacked = o.always
        ? new Set(refs)
        : await lackedImages(refs, o.env, Math.max(1, Math.min(INSPECT_MS, o.deadline - performance.now())), o.signal);
    // The engine could not say: `up` asks it again, and says what is wrong.
    if (!lacked)
        return { ok: true, records: [], pulledAll: false, pulledAny: false };
    const pulls = await Promise.all(images.map(async (img) => {
        if (!lacked.has(img.ref.canonical))
            return [img, undefined];
        o.onLine?.(`pulling ${img.ref.canonical} (${img.services.join(', ')}) with retries`);
        const pulled = await pullWithRetries(img.ref, o.env, {
            deadline: o.deadline,
            signal: o.signal,
            platform: img.platform,
            onPause: o.onLine,
            triedBefore: o.tried && triedBy(img, o.tried) ? o.tried.said : undefined,
        });
        o.onLine?.(`${img.ref.canonical}: ${pulled.ok ? 'pulled' : 'not pulled'} in ${Math.round(pulled.durationMs)} ms, ${types_countTries(pulled.tries)}`);
        return [img, pulled];
    }));
    const records = await Promise.all(pulls.map(async ([img, p]) => withSize(pullRecord(img, p), img, o.env)));
    const failed = pulls.find(([, p]) => p && !p.ok && !p.stopped && p.trouble);
    const pulledAny = pulls.some(([, p]) => p?.ok);
    if (!failed)
        return { ok: true, records, pulledAll: o.always && pulls.every(([, p]) => p?.ok), pulledAny };
    const [img, p] = failed;
    return {
        ok: false,
        kind: p.trouble === 'rate-limited' ? 'registry-rate-limit' : 'registry-unavailable',
        detail: `${img.ref.canonical} (${img.services.join(', ')}) could not be pulled: ${describeTrouble(p.trouble)} through ${types_countTries(p.tries)} in ${(p.durationMs / 1000).toFixed(1)} s: ${p.said}`,
        records,
        image: img.ref.canonical,
        services: img.services,
        tries: p.tries,
    };
}
/** Whether compose was pulling `img` when its pull failed: by a service of it, or by its name. Pure. */
function triedBy(img, tried) {
    if (img.services.some((s) => tried.services.includes(s)))
        return true;
    return tried.images.some((written) => {
        const ref = parseReference(written);
        return !('error' in ref) && ref.canonical === img.ref.canonical;
    });
}
/** A pulled image's size, as the engine has it (one more call, on the path that pulled). */
async function withSize(row, img, env) {
    if (row.state !== 'pulled')
        return row;
    const facts = await imageFacts(img.ref, env, INSPECT_MS);
    return facts ? { ...row, sizeBytes: facts.sizeBytes, ...(facts.digest ? { digest: facts.digest } : {}) } : row;
}
/** The row of one image: on the engine already, pulled (on which try), or not. Pure. */
function pullRecord(img, p) {
    const row = { image: img.ref.canonical, written: img.written, services: img.services, via: 'image' };
    if (!p)
        return { ...row, state: 'present', detail: 'on the engine already: not pulled' };
    const took = { tries: p.tries, durationMs: p.durationMs };
    if (p.ok)
        return {
            ...row,
            ...took,
            state: 'pulled',
            detail: p.tries === 1 ? 'pulled' : `pulled on try ${p.tries}; the try before it: ${p.said}`,
        };
    return { ...row, ...took, state: 'missing', detail: `not pulled (${types_countTries(p.tries)}): ${p.said}` };
}

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
 * The images `up` pulls when the engine lacks them: the `image:` of each service that starts and
 * is not built, one entry per image. A service whose `pull_policy` says otherwise than `missing`
 * (`always`, `never`, `build`, `daily`, …) is left to compose, which decides for it; with `pull:
 * always` (`anyPolicy`), `up --pull always` would override those too, so they are in. Pure.
 */
function imagesUpPulls(model, services, anyPolicy = false) {
    const byCanonical = new Map();
    for (const name of startedServices(model, services)) {
        const svc = model.services.get(name);
        if (svc.build || !svc.image)
            continue;
        if (!anyPolicy && svc.pullPolicy !== undefined && !['missing', 'if_not_present'].includes(svc.pullPolicy))
            continue;
        const ref = parseReference(svc.image);
        if ('error' in ref)
            continue; // compose says what is wrong with it
        // One pull per image and platform: the same image for two platforms is left to compose.
        const known = byCanonical.get(ref.canonical);
        if (known && known.platform === svc.platform)
            known.services.push(name);
        else if (!known)
            byCanonical.set(ref.canonical, { ref, written: svc.image, services: [name], ...(svc.platform ? { platform: svc.platform } : {}) });
    }
    return [...byCanonical.values()];
}
/**
 * Read from the files: the Dockerfiles of services that build (a `dockerfile_inline` from the
 * compose file itself, a remote context skipped).
 */
function stackImages(model, services, projectDirectory) {
    const byCanonical = new Map();
    const built = [];
    const builds = [];
    const skipped = [];
    /** The canonical reference it adds (undefined: not a reference). */
    const add = (written, service, via) => {
        const ref = parseReference(written);
        if ('error' in ref) {
            skipped.push({ service, what: written, why: ref.error });
            return undefined;
        }
        const known = byCanonical.get(ref.canonical);
        if (known) {
            if (!known.services.includes(service))
                known.services.push(service);
        }
        else
            byCanonical.set(ref.canonical, { written, ref, services: [service], via });
        return ref.canonical;
    };
    for (const name of startedServices(model, services)) {
        const svc = model.services.get(name);
        if (!svc.build) {
            if (svc.image)
                add(svc.image, name, 'image');
            continue;
        }
        built.push(name);
        const { source, unread } = buildSource(svc, projectDirectory);
        builds.push(source);
        if (unread) {
            skipped.push({ service: name, ...unread });
            continue;
        }
        const bases = dockerfileBaseImages(source.text, svc.build.args).map((base) => add(base, name, 'build'));
        source.bases = bases.filter((b) => b !== undefined);
    }
    return { images: [...byCanonical.values()], built, builds, skipped };
}
/**
 * One built service as its build key reads it: its Dockerfile's text (a `dockerfile_inline` from
 * the compose file itself, wherever the context is), where it is, and what else it is built with.
 */
function buildSource(svc, projectDirectory) {
    const build = svc.build;
    const remote = isRemoteContext(build.context);
    const context = remote ? undefined : external_node_path_.resolve(projectDirectory, build.context);
    const dockerfile = context && build.inline === undefined ? external_node_path_.resolve(context, build.dockerfile) : undefined;
    const place = context ? external_node_path_.relative(projectDirectory, context).split(external_node_path_.sep).join('/') || '.' : build.context;
    const source = {
        service: svc.name,
        image: svc.image,
        context,
        where: build.inline !== undefined
            ? `${place} (dockerfile_inline)`
            : dockerfile
                ? `${place}: ${external_node_path_.relative(context, dockerfile).split(external_node_path_.sep).join('/')}`
                : place,
        dockerfile,
        text: build.inline ?? '',
        args: build.args ?? {},
        target: build.target,
        platform: svc.platform,
        options: build.options ?? '',
        bases: [],
        pullPolicy: svc.pullPolicy,
    };
    const unkeyed = (why, what = dockerfile ?? build.context) => ({ source: { ...source, unkeyed: why }, unread: { what, why } });
    if (remote && build.inline !== undefined)
        return { source: { ...source, unkeyed: 'a remote build context: the build key cannot read it' } };
    if (remote)
        return unkeyed('a remote build context: its Dockerfile is not read');
    if (dockerfile) {
        try {
            source.text = external_node_fs_.readFileSync(dockerfile, 'utf8');
        }
        catch (err) {
            return unkeyed(`cannot be read: ${err.code ?? String(err)}`);
        }
    }
    if (build.additionalContexts)
        source.unkeyed = 'it names additional_contexts, which the build key does not cover';
    return { source };
}

;// CONCATENATED MODULE: ./src/docker-path/pulls.ts



const NOTHING = { ok: true, records: [], pulledAll: false, pulledAny: false };
/**
 * The pulls with retries for `up` on a confirmed plan; none with `pull: never`, or with
 * cache-images (whose restore pulled what the cache lacked, with the same retries), or when the
 * stack pulls no image.
 */
function repullFor(inputs, plan, env) {
    if (inputs.pull === 'never' || inputs.cacheImages)
        return undefined;
    const always = inputs.pull === 'always';
    const images = imagesUpPulls(plan.model, plan.services, always);
    if (images.length === 0)
        return undefined;
    return ({ signal, deadline, onLine, tried }) => pullStage(images, { always, env, deadline, signal, onLine, tried });
}
/**
 * The early start's: its plan is only predicted, and a variable that a `.env` sets may name
 * another image than the files show, so nothing is pulled before `compose config` has said which
 * images they are (`confirmed`: the confirmed plan, or undefined once the early start is dropped).
 */
function earlyRepull(inputs, predicted, env, confirmed, 
/** Called when it begins to wait for `confirmed`. */
waiting) {
    if (!repullFor(inputs, predicted, env))
        return undefined;
    return async (o) => {
        waiting();
        const plan = await untilAborted(confirmed, o.signal);
        const repull = plan && repullFor(inputs, plan, env);
        return repull ? repull(o) : NOTHING;
    };
}
/** `p`'s value, or undefined as soon as `signal` aborts. */
function untilAborted(p, signal) {
    if (!signal)
        return p;
    if (signal.aborted)
        return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
        const stop = () => resolve(undefined);
        signal.addEventListener('abort', stop, { once: true });
        p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
    });
}
/**
 * The pull stage's rows and its check. Without cache-images the rows are the Images table (with
 * it, the restore's rows are, and this stage did not run).
 */
function recordPulls(report, up, timeoutSeconds) {
    if (!up.images)
        return;
    report.images.push(...up.images);
    const pulled = up.images.filter((r) => r.state !== 'present');
    const counts = pulled.map((r) => `${r.image} ${r.state} (${types_countTries(r.tries ?? 0)})`);
    if (up.ok || !up.pull) {
        report.add({
            id: 'images.pull',
            title: 'Pulls with retries',
            status: 'ok',
            durationMs: Math.max(0, ...pulled.map((r) => r.durationMs ?? 0)),
            detail: counts.join('; '),
            data: { images: pulled.map((r) => ({ image: r.image, state: r.state, tries: r.tries })) },
        });
        return;
    }
    report.add({
        id: 'images.pull',
        title: 'Pulls with retries',
        status: 'failed',
        durationMs: up.durationMs,
        detail: up.detail,
        failure: up.kind === 'registry-rate-limit' ? 'registry-rate-limit' : 'registry-unavailable',
        data: { ...up.pull, timeoutSeconds },
    });
}

;// CONCATENATED MODULE: ./src/docker-path/early-start.ts









/**
 * How long an early `up` runs alone before `compose config` confirms its plan and compose is asked
 * its version (they start sooner when `up` is done). On 2 cores, three compose processes started
 * at once slow each other: measured with the plugin on the seeds' 8 services, `up` took 0.5–0.8 s
 * longer beside them (Python compose v1 spends ~300 ms of CPU per call, more still). By then `up`
 * waits on healthchecks, and the questions overlap that wait; a small stack's `up` is done sooner,
 * and they overlap the wait for its containers instead.
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
    let confirm = () => undefined;
    const confirmed = new Promise((resolve) => (confirm = resolve));
    let waiting = () => undefined;
    const waitsForPlan = new Promise((resolve) => (waiting = resolve));
    if (!predicted || !daemon || inputs.cacheImages || (inContainer && mountsHostPaths(predicted)))
        return { predicted, lane: undefined, daemon, confirm, waitsForPlan };
    if (inputs.teardown)
        saveTeardownState(teardownState(predicted, env));
    const deadline = performance.now() + inputs.startupTimeoutMs;
    const request = daemon.then((answer) => (0,docker_availability/* daemonAnswered */.Mo)(answer)
        ? waitRequest(predicted, inputs, deadline, ctx.reacher((0,docker_availability/* publishHostFor */.vz)((0,docker_availability/* endpointOf */.X5)(answer, env))), env)
        : undefined);
    const repull = earlyRepull(inputs, predicted, env, confirmed, waiting);
    const lane = upAndWatch({ ...predicted, images: [], repull }, upOptions(inputs, predicted), env, inputs.startupTimeoutMs, request);
    return { predicted, lane, daemon, confirm, waitsForPlan };
}
/**
 * With an early `up` running, `up` gets the CPU first: the plan's confirmation starts when `up` is
 * done, or after a head start (a long chain of healthchecks, a build), and overlaps the wait for
 * the containers. One the early `up` waits for (it has an image to pull again) starts at once.
 */
async function headStart(early) {
    if (early.lane)
        await within(Promise.race([early.lane.up, early.waitsForPlan]), UP_HEAD_START_MS);
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
    early.confirm(undefined);
    if (!lane || !predicted)
        return false;
    lane.cancel();
    await lane.done;
    early.lane = undefined;
    const answer = early.daemon ? await early.daemon : undefined;
    if (answer && !(0,docker_availability/* daemonAnswered */.Mo)(answer)) {
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

// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(12011);
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
    return src_runner/* group */.Os('Docker: images (cache-images)', async () => {
        const outcome = await restore.finish(plan);
        report.images.push(...outcome.records);
        report.imageCache = { cacheHit: outcome.cacheHit, platform: outcome.platform };
        for (const r of outcome.records)
            info(`${r.image} (${r.services.join(', ')}): ${r.state}${r.sizeBytes !== undefined ? `, ${(0,format/* formatSize */.X)(r.sizeBytes)}` : ''}; ${(0,outside/* outsideLine */.U2)(r.detail)}`);
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
/**
 * After `up`: the images it built that the post step saves under their build keys, each with the
 * id of what was built (its containers', or the engine's answer for its name when `up` failed
 * before the wait), so that the post step saves only that. One `up` never built is left out.
 */
async function recordBuiltImages(ctx, outcome, containers) {
    const built = [];
    for (const b of outcome.builtToSave) {
        const id = containers?.find((c) => c.service === b.service && c.imageId)?.imageId ?? (await imageIdOf(b.image, ctx.env, 15_000))?.id;
        if (id)
            built.push({ ...b, id });
    }
    if (built.length)
        saveImageCacheState({ images: outcome.toSave, built, engineEnv: engineEnv(ctx.env) });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/images/actions-cache.ts + 2 modules
var actions_cache = __webpack_require__(58188);
;// CONCATENATED MODULE: ./src/images/folder.ts
/**
 * Where the image cache's files go on this runner: a folder of its own under RUNNER_TEMP (image
 * tars on their way in or out, a built image's entry folder, its manifest). The post step removes it.
 */


function imagesFolder() {
    return external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'compose-or-staging-images');
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
/**
 * The registry could not be asked (no answer, a 5xx, its rate limit): an outage, when the newest
 * entry saved may stand in. Not one: it answered, and said no (denied, unknown). Pure.
 */
const isOutage = (a) => !a.ok && (a.kind === 'unreachable' || a.kind === 'unavailable' || a.kind === 'rate-limited');
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

;// CONCATENATED MODULE: ./src/images/build-key.ts
/**
 * The build key of a service compose builds (issue 28): a digest of everything its build reads,
 *
 *   the Dockerfile's text (`dockerfile_inline`'s, or the file's: its `ARG` defaults with it), the
 *   build args, `target`, the service's `platform`, the other `build:` options (labels, network,
 *   secrets' names, …), the context's files that the `.dockerignore` lets through (content and
 *   mode: src/images/context-hash.ts), the digests of its `FROM` images, and the engine's
 *   OS/architecture,
 *
 * and what is not in it: what a `RUN` fetches from the network (a `RUN curl` of a moving URL is
 * kept until something above changes), the contents of build secrets, and an image named by
 * `COPY --from=<image>` (its reference is in the Dockerfile's text, not its digest).
 *
 * The key reads `compose-or-staging-build-v1-<os/arch>-<service>-<scope>-<content>-<bases>`: the
 * scope (where the build is) and the content first, so that the newest entry of the same content
 * can be restored when a base image's registry cannot be asked, and the newest of the same scope
 * names what changed. Pure.
 */

/** Changes when what an entry holds changes shape (image.tar and build.json in one folder, today). */
const build_key_KEY_VERSION = 'v1';
const sha = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
/** A service name fit for a key (keys are at most 512 characters, and hold no comma). */
const keyName = (service) => (service.length <= 64 && /^[\w.-]+$/.test(service) ? service : sha(service).slice(0, 16));
/** The name of a build's entry (a folder): one per platform, service and place, as the library's version needs. */
const entryNameOf = (platform, src) => `build-${sha(`${platform}\n${src.service}\n${src.where}`).slice(0, 24)}`;
/** The digest of everything but the context's files and the base images: the text and the options. */
function recipeDigest(src) {
    const args = Object.entries(src.args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return sha(JSON.stringify({ dockerfile: sha(src.text), args, target: src.target ?? null, platform: src.platform ?? null, options: src.options }));
}
/**
 * The keys of `src` on `platform` (the engine's `linux/amd64`), its context hashed as `context`,
 * its base images' digests `bases` (canonical → digest; undefined when one is unknown).
 */
function buildKeys(platform, src, context, bases) {
    const scope = sha(`${src.service}\n${src.where}`).slice(0, 12);
    const content = sha(`${recipeDigest(src)}\n${context.digest}`).slice(0, 32);
    const name = keyName(src.service);
    const basesPart = bases
        ? sha(Object.entries(bases)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([ref, digest]) => `${ref} ${digest}\n`)
            .join('')).slice(0, 16)
        : undefined;
    const prefix = (kind) => `compose-or-staging-${kind}-${build_key_KEY_VERSION}-${platform}-${name}-${scope}-`;
    const entryName = entryNameOf(platform, src);
    return {
        key: basesPart ? `${prefix('build')}${content}-${basesPart}` : undefined,
        restoreKeys: [`${prefix('build')}${content}-`],
        manifestKey: basesPart ? `${prefix('build-manifest')}${content}-${basesPart}` : undefined,
        manifestPrefix: prefix('build-manifest'),
        entryName,
        manifestName: `${entryName}.manifest.json`,
    };
}
/** What the key `key` covered, for the next run to compare with (src/images/build-change.ts). */
function buildManifest(key, src, context, bases) {
    return {
        version: 1,
        key,
        service: src.service,
        dockerfile: sha(src.text),
        args: Object.fromEntries(Object.entries(src.args).map(([k, v]) => [k, sha(v)])),
        target: src.target ?? null,
        platform: src.platform ?? null,
        options: sha(src.options),
        bases,
        entries: context.entries.map((e) => [e.path, `${e.kind} ${e.mode} ${e.digest.slice(0, 16)}`]),
    };
}

;// CONCATENATED MODULE: ./src/images/build-change.ts
const build_change_byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** The first key of `a` or `b` whose value differs, said as `NAME changed|added|removed`. */
function firstDifferent(what, a, b) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(build_change_byText)) {
        if (a[k] === b[k])
            continue;
        return `${what} ${k} ${a[k] === undefined ? 'added' : b[k] === undefined ? 'removed' : 'changed'}`;
    }
    return undefined;
}
/** The context's first path (in path order) that was added, removed or changed (content, mode or kind). */
function firstChangedPath(previous, current) {
    let i = 0;
    let j = 0;
    while (i < previous.length || j < current.length) {
        const p = previous[i];
        const c = current[j];
        if (p && c && p[0] === c[0]) {
            if (p[1] !== c[1]) {
                const [pk, pm] = p[1].split(' ');
                const [ck, cm] = c[1].split(' ');
                const how = pk !== ck ? `now a ${ck}` : pm !== cm ? `mode ${pm} → ${cm}` : 'changed';
                return `${c[0]} (${how})`;
            }
            i++;
            j++;
        }
        else if (!c || (p && build_change_byText(p[0], c[0]) < 0))
            return `${p[0]} (removed)`;
        else
            return `${c[0]} (added)`;
    }
    return undefined;
}
/**
 * What changed from `previous` to `current` (one clause), or undefined when nothing they record
 * differs (the engine's platform, say, which is in the key's prefix).
 */
function whatChanged(previous, current) {
    if (previous.dockerfile !== current.dockerfile)
        return 'the Dockerfile changed';
    if (previous.target !== current.target)
        return `target changed (${previous.target ?? 'none'} → ${current.target ?? 'none'})`;
    if (previous.platform !== current.platform)
        return `platform changed (${previous.platform ?? 'none'} → ${current.platform ?? 'none'})`;
    const arg = firstDifferent('build arg', previous.args, current.args);
    if (arg)
        return arg;
    if (previous.options !== current.options)
        return 'the build options changed (labels, network, secrets, …)';
    const base = firstDifferent('base image', previous.bases, current.bases);
    if (base)
        return base.replace(/ changed$/, ' has a new digest');
    const changed = firstChangedPath(previous.entries, current.entries);
    return changed ? `the context changed: first changed file ${changed}` : undefined;
}

;// CONCATENATED MODULE: ./src/images/build-previous.ts
/**
 * Why a built service's key is not in the cache: no entry was ever saved for it (this service,
 * built from this place), or the newest one saved had another key, and what changed since (its
 * manifest, a small entry of its own, is restored and compared: src/images/build-change.ts).
 * Bounded as a lookup is: a slow cache leaves the change unnamed, never holds up the build.
 */





/** One clause: why the key `keys.key` was not found, as the Images row says it. */
async function whyNotInCache(folder, keys, current, signal) {
    const file = external_node_path_.join(folder, keys.manifestName);
    const deadline = performance.now() + actions_cache.LOOKUP_MS;
    const found = await actions_cache.lookup(file, keys.manifestKey, [keys.manifestPrefix], actions_cache.LOOKUP_MS);
    if (!found.ok)
        return 'not in the cache; whether an earlier key was saved is not known (the cache could not be asked)';
    if (found.value === undefined)
        return 'no entry: none was saved for this service yet';
    if (found.value === keys.manifestKey)
        return 'no entry (its manifest was saved, its image was not)';
    const previous = found.value;
    const restoring = actions_cache.prepareRestore(file, [], signal);
    try {
        const got = await restoring.run(previous, Math.max(1000, deadline - performance.now()));
        if (!got.ok || got.value !== previous)
            return `the previous key (${previous}) differs; what changed is not known (its manifest could not be restored)`;
        const manifest = JSON.parse(external_node_fs_.readFileSync(file, 'utf8'));
        if (manifest.version !== 1 || !Array.isArray(manifest.entries))
            return `the previous key (${previous}) differs; its manifest is of another version`;
        const change = whatChanged(manifest, current);
        // The image's key, which the manifest's mirrors: what the earlier row showed.
        return `${change ?? 'something the manifest does not record changed'} (since ${typeof manifest.key === 'string' ? manifest.key : previous})`;
    }
    catch (err) {
        return `the previous key (${previous}) differs; what changed is not known (${err instanceof Error ? err.message : String(err)})`;
    }
    finally {
        restoring.cancel();
        external_node_fs_.rmSync(file, { force: true });
    }
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./src/images/dockerignore.ts
/**
 * A build context's `.dockerignore`, read and matched as the builders do (moby/patternmatcher and
 * its ignorefile, which BuildKit's context transfer and the classic builder share), so that the
 * build key hashes the very files a build is sent:
 *
 * - a line starting with `#` is a comment; each other line is trimmed, a leading `!` makes it an
 *   exception, the pattern is cleaned (`a//b/../c/` is `a/c`) and a leading `/` dropped;
 * - `*` is any run of characters but `/`, `?` one such character, `[…]` a class, `\` escapes the
 *   next character, `**` any number of folders (none too), `dir/**` everything under `dir`;
 * - a pattern that matches a folder matches everything in it; the last pattern that matches a path
 *   (or one of its folders) decides: excluded, or kept by an exception.
 *
 * Pure.
 */
/** Go's path.Clean: the shortest path naming the same file, lexically. */
function cleanPath(p) {
    if (p === '')
        return '.';
    const rooted = p.startsWith('/');
    const out = [];
    for (const part of p.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (out.length > 0 && out[out.length - 1] !== '..')
                out.pop();
            else if (!rooted)
                out.push('..');
            continue;
        }
        out.push(part);
    }
    const joined = out.join('/');
    return rooted ? `/${joined}` : joined || '.';
}
/** Characters a regexp reads specially that a file pattern does not (moby's shouldEscape). */
const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
/** A character as a regexp's literal. */
const dockerignore_literal = (ch) => (/[\^$\\.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch);
/** One character but `/`: a pair of UTF-16 halves is one (Go matches runes). */
const ONE = '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^/])';
/**
 * One cleaned pattern as a matcher (moby's Pattern.compile): exact, a prefix (`dir/**`), a suffix
 * (`**` then the rest), or a regexp. Throws on a pattern that is not one (an open `[`, a lone `\`).
 */
function compile(pattern) {
    const chars = [...pattern];
    let re = '^';
    let type = 'exact';
    for (let i = 0, at = 0; at < chars.length; i++) {
        const ch = chars[at++];
        if (ch === '*') {
            if (chars[at] === '*') {
                at++;
                if (chars[at] === '/')
                    at++; // `**/` is `**`
                if (at >= chars.length) {
                    if (type === 'exact')
                        type = 'prefix';
                    else {
                        re += '.*';
                        type = 'regexp';
                    }
                }
                else {
                    re += '(.*/)?';
                    type = 'regexp';
                }
                if (i === 0)
                    type = 'suffix';
            }
            else {
                re += '[^/]*';
                type = 'regexp';
            }
        }
        else if (ch === '?') {
            re += ONE;
            type = 'regexp';
        }
        else if (ESCAPED.has(ch))
            re += `\\${ch}`;
        else if (ch === '\\') {
            if (at >= chars.length)
                throw new Error('a "\\" at its end escapes nothing');
            re += dockerignore_literal(chars[at++]);
            type = 'regexp';
        }
        else if (ch === '[' || ch === ']') {
            re += ch;
            type = 'regexp';
        }
        else
            re += ch;
    }
    // Compiled even when not used: a bad class fails here, as filepath.Match's check does in moby.
    let regexp;
    try {
        // Without the `u` flag, as RE2 reads a lone `]` (a literal) and escapes.
        regexp = new RegExp(`${re}$`);
    }
    catch {
        throw new Error('not a valid pattern (an unclosed or bad "[…]"?)');
    }
    switch (type) {
        case 'exact':
            return (p) => p === pattern;
        case 'prefix': {
            const prefix = pattern.slice(0, -2);
            return (p) => p.startsWith(prefix);
        }
        case 'suffix': {
            const suffix = pattern.slice(2);
            return (p) => p.endsWith(suffix) || (suffix.startsWith('/') && p === suffix.slice(1));
        }
        default:
            return (p) => regexp.test(p);
    }
}
/**
 * The lines of an ignore file as patterns (moby's ignorefile.ReadAll, then patternmatcher.New);
 * a line that is not a pattern is a problem, named by its line and text.
 */
function parseIgnore(text) {
    const patterns = [];
    const problems = [];
    const lines = text.replace(/^\uFEFF/, '').split('\n');
    lines.forEach((raw, index) => {
        const line = raw.replace(/\r$/, '');
        if (line.startsWith('#'))
            return;
        let p = line.trim();
        if (p === '')
            return;
        const exclusion = p.startsWith('!');
        if (exclusion)
            p = p.slice(1).trim();
        if (p !== '') {
            p = cleanPath(p);
            if (p.length > 1 && p.startsWith('/'))
                p = p.slice(1);
        }
        if (p === '') {
            problems.push({ line: index + 1, pattern: line.trim(), why: 'an exception ("!") with no pattern' });
            return;
        }
        try {
            patterns.push({ text: p, exclusion, match: compile(p) });
        }
        catch (err) {
            problems.push({ line: index + 1, pattern: line.trim(), why: err.message });
        }
    });
    return { ignore: { patterns, exclusions: patterns.some((x) => x.exclusion) }, problems };
}
/**
 * Whether `path` is excluded, and what its own entries inherit (moby's MatchesUsingParentResults):
 * `parent` is what its folder got; undefined at the top, or when not known (its folders are then
 * matched one by one, as MatchesOrParentMatches does).
 */
function excluded(ignore, path, parent = undefined) {
    let matched = false;
    const matches = ignore.patterns.map(() => false);
    const slash = path.lastIndexOf('/');
    const folders = slash > 0 ? path.slice(0, slash).split('/') : [];
    ignore.patterns.forEach((pattern, i) => {
        let match = parent?.[i] ?? false;
        if (!match) {
            if (pattern.exclusion !== matched)
                return;
            match = pattern.match(path);
            if (!match && parent === undefined)
                for (let n = 1; n <= folders.length && !match; n++)
                    match = pattern.match(folders.slice(0, n).join('/'));
        }
        matches[i] = match;
        if (match)
            matched = !pattern.exclusion;
    });
    return { excluded: matched, matches };
}

;// CONCATENATED MODULE: ./src/images/context-hash.ts
/**
 * The build context as the build key sees it: every file, folder and link the `.dockerignore`
 * lets through, by its path, its kind, its mode (permission bits: a `COPY` keeps them) and its
 * content (a link by its target, never followed), not its times or owner. A large file is read as
 * a stream, so a context of 200 MB is never held in memory (small ones whole, in short slices
 * that leave the event loop free between them); the list kept is one
 * short line per entry, for the post step to save beside the image (src/images/build-change.ts
 * names the first path that differs from the previous key's).
 */





/**
 * The ignore file BuildKit reads for a Dockerfile: `<Dockerfile>.dockerignore` beside it, else
 * the context's `.dockerignore`; undefined when there is none.
 */
function ignoreFileFor(context, dockerfile) {
    const own = dockerfile ? `${dockerfile}.dockerignore` : undefined;
    for (const candidate of [own, external_node_path_.join(context, '.dockerignore')])
        if (candidate && external_node_fs_.existsSync(candidate) && external_node_fs_.statSync(candidate).isFile())
            return candidate;
    return undefined;
}
/** A file up to this size is read whole, at once; a larger one is streamed. */
const READ_WHOLE_BYTES = 256 * 1024;
/** Small files are read without waiting for the thread pool (four times as fast), in slices this long, the event loop served between. */
const SLICE_MS = 8;
/** Yields to the event loop once a slice of synchronous work has run long enough (and checks `signal` then). */
function slicer(signal) {
    let since = performance.now();
    return async () => {
        if (performance.now() - since < SLICE_MS)
            return;
        await new Promise((resolve) => setImmediate(resolve));
        signal.throwIfAborted();
        since = performance.now();
    };
}
/** One entry's line: kind, permission bits, content digest (a link's target), path. */
async function entryOf(root, rel, stat, signal) {
    const full = external_node_path_.join(root, rel);
    const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
    const digest = (data) => (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
    if (stat.isSymbolicLink())
        return { path: rel, kind: 'link', mode, digest: digest(external_node_fs_.readlinkSync(full)) };
    if (stat.isDirectory())
        return { path: rel, kind: 'dir', mode, digest: '' };
    if (!stat.isFile())
        return { path: rel, kind: 'other', mode, digest: '' };
    if (stat.size <= READ_WHOLE_BYTES)
        return { path: rel, kind: 'file', mode, digest: digest(external_node_fs_.readFileSync(full)), size: stat.size };
    const hash = (0,external_node_crypto_.createHash)('sha256');
    await (0,external_node_stream_promises_.pipeline)(external_node_fs_.createReadStream(full), hash, { signal });
    return { path: rel, kind: 'file', mode, digest: hash.digest('hex'), size: stat.size };
}
/**
 * Every path of the context the ignore rules keep, with its stat, walked folder by folder. An
 * excluded folder is not entered unless an exception (`!`) could keep something in it.
 */
async function walk(root, ignore, signal) {
    const kept = [];
    const folders = [{ rel: '', parent: undefined }];
    const tick = slicer(signal);
    for (let folder = folders.pop(); folder; folder = folders.pop()) {
        for (const name of external_node_fs_.readdirSync(external_node_path_.join(root, folder.rel))) {
            const rel = folder.rel ? `${folder.rel}/${name}` : name;
            const stat = external_node_fs_.lstatSync(external_node_path_.join(root, rel));
            const verdict = excluded(ignore, rel, folder.parent);
            if (!verdict.excluded)
                kept.push({ rel, stat });
            if (stat.isDirectory() && (!verdict.excluded || ignore.exclusions))
                folders.push({ rel, parent: verdict.matches });
            await tick();
        }
    }
    return kept;
}
/**
 * Hash the context folder `root`, honouring `ignoreFile` (undefined: none). Rejects when the
 * folder cannot be read, `signal` aborts, or the ignore file has a line that is no pattern
 * (the error names the file, the line and the pattern).
 */
async function hashContext(root, ignoreFile, signal) {
    const started = performance.now();
    signal.throwIfAborted();
    const { ignore, problems } = parseIgnore(ignoreFile ? await external_node_fs_.promises.readFile(ignoreFile, 'utf8') : '');
    const bad = problems[0];
    if (bad)
        throw new Error(`${external_node_path_.basename(ignoreFile)} line ${bad.line}: ${JSON.stringify(bad.pattern)} is not a pattern (${bad.why})`);
    const kept = await walk(root, ignore, signal);
    kept.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    const entries = [];
    const tick = slicer(signal);
    for (const k of kept) {
        entries.push(await entryOf(root, k.rel, k.stat, signal));
        await tick();
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    for (const e of entries) {
        hash.update(`${e.kind} ${e.mode} ${e.digest} ${JSON.stringify(e.path)}\n`);
        bytes += e.size ?? 0;
    }
    return { digest: hash.digest('hex'), entries, bytes, durationMs: performance.now() - started };
}

;// CONCATENATED MODULE: ./src/images/build-restore.ts
/**
 * The image cache's main-step half for a service compose builds (issue 28), begun alongside the
 * pulls and the daemon's answer:
 *
 *   built every run (`build: true`, `up-flags: --build`, `pull_policy: build`) → nothing to do;
 *   its image on the engine already → compose does not build it: nothing to do;
 *   else its build key (src/images/build-key.ts: the context hashed as a stream, its base images'
 *        digests as the image cache asked them) → its entry restored and `docker load`ed, to be
 *        tagged as compose names it (so `up` finds it and does not build);
 *   a base image's registry out of reach → the newest entry of the same context;
 *   not in the cache → compose builds it, and the post step saves it under the key (why it was
 *        not there is said: no entry yet, or what changed since the previous key).
 *
 * Bounded as the image cache's pulls are: a slow or broken cache costs a build, never the stack.
 */










/** Listing an image's id. */
const build_restore_INSPECT_MS = 15_000;
/** Hash the context and ask the base images' digests, at once; bounded by `ms`. */
async function keyFor(src, deps, signal, ms) {
    const bound = AbortSignal.any([signal, AbortSignal.timeout(ms)]);
    const hashing = hashContext(src.context, ignoreFileFor(src.context, src.dockerfile), bound).catch((err) => ({
        error: bound.aborted && !signal.aborted ? `not hashed within ${Math.round(ms / 1000)} s` : err instanceof Error ? err.message : String(err),
    }));
    const [context, digests, platform] = await Promise.all([hashing, Promise.all(src.bases.map((b) => deps.baseDigest(b))), deps.platform]);
    if ('error' in context)
        return { why: `its build context could not be hashed (${context.error})` };
    const bases = {};
    let outage;
    for (const [i, d] of digests.entries()) {
        const base = src.bases[i];
        if (d.ok)
            bases[base] = d.digest;
        else if (!d.outage)
            return { why: `base image ${base} has no digest to key it by (${d.why})` };
        else
            outage ??= `base image ${base}: ${d.why}`;
    }
    return {
        keys: buildKeys(platform, src, context, outage ? undefined : bases),
        context,
        bases: outage ? undefined : bases,
        ...(outage ? { outage } : {}),
    };
}
/** `saved by run 8812734 (attempt 1, refs/heads/main) at 2025-…`: where a restored entry came from. */
const savedBy = (o) => `saved by run ${o.runId || '?'} (attempt ${o.runAttempt || '?'}${o.ref ? `, ${o.ref}` : ''}) at ${o.savedAt}`;
/** The entry of `keys` restored and loaded; or why not (`miss`: the cache has none). */
async function restoreBuilt(src, keys, restoring, deps, signal) {
    const folder = external_node_path_.join(imagesFolder(), keys.entryName);
    const restoreKeys = keys.key ? [] : keys.restoreKeys;
    const primary = keys.key ?? keys.restoreKeys[0];
    try {
        const found = await actions_cache.lookup(folder, primary, restoreKeys, keys.key ? actions_cache.LOOKUP_MS : deps.restoreBudget());
        if (!found.ok) {
            deps.problems.push(found.detail);
            return { why: `the cache could not be asked (${found.detail})`, miss: false };
        }
        if (found.value === undefined)
            return { why: 'not in the cache', miss: true };
        const got = await restoring.run(primary, deps.restoreBudget(), restoreKeys);
        if (signal.aborted)
            return { why: 'no longer needed', miss: false };
        if (!got.ok || got.value === undefined) {
            if (!got.ok)
                deps.problems.push(got.detail);
            return { why: `its entry could not be restored (${got.ok ? 'the library restored nothing' : got.detail})`, miss: false };
        }
        const origin = JSON.parse(external_node_fs_.readFileSync(external_node_path_.join(folder, 'build.json'), 'utf8'));
        // Its entry holds its own layers only: the engine must have its base images' first.
        await Promise.all(src.bases.map((b) => deps.baseSettled(b)));
        if (signal.aborted)
            return { why: 'no longer needed', miss: false };
        const loaded = await loadImage(external_node_path_.join(folder, 'image.tar'), deps.env, deps.remaining(), signal);
        if (!loaded.ok)
            return { why: `docker load failed (are its base images on the engine?): ${loaded.detail}`, miss: false };
        const facts = await imageIdOf(origin.id, deps.env, build_restore_INSPECT_MS);
        if (!facts)
            return { why: `its entry ${got.value} did not hold the image it names (${origin.id})`, miss: false };
        return { id: facts.id, sizeBytes: facts.sizeBytes, key: got.value, origin };
    }
    catch (err) {
        return { why: `its entry could not be read (${err instanceof Error ? err.message : String(err)})`, miss: false };
    }
    finally {
        restoring.cancel();
        external_node_fs_.rmSync(folder, { recursive: true, force: true });
    }
}
/** Built every run, or no key: compose builds it, and nothing is saved. */
function unkeyed(src, deps) {
    if (src.pullPolicy === 'build')
        return 'built every run: the compose file asks (pull_policy: build)';
    if (deps.asked)
        return `built every run: ${deps.asked}`;
    if (src.unkeyed)
        return `built by compose: no build key (${src.unkeyed})`;
    return undefined;
}
/** Settle one built service; never rejects (a failure is a build). */
async function settleBuild(src, deps, 
/** The names compose may give its image (canonical): one when the file names it. */
names, signal) {
    const t0 = performance.now();
    const verdict = (v) => ({
        service: src.service,
        ...v,
        durationMs: performance.now() - t0,
    });
    const build = (detail) => verdict({ outcome: 'build', detail });
    try {
        const asked = unkeyed(src, deps);
        if (asked)
            return build(asked);
        const local = await deps.listing;
        if ('error' in local)
            return build(`built by compose: the engine's images could not be listed (${local.error})`);
        if (names().some((n) => local.has(n)))
            return verdict({ outcome: 'present', detail: 'on the engine already: compose does not build it; neither restored nor saved' });
        if (!(await deps.available))
            return build('built by compose: this job has no Actions cache service (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set)');
        // Its restore's process starts now, and loads while the context is hashed and the key looked up.
        const entry = external_node_path_.join(imagesFolder(), entryNameOf(await deps.platform, src));
        const restoring = actions_cache.prepareRestore(entry, [], signal);
        const keyed = await keyFor(src, deps, signal, deps.restoreBudget()).catch((err) => {
            restoring.cancel();
            throw err;
        });
        if ('why' in keyed) {
            restoring.cancel();
            return build(`built by compose: ${keyed.why}`);
        }
        const got = await restoreBuilt(src, keyed.keys, restoring, deps, signal);
        if ('id' in got) {
            const older = keyed.outage ? `the newest entry of the same context (${keyed.outage}), ` : '';
            return verdict({
                outcome: keyed.outage ? 'restored-older' : 'restored',
                id: got.id,
                key: got.key,
                sizeBytes: got.sizeBytes,
                detail: `restored by its build key: ${older}${savedBy(got.origin)}`,
            });
        }
        if (!keyed.keys.key || !keyed.bases)
            return build(`built by compose: ${got.why}, and with ${keyed.outage} it has no key to be saved under`);
        return await missed(src, { keys: keyed.keys, context: keyed.context, bases: keyed.bases }, got, signal, verdict);
    }
    catch (err) {
        return build(`built by compose: the image cache failed (${err instanceof Error ? err.message : String(err)})`);
    }
}
/** Not restored: why (what changed, when it was a miss), and the manifest written for the post step. */
async function missed(src, keyed, got, signal, verdict) {
    const { keys } = keyed;
    const key = keys.key;
    const manifest = buildManifest(key, src, keyed.context, keyed.bases);
    const folder = imagesFolder();
    const why = got.miss ? await whyNotInCache(folder, keys, manifest, signal) : got.why;
    if (signal.aborted)
        return verdict({ outcome: 'build', detail: 'built by compose: no longer needed' });
    external_node_fs_.mkdirSync(folder, { recursive: true });
    const manifestFile = external_node_path_.join(folder, keys.manifestName);
    external_node_fs_.writeFileSync(manifestFile, JSON.stringify(manifest));
    return verdict({
        outcome: 'build',
        key,
        toSave: {
            service: src.service,
            key,
            manifestKey: keys.manifestKey,
            folder: external_node_path_.join(folder, keys.entryName),
            manifest: manifestFile,
            bases: src.bases,
        },
        detail: `built by compose: ${why}; the post step saves it under its build key`,
    });
}
/** The canonical names compose may give a built service's image: its `image:`, else project and service (v2 `-`, v1 `_`). */
function composeNames(src, projectName, major) {
    const written = src.image
        ? [src.image]
        : major === undefined
            ? [`${projectName}-${src.service}`, `${projectName}_${src.service}`]
            : [`${projectName}${major === 1 ? '_' : '-'}${src.service}`];
    return written.map((w) => parseReference(w)).flatMap((r) => ('error' in r ? [] : [r.canonical]));
}

;// CONCATENATED MODULE: ./src/images/build-stage.ts


const TAG_MS = 15_000;
/** What makes two builds one: every source the key reads. */
const sameness = (s) => JSON.stringify([s.service, s.image, s.context, s.dockerfile, s.text, s.args, s.target, s.platform, s.options, s.pullPolicy, s.unkeyed]);
/** The name compose gives the service's image, as written (`docker tag` takes it so). */
const writtenName = (src, plan) => src.image ?? `${plan.projectName}${plan.compose.version?.major === 1 ? '_' : '-'}${src.service}`;
/** One built service's row, its restored image tagged as compose names it. */
async function rowOf(v, src, plan, env) {
    const name = writtenName(src, plan);
    const row = { image: name, written: src.image ?? '', services: [src.service], via: 'build', durationMs: v.durationMs };
    if (v.outcome === 'present')
        return { ...row, state: 'present', detail: v.detail };
    if (v.outcome === 'build')
        return { ...row, state: 'built', ...(v.key ? { key: v.key } : {}), detail: v.detail };
    const tagged = await tagImage(v.id, name, env, TAG_MS);
    if (!tagged.ok)
        return { ...row, state: 'built', detail: `restored, but docker tag failed (${tagged.detail}): compose builds it` };
    return { ...row, state: v.outcome, key: v.key, sizeBytes: v.sizeBytes, detail: v.detail };
}
/** `names`: what compose may name a service's image (its project and compose version may be known only later). */
function beginBuildStage(deps, names, stopped) {
    const begun = new Map();
    return {
        begin(builds) {
            for (const src of builds) {
                const same = sameness(src);
                if (begun.has(same))
                    continue;
                const stop = new AbortController();
                // A build of the same service begun before (the prediction's, now stopped) restores into the
                // same folder: this one starts once that one has ended.
                const before = [...begun.values()].filter((b) => b.src.service === src.service).map((b) => b.verdict);
                const verdict = Promise.all(before).then(() => settleBuild(src, deps, () => names(src), AbortSignal.any([stopped, stop.signal])));
                begun.set(same, { src, stop, verdict });
            }
        },
        async finish(found, plan) {
            const confirmed = new Set(found.builds.map(sameness));
            for (const [same, b] of begun)
                if (!confirmed.has(same))
                    b.stop.abort();
            this.begin(found.builds);
            // Each row (its image tagged) as soon as its verdict comes, all at once.
            const settled = await Promise.all(found.builds.map(async (src) => {
                const v = await begun.get(sameness(src)).verdict;
                return { v, row: await rowOf(v, src, plan, deps.env) };
            }));
            const toSave = [];
            for (const { v, row } of settled)
                if (v.toSave && row.state === 'built')
                    toSave.push({ ...v.toSave, image: row.image, id: '' });
            return { records: settled.map((s) => s.row), toSave };
        },
    };
}

;// CONCATENATED MODULE: ./src/images/restore-image.ts
/**
 * One pulled image of the stack through the cache (src/images/restore.ts begins them all): on the
 * engine already, else the cache entry of its registry's digest restored and loaded, else pulled
 * here with retries and saved by the post step. Each step says why it did not get further.
 */








/** Listing or inspecting the engine's images. */
const LIST_MS = 15_000;
/** One image, settled: present, restored, pulled, or missing and why. */
async function settleImage(ctx, img, signal) {
    const t0 = performance.now();
    const row = { image: img.ref.canonical, written: img.written, services: img.services, via: img.via };
    const { head, local, present } = await ctx.look(img);
    if (present)
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
    const p = await ctx.platform;
    const fromCache = await restoreFromCache(ctx, img, p, answer, local, signal);
    if (fromCache.record)
        return { ...row, ...fromCache.record, durationMs: performance.now() - t0 };
    // Not from the cache: pulled here (compose would pull it anyway), timed, and saved by the post step.
    const why = fromCache.why;
    if (ctx.inputs.pull === 'never')
        return { ...row, state: 'missing', digest, detail: `${why}; pull is never: not pulled` };
    if (signal.aborted)
        return { ...row, state: 'missing', digest, detail: `${why}; no longer needed` };
    return pullHere(ctx, img, row, { why, digest, platform: p, t0 }, signal);
}
/** Pulled here, with retries as the pull stage's (a registry's bad minute is when the cache had nothing); kept for the post step to save. */
async function pullHere(ctx, img, row, o, signal) {
    const { why, digest } = o;
    const pulled = await pullWithRetries(img.ref, ctx.env, { deadline: ctx.deadline, signal });
    const took = () => performance.now() - o.t0;
    if (!pulled.ok)
        return {
            ...row,
            state: 'missing',
            digest,
            durationMs: took(),
            tries: pulled.tries,
            detail: `${why}; the pull failed (${types_countTries(pulled.tries)}): ${pulled.said}`,
        };
    const facts = await imageFacts(img.ref, ctx.env, LIST_MS);
    const savedDigest = facts?.digest ?? digest;
    if (savedDigest && facts)
        ctx.toSave.push({
            image: img.ref.canonical,
            key: imageCacheKeys(img.ref.canonical, o.platform, savedDigest).key,
            file: ctx.fileOf(o.platform, img.ref.canonical),
            id: facts.id,
        });
    return {
        ...row,
        state: 'pulled',
        digest: savedDigest,
        sizeBytes: facts?.sizeBytes,
        durationMs: took(),
        tries: pulled.tries,
        detail: `${why}; pulled in ${Math.round(pulled.durationMs)} ms${pulled.tries > 1 ? ` on try ${pulled.tries} (the one before: ${pulled.said})` : ''}${savedDigest ? '; the post step saves it' : '; no digest to key it by: not saved'}`,
    };
}
/** Why the cache is not even asked for this image, or undefined when it is. */
function notAsked(answer, local) {
    if ('error' in local)
        return `the engine's images could not be listed (${local.error})`;
    // Without the digest, the newest entry for the reference only when the registry is out of reach:
    // a registry that answers "denied" would let a moving tag go stale in the cache for ever.
    if (!answer.ok && !isOutage(answer))
        return `its registry gave no digest (${answer.kind}: ${answer.detail})`;
    return undefined;
}
/** The image from the cache, or why not. */
async function restoreFromCache(ctx, img, p, answer, local, signal) {
    const skip = notAsked(answer, local);
    if (skip)
        return { why: skip };
    if (!(await ctx.available))
        return { why: 'this job has no Actions cache service (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set)' };
    const digest = answer.ok ? answer.digest : undefined;
    const keys = imageCacheKeys(img.ref.canonical, p, digest);
    const restoreKeys = digest ? [] : keys.restoreKeys;
    const file = ctx.fileOf(p, img.ref.canonical);
    // Its process starts now and loads while the lookup runs; on a miss it is killed unused.
    const restoring = actions_cache.prepareRestore(file, restoreKeys, signal);
    try {
        const found = await actions_cache.lookup(file, keys.key, restoreKeys, digest ? actions_cache.LOOKUP_MS : ctx.restoreBudget());
        if (!found.ok) {
            ctx.problems.push(found.detail);
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
        const got = await restoring.run(keys.key, ctx.restoreBudget());
        if (signal.aborted)
            return { why: 'no longer needed' };
        if (!got.ok || got.value === undefined) {
            if (!got.ok)
                ctx.problems.push(got.detail);
            return { why: `the cache entry could not be restored (${got.ok ? 'the library restored nothing' : got.detail})` };
        }
        return await loadRestored(ctx, img, file, got.value, answer, signal);
    }
    finally {
        restoring.cancel();
        external_node_fs_.rmSync(file, { force: true });
    }
}
/** The entry restored to `file` (matched by `key`), loaded into the engine. */
async function loadRestored(ctx, img, file, key, answer, signal) {
    const loaded = await loadImage(file, ctx.env, ctx.remaining(), signal);
    if (!loaded.ok)
        return { why: `docker load failed: ${loaded.detail}` };
    const facts = await imageFacts(img.ref, ctx.env, LIST_MS);
    if (!facts)
        return { why: `the cache entry ${key} did not hold ${img.ref.canonical}` };
    return {
        why: '',
        record: answer.ok
            ? { state: 'restored', digest: answer.digest, key, sizeBytes: facts.sizeBytes, detail: `restored (digest ${answer.digest})` }
            : {
                state: 'restored-older',
                key,
                sizeBytes: facts.sizeBytes,
                detail: `restored the newest entry saved for it, possibly an older image than the registry has: the registry could not be asked (${answer.detail})`,
            },
    };
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
 *   not in the cache → pulled here, with retries (images/pull.ts; timed, sized, its tries
 *        counted), and saved by the post step.
 *
 * `up` starts once every image is settled. A cache service in trouble costs seconds (every call
 * is bounded) and a warning, never the step.
 */











/** A HEAD of a manifest: an answer in well under a second, or the registry is in trouble. */
const HEAD_MS = 5000;
/**
 * The tar file one image goes through. Its name is the same on every runner: it is the one path
 * the cache is given, and the cache's version hashes it (src/images/actions-cache.ts).
 */
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
    // A built image with a build key was looked for in the cache; one built every run was not.
    const lacked = records.filter((r) => ['restored', 'restored-older', 'pulled', 'missing'].includes(r.state) || (r.state === 'built' && r.key));
    const restored = lacked.filter((r) => r.state === 'restored' || r.state === 'restored-older').length;
    if (restored === lacked.length)
        return 'true';
    return restored > 0 ? 'partial' : 'false';
}
/**
 * A base image's digest for a build key: the engine's image when it has one (the build starts from
 * it: the digest it was pulled by), else what its registry says now. An image the cache loaded
 * has no such digest: its registry's answer stands for it (a built image keyed so and built on an
 * older one holds only its own layers, which load on no engine without that older one), else its id.
 */
async function baseDigestOf(img, seen, env) {
    if (seen.present) {
        const facts = await imageFacts(img.ref, env, LIST_MS);
        if (!facts)
            return { ok: false, outage: false, why: 'the engine could not say what it is' };
        if (facts.digest)
            return { ok: true, digest: facts.digest };
        const asked = seen.head ? await seen.head : undefined;
        return { ok: true, digest: asked?.ok ? asked.digest : facts.id };
    }
    if (!seen.head)
        return { ok: true, digest: img.ref.digest };
    const answer = await seen.head;
    return answer.ok ? { ok: true, digest: answer.digest } : { ok: false, outage: isOutage(answer), why: `${answer.kind}: ${answer.detail}` };
}
/**
 * Each image's first look, asked once: its registry's answer (at once: it needs no daemon) and
 * whether the engine has it; and, for a build's key, a base image's digest from that look.
 */
function imageLooks(listing, env) {
    const looks = new Map();
    /** The images named so far, by canonical reference: a build's base images among them. */
    const named = new Map();
    const look = (img) => {
        let known = looks.get(img.ref.canonical);
        if (!known) {
            const head = img.ref.digest ? undefined : headDigest(img.ref, { timeoutMs: HEAD_MS });
            known = listing.then((local) => ({ head, local, present: !('error' in local) && local.has(img.ref.canonical) }));
            looks.set(img.ref.canonical, known);
        }
        return known;
    };
    const digests = new Map();
    const baseDigest = (canonical) => {
        const img = named.get(canonical);
        if (!img)
            return Promise.resolve({ ok: false, outage: false, why: 'not among the images asked' });
        // Once per image: services built from one base ask the engine about it once.
        if (!digests.has(canonical))
            digests.set(canonical, look(img).then((seen) => baseDigestOf(img, seen, env)));
        return digests.get(canonical);
    };
    return { look, named, baseDigest };
}
/** Why every built image is built this run, when the inputs say so. Pure. */
function askedToBuild(inputs) {
    if (inputs.build)
        return 'the input asks (build: true)';
    return inputs.upFlags.includes('--build') ? 'the input asks (up-flags: --build)' : undefined;
}
/** An image whose settling threw: missing, and why. */
function failedRecord(img, err) {
    const detail = `the image cache failed: ${err instanceof Error ? err.message : String(err)}`;
    return { image: img.ref.canonical, written: img.written, services: img.services, via: img.via, state: 'missing', detail };
}
/** What every image's restore shares, begun at once: the cache's availability, the platform, the engine's images, each image's look. */
function restoreContextOf(inputs, env, daemon, started) {
    const deadline = started + inputs.startupTimeoutMs;
    const answered = daemon?.then((a) => ((0,docker_availability/* daemonAnswered */.Mo)(a) ? a : undefined)) ?? Promise.resolve(undefined);
    const listing = answered.then((a) => (a ? localImages(env, LIST_MS) : { error: 'the daemon did not answer' }));
    const { look, named, baseDigest } = imageLooks(listing, env);
    const ctx = {
        inputs,
        env,
        deadline,
        remaining: () => Math.max(1000, deadline - performance.now()),
        // A download gets at most half of what is left, so that a stalled one still leaves time to pull.
        restoreBudget: () => Math.max(10_000, Math.floor((deadline - performance.now()) / 2)),
        available: actions_cache.cacheAvailable(),
        platform: answered.then((a) => (a && (0,docker_availability/* platformOf */.tj)(a)) || hostPlatform()),
        look,
        fileOf: imageFile,
        problems: [],
        toSave: [],
    };
    return { ctx, listing, named, baseDigest };
}
/**
 * Begin at once, on the images of the plan the files predict (when they predict one): the
 * registries, the cache and the engine's list are asked alongside the daemon's answer.
 */
function beginImageRestore(inputs, env, daemon, predicted) {
    const started = performance.now();
    const stopped = new AbortController();
    const { ctx, listing, named, baseDigest } = restoreContextOf(inputs, env, daemon, started);
    const { platform, available, restoreBudget, remaining, problems, toSave } = ctx;
    const begun = new Map();
    /** Each image's own stop: Docker is not usable, or the confirmed plan does not need it. */
    const stops = new Map();
    const naming = { projectName: predicted?.projectName ?? '', major: undefined };
    const builds = beginBuildStage({
        env,
        asked: askedToBuild(inputs),
        platform,
        listing,
        available,
        baseDigest,
        // A built image's entry holds only its own layers: loaded once its base images are on the engine.
        baseSettled: (canonical) => begun.get(canonical)?.then(() => undefined) ?? Promise.resolve(),
        restoreBudget,
        remaining,
        problems,
    }, (src) => composeNames(src, naming.projectName, naming.major), stopped.signal);
    const begin = (found) => {
        for (const img of found.images) {
            named.set(img.ref.canonical, img);
            if (begun.has(img.ref.canonical))
                continue;
            const stop = new AbortController();
            stops.set(img.ref.canonical, stop);
            begun.set(img.ref.canonical, settleImage(ctx, img, AbortSignal.any([stopped.signal, stop.signal])).catch((err) => failedRecord(img, err)));
        }
        builds.begin(found.builds);
    };
    if (predicted)
        begin(stackImages(predicted.model, predicted.services, predicted.projectDirectory));
    return {
        async finish(plan) {
            naming.projectName = plan.projectName;
            naming.major = plan.compose.version?.major;
            const found = stackImages(plan.model, plan.services, plan.projectDirectory);
            begin(found);
            const wanted = new Set(found.images.map((i) => i.ref.canonical));
            // Images of the prediction that the confirmed plan does not start: their pulls are stopped.
            for (const [image, stop] of stops)
                if (!wanted.has(image))
                    stop.abort();
            const built = builds.finish(found, plan);
            const records = (await Promise.all([...begun.entries()].filter(([k]) => wanted.has(k)).map(([, p]) => p)));
            const ownImages = await built;
            records.push(...ownImages.records);
            for (const s of found.skipped)
                records.push({ image: s.what, written: s.what, services: [s.service], via: 'build', state: 'skipped', detail: s.why });
            return {
                records,
                cacheHit: cacheHitOf(records),
                problems: [...new Set(problems)],
                toSave: toSave.filter((s) => wanted.has(s.image)),
                builtToSave: ownImages.toSave,
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
const q = (s) => JSON.stringify(s);
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
                    lines.push(`      ${q(n)}:`, `        aliases: [${q(name)}]`);
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
                    lines.push(`        host_ip: ${q(p.hostIp)}`);
                lines.push(`        protocol: ${q(p.protocol)}`);
            }
        }
        if (lines.length > 0)
            services.push(`  ${q(s.name)}:`, ...lines);
    }
    out.networks = fixedNames(model.networks, projectName);
    out.volumes = fixedNames(model.volumes, projectName);
    const resets = (section, list) => list.length === 0 ? [] : [`${section}:`, ...list.flatMap((r) => [`  ${q(r.key)}:`, '    name: !reset null'])];
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
    if (!(0,compose_version/* supports */.xY)(plan.compose.version, 'override-tag')) {
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
    return needs.filter((n) => !(0,compose_version/* atLeast */.jZ)(version, n.since));
}
/** The oldest compose that meets every need. */
function newestNeeded(needs) {
    return needs.reduce((best, n) => (!best || !(0,compose_version/* atLeast */.jZ)(asVersion(best), n.since) ? n.since : best), undefined);
}
const asVersion = (t) => ({ major: t[0], minor: t[1], patch: t[2], text: (0,compose_version/* formatTriple */.Sj)(t) });
/**
 * "the compose file needs compose v2 (2.17.0 or later): services.api.depends_on.db.restart
 * (depends_on restart) at docker/compose.yml:12; this runner has compose 1.29.2". Pure.
 */
function describeUnmetNeeds(unmet, version, rel) {
    const since = newestNeeded(unmet);
    const needed = version.major < 2 ? `compose v2 (${(0,compose_version/* formatTriple */.Sj)(since)} or later)` : `compose ${(0,compose_version/* formatTriple */.Sj)(since)} or later`;
    const shown = unmet.slice(0, 3).map((n) => `${n.key} (${n.what}, from ${(0,compose_version/* formatTriple */.Sj)(n.since)}) at ${rel(n.file)}:${n.line}`);
    const more = unmet.length > shown.length ? `, and ${unmet.length - shown.length} more` : '';
    return `The compose file needs ${needed}: ${shown.join('; ')}${more}. This runner has compose ${version.text}.`;
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

// EXTERNAL MODULE: ./src/report/model.ts
var model = __webpack_require__(96867);
;// CONCATENATED MODULE: ./src/docker-path/plan-failure.ts
/**
 * A plan that could not be made, as the report tells it: the check of the stage that failed, with
 * its failure kind, hint data and the line of the compose file it is about. A `compose config`
 * failure on a file written for a newer compose says which key needs which version.
 */










/** Add the failed stage's check for what `makePlan` threw, planning for `compose`. */
function recordPlanFailure(ctx, caught, compose) {
    const { inputs, report, rel } = ctx;
    const err = caught instanceof PlanError ? (tooOldFor(caught, compose, inputs.workspace) ?? caught) : caught;
    const stage = err instanceof PlanError ? err.stage : 'config';
    report.add({
        title: `Compose ${stage}`,
        status: 'failed',
        detail: (0,model/* errorMessage */.gJ)(err),
        ...(err instanceof PlanError ? planFailure(err, rel) : { id: 'compose.config', failure: 'config-invalid' }),
    });
    const invalid = err instanceof PlanError && err.underlying instanceof DeclarationError;
    return { stage, reason: (0,model/* errorMessage */.gJ)(err), ...(invalid ? { invalid } : {}) };
}
/** The failed stage's check id, failure kind, hint data and compose-file location. */
function planFailure(err, rel) {
    const at = (l) => l && { file: rel(l.file), line: l.line };
    const u = err.underlying;
    switch (err.stage) {
        case 'discovery':
            return { id: 'compose.discovery', ...discoveryFailure(u, rel) };
        case 'config':
            if (u instanceof DeclarationError) {
                const first = u.problems[0];
                return {
                    id: 'compose.config',
                    failure: 'invalid-input',
                    location: first && at(locateNode(err.files, first.path)),
                    data: { declaration: DECLARATION_KEY, service: first?.service, problems: u.problems.map(describeProblem) },
                };
            }
            if (u instanceof ComposeTooOldError) {
                const first = u.unmet[0];
                const needed = newestNeeded(u.unmet);
                return {
                    id: 'compose.config',
                    failure: 'compose-too-old',
                    location: { file: rel(first.file), line: first.line },
                    data: {
                        compose: u.version.text,
                        needed: needed && (0,compose_version/* formatTriple */.Sj)(needed),
                        keys: u.unmet.map((n) => ({ key: n.key, since: (0,compose_version/* formatTriple */.Sj)(n.since), file: rel(n.file), line: n.line })),
                    },
                };
            }
            return { id: 'compose.config', failure: 'config-invalid', location: err.files[0] ? { file: rel(err.files[0]) } : undefined };
        case 'project-directory': {
            const first = err.missing[0];
            return {
                id: 'compose.project-directory',
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
                    id: 'compose.services',
                    failure: 'service-not-started',
                    data: { query: u.query, input: u.input, service: u.notStarting.name, why: u.notStarting.why },
                    location: at(locateInCompose(err.files, [[...svc, 'deploy', 'replicas'], [...svc, 'scale'], svc])),
                };
            }
            if (u instanceof ServiceResolutionError)
                return {
                    id: 'compose.services',
                    failure: u.kind === 'ambiguous' ? 'service-ambiguous' : 'service-missing',
                    data: { query: u.query, candidates: u.candidates },
                    location: at(locateInCompose(err.files, [['services']])),
                };
            if (u instanceof PortNotPublishedError)
                return {
                    id: 'compose.services',
                    failure: 'port-not-published',
                    data: { input: u.input, service: u.service, containerPort: u.containerPort },
                    location: at(locateInCompose(err.files, [
                        ['services', u.service, 'ports'],
                        ['services', u.service],
                    ])),
                };
            return { id: 'compose.services', failure: 'port-not-published' };
    }
}
/** Discovery's failure: no compose file at all, or a named one that is missing (and where files of its name are). */
function discoveryFailure(u, rel) {
    if (!(u instanceof DiscoveryError) || u.foundAt === undefined)
        return { failure: 'no-compose-file' };
    if (u.foundAt.length > 0)
        return { failure: 'file-found-elsewhere', data: { foundAt: u.foundAt } };
    return { failure: 'file-missing', data: u.file === undefined ? undefined : { file: rel(u.file) } };
}

;// CONCATENATED MODULE: ./src/docker-path/plan-record.ts
/**
 * The plan as the report and the log tell it: the checks of a plan that was made (its files, its
 * project directory and name, its services, the build paths it does without), each said in the
 * log, and a notice for each decision the plan made because an input was left at its default.
 */





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
/** Add the checks of a plan that was made (`ms`: how long it took), and say them in the log. */
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

;// CONCATENATED MODULE: ./src/docker-path/plan.ts
/**
 * Stage: the compose plan (src/compose/plan.ts makes it). Begun with the compose the file system
 * suggests while availability is still being asked (it needs only the files and `compose
 * config`), used when the guess was right, made again when it was not; recorded check by check
 * (plan-record.ts), and a failed plan with its kind, hint data and the line of the compose file it
 * is about (plan-failure.ts).
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
    const { inputs, env } = ctx;
    const reuse = planning.early !== undefined && planning.guessed?.argv.join(' ') === compose.argv.join(' ');
    if (!reuse)
        await planning.early; // a wrong guess: let its compose process finish before planning again
    try {
        const plan = await src_runner/* group */.Os('Docker: compose plan', async () => {
            const started = reuse ? planning.startedAt : performance.now();
            const p = reuse ? unwrap((await planning.early)) : await makePlan(inputs, compose, env, projectName);
            p.compose = compose;
            recordPlan(ctx, p, performance.now() - started);
            return p;
        });
        return { ok: true, plan };
    }
    catch (caught) {
        return { ok: false, ...recordPlanFailure(ctx, caught, compose) };
    }
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
        upAndWatch({ ...plan, images, repull: repullFor(inputs, plan, env) }, upOptions(inputs, plan), env, budgetMs, waitRequest(plan, inputs, deadline, ctx.reacher(availability.publishHost), env));
    return src_runner/* group */.Os('Docker: up, watching the containers', async () => {
        const both = await withProgress(lane, inputs.startupTimeoutMs, env);
        const r = both.up;
        recordPulls(report, r, inputs.startupTimeoutMs / 1000);
        if (!r.ok && r.pull) {
            report.add({
                id: 'compose.up',
                title: 'compose up',
                status: 'info',
                durationMs: r.durationMs,
                detail: "its pull met the registry's trouble, and so did the pulls with retries after it (see the images)",
            });
            info(`up: not started: ${(0,outside/* outsideLine */.U2)(r.detail)}`);
            return { up: r, wait: undefined };
        }
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
                        r.kind === 'up-timeout' || (both.wait?.ok === false && both.wait.kind === 'timeout')
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
    // With `--progress json` (COMPOSE_PROGRESS), compose's lines are shown as its plain writer says them.
    progress.attach((line) => info(`  up | ${(0,outside/* outsideLine */.U2)((0,docker_availability/* withoutCredentialPaths */.O7)(readableLine(line), env))}`));
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
    // Stopped on purpose: the wait names the failure; one that is not there is up's own.
    const failure = r.kind === 'stopped' ? 'up-failed' : r.kind;
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
        // The service behind the probe died: its port was closed because it was gone, not misconfigured.
        const service = auth ? plan.auth?.service : plan.backend?.service;
        const died = !w.ok && p.class !== 'ok' && w.failing.find((f) => f.service === service && f.container?.status === 'exited');
        const probePath = p.kind === 'websocket' ? inputs.websocketPath : auth ? inputs.authHealthPath : inputs.healthPath;
        report.add({
            id: `wait.${p.kind === 'http' ? (auth ? 'auth-http' : 'http') : 'websocket'}`,
            title: `${p.kind === 'http' ? 'HTTP' : 'WebSocket'} ${p.url}`,
            status: p.class === 'ok' ? 'ok' : 'failed',
            durationMs: p.latencyMs,
            detail: p.detail,
            failure: p.class === 'ok' ? undefined : (0,model/* probeFailure */.L$)(p.class, p.status),
            ...(died ? { hint: `${died.service} ${died.why} (see Failed services): nothing was left to answer; its log says why.` } : {}),
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
    const answeredInput = no?.kind === 'websocket' ? 'websocket-path' : no?.target === 'auth' ? 'auth-health-path' : 'health-path';
    const answered = no && { status: no.status, url: no.url, path: new URL(no.url).pathname, input: answeredInput };
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

;// CONCATENATED MODULE: ./src/stack/logs.ts
/**
 * What a failed service printed last: `docker logs --timestamps --tail N` of its containers, by
 * id (all at once, on the engine's socket when it is local: no compose start-up on the way to the
 * fallback), the two streams and every replica merged in time order.
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
    const results = await Promise.all(ids.map((id) => readLog(env, id, tail, { timeoutMs: 5000 })));
    return mergeTimestamped(results.flatMap((r) => (r.code === 0 ? [r.stdout, r.stderr] : [])), tail);
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
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
    const script = external_node_path_.join(external_node_path_.dirname((0,external_node_url_.fileURLToPath)(here)), '..', entry, 'index.js');
    return external_node_fs_.existsSync(script) ? script : undefined;
}
/** The step's own files, which the runner reads when the step ends: a background process writes none of them. */
const STEP_FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'];
/** A background process's environment: the step's, without its inputs (the staging token) or its files. */
function detachedEnv(env) {
    const out = (0,src_exec/* childEnv */.gf)(env);
    for (const k of STEP_FILES)
        delete out[k];
    return out;
}
/**
 * Start `node script kind jobFile` in the background; synchronous, so a cancel cannot come between the
 * start and the state saved for it. Returns its pid; throws when it could not be started.
 */
function spawnDetached(o) {
    const out = external_node_fs_.openSync(o.logFile, 'a');
    try {
        const node = o.node ?? process.execPath;
        const child = (0,external_node_child_process_.spawn)(node, [o.script, o.kind, o.jobFile], {
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
        external_node_fs_.closeSync(out);
    }
}
/**
 * Whether the background process still runs: on Linux, a process with this pid whose command line
 * names the job file (not another process that got the pid since; a zombie has none); elsewhere,
 * whether the pid exists.
 */
function stillRunning(pid, jobFile) {
    if (fs.existsSync('/proc/self/cmdline')) {
        try {
            return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(jobFile);
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

;// CONCATENATED MODULE: ./src/removal/start.ts
/**
 * The main step's side: hand the removal of a failed stack to a process of its own, which outlives
 * the step. Its own process group and session (a signal to the step's group, the runner's cancel,
 * `killRunningChildren`, none reach it), no pipe to the step (its stdout and stderr go to a file
 * under RUNNER_TEMP, so the runner does not wait on it), unref'd (the step ends without it).
 */



/** The background processes' script (`dist/background/index.js`); undefined when run from src/. */
function bundledRemovalScript(here = import.meta.url) {
    return bundledScript('background', here);
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
    const startedAt = Date.now();
    const pid = spawnDetached({ script: o.script, kind: 'remove', jobFile, logFile, env: o.env, ...(o.node ? { node: o.node } : {}) });
    return { pid, startedAt, jobFile, logFile, resultFile, stack: job.stack, upStopped: job.lookAgain };
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
    await src_runner/* group */.Os('Docker: collect logs, then remove the failed stack', async () => {
        const started = performance.now();
        const services = [...new Set(failing.length ? failing : plan.awaited)];
        // The state as the watch last saw it, a moment ago.
        const containers = seen.length ? seen : await projectContainers(plan.projectName, env).catch(() => []);
        const idsOf = (service) => containers.filter((c) => c.service === service).map((c) => c.id);
        const reading = Promise.all(services.map((service) => containerLogs(idsOf(service), LOG_TAIL, env)));
        // Every service's complete log, not only the failing ones', to its file (issue 26), meanwhile.
        const withContainers = new Set(containers.map((c) => c.service).filter(Boolean));
        const everyService = [...new Set([...plan.awaited, ...withContainers])].filter((s) => withContainers.has(s));
        const writing = writeLogFiles(logsFolder(env, plan.projectName), everyService, containers, env, { timeoutMs: LOG_FILES_MS });
        // Started while the logs are read; it removes nothing before this step has ended.
        const known = containers.map((c) => c.id);
        const handed = handOver(ctx, plan, known, afterStoppedUp);
        const tails = await reading;
        report.logFiles = await writing.catch(() => []);
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

;// CONCATENATED MODULE: ./src/stack/service-ports.ts
/**
 * The ports each started service is reached on (the `service-ports` output and the
 * `COMPOSE_HOST_*`/`COMPOSE_PORT_*` variables), from its containers and how this step reaches them.
 */

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

;// CONCATENATED MODULE: ./src/docker-path/stories.ts

const iso = (ms) => (ms === undefined ? null : new Date(ms).toISOString());
function stateOf(c, ready) {
    if (ready?.by === 'done')
        return 'done';
    if (!c)
        return ready ? 'ready' : 'not created';
    if (c.status === 'restarting')
        return 'restarting';
    if (c.status === 'exited' || c.status === 'dead')
        return 'exited';
    if (c.status === 'created')
        return 'created';
    return ready ? 'ready' : 'running';
}
/** The container that speaks for a service: the failing one, else the one last started. */
function spokesman(service, containers, failing) {
    if (failing?.container)
        return failing.container;
    const own = containers.filter((c) => c.service === service);
    return own.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))[0];
}
function tellStories(f) {
    const names = [...f.awaited];
    for (const c of f.containers)
        if (c.service && !names.includes(c.service))
            names.push(c.service);
    return names.map((name) => {
        const failing = f.failing.find((x) => x.service === name);
        const ready = failing ? undefined : f.ready.find((r) => r.service === name);
        const c = spokesman(name, f.containers, failing);
        const state = stateOf(c, ready);
        const exited = state === 'exited' || state === 'done' || state === 'restarting';
        const log = f.logOf?.(name);
        const why = failing?.why ?? ready?.why;
        return {
            name,
            state,
            exitCode: c && exited ? c.exitCode : null,
            restarts: c?.restartCount ?? 0,
            health: c?.health ?? null,
            createdAt: iso(c?.createdAt),
            startedAt: iso(c?.startedAt),
            readyAt: ready ? iso(ready.readyAt) : null,
            exitedAt: exited ? iso(c?.finishedAt) : null,
            readyBy: ready?.by ?? null,
            why: why ? (0,outside/* outsideLine */.U2)(why, 300) : null,
            lastHealthcheckOutput: c?.lastHealthOutput ? (0,outside/* outsideLine */.U2)(c.lastHealthOutput, 500) : null,
            logFile: log?.file ?? null,
            logBytes: log?.bytes ?? null,
        };
    });
}

;// CONCATENATED MODULE: ./src/docker-path/outcome.ts




/** The stories of the plan's services as `wait` saw them (with their log files, once written). */
function storyTeller(ctx, plan, wait) {
    const logOf = (service) => ctx.report.logFiles.find((f) => f.service === service);
    return (containers, failing) => tellStories({ awaited: plan.awaited, containers, ready: wait.ready, failing, logOf });
}
/** The wait ended without a ready stack: remove it, its logs read first. */
async function failedWait(ctx, plan, up, wait, tell) {
    const services = wait.failing.map((f) => f.service).filter((s) => plan.model.services.has(s));
    await removeFailedStack(ctx, plan, services, !up.ok && (up.kind === 'stopped' || up.kind === 'up-timeout'), wait.containers);
    // Told again with the log files now written.
    ctx.report.services = tell(wait.containers, wait.failing);
    return wait.kind === 'timeout'
        ? `the stack was not healthy within startup-timeout (${ctx.inputs.startupTimeoutMs / 1000} s): ${wait.reason}`
        : `the stack failed while starting: ${wait.reason}`;
}
/** A service that died since the ready look must not be handed on as usable: the reason when one did. */
async function diedSinceReady(ctx, plan, wait, tell) {
    const died = await recheck(wait.containers, plan.awaited, ctx.env);
    if (died.length === 0)
        return undefined;
    const reason = died.map((d) => `${d.service}: ${d.why}`).join('; ');
    const seen = wait.containers.map((c) => died.find((d) => d.container.id === c.id)?.container ?? c);
    ctx.report.services = tell(seen, died);
    ctx.report.add({
        id: 'wait.after',
        title: 'Still running when the outputs are written',
        status: 'failed',
        failure: 'exited',
        detail: reason,
        data: { service: died[0]?.service },
    });
    await removeFailedStack(ctx, plan, died.map((d) => d.service), false, wait.containers);
    ctx.report.services = tell(seen, died);
    return `the stack failed while starting: ${reason}`;
}
async function outcomeOf(ctx, plan, availability, started) {
    const { up, wait } = started;
    if (!wait) {
        await removeFailedStack(ctx, plan, [], false);
        // A pull that failed before `up` ran says so itself (the image, the registry's answer, the tries).
        const reason = up.ok ? 'compose up failed: no wait' : up.pull ? up.detail : `compose up failed: ${up.detail}`;
        return { ok: false, availability, plan, stage: 'up', reason };
    }
    const readyAt = (ctx.report.waitEndedAt = Date.now());
    const tell = storyTeller(ctx, plan, wait);
    ctx.report.services = tell(wait.containers, wait.ok ? [] : wait.failing);
    if (!wait.ok)
        return { ok: false, availability, plan, stage: 'wait', reason: await failedWait(ctx, plan, up, wait, tell) };
    const endpoints = await endpointsOf(ctx, plan, availability, wait);
    const died = await diedSinceReady(ctx, plan, wait, tell);
    if (died)
        return { ok: false, availability, plan, stage: 'wait', reason: died };
    const containers = Object.fromEntries(wait.containers.map((c) => [c.id, c.service]));
    return { ok: true, availability, plan, endpoints, ready: { at: readyAt, containers } };
}

;// CONCATENATED MODULE: ./src/docker-path/stack-secrets.ts
/**
 * The stack's own secrets (compose/secret-values.ts: secret-named environment values, `secrets:`
 * files), registered once the plan is confirmed, before any of its logs is read: from then on the
 * one redaction (report/outside.ts) hides them from tails, files, annotations and the artifact, and
 * the runner masks them. Kept for the post step too, which writes the final logs with `upload-logs: always`.
 */




/** A `secrets:` file's text, when it is a small readable file. */
function readSmall(file) {
    try {
        if (external_node_fs_.statSync(file).size > SECRET_FILE_MAX_BYTES)
            return undefined;
        return external_node_fs_.readFileSync(file, 'utf8');
    }
    catch {
        return undefined;
    }
}
/** Every secret value of the plan's services and files. */
function stackSecrets(plan) {
    const values = [...plan.model.services.values()].flatMap((s) => s.secretEnv ?? []);
    values.push(...secretFileValues(plan.model.files ?? [], readSmall));
    return [...new Set(values)];
}
/** Register the plan's secrets, and keep them for the post step. */
function registerStackSecrets(plan, env) {
    const values = stackSecrets(plan);
    for (const v of values)
        (0,outside/* registerSecret */.cl)(v);
    if (values.length)
        saveLogSecrets(values, env);
}

;// CONCATENATED MODULE: ./src/docker-path.ts
/**
 * The Docker path, as the list of its stages (each in src/docker-path/, named for it):
 *
 *   early start → (plan begun, images begun) → availability → plan → isolation → images → up and watch → outcome (ports, or removal)
 *
 * with every step recorded in the report. A failure at any point collects what a person needs
 * (state, healthcheck output, log tail), removes the stack, and says why; the caller decides what
 * happens next.
 */
















/** `asked`: the daemon's answer, when the first moves already asked for it. */
async function runDockerPath(inputs, report, env, asked) {
    const projectName = inputs.projectName ?? deriveProjectName(env, randomSuffix);
    const guess = (0,docker_availability/* guessCompose */.QE)(env);
    const guessed = guess ? { ...guess, version: undefined } : undefined;
    const daemon = asked ?? ((0,src_exec/* findOnPath */.aY)('docker', env.PATH) ? (0,docker_availability/* askDaemon */.Ii)(env) : undefined);
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
    const availability = await checkAvailability(ctx, { daemon });
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
    // Before any log of the stack is read: its secrets are hidden from every log text from now on.
    registerStackSecrets(plan, env);
    if (!confirms(early, plan))
        await dropEarly(ctx, early, 'compose config resolved the files differently');
    if (inputs.isolate)
        isolate(ctx, plan);
    // In a container of the engine: bind mount paths as the engine's host has them.
    if (translateMounts(ctx, plan, await location.where(), availability.endpoint))
        await dropEarly(ctx, early, 'bind mount paths had to be given as the engine host has them');
    // The early `up` goes on with this plan: an image it found missing is pulled now that compose config named it.
    early.confirm(plan);
    // startup-timeout covers getting the images too.
    const settled = images ? await settleImages(ctx, images, plan) : undefined;
    const started = await upStage(ctx, plan, availability, early.lane, Math.max(1000, inputs.startupTimeoutMs - (settled?.durationMs ?? 0)));
    // What `up` built, for the post step to save under its build key.
    if (settled?.builtToSave.length)
        await recordBuiltImages(ctx, settled, started.wait?.containers);
    return outcomeOf(ctx, plan, availability, started);
}

// EXTERNAL MODULE: ./src/first-moves.ts
var first_moves = __webpack_require__(28838);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var src_inputs = __webpack_require__(54537);
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
        'logs-artifact': facts.logsArtifact ? { value: facts.logsArtifact, source: 'detected from Docker' } : fixed(''),
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
    'logs-artifact',
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
/** Write the plan: outputs with runner.setOutput, variables with runner.exportVariable. */
function publishExports(plan) {
    for (const [name, { value }] of Object.entries(plan.outputs))
        src_runner/* setOutput */.uH(name, exportable(name, value));
    for (const [name, { value }] of Object.entries(plan.env))
        src_runner/* exportVariable */.dN(name, exportable(name, value));
}

;// CONCATENATED MODULE: ./src/report/hints.ts
/** A value quoted for a hint: backticks inside it would break the code span. */
function hints_q(v) {
    return `\`${String(v).replace(/`/g, "'")}\``;
}
/** An input of action.yml, quoted: a name that is not one is a type error. */
const inputQ = (name) => hints_q(name);
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
    return `${hints_q(pathInput(f))}${p ? ` (currently ${hints_q(p)})` : url ? ` (probed ${hints_q(url)})` : ''}`;
}
const serviceName = (f, fallback) => {
    const s = hints_str(f.data.service);
    return s ? hints_q(s) : fallback;
};
function timeoutNote(f, input) {
    const s = num(f.data.timeoutSeconds);
    return `${hints_q(input)}${s !== undefined ? ` (currently ${s} s)` : ''}`;
}
const HINTS = {
    'docker-slow': () => 'Docker is there but answered too slowly, twice: the runner is overloaded (fewer jobs at once on a self-hosted runner, or a bigger one), or the daemon hangs (`sudo systemctl restart docker`). Nothing is missing: do not install anything.',
    'invalid-input': (f) => {
        const declaration = hints_str(f.data.declaration);
        if (declaration)
            return `Fix the \`${declaration}\` readiness of service ${hints_q(hints_str(f.data.service) ?? '?')} in the compose file (the detail says what it accepts; docs/readiness.md, "When is a service ready?", shows each check); nothing was started.`;
        const input = hints_str(f.data.input);
        return `Fix ${input ? hints_q(input) : 'the input'} in the step's \`with:\` (the detail says what it accepts); nothing was started.`;
    },
    internal: () => 'The action failed in a way it does not know: the detail holds the error. Re-run the job; if it happens again, open an issue with the job summary and the report attached.',
    'no-cli': () => 'The docker CLI is not on PATH: use a runner with Docker (ubuntu-latest has it; macOS and Windows runners do not run Linux containers) or install it; set `mode: staging` to skip Docker.',
    'daemon-down': (f) => {
        const ep = hints_str(f.data.endpoint);
        return `No Docker daemon answered${ep ? ` at ${hints_q(ep)}` : ''}: start the daemon, use a runner with Docker (ubuntu-latest), or point \`DOCKER_HOST\` at a reachable engine.`;
    },
    'socket-permission': (f) => {
        const ep = hints_str(f.data.endpoint);
        return `Permission denied on the Docker socket${ep ? ` ${hints_q(ep)}` : ''}: add the runner's user to the \`docker\` group (and restart the runner service) or fix the socket's owner and mode.`;
    },
    'bad-context': (f) => {
        const ep = hints_str(f.data.endpoint);
        return `The Docker context cannot be used${ep ? ` (${hints_q(ep)})` : ''}: unset or fix \`DOCKER_CONTEXT\` / \`DOCKER_HOST\`, or run \`docker context use default\` before this step.`;
    },
    'engine-ssh': (f) => {
        const ep = hints_str(f.data.endpoint);
        // Connected at first, dropped later (during up), or refused at the key exchange: sshd's limits.
        if (f.check.id !== 'docker.availability' || /kex_exchange_identification|ssh_exchange_identification/i.test(f.check.detail))
            return `The engine's sshd dropped connections: compose opens one SSH connection per call it makes at once (about two per service), and sshd's stock \`MaxStartups 10:30:100\` refuses the excess. On the engine's host, raise \`MaxStartups\` (e.g. \`100:30:200\`) and \`MaxSessions\` in \`sshd_config\`; or open one tunnel before this step (\`ssh -fNT -L $RUNNER_TEMP/docker.sock:/var/run/docker.sock <user>@<host>\`, then \`DOCKER_HOST=unix://…/docker.sock\` and \`url-host: <host>\`), or reach the engine over \`tcp://\` with TLS.`;
        return `The runner's \`ssh\` could not reach the engine${ep ? ` at ${hints_q(ep)}` : ''} without a prompt: load the key (an ssh-agent step, or \`IdentityFile\` in \`~/.ssh/config\`), add the host's key to \`~/.ssh/known_hosts\` (\`ssh-keyscan -p <port> <host>\`), and let the remote user run \`docker\` (the \`docker\` group). \`ssh <user>@<host> docker version\` on the runner shows the same failure.`;
    },
    'engine-tls': (f) => {
        const ep = hints_str(f.data.endpoint);
        return `The TLS connection to the engine${ep ? ` at ${hints_q(ep)}` : ''} failed: \`DOCKER_CERT_PATH\` (or the context's TLS files: \`docker context create … --docker host=…,ca=…,cert=…,key=…\`) must hold this engine's \`ca.pem\` and a client \`cert.pem\` / \`key.pem\` it accepts, with \`DOCKER_TLS_VERIFY=1\`; the server's certificate must name the host in \`DOCKER_HOST\`; an engine without TLS (port 2375) needs \`DOCKER_TLS_VERIFY\` unset.`;
    },
    'compose-missing': () => 'Docker answered but Compose is missing: install the compose plugin (package `docker-compose-plugin`) or a standalone `docker-compose` on the runner.',
    'file-found-elsewhere': (f) => {
        const at = strings(f.data.foundAt);
        if (at.length === 1)
            return `Set ${inputQ('compose-files')} to ${hints_q(at[0])} (relative to ${inputQ('working-directory')}).`;
        if (at.length > 1)
            return `Set ${inputQ('compose-files')} to the one you mean: ${list(at.map((a) => hints_q(a)))}.`;
        return `The compose file is not where ${inputQ('compose-files')} says but exists elsewhere: set ${inputQ('compose-files')} to the path shown (relative to ${inputQ('working-directory')}).`;
    },
    'file-missing': (f) => {
        const file = hints_str(f.data.file);
        return `${file ? `${hints_q(file)} does not exist: ` : ''}fix the path in ${inputQ('compose-files')} (relative to ${inputQ('working-directory')}), or check that an earlier step created the file.`;
    },
    'no-compose-file': () => 'No compose file was found in `working-directory` or its `docker/`, `.docker/`, `deploy/`, `compose/` folders: set `compose-files`, or `working-directory` to the folder that holds it.',
    'config-invalid': (f) => {
        const loc = f.check.location;
        const where = loc ? ` at ${hints_q(`${loc.file}${loc.line ? `:${loc.line}` : ''}`)}` : '';
        return `\`compose config\` rejected the file${where}: fix the error shown (reproduce with \`docker compose config\`); variables it needs must be set in the job's env or an env file.`;
    },
    'compose-too-old': (f) => {
        const needed = hints_str(f.data.needed);
        const have = hints_str(f.data.compose);
        const loc = f.check.location;
        const where = loc ? ` (${hints_q(`${loc.file}:${loc.line ?? ''}`.replace(/:$/, ''))})` : '';
        const target = needed ? `compose ${hints_q(needed)} or later` : 'a newer compose';
        return `The compose file uses a key${where} that ${have ? `compose ${hints_q(have)}` : 'this compose'} does not know: run on a runner with ${target} (GitHub's hosted runners have the \`docker compose\` v2 plugin), install the compose plugin there, or remove the key.`;
    },
    'dockerfile-missing': (f) => {
        const missing = Array.isArray(f.data.missing) ? f.data.missing : [];
        const parts = missing.slice(0, 3).map((m) => {
            const what = hints_str(m.kind) === 'env_file' ? 'env file' : (hints_str(m.kind) ?? 'path');
            const svc = hints_str(m.service);
            const nearest = hints_str(m.nearest);
            return `${svc ? `${hints_q(svc)}: ` : ''}${what} ${hints_q(hints_str(m.path) ?? '?')} is missing${nearest ? `, nearest match ${hints_q(nearest)}` : ''}`;
        });
        const more = missing.length > 3 ? `; and ${missing.length - 3} more` : '';
        return `Fix the path in the compose file, or set ${inputQ('project-directory')} to the folder build paths are relative to${parts.length ? ` (${parts.join('; ')}${more})` : ''}.`;
    },
    'service-missing': (f) => {
        const query = hints_str(f.data.query);
        const input = hints_str(f.data.input) ?? 'backend-service';
        const candidates = strings(f.data.candidates);
        return `${query ? `No service matches ${hints_q(query)}: ` : ''}set ${hints_q(input)} (or ${inputQ('services')}) to a service in the stack${candidates.length
            ? `: ${list(candidates.map((c) => hints_q(c)), 8)}`
            : ''}.`;
    },
    'service-ambiguous': (f) => {
        const query = hints_str(f.data.query);
        const input = hints_str(f.data.input) ?? 'backend-service';
        const candidates = strings(f.data.candidates);
        return `${query
            ? `${hints_q(query)} matches several services${candidates.length
                ? ` (${list(candidates.map((c) => hints_q(c)), 8)})`
                : ''}: `
            : ''}name one of them exactly in ${hints_q(input)}.`;
    },
    'service-not-started': (f) => {
        const svc = hints_str(f.data.service);
        const input = hints_str(f.data.input) ?? 'backend-service';
        const why = hints_str(f.data.why);
        const named = svc ? hints_q(svc) : 'The service';
        const start = why?.startsWith('up-flags')
            ? `drop ${hints_q(why.replace(/^up-flags /, ''))} from ${inputQ('up-flags')}`
            : `start one with ${inputQ('up-flags')} ${hints_q(`--scale ${svc ?? '<service>'}=1`)}`;
        return `${named} starts no container${why ? ` (${hints_q(why)})` : ''}, so compose creates none for it: ${input === 'services' ? `remove it from ${inputQ('services')}` : `set ${hints_q(input)} to a service that starts`}, or ${start}.`;
    },
    'port-not-published': (f) => {
        const port = num(f.data.containerPort);
        const svc = serviceName(f, 'the backend service');
        const input = hints_str(f.data.input) ?? (/auth/.test(f.check.id) ? 'auth-port' : 'backend-port');
        return `Publish the container port: add \`ports: ["${port ?? 8000}"]\` to ${svc} in the compose file, or set ${hints_q(input)} to the port it listens on${port !== undefined ? ` (currently ${port})` : ''}.`;
    },
    'port-allocated': (f) => {
        const hostPort = num(f.data.port) ?? /(\d+)\s*$/.exec(hints_str(f.data.port) ?? '')?.[1];
        const svc = hints_str(f.data.service);
        const variable = hints_str(f.data.variable);
        const written = hints_str(f.data.written);
        const whose = `${svc ? ` asked for by ${hints_q(svc)}` : ''}${written ? ` (${hints_q(written)})` : ''}`;
        const fix = variable
            ? `set ${hints_q(variable)} to a free port in the step's env`
            : `publish a random host port (\`"${hostPort ?? 8000}"\` style, only the container port)`;
        return `The host port${hostPort !== undefined ? ` ${hostPort}` : ''}${whose} is taken by another container or process on this engine (another job's stack?): ${fix}, set ${inputQ('isolate')}: true (compose 2.24.4 or later: every fixed host port becomes a random one), or free the port.`;
    },
    'container-name-conflict': (f) => {
        const name = hints_str(f.data.containerName);
        const svc = hints_str(f.data.service);
        return `The fixed ${hints_q('container_name')}${name ? ` ${hints_q(name)}` : ''}${svc ? ` of ${hints_q(svc)}` : ''} is held by another container on this engine (another job's stack, or one left behind): set ${inputQ('isolate')}: true (compose 2.24.4 or later: fixed names are reset, and kept as network aliases), remove the fixed name from the compose file (compose names containers per project), or remove that container before this step.`;
    },
    'image-missing': (f) => {
        const img = hints_str(f.data.image);
        return `An image${img ? ` (${hints_q(img)})` : ''} could not be pulled: check its name and tag, log in to its registry before this step (docker/login-action), or set ${inputQ('build')}: true if it is built here; with ${inputQ('pull')}: never it must already be on the runner. A registry outage or a pull limit: ${inputQ('cache-images')}: true restores the images a run saved before.`;
    },
    'registry-rate-limit': (f) => {
        const img = hints_str(f.data.image);
        const tries = num(f.data.tries);
        return `The registry${img ? ` of ${hints_q(img)}` : ''} refused pulls with its rate limit (HTTP 429, \`toomanyrequests\`)${tries !== undefined ? ` through ${tries} tries` : ''}: log in to it before this step (\`docker login\`, or docker/login-action: Docker Hub counts an account's pulls, not the runner address's, and allows more), set ${inputQ('cache-images')}: true (the images a run saved come back from the Actions cache, without a pull), or pull through a registry mirror (\`registry-mirrors\` in the engine's \`daemon.json\`, or the images copied to a registry of your own).`;
    },
    'registry-unavailable': (f) => {
        const img = hints_str(f.data.image);
        const tries = num(f.data.tries);
        return `The registry${img ? ` of ${hints_q(img)}` : ''} kept failing (HTTP 5xx, timeouts or reset connections)${tries !== undefined ? ` through ${tries} tries` : ''}: an outage on its side (see its status page); re-run the job later. ${inputQ('cache-images')}: true restores the images a run saved before, even while the registry is down, and a registry mirror (\`registry-mirrors\` in the engine's \`daemon.json\`) spares the runner its bad hours.`;
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
        return `The stack was not healthy within ${timeoutNote(f, 'startup-timeout')}${waiting.length ? `, still waiting for ${list(waiting.map((w) => hints_q(w)))}` : ''}: read the failed services' logs; raise ${inputQ('startup-timeout')} if it is only slow.`;
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
        return `Nothing listens on the published port: check that ${hints_q(/auth/.test(f.check.id) ? 'auth-port' : 'backend-port')}${port !== undefined ? ` (currently ${port})` : ''} is the port the service listens on inside the container, on 0.0.0.0 rather than 127.0.0.1.`;
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

;// CONCATENATED MODULE: ./src/report/json.ts
/**
 * The JSON report: the same data as the summary, stable field names, durations in milliseconds.
 * Written under RUNNER_TEMP; its path is the `report` output. Every field is documented in
 * docs/report.md ("JSON report"); fields are added, never renamed or removed (bump `version` otherwise).
 * Optional facts are `null` rather than missing. Every string has URL credentials removed, like the
 * summary (the outputs' copy too: a staging URL's password is exported, never reported); a log line longer than 16,000 characters keeps its start and end.
 */






/** Characters kept of one log line in the JSON report (the summary keeps fewer). */
const JSON_LINE_CHARS = 16_000;
function redactOptional(s) {
    return s === undefined ? null : (0,outside/* redactSecrets */.fp)(s);
}
/** Every string inside, URL credentials removed (check data can hold an endpoint or a URL). */
function redactDeep(v) {
    if (typeof v === 'string')
        return (0,outside/* redactSecrets */.fp)(v);
    if (Array.isArray(v))
        return v.map(redactDeep);
    if (v !== null && typeof v === 'object')
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x)]));
    return v;
}
/** The report's copy of the outputs and variables: as exported, but a password in a URL is removed. */
function redactExports(xs) {
    return Object.fromEntries(Object.entries(xs).map(([name, x]) => [name, { value: (0,outside/* redactSecrets */.fp)(x.value), source: x.source }]));
}
function jsonCheck(c) {
    return {
        id: c.id,
        title: c.title,
        status: c.status,
        durationMs: Math.round(c.durationMs),
        startedMs: c.endedMs === undefined ? null : Math.max(0, Math.round(c.endedMs - c.durationMs)),
        detail: (0,outside/* redactSecrets */.fp)(c.detail),
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
        reason: (0,outside/* redactSecrets */.fp)(decision.reason),
        failed: decision.fail,
        checks: report.checks.map(jsonCheck),
        stagingProbes: report.stagingProbes.map((p) => ({
            name: p.name,
            url: (0,outside/* redactSecrets */.fp)(p.url),
            class: p.class,
            status: p.status ?? null,
            latencyMs: Math.round(p.latencyMs),
            attempts: p.attempts,
            detail: (0,outside/* redactSecrets */.fp)(p.detail),
        })),
        serviceFailures: report.serviceFailures.map((f) => ({
            service: f.service,
            state: (0,outside/* redactSecrets */.fp)(f.state),
            exitCode: f.exitCode ?? null,
            health: f.health ?? null,
            lastHealthcheckOutput: redactOptional(f.lastHealthcheckOutput),
            // A single enormous line would make an enormous file: cut each line, keeping start and end.
            logTail: f.logTail.map((l) => (l.length > JSON_LINE_CHARS ? (0,outside/* clean */.uH)(l, JSON_LINE_CHARS) : (0,outside/* redactSecrets */.fp)(l))),
        })),
        images: report.images.map((i) => ({
            image: (0,outside/* redactSecrets */.fp)(i.image),
            written: (0,outside/* redactSecrets */.fp)(i.written),
            services: i.services,
            via: i.via,
            state: i.state,
            sizeBytes: i.sizeBytes ?? null,
            durationMs: i.durationMs === undefined ? null : Math.round(i.durationMs),
            tries: i.tries ?? null,
            digest: i.digest ?? null,
            key: i.key ?? null,
            detail: (0,outside/* redactSecrets */.fp)(i.detail),
        })),
        services: report.services.map((x) => redactDeep(x)),
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
function escapeHtml(s) {
    return s.replace(/[&<>"|`\\*_~[\]]/g, (c) => INLINE_ENTITIES[c]).replace(/\n/g, '<br>');
}
/** Escape a log line for a <pre> block, where Markdown is not parsed: HTML only, one line. */
function escapePre(s) {
    return s.replace(/[&<>]/g, (c) => INLINE_ENTITIES[c]).replace(/\n/g, ' ↵ ');
}
/** Clean and escape outside text for an inline or cell context. */
function markdown_text(s, max) {
    return escapeHtml((0,outside/* clean */.uH)(s ?? '', max));
}
/** A code span for outside text. */
function code(s, max) {
    return `<code>${markdown_text(s, max)}</code>`;
}

;// CONCATENATED MODULE: ./src/report/timeline.ts
const ms = (iso) => (iso ? Date.parse(iso) : undefined);
/** A name as a gantt task may carry it: letters, digits and a few marks; anything else is `_`. */
function ganttText(s, max = 60) {
    const t = s
        .replace(/[^A-Za-z0-9 _.()/+-]/g, '_')
        .replace(/\s+/g, ' ')
        .trim();
    // Mermaid reads a task starting with a keyword as that keyword.
    const safe = /^(title|section|dateFormat|axisFormat|excludes|includes|todayMarker|tickInterval|weekday|click|vert)\b/i.test(t)
        ? `_${t}`
        : t;
    return (safe || '_').slice(0, max);
}
function outcome(s) {
    switch (s.state) {
        case 'ready':
            return `ready${s.readyBy ? ` (${s.readyBy})` : ''}`;
        case 'done':
            return 'done (exited 0)';
        case 'exited':
            return `exited ${s.exitCode ?? '?'}`;
        default:
            return s.state;
    }
}
const failed = (s) => s.state === 'exited' || s.state === 'restarting';
/**
 * The time axis's labels for a timeline `spanMs` long. Mermaid puts about ten ticks on it: a
 * start-up of a few seconds gets ticks a fraction of a second apart, which minutes and seconds
 * alone would label 09:30 09:30 09:31 09:31 …; an hour or more, ticks minutes apart.
 */
function axisFormat(spanMs) {
    if (spanMs < 10_000)
        return '%M:%S.%L';
    if (spanMs < 3_600_000)
        return '%M:%S';
    return '%H:%M';
}
/**
 * The gantt block's lines (empty when no service has a container); `decidedAt` ends the bars of
 * services still waiting. Bars in the order the services were created (a waterfall: which came
 * late, which died first), ties in the stories' order.
 */
function renderTimeline(stories, decidedAt) {
    const bars = [];
    const marks = [];
    let [first, last] = [decidedAt, decidedAt];
    const started = stories
        .map((s) => ({ s, start: ms(s.createdAt) ?? ms(s.startedAt) }))
        .filter((e) => e.start !== undefined)
        .sort((a, b) => a.start - b.start);
    for (const { s, start } of started) {
        first = Math.min(first, start);
        const end = Math.max(start + 1, ms(s.readyAt) ?? ms(s.exitedAt) ?? decidedAt);
        last = Math.max(last, end);
        const tag = failed(s) ? 'crit, ' : s.state === 'ready' || s.state === 'done' ? 'done, ' : 'active, ';
        bars.push(`    ${ganttText(s.name)} - ${ganttText(outcome(s), 40)} :${tag}${start}, ${end}`);
        const exit = ms(s.exitedAt);
        if (failed(s) && exit !== undefined)
            marks.push(`    ${ganttText(s.name)} exited :milestone, crit, ${exit}, 0ms`);
    }
    if (bars.length === 0)
        return [];
    return [
        '```mermaid',
        'gantt',
        '    dateFormat x',
        `    axisFormat ${axisFormat(last - first)}`,
        '    section Services',
        ...bars,
        ...(marks.length ? ['    section Exits', ...marks] : []),
        '    section Decision',
        `    decided :milestone, ${decidedAt}, 0ms`,
        '```',
    ];
}
/** "+1.2 s" after `origin` (a no-break space: a narrow column must not split it), or "—". */
function after(iso, origin) {
    const t = ms(iso);
    return t === undefined || origin === undefined ? '—' : `+${((t - origin) / 1000).toFixed(1)}\u00a0s`;
}
/** The services' table, times from the first creation; `cell` cleans outside text for a cell. */
function renderServicesTable(stories, cell) {
    const starts = stories.map((s) => ms(s.createdAt)).filter((t) => t !== undefined);
    const origin = starts.length ? Math.min(...starts) : undefined;
    const rows = stories.map((s) => `| ${cell(s.name)} | ${cell(outcome(s))} | ${after(s.createdAt, origin)} | ${after(s.startedAt, origin)} | ${after(s.readyAt ?? s.exitedAt, origin)} | ${s.restarts} | ${cell(s.health ?? '—')} | ${cell(s.why ?? '')} |`);
    return [
        '| Service | State | Created | Started | Ready or exited | Restarts | Health | Why |',
        '|---|---|--:|--:|--:|--:|---|---|',
        ...rows,
    ];
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
    const parts = (0,outside/* clean */.uH)(hint, max).split('`');
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
    return `${(0,format/* count */.U)(ms)}\u00a0ms${alongside ? '\u00a0∥' : ''}`;
}
function plural(n, one, many = `${one}s`) {
    return `${(0,format/* count */.U)(n)} ${n === 1 ? one : many}`;
}
const bytesOf = (s) => Buffer.byteLength(s, 'utf8');
function checkRow(c, level, alongside) {
    let detail = markdown_text(c.detail, level.cellChars);
    const others = notChosen(c);
    if (others.length && level.notChosen > 0) {
        const shown = others.slice(0, level.notChosen).map((n) => `${code(n.file, 300)} (${markdown_text(n.why, 300)})`);
        const more = others.length > level.notChosen ? `; and ${(0,format/* count */.U)(others.length - level.notChosen)} more` : '';
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
    return `| ${ICON[c.status] ?? ''} | ${markdown_text(c.title, 500)} | ${duration(c.durationMs, alongside)} | ${detail} |`;
}
function renderHead(decision, lim) {
    const h = headline(decision);
    const fails = decision.fail ? ' The step fails (<code>fail-on-unavailable</code>).' : '';
    return [`## ${h.icon} Mode: ${decision.mode} (${h.title})`, '', `**Why:** ${markdown_text(decision.reason, lim.cellChars)}${fails}`, ''];
}
function renderChecks(report, level) {
    const out = ['### Checks', '', '| | Check | Time | Detail |', '|---|---|--:|---|'];
    const alongside = report.checks.map((c) => (0,model/* overlapsAnother */.MR)(c, report.checks));
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
        out.push(`| ${p.class === 'ok' ? ICON.ok : ICON.failed} | ${markdown_text(p.name, 100)} | ${code(p.url, 1000)} | ${markdown_text(p.class, 100)} | ${p.status ?? '–'} | ${duration(Math.round(p.latencyMs))} | ${p.attempts} | ${markdown_text(p.detail, Math.min(level.cellChars, 1000))} |`);
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
    const hit = report.imageCache ? ` (cache-hit: ${report.imageCache.cacheHit}, platform ${markdown_text(report.imageCache.platform, 100)})` : '';
    const out = [
        `### Images${hit}`,
        '',
        '| | Image | Services | State | Tries | Size | Time | Detail |',
        '|---|---|---|---|--:|--:|--:|---|',
    ];
    for (const i of report.images) {
        const time = i.durationMs === undefined ? '–' : duration(Math.round(i.durationMs));
        out.push(`| ${IMAGE_ICON[i.state] ?? ''} | ${code(i.image, 500)} | ${markdown_text(i.services.join(', '), 500)} | ${markdown_text(i.state, 50)} | ${i.tries ?? '–'} | ${(0,format/* formatSize */.X)(i.sizeBytes)} | ${time} | ${markdown_text(i.detail, Math.min(level.cellChars, 1000))} |`);
    }
    out.push('');
    return out;
}
function serviceHead(f, level) {
    const head = [`#### ${markdown_text(f.service, 200)}: ${markdown_text(f.state, 500)}`, ''];
    if (f.health && !f.state.includes(f.health))
        head.push(`Health: ${markdown_text(f.health, 200)}`, '');
    if (f.lastHealthcheckOutput !== undefined) {
        if (level.healthcheckChars <= 0)
            head.push('_Last healthcheck output not shown (summary size limit)._', '');
        else if (f.lastHealthcheckOutput.trim() === '')
            head.push('Last healthcheck output: _(empty)_', '');
        else {
            const out = (0,outside/* clean */.uH)(f.lastHealthcheckOutput.trim(), level.healthcheckChars)
                .split('\n')
                .map((l) => escapePre(l));
            head.push('Last healthcheck output:', '', '<pre>', ...out, '</pre>', '');
        }
    }
    return head.join('\n');
}
function serviceLog(f, limits) {
    const lines = f.logTail.slice(-limits.logLines).map((l) => escapePre((0,outside/* clean */.uH)(l, limits.lineChars)));
    return { name: markdown_text(f.service, 200), lines, bytes: lines.map((l) => bytesOf(l) + 1), total: f.logTail.length };
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
        out.push(`| ${kind} | ${code(name, 200)} | ${value} | ${markdown_text(v.source, 100)} |`);
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
    return ['<details>', `<summary><b>${escapeHtml(title)}</b></summary>`, '', ...lines, '', '</details>', ''];
}
/** The timeline of the services (a gantt), and their table folded away. */
function renderStories(report, level) {
    if (report.services.length === 0)
        return [];
    const gantt = renderTimeline(report.services, report.waitEndedAt ?? Date.now());
    const table = renderServicesTable(report.services, (s) => markdown_text(s, Math.min(level.cellChars, 300)));
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
        ? `artifact ${upload.url ? `<a href="${escapeHtml((0,outside/* clean */.uH)(upload.url, 500))}">${markdown_text(upload.name, 200)}</a>` : `<code>${markdown_text(upload.name, 200)}</code>`} (${(0,format/* count */.U)(upload.size)} bytes, zipped)`
        : `not uploaded${upload ? ` (${markdown_text(upload.why, 300)})` : ''}; on the runner only`;
    const rows = files.map((f) => `| ${markdown_text(f.service, 200)} | <code>${markdown_text(f.file, 500)}</code> | ${(0,format/* count */.U)(f.bytes)}${f.complete ? '' : ' (cut)'} |`);
    const table = ['| Service | File | Bytes |', '|---|---|--:|', ...rows];
    return [
        `### ${escapeHtml(title)}`,
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
                out.push(`    last ${plural(tail.length, 'log line')}${dropped ? ` (${count(dropped)} earlier not shown)` : ''}:`);
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

// EXTERNAL MODULE: ./src/staging/probe.ts
var staging_probe = __webpack_require__(5491);
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
    early;
    staleMs;
    constructor(inputs, report, 
    /** The probe the first moves started, if they did. */
    early = undefined, staleMs = STAGING_STALE_MS) {
        this.inputs = inputs;
        this.report = report;
        this.early = early;
        this.staleMs = staleMs;
    }
    /** Start probing now, unless the first moves did; the answer is kept for `answer()`. */
    start() {
        if (!this.early && this.inputs.staging.backendUrl)
            this.early = (0,staging_probe/* startStagingProbe */.ME)(this.inputs);
    }
    /** Docker won: stop probing (nothing is left running) and wait for the probes to wind down. */
    async cancel() {
        this.early?.stop();
        await this.early?.answer;
    }
    /** The staging answer: the early one when still fresh, else a new probe. */
    async answer() {
        if (!this.inputs.staging.backendUrl) {
            this.report.add({ id: 'staging', title: 'Staging', status: 'skipped', detail: 'no staging-backend-url is set' });
            return { status: 'not-configured' };
        }
        return src_runner/* group */.Os('Staging: probe', async () => {
            let answer = this.early ? await this.early.answer : undefined;
            const age = answer ? performance.now() - answer.at : 0;
            if (answer && age > this.staleMs) {
                info(`The staging answer from ${Math.round(age / 1000)} s ago is stale: probing again.`);
                answer = undefined;
            }
            else if (answer) {
                info(`Staging was probed while Docker was tried (${Math.round(answer.probe.durationMs)} ms).`);
            }
            const { probe } = answer ?? (await (0,staging_probe/* startStagingProbe */.ME)(this.inputs).answer);
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

;// CONCATENATED MODULE: ./src/after-decision/start.ts
/**
 * The main step's side: once the stack is declared ready and handed on, start the watcher (a
 * process that outlives the step, src/detached.ts) with the stack's containers, and save it in
 * state for the post step. Best effort: a watcher that cannot start costs a line in the log, never the step.
 */




/** Far past a test job's length; GitHub's hosted runners end a job at 6 hours. */
const WATCH_MAX_MS = 6 * 60 * 60_000;
/** Start the watcher; undefined when there is no bundled script to run. Throws when it could not be started. */
function startWatcher(o) {
    const script = o.script ?? bundledScript('background', import.meta.url);
    if (!script)
        return undefined;
    const folder = external_node_fs_.mkdtempSync(external_node_path_.join(o.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'compose-or-staging-watch-'));
    const jobFile = external_node_path_.join(folder, 'job.json');
    const recordFile = external_node_path_.join(folder, 'events.jsonl');
    const logFile = external_node_path_.join(folder, 'watch.log');
    const job = {
        project: o.project,
        engineEnv: o.engineEnv,
        readyAt: o.readyAt,
        containers: o.containers,
        recordFile,
        maxMs: WATCH_MAX_MS,
    };
    external_node_fs_.writeFileSync(jobFile, JSON.stringify(job));
    external_node_fs_.writeFileSync(recordFile, '');
    const startedAt = Date.now();
    const pid = spawnDetached({ script, kind: 'watch', jobFile, logFile, env: o.env });
    return { pid, project: o.project, readyAt: o.readyAt, startedAt, jobFile, recordFile, logFile };
}

// EXTERNAL MODULE: ./src/images/library-output.ts
var library_output = __webpack_require__(84863);
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
const UPLOAD_MS = 30_000;
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
async function uploadLogFiles(files, root, env, suffix, ms = UPLOAD_MS) {
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
        const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(955), __webpack_require__.e(838), __webpack_require__.e(277), __webpack_require__.e(298)]).then(__webpack_require__.bind(__webpack_require__, 63298));
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

;// CONCATENATED MODULE: ./src/main.ts
/**
 * The main step: inputs → Docker path → (staging probe) → decision → outputs, env, summary.
 * The one place that fails the step.
 */




















/** Fail the step: one ::error with what to do next, and exit code 1. */
function failStep(message, title) {
    error(message, title ? { title } : undefined);
    process.exitCode = 1;
}
/** The contract's `docker-available`: a daemon answered (compose may still be missing). */
function daemonAnswered(r) {
    return r?.availability.serverVersion !== undefined;
}
function dockerResult(r) {
    if (!r)
        return { status: 'not-checked' };
    if (r.ok)
        return { status: 'healthy' };
    if (r.invalid)
        return { status: 'invalid', reason: r.reason };
    return { status: 'failed', available: daemonAnswered(r), reason: r.reason };
}
/**
 * The main step, after its first moves (src/first-moves.ts; made here when the caller did not,
 * as a test or GitHub's local runner does).
 */
async function run(first = (0,first_moves/* firstMoves */.$)(process.env)) {
    const report = new model/* Report */.pl();
    /** Whether the outputs of a decision are out: a failure after that keeps them. */
    let published = false;
    onCancel((signal) => {
        // The runner cancels with SIGINT, then SIGTERM: stop what runs (compose up, a build), keep
        // what is known, and leave the stack to the post step.
        const stopped = (0,src_exec/* killRunningChildren */.th)();
        saveCancelled();
        const message = `The step was cancelled (${signal}); ${stopped} running docker or compose command(s) were stopped, and the post step removes the stack.`;
        if (!published)
            reportEarlyEnd(report, { id: 'cancelled', title: 'Cancelled', detail: message, failure: 'internal' });
        warning(message, { title: 'Cancelled' });
    });
    try {
        const env = process.env;
        // Invalid inputs started nothing: parsed again here, they throw what is wrong.
        const inputs = first.inputs ?? (0,src_inputs/* parseInputs */.TL)(first.read, env.GITHUB_WORKSPACE || process.cwd());
        const prober = new StagingProber(inputs, report, first.staging);
        let docker;
        if (inputs.mode !== 'staging') {
            if (inputs.mode === 'auto')
                prober.start();
            docker = await runDockerPath(inputs, report, env, first.daemon);
        }
        else
            report.add({ id: 'docker', title: 'Docker', status: 'skipped', detail: 'not checked: mode is staging' });
        // The logs are uploaded while staging answers: a failed Docker path's files are written by now.
        const uploading = docker && wantsUpload(inputs.uploadLogs, !docker.ok)
            ? publishLogs(report, env, docker.plan?.projectName.split('-').pop() ?? randomSuffix())
            : Promise.resolve();
        const staging = await stagingAnswer(inputs, docker, prober);
        await uploading;
        const decision = decide(inputs.mode, dockerResult(docker), staging, inputs.failOnUnavailable);
        const file = reportPath(env);
        const exports = exportsOf(inputs, report, decision, docker, file);
        publishExports(exports);
        published = true;
        writeJsonReport(file, buildJsonReport(report, decision, exports));
        appendJobSummary(renderSummary(report, decision, exports));
        if (decision.mode === 'docker' && docker?.ok)
            watchAfterDecision(docker, env);
        annotateComposeProblems(report, decision.fail);
        info(`Mode: ${decision.mode}. ${decision.reason}`);
        if (decision.fail)
            failStep(`${decision.reason} Set up the failing part (see the job summary), or set fail-on-unavailable: false.`, 'No usable test environment');
        else if (decision.mode === 'none')
            warning(decision.reason, { title: 'No usable test environment' });
    }
    catch (err) {
        const invalid = err instanceof src_inputs/* InputError */.dz;
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
    finally {
        // @actions/core loads when first needed, off the path to the probes and `up`: what was said
        // meanwhile is said once it has loaded.
        await (0,src_runner/* loadRunner */.dh)();
    }
}
/** Staging's answer, or why it was not asked (the prober is cancelled when it is not needed). */
async function stagingAnswer(inputs, docker, prober) {
    if (inputs.mode === 'docker')
        return { status: 'not-probed', reason: 'mode is docker' };
    if (docker?.ok || docker?.invalid) {
        await prober.cancel();
        return { status: 'not-probed', reason: docker.ok ? 'the Docker stack is healthy' : 'the compose file is invalid' };
    }
    return prober.answer();
}
/** What later steps receive, from the decision and what the Docker path found. */
function exportsOf(inputs, report, decision, docker, file) {
    const rel = (p) => external_node_path_.relative(inputs.workspace, p) || '.';
    return planExports(inputs, {
        decision,
        dockerAvailable: daemonAnswered(docker),
        docker: docker?.ok ? docker.endpoints : undefined,
        composeFiles: docker?.plan?.files.map(rel) ?? inputs.composeFiles.map(rel),
        projectDirectory: docker?.plan ? rel(docker.plan.projectDirectory) : inputs.projectDirectory && rel(inputs.projectDirectory),
        projectName: docker?.plan?.projectName ?? (docker && !docker.ok ? docker.projectName : undefined) ?? inputs.projectName,
        reportPath: file,
        cacheHit: report.imageCache?.cacheHit,
        logsArtifact: report.logsUpload?.uploaded ? report.logsUpload.name : undefined,
    });
}
/**
 * The stack is handed to the job's next steps: a watcher of the action's own records what happens
 * to it until the post step, which reports it. Best effort: the step does not depend on it.
 */
function watchAfterDecision(docker, env) {
    try {
        const w = startWatcher({
            project: docker.plan.projectName,
            engineEnv: engineEnv(env),
            readyAt: docker.ready.at,
            containers: docker.ready.containers,
            env,
        });
        if (!w)
            return;
        saveWatcher(w);
        info(`The stack is watched until the post step (pid ${w.pid}, its events: ${w.recordFile}).`);
    }
    catch (err) {
        info(`What happens to the stack after this step is not watched: ${(0,model/* errorMessage */.gJ)(err)}`);
    }
}
/**
 * Call `handler` once on SIGINT or SIGTERM, then exit with code 1 (the handler must be
 * synchronous); at once, or, when @actions/core has not loaded yet, once it has and has said what
 * the handler said.
 */
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
            if ((0,src_runner/* runnerLoaded */.yP)())
                process.exit(1);
            else
                void (0,src_runner/* loadRunner */.dh)().finally(() => process.exit(1));
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
    const exports = planFailureExports(check.detail, file, (0,src_inputs/* inputsFrom */.WK)(process.env)('export-env').toLowerCase() !== 'false');
    for (const [what, work] of [
        ['outputs', () => publishExports(exports)],
        ['report', () => writeJsonReport(file, buildJsonReport(report, decision, exports))],
        ['summary', () => appendJobSummary(renderSummary(report, decision, exports))],
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
