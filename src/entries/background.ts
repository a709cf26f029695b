// The action's background processes, which outlive the step that starts them (src/detached.ts):
// `remove <job file>`, the failed stack's removal (src/removal/work.ts), and `watch <job file>`,
// the watch after the decision (src/after-decision/work.ts). One bundle for both: they share most
// of their code, and each loads only its own part.
const [kind, jobFile = ''] = process.argv.slice(2);
if (kind === 'remove') {
  const { runRemovalJob } = await import('../removal/work.js');
  const result = await runRemovalJob(jobFile);
  process.exitCode = result.ok ? 0 : 1;
} else if (kind === 'watch') {
  const { runWatchJob } = await import('../after-decision/work.js');
  await runWatchJob(jobFile);
} else {
  // Nothing to log to: the process runs detached from the step. Node prints this on stderr, exit 1.
  throw new Error(`compose-or-staging: no background job of kind ${JSON.stringify(kind)} (remove or watch)`);
}
