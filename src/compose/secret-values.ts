/**
 * The values of a stack that a log must never carry out of the job: every value of a service's
 * `environment` whose name says secret, and the contents of its `secrets:` files (the contract's
 * `upload-logs`). Pure but for reading the files, which the caller passes in.
 */
import type { FileResource } from './model-types.js';

/** A name that says secret: `POSTGRES_PASSWORD`, `API_TOKEN`, `JWT_SECRET`, `AWS_ACCESS_KEY_ID`, `GCP_CREDENTIALS`. */
export const SECRET_NAME = /PASSWORD|TOKEN|SECRET|KEY|CREDENTIAL/i;

/**
 * The values of `environment` (a map, as compose v2's config prints it, or `NAME=value` items, as
 * v1's may) whose names say secret; empty values left out.
 */
export function secretEnvironment(environment: unknown): string[] {
  const pairs: Array<[string, unknown]> = Array.isArray(environment)
    ? environment.map(String).map((e) => [e.split('=')[0] ?? '', e.includes('=') ? e.slice(e.indexOf('=') + 1) : undefined])
    : typeof environment === 'object' && environment !== null
      ? Object.entries(environment)
      : [];
  return pairs.filter(([name, v]) => SECRET_NAME.test(name) && v !== undefined && v !== null && String(v) !== '').map(([, v]) => String(v));
}

/** The most of a `secrets:` file read: a secret is short, a file of megabytes is not one. */
export const SECRET_FILE_MAX_BYTES = 64 * 1024;

/**
 * The values in the stack's `secrets:` files: the whole content, trimmed, and each of its lines
 * (a file of `user:password` lines, say). A file that cannot be read gives nothing.
 */
export function secretFileValues(files: FileResource[], read: (file: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (f.kind !== 'secrets') continue;
    const text = read(f.file);
    if (text === undefined) continue;
    const whole = text.trim();
    if (whole) out.push(whole);
    for (const line of whole.split(/\r?\n/)) if (line.trim() && line.trim() !== whole) out.push(line.trim());
  }
  return out;
}
