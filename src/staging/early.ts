/**
 * Staging in auto mode: probed while Docker is still being tried, so a fallback costs no more than
 * the Docker failure itself; probed again when that early answer has gone stale; cancelled (and
 * waited for, so nothing is left running) when Docker wins.
 */
import * as runner from '../runner.js';
import type { StagingResult } from '../decision.js';
import type { Inputs } from '../inputs.js';
import { probeFailure, type Report } from '../report/model.js';
import { outsideLine } from '../report/outside.js';
import { startStagingProbe, type EarlyStaging, type StagingProbe } from './probe.js';
import * as log from '../log.js';

/** An early staging answer older than this when Docker gives up is asked again. */
export const STAGING_STALE_MS = 15_000;

/**
 * Staging, probed while Docker is still being tried (auto mode), so a fallback costs no more
 * than the Docker failure itself. Read-only and cheap; cancelled when Docker succeeds.
 */
export class StagingProber {
  constructor(
    private readonly inputs: Inputs,
    private readonly report: Report,
    /** The probe the first moves started, if they did. */
    private early: EarlyStaging | undefined = undefined,
    private readonly staleMs = STAGING_STALE_MS,
  ) {}

  /** Start probing now, unless the first moves did; the answer is kept for `answer()`. */
  start(): void {
    if (!this.early && this.inputs.staging.backendUrl) this.early = startStagingProbe(this.inputs);
  }

  /** Docker won: stop probing (nothing is left running) and wait for the probes to wind down. */
  async cancel(): Promise<void> {
    this.early?.stop();
    await this.early?.answer;
  }

  /** The staging answer: the early one when still fresh, else a new probe. */
  async answer(): Promise<StagingResult> {
    if (!this.inputs.staging.backendUrl) {
      this.report.add({ id: 'staging', title: 'Staging', status: 'skipped', detail: 'no staging-backend-url is set' });
      return { status: 'not-configured' };
    }
    return runner.group('Staging: probe', async () => {
      let answer = this.early ? await this.early.answer : undefined;
      const age = answer ? performance.now() - answer.at : 0;
      if (answer && age > this.staleMs) {
        log.info(`The staging answer from ${Math.round(age / 1000)} s ago is stale: probing again.`);
        answer = undefined;
      } else if (answer) {
        log.info(`Staging was probed while Docker was tried (${Math.round(answer.probe.durationMs)} ms).`);
      }
      const { probe } = answer ?? (await startStagingProbe(this.inputs).answer);
      recordStaging(probe, this.report, answer !== undefined);
      if (this.inputs.staging.websocketUrl === undefined) {
        const detail = 'not checked: websocket-path is empty and no staging-websocket-url is given';
        this.report.add({ id: 'staging.websocket', title: 'Staging websocket', status: 'skipped', detail });
      }
      return probe.usable ? { status: 'usable' } : { status: 'unusable', reason: probe.reason };
    });
  }
}

function recordStaging(probe: StagingProbe, report: Report, early: boolean): void {
  for (const c of probe.checks) {
    const r = c.result;
    report.stagingProbes.push({
      name: c.name,
      url: r.url,
      class: r.class,
      status: r.status,
      latencyMs: r.latencyMs,
      attempts: c.attempts,
      detail: r.detail,
    });
    report.add({
      id: `staging.${c.name}`,
      title: `Staging ${c.name}${early ? ' (probed alongside Docker)' : ''}`,
      status: r.class === 'ok' ? 'ok' : 'failed',
      durationMs: r.latencyMs,
      detail: `${r.url}: ${r.detail}${c.attempts > 1 ? ` (${c.attempts} attempts)` : ''}`,
      failure: r.class === 'ok' ? undefined : probeFailure(r.class, r.status),
      data: { class: r.class, status: r.status, attempts: c.attempts, url: r.url },
    });
    log.info(`${c.name}: ${outsideLine(`${r.url}: ${r.detail}`)}`);
  }
}
