/**
 * Fixed host ports shared by test files that run at once (`--test-concurrency=2`): a test that
 * publishes a stack on the seeds' own ports (8002, 5435, …) holds them first, so two files never
 * race for one. A lock file per port under the system temp folder, holding the owner's pid; a lock
 * whose owner is gone is taken over.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { alive } from './processes.js';
import { sleep } from './time.js';

/** The pid in a lock file; undefined when it is gone (released meanwhile) or not a pid. */
function ownerOf(file: string): number | undefined {
  try {
    const owner = Number(fs.readFileSync(file, 'utf8'));
    return Number.isInteger(owner) && owner > 0 ? owner : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Link a file holding our pid into place: atomic, and a lock file never exists without its pid. */
function link(file: string): boolean {
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(draft, String(process.pid));
  try {
    fs.linkSync(draft, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

function tryLock(file: string): boolean {
  if (link(file)) return true;
  const owner = ownerOf(file);
  // Held by a live process (this one included: another test here holds it until it ends).
  if (owner === undefined || owner === process.pid || alive(owner)) return false;
  // Its owner is gone. Taken over under a second lock, the owner read again there, so two
  // waiters never both remove it (one of them the other's fresh lock).
  const takeover = `${file}.takeover`;
  if (!link(takeover)) {
    // A takeover lock whose taker died: gone after a few seconds.
    if (Date.now() - (fs.statSync(takeover, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 5000) fs.rmSync(takeover, { force: true });
    return false;
  }
  try {
    if (ownerOf(file) === owner) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(takeover, { force: true });
  }
  return false; // taken next round
}

/**
 * Hold these host ports for the rest of test `t` (released when it ends). Waits while another
 * test process holds one; the guard (10 minutes, far above any test) only turns a leaked lock
 * into a failure that names it.
 */
export async function holdPorts(t: TestContext, ports: number[]): Promise<void> {
  const files = [...new Set(ports)].sort((a, b) => a - b).map((p) => path.join(os.tmpdir(), `cos-test-port-${p}.lock`));
  const held: string[] = [];
  const release = () => {
    for (const f of held) fs.rmSync(f, { force: true });
  };
  t.after(release);
  const started = performance.now();
  // In ascending order, so two holders never wait on each other.
  for (const file of files) {
    while (!tryLock(file)) {
      if (performance.now() - started > 600_000) throw new Error(`${file} is held by another test process for over 10 minutes`);
      await sleep(200);
    }
    held.push(file);
  }
}
