/**
 * One upload of log files, in a process of its own, as the action makes it: the library's output is
 * routed for as long as its call runs (a call left behind too), which would swallow a test
 * runner's own report. Argument: JSON {files, root, env, suffix, ms}; prints the outcome as JSON on
 * fd 1 (past the routing), then exits without waiting for a call left behind, as the entries do.
 */
import * as fs from 'node:fs';
import { uploadLogFiles } from '../../src/logs/upload.js';
import type { LogFile } from '../../src/logs/types.js';

const a = JSON.parse(process.argv[2] ?? '{}') as {
  files: LogFile[];
  root: string;
  env: Record<string, string>;
  suffix: string;
  ms?: number;
};
Object.assign(process.env, a.env);
const started = performance.now();
const outcome = await uploadLogFiles(a.files, a.root, process.env, a.suffix, a.ms);
fs.writeSync(1, `${JSON.stringify({ ...outcome, tookMs: performance.now() - started })}\n`);
process.exit(0);
