/**
 * `npm run bench`: the figures of issue 24, each measured side by side with its references in one
 * run, the contenders alternated round by round (the action, then each reference, then the action
 * again) on every compose (v2 and v1, alternating too), printed as medians, quartiles and ratios of
 * medians, and one table at the end. The cases, one file each:
 *
 * - fallback (fallback.ts): the main step with a dead daemon, every input at its default (health,
 *   WebSocket and auth probes, each answering in 300 ms), against a bare `node` making one GET to
 *   staging's health (goal ≤ 1.10);
 * - stack (stack.ts): time to a usable stack on the seeds' shape with healthchecks every second,
 *   against `compose up -d` + curl every 100 ms (goal ≤ 1.05) and `docker compose up -d --wait`;
 * - seeds (stack.ts): the same stack with the seeds' own healthchecks (interval 10 s, start_period
 *   120 s), against curl (goal ≤ 1.03) and `up -d --wait` (goal ≤ 0.95);
 * - crash (crash.ts): the seeds' shape, the backend exiting 1 while `up` waits on it, staging
 *   healthy: from the engine's `die` event to the main step's end (goal ≤ 300 ms), and the engine's
 *   removal of the stack beside it;
 * - small (small.ts): web and redis, no healthcheck, against `up -d --wait` (goal ≤ 1.10);
 * - cache (cache.ts, only when BENCH_ONLY names it): cache-images against a pull;
 * - builds (builds.ts, only when BENCH_ONLY names it): four built services restored by their build
 *   keys against the same stack built, and the build key's hashing of a 10,000-file context.
 *
 * BENCH_ONLY=fallback,stack,seeds,crash,small,cache,builds picks cases (default all but cache and builds);
 * BENCH_COMPOSE=v2 or v1 one compose; BENCH_ROUNDS the rounds (default 9); BENCH_WARMUP the untimed
 * rounds before them (default 1); BENCH_READY_AFTER_MS when the seeds' backend answers 2xx (default
 * 2000); BENCH_DB=real Debian's PostgreSQL and Redis in the seeds' stacks instead of stand-ins;
 * BENCH_TRACE=1 the crash run's log with each line's time from the crash. Each action run's
 * stages (its report's checks) are printed beside its figure. Every stack is removed after each run.
 */
import * as os from 'node:os';
import { buildCache } from './builds.js';
import { imageCache } from './cache.js';
import { READY_AFTER_MS, removeThisRunsProjects, ROUNDS, setup, WARMUP } from './common.js';
import { crashToDecision } from './crash.js';
import { deadDaemonFallback } from './fallback.js';
import { smallStack } from './small.js';
import { STACK_1S, STACK_SEEDS, timeToStack } from './stack.js';
import { renderTable, type Row } from './stats.js';

const ONLY = new Set((process.env.BENCH_ONLY ?? 'fallback,stack,seeds,crash,small').split(',').map((s) => s.trim()));

// Interrupted (Ctrl-C, a kill): the stack of the round under way is removed before the bench ends.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    console.error(`\n${signal}: removing this run's stacks`);
    void removeThisRunsProjects().finally(() => process.exit(130));
  });

const started = performance.now();
const bench = await setup();
const rows: Row[] = [];
if (ONLY.has('fallback')) rows.push(...(await deadDaemonFallback(bench)));
if (ONLY.has('stack')) rows.push(...(await timeToStack(bench, STACK_1S)));
if (ONLY.has('seeds')) rows.push(...(await timeToStack(bench, STACK_SEEDS)));
if (ONLY.has('crash')) rows.push(...(await crashToDecision(bench)));
if (ONLY.has('small')) rows.push(...(await smallStack(bench)));
const cache = ONLY.has('cache') ? await imageCache(bench) : undefined;
const builds = ONLY.has('builds') ? await buildCache(bench) : undefined;
if (builds) rows.push(...builds.rows);

const composes = bench.composes.map((c) => c.label).join(', ');
const db = bench.databases ? "Debian's PostgreSQL and Redis" : 'stand-in database and cache';
console.log(`\nOn ${os.cpus().length} cores, engine ${bench.engine}, ${composes}; ${ROUNDS} rounds after ${WARMUP} warm-up;`);
console.log(`seeds' stacks: ${db}, backend ready ${READY_AFTER_MS} ms after its start. Medians in ms, ratios of medians:\n`);
if (rows.length) console.log(renderTable(rows));
if (cache) console.log(`\n${cache}`);
if (builds) console.log(`\n${builds.line}`);
console.log(`\nbench run time: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
