import { inFlight } from '../images/actions-cache.js';
import { runPost } from '../post.js';

await runPost();
// As in the main step: a cache call still running does not hold the job up.
if (inFlight() > 0) process.exit();
