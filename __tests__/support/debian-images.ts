/**
 * Test images of real servers (PostgreSQL, Redis) built from Debian's own packages, without any
 * registry: a Debian bookworm root file system made by `debootstrap --variant=minbase` from this
 * machine's Debian archive, the packages installed into it with `chroot … apt-get install`, and the
 * result streamed into `docker import`.
 *
 * - `cos-test/postgres:<hash>`: Debian's postgresql (15), started by an entrypoint that does what
 *   the official postgres image does at first start (see debian-images/postgres-entrypoint.sh):
 *   initdb, then the server, listening on TCP only once initdb is done. EXPOSE 5432.
 * - `cos-test/redis:<hash>`: Debian's redis-server in the foreground, reachable from outside the
 *   container. EXPOSE 6379.
 *
 * `<hash>` is 12 hex digits of a SHA-256 over {@link DEBIAN_RECIPE_VERSION}, the suite and the
 * recipe (packages, scripts, entrypoint, `--change` lines), so a machine builds each recipe once:
 * a build is skipped when its tag exists, and builds are serialised across processes with a lock
 * file per tag. The debootstrap stage, the slow half, is shared by all recipes: a tarball of it is
 * kept in {@link DEBIAN_BASE_CACHE_DIR}. Building needs root (debootstrap, chroot); see
 * {@link debianImageBuildProblem}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { buildImageOnce, buildOnce } from './build-once.js';
import { docker, dockerOk } from './docker.js';

/** Bump when the way images are built changes (not their recipes), so old tags are not reused. */
export const DEBIAN_RECIPE_VERSION = '1';
/** The Debian release the images are made of: this machine's own. */
export const DEBIAN_SUITE = 'bookworm';
/** Where the debootstrap stage is kept between builds (a tarball per archive URI). */
export const DEBIAN_BASE_CACHE_DIR = process.env.COS_TEST_CACHE_DIR || '/var/cache/cos-test';

/** What goes into an image besides the minbase system. */
export interface DebianImageRecipe {
  /** The image is `cos-test/<name>:<hash>`. */
  name: string;
  /** Debian packages to install (`apt-get install --no-install-recommends`). */
  packages: string[];
  /** sh script run in the chroot before the packages are installed: settings their maintainer scripts read. */
  prepare?: string;
  /** sh script run in the chroot after the packages are installed. */
  setup?: string;
  /** The content of /usr/local/bin/docker-entrypoint (mode 755); `changes` should name it in CMD. */
  entrypoint: string;
  /** `docker import --change` lines (CMD, ENV, EXPOSE, …). */
  changes: string[];
}

/** Build steps get these guards: ten times what they take on a busy 2-core machine. */
const DEBOOTSTRAP_GUARD_MS = 20 * 60_000;
const INSTALL_GUARD_MS = 20 * 60_000;
const STEP_GUARD_MS = 5 * 60_000;
/** How long a process waits while another one builds the same image or base. */
const BUILD_WAIT_MS = 45 * 60_000;

const CHROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** The host's PATH for the build's tools: debootstrap, chroot and umount are in sbin, which a user's PATH may lack. */
const HOST_PATH = [process.env.PATH ?? '', '/usr/sbin', '/sbin'].filter(Boolean).join(delimiter);

/** dpkg leaves these out of every package installed after the base (documentation, translations). */
const DPKG_EXCLUDES = [
  'path-exclude /usr/share/doc/*',
  'path-include /usr/share/doc/*/copyright',
  'path-exclude /usr/share/man/*',
  'path-exclude /usr/share/info/*',
  'path-exclude /usr/share/groff/*',
  'path-exclude /usr/share/lintian/*',
  'path-exclude /usr/share/locale/*',
  '',
].join('\n');

/** What debootstrap put in that no image needs, and the host's files it copied in. */
const BASE_SLIM_SCRIPT = `
find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
find /usr/share/doc -mindepth 1 -depth -type d -empty -delete
rm -rf /usr/share/man/* /usr/share/info/* /usr/share/groff/* /usr/share/lintian/* /usr/share/locale/*
apt-get clean
rm -rf /var/lib/apt/lists/* /var/log/bootstrap.log
: >/etc/resolv.conf
echo localhost >/etc/hostname
`;

const INSTALL_SCRIPT = `
apt-get update -qq
apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold "$@"
`;

/** Leaves no package lists, caches or logs of the build behind, nor the build's own settings. */
const CLEAN_SCRIPT = `
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log
rm -f /usr/sbin/policy-rc.d
rm -rf /tmp/* /var/tmp/*
: >/etc/resolv.conf
`;

// ---------------------------------------------------------------------------
// processes
// ---------------------------------------------------------------------------

interface Started {
  child: ChildProcess;
  /** Resolves with stdout when the process exits 0; rejects with its output's tail otherwise. */
  done: Promise<string>;
}

/**
 * Start a process, collecting its stdout (unless `pipeOut`: the caller reads it) and the tail of
 * its stderr; after `timeoutMs` it is terminated.
 */
function start(
  cmd: string,
  args: string[],
  opts: { timeoutMs: number; env?: NodeJS.ProcessEnv; stdin?: Readable; pipeOut?: boolean },
): Started {
  const env = opts.env ?? { ...process.env, PATH: HOST_PATH };
  const child = spawn(cmd, args, { env, stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  if (!opts.pipeOut) child.stdout!.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-1_000_000)));
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8_000)));
  if (opts.stdin) {
    child.stdin!.on('error', () => undefined); // its exit code tells why it stopped reading
    opts.stdin.pipe(child.stdin!);
  }
  let timedOut = false;
  // SIGTERM first: debootstrap unmounts what it mounted in the target on its way out.
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, opts.timeoutMs);
  const done = new Promise<string>((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${cmd}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const why = timedOut ? `timed out after ${opts.timeoutMs / 1000} s` : `exit ${code ?? signal}`;
      const tail = (stderr.trim() || stdout.trim()).split('\n').slice(-25).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (${why}):\n${tail}`));
    });
  });
  return { child, done };
}

function run(cmd: string, args: string[], opts: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<string> {
  return start(cmd, args, opts).done;
}

/** Run an sh script (set -e) in the chroot with a clean environment; `args` become "$@". */
function inChroot(root: string, script: string, args: string[] = [], timeoutMs = STEP_GUARD_MS): Promise<string> {
  const env: NodeJS.ProcessEnv = { PATH: CHROOT_PATH, HOME: '/root', LANG: 'C.UTF-8', DEBIAN_FRONTEND: 'noninteractive' };
  // ucf (not dpkg) manages some packages' settings: keep a file that `prepare` wrote
  env.UCF_FORCE_CONFFOLD = '1';
  for (const proxy of ['http_proxy', 'https_proxy', 'no_proxy']) if (process.env[proxy]) env[proxy] = process.env[proxy];
  return run('chroot', [root, '/bin/sh', '-ec', script, 'sh', ...args], { timeoutMs, env });
}

// ---------------------------------------------------------------------------
// the archive, the tools, the base
// ---------------------------------------------------------------------------

/**
 * This machine's Debian archive URI: the first `URIs:` of /etc/apt/sources.list.d/debian.sources,
 * else the first `deb` line's of /etc/apt/sources.list (as .ci/newer-docker.sh finds it). Throws when
 * neither has one.
 */
export function debianArchiveUri(): string {
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const deb822 = /^URIs:\s*(\S+)/m.exec(read('/etc/apt/sources.list.d/debian.sources'));
  if (deb822) return deb822[1]!;
  const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/m.exec(read('/etc/apt/sources.list'));
  if (oneLine) return oneLine[1]!;
  throw new Error('no Debian archive URI in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list');
}

function onPath(cmd: string): boolean {
  return HOST_PATH.split(delimiter).some((d) => d !== '' && existsSync(join(d, cmd)));
}

/**
 * Why images cannot be built on this machine (not root, or debootstrap, chroot or tar missing), or
 * undefined when they can. Images already built need none of it.
 */
export function debianImageBuildProblem(): string | undefined {
  if (process.getuid?.() !== 0) return 'building Debian test images needs root (debootstrap, chroot)';
  const missing = ['debootstrap', 'chroot', 'tar'].filter((c) => !onPath(c));
  if (missing.length) return `building Debian test images needs ${missing.join(', ')} (apt-get install debootstrap)`;
  return undefined;
}

function sha12(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

/** The mount points under `dir` (a killed debootstrap may leave its /proc and /sys there). */
function mountsUnder(dir: string): string[] {
  const unescape = (p: string) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => unescape(line.split(' ')[4] ?? ''))
    .filter((m) => m === dir || m.startsWith(`${dir}/`));
}

/**
 * Remove a build's root file system. Anything still mounted in it is unmounted first (deepest
 * first), and it is not removed while something is: rm would go on into the host's /proc or /dev.
 */
async function removeRootfs(dir: string): Promise<void> {
  for (const m of mountsUnder(dir).sort().reverse()) await run('umount', [m], { timeoutMs: 60_000 }).catch(() => undefined);
  const left = mountsUnder(dir);
  if (left.length) throw new Error(`${dir} not removed: ${left.join(', ')} still mounted`);
  await run('rm', ['-rf', '--one-file-system', dir], { timeoutMs: STEP_GUARD_MS });
}

/** A fresh, empty directory for a root file system (in the temp directory). */
function newRootfsDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'cos-debian-rootfs-'));
}

/**
 * The tarball of a slimmed `debootstrap --variant=minbase` of {@link DEBIAN_SUITE} from `uri`,
 * made when missing (once across processes). Resolves with its path.
 */
async function ensureBase(uri: string): Promise<string> {
  const key = sha12([DEBIAN_RECIPE_VERSION, DEBIAN_SUITE, 'minbase', uri, BASE_SLIM_SCRIPT, DPKG_EXCLUDES]);
  const tarball = join(DEBIAN_BASE_CACHE_DIR, `debian-${DEBIAN_SUITE}-minbase-${key}.tar`);
  const lock = join(tmpdir(), `cos-test-debian-base-${key}.lock`);
  await buildOnce(
    lock,
    async () => existsSync(tarball),
    async () => {
      await mkdir(DEBIAN_BASE_CACHE_DIR, { recursive: true });
      const root = await newRootfsDir();
      try {
        await run('debootstrap', ['--variant=minbase', DEBIAN_SUITE, root, uri], { timeoutMs: DEBOOTSTRAP_GUARD_MS });
        await inChroot(root, BASE_SLIM_SCRIPT);
        await writeFile(join(root, 'etc/dpkg/dpkg.cfg.d/cos-test-nodoc'), DPKG_EXCLUDES);
        // written aside and renamed, so a reader never sees half a tarball
        const part = `${tarball}.${process.pid}.part`;
        try {
          await run('tar', ['-C', root, '--numeric-owner', '-cf', part, '.'], { timeoutMs: STEP_GUARD_MS });
          await rename(part, tarball);
        } finally {
          await rm(part, { force: true });
        }
      } finally {
        await removeRootfs(root);
      }
    },
    { timeoutMs: BUILD_WAIT_MS },
  );
  return tarball;
}

// ---------------------------------------------------------------------------
// images
// ---------------------------------------------------------------------------

/** The tag `recipe` builds: `cos-test/<name>:<12 hex digits>`. Pure: builds and asks nothing. */
export function debianImageTag(recipe: DebianImageRecipe): string {
  const { name, packages, prepare, setup, entrypoint, changes } = recipe;
  const hash = sha12([DEBIAN_RECIPE_VERSION, DEBIAN_SUITE, name, packages, prepare ?? '', setup ?? '', entrypoint, changes]);
  return `cos-test/${name}:${hash}`;
}

function checkRecipe(recipe: DebianImageRecipe): void {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(recipe.name)) throw new Error(`bad image name: ${recipe.name}`);
  for (const p of recipe.packages) {
    // apt-get would take an option or a path here; a recipe names packages only
    if (!/^[a-z0-9][a-z0-9+.-]+$/.test(p)) throw new Error(`bad Debian package name: ${p}`);
  }
}

async function build(recipe: DebianImageRecipe, tag: string): Promise<void> {
  const problem = debianImageBuildProblem();
  if (problem) throw new Error(`${tag} is not on the engine and cannot be built here: ${problem}`);
  const uri = debianArchiveUri();
  const base = await ensureBase(uri);
  const root = await newRootfsDir();
  try {
    await run('tar', ['-C', root, '--numeric-owner', '-xpf', base], { timeoutMs: STEP_GUARD_MS });
    await writeFile(join(root, 'etc/apt/sources.list'), `deb ${uri} ${DEBIAN_SUITE} main\n`);
    await rm(join(root, 'etc/apt/sources.list.d'), { recursive: true, force: true });
    await mkdir(join(root, 'etc/apt/sources.list.d'));
    await writeFile(join(root, 'etc/resolv.conf'), await readFile('/etc/resolv.conf'));
    // maintainer scripts start their daemons unless told not to: in a chroot that is the host's network
    await writeFile(join(root, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    if (recipe.prepare) await inChroot(root, recipe.prepare);
    await inChroot(root, INSTALL_SCRIPT, recipe.packages, INSTALL_GUARD_MS);
    if (recipe.setup) await inChroot(root, recipe.setup);
    const entrypoint = join(root, 'usr/local/bin/docker-entrypoint');
    await writeFile(entrypoint, recipe.entrypoint);
    await chmod(entrypoint, 0o755);
    await inChroot(root, CLEAN_SCRIPT);
    await importRootfs(root, tag, recipe.changes);
  } finally {
    await removeRootfs(root);
  }
}

/**
 * `tar -C root -c . | docker import --change … - tag` (/dev left empty: the engine fills it). The
 * import goes to a name of its own, given `tag` only when tar and docker both succeeded: a tar cut
 * short can still make an image, and under `tag` it would pass for built.
 */
async function importRootfs(root: string, tag: string, changes: string[]): Promise<void> {
  const partial = `${tag}-partial-${process.pid}`;
  const tar = start('tar', ['-C', root, '--numeric-owner', '--exclude=./dev/*', '-c', '.'], { timeoutMs: STEP_GUARD_MS, pipeOut: true });
  const args = ['import', ...changes.flatMap((c) => ['--change', c]), '-', partial];
  const imported = start('docker', args, { timeoutMs: STEP_GUARD_MS, stdin: tar.child.stdout! });
  // with nobody reading its output tar would wait for its guard
  imported.done.catch(() => tar.child.kill('SIGTERM'));
  const [tarResult, importResult] = await Promise.allSettled([tar.done, imported.done]);
  try {
    // docker's own reason first: a tar that fails after docker stopped reading says only "broken pipe"
    if (importResult.status === 'rejected') throw importResult.reason;
    if (tarResult.status === 'rejected') throw tarResult.reason;
    await dockerOk(['tag', partial, tag]);
  } finally {
    await docker(['rmi', partial]); // the name only, once tagged
  }
}

const built = new Map<string, Promise<string>>();

/**
 * Make sure the image of `recipe` is on the engine, building it when missing, and resolve with
 * its tag ({@link debianImageTag}). Memoised per process; processes building the same tag at once
 * are serialised with a lock file, so a machine builds it once. Building needs root, debootstrap
 * and the Debian archive (a first build takes minutes; the next recipe reuses the debootstrap
 * stage). Needs a Docker engine (call requireDocker first).
 */
export function ensureDebianImage(recipe: DebianImageRecipe): Promise<string> {
  checkRecipe(recipe);
  const tag = debianImageTag(recipe);
  let pending = built.get(tag);
  if (!pending) {
    pending = buildImageOnce(tag, () => build(recipe, tag), { timeoutMs: BUILD_WAIT_MS });
    built.set(tag, pending);
    pending.catch(() => built.delete(tag)); // a later call may try again
  }
  return pending;
}

// ---------------------------------------------------------------------------
// recipes
// ---------------------------------------------------------------------------

const script = (file: string) => readFileSync(fileURLToPath(new URL(`./debian-images/${file}`, import.meta.url)), 'utf8');

/** Debian bookworm's PostgreSQL major version. */
export const POSTGRES_MAJOR = '15';

/**
 * Recipe of `cos-test/postgres`: Debian's postgresql with debian-images/postgres-entrypoint.sh as
 * CMD. Debian's own cluster (made at install time) is turned off: the entrypoint makes one at
 * first start, in PGDATA=/var/lib/postgresql/data.
 */
export function postgresRecipe(): DebianImageRecipe {
  const bin = `/usr/lib/postgresql/${POSTGRES_MAJOR}/bin`;
  return {
    name: 'postgres',
    packages: ['postgresql'],
    prepare: ['mkdir -p /etc/postgresql-common', "echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf"].join(
      '\n',
    ),
    setup: [
      `test -x ${bin}/postgres`,
      'mkdir -p /var/lib/postgresql/data /run/postgresql /docker-entrypoint-initdb.d',
      'chown postgres:postgres /var/lib/postgresql/data /run/postgresql',
      'chmod 700 /var/lib/postgresql/data',
    ].join('\n'),
    entrypoint: script('postgres-entrypoint.sh'),
    changes: [
      'CMD ["/usr/local/bin/docker-entrypoint"]',
      `ENV PATH=${bin}:${CHROOT_PATH}`,
      'ENV PGDATA=/var/lib/postgresql/data',
      'ENV LANG=C.UTF-8',
      'EXPOSE 5432',
    ],
  };
}

/** Recipe of `cos-test/redis`: Debian's redis-server with debian-images/redis-entrypoint.sh as CMD. */
export function redisRecipe(): DebianImageRecipe {
  return {
    name: 'redis',
    packages: ['redis-server'],
    setup: 'mkdir -p /var/lib/redis\nchown redis:redis /var/lib/redis',
    entrypoint: script('redis-entrypoint.sh'),
    changes: ['CMD ["/usr/local/bin/docker-entrypoint"]', `ENV PATH=${CHROOT_PATH}`, 'ENV LANG=C.UTF-8', 'EXPOSE 6379'],
  };
}

/** {@link ensureDebianImage} of {@link postgresRecipe}: resolves with `cos-test/postgres:<hash>`. */
export function ensurePostgresImage(): Promise<string> {
  return ensureDebianImage(postgresRecipe());
}

/** {@link ensureDebianImage} of {@link redisRecipe}: resolves with `cos-test/redis:<hash>`. */
export function ensureRedisImage(): Promise<string> {
  return ensureDebianImage(redisRecipe());
}
