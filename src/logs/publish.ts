/**
 * The log files made public to the run, as `upload-logs` asks: uploaded as one artifact, the
 * outcome kept in the report (a check, and the summary's link), a failed upload said as a warning.
 */
import * as log from '../log.js';
import type { Report } from '../report/model.js';
import type { UploadLogs } from './types.js';
import { artifactRoot, uploadLogFiles } from './upload.js';

/** Whether the logs are uploaded: `always`; `on-failure` when the Docker path failed. Pure. */
export function wantsUpload(policy: UploadLogs, dockerFailed: boolean): boolean {
  return policy === 'always' || (policy === 'on-failure' && dockerFailed);
}

/** Upload the report's log files (none: nothing is done); the outcome in the report. Never throws. */
export async function publishLogs(report: Report, env: NodeJS.ProcessEnv, suffix: string): Promise<void> {
  if (report.logFiles.length === 0) return;
  const started = performance.now();
  const outcome = await uploadLogFiles(report.logFiles, artifactRoot(report.logFiles), env, suffix);
  report.logsUpload = outcome;
  const count = `${report.logFiles.length} log file(s)`;
  report.add({
    id: 'logs.upload',
    title: 'Logs artifact',
    status: outcome.uploaded ? 'ok' : 'info',
    durationMs: performance.now() - started,
    detail: outcome.uploaded ? `${count} uploaded as ${outcome.name}` : `${count} not uploaded: ${outcome.why}`,
  });
  if (outcome.uploaded) log.info(`Logs: ${count} uploaded as artifact ${outcome.name}${outcome.url ? ` (${outcome.url})` : ''}.`);
  else
    log.warning(
      `The services' logs were not uploaded as an artifact: ${outcome.why}. They are in ${artifactRoot(report.logFiles)} on the runner.`,
      { title: 'Logs artifact' },
    );
}
