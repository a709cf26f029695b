/**
 * The JSON report: the same data as the summary, stable field names, durations in milliseconds.
 * Written under RUNNER_TEMP; its path is the `report` output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Decision } from '../decision.js';
import type { ExportPlan } from '../outputs.js';
import type { Report } from './model.js';

export interface JsonReport {
  version: 1;
  startedAt: string;
  durationMs: number;
  mode: Decision['mode'];
  reason: string;
  failed: boolean;
  checks: Report['checks'];
  serviceFailures: Report['serviceFailures'];
  outputs: Record<string, { value: string; source: string }>;
  env: Record<string, { value: string; source: string }>;
}

export function buildJsonReport(report: Report, decision: Decision, exports: ExportPlan): JsonReport {
  return {
    version: 1,
    startedAt: report.startedAt.toISOString(),
    durationMs: Date.now() - report.startedAt.getTime(),
    mode: decision.mode,
    reason: decision.reason,
    failed: decision.fail,
    checks: report.checks,
    serviceFailures: report.serviceFailures,
    outputs: exports.outputs,
    env: exports.env,
  };
}

/** A fresh path for the report under RUNNER_TEMP (or the OS temp folder outside Actions). */
export function reportPath(env: NodeJS.ProcessEnv): string {
  const dir = env.RUNNER_TEMP || os.tmpdir();
  return path.join(dir, `compose-or-staging-${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_JOB ?? 'job'}-${process.pid}.json`);
}

export function writeJsonReport(file: string, data: JsonReport): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}
