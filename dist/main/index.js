import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 98760:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Sj: () => (/* binding */ formatTriple),
/* harmony export */   Ub: () => (/* binding */ parseComposeVersion),
/* harmony export */   jZ: () => (/* binding */ atLeast),
/* harmony export */   xY: () => (/* binding */ supports)
/* harmony export */ });
/* unused harmony export FEATURES */
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
function parseComposeVersion(output) {
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
function supports(v, feature) {
    return atLeast(v, FEATURES[feature]);
}


/***/ }),

/***/ 3965:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ii: () => (/* binding */ askDaemon),
/* harmony export */   Mo: () => (/* binding */ daemonAnswered),
/* harmony export */   O7: () => (/* binding */ withoutCredentialPaths),
/* harmony export */   QE: () => (/* binding */ guessCompose),
/* harmony export */   X5: () => (/* binding */ endpointOf),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   dN: () => (/* binding */ checkDocker),
/* harmony export */   tj: () => (/* binding */ platformOf),
/* harmony export */   vz: () => (/* binding */ publishHostFor)
/* harmony export */ });
/* unused harmony exports ASK_TIMEOUTS, showEndpoint, classifyDaemonError, describeCompose, versionThroughSocket, askCompose, judgeDocker */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _compose_version_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(98760);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(73190);
/* harmony import */ var _endpoint_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(27815);
/* harmony import */ var _engine_api_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(12633);
/* harmony import */ var _socket_result_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(70613);
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
    const first = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .exec */ .m0)(argv, { env, timeoutMs: t.firstMs, signal });
    if (!first.timedOut || signal?.aborted)
        return first;
    return (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .exec */ .m0)(argv, { env, timeoutMs: t.retryMs, signal });
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
        env.DOCKER_CONFIG ? node_path__WEBPACK_IMPORTED_MODULE_1__.join(env.DOCKER_CONFIG, 'cli-plugins') : node_path__WEBPACK_IMPORTED_MODULE_1__.join(home, '.docker', 'cli-plugins'),
        ...PLUGIN_DIRS,
    ];
    if (dirs.some((d) => node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync(node_path__WEBPACK_IMPORTED_MODULE_1__.join(d, 'docker-compose'))))
        return { kind: 'plugin', argv: ['docker', 'compose'] };
    if ((0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .findOnPath */ .aY)('docker-compose', env.PATH))
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
    const line = (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLines */ .w$)(text, 2);
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
    return { version: (0,_compose_version_js__WEBPACK_IMPORTED_MODULE_2__/* .parseComposeVersion */ .Ub)(r.stdout) };
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
    const fromFiles = env.DOCKER_HOST ? undefined : (0,_endpoint_js__WEBPACK_IMPORTED_MODULE_4__/* .contextHostFromFiles */ .h)(env);
    const socket = (0,_endpoint_js__WEBPACK_IMPORTED_MODULE_4__/* .engineSocket */ .I)(env);
    const [version, contextHost] = await Promise.all([
        socket ? versionThroughSocket(socket, t) : patiently(['docker', 'version', '--format', '{{json .}}'], env, t),
        env.DOCKER_HOST || fromFiles !== undefined
            ? Promise.resolve(fromFiles)
            : // Reads the local context store only (no daemon, no network): nothing to cut short.
                (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .exec */ .m0)(['docker', 'context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], { env }).then((r) => r.code === 0 ? r.stdout.trim() || undefined : undefined),
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
    let last = (0,_socket_result_js__WEBPACK_IMPORTED_MODULE_6__/* .socketResult */ .hK)(argv, started, { code: null, timedOut: true });
    for (const timeoutMs of [t.firstMs, t.retryMs]) {
        try {
            const a = await (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_5__/* .apiRequest */ .AT)(socket, 'GET', '/version', { timeoutMs });
            if (a.status !== 200)
                return (0,_socket_result_js__WEBPACK_IMPORTED_MODULE_6__/* .engineRefused */ .XZ)(argv, started, 1, a.body || `status ${a.status}`);
            return (0,_socket_result_js__WEBPACK_IMPORTED_MODULE_6__/* .socketResult */ .hK)(argv, started, { code: 0, stdout: JSON.stringify({ Client: null, Server: JSON.parse(a.body) }) });
        }
        catch (err) {
            last = (0,_socket_result_js__WEBPACK_IMPORTED_MODULE_6__/* .noAnswer */ .qE)(argv, started, socket, err);
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
    const legacy = plugin.code !== 0 && !plugin.timedOut && (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .findOnPath */ .aY)('docker-compose', env.PATH)
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
    let composeAnswer = (0,_endpoint_js__WEBPACK_IMPORTED_MODULE_4__/* .engineSocket */ .I)(env) ? undefined : ask();
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
    const judged = (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .findOnPath */ .aY)('docker', env.PATH) ? judgeDocker(await askAll(env, asked, t), env, t) : NO_CLI;
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
        return { ok: false, ...classifyDaemonError(withoutCredentialPaths(version.stderr || version.stdout, env)) };
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


/***/ }),

/***/ 27815:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ engineSocket),
/* harmony export */   h: () => (/* binding */ contextHostFromFiles)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _engine_api_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(12633);
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

/***/ 12633:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ apiRequest),
/* harmony export */   BF: () => (/* binding */ apiStream),
/* harmony export */   Kt: () => (/* binding */ apiLines),
/* harmony export */   Pd: () => (/* binding */ asUnreachable),
/* harmony export */   SX: () => (/* binding */ apiMessage),
/* harmony export */   W0: () => (/* binding */ filtersQuery),
/* harmony export */   g3: () => (/* binding */ LineSplitter),
/* harmony export */   xl: () => (/* binding */ unixSocketOf)
/* harmony export */ });
/* unused harmony export ApiUnreachable */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(46193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_1__);
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

/***/ 70613:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $o: () => (/* binding */ streamsOf),
/* harmony export */   XZ: () => (/* binding */ engineRefused),
/* harmony export */   hK: () => (/* binding */ socketResult),
/* harmony export */   qE: () => (/* binding */ noAnswer)
/* harmony export */ });
/* harmony import */ var _engine_api_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(12633);
/* harmony import */ var _stream_frames_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(49241);


/** An ExecResult for `argv`, begun at `started` (performance.now()). */
function socketResult(argv, started, r) {
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
function engineRefused(argv, started, code, body) {
    return socketResult(argv, started, { code, stderr: `Error response from daemon: ${(0,_engine_api_js__WEBPACK_IMPORTED_MODULE_0__/* .apiMessage */ .SX)(body)}` });
}
/** A multiplexed answer (exec, logs): its two streams as the CLI prints them. */
function streamsOf(argv, started, code, bytes) {
    return socketResult(argv, started, { code, ...(0,_stream_frames_js__WEBPACK_IMPORTED_MODULE_1__/* .demux */ .u)(bytes) });
}
/** No answer on `socket`: timed out, aborted, or the CLI's words for a socket it cannot use. */
function noAnswer(argv, started, socket, err) {
    const e = (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_0__/* .asUnreachable */ .Pd)(err);
    if (e.code === 'ETIMEDOUT')
        return socketResult(argv, started, { code: null, timedOut: true });
    if (e.code === 'ABORTED')
        return socketResult(argv, started, { code: null, aborted: true });
    const stderr = e.code === 'EACCES'
        ? `permission denied while trying to connect to the Docker daemon socket at unix://${socket}: ${e.message}`
        : `Cannot connect to the Docker daemon at unix://${socket}. Is the docker daemon running? (${e.code})`;
    return socketResult(argv, started, { code: 1, stderr });
}


/***/ }),

/***/ 49241:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ FrameReader),
/* harmony export */   u: () => (/* binding */ demux)
/* harmony export */ });
/**
 * The engine's multiplexed stream (exec and logs of a container without a TTY): frames of an
 * 8-byte header (the stream: 1 stdout, 2 stderr; three zero bytes; the payload's length, big
 * endian) and the payload. A container with a TTY sends its output raw, with no frames: told apart
 * by the first header, as the engine's own clients do when they do not know. Pure.
 */
class FrameReader {
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
function demux(bytes) {
    const out = { stdout: [], stderr: [] };
    new FrameReader((b, stream) => out[stream].push(b)).push(bytes);
    return { stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
}


/***/ }),

/***/ 19719:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _first_moves_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(28838);
// The main step's entry: its first moves before anything else is loaded (src/first-moves.ts),
// then the rest, loaded while staging and the daemon answer.

const first = (0,_first_moves_js__WEBPACK_IMPORTED_MODULE_0__/* .firstMoves */ .$)(process.env);
const [{ run }, { inFlight }] = await Promise.all([Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(32)]).then(__nccwpck_require__.bind(__nccwpck_require__, 54032)), __nccwpck_require__.e(/* import() */ 188).then(__nccwpck_require__.bind(__nccwpck_require__, 58188))]);
await run(first);
// A cache call still runs (a lookup left behind past its bound, retrying with the library's ~32 s
// backoff; a restore's process, which exiting kills): the step has said all it has to say, and ends without it.
if (inFlight() > 0)
    process.exit();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 73190:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   aY: () => (/* binding */ findOnPath),
/* harmony export */   gf: () => (/* binding */ childEnv),
/* harmony export */   m0: () => (/* binding */ exec),
/* harmony export */   th: () => (/* binding */ killRunningChildren),
/* harmony export */   w$: () => (/* binding */ lastLines)
/* harmony export */ });
/* unused harmony exports ExecError, execOrThrow */
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

/***/ 28838:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ firstMoves)
/* harmony export */ });
/* harmony import */ var _docker_availability_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3965);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73190);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(54537);
/* harmony import */ var _probe_credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(73604);
/* harmony import */ var _staging_probe_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(5491);
/**
 * The first moves of the main step, made before anything else is loaded: the secrets registered,
 * the inputs read, the staging probe started (modes auto and staging) and the daemon asked for its
 * version (modes auto and docker). The main entry imports this module alone, makes these moves,
 * and only then loads the rest (@actions/core, the compose planner and its YAML parser, the report,
 * the cache client), which takes longer than the probe's connection: the loading overlaps the wait
 * for staging's and the daemon's answers instead of coming before it.
 *
 * Keep this module's imports small: everything it imports is loaded before the first probe.
 */





function firstMoves(env) {
    const read = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .inputsFrom */ .WK)(env);
    (0,_probe_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .registerInputSecrets */ .hA)(read);
    let inputs;
    try {
        inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .parseInputs */ .TL)(read, env.GITHUB_WORKSPACE || process.cwd());
    }
    catch {
        // The main step parses them again and reports what is wrong.
        return { read, inputs: undefined, staging: undefined, daemon: undefined };
    }
    const staging = inputs.mode !== 'docker' && inputs.staging.backendUrl ? (0,_staging_probe_js__WEBPACK_IMPORTED_MODULE_4__/* .startStagingProbe */ .ME)(inputs) : undefined;
    // Asked on the next turn: spawning takes the thread for 10-20 ms, and the probes' connections go out first.
    const daemon = inputs.mode !== 'staging' && (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .findOnPath */ .aY)('docker', env.PATH)
        ? new Promise((resolve) => setImmediate(() => resolve((0,_docker_availability_js__WEBPACK_IMPORTED_MODULE_0__/* .askDaemon */ .Ii)(env))))
        : undefined;
    return { read, inputs, staging, daemon };
}


/***/ }),

/***/ 54537:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  dz: () => (/* binding */ InputError),
  WK: () => (/* binding */ inputsFrom),
  TL: () => (/* binding */ parseInputs)
});

// UNUSED EXPORTS: DEFAULT_AUTH_PORT, DEFAULT_AUTH_SERVICE, DEFAULT_BACKEND_PORT, DEFAULT_BACKEND_SERVICE, MIN_TIMEOUT_S, deriveWebsocketUrl, parseBoolean, parseHost, parseList, parsePort, parseSeconds, redactUrl, resolveInsideWorkspace, shellWords, show

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
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
function defaultOf(name) {
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
const DEFAULT_AUTH_SERVICE = defaultOf('auth-service');
const DEFAULT_BACKEND_SERVICE = defaultOf('backend-service');
const DEFAULT_BACKEND_PORT = Number(defaultOf('backend-port'));
const DEFAULT_AUTH_PORT = Number(defaultOf('auth-port'));
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
    const resolved = external_node_path_.resolve(base, raw);
    const escapes = (p, root) => {
        const rel = external_node_path_.relative(root, p);
        return rel === '..' || rel.startsWith(`..${external_node_path_.sep}`) || external_node_path_.isAbsolute(rel);
    };
    if (escapes(resolved, workspace)) {
        throw new InputError(input, `Input '${input}' must stay inside the workspace (${workspace}); got ${show(raw)}, which resolves to ${resolved}.`);
    }
    let real;
    try {
        real = external_node_fs_.realpathSync(resolved);
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
    const ws = external_node_path_.resolve(workspace);
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


/***/ }),

/***/ 73604:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   JD: () => (/* binding */ splitCredentials),
/* harmony export */   hA: () => (/* binding */ registerInputSecrets)
/* harmony export */ });
/* unused harmony exports safeDecode, credentialSecrets */
/* harmony import */ var node_querystring__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(41792);
/* harmony import */ var node_querystring__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_querystring__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _report_outside_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(52341);
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
/**
 * Every secret, registered before anything can be logged: the token, and a staging URL's password
 * with the Basic credentials made of it. Masked by the runner, and removed from outside text (a
 * staging that echoes them back) before it reaches the log, the summary, the report or an output.
 */
function registerInputSecrets(read) {
    (0,_report_outside_js__WEBPACK_IMPORTED_MODULE_1__/* .registerSecret */ .cl)(read('staging-token'));
    for (const name of ['staging-backend-url', 'staging-websocket-url', 'staging-auth-url']) {
        for (const secret of credentialSecrets(read(name)))
            (0,_report_outside_js__WEBPACK_IMPORTED_MODULE_1__/* .registerSecret */ .cl)(secret);
    }
}


/***/ }),

/***/ 57376:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  LV: () => (/* binding */ makeAgents),
  xc: () => (/* binding */ probeHttp),
  Gw: () => (/* binding */ probeWebSocket)
});

// UNUSED EXPORTS: acceptFor, classifyError, onwardHeaders, redirectTarget, splitCredentials

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(37067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __nccwpck_require__(44708);
;// CONCATENATED MODULE: ./src/probe/classify.ts
const TLS_CODES = {
    CERT_HAS_EXPIRED: 'certificate expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
    SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the certificate (unknown issuer)',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to verify the certificate (unknown issuer)',
    ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is for another host name',
    CERT_NOT_YET_VALID: 'certificate not yet valid',
    ERR_SSL_WRONG_VERSION_NUMBER: 'not a TLS server (wrong version number)',
    EPROTO: 'TLS protocol error',
};
function errorCode(err) {
    let e = err;
    for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
        const code = e.code;
        if (typeof code === 'string' && code !== 'ERR_STREAM_PREMATURE_CLOSE' && code !== 'FETCH_ERROR' && code !== 'system')
            return code;
        const errno = e.errno;
        if (typeof errno === 'string')
            return errno;
        e = e.cause;
    }
    return undefined;
}
/** Classify a network error. Pure. */
function classifyError(err, timedOut) {
    if (timedOut)
        return { class: 'timeout', detail: 'no answer before the deadline' };
    const code = errorCode(err) ?? '';
    const message = err instanceof Error ? err.message : String(err);
    if (code in TLS_CODES)
        return { class: 'tls', detail: `TLS error: ${TLS_CODES[code]} (${code})` };
    if (/^ERR_TLS|^ERR_SSL|CERT/.test(code))
        return { class: 'tls', detail: `TLS error: ${code}` };
    if (code === 'ECONNREFUSED')
        return { class: 'refused', detail: 'connection refused' };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
        return { class: 'dns', detail: `DNS lookup failed (${code})` };
    if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|other side closed|premature close/i.test(message))
        return { class: 'reset', detail: 'connection reset by the server' };
    if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || /aborted/i.test(message))
        return { class: 'timeout', detail: 'no answer before the deadline' };
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
        return { class: 'refused', detail: `host unreachable (${code})` };
    return { class: 'error', detail: `${code ? `${code}: ` : ''}${message.split('\n')[0]}` };
}

// EXTERNAL MODULE: ./src/probe/credentials.ts
var credentials = __nccwpck_require__(73604);
// EXTERNAL MODULE: ./src/report/outside.ts
var outside = __nccwpck_require__(52341);
;// CONCATENATED MODULE: ./src/probe/probe.ts
/**
 * The one HTTP/WebSocket probe module, for the Docker wait and the staging probe alike. Every
 * probe ends in one named class with its detail; nothing here retries (callers decide).
 *
 * On Node's own http and https, both over the same agents, so custom CAs (NODE_EXTRA_CA_CERTS)
 * behave the same for both. A probe is one GET, or one WebSocket handshake (RFC 6455, section 4)
 * closed as soon as it succeeds: no client library is needed for either, and none is loaded
 * before the first probe can start (a fetch or WebSocket library costs 100-200 ms to load).
 */







/** Agents for one run: no keep-alive (a probe is one request), the process's CAs (NODE_EXTRA_CA_CERTS). */
function makeAgents() {
    return { http: new external_node_http_.Agent({ keepAlive: false }), https: new external_node_https_.Agent({ keepAlive: false }) };
}
function timer(options) {
    const controller = new AbortController();
    let timedOut = false;
    const t = setTimeout(() => {
        timedOut = true;
        controller.abort();
    }, Math.max(1, options.timeoutMs));
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // An 'abort' listener never fires for a signal that is already aborted: abort now.
    if (options.signal?.aborted)
        controller.abort();
    return {
        signal: controller.signal,
        timedOut: () => timedOut || options.signal?.aborted === true,
        clear: () => {
            clearTimeout(t);
            options.signal?.removeEventListener('abort', onAbort);
        },
    };
}
/** Bytes of a health response read before it is dropped: the status decides, the body never matters. */
const HEALTH_BODY_BYTES = 64 * 1024;
/**
 * Read at most `max` bytes of a response body, then drop it: a short body lets the connection
 * close cleanly; a body that never ends (a stream on the health path) or a huge one is cut off
 * instead of holding the probe until its timeout, or memory.
 */
async function discardBody(body, max = HEALTH_BODY_BYTES) {
    let seen = 0;
    try {
        // Leaving the loop early destroys the stream, and with it the connection.
        for await (const chunk of body)
            if ((seen += chunk.length) >= max)
                break;
    }
    catch {
        // a body cut off by the server or by the timeout: the status is already known
    }
}
/** Redirects a probe follows before it calls it a failure. */
const MAX_REDIRECTS = 5;
const REDIRECTS = [301, 302, 303, 307, 308];
/** The result maker of one probe: its kind, its URL (credentials removed) and its latency so far. */
function resultOf(kind, url, started) {
    return (c, status, detail) => ({
        kind,
        url,
        class: c,
        status,
        detail,
        latencyMs: Math.round(performance.now() - started),
    });
}
/**
 * The headers a redirect carries on: all of them to the same origin, or to the same host moving
 * to TLS (http → https, ws → wss: the usual setup); without credentials (Authorization, cookies)
 * anywhere else.
 */
function onwardHeaders(from, to, headers) {
    const secure = (p) => p === 'https:' || p === 'wss:';
    const upgrade = to.hostname === from.hostname && secure(to.protocol) && !secure(from.protocol);
    if (to.origin === from.origin || upgrade)
        return headers;
    return Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())));
}
/** The headers of a first request: ours, the URL's own credentials as Basic (unless one is given), the caller's. */
function firstHeaders(basic, given) {
    const explicitAuth = Object.keys(given ?? {}).some((h) => h.toLowerCase() === 'authorization');
    return { 'user-agent': 'compose-or-staging', ...(basic && !explicitAuth ? { authorization: basic } : {}), ...given };
}
/** One GET, answered with the response (its body not read). */
function get(target, headers, agents, signal) {
    return new Promise((resolve, reject) => {
        const secure = target.protocol === 'https:';
        if (!secure && target.protocol !== 'http:')
            return reject(new Error(`Only http and https URLs can be probed, not ${target.protocol}`));
        const req = (secure ? external_node_https_ : external_node_http_).get(target, { headers, agent: secure ? agents.https : agents.http, signal }, resolve);
        req.on('error', reject);
    });
}
/** GET `url`; 2xx is ok, anything else is classified. Redirects are followed here, at most 5. */
async function probeHttp(rawUrl, options) {
    const started = performance.now();
    const t = timer(options);
    const agents = options.agents ?? makeAgents();
    const { url, basic } = (0,credentials/* splitCredentials */.JD)(rawUrl);
    const result = resultOf('http', url, started);
    try {
        let target = new URL(url);
        let headers = firstHeaders(basic, options.headers);
        let res = await get(target, headers, agents, t.signal);
        for (let hops = 0; REDIRECTS.includes(res.statusCode ?? 0) && res.headers.location; hops++) {
            await discardBody(res);
            let next;
            try {
                next = new URL(res.headers.location, target);
            }
            catch {
                break; // no URL to go to: the redirect itself is the answer
            }
            if (next.protocol !== 'http:' && next.protocol !== 'https:')
                break;
            if (hops >= MAX_REDIRECTS)
                return result('http-status', res.statusCode, `HTTP ${res.statusCode} (too many redirects: ${hops + 1})`);
            headers = onwardHeaders(target, next, headers);
            target = next;
            res = await get(target, headers, agents, t.signal);
        }
        await discardBody(res);
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300)
            return result('ok', status, `HTTP ${status}`);
        // The status text is the server's own words: outside text, made safe here, where it enters.
        return result('http-status', status, `HTTP ${status}${res.statusMessage ? ` ${(0,outside/* outsideLine */.U2)(res.statusMessage, 200)}` : ''}`);
    }
    catch (err) {
        const c = classifyError(err, t.timedOut());
        return result(c.class, undefined, c.detail);
    }
    finally {
        t.clear();
    }
}
/**
 * Where a WebSocket redirect leads: `location` against `from`, an http(s) URL taken as ws(s);
 * undefined when it is no URL a WebSocket can go to.
 */
function redirectTarget(from, location) {
    let u;
    try {
        u = new URL(location, from);
    }
    catch {
        return undefined;
    }
    if (u.protocol === 'http:')
        u.protocol = 'ws:';
    else if (u.protocol === 'https:')
        u.protocol = 'wss:';
    return u.protocol === 'ws:' || u.protocol === 'wss:' ? u : undefined;
}
/** The accept value a server must answer a handshake's key with (RFC 6455, 4.2.2). */
function acceptFor(key) {
    return (0,external_node_crypto_.createHash)('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}
/** Ask `target` (ws: or wss:) to upgrade; the socket is closed at once either way. */
function handshake(target, headers, agents, signal) {
    return new Promise((resolve) => {
        const secure = target.protocol === 'wss:';
        if (!secure && target.protocol !== 'ws:')
            return resolve({ kind: 'error', err: new Error(`Not a WebSocket URL: ${target.protocol}`) });
        const asHttp = new URL(target);
        asHttp.protocol = secure ? 'https:' : 'http:';
        const key = (0,external_node_crypto_.randomBytes)(16).toString('base64');
        const upgrade = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': key };
        try {
            const req = (secure ? external_node_https_ : external_node_http_).request(asHttp, {
                headers: { ...headers, ...upgrade },
                agent: secure ? agents.https : agents.http,
                signal,
            });
            req.on('upgrade', (res, socket) => {
                socket.destroy();
                resolve({ kind: 'upgraded', accepted: res.statusCode === 101 && res.headers['sec-websocket-accept'] === acceptFor(key) });
            });
            req.on('response', (res) => {
                res.resume();
                const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
                resolve({ kind: 'answered', status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', location });
            });
            req.on('error', (err) => resolve({ kind: 'error', err }));
            req.end();
        }
        catch (err) {
            // e.g. a header value http refuses: classified, never thrown
            resolve({ kind: 'error', err });
        }
    });
}
/**
 * Open a WebSocket to `url` and close it again at once; ok when the handshake (101, with the
 * right accept value) succeeds. Redirects are followed, at most 5, each hop with the agent of its
 * own scheme, and the Authorization header does not go on to another origin.
 */
async function probeWebSocket(rawUrl, options) {
    const started = performance.now();
    const t = timer(options);
    const agents = options.agents ?? makeAgents();
    const { url, basic } = (0,credentials/* splitCredentials */.JD)(rawUrl);
    const result = resultOf('websocket', url, started);
    try {
        let target = new URL(url);
        let headers = firstHeaders(basic, options.headers);
        for (let hops = 0;; hops++) {
            const h = await handshake(target, headers, agents, t.signal);
            if (h.kind === 'upgraded')
                return h.accepted
                    ? result('ok', 101, 'WebSocket handshake succeeded (101)')
                    : result('error', 101, 'WebSocket handshake answered with a wrong Sec-WebSocket-Accept');
            if (h.kind === 'error') {
                const c = classifyError(h.err, t.timedOut());
                return result(c.class, undefined, c.detail);
            }
            const rejected = (why = '') => result('ws-rejected', h.status, `WebSocket upgrade rejected with HTTP ${h.status}${h.statusText ? ` ${(0,outside/* outsideLine */.U2)(h.statusText, 200)}` : ''}${why}`);
            if (!REDIRECTS.includes(h.status) || h.location === undefined)
                return rejected();
            if (hops >= MAX_REDIRECTS)
                return rejected(` (too many redirects: ${hops + 1})`);
            const next = redirectTarget(target.toString(), h.location);
            if (!next)
                return rejected(` (a redirect to ${(0,credentials/* splitCredentials */.JD)(h.location).url}, which is no WebSocket URL)`);
            headers = onwardHeaders(target, next, headers);
            target = next;
        }
    }
    catch (err) {
        const c = classifyError(err, t.timedOut());
        return result(c.class, undefined, c.detail);
    }
    finally {
        t.clear();
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

/***/ 52341:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   F3: () => (/* binding */ outsideText),
/* harmony export */   U2: () => (/* binding */ outsideLine),
/* harmony export */   WS: () => (/* binding */ redactLogLine),
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   fp: () => (/* binding */ redactSecrets),
/* harmony export */   g3: () => (/* binding */ LineSplitter),
/* harmony export */   uH: () => (/* binding */ clean)
/* harmony export */ });
/* unused harmony exports clearSecrets, MAX_LINE, stripControl */
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
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   bt: () => (/* binding */ writingOwn),
/* harmony export */   dN: () => (/* binding */ exportVariable),
/* harmony export */   dh: () => (/* binding */ loadRunner),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   uH: () => (/* binding */ setOutput),
/* harmony export */   yP: () => (/* binding */ runnerLoaded),
/* harmony export */   z3: () => (/* binding */ error)
/* harmony export */ });
/* unused harmony export getState */
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

/***/ 46972:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/** Wait `ms` milliseconds (none when `ms` is not positive): the one sleep of the action's polling loops. */
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}


/***/ }),

/***/ 5491:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ME: () => (/* binding */ startStagingProbe)
/* harmony export */ });
/* unused harmony exports retryable, probeStaging */
/* harmony import */ var _probe_probe_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(57376);
/* harmony import */ var _sleep_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(46972);


/** Whether a probe result could change on a retry. Pure. */
function retryable(r) {
    if (r.class === 'refused' || r.class === 'reset')
        return true;
    return (r.class === 'http-status' || r.class === 'ws-rejected') && r.status !== undefined && [502, 503, 504].includes(r.status);
}
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
        await (0,_sleep_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .y)(backoff);
        if (signal?.aborted)
            return { result, attempts };
        backoff = Math.min(backoff * 2, 1000);
    }
}
async function probeStaging(staging, healthPath, authHealthPath, given, signal) {
    const started = performance.now();
    const agents = given ?? (0,_probe_probe_js__WEBPACK_IMPORTED_MODULE_0__/* .makeAgents */ .LV)();
    const deadline = started + staging.timeoutMs;
    const headers = staging.token ? { authorization: `Bearer ${staging.token}` } : {};
    const base = staging.backendUrl;
    const jobs = [
        withRetries((t) => (0,_probe_probe_js__WEBPACK_IMPORTED_MODULE_0__/* .probeHttp */ .xc)(`${base}${healthPath}`, { timeoutMs: t, headers, agents, signal }), deadline, signal).then((r) => ({
            name: 'backend-health',
            ...r,
        })),
    ];
    const wsUrl = staging.websocketUrl;
    if (wsUrl !== undefined) {
        jobs.push(withRetries((t) => (0,_probe_probe_js__WEBPACK_IMPORTED_MODULE_0__/* .probeWebSocket */ .Gw)(wsUrl, { timeoutMs: t, headers, agents, signal }), deadline, signal).then((r) => ({
            name: 'websocket',
            ...r,
        })));
    }
    if (staging.authUrl) {
        jobs.push(withRetries((t) => (0,_probe_probe_js__WEBPACK_IMPORTED_MODULE_0__/* .probeHttp */ .xc)(`${staging.authUrl}${authHealthPath}`, { timeoutMs: t, headers, agents, signal }), deadline, signal).then((r) => ({
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
/** Start probing staging as the inputs say. */
function startStagingProbe(inputs) {
    const controller = new AbortController();
    const answer = probeStaging(inputs.staging, inputs.healthPath, inputs.authHealthPath, undefined, controller.signal).then((probe) => ({
        probe,
        at: performance.now(),
    }));
    return { answer, stop: () => controller.abort() };
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

/***/ 46466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 58500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

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

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

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
/******/ var __webpack_exports__ = __nccwpck_require__(19719);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
