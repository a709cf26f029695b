/** Credentials in URLs: small, so the main step can use it without loading the probes. */
import * as querystring from 'node:querystring';
import type { InputReader } from '../inputs.js';
import { registerSecret } from '../report/outside.js';

/** `s` percent-decoded; as it is when it is not valid percent-encoding (a stray `%`). */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Every secret a URL's credentials stand for, in each form a client may send or print them: the
 * password as written, decoded (strictly, and leniently as the ws library does), and the Basic
 * token made of each decoded user and password. [] when the URL has no password.
 */
export function credentialSecrets(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  if (u.password === '') return [];
  const forms = (s: string): string[] => [...new Set([s, safeDecode(s), querystring.unescape(s)])];
  const passwords = forms(u.password);
  const basics = forms(u.username).flatMap((user) => passwords.map((p) => Buffer.from(`${user}:${p}`).toString('base64')));
  return [...new Set([...passwords, ...basics])];
}

/**
 * `url` without user and password (for fetch, which refuses such URLs, and for reports), and the
 * Basic credentials they stood for.
 */
export function splitCredentials(url: string): { url: string; basic: string | undefined } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, basic: undefined };
  }
  if (u.username === '' && u.password === '') return { url, basic: undefined };
  const basic = Buffer.from(`${safeDecode(u.username)}:${safeDecode(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.toString(), basic: `Basic ${basic}` };
}

/**
 * Every secret, registered before anything can be logged: the token, and a staging URL's password
 * with the Basic credentials made of it. Masked by the runner, and removed from outside text (a
 * staging that echoes them back) before it reaches the log, the summary, the report or an output.
 */
export function registerInputSecrets(read: InputReader): void {
  registerSecret(read('staging-token'));
  for (const name of ['staging-backend-url', 'staging-websocket-url', 'staging-auth-url'] as const) {
    for (const secret of credentialSecrets(read(name))) registerSecret(secret);
  }
}
