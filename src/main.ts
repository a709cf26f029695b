/**
 * The main step: inputs → Docker path → (staging probe) → decision → outputs, env, summary.
 * The one place that fails the step.
 */
import { loadRunner, runnerLoaded } from './runner.js';
import * as path from 'node:path';
import { decide, type Decision, type DockerResult, type StagingResult } from './decision.js';
import { runDockerPath, type DockerPathResult } from './docker-path.js';
import { killRunningChildren } from './exec.js';
import { firstMoves, type FirstMoves } from './first-moves.js';
import { InputError, inputsFrom, parseInputs, type Inputs } from './inputs.js';
import * as log from './log.js';
import { planExports, planFailureExports, publishExports, type ExportPlan } from './outputs.js';
import { hintFor } from './report/hints.js';
import { buildJsonReport, reportPath, writeJsonReport } from './report/json.js';
import { appendJobSummary } from './report/job-summary.js';
import { errorMessage, Report, type CheckWithout } from './report/model.js';
import { renderSummary } from './report/summary.js';
import { StagingProber } from './staging/early.js';
import { saveCancelled, saveWatcher } from './state.js';
import { startWatcher } from './after-decision/start.js';
import { engineEnv } from './docker-path/context.js';
import { publishLogs, wantsUpload } from './logs/publish.js';
import { randomSuffix } from './compose/project-name.js';

/** Fail the step: one ::error with what to do next, and exit code 1. */
function failStep(message: string, title?: string): void {
  log.error(message, title ? { title } : undefined);
  process.exitCode = 1;
}

/** The contract's `docker-available`: a daemon answered (compose may still be missing). */
function daemonAnswered(r: DockerPathResult | undefined): boolean {
  return r?.availability.serverVersion !== undefined;
}

function dockerResult(r: DockerPathResult | undefined): DockerResult {
  if (!r) return { status: 'not-checked' };
  if (r.ok) return { status: 'healthy' };
  if (r.invalid) return { status: 'invalid', reason: r.reason };
  return { status: 'failed', available: daemonAnswered(r), reason: r.reason };
}

/**
 * The main step, after its first moves (src/first-moves.ts; made here when the caller did not,
 * as a test or GitHub's local runner does).
 */
export async function run(first: FirstMoves = firstMoves(process.env)): Promise<void> {
  const report = new Report();
  /** Whether the outputs of a decision are out: a failure after that keeps them. */
  let published = false;
  onCancel((signal) => {
    // The runner cancels with SIGINT, then SIGTERM: stop what runs (compose up, a build), keep
    // what is known, and leave the stack to the post step.
    const stopped = killRunningChildren();
    saveCancelled();
    const message = `The step was cancelled (${signal}); ${stopped} running docker or compose command(s) were stopped, and the post step removes the stack.`;
    if (!published) reportEarlyEnd(report, { id: 'cancelled', title: 'Cancelled', detail: message, failure: 'internal' });
    log.warning(message, { title: 'Cancelled' });
  });
  try {
    const env = process.env;
    // Invalid inputs started nothing: parsed again here, they throw what is wrong.
    const inputs = first.inputs ?? parseInputs(first.read, env.GITHUB_WORKSPACE || process.cwd());

    const prober = new StagingProber(inputs, report, first.staging);
    let docker: DockerPathResult | undefined;
    if (inputs.mode !== 'staging') {
      if (inputs.mode === 'auto') prober.start();
      docker = await runDockerPath(inputs, report, env, first.daemon);
    } else report.add({ id: 'docker', title: 'Docker', status: 'skipped', detail: 'not checked: mode is staging' });

    // The logs are uploaded while staging answers: a failed Docker path's files are written by now.
    const uploading =
      docker && wantsUpload(inputs.uploadLogs, !docker.ok)
        ? publishLogs(report, env, docker.plan?.projectName.split('-').pop() ?? randomSuffix())
        : Promise.resolve();

    const staging = await stagingAnswer(inputs, docker, prober);
    await uploading;
    const decision: Decision = decide(inputs.mode, dockerResult(docker), staging, inputs.failOnUnavailable);
    const file = reportPath(env);
    const exports = exportsOf(inputs, report, decision, docker, file);
    publishExports(exports);
    published = true;
    writeJsonReport(file, buildJsonReport(report, decision, exports));
    appendJobSummary(renderSummary(report, decision, exports));

    if (decision.mode === 'docker' && docker?.ok) watchAfterDecision(docker, env);
    annotateComposeProblems(report, decision.fail);
    log.info(`Mode: ${decision.mode}. ${decision.reason}`);
    if (decision.fail)
      failStep(
        `${decision.reason} Set up the failing part (see the job summary), or set fail-on-unavailable: false.`,
        'No usable test environment',
      );
    else if (decision.mode === 'none') log.warning(decision.reason, { title: 'No usable test environment' });
  } catch (err) {
    const invalid = err instanceof InputError;
    const message = invalid ? err.message : `compose-or-staging failed unexpectedly: ${errorMessage(err)}`;
    if (!published)
      reportEarlyEnd(
        report,
        invalid
          ? { id: 'inputs', title: `Input '${err.input}'`, detail: message, failure: 'invalid-input', data: { input: err.input } }
          : { id: 'internal', title: 'Unexpected error', detail: message, failure: 'internal' },
      );
    if (invalid) failStep(message, `Invalid input '${err.input}'`);
    else failStep(message);
  } finally {
    // @actions/core loads when first needed, off the path to the probes and `up`: what was said
    // meanwhile is said once it has loaded.
    await loadRunner();
  }
}

/** Staging's answer, or why it was not asked (the prober is cancelled when it is not needed). */
async function stagingAnswer(inputs: Inputs, docker: DockerPathResult | undefined, prober: StagingProber): Promise<StagingResult> {
  if (inputs.mode === 'docker') return { status: 'not-probed', reason: 'mode is docker' };
  if (docker?.ok || docker?.invalid) {
    await prober.cancel();
    return { status: 'not-probed', reason: docker.ok ? 'the Docker stack is healthy' : 'the compose file is invalid' };
  }
  return prober.answer();
}

/** What later steps receive, from the decision and what the Docker path found. */
function exportsOf(inputs: Inputs, report: Report, decision: Decision, docker: DockerPathResult | undefined, file: string): ExportPlan {
  const rel = (p: string): string => path.relative(inputs.workspace, p) || '.';
  return planExports(inputs, {
    decision,
    dockerAvailable: daemonAnswered(docker),
    docker: docker?.ok ? docker.endpoints : undefined,
    composeFiles: docker?.plan?.files.map(rel) ?? inputs.composeFiles.map(rel),
    projectDirectory: docker?.plan ? rel(docker.plan.projectDirectory) : inputs.projectDirectory && rel(inputs.projectDirectory),
    projectName: docker?.plan?.projectName ?? (docker && !docker.ok ? docker.projectName : undefined) ?? inputs.projectName,
    reportPath: file,
    cacheHit: report.imageCache?.cacheHit,
    logsArtifact: report.logsUpload?.uploaded ? report.logsUpload.name : undefined,
  });
}

/**
 * The stack is handed to the job's next steps: a watcher of the action's own records what happens
 * to it until the post step, which reports it. Best effort: the step does not depend on it.
 */
function watchAfterDecision(docker: Extract<DockerPathResult, { ok: true }>, env: NodeJS.ProcessEnv): void {
  try {
    const w = startWatcher({
      project: docker.plan.projectName,
      engineEnv: engineEnv(env),
      readyAt: docker.ready.at,
      containers: docker.ready.containers,
      env,
    });
    if (!w) return;
    saveWatcher(w);
    log.info(`The stack is watched until the post step (pid ${w.pid}, its events: ${w.recordFile}).`);
  } catch (err) {
    log.info(`What happens to the stack after this step is not watched: ${errorMessage(err)}`);
  }
}

/**
 * Call `handler` once on SIGINT or SIGTERM, then exit with code 1 (the handler must be
 * synchronous); at once, or, when @actions/core has not loaded yet, once it has and has said what
 * the handler said.
 */
function onCancel(handler: (signal: NodeJS.Signals) => void): void {
  let done = false;
  const listener = (signal: NodeJS.Signals): void => {
    if (done) return;
    done = true;
    try {
      handler(signal);
    } finally {
      if (runnerLoaded()) process.exit(1);
      else void loadRunner().finally(() => process.exit(1));
    }
  };
  process.once('SIGINT', listener);
  process.once('SIGTERM', listener);
}

/**
 * The step ended before a decision (an invalid input, an unexpected error, a cancel): it still
 * writes mode=none, the reason, every other output (empty), the report and the summary, each on
 * its own, so one that fails does not cost the others. Synchronous, so a signal handler can use it.
 */
function reportEarlyEnd(report: Report, check: CheckWithout<'durationMs' | 'status'>): void {
  report.add({ ...check, status: 'failed' });
  const decision: Decision = { mode: 'none', reason: check.detail, fail: true };
  const file = reportPath(process.env);
  // export-env itself may be the invalid input: anything but 'false' keeps its default.
  const exports = planFailureExports(check.detail, file, inputsFrom(process.env)('export-env').toLowerCase() !== 'false');
  for (const [what, work] of [
    ['outputs', () => publishExports(exports)],
    ['report', () => writeJsonReport(file, buildJsonReport(report, decision, exports))],
    ['summary', () => appendJobSummary(renderSummary(report, decision, exports))],
  ] as const) {
    try {
      work();
    } catch (err) {
      log.warning(`Could not write the ${what}: ${errorMessage(err)}`);
    }
  }
}

/**
 * Problems that live in a compose file (a missing Dockerfile, a service that does not exist) as
 * annotations on the line to fix: errors when the step fails, warnings when the job went on; and
 * what only deserves a look (a missing Dockerfile of a service not built) as a warning.
 */
function annotateComposeProblems(report: Report, failing: boolean): void {
  for (const c of report.checks) {
    if (!c.location || (c.status !== 'failed' && c.status !== 'info')) continue;
    const hint = c.status === 'failed' ? hintFor(c) : undefined;
    const message = `${c.detail}${hint ? `\n${hint.replace(/`/g, '')}` : ''}`;
    const props = { title: c.title, file: c.location.file, startLine: c.location.line };
    if (failing && c.status === 'failed') log.error(message, props);
    else log.warning(message, props);
  }
}
