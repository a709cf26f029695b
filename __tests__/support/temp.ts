/** Temporary folders for tests, removed when the test (or suite) that made them ends. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where `after` hooks are registered: a TestContext, a SuiteContext, or node:test's own `after`. */
export type AfterHook = { after(fn: () => unknown): void } | ((fn: () => unknown) => void);

/** A fresh folder under the system temp folder, named `<prefix>XXXXXX`, removed (with its contents) after `t`. */
export function tempDir(t: AfterHook, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  if (typeof t === 'function') t(remove);
  else t.after(remove);
  return dir;
}
