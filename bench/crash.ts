/**
 * From a crash to the decision: the seeds' 8 services (makeSeedsRepo, healthchecks every second)
 * with the worker and nginx behind the backend's `service_healthy`, so `up` still waits on the
 * backend when it exits 1, 3 s after it starts (it never answers 2xx); staging healthy, every input
 * at its default but project-name and the staging URLs. The figure: from the engine's `die` event of
 * the backend to the end of the main step, whatever the step does in between (the removal of the
 * failed stack included, wherever it runs).
 *
 * Beside it, the engine's removal of the stack, from its `docker events`: from the first `kill` or
 * `destroy` of a container of the project after the crash to the last `destroy`, waiting for it
 * (up to 60 s) when it ends after the step.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ComposeUnderTest } from '../__tests__/support/compose.js';
import { projectResources } from '../__tests__/support/docker.js';
import { makeSeedsRepo } from '../__tests__/support/repos.js';
import { startStagingServer, type StagingServer } from '../__tests__/support/staging.js';
import { freePort, mainStep, projectName, removeAll, sleep, stageMs, TRACE, composeLabel, alternate } from './common.js';
import type { Bench } from './common.js';
import { figure, median, type Row } from './stats.js';

/** An event of the project's containers, on the engine's clock (ms since the epoch). */
interface EngineEvent {
  at: number;
  action: string;
  service: string;
}

/** Follow the project's `die`, `kill` and `destroy` events from now on. */
async function followEvents(project: string): Promise<{ events: EngineEvent[]; stop: () => void }> {
  const events: EngineEvent[] = [];
  const child: ChildProcessWithoutNullStreams = spawn('docker', [
    'events',
    ...['--filter', 'type=container', '--filter', `label=com.docker.compose.project=${project}`],
    ...['--filter', 'event=die', '--filter', 'event=kill', '--filter', 'event=destroy'],
    ...['--format', '{{.TimeNano}} {{.Action}} {{index .Actor.Attributes "com.docker.compose.service"}}'],
  ]);
  let rest = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const [nano, action, service] of lines.map((l) => l.split(' '))) {
      if (nano && action && service) events.push({ at: Number(BigInt(nano) / 1_000_000n), action, service });
    }
  });
  await sleep(300); // let `docker events` subscribe
  return { events, stop: () => void child.kill() };
}

/** Wait until no container of the project is left (or 60 s), and give the engine's removal span after `died`. */
async function removalSpan(project: string, events: EngineEvent[], died: number): Promise<number> {
  const until = performance.now() + 60_000;
  while ((await projectResources(project)).containers.length && performance.now() < until) await sleep(100);
  await sleep(300); // the last events reach the stream
  const after = events.filter((e) => e.at >= died && (e.action === 'kill' || e.action === 'destroy'));
  const destroys = after.filter((e) => e.action === 'destroy');
  if (!after.length || !destroys.length) return NaN;
  return Math.max(...destroys.map((e) => e.at)) - Math.min(...after.map((e) => e.at));
}

/** BENCH_TRACE=1: what the step printed (the lines it wrote), with each one's time from the crash. */
function tracer(): { onStdout: (all: string) => void; print: (died: number) => void } {
  const lines: Array<[number, string]> = [];
  let seen = 0;
  return {
    onStdout: (all) => {
      const at = Date.now();
      for (const line of all.slice(seen).split('\n').filter(Boolean)) lines.push([at, line]);
      seen = all.length;
    },
    print: (died) => {
      for (const [at, line] of lines.filter(([t]) => t - died > -1000))
        console.log(`${String(Math.round(at - died)).padStart(7)} ms  ${line.slice(0, 200)}`);
    },
  };
}

interface CrashRound {
  /** From the backend's `die` to the main step's end. */
  ms: number;
  /** The engine's removal span (first kill or destroy to last destroy). */
  removal: number;
  /** The report's docker.teardown stage, NaN when the step has none. */
  teardown: number;
}

async function crashOnce(
  bench: Bench,
  c: ComposeUnderTest,
  staging: [StagingServer, StagingServer],
  round: number | string,
): Promise<CrashRound> {
  const ws = makeSeedsRepo({
    image: bench.image,
    databases: bench.databases,
    backendPort: await freePort(),
    interval: '1s',
    dependents: 'service_healthy',
    backendEnv: { READY_AFTER_MS: '600000', EXIT_AFTER_MS: '3000', EXIT_CODE: '1' },
  });
  const project = projectName('crash', c, round, 'act');
  const { events, stop } = await followEvents(project);
  const trace = tracer();
  let cleanup = (): void => undefined;
  try {
    const [backend, auth] = staging;
    const run = await mainStep(
      {
        workspace: ws,
        inputs: {
          'project-name': project,
          'staging-backend-url': backend.baseUrl,
          'staging-websocket-url': backend.wsUrl,
          'staging-auth-url': auth.baseUrl,
        },
        env: { ...c.env, ...(TRACE ? { RUNNER_DEBUG: '1' } : {}) },
        onStdout: trace.onStdout,
      },
      'staging',
    );
    cleanup = run.cleanup; // after the removal: a removal in the background may write under RUNNER_TEMP
    const teardown = stageMs(run.main, 'docker.teardown');
    if (!(run.main.outputs.reason ?? '').includes('alpine-test-backend'))
      throw new Error(`not the backend's crash: ${run.main.outputs.reason}`);
    // `docker events` may print the die event after a step that ended at once (the removal is left
    // to the background): wait for it a little.
    const backendDied = (): number | undefined => events.find((e) => e.action === 'die' && e.service === 'alpine-test-backend')?.at;
    for (let i = 0; i < 100 && backendDied() === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    const died = backendDied();
    if (died === undefined) throw new Error('no die event for the backend');
    if (TRACE) trace.print(died);
    return { ms: run.main.endedAt - died, removal: await removalSpan(project, events, died), teardown };
  } finally {
    stop();
    cleanup();
    await removeAll(project, ws);
  }
}

export async function crashToDecision(bench: Bench): Promise<Row[]> {
  console.log(`\ncrash: the seeds' 8 services, the backend exits 1 3 s after its start while up waits on it, staging healthy`);
  const staging: [StagingServer, StagingServer] = [
    await startStagingServer({ name: 'staging-backend' }),
    await startStagingServer({ name: 'staging-auth' }),
  ];
  const side = new Map(bench.composes.map((c) => [c.name, { removal: [] as number[], teardown: [] as number[] }]));
  try {
    const figures = await alternate(bench, (c) => ({
      action: async (round: number | string) => {
        const r = await crashOnce(bench, c, staging, round);
        console.log(
          `  ${c.name}: die → end ${Math.round(r.ms)} ms; the engine's removal ${Math.round(r.removal)} ms; docker.teardown ${Math.round(r.teardown)} ms`,
        );
        if (typeof round === 'number') side.get(c.name)!.removal.push(r.removal);
        if (typeof round === 'number') side.get(c.name)!.teardown.push(r.teardown);
        return r.ms;
      },
    }));
    return bench.composes.map((c) => {
      const { removal, teardown } = side.get(c.name)!;
      console.log(
        `${c.label}: die → end ${figure(figures.get(c.name)!.action)}; the engine's removal ${figure(removal)}; docker.teardown ${figure(teardown)}`,
      );
      return {
        figure: "crash (engine's die) → end of the main step, seeds' 8 services",
        compose: composeLabel(c),
        action: figures.get(c.name)!.action,
        ratios: [],
        goalMs: 300,
        note: `engine's removal ${Math.round(median(removal))} ms`,
      };
    });
  } finally {
    for (const s of staging) await s.close();
  }
}
