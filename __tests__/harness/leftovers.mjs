// Runs an action entry as the runner does (an ES module, evaluated to its end), then records what
// would still hold the process open: timers, sockets, child processes. A well-behaved entry leaves
// nothing, so the step ends as soon as its work does.
// Usage: node leftovers.mjs <entry.js> <out.json>
import * as fs from 'node:fs';
import { setImmediate } from 'node:timers';
import { pathToFileURL } from 'node:url';

const [entry, out] = process.argv.slice(2);
// The step's own stdout and stderr pipes are not leftovers: open them first and count them out.
void process.stdout;
void process.stderr;
const before = process.getActiveResourcesInfo();

function leftovers() {
  const left = process.getActiveResourcesInfo().filter((r) => r !== 'CloseReq');
  for (const r of before) {
    const i = left.indexOf(r);
    if (i >= 0) left.splice(i, 1);
  }
  return left;
}

try {
  await import(pathToFileURL(entry).href);
} finally {
  // Handles already closing (a finished child's process handle, a socket's end) are gone within
  // a few turns of the event loop; what is still there after ten turns is really left behind.
  let left = leftovers();
  for (let turn = 0; turn < 10 && left.length > 0; turn++) {
    await new Promise((r) => setImmediate(r));
    left = leftovers();
  }
  fs.writeFileSync(out, JSON.stringify(left));
}
