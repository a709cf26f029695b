/**
 * Docker helpers for tests: detect an engine, skip (or fail on CI) without
 * one, and list/remove everything a Compose project left behind.
 */
import { execFile } from 'node:child_process';
import type { TestContext } from 'node:test';

/** Result of {@link dockerEngine}. */
export interface DockerEngine {
  available: boolean;
  /** Why no engine is usable, or a short description of the engine found. */
  reason: string;
  /** Server (engine) version, when available. */
  version?: string;
}

/** Everything labelled `com.docker.compose.project=<project>`. */
export interface ProjectResources {
  /** Container names (running or not). */
  containers: string[];
  /** Network names. */
  networks: string[];
  /** Volume names. */
  volumes: string[];
}

/** Result of a finished docker CLI call. */
export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the docker CLI without a shell. Never rejects for a non-zero exit
 * (look at `code`); rejects only when the CLI cannot be started. A timeout
 * kills the CLI and yields code 124.
 */
export function docker(args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'docker',
      args,
      { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(err);
        const e = err as (Error & { code?: number | string; killed?: boolean }) | null;
        const code = e ? (e.killed ? 124 : typeof e.code === 'number' ? e.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    child.stdin?.on('error', () => {
      /* the CLI may exit before reading stdin */
    });
    child.stdin?.end(opts.input ?? '');
  });
}

/** Like {@link docker} but rejects with the CLI's stderr on a non-zero exit; resolves with trimmed stdout. */
export async function dockerOk(args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<string> {
  const r = await docker(args, opts);
  if (r.code !== 0) {
    throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return r.stdout.trim();
}

let engine: Promise<DockerEngine> | undefined;

/**
 * Is a Docker engine reachable? Runs `docker version --format '{{.Server.Version}}'`
 * with a short timeout. The result is cached for the life of the process.
 */
export function dockerEngine(): Promise<DockerEngine> {
  engine ??= (async (): Promise<DockerEngine> => {
    let r: DockerResult;
    try {
      r = await docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 10_000 });
    } catch (err) {
      return { available: false, reason: `docker CLI not found (${(err as Error).message})` };
    }
    const version = r.stdout.trim();
    if (r.code === 124) return { available: false, reason: '`docker version` timed out after 10s' };
    if (r.code !== 0 || version === '') {
      const detail = (r.stderr.trim() || r.stdout.trim() || `exit code ${r.code}`).split('\n').slice(-3).join(' ');
      return { available: false, reason: `no Docker engine reachable: ${detail}` };
    }
    return { available: true, reason: `Docker engine ${version}`, version };
  })();
  return engine;
}

/**
 * Gate a test on a Docker engine. Without one: throws when `CI=true` (CI must
 * not silently skip), otherwise marks the test skipped and returns false —
 * the caller must then `return`.
 *
 * @example
 * test('compose up', async (t) => {
 *   if (!(await requireDocker(t))) return;
 *   ...
 * });
 */
export async function requireDocker(t: TestContext): Promise<boolean> {
  const e = await dockerEngine();
  if (e.available) return true;
  if (process.env.CI === 'true') {
    throw new Error(`these tests need a Docker engine (CI=true, so they are not skipped): ${e.reason}`);
  }
  t.skip(`needs a Docker engine: ${e.reason}`);
  return false;
}

/** Which builder made the image of a service's container, read from the image's history. */
export async function builtWith(project: string, service: string): Promise<'buildkit' | 'classic'> {
  const image = await dockerOk([
    'ps',
    '--all',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    `label=com.docker.compose.service=${service}`,
    '--format',
    '{{.Image}}',
  ]);
  if (!image) throw new Error(`builtWith: no container of ${service} in ${project}`);
  // BuildKit marks every layer it writes in the image's history; the classic builder leaves the
  // comment empty. (The image's `Container` field, once the classic builder's trace, is gone from
  // the API since Engine 25.)
  const comments = await dockerOk(['history', '--no-trunc', '--format', '{{.Comment}}', image.split('\n')[0]!]);
  return comments.includes('buildkit.dockerfile') ? 'buildkit' : 'classic';
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * List the containers (including stopped ones), networks and volumes labelled
 * `com.docker.compose.project=<project>`. Compose normalises project names
 * (lower case, characters other than [a-z0-9_-] dropped: `-p My_Proj` gives
 * `my_proj`), and the label holds the normalised name, so pass that.
 */
export async function projectResources(project: string): Promise<ProjectResources> {
  const filter = ['--filter', `label=com.docker.compose.project=${project}`];
  const [containers, networks, volumes] = await Promise.all([
    dockerOk(['ps', '-a', ...filter, '--format', '{{.Names}}']),
    dockerOk(['network', 'ls', ...filter, '--format', '{{.Name}}']),
    dockerOk(['volume', 'ls', ...filter, '--format', '{{.Name}}']),
  ]);
  return { containers: lines(containers), networks: lines(networks), volumes: lines(volumes) };
}

/**
 * Force-remove every container (with its anonymous volumes), network and
 * volume of a Compose project, and the images compose built for it
 * (`<project>_<service>` on v1, `<project>-<service>` on v2), so test runs do
 * not pile up images. Meant for test cleanup after failures: it does not throw
 * when something is already gone, only when a container, network or volume is
 * still there afterwards. Resolves with what was found (and removed).
 */
export async function removeProject(project: string): Promise<ProjectResources> {
  const found = await projectResources(project);
  if (found.containers.length) await docker(['rm', '-f', '-v', ...found.containers]);
  const built = lines(
    (
      await docker([
        'images',
        '--format',
        '{{.Repository}}:{{.Tag}}',
        '--filter',
        `reference=${project}_*`,
        '--filter',
        `reference=${project}-*`,
      ])
    ).stdout,
  );
  if (built.length) await docker(['rmi', ...built]);
  if (found.networks.length) await docker(['network', 'rm', ...found.networks]);
  if (found.volumes.length) await docker(['volume', 'rm', '-f', ...found.volumes]);
  const left = await projectResources(project);
  const remaining = [...left.containers, ...left.networks, ...left.volumes];
  if (remaining.length) throw new Error(`removeProject(${project}): could not remove ${remaining.join(', ')}`);
  return found;
}
