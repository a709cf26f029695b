/**
 * A real image registry on loopback: Debian's `docker-registry` (the distribution registry),
 * without TLS or auth, its storage in a temporary folder. The engine trusts a registry on
 * 127.0.0.0/8 without TLS, so `docker push 127.0.0.1:<port>/…` works against it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port.js';
import { sleep } from './time.js';

export interface LocalRegistry {
  /** `127.0.0.1:<port>`, the registry part of an image reference. */
  host: string;
  /** Stop it (its storage is kept until `remove`): an outage. */
  stop(): Promise<void>;
  /** Stop it and delete its storage. */
  remove(): Promise<void>;
}

/** Undefined when `docker-registry` is not installed (the caller skips, or fails under CI). */
export async function startRegistry(): Promise<LocalRegistry | undefined> {
  const binary = ['/usr/bin/docker-registry', '/usr/local/bin/docker-registry'].find((p) => fs.existsSync(p));
  if (!binary) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-registry-'));
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'data')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const host = `127.0.0.1:${port}`;
  // Ready when /v2/ answers; a guard far above the ~100 ms it takes.
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://${host}/v2/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 200 || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start: ${stderr.slice(-500)}`);
    }
    await sleep(100);
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return {
    host,
    stop,
    remove: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
