/** A network error as one probe class with a line a person reads. Pure. */
import type { ProbeClass } from './types.js';

const TLS_CODES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the certificate (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to verify the certificate (unknown issuer)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is for another host name',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  ERR_SSL_WRONG_VERSION_NUMBER: 'not a TLS server (wrong version number)',
  EPROTO: 'TLS protocol error',
};

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_STREAM_PREMATURE_CLOSE' && code !== 'FETCH_ERROR' && code !== 'system') return code;
    const errno = (e as { errno?: unknown }).errno;
    if (typeof errno === 'string') return errno;
    e = (e as { cause?: unknown; erroredSysCall?: unknown }).cause;
  }
  return undefined;
}

/** Classify a network error. Pure. */
export function classifyError(err: unknown, timedOut: boolean): { class: ProbeClass; detail: string } {
  if (timedOut) return { class: 'timeout', detail: 'no answer before the deadline' };
  const code = errorCode(err) ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code in TLS_CODES) return { class: 'tls', detail: `TLS error: ${TLS_CODES[code]} (${code})` };
  if (/^ERR_TLS|^ERR_SSL|CERT/.test(code)) return { class: 'tls', detail: `TLS error: ${code}` };
  if (code === 'ECONNREFUSED') return { class: 'refused', detail: 'connection refused' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { class: 'dns', detail: `DNS lookup failed (${code})` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|other side closed|premature close/i.test(message))
    return { class: 'reset', detail: 'connection reset by the server' };
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || /aborted/i.test(message))
    return { class: 'timeout', detail: 'no answer before the deadline' };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { class: 'refused', detail: `host unreachable (${code})` };
  return { class: 'error', detail: `${code ? `${code}: ` : ''}${message.split('\n')[0]}` };
}
