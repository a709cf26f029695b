/** Credentials in URLs: small, so the main step can use it without loading the probes. */

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
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const basic = Buffer.from(`${decode(u.username)}:${decode(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.toString(), basic: `Basic ${basic}` };
}
