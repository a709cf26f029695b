export const id = 396;
export const ids = [396];
export const modules = {

/***/ 5396:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   classifyError: () => (/* binding */ classifyError),
/* harmony export */   makeAgents: () => (/* binding */ makeAgents),
/* harmony export */   onwardHeaders: () => (/* binding */ onwardHeaders),
/* harmony export */   probeHttp: () => (/* binding */ probeHttp),
/* harmony export */   probeWebSocket: () => (/* binding */ probeWebSocket),
/* harmony export */   redirectTarget: () => (/* binding */ redirectTarget),
/* harmony export */   splitCredentials: () => (/* reexport safe */ _credentials_js__WEBPACK_IMPORTED_MODULE_3__.JD)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fetch__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(816);
/* harmony import */ var ws__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2977);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3604);
/* harmony import */ var _report_outside_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2341);
/**
 * The one HTTP/WebSocket probe module, for the Docker wait and the staging probe alike. Every
 * probe ends in one named class with its detail; nothing here retries (callers decide).
 * HTTP goes through node-fetch and WebSocket through ws, both over the same agent, so custom CAs
 * (NODE_EXTRA_CA_CERTS) and proxies behave the same for both.
 */







/** Agents for one run: no keep-alive (a probe is one request), the process's CAs (NODE_EXTRA_CA_CERTS). */
function makeAgents() {
    return { http: new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent({ keepAlive: false }), https: new node_https__WEBPACK_IMPORTED_MODULE_1__.Agent({ keepAlive: false }) };
}
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
    if (!body)
        return;
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
/** GET `url`; 2xx is ok, anything else is classified. Redirects are followed here, at most 5. */
async function probeHttp(rawUrl, options) {
    const started = performance.now();
    const t = timer(options);
    const agents = options.agents ?? makeAgents();
    const { url, basic } = (0,_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .splitCredentials */ .JD)(rawUrl);
    const explicitAuth = Object.keys(options.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
    const result = (c, status, detail) => ({
        kind: 'http',
        url,
        class: c,
        status,
        detail,
        latencyMs: Math.round(performance.now() - started),
    });
    try {
        let target = new URL(url);
        let headers = {
            'user-agent': 'compose-or-staging',
            ...(basic && !explicitAuth ? { authorization: basic } : {}),
            ...options.headers,
        };
        const get = (u, h) => (0,node_fetch__WEBPACK_IMPORTED_MODULE_5__/* ["default"] */ .Ay)(u, {
            headers: h,
            agent: (a) => (a.protocol === 'https:' ? agents.https : agents.http),
            signal: t.signal,
            redirect: 'manual',
        });
        let res = await get(target, headers);
        for (let hops = 0; REDIRECTS.includes(res.status) && res.headers.get('location'); hops++) {
            await discardBody(res.body);
            let next;
            try {
                next = new URL(res.headers.get('location'), target);
            }
            catch {
                break; // no URL to go to: the redirect itself is the answer
            }
            if (next.protocol !== 'http:' && next.protocol !== 'https:')
                break;
            if (hops >= MAX_REDIRECTS) {
                return result('http-status', res.status, `HTTP ${res.status} (too many redirects: ${hops + 1})`);
            }
            headers = onwardHeaders(target, next, headers);
            target = next;
            res = await get(target, headers);
        }
        await discardBody(res.body);
        if (res.status >= 200 && res.status < 300)
            return result('ok', res.status, `HTTP ${res.status}`);
        // The status text is the server's own words: outside text, made safe here, where it enters.
        return result('http-status', res.status, `HTTP ${res.status}${res.statusText ? ` ${(0,_report_outside_js__WEBPACK_IMPORTED_MODULE_4__/* .outsideLine */ .U2)(res.statusText, 200)}` : ''}`);
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
/**
 * Open a WebSocket to `url` and close it again at once; ok when the handshake (101) succeeds.
 * Redirects are followed here, not by ws: each hop gets the agent of its own scheme (ws would
 * reuse the first one, and throw on ws → wss), and the Authorization header does not go on to
 * another origin.
 */
function probeWebSocket(url, options) {
    const started = performance.now();
    const t = timer(options);
    const agents = options.agents ?? makeAgents();
    return new Promise((resolve) => {
        let settled = false;
        let ws;
        const finish = (c, status, detail) => {
            if (settled)
                return;
            settled = true;
            t.clear();
            try {
                ws?.terminate();
            }
            catch {
                // already gone
            }
            // ws sends URL credentials as Basic auth itself; the report names the URL without them.
            resolve({
                kind: 'websocket',
                url: (0,_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .splitCredentials */ .JD)(url).url,
                class: c,
                status,
                detail,
                latencyMs: Math.round(performance.now() - started),
            });
        };
        const open = (target, headers, hops) => {
            try {
                ws = new ws__WEBPACK_IMPORTED_MODULE_2__/* ["default"] */ .Ay(target, {
                    headers,
                    agent: target.startsWith('wss:') ? agents.https : agents.http,
                    handshakeTimeout: Math.max(1, options.timeoutMs - (performance.now() - started)),
                    followRedirects: false,
                });
            }
            catch (err) {
                // e.g. a URL ws refuses: classified, never thrown
                const c = classifyError(err, false);
                finish(c.class, undefined, c.detail);
                return;
            }
            const socket = ws;
            socket.on('open', () => finish('ok', 101, 'WebSocket handshake succeeded (101)'));
            socket.on('unexpected-response', (_req, res) => {
                res.resume();
                const status = res.statusCode ?? 0;
                const location = res.headers.location;
                const rejected = (why = '') => finish('ws-rejected', status, `WebSocket upgrade rejected with HTTP ${status}${res.statusMessage ? ` ${(0,_report_outside_js__WEBPACK_IMPORTED_MODULE_4__/* .outsideLine */ .U2)(res.statusMessage, 200)}` : ''}${why}`);
                if (!REDIRECTS.includes(status) || typeof location !== 'string')
                    return rejected();
                if (hops >= MAX_REDIRECTS)
                    return rejected(` (too many redirects: ${hops + 1})`);
                const next = redirectTarget(target, location);
                if (!next)
                    return rejected(` (a redirect to ${(0,_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .splitCredentials */ .JD)(location).url}, which is no WebSocket URL)`);
                // The old socket is done with; it must not report anything more.
                socket.removeAllListeners('error');
                socket.on('error', () => undefined);
                socket.terminate();
                open(next.toString(), onwardHeaders(new URL(target), next, headers), hops + 1);
            });
            socket.on('error', (err) => {
                const c = classifyError(err, t.timedOut() || /handshake has timed out/i.test(err.message));
                finish(c.class, undefined, c.detail);
            });
        };
        open(url, { 'user-agent': 'compose-or-staging', ...options.headers }, 0);
        t.signal.addEventListener('abort', () => finish('timeout', undefined, 'no answer before the deadline'), { once: true });
        if (t.signal.aborted)
            finish('timeout', undefined, 'no answer before the deadline');
    });
}


/***/ })

};
