// The main step's entry: its first moves before anything else is loaded (src/first-moves.ts),
// then the rest, loaded while staging and the daemon answer.
import { firstMoves } from '../first-moves.js';

const first = firstMoves(process.env);
const [{ run }, { inFlight }] = await Promise.all([import('../main.js'), import('../images/actions-cache.js')]);
await run(first);
// A cache call still runs (a lookup left behind past its bound, retrying with the library's ~32 s
// backoff; a restore's process, which exiting kills): the step has said all it has to say, and ends without it.
if (inFlight() > 0) process.exit();
