/**
 * Run as a process of its own (the test runner reports through this process's stdout, which the
 * image cache routes while the library is called): one cache lookup against the service named by
 * the environment, with a line of the action's own said meanwhile. Prints on stderr, as JSON,
 * what reached stdout and what the call returned.
 */
import * as runner from '../../src/runner.js';
import * as cache from '../../src/images/actions-cache.js';

await runner.loadRunner();
const written: string[] = [];
const real = process.stdout.write;
process.stdout.write = ((chunk: string | Uint8Array) => {
  written.push(String(chunk));
  return true;
}) as typeof process.stdout.write;
const pending = cache.lookup('/tmp/cos-probe-image.tar', 'compose-or-staging-image-v1-linux/amd64-x@', [], 60_000);
runner.info('the action says this while the cache is asked');
const outcome = await pending;
process.stdout.write = real;
process.stderr.write(`${JSON.stringify({ written: written.join(''), outcome, inFlight: cache.inFlight() })}\n`);
