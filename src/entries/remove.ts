// The background removal of a failed stack (src/removal/work.ts): started by the main step, awaited by the post step.
import { runRemovalJob } from '../removal/work.js';

const result = await runRemovalJob(process.argv[2] ?? '');
process.exitCode = result.ok ? 0 : 1;
