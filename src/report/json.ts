/**
 * The JSON report: the same data as the summary, stable field names, durations in milliseconds.
 * Written under RUNNER_TEMP; its path is the `report` output. Every field is documented in
 * docs/report.md ("JSON report"); fields are added, never renamed or removed (bump `version` otherwise).
 * Optional facts are `null` rather than missing. Every string has URL credentials removed, like the
 * summary (the outputs' copy too: a staging URL's password is exported, never reported); a log line longer than 16,000 characters keeps its start and end.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Decision } from '../decision.js';
import type { ExportPlan } from '../outputs.js';
import { hintFor } from './hints.js';
import type { Check, CheckStatus, Report, StagingProbeRecord } from './model.js';
import type { FailureKind } from '../failure-kinds.js';
import type { ServiceStory } from './service-story.js';
import { clean } from './outside.js';
import { redact, redactSecrets } from './outside.js';

/** Characters kept of one log line in the JSON report (the summary keeps fewer). */
const JSON_LINE_CHARS = 16_000;

export interface JsonCheck {
  id: string;
  title: string;
  status: CheckStatus;
  durationMs: number;
  /** When it began, in ms since the step began: checks that ran alongside each other overlap. */
  startedMs: number | null;
  detail: string;
  failure: FailureKind | null;
  /** What to change: the check's own hint, else the hint table's for `failure`. */
  hint: string | null;
  location: { file: string; line: number | null } | null;
  data: Record<string, unknown> | null;
}

export interface JsonServiceFailure {
  service: string;
  state: string;
  exitCode: number | null;
  health: string | null;
  lastHealthcheckOutput: string | null;
  logTail: string[];
}

export interface JsonStagingProbe {
  name: StagingProbeRecord['name'];
  url: string;
  class: string;
  status: number | null;
  latencyMs: number;
  attempts: number;
  detail: string;
}

export interface JsonImage {
  image: string;
  written: string;
  services: string[];
  via: 'image' | 'build';
  /** present, restored, restored-older, pulled, missing, skipped or built. */
  state: string;
  sizeBytes: number | null;
  durationMs: number | null;
  /** How many pulls the step made of it (the last one worked, or every one failed); null: none. */
  tries: number | null;
  digest: string | null;
  key: string | null;
  detail: string;
}

export interface JsonReport {
  version: 1;
  startedAt: string;
  durationMs: number;
  mode: Decision['mode'];
  reason: string;
  failed: boolean;
  checks: JsonCheck[];
  stagingProbes: JsonStagingProbe[];
  serviceFailures: JsonServiceFailure[];
  /**
   * With cache-images: what became of each image. Without it: the images `up` needed, when the
   * step pulled (or tried to pull) any of them; else empty (and when Docker ended first).
   */
  images: JsonImage[];
  /** Every service of the plan, once the Docker path reached its wait: its story (docs/report.md, "JSON report"). */
  services: ServiceStory[];
  outputs: Record<string, { value: string; source: string }>;
  env: Record<string, { value: string; source: string }>;
}

function redactOptional(s: string | undefined): string | null {
  return s === undefined ? null : redactSecrets(s);
}

/** Every string inside, URL credentials removed (check data can hold an endpoint or a URL). */
function redactDeep(v: unknown): unknown {
  if (typeof v === 'string') return redactSecrets(v);
  if (Array.isArray(v)) return v.map(redactDeep);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x)]));
  return v;
}

/** The report's copy of the outputs and variables: as exported, but a password in a URL is removed. */
function redactExports(xs: ExportPlan['outputs']): JsonReport['outputs'] {
  return Object.fromEntries(Object.entries(xs).map(([name, x]) => [name, { value: redactSecrets(x.value), source: x.source }]));
}

function jsonCheck(c: Check): JsonCheck {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    durationMs: Math.round(c.durationMs),
    startedMs: c.endedMs === undefined ? null : Math.max(0, Math.round(c.endedMs - c.durationMs)),
    detail: redactSecrets(c.detail),
    failure: c.failure ?? null,
    hint: redactOptional(hintFor(c)),
    location: c.location ? { file: c.location.file, line: c.location.line ?? null } : null,
    data: c.data ? (redactDeep(c.data) as Record<string, unknown>) : null,
  };
}

export function buildJsonReport(report: Report, decision: Decision, exports: ExportPlan, now: number = Date.now()): JsonReport {
  return {
    version: 1,
    startedAt: report.startedAt.toISOString(),
    durationMs: Math.max(0, now - report.startedAt.getTime()),
    mode: decision.mode,
    reason: redactSecrets(decision.reason),
    failed: decision.fail,
    checks: report.checks.map(jsonCheck),
    stagingProbes: report.stagingProbes.map((p) => ({
      name: p.name,
      url: redactSecrets(p.url),
      class: p.class,
      status: p.status ?? null,
      latencyMs: Math.round(p.latencyMs),
      attempts: p.attempts,
      detail: redactSecrets(p.detail),
    })),
    serviceFailures: report.serviceFailures.map((f) => ({
      service: f.service,
      state: redactSecrets(f.state),
      exitCode: f.exitCode ?? null,
      health: f.health ?? null,
      lastHealthcheckOutput: redactOptional(f.lastHealthcheckOutput),
      // A single enormous line would make an enormous file: cut each line, keeping start and end.
      logTail: f.logTail.map((l) => (l.length > JSON_LINE_CHARS ? clean(l, JSON_LINE_CHARS) : redactSecrets(l))),
    })),
    images: report.images.map((i) => ({
      image: redactSecrets(i.image),
      written: redactSecrets(i.written),
      services: i.services,
      via: i.via,
      state: i.state,
      sizeBytes: i.sizeBytes ?? null,
      durationMs: i.durationMs === undefined ? null : Math.round(i.durationMs),
      tries: i.tries ?? null,
      digest: i.digest ?? null,
      key: i.key ?? null,
      detail: redactSecrets(i.detail),
    })),
    services: report.services.map((x) => redactDeep(x) as ServiceStory),
    outputs: redactExports(exports.outputs),
    env: redactExports(exports.env),
  };
}

/** A fresh path for the report under RUNNER_TEMP (or the OS temp folder outside Actions). */
export function reportPath(env: NodeJS.ProcessEnv): string {
  const dir = env.RUNNER_TEMP || os.tmpdir();
  return path.join(dir, `compose-or-staging-${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_JOB ?? 'job'}-${process.pid}.json`);
}

export function writeJsonReport(file: string, data: JsonReport): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // No registered secret, in any form, reaches the file (a staging that echoed the token, say).
  fs.writeFileSync(file, `${redact(JSON.stringify(data, null, 2))}\n`);
}
