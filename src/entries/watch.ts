// The watch after the decision (src/after-decision/work.ts): started by the main step once the stack is declared ready, ended by the post step.
import { runWatchJob } from '../after-decision/work.js';

await runWatchJob(process.argv[2] ?? '');
