/**
 * What to change, for every known failure: one table keyed by {@link FailureKind}, so the same
 * failure always gets the same advice, refined by the facts the check carries in `data`. Written
 * for a CI engineer: short, concrete, naming the input (or variable) to change. Pure.
 *
 * Hints quote input names and values in backticks; the renderers turn those into code spans.
 *
 * The facts a hint reads are the check's `data`, typed per check id in report/check-data.ts (the
 * status a probe got, the path and the input that set it, the endpoint tried, the file, service,
 * image or port a failure is about, `startup-timeout` in seconds, …). A hint without them is still
 * useful.
 */
import type { Check } from './model.js';
import type { FactName } from './check-data.js';
import type { FailureKind } from '../failure-kinds.js';
import type { InputName } from '../input-names.js';

/** A value quoted for a hint: backticks inside it would break the code span. */
function q(v: string | number): string {
  return `\`${String(v).replace(/`/g, "'")}\``;
}

/** An input of action.yml, quoted: a name that is not one is a type error. */
const inputQ = (name: InputName): string => q(name);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v ? [v] : [];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** At most `n` items, then "and N more". */
function list(items: string[], n = 5): string {
  const shown = items.slice(0, n).join(', ');
  return items.length > n ? `${shown} and ${items.length - n} more` : shown;
}

interface Facts {
  check: Check;
  /** The check's facts, read through the guards above: a name no check carries does not compile. */
  data: Readonly<Partial<Record<FactName, unknown>>>;
  staging: boolean;
}

const isStaging = (c: Check): boolean => c.id === 'staging' || c.id.startsWith('staging.');
const isWebSocket = (c: Check): boolean => /(^|\.)websocket$/.test(c.id);

/** The input that set the path a probe used. */
function pathInput(f: Facts): string {
  const given = str(f.data.input);
  if (given) return given;
  if (isWebSocket(f.check)) return 'websocket-path';
  if (/auth/.test(f.check.id)) return 'auth-health-path';
  return 'health-path';
}

/** The staging URL input a staging check probed. */
function urlInput(c: Check): InputName {
  if (isWebSocket(c)) return 'staging-websocket-url';
  if (/auth/.test(c.id)) return 'staging-auth-url';
  return 'staging-backend-url';
}

/** "`health-path` (currently `/health`)" when the path is known, else the URL probed when that is. */
function currently(f: Facts): string {
  const p = str(f.data.path);
  const url = str(f.data.url);
  return `${q(pathInput(f))}${p ? ` (currently ${q(p)})` : url ? ` (probed ${q(url)})` : ''}`;
}

const serviceName = (f: Facts, fallback: string): string => {
  const s = str(f.data.service);
  return s ? q(s) : fallback;
};

function timeoutNote(f: Facts, input: InputName): string {
  const s = num(f.data.timeoutSeconds);
  return `${q(input)}${s !== undefined ? ` (currently ${s} s)` : ''}`;
}

const HINTS: Record<FailureKind, (f: Facts) => string> = {
  'docker-slow': () =>
    'Docker is there but answered too slowly, twice: the runner is overloaded (fewer jobs at once on a self-hosted runner, or a bigger one), or the daemon hangs (`sudo systemctl restart docker`). Nothing is missing: do not install anything.',
  'invalid-input': (f) => {
    const declaration = str(f.data.declaration);
    if (declaration)
      return `Fix the \`${declaration}\` readiness of service ${q(str(f.data.service) ?? '?')} in the compose file (the detail says what it accepts; docs/readiness.md, "When is a service ready?", shows each check); nothing was started.`;
    const input = str(f.data.input);
    return `Fix ${input ? q(input) : 'the input'} in the step's \`with:\` (the detail says what it accepts); nothing was started.`;
  },
  internal: () =>
    'The action failed in a way it does not know: the detail holds the error. Re-run the job; if it happens again, open an issue with the job summary and the report attached.',
  'no-cli': () =>
    'The docker CLI is not on PATH: use a runner with Docker (ubuntu-latest has it; macOS and Windows runners do not run Linux containers) or install it; set `mode: staging` to skip Docker.',
  'daemon-down': (f) => {
    const ep = str(f.data.endpoint);
    return `No Docker daemon answered${ep ? ` at ${q(ep)}` : ''}: start the daemon, use a runner with Docker (ubuntu-latest), or point \`DOCKER_HOST\` at a reachable engine.`;
  },
  'socket-permission': (f) => {
    const ep = str(f.data.endpoint);
    return `Permission denied on the Docker socket${ep ? ` ${q(ep)}` : ''}: add the runner's user to the \`docker\` group (and restart the runner service) or fix the socket's owner and mode.`;
  },
  'bad-context': (f) => {
    const ep = str(f.data.endpoint);
    return `The Docker context cannot be used${ep ? ` (${q(ep)})` : ''}: unset or fix \`DOCKER_CONTEXT\` / \`DOCKER_HOST\`, or run \`docker context use default\` before this step.`;
  },
  'engine-ssh': (f) => {
    const ep = str(f.data.endpoint);
    // Connected at first, dropped later (during up), or refused at the key exchange: sshd's limits.
    if (f.check.id !== 'docker.availability' || /kex_exchange_identification|ssh_exchange_identification/i.test(f.check.detail))
      return `The engine's sshd dropped connections: compose opens one SSH connection per call it makes at once (about two per service), and sshd's stock \`MaxStartups 10:30:100\` refuses the excess. On the engine's host, raise \`MaxStartups\` (e.g. \`100:30:200\`) and \`MaxSessions\` in \`sshd_config\`; or open one tunnel before this step (\`ssh -fNT -L $RUNNER_TEMP/docker.sock:/var/run/docker.sock <user>@<host>\`, then \`DOCKER_HOST=unix://…/docker.sock\` and \`url-host: <host>\`), or reach the engine over \`tcp://\` with TLS.`;
    return `The runner's \`ssh\` could not reach the engine${ep ? ` at ${q(ep)}` : ''} without a prompt: load the key (an ssh-agent step, or \`IdentityFile\` in \`~/.ssh/config\`), add the host's key to \`~/.ssh/known_hosts\` (\`ssh-keyscan -p <port> <host>\`), and let the remote user run \`docker\` (the \`docker\` group). \`ssh <user>@<host> docker version\` on the runner shows the same failure.`;
  },
  'engine-tls': (f) => {
    const ep = str(f.data.endpoint);
    return `The TLS connection to the engine${ep ? ` at ${q(ep)}` : ''} failed: \`DOCKER_CERT_PATH\` (or the context's TLS files: \`docker context create … --docker host=…,ca=…,cert=…,key=…\`) must hold this engine's \`ca.pem\` and a client \`cert.pem\` / \`key.pem\` it accepts, with \`DOCKER_TLS_VERIFY=1\`; the server's certificate must name the host in \`DOCKER_HOST\`; an engine without TLS (port 2375) needs \`DOCKER_TLS_VERIFY\` unset.`;
  },
  'compose-missing': () =>
    'Docker answered but Compose is missing: install the compose plugin (package `docker-compose-plugin`) or a standalone `docker-compose` on the runner.',
  'file-found-elsewhere': (f) => {
    const at = strings(f.data.foundAt);
    if (at.length === 1) return `Set ${inputQ('compose-files')} to ${q(at[0]!)} (relative to ${inputQ('working-directory')}).`;
    if (at.length > 1) return `Set ${inputQ('compose-files')} to the one you mean: ${list(at.map((a) => q(a)))}.`;
    return `The compose file is not where ${inputQ('compose-files')} says but exists elsewhere: set ${inputQ('compose-files')} to the path shown (relative to ${inputQ('working-directory')}).`;
  },
  'file-missing': (f) => {
    const file = str(f.data.file);
    return `${file ? `${q(file)} does not exist: ` : ''}fix the path in ${inputQ('compose-files')} (relative to ${inputQ('working-directory')}), or check that an earlier step created the file.`;
  },
  'no-compose-file': () =>
    'No compose file was found in `working-directory` or its `docker/`, `.docker/`, `deploy/`, `compose/` folders: set `compose-files`, or `working-directory` to the folder that holds it.',
  'config-invalid': (f) => {
    const loc = f.check.location;
    const where = loc ? ` at ${q(`${loc.file}${loc.line ? `:${loc.line}` : ''}`)}` : '';
    return `\`compose config\` rejected the file${where}: fix the error shown (reproduce with \`docker compose config\`); variables it needs must be set in the job's env or an env file.`;
  },
  'compose-too-old': (f) => {
    const needed = str(f.data.needed);
    const have = str(f.data.compose);
    const loc = f.check.location;
    const where = loc ? ` (${q(`${loc.file}:${loc.line ?? ''}`.replace(/:$/, ''))})` : '';
    const target = needed ? `compose ${q(needed)} or later` : 'a newer compose';
    return `The compose file uses a key${where} that ${have ? `compose ${q(have)}` : 'this compose'} does not know: run on a runner with ${target} (GitHub's hosted runners have the \`docker compose\` v2 plugin), install the compose plugin there, or remove the key.`;
  },
  'dockerfile-missing': (f) => {
    const missing = Array.isArray(f.data.missing) ? (f.data.missing as Array<Record<string, unknown>>) : [];
    const parts = missing.slice(0, 3).map((m) => {
      const what = str(m.kind) === 'env_file' ? 'env file' : (str(m.kind) ?? 'path');
      const svc = str(m.service);
      const nearest = str(m.nearest);
      return `${svc ? `${q(svc)}: ` : ''}${what} ${q(str(m.path) ?? '?')} is missing${nearest ? `, nearest match ${q(nearest)}` : ''}`;
    });
    const more = missing.length > 3 ? `; and ${missing.length - 3} more` : '';
    return `Fix the path in the compose file, or set ${inputQ('project-directory')} to the folder build paths are relative to${parts.length ? ` (${parts.join('; ')}${more})` : ''}.`;
  },
  'service-missing': (f) => {
    const query = str(f.data.query);
    const input = str(f.data.input) ?? 'backend-service';
    const candidates = strings(f.data.candidates);
    return `${query ? `No service matches ${q(query)}: ` : ''}set ${q(input)} (or ${inputQ('services')}) to a service in the stack${
      candidates.length
        ? `: ${list(
            candidates.map((c) => q(c)),
            8,
          )}`
        : ''
    }.`;
  },
  'service-ambiguous': (f) => {
    const query = str(f.data.query);
    const input = str(f.data.input) ?? 'backend-service';
    const candidates = strings(f.data.candidates);
    return `${
      query
        ? `${q(query)} matches several services${
            candidates.length
              ? ` (${list(
                  candidates.map((c) => q(c)),
                  8,
                )})`
              : ''
          }: `
        : ''
    }name one of them exactly in ${q(input)}.`;
  },
  'service-not-started': (f) => {
    const svc = str(f.data.service);
    const input = str(f.data.input) ?? 'backend-service';
    const why = str(f.data.why);
    const named = svc ? q(svc) : 'The service';
    const start = why?.startsWith('up-flags')
      ? `drop ${q(why.replace(/^up-flags /, ''))} from ${inputQ('up-flags')}`
      : `start one with ${inputQ('up-flags')} ${q(`--scale ${svc ?? '<service>'}=1`)}`;
    return `${named} starts no container${why ? ` (${q(why)})` : ''}, so compose creates none for it: ${input === 'services' ? `remove it from ${inputQ('services')}` : `set ${q(input)} to a service that starts`}, or ${start}.`;
  },
  'port-not-published': (f) => {
    const port = num(f.data.containerPort);
    const svc = serviceName(f, 'the backend service');
    const input = str(f.data.input) ?? (/auth/.test(f.check.id) ? 'auth-port' : 'backend-port');
    return `Publish the container port: add \`ports: ["${port ?? 8000}"]\` to ${svc} in the compose file, or set ${q(input)} to the port it listens on${port !== undefined ? ` (currently ${port})` : ''}.`;
  },
  'port-allocated': (f) => {
    const hostPort = num(f.data.port) ?? /(\d+)\s*$/.exec(str(f.data.port) ?? '')?.[1];
    const svc = str(f.data.service);
    const variable = str(f.data.variable);
    const written = str(f.data.written);
    const whose = `${svc ? ` asked for by ${q(svc)}` : ''}${written ? ` (${q(written)})` : ''}`;
    const fix = variable
      ? `set ${q(variable)} to a free port in the step's env`
      : `publish a random host port (\`"${hostPort ?? 8000}"\` style, only the container port)`;
    return `The host port${hostPort !== undefined ? ` ${hostPort}` : ''}${whose} is taken by another container or process on this engine (another job's stack?): ${fix}, set ${inputQ('isolate')}: true (compose 2.24.4 or later: every fixed host port becomes a random one), or free the port.`;
  },
  'container-name-conflict': (f) => {
    const name = str(f.data.containerName);
    const svc = str(f.data.service);
    return `The fixed ${q('container_name')}${name ? ` ${q(name)}` : ''}${svc ? ` of ${q(svc)}` : ''} is held by another container on this engine (another job's stack, or one left behind): set ${inputQ('isolate')}: true (compose 2.24.4 or later: fixed names are reset, and kept as network aliases), remove the fixed name from the compose file (compose names containers per project), or remove that container before this step.`;
  },
  'image-missing': (f) => {
    const img = str(f.data.image);
    return `An image${img ? ` (${q(img)})` : ''} could not be pulled: check its name and tag, log in to its registry before this step (docker/login-action), or set ${inputQ('build')}: true if it is built here; with ${inputQ('pull')}: never it must already be on the runner. A registry outage or a pull limit: ${inputQ('cache-images')}: true restores the images a run saved before.`;
  },
  'registry-rate-limit': (f) => {
    const img = str(f.data.image);
    const tries = num(f.data.tries);
    return `The registry${img ? ` of ${q(img)}` : ''} refused pulls with its rate limit (HTTP 429, \`toomanyrequests\`)${tries !== undefined ? ` through ${tries} tries` : ''}: log in to it before this step (\`docker login\`, or docker/login-action: Docker Hub counts an account's pulls, not the runner address's, and allows more), set ${inputQ('cache-images')}: true (the images a run saved come back from the Actions cache, without a pull), or pull through a registry mirror (\`registry-mirrors\` in the engine's \`daemon.json\`, or the images copied to a registry of your own).`;
  },
  'registry-unavailable': (f) => {
    const img = str(f.data.image);
    const tries = num(f.data.tries);
    return `The registry${img ? ` of ${q(img)}` : ''} kept failing (HTTP 5xx, timeouts or reset connections)${tries !== undefined ? ` through ${tries} tries` : ''}: an outage on its side (see its status page); re-run the job later. ${inputQ('cache-images')}: true restores the images a run saved before, even while the registry is down, and a registry mirror (\`registry-mirrors\` in the engine's \`daemon.json\`) spares the runner its bad hours.`;
  },
  'build-failed': () =>
    "Building an image failed: the detail holds compose's own error (the failing step and why); reproduce it with `docker compose build` from the project directory, and check the build context, the Dockerfile and `project-directory`.",
  'up-failed': () =>
    "`compose up` failed: the detail holds compose's own error; check the compose file and `up-flags` (reproduce it with `docker compose up` from the project directory).",
  'up-timeout': (f) =>
    `\`compose up\` did not finish within ${timeoutNote(f, 'startup-timeout')}: raise it, or make pulls faster (smaller images, fewer of them, a registry near the runner).`,
  unhealthy: (f) =>
    `${serviceName(f, 'A service')} is unhealthy: read its last healthcheck output and log lines; if it only starts slowly, raise ${inputQ('startup-timeout')}.`,
  exited: (f) => {
    const code = num(f.data.exitCode);
    return `${serviceName(f, 'A service')} exited${code !== undefined ? ` with code ${code}` : ''}: read its last log lines (a missing env var, a failed migration, a crash at start); raise ${inputQ('startup-timeout')} only if a dependency was slow.`;
  },
  restarting: (f) =>
    `${serviceName(f, 'A service')} keeps restarting: read its last log lines for the crash at start (often a missing env var or a dependency not ready); raise ${inputQ('startup-timeout')} if it needs longer.`,
  'wait-timeout': (f) => {
    const waiting = strings(f.data.waiting);
    return `The stack was not healthy within ${timeoutNote(f, 'startup-timeout')}${waiting.length ? `, still waiting for ${list(waiting.map((w) => q(w)))}` : ''}: read the failed services' logs; raise ${inputQ('startup-timeout')} if it is only slow.`;
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
    if (/expired|not yet valid/i.test(why)) return `The server's certificate is expired or not yet valid: renew it on the server.`;
    if (/another host name|altname|host ?name/i.test(why))
      return `The certificate is for another host name: use the host name it names in ${input}.`;
    if (/self-signed|unknown issuer|issuer|UNABLE_TO/i.test(why))
      return "The certificate is not trusted: set `NODE_EXTRA_CA_CERTS` (job env) to your CA's PEM file.";
    if (/wrong version|not a TLS/i.test(why))
      return `The server does not speak TLS on that port: use http:// / ws:// in ${input}, or the TLS port.`;
    return `TLS failed: for a private CA set \`NODE_EXTRA_CA_CERTS\` to its PEM file; check that the certificate is not expired and names the host in ${input}.`;
  },
  dns: (f) =>
    f.staging
      ? `The host name does not resolve: check the host in ${inputQ(urlInput(f.check))} (a typo, or a private name this runner cannot resolve?).`
      : 'A host name does not resolve from the runner: check `DOCKER_HOST` and the URL in the detail.',
  refused: (f) => {
    if (f.staging)
      return `Nothing accepts connections there: check the port in ${inputQ(urlInput(f.check))} and that the deployment is up.`;
    const port = num(f.data.containerPort);
    return `Nothing listens on the published port: check that ${q(/auth/.test(f.check.id) ? 'auth-port' : 'backend-port')}${port !== undefined ? ` (currently ${port})` : ''} is the port the service listens on inside the container, on 0.0.0.0 rather than 127.0.0.1.`;
  },
  timeout: (f) =>
    f.staging
      ? `No answer within ${timeoutNote(f, 'staging-timeout')}: check that the runner can reach ${inputQ(urlInput(f.check))} (firewall, VPN, private network), or raise ${inputQ('staging-timeout')}.`
      : `No answer in time: read the service's log; raise ${inputQ('startup-timeout')} if the service is only slow.`,
  'probe-error': (f) =>
    `The probe failed before any answer: read the detail; check the URL${f.staging ? ` in ${inputQ(urlInput(f.check))}` : ''} and any proxy settings (\`HTTPS_PROXY\`, \`NO_PROXY\`).`,
  'windows-engine': () =>
    "This runner's Docker runs Windows containers only (Docker on `windows-latest`), and the stack's images are Linux ones: run the job on an Ubuntu runner (`runs-on: ubuntu-latest`), or set `mode`: staging to test against staging without trying Docker.",
  'cache-service': () =>
    'The Actions cache service failed or did not answer in time: the images were pulled instead, and the step went on. Nothing to change when it is rare (see https://www.githubstatus.com); `cache-images`: false spares the try.',
  reset: (f) =>
    `The server closed the connection: check the scheme and port${f.staging ? ` in ${inputQ(urlInput(f.check))}` : ''} (plain HTTP behind https:// or the reverse), or a proxy in between.`,
};

/** What to change for a failed check: its own hint, else the table's for its failure kind. */
export function hintFor(check: Check): string | undefined {
  if (check.hint) return check.hint;
  if (!check.failure) return undefined;
  const hint = HINTS[check.failure];
  if (!hint) return undefined; // a kind from newer data than this code
  // One hint serves checks of several ids: it reads their facts (report/check-data.ts) through the guards above.
  return hint({ check, data: (check.data ?? {}) as Facts['data'], staging: isStaging(check) });
}
