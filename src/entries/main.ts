import { inFlight } from '../images/actions-cache.js';
import { run } from '../main.js';

await run();
// A cache call still runs (left behind past its bound, retrying with the library's ~32 s backoff,
// or a download no longer needed): the step has said all it has to say, and ends without it.
if (inFlight() > 0) process.exit();
