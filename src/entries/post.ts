import { inFlight } from '../images/actions-cache.js';
import { run } from '../post.js';

await run();
// As in the main step: a cache call still running does not hold the job up.
if (inFlight() > 0) process.exit();
