/**
 * The run's report: every check in order, with its result, duration and detail. The summary and
 * the JSON report are both rendered from this one object.
 */
import type { LogFile, UploadOutcome } from '../logs/types.js';
import type { ImageCacheOutcome, ImageRecord } from '../images/types.js';
import type { ProbeClass } from '../probe/types.js';
import type { ServiceStory } from './service-story.js';
import type { FailureKind } from '../failure-kinds.js';
import type { CheckData, CheckId } from './check-data.js';

export type CheckStatus = 'ok' | 'failed' | 'skipped' | 'info';

interface CheckCommon {
  title: string;
  status: CheckStatus;
  durationMs: number;
  /** One line a person reads. */
  detail: string;
  /** Which known failure this is (failed checks only); the hint follows from it. */
  failure?: FailureKind;
  /** What to change, when the place that found the failure knows better than the table. */
  hint?: string;
  /** Where the problem lives in a compose file, for an annotation. */
  location?: { file: string; line?: number };
  /** When it ended, in ms since the report began (set by {@link Report.add}): with `durationMs`, its span. */
  endedMs?: number;
}

/** A check of one id, with the facts that id carries (report/check-data.ts). */
export type CheckOf<Id extends CheckId> = CheckCommon & {
  /** Stable identifier, e.g. 'docker.availability', 'compose.discovery', 'wait.http'. */
  id: Id;
  /** Structured facts (versions, candidates, ports, …): what the hints refine their advice with. */
  data?: CheckData[Id];
};

/** One check: a union over the ids, so that each carries its own facts. */
export type Check = { [Id in CheckId]: CheckOf<Id> }[CheckId];

/** A check without some of its common fields, id by id. */
export type CheckWithout<K extends keyof CheckCommon> = { [Id in CheckId]: Omit<CheckOf<Id>, K> }[CheckId];

/** What {@link Report.add} takes: a check whose duration is 0 when not given. */
export type NewCheck = CheckWithout<'durationMs'> & { durationMs?: number };

export interface ServiceFailure {
  service: string;
  state: string;
  exitCode?: number;
  health?: string;
  lastHealthcheckOutput?: string;
  logTail: string[];
}

/** The failure kind for a probe's class (staging or the Docker wait). */
export function probeFailure(cls: ProbeClass, status: number | undefined): FailureKind {
  switch (cls) {
    case 'http-status':
      return status === 401 || status === 403 ? 'unauthorized' : 'health-status';
    case 'ws-rejected':
      return status === 401 || status === 403 ? 'unauthorized' : 'ws-rejected';
    case 'tls':
    case 'dns':
    case 'refused':
    case 'timeout':
    case 'reset':
      return cls;
    default:
      return 'probe-error';
  }
}

/** One staging probe as the summary's staging table shows it (the token is never part of it). */
export interface StagingProbeRecord {
  name: 'backend-health' | 'websocket' | 'auth-health';
  url: string;
  /** ok, http-status, ws-rejected, refused, dns, tls, timeout, reset, error. */
  class: string;
  status?: number;
  latencyMs: number;
  attempts: number;
  detail: string;
}

export class Report {
  readonly startedAt = new Date();
  private readonly began = performance.now();
  readonly checks: Check[] = [];
  readonly serviceFailures: ServiceFailure[] = [];
  readonly stagingProbes: StagingProbeRecord[] = [];
  /** With cache-images: what became of each image of the stack. */
  readonly images: ImageRecord[] = [];
  /** Every service's story, once the Docker path got as far as a wait (empty otherwise). */
  services: ServiceStory[] = [];
  /** When the Docker path's wait ended, ready or not (ms since the epoch): the timeline's end. */
  waitEndedAt: number | undefined;
  /** With cache-images, once the images were settled. */
  imageCache: Pick<ImageCacheOutcome, 'cacheHit' | 'platform'> | undefined;
  /** Every service's complete log, once written (when the Docker path ended). */
  logFiles: LogFile[] = [];
  /** The logs artifact: uploaded, or why not; undefined when no upload was asked for. */
  logsUpload: UploadOutcome | undefined;

  add(check: NewCheck): Check {
    const full = { durationMs: 0, ...check } as Check;
    full.durationMs = Math.round(full.durationMs);
    full.endedMs ??= Math.round(performance.now() - this.began);
    this.checks.push(full);
    return full;
  }

  failed(): Check[] {
    return this.checks.filter((c) => c.status === 'failed');
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether a check ran alongside another (their spans overlap by more than 10 ms): its time does not add to theirs. Pure. */
export function overlapsAnother(c: Check, checks: readonly Check[]): boolean {
  const span = (x: Check): [number, number] | undefined =>
    x.endedMs === undefined || x.durationMs <= 0 ? undefined : [x.endedMs - x.durationMs, x.endedMs];
  const mine = span(c);
  if (!mine) return false;
  return checks.some((o) => {
    const theirs = o !== c ? span(o) : undefined;
    return theirs !== undefined && Math.min(mine[1], theirs[1]) - Math.max(mine[0], theirs[0]) > 10;
  });
}
