/**
 * The main step: inputs → Docker path → (staging probe) → decision → outputs, env, summary.
 * The one place that fails the step.
 */
import * as core from '@actions/core';
import { decide, type Decision, type DockerResult, type StagingResult } from './decision.js';
import { runDockerPath, type DockerPathResult } from './docker-path.js';
import { InputError, parseInputs, type Inputs } from './inputs.js';
import { planExports, publishExports } from './outputs.js';
import { buildJsonReport, reportPath, writeJsonReport } from './report/json.js';
import { errorMessage, Report } from './report/model.js';
import { renderSummary } from './report/summary.js';
import { probeStaging, type StagingProbe } from './staging/probe.js';
import * as path from 'node:path';

/** Mask every secret before anything else is logged: the token, and passwords in staging URLs. */
function maskSecrets(): void {
  const token = core.getInput('staging-token');
  if (token) core.setSecret(token);
  for (const name of ['staging-backend-url', 'staging-websocket-url', 'staging-auth-url']) {
    try {
      const u = new URL(core.getInput(name));
      if (u.password) core.setSecret(decodeURIComponent(u.password));
    } catch {
      // not a URL: parseInputs says so
    }
  }
}

/** Fail the step: one ::error with what to do next, and exit code 1. */
function failStep(message: string, title?: string): void {
  core.error(message, title ? { title } : undefined);
  process.exitCode = 1;
}

/** The contract's `docker-available`: a daemon answered (compose may still be missing). */
function daemonAnswered(r: DockerPathResult | undefined): boolean {
  return r?.availability.serverVersion !== undefined;
}

function dockerResult(r: DockerPathResult | undefined): DockerResult {
  if (!r) return { status: 'not-checked' };
  if (r.ok) return { status: 'healthy' };
  return { status: 'failed', available: daemonAnswered(r), reason: r.reason };
}

async function stagingPath(inputs: Inputs, report: Report): Promise<{ result: StagingResult; probe: StagingProbe | undefined }> {
  if (!inputs.staging.backendUrl) {
    report.add({ id: 'staging', title: 'Staging', status: 'skipped', detail: 'no staging-backend-url is set' });
    return { result: { status: 'not-configured' }, probe: undefined };
  }
  const probe = await core.group('Staging: probe', () => probeStaging(inputs.staging, inputs.healthPath, inputs.authHealthPath));
  for (const c of probe.checks) {
    report.add({
      id: `staging.${c.name}`,
      title: `Staging ${c.name}`,
      status: c.result.class === 'ok' ? 'ok' : 'failed',
      durationMs: c.result.latencyMs,
      detail: `${c.result.url}: ${c.result.detail}${c.attempts > 1 ? ` (${c.attempts} attempts)` : ''}`,
      data: { class: c.result.class, status: c.result.status, attempts: c.attempts },
    });
  }
  return { result: probe.usable ? { status: 'usable' } : { status: 'unusable', reason: probe.reason }, probe };
}

export async function run(): Promise<void> {
  const report = new Report();
  try {
    maskSecrets();
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const inputs = parseInputs((name) => core.getInput(name), workspace);
    const env = process.env;

    let docker: DockerPathResult | undefined;
    if (inputs.mode !== 'staging') docker = await runDockerPath(inputs, report, env);
    else report.add({ id: 'docker', title: 'Docker', status: 'skipped', detail: 'not checked: mode is staging' });

    let staging: StagingResult = { status: 'not-probed', reason: 'mode is docker' };
    if (inputs.mode === 'staging' || (inputs.mode === 'auto' && !docker?.ok)) staging = (await stagingPath(inputs, report)).result;

    const decision: Decision = decide(inputs.mode, dockerResult(docker), staging, inputs.failOnUnavailable);
    const rel = (p: string): string => path.relative(inputs.workspace, p) || '.';
    const file = reportPath(env);
    const exports = planExports(inputs, {
      decision,
      dockerAvailable: daemonAnswered(docker),
      docker: docker?.ok ? docker.endpoints : undefined,
      composeFiles: docker?.plan?.files.map(rel) ?? inputs.composeFiles.map(rel),
      projectDirectory: docker?.plan ? rel(docker.plan.projectDirectory) : inputs.projectDirectory && rel(inputs.projectDirectory),
      projectName: docker?.plan?.projectName ?? inputs.projectName,
      reportPath: file,
    });
    publishExports(exports);
    writeJsonReport(file, buildJsonReport(report, decision, exports));
    await writeSummary(renderSummary(report, decision, exports));

    core.info(`Mode: ${decision.mode}. ${decision.reason}`);
    if (decision.fail)
      failStep(
        `${decision.reason} Set up the failing part (see the job summary), or set fail-on-unavailable: false.`,
        'No usable test environment',
      );
    else if (decision.mode === 'none') core.warning(decision.reason, { title: 'No usable test environment' });
  } catch (err) {
    if (err instanceof InputError) failStep(err.message, `Invalid input '${err.input}'`);
    else failStep(`compose-or-staging failed unexpectedly: ${errorMessage(err)}`);
  }
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).write();
  } catch (err) {
    core.warning(`Could not write the job summary: ${errorMessage(err)}`);
  }
}
