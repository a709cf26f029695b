export const id = 126;
export const ids = [126];
export const modules = {

/***/ 7126:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runWatchJob: () => (/* binding */ runWatchJob)
});

// UNUSED EXPORTS: readWatchJob, recordOf, watch

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(4813);
// EXTERNAL MODULE: ./src/docker/engine-api.ts
var engine_api = __webpack_require__(2633);
// EXTERNAL MODULE: ./src/docker/endpoint.ts
var endpoint = __webpack_require__(7815);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(3190);
// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __webpack_require__(2341);
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
        const socket = (0,endpoint/* engineSocket */.I)(env);
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
        this.stream = (0,exec/* exec */.m0)(argv, {
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
        runner/* debug */.Yz(`engine event: ${(0,outside/* outsideLine */.U2)(action)}`);
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

;// CONCATENATED MODULE: ./src/after-decision/work.ts
/**
 * The watcher itself (a process of its own, `dist/background/index.js watch <job>`): follows the stack's container
 * events from the moment the stack was declared ready, and writes each that matters as one JSON
 * line, at once (a record written is a record the post step reads, however the watcher ends).
 * It ends when the post step signals it, when every container it knew is removed, or at its bound;
 * a stream the engine ends is followed again from the last event (a few times in a row at most).
 */


/** The events worth a record: deaths, starts, health changes, and what asked a container to end. */
const KEPT = /^(die|start|restart|oom|kill|stop|destroy|health_status: (healthy|unhealthy))$/;
/** How many times in a row a stream that ended without an event is followed again. */
const RETRIES = 5;
function readWatchJob(file) {
    const job = JSON.parse(external_node_fs_.readFileSync(file, 'utf8'));
    if (typeof job.project !== 'string' || typeof job.recordFile !== 'string' || typeof job.readyAt !== 'number')
        throw new Error(`${file} is not a watch job`);
    return job;
}
/** The record of one event; undefined for one that says nothing the post step reports. */
function recordOf(e, job) {
    if (!KEPT.test(e.action) || e.at === undefined)
        return undefined;
    const service = e.service ?? job.containers[e.id] ?? e.id.slice(0, 12);
    return { at: e.at, id: e.id, service, action: e.action, ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) };
}
/** Sleep `ms`, or less when `stop` aborts. */
function pause(ms, stop) {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            stop.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        stop.addEventListener('abort', done, { once: true });
    });
}
/** Follow until told to stop (`stop` aborted), every known container is removed, or the bound. */
async function watch(job, env, stop) {
    const write = (r) => external_node_fs_.appendFileSync(job.recordFile, `${JSON.stringify(r)}\n`);
    const deadline = Date.now() + job.maxMs;
    const removed = new Set();
    const known = Object.keys(job.containers);
    // Followed again from the last event's time: the ones at that very time are not written twice.
    let since = job.readyAt;
    let atSince = new Set();
    for (let quiet = 0;;) {
        if (stop.aborted)
            return 'ended by the post step';
        if (known.length > 0 && known.every((id) => removed.has(id)))
            return 'every container of the stack was removed';
        if (Date.now() >= deadline)
            return `its bound of ${Math.round(job.maxMs / 60_000)} min passed`;
        if (quiet >= RETRIES)
            return `the engine's event stream ended ${RETRIES} times in a row without an event`;
        let got = false;
        const events = new ProjectEvents().onEvent((e) => {
            const r = recordOf(e, job);
            if (!r)
                return;
            const key = `${r.at}\t${r.id}\t${r.action}`;
            if (r.at === since && atSince.has(key))
                return;
            if (r.at !== since)
                atSince = new Set();
            since = r.at;
            atSince.add(key);
            got = true;
            write(r);
            if (r.action === 'destroy')
                removed.add(r.id);
            if (known.length > 0 && known.every((id) => removed.has(id)))
                void events.close();
        });
        const onStop = () => void events.close();
        stop.addEventListener('abort', onStop, { once: true });
        await events.follow(job.project, env, Math.max(0, deadline - Date.now()), { sinceMs: since }).ended();
        stop.removeEventListener('abort', onStop);
        quiet = got ? 0 : quiet + 1;
        if (!stop.aborted && quiet > 0)
            await pause(1000 * quiet, stop);
    }
}
/** The watcher's entry: its job, the watch until SIGTERM or SIGINT, a last record saying why it ended. */
async function runWatchJob(jobFile) {
    const job = readWatchJob(jobFile);
    const stop = new AbortController();
    for (const s of ['SIGTERM', 'SIGINT'])
        process.once(s, () => stop.abort());
    const why = await watch(job, { ...process.env, ...job.engineEnv }, stop.signal);
    const last = { at: Date.now(), id: '', service: '', action: 'watch-ended', why };
    external_node_fs_.appendFileSync(job.recordFile, `${JSON.stringify(last)}\n`);
}


/***/ })

};
