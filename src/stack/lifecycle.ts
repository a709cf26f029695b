/**
 * Starting and removing a stack: `up` (with v1's pull emulation), failure classification, log
 * collection, and a teardown that also removes by label whatever `down` left behind.
 */
import { downArgs, logsArgs, pullArgs, upArgs, type UpOptions } from '../compose/commands.js';
import type { ComposeTarget } from '../compose/types.js';
import { supports } from '../compose/version.js';
import { errorLines, logLines, pullsBegun, serviceInProgress } from '../compose/output.js';
import { readableText } from '../compose/progress-line.js';
import { leaveNetworks } from './reach.js';
import { withoutCredentialPaths } from '../docker/availability.js';
import { exec, lastLines, type ExecResult } from '../exec.js';
import { idsIn, listProject, projectContainerIds } from './by-label.js';
import { projectContainers } from './containers.js';
import type { TeardownResult } from './types.js';
import type { UpFailureKind } from '../failure-kinds.js';
import { pullTrouble } from '../docker/pull-trouble.js';
import type { ImageRecord, PullsTried, PullStageOutcome } from '../images/types.js';

/** What a failed `up` said, classified: the kind, a detail in compose's words, and the port or name it was about. */
export interface UpFailure {
  /**
   * One of the report's failure kinds, or 'stopped', which is no failure of its own: up was
   * stopped on purpose (the watch saw a service fail, or the plan was not confirmed), and the
   * failure is what made it stop.
   */
  kind: UpFailureKind | 'stopped';
  detail: string;
  /** The host port another container or process holds (port-allocated). */
  hostPort?: number;
  /** The container name another container holds (container-name-conflict). */
  containerName?: string;
  /** Failed in the pull before `up` (registry trouble through every try): the image, its services, its tries. */
  pull?: { image: string; services: string[]; tries: number };
}

/**
 * Classify a failed `up` or `pull` from its output, keeping compose's own words: the lines that
 * say what failed (not BuildKit's progress), naming the service where compose does. Pure.
 */
export function classifyUpFailure(r: Pick<ExecResult, 'stderr' | 'stdout' | 'timedOut' | 'code'>, env: NodeJS.ProcessEnv = {}): UpFailure {
  if (r.timedOut) return { kind: 'up-timeout', detail: 'compose up did not finish before startup-timeout' };
  const lines = errorLines(r.stderr, r.stdout);
  const service = serviceInProgress(r.stderr, r.stdout);
  const named = lines.some((l) => service !== undefined && l.includes(service));
  // Compose's words, without the paths of credential files (a TLS engine's certificates, an ssh key).
  const said = withoutCredentialPaths(
    `${service && !named ? `${service}: ` : ''}${lines.slice(0, 3).join(' | ') || `exit code ${r.code}`}`,
    env,
  );
  // With `--progress json` (COMPOSE_PROGRESS) the engine's words are JSON strings: read as words.
  const text = `${readableText(r.stderr)}\n${readableText(r.stdout)}`;
  const port =
    /Bind for ([^\s]+) failed: port is already allocated/i.exec(text) ??
    /listen tcp4? ([^\s:]*:\d+): bind: address already in use/i.exec(text);
  if (port || /port is already allocated|address already in use/i.test(text)) {
    const hostPort = port ? Number(/(\d+)$/.exec(port[1] as string)?.[1]) : undefined;
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
      containerName: name[1] as string,
    };
  }
  // A registry's answer to compose's own pull (one a build makes, say): before "failed to resolve reference".
  if (/toomanyrequests|pull rate limit|429 Too Many Requests/i.test(text))
    return { kind: 'registry-rate-limit', detail: `a registry refused a pull with its rate limit: ${said}` };
  if (/unexpected (HTTP )?status( code)?: 5\d\d/i.test(text))
    return { kind: 'registry-unavailable', detail: `a registry failed a pull (HTTP 5xx): ${said}` };
  if (
    /pull access denied|manifest unknown|not found: manifest|repository does not exist|no such image|failed to resolve reference|Temporary failure in name resolution|dial tcp: lookup|no such host/i.test(
      text,
    )
  ) {
    return { kind: 'image-missing', detail: `an image could not be pulled or found: ${said}` };
  }
  if (
    /failed to (solve|build)|returned a non-zero code|Service '.*' failed to build|error building|unable to prepare context|^resolve : lstat/im.test(
      text,
    )
  ) {
    return { kind: 'build-failed', detail: `building an image failed: ${said}` };
  }
  // Compose opens an SSH connection per concurrent API call (about two per service): an sshd with
  // its stock MaxStartups (10:30:100) drops some of them.
  // (`docker.example.com` is the placeholder host the docker CLI gives a connection through ssh.)
  if (
    /kex_exchange_identification|ssh_exchange_identification|command \[ssh [^\]]*\] has exited|error during connect: .*\/\/docker\.example\.com\//i.test(
      text,
    )
  ) {
    return { kind: 'engine-ssh', detail: `the SSH connection to the engine failed during up: ${said}` };
  }
  return { kind: 'up-failed', detail: said };
}

export type UpResult = ({ ok: true } | ({ ok: false } & UpFailure)) & {
  durationMs: number;
  /** The rows of the pulls with retries that followed a pull of compose's own that met registry trouble. */
  images?: ImageRecord[];
};

/**
 * After a pull of compose's own met registry trouble: the images `up` needs, pulled with retries
 * (see docker-path/pulls.ts) by `deadline` (a `performance.now()` time); `tried`: what compose was
 * pulling, each image's first try.
 */
export type Repull = (o: {
  signal?: AbortSignal;
  deadline: number;
  onLine?: (line: string) => void;
  tried: PullsTried;
}) => Promise<PullStageOutcome>;

/** Without `up --pull never` (before 2.8): check that the images of services that are not built exist here. */
async function missingImages(target: ComposeTarget & { images: string[] }, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string[]> {
  const results = await Promise.all(
    target.images.map((img) => exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', img], { env, timeoutMs })),
  );
  return target.images.filter((_, i) => results[i]?.code !== 0);
}

/**
 * A pull if emulated and `up -d`, within `budgetMs`; `signal` stops it (kind 'stopped'). When a
 * pull of compose's met registry trouble, `target.repull` pulls what is still missing with
 * retries, and `up` runs again: a stack whose images are there pays nothing for that.
 */
export async function composeUp(
  target: ComposeTarget & { images: string[]; repull?: Repull },
  options: UpOptions,
  env: NodeJS.ProcessEnv,
  budgetMs: number,
  signal?: AbortSignal,
  /** Each line `up` (and a separate `pull`) prints, as it comes. */
  onLine?: (line: string) => void,
): Promise<UpResult> {
  const started = performance.now();
  const left = (): number => Math.max(1, budgetMs - (performance.now() - started));
  const fail = (f: UpFailure): UpResult => ({ ok: false, ...f, durationMs: performance.now() - started });
  if (!supports(target.compose.version, 'up-pull') && options.pull === 'never') {
    const missing = await missingImages(target, env, left());
    if (missing.length)
      return fail({ kind: 'image-missing', detail: `pull is 'never' and these images are not on the engine: ${missing.join(', ')}` });
  }
  const stopped = (): UpResult => fail({ kind: 'stopped', detail: 'stopped before it finished' });
  const run = async (o: UpOptions): Promise<ExecResult> => {
    const pull = pullArgs(target, o);
    const pulled = pull && (await exec(pull, { cwd: target.projectDirectory, env, timeoutMs: left(), signal, onLine }));
    if (pulled && pulled.code !== 0) return pulled;
    return exec(upArgs(target, o), { cwd: target.projectDirectory, env, timeoutMs: left(), signal, onLine });
  };
  const first = await run(options);
  if (first.aborted) return stopped();
  if (first.code === 0) return { ok: true, durationMs: performance.now() - started };
  if (!target.repull || first.timedOut || !pullTrouble(`${first.stderr}\n${first.stdout}`)) return fail(classifyUpFailure(first, env));
  const said = withoutCredentialPaths(errorLines(first.stderr, first.stdout)[0] ?? `exit code ${first.code}`, env);
  const tried = { ...pullsBegun(first.stderr), said };
  const staged = await target.repull({ signal, deadline: started + budgetMs, onLine, tried });
  const images = staged.records.some((r) => r.state !== 'present') ? { images: staged.records } : {};
  if (signal?.aborted) return { ...stopped(), ...images };
  if (!staged.ok) {
    const pull = { image: staged.image, services: staged.services, tries: staged.tries };
    return { ...fail({ kind: staged.kind, detail: staged.detail, pull }), ...images };
  }
  // Nothing was missing: compose's trouble was not with the images up pulls (a build's base, say).
  if (!staged.pulledAny) return { ...fail(classifyUpFailure(first, env)), ...images };
  // Every image was pulled just now (`pull: always`): compose need not pull them again, a second
  // request the registry would count, and that no retry covers.
  const again = await run(staged.pulledAll && options.pull === 'always' ? { ...options, pull: 'missing' } : options);
  if (again.aborted) return { ...stopped(), ...images };
  if (again.code !== 0) return { ...fail(classifyUpFailure(again, env)), ...images };
  return { ok: true, durationMs: performance.now() - started, ...images };
}

/** The last `tail` log lines of each service, by service. Best effort, short. */
export async function serviceLogs(
  target: ComposeTarget,
  services: string[],
  tail: number,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  await Promise.all(
    services.map(async (service) => {
      const r = await exec(logsArgs(target, [service], tail), { cwd: target.projectDirectory, env, timeoutMs: 5000 });
      out.set(service, logLines(r.stdout).slice(-tail));
    }),
  );
  return out;
}

/** Remove containers at once (killed, with their anonymous volumes); the engine does them side by side. */
function removeContainers(ids: string[], env: NodeJS.ProcessEnv): Promise<ExecResult | undefined> {
  return ids.length ? exec(['docker', 'rm', '--force', '--volumes', ...ids], { env, timeoutMs: 30_000 }) : Promise.resolve(undefined);
}

/** Networks and volumes, side by side: once no container uses them. */
function removeNetworksAndVolumes(nets: string[], vols: string[], env: NodeJS.ProcessEnv): Promise<Array<ExecResult | undefined>> {
  return Promise.all([
    nets.length ? exec(['docker', 'network', 'rm', ...nets], { env, timeoutMs: 30_000 }) : undefined,
    vols.length ? exec(['docker', 'volume', 'rm', '--force', ...vols], { env, timeoutMs: 30_000 }) : undefined,
  ]);
}

/**
 * Remove a failed stack at once, for the fallback waits on it: every container killed and
 * removed side by side (those the watch knows at once, any other the label finds as soon as it
 * is found; `keep` ones once `meanwhile` is done, their logs read, say), then the project's
 * networks and volumes by label. Compose's own `down` (and a sweep) only for what that left, or
 * when the engine could not be asked.
 */
export async function removeAtOnce(
  target: ComposeTarget,
  env: NodeJS.ProcessEnv,
  o: {
    known: string[];
    keep?: string[];
    meanwhile?: () => Promise<unknown>;
    /**
     * `up` was killed mid-way: a create call it had in flight may land after the label was asked,
     * so look once more (not needed when the post step will look).
     */
    lookAgain?: boolean;
  },
): Promise<TeardownResult> {
  const started = performance.now();
  const keep = o.keep ?? [];
  const project = target.projectName;
  // A network this step's container joined (a container job) cannot be removed while it is on it.
  const notLeft = await leaveNetworks(project, env);
  const removals: Array<Promise<ExecResult | undefined>> = [
    removeContainers(
      o.known.filter((id) => !keep.includes(id)),
      env,
    ),
    (o.meanwhile?.() ?? Promise.resolve()).catch(() => undefined).then(() => removeContainers(keep, env)),
  ];
  const [ps, nets, vols] = await listProject(project, env);
  removals.push(
    removeContainers(
      idsIn(ps).filter((id) => !o.known.includes(id)),
      env,
    ),
  );
  const removed = await Promise.all(removals);
  const dropped = await removeNetworksAndVolumes(idsIn(nets), idsIn(vols), env);
  const failed = notLeft.length > 0 || [ps, nets, vols, ...removed, ...dropped].some((r) => r !== undefined && r.code !== 0);
  const late = !failed && o.lookAgain ? await projectContainerIds(project, env) : [];
  if (!failed && late.length === 0) return { ok: true, detail: `removed project ${project}`, durationMs: performance.now() - started };
  const rest = await removeStack(target, env, { afterStoppedUp: o.lookAgain });
  return { ...rest, durationMs: performance.now() - started };
}

export interface RemoveOptions {
  /** `up` was killed mid-way: a create call it had in flight may land later; look until none is left. */
  afterStoppedUp?: boolean;
}

/**
 * Remove this project's stack: `down --volumes --remove-orphans`, then remove by label anything
 * still there (down cannot run when the compose files are gone). Safe to run twice.
 */
export async function removeStack(target: ComposeTarget, env: NodeJS.ProcessEnv, options: RemoveOptions = {}): Promise<TeardownResult> {
  const started = performance.now();
  const notes: string[] = [];
  // Before `down`: it cannot remove a network that this step's container (a container job) is on.
  const notLeft = await leaveNetworks(target.projectName, env);
  if (notLeft.length) notes.push(`this container could not leave network(s) ${notLeft.join(', ')}`);
  const down = await exec(downArgs(target), { cwd: target.projectDirectory, env, timeoutMs: 60_000 });

  /** Remove by label whatever is still there: how many containers were, or undefined when the engine could not be asked. */
  let unreachable = '';
  const sweep = async (): Promise<number | undefined> => {
    const [left, nets, vols] = await listProject(target.projectName, env);
    if (left.code !== 0) {
      unreachable = lastLines(left.stderr, 1) || (left.timedOut ? 'no answer in time' : `exit code ${left.code}`);
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
  if (options.afterStoppedUp && found !== undefined && found > 0) found = await sweep();
  const asked = found !== undefined;

  const downFailed = down.code !== 0 ? `compose down failed (${lastLines(down.stderr, 1) || `exit code ${down.code}`})` : undefined;
  if (!asked) {
    // Nothing was removed: say so, not "removed by label".
    notes.push(
      `${downFailed ? `${downFailed}, and the` : 'The'} engine could not be asked to remove anything (${unreachable}): the stack may still run there`,
    );
  } else if (downFailed) notes.push(`${downFailed}; removed by label instead`);
  const remaining = asked && found ? await projectContainers(target.projectName, env).catch(() => []) : [];
  const ok = remaining.length === 0 && asked;
  if (remaining.length) notes.push(`${remaining.length} container(s) could not be removed: ${remaining.map((c) => c.name).join(', ')}`);
  return {
    ok,
    detail: notes.length ? notes.join('; ') : `removed project ${target.projectName}`,
    durationMs: performance.now() - started,
  };
}
