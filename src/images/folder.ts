/**
 * Where the image cache's files go on this runner: a folder of its own under RUNNER_TEMP (image
 * tars on their way in or out, a built image's entry folder, its manifest). The post step removes it.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export function imagesFolder(): string {
  return path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'compose-or-staging-images');
}
