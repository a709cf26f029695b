/**
 * The local Docker engine, reached the way a remote one is: over `tcp://` with mutual TLS (a socat
 * proxy in front of the engine's socket) and over `ssh://` (a private sshd on loopback). For tests
 * of what the action does when DOCKER_HOST / DOCKER_CONTEXT point at a remote engine.
 *
 * Nothing machine-wide is changed: certificates, keys, sshd_config, ssh_config and known_hosts all
 * live in a fresh temporary folder, and the docker CLI finds our ssh settings through an `ssh`
 * wrapper on PATH (OpenSSH reads ~/.ssh/config from the passwd home, not $HOME, so /root/.ssh is
 * left alone). The one exception: sshd run as root needs its privilege separation folder
 * (/run/sshd), which is created when missing.
 *
 * Compose v2 over ssh opens one ssh connection per concurrent Engine API connection (an `up` of N
 * services makes about 2N), and sshd's default `MaxStartups 10:30:100` then drops connections
 * ("kex_exchange_identification: read: Connection reset by peer"): our sshd allows 200.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { freePort } from './free-port.js';
import { alive, descendantPids } from './processes.js';
import { sleep } from './time.js';
import { EC_KEY, makeCa } from './tls.js';

/** Result of a finished command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What both kinds of engine give. */
export interface RemoteEngine {
  /** Environment that selects this engine: merge it over process.env for the docker CLI / the action. */
  env: Record<string, string>;
  /** Address the proxy / sshd listens on. */
  host: string;
  port: number;
  /** Temporary folder holding everything (removed by stop). */
  dir: string;
  /** Process id of socat / sshd (the leader of its process group). */
  pid: number;
  /** Kill the proxy / sshd and everything it started, and remove `dir`. Idempotent. */
  stop(): Promise<void>;
}

/** The local engine as a remote engine over tcp:// with mutual TLS. */
export interface TlsEngine extends RemoteEngine {
  env: { DOCKER_HOST: string; DOCKER_TLS_VERIFY: string; DOCKER_CERT_PATH: string };
  /** DOCKER_CERT_PATH: holds the client's ca.pem, cert.pem and key.pem, as the docker CLI expects. */
  certPath: string;
  /** CA certificate (signed both the server and the client certificates). */
  caPath: string;
  /** Client certificate and key (extendedKeyUsage clientAuth). */
  clientCertPath: string;
  clientKeyPath: string;
  /** Server certificate (subjectAltName IP:127.0.0.2) and key. */
  serverCertPath: string;
  serverKeyPath: string;
  /** `docker context create <name>` for this engine, in the docker config folder `dockerConfigDir`. */
  createContext(dockerConfigDir: string, name: string): Promise<void>;
}

/** The local engine over ssh://. */
export interface SshEngine extends RemoteEngine {
  /** DOCKER_HOST=ssh://<user>@127.0.0.1:<port>, and PATH with {@link SshEngine.binDir} first. */
  env: { DOCKER_HOST: string; PATH: string };
  /** Folder with the `ssh` wrapper that uses our ssh_config; first on env.PATH. */
  binDir: string;
  /** The login user (the current user: sshd runs as it). */
  user: string;
  /** The client's ssh_config (identity, known_hosts, BatchMode). */
  sshConfigPath: string;
}

const TLS_HOST = '127.0.0.2';
const SSH_HOST = '127.0.0.1';
/** Guard for a proxy / sshd to come up: it normally takes well under a second. */
const READY_GUARD_MS = 30_000;
/** Guard for processes to exit after SIGTERM (then SIGKILL). */
const STOP_GUARD_MS = 10_000;
const PORT_ATTEMPTS = 5;

/** Run `file args` without a shell. Never rejects for a non-zero exit; a timeout kills it and gives code 124. */
export function run(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(err);
        const e = err as (Error & { code?: number | string; killed?: boolean }) | null;
        const code = e ? (e.killed ? 124 : typeof e.code === 'number' ? e.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    child.stdin?.end();
  });
}

/** The docker CLI with `env` merged over process.env (see {@link run}). */
export function dockerWith(
  env: Record<string, string>,
  args: string[],
  opts: { timeoutMs?: number; cwd?: string } = {},
): Promise<CommandResult> {
  return run('docker', args, { ...opts, env: { ...process.env, ...env } });
}

/** Full path of `name` on PATH (skipping `skipDir`), or undefined. */
export function which(name: string, skipDir?: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (!d || d === skipDir) continue;
    const p = join(d, name);
    try {
      accessSync(p, fsConstants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** The programs {@link startTlsEngine} / {@link startSshEngine} need that are missing (empty: all there). */
export function missingTools(kind: 'tls' | 'ssh'): string[] {
  if (kind === 'tls') return ['socat', 'openssl', 'docker'].filter((t) => !which(t));
  const missing = ['ssh', 'ssh-keygen', 'docker'].filter((t) => !which(t));
  if (!sshdPath()) missing.push('sshd (openssh-server)');
  return missing;
}

function sshdPath(): string | undefined {
  return ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p)) ?? which('sshd');
}

/** The unix socket of the local engine: DOCKER_HOST when it is unix://, else /var/run/docker.sock. */
function localSocket(): string {
  const h = process.env.DOCKER_HOST;
  return h?.startsWith('unix://') ? h.slice('unix://'.length) : '/var/run/docker.sock';
}

/** Does `host:port` accept a TCP connection? */
export function portAccepts(host: string, port: number, timeoutMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* gone already */
  }
}

/**
 * A daemon spawned detached (its own session and process group), its output in a log file.
 * Killing it kills its process group and every descendant (sshd puts each connection in a
 * session of its own, so the process group alone is not enough).
 */
class Daemon {
  readonly child: ChildProcess;
  readonly pid: number;
  exited = false;
  private readonly onExit: () => void;

  constructor(
    file: string,
    args: string[],
    readonly logPath: string,
  ) {
    const fd = openSync(logPath, 'a');
    try {
      this.child = spawn(file, args, { detached: true, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    if (this.child.pid === undefined) throw new Error(`could not start ${file}`);
    this.pid = this.child.pid;
    this.child.on('exit', () => (this.exited = true));
    this.child.on('error', () => (this.exited = true));
    this.child.unref();
    // if the test process ends without stop(), do not leave the daemon behind
    this.onExit = () => this.killNow('SIGKILL');
    process.on('exit', this.onExit);
  }

  log(): string {
    try {
      return readFileSync(this.logPath, 'utf8').trim().split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  }

  private killNow(sig: NodeJS.Signals): number[] {
    const tree = [this.pid, ...descendantPids(this.pid)];
    signal(-this.pid, sig);
    for (const p of tree) signal(p, sig);
    return tree;
  }

  async kill(): Promise<void> {
    process.off('exit', this.onExit);
    let tree = this.killNow('SIGTERM');
    const deadline = Date.now() + STOP_GUARD_MS;
    while (tree.some(alive) && Date.now() < deadline) await sleep(50);
    if (tree.some(alive)) {
      tree = [...tree, ...this.killNow('SIGKILL')];
      const hard = Date.now() + STOP_GUARD_MS;
      while (tree.some(alive) && Date.now() < hard) await sleep(50);
    }
    const left = tree.filter(alive);
    if (left.length) throw new Error(`processes ${left.join(', ')} survived SIGKILL`);
  }
}

/** An engine's own temporary folder, removed by stop() or, failing that, when the process exits. */
async function engineDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const onExit = (): void => rmSync(dir, { recursive: true, force: true });
  process.on('exit', onExit);
  return {
    dir,
    remove: async () => {
      process.off('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function must(file: string, args: string[], cwd: string): Promise<void> {
  const r = await run(file, args, { cwd, timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`${file} ${args.slice(0, 2).join(' ')} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
}

/** Make `stop` idempotent. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

/* ------------------------------------------------------------------ TLS ------------------------------------------------------------------ */

/** CA, server certificate for `serverIp`, client certificate: EC P-256, made with the openssl CLI in `dir`. */
async function makeTlsMaterial(dir: string, serverIp: string): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  await makeCa(dir, 'ca-key.pem', 'ca.pem', `cos-test engine CA ${tag}`, 30);
  await writeFile(
    join(dir, 'ext.cnf'),
    [
      '[ server ]',
      `subjectAltName = IP:${serverIp}`,
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage = serverAuth',
      '[ client ]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage = clientAuth',
      '',
    ].join('\n'),
  );
  for (const [name, cn] of [
    ['server', serverIp],
    ['client', `cos-test client ${tag}`],
  ] as const) {
    await must('openssl', ['req', '-new', ...EC_KEY, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    await must(
      'openssl',
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca-key.pem',
        '-set_serial',
        `0x${randomBytes(8).toString('hex').replace(/^./, '1')}`,
        '-days',
        '30',
        '-sha256',
        '-extfile',
        'ext.cnf',
        '-extensions',
        name,
        '-out',
        `${name}.pem`,
      ],
      dir,
    );
  }
}

/**
 * Start a mutual-TLS proxy (socat) on 127.0.0.2:<free port> in front of the local engine's
 * socket, as a "remote engine" over tcp:// with DOCKER_TLS_VERIFY=1. Resolves once
 * `docker version` answers through it.
 *
 * @example
 * const engine = await startTlsEngine();
 * t.after(() => engine.stop());
 * await dockerWith(engine.env, ['ps']);
 */
export async function startTlsEngine(): Promise<TlsEngine> {
  const missing = missingTools('tls');
  if (missing.length) throw new Error(`startTlsEngine: missing ${missing.join(', ')}`);
  const { dir, remove } = await engineDir('cos-tls-engine-');
  let daemon: Daemon | undefined;
  try {
    await makeTlsMaterial(dir, TLS_HOST);
    // DOCKER_CERT_PATH: the client's files under the names the docker CLI looks for
    const certPath = join(dir, 'client');
    await mkdir(certPath);
    for (const [from, to] of [
      ['ca.pem', 'ca.pem'],
      ['client.pem', 'cert.pem'],
      ['client-key.pem', 'key.pem'],
    ] as const) {
      await writeFile(join(certPath, to), await readFile(join(dir, from)));
    }
    await chmod(join(certPath, 'key.pem'), 0o600);
    const socket = localSocket();
    let lastError = '';
    for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      const port = await freePort(TLS_HOST);
      const env = { DOCKER_HOST: `tcp://${TLS_HOST}:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath };
      daemon = new Daemon(
        'socat',
        [
          `OPENSSL-LISTEN:${port},bind=${TLS_HOST},reuseaddr,fork,cert=${join(dir, 'server.pem')},key=${join(dir, 'server-key.pem')},cafile=${join(dir, 'ca.pem')},verify=1`,
          `UNIX-CONNECT:${socket}`,
        ],
        join(dir, `socat-${attempt}.log`),
      );
      const deadline = Date.now() + READY_GUARD_MS;
      let ready = false;
      while (!daemon.exited && Date.now() < deadline) {
        if (await portAccepts(TLS_HOST, port)) {
          const r = await dockerWith(env, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: READY_GUARD_MS });
          if (r.code === 0 && r.stdout.trim()) {
            ready = true;
            break;
          }
          lastError = r.stderr.trim() || r.stdout.trim();
        }
        await sleep(100);
      }
      if (ready) {
        const d = daemon;
        const engine: TlsEngine = {
          env,
          host: TLS_HOST,
          port,
          dir,
          pid: d.pid,
          certPath,
          caPath: join(certPath, 'ca.pem'),
          clientCertPath: join(certPath, 'cert.pem'),
          clientKeyPath: join(certPath, 'key.pem'),
          serverCertPath: join(dir, 'server.pem'),
          serverKeyPath: join(dir, 'server-key.pem'),
          createContext: async (dockerConfigDir, name) => {
            const spec = `host=${env.DOCKER_HOST},ca=${engine.caPath},cert=${engine.clientCertPath},key=${engine.clientKeyPath}`;
            const ctxEnv: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: dockerConfigDir };
            for (const k of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete ctxEnv[k];
            const r = await run('docker', ['context', 'create', name, '--description', 'cos-test TLS engine', '--docker', spec], {
              env: ctxEnv,
              timeoutMs: 60_000,
            });
            if (r.code !== 0) throw new Error(`docker context create ${name} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
          },
          stop: once(async () => {
            try {
              await d.kill();
            } finally {
              await remove();
            }
          }),
        };
        return engine;
      }
      const log = daemon.log();
      await daemon.kill();
      lastError = log || lastError || 'no answer';
      // a port taken meanwhile makes socat exit at once: try another; anything else is fatal
      if (!/address already in use/i.test(log)) {
        throw new Error(`socat on ${TLS_HOST}:${port} did not become a usable engine: ${lastError}`);
      }
    }
    throw new Error(`startTlsEngine: no free port after ${PORT_ATTEMPTS} attempts: ${lastError}`);
  } catch (err) {
    await daemon?.kill().catch(() => undefined);
    await remove();
    throw err;
  }
}

/* ------------------------------------------------------------------ SSH ------------------------------------------------------------------ */

/** The PATH a session gets: docker's folder first, then what sshd gives by default. */
function remotePath(): string {
  const docker = which('docker');
  const std = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  const dirs = docker ? [dirname(docker), ...std.filter((d) => d !== dirname(docker))] : std;
  return dirs.join(':');
}

/**
 * Start a private sshd on 127.0.0.1:<free port> that lets the current user in with a throw-away
 * key, and an `ssh` wrapper (first on env.PATH) that uses it: the docker CLI and compose then
 * reach the local engine over `ssh://` (they run `docker system dial-stdio` through ssh).
 * Resolves once `docker version` answers through it. `stockLimits`: sshd's default MaxStartups
 * and MaxSessions (else 200 each).
 */
export async function startSshEngine(options: { stockLimits?: boolean } = {}): Promise<SshEngine> {
  const missing = missingTools('ssh');
  if (missing.length) throw new Error(`startSshEngine: missing ${missing.join(', ')}`);
  const sshd = sshdPath()!;
  const user = userInfo().username;
  const { dir, remove } = await engineDir('cos-ssh-engine-');
  let daemon: Daemon | undefined;
  try {
    // sshd as root insists on its privilege separation folder
    if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cos-test host', '-f', 'host_key'], dir);
    await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cos-test user', '-f', 'user_key'], dir);
    const hostPub = (await readFile(join(dir, 'host_key.pub'), 'utf8')).trim();
    await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'user_key.pub')));
    const binDir = join(dir, 'bin');
    await mkdir(binDir);
    await mkdir(join(dir, 'home'));
    const sshConfigPath = join(dir, 'ssh_config');
    await writeFile(
      sshConfigPath,
      [
        'Host *',
        `  IdentityFile ${join(dir, 'user_key')}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
        '  GlobalKnownHostsFile /dev/null',
        '  StrictHostKeyChecking yes',
        '  UpdateHostKeys no',
        '  BatchMode yes',
        '  LogLevel ERROR',
        '',
      ].join('\n'),
    );
    const ssh = which('ssh', binDir)!;
    await writeFile(join(binDir, 'ssh'), `#!/bin/sh\nexec '${ssh}' -F '${sshConfigPath}' "$@"\n`, { mode: 0o755 });

    let lastError = '';
    for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      const port = await freePort(SSH_HOST);
      await writeFile(join(dir, 'known_hosts'), `[${SSH_HOST}]:${port} ${hostPub}\n`);
      const config = join(dir, 'sshd_config');
      await writeFile(
        config,
        [
          `ListenAddress ${SSH_HOST}`,
          `Port ${port}`,
          `HostKey ${join(dir, 'host_key')}`,
          `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
          'PermitRootLogin prohibit-password',
          'PubkeyAuthentication yes',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          `PidFile ${join(dir, 'sshd.pid')}`,
          // our files are in a temp folder, not ~/.ssh
          'StrictModes no',
          // compose opens one ssh connection per concurrent API connection: the default (10:30:100) drops
          // some on a big stack. `stockLimits` keeps sshd's defaults, as on a host nobody tuned.
          ...(options.stockLimits ? [] : ['MaxStartups 200', 'MaxSessions 200']),
          // docker must be found by `docker system dial-stdio` (OpenSSH >= 8.7 has server-side SetEnv).
          // HOME: a folder of ours, so the session's bash reads none of the user's startup files
          // (bash sources ~/.bashrc for an ssh command; this machine's runs `pyenv init`, whose
          // rehash lock, left behind by a session killed at stop(), made every later login hang).
          `SetEnv PATH=${remotePath()} HOME=${join(dir, 'home')}`,
          'PrintMotd no',
          'PrintLastLog no',
          'X11Forwarding no',
          'LogLevel INFO',
          '',
        ].join('\n'),
      );
      daemon = new Daemon(sshd, ['-D', '-e', '-f', config], join(dir, `sshd-${attempt}.log`));
      const deadline = Date.now() + READY_GUARD_MS;
      let listening = false;
      while (!daemon.exited && Date.now() < deadline) {
        if (await portAccepts(SSH_HOST, port)) {
          listening = true;
          break;
        }
        await sleep(50);
      }
      if (listening) {
        const env = { DOCKER_HOST: `ssh://${user}@${SSH_HOST}:${port}`, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` };
        const r = await dockerWith(env, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: READY_GUARD_MS });
        if (r.code !== 0 || !r.stdout.trim()) {
          throw new Error(
            `docker over ssh to ${SSH_HOST}:${port} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}\nsshd log:\n${daemon.log()}`,
          );
        }
        const d = daemon;
        return {
          env,
          host: SSH_HOST,
          port,
          dir,
          pid: d.pid,
          binDir,
          user,
          sshConfigPath,
          stop: once(async () => {
            try {
              await d.kill();
            } finally {
              await remove();
            }
          }),
        };
      }
      const log = daemon.log();
      await daemon.kill();
      lastError = log || 'did not listen';
      if (!/address already in use|cannot bind any address/i.test(log)) {
        throw new Error(`sshd on ${SSH_HOST}:${port} did not start: ${lastError}`);
      }
    }
    throw new Error(`startSshEngine: no free port after ${PORT_ATTEMPTS} attempts: ${lastError}`);
  } catch (err) {
    await daemon?.kill().catch(() => undefined);
    await remove();
    throw err;
  }
}
