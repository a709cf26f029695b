import { leftBehind } from '../images/actions-cache.js';
import { run } from '../main.js';

await run();
// A cache call that outlived its bound is still retrying (the library's own backoff, ~32 s): the
// step has said all it has to say, so it ends without waiting for it.
if (leftBehind() > 0) process.exit();
