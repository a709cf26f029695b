// One restore or save of the image cache, in a process of its own (src/images/cache-work.ts), started by
// src/images/cache-child.ts before it knows the job: the library loads while the job is awaited on stdin.
// Its stdout is read by the step that started it, not by the runner.
import { runCacheJob } from '../images/cache-work.js';
import { errorMessage } from '../report/model.js';

const library = import('@actions/cache');
// Awaited by runCacheJob, which says what a failed load was; until then it is not unhandled.
library.catch(() => undefined);
let job = '';
for await (const chunk of process.stdin.setEncoding('utf8')) job += chunk as string;
try {
  const answer = await runCacheJob(job, library);
  // Ends once the answer is written: the library's connections must not hold the process open.
  process.stdout.write(answer, () => process.exit());
} catch (err) {
  // Not a job: the step reads the exit code and this line.
  process.stderr.write(`${errorMessage(err)}\n`);
  process.exit(2);
}
