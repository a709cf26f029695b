/**
 * `upload-logs: always`, in the post step: the stack still up (the main step found it healthy) has
 * its final logs written before teardown, redacted as the main step's were (the action's own
 * secrets from its inputs, the stack's from what the main step kept), and uploaded. The action
 * cannot see whether a later step failed: `always` is how a user gets them then.
 */
import * as runner from '../runner.js';
import { registerInputSecrets } from '../probe/credentials.js';
import { inputsFrom } from '../inputs.js';
import * as log from '../log.js';
import { registerSecret } from '../report/outside.js';
import { Report } from '../report/model.js';
import { projectContainers } from '../stack/containers.js';
import { readLogSecrets } from '../state.js';
import { logsFolder } from './folder.js';
import { publishLogs } from './publish.js';
import { LOG_FILES_MS, writeLogFiles } from './write.js';

/**
 * The post step's final logs of `project`, when `upload-logs` is `always`: written and uploaded, and
 * what became of them for the summary (undefined when not asked for, or when they could not be
 * written: a warning says why). Never throws.
 */
export async function finalLogs(
  project: string,
  engineEnv: Record<string, string>,
): Promise<Pick<Report, 'logFiles' | 'logsUpload'> | undefined> {
  const read = inputsFrom(process.env);
  if (read('upload-logs').toLowerCase() !== 'always') return undefined;
  try {
    registerInputSecrets(read);
    for (const v of readLogSecrets()) registerSecret(v);
    const env = { ...process.env, ...engineEnv };
    return await runner.group(`Logs: the final logs of project ${project}`, async () => {
      const containers = await projectContainers(project, env);
      const services = [...new Set(containers.map((c) => c.service).filter(Boolean))];
      const report = new Report();
      report.logFiles = await writeLogFiles(logsFolder(env, project), services, containers, env, { timeoutMs: LOG_FILES_MS });
      await publishLogs(report, env, project.split('-').pop() ?? 'post');
      return { logFiles: report.logFiles, logsUpload: report.logsUpload };
    });
  } catch (err) {
    log.warning(`The final logs could not be written or uploaded: ${String(err)}`, { title: 'Logs artifact' });
    return undefined;
  }
}
