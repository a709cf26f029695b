/**
 * Is Docker usable, and how is compose called? Separates "no CLI", "daemon not running",
 * "permission denied on the socket", "bad context" and "no compose", and records versions.
 *
 * Fast by design: the daemon and both compose flavours are asked at once, each with a short
 * timeout, and a dead socket answers at once, so a missing daemon is known in well under a second.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineFailure } from '../failure-kinds.js';
import { parseComposeVersion, type ComposeVersion } from '../compose/version.js';
import type { ComposeCommand } from '../compose/types.js';

export type { ComposeCommand };
import { exec, findOnPath, lastLines, type ExecResult } from '../exec.js';
import { contextHostFromFiles, engineSocket } from './endpoint.js';
import { apiRequest } from './engine-api.js';
import { engineRefused, noAnswer, socketResult } from './socket-result.js';

export interface DockerAvailability {
  ok: boolean;
  /** Why the engine cannot be used (one of the report's failure kinds), when it cannot. */
  problem: EngineFailure | undefined;
  /** One line for a person. */
  detail: string;
  cliVersion: string | undefined;
  serverVersion: string | undefined;
  /** The engine endpoint, e.g. unix:///var/run/docker.sock or tcp://10.0.0.5:2376. */
  endpoint: string | undefined;
  compose: ComposeCommand | undefined;
  /** Host name to reach published ports on: localhost for a local socket. */
  publishHost: string;
  durationMs: number;
}

/**
 * How long the daemon and compose may take to say their version: a first try, then one more. A
 * busy runner (12 jobs on 2 cores) made Python compose v1 take over 8 s: slow is not absent.
 */
export interface AskTimeouts {
  firstMs: number;
  retryMs: number;
}
export const ASK_TIMEOUTS: AskTimeouts = { firstMs: 8000, retryMs: 12_000 };

/** Run a question; when it gets no answer in time, ask once more with the longer budget. */
async function patiently(argv: string[], env: NodeJS.ProcessEnv, t: AskTimeouts, signal?: AbortSignal): Promise<ExecResult> {
  const first = await exec(argv, { env, timeoutMs: t.firstMs, signal });
  if (!first.timedOut || signal?.aborted) return first;
  return exec(argv, { env, timeoutMs: t.retryMs, signal });
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

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
export function guessCompose(env: NodeJS.ProcessEnv = process.env): Pick<ComposeCommand, 'kind' | 'argv'> | undefined {
  const home = env.HOME ?? '';
  const dirs = [
    env.DOCKER_CONFIG ? path.join(env.DOCKER_CONFIG, 'cli-plugins') : path.join(home, '.docker', 'cli-plugins'),
    ...PLUGIN_DIRS,
  ];
  if (dirs.some((d) => fs.existsSync(path.join(d, 'docker-compose')))) return { kind: 'plugin', argv: ['docker', 'compose'] };
  if (findOnPath('docker-compose', env.PATH)) return { kind: 'standalone', argv: ['docker-compose'] };
  return undefined;
}

/**
 * An engine endpoint as the log shows it: a password in it (a URL's user:password@) removed. Pure.
 */
export function showEndpoint(endpoint: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(endpoint);
  if (!m) return endpoint;
  const [, scheme, rest] = m as unknown as [string, string, string];
  // The user part ends at the last @: a password may hold @ and / itself (an engine's path holds neither).
  const at = rest.lastIndexOf('@');
  if (at < 0) return endpoint;
  const user = rest.slice(0, at).split(':')[0]!;
  return `${scheme}${user}@${rest.slice(at + 1)}`;
}

/**
 * What the docker CLI says, without the paths of the engine's credentials: the files of
 * DOCKER_CERT_PATH (or a context's TLS store), keys and certificates anywhere, and ssh keys are
 * named by their file name only. Pure.
 */
export function withoutCredentialPaths(text: string, env: NodeJS.ProcessEnv = {}): string {
  // The CLI's errors are a few lines; the patterns below are not linear on a long run of slashes.
  let out = text.length > 4000 ? text.slice(-4000) : text;
  const certPath = env.DOCKER_CERT_PATH?.replace(/[\\/]+$/, '');
  if (certPath) out = out.split(certPath).join('$DOCKER_CERT_PATH');
  return out
    .replace(/(?:[A-Za-z]:)?[\\/][^\s"'`]*[\\/]contexts[\\/]tls[\\/][^\s"'`]*?([^\s"'`\\/]+)(?=["'`\s]|$)/g, '<context TLS store>/$1')
    .replace(/(?:[A-Za-z]:)?[\\/][^\s"'`]*[\\/]\.ssh[\\/][^\s"'`]*?([^\s"'`\\/]+)(?=["'`\s]|$)/g, '~/.ssh/$1')
    .replace(/(?:[A-Za-z]:)?(?:[\\/][^\s"'`\\/]+)+[\\/]([^\s"'`\\/]+\.(?:pem|key|crt|cert))(?=["'`\s:]|$)/g, '<hidden>/$1')
    .replace(/(identity file|load key|key file)(\s+"?)(?:[A-Za-z]:)?(?:[\\/][^\s"'`\\/]+)*[\\/]([^\s"'`\\/]+)/gi, '$1$2<hidden>/$3');
}

/** Classify `docker version` failing to reach the server. Pure. */
export function classifyDaemonError(stderr: string): { problem: EngineFailure; detail: string } {
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
  if (
    /x509: |\btls: |could not read (CA|client) cert|unable to resolve docker endpoint: open [^\n]*\.pem|unable to (load|read) (client|X509)|certificate signed by unknown authority|Client sent an HTTP request to an HTTPS server|server gave HTTP response to HTTPS client|bad certificate/i.test(
      text,
    )
  ) {
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
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|connection refused|no such file or directory|error during connect|dial (unix|tcp)/i.test(
      text,
    )
  ) {
    return { problem: 'daemon-down', detail: `The Docker daemon is not running or not reachable: ${line}` };
  }
  return { problem: 'daemon-down', detail: `The Docker daemon did not answer: ${line || 'no error text'}` };
}

/** Whether a host name (as publishHostFor gives it) is this machine's loopback. Pure. */
export function isLoopbackHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(host);
}

/** The host that published ports are reached on, from the engine endpoint. Pure. */
export function publishHostFor(endpoint: string | undefined): string {
  if (!endpoint) return 'localhost';
  try {
    const u = new URL(endpoint);
    if ((u.protocol === 'tcp:' || u.protocol === 'ssh:' || u.protocol === 'http:' || u.protocol === 'https:') && u.hostname) {
      return u.hostname.includes(':') && !u.hostname.startsWith('[') ? `[${u.hostname}]` : u.hostname;
    }
  } catch {
    // unix:// and npipe:// parse fine; anything else is treated as local
  }
  return 'localhost';
}

/** Whether compose answered `version`, and which version it printed. */
function composeAnswered(r: ExecResult | undefined): { version: ComposeVersion | undefined } | undefined {
  if (!r || r.code !== 0) return undefined;
  return { version: parseComposeVersion(r.stdout) };
}

/** "compose 2.26.1-4 (docker compose)", as the report and the log say it. */
export function describeCompose(c: Pick<ComposeCommand, 'kind' | 'version'>): string {
  return `compose ${c.version?.text ?? '(version unknown)'} (${c.kind === 'plugin' ? 'docker compose' : 'docker-compose'})`;
}

/** What the daemon said: `docker version` and, without DOCKER_HOST, the context's endpoint. */
export interface DaemonAnswer {
  version: ExecResult;
  /** The current context's engine endpoint (not asked when DOCKER_HOST is set). */
  contextHost: string | undefined;
}

/** What compose said: the plugin's and the standalone binary's versions. */
export interface ComposeAnswer {
  plugin: ExecResult;
  legacy: ExecResult | undefined;
}

/**
 * Ask the daemon for its version: through its local socket when that is where it is (a
 * millisecond, and no process), else with the CLI (a Go program: tens of milliseconds of CPU).
 * The CLI must be on PATH either way: compose needs it.
 */
export async function askDaemon(env: NodeJS.ProcessEnv = process.env, t: AskTimeouts = ASK_TIMEOUTS): Promise<DaemonAnswer> {
  const fromFiles = env.DOCKER_HOST ? undefined : contextHostFromFiles(env);
  const socket = engineSocket(env);
  const [version, contextHost] = await Promise.all([
    socket ? versionThroughSocket(socket, t) : patiently(['docker', 'version', '--format', '{{json .}}'], env, t),
    env.DOCKER_HOST || fromFiles !== undefined
      ? Promise.resolve(fromFiles)
      : // Reads the local context store only (no daemon, no network): nothing to cut short.
        exec(['docker', 'context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], { env }).then((r) =>
          r.code === 0 ? r.stdout.trim() || undefined : undefined,
        ),
  ]);
  return { version, contextHost };
}

/**
 * `GET /version` on the engine's socket, told as `docker version --format '{{json .}}'` would tell
 * it (the server's part; the client's is not asked), its failures in the CLI's words, so that one
 * judgement reads both. Asked once more with the longer budget when the first gets no answer.
 */
export async function versionThroughSocket(socket: string, t: AskTimeouts = ASK_TIMEOUTS): Promise<ExecResult> {
  const argv = ['GET', `unix://${socket}`, '/version'];
  const started = performance.now();
  let last = socketResult(argv, started, { code: null, timedOut: true });
  for (const timeoutMs of [t.firstMs, t.retryMs]) {
    try {
      const a = await apiRequest(socket, 'GET', '/version', { timeoutMs });
      if (a.status !== 200) return engineRefused(argv, started, 1, a.body || `status ${a.status}`);
      return socketResult(argv, started, { code: 0, stdout: JSON.stringify({ Client: null, Server: JSON.parse(a.body) as unknown }) });
    } catch (err) {
      last = noAnswer(argv, started, socket, err);
      if (!last.timedOut) return last;
    }
  }
  return last;
}

/** The engine endpoint: DOCKER_HOST, else the current context's. */
export function endpointOf(a: DaemonAnswer, env: NodeJS.ProcessEnv): string | undefined {
  return env.DOCKER_HOST || a.contextHost || undefined;
}

/** The client and server versions in `docker version --format '{{json .}}'` output. */
function parseVersions(version: ExecResult): { cliVersion: string | undefined; serverVersion: string | undefined } {
  try {
    const parsed = JSON.parse(version.stdout.trim().split('\n')[0] ?? '') as {
      Client?: { Version?: string };
      Server?: { Version?: string } | null;
    };
    return { cliVersion: parsed.Client?.Version, serverVersion: parsed.Server?.Version ?? undefined };
  } catch {
    // no JSON at all: the CLI failed before printing its own version
    return { cliVersion: undefined, serverVersion: undefined };
  }
}

/** The engine's platform (`linux/amd64`) from its `docker version` answer; undefined when it did not say. */
export function platformOf(a: DaemonAnswer): string | undefined {
  try {
    const server = (JSON.parse(a.version.stdout.trim().split('\n')[0] ?? '') as { Server?: { Os?: unknown; Arch?: unknown } | null })
      .Server;
    const os = typeof server?.Os === 'string' ? server.Os : '';
    const arch = typeof server?.Arch === 'string' ? server.Arch : '';
    return /^[a-z0-9]+$/.test(os) && /^[a-z0-9]+$/.test(arch) ? `${os}/${arch}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a daemon answered `docker version` with its server version. */
export function daemonAnswered(a: DaemonAnswer): boolean {
  return a.version.code === 0 && parseVersions(a.version).serverVersion !== undefined;
}

/**
 * Ask the plugin, and the standalone `docker-compose` only when the plugin does not answer: the
 * plugin wins anyway, and a Python v1 beside it would spend a few hundred milliseconds of CPU
 * while the stack starts (measured: the wait took ~200 ms longer on 2 cores).
 */
export async function askCompose(
  env: NodeJS.ProcessEnv = process.env,
  t: AskTimeouts = ASK_TIMEOUTS,
  signal?: AbortSignal,
): Promise<ComposeAnswer> {
  const plugin = await patiently(['docker', 'compose', 'version', '--short'], env, t, signal);
  // A plugin that said no (not a docker command) is absent; one that said nothing in time is slow,
  // and the standalone one is asked only when the plugin is absent.
  const legacy =
    plugin.code !== 0 && !plugin.timedOut && findOnPath('docker-compose', env.PATH)
      ? await patiently(['docker-compose', 'version', '--short'], env, t, signal)
      : undefined;
  return { plugin, legacy };
}

/** What the daemon and compose said; compose is not asked once the daemon said no. */
export interface DockerAnswers extends DaemonAnswer {
  plugin?: ExecResult;
  legacy?: ExecResult;
}

/** The daemon said no (or nothing), or runs Windows containers: compose is not worth its answer. */
function daemonSaidNo(a: DaemonAnswer): boolean {
  const windows = platformOf(a)?.startsWith('windows/') ?? false;
  return a.version.timedOut || a.version.code !== 0 || !parseVersions(a.version).serverVersion || windows;
}

/**
 * Ask the daemon and compose, at once: compose alongside a daemon the CLI asks (tens of
 * milliseconds); after one asked on its socket (a millisecond), so that a dead daemon starts no
 * compose at all. A daemon that said no settles it: compose's answer (Python v1 takes 0.5 s to
 * say its version) is not waited for, and its process is killed.
 */
async function askAll(env: NodeJS.ProcessEnv, asked: { daemon?: Promise<DaemonAnswer> }, t: AskTimeouts): Promise<DockerAnswers> {
  const stop = new AbortController();
  const ask = (): Promise<ComposeAnswer> => askCompose(env, t, stop.signal);
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
export async function checkDocker(
  env: NodeJS.ProcessEnv = process.env,
  asked: { daemon?: Promise<DaemonAnswer> } = {},
  t: AskTimeouts = ASK_TIMEOUTS,
): Promise<DockerAvailability> {
  const started = performance.now();
  const judged = findOnPath('docker', env.PATH) ? judgeDocker(await askAll(env, asked, t), env, t) : NO_CLI;
  return { ...judged, durationMs: performance.now() - started };
}

const NO_CLI: Omit<DockerAvailability, 'durationMs'> = {
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
function composeOf(a: DockerAnswers): ComposeCommand | undefined {
  const pluginAnswer = composeAnswered(a.plugin);
  if (pluginAnswer) return { kind: 'plugin', argv: ['docker', 'compose'], ...pluginAnswer };
  const legacyAnswer = composeAnswered(a.legacy);
  return legacyAnswer ? { kind: 'standalone', argv: ['docker-compose'], ...legacyAnswer } : undefined;
}

type Verdict = Pick<DockerAvailability, 'ok' | 'problem' | 'detail'>;

/** What is wrong with the daemon's answer, or undefined when it answered as a usable Linux engine. */
function daemonVerdict(a: DaemonAnswer, env: NodeJS.ProcessEnv, t: AskTimeouts, rawEndpoint: string | undefined): Verdict | undefined {
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
function composeVerdict(
  a: DockerAnswers,
  compose: ComposeCommand | undefined,
  serverVersion: string,
  endpoint: string | undefined,
  t: AskTimeouts,
): Verdict {
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
export function judgeDocker(
  a: DockerAnswers,
  env: NodeJS.ProcessEnv,
  t: AskTimeouts = ASK_TIMEOUTS,
): Omit<DockerAvailability, 'durationMs'> {
  const { cliVersion, serverVersion } = parseVersions(a.version);
  const rawEndpoint = endpointOf(a, env);
  const endpoint = rawEndpoint && showEndpoint(rawEndpoint);
  const compose = composeOf(a);
  const common = { cliVersion, serverVersion, endpoint, compose, publishHost: publishHostFor(rawEndpoint) };
  const verdict = daemonVerdict(a, env, t, rawEndpoint) ?? composeVerdict(a, compose, serverVersion!, endpoint, t);
  return { ...common, ...verdict };
}
