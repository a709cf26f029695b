/**
 * The listening rule: a container port counts once a socket listens on it inside the container,
 * read from the kernel's table (/proc/net/tcp and tcp6 of the container's network namespace).
 * Docker's userland proxy accepts on the published host port before the service listens, so a
 * connect from the host proves nothing. Pure.
 */
import { pass, wait, type CheckState } from '../types.js';

export interface Listener {
  /** The local address, as the kernel's table gives it (hex). */
  address: string;
  port: number;
  /** Bound to a loopback address only: unreachable from outside the container. */
  loopback: boolean;
}

const LISTEN = '0A';
/** 127.0.0.0/8 in /proc's little-endian hex ends in 7F; ::1 and ::ffff:127.x are these. */
const isLoopbackHex = (hex: string): boolean =>
  (hex.length === 8 && hex.endsWith('7F')) ||
  hex === '00000000000000000000000001000000' ||
  (hex.length === 32 && hex.startsWith('0000000000000000FFFF0000') && hex.endsWith('7F'));

/** The listening sockets of /proc/net/tcp and /proc/net/tcp6 text (either or both, concatenated). Pure. */
export function parseListeners(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    // sl local_address rem_address st …
    if (f.length < 4 || !/^\d+:$/.test(f[0] as string) || f[3] !== LISTEN) continue;
    const [address = '', portHex = ''] = (f[1] as string).split(':');
    const port = parseInt(portHex, 16);
    if (Number.isNaN(port)) continue;
    out.push({ address, port, loopback: isLoopbackHex(address.toUpperCase()) });
  }
  return out;
}

/** Whether every port in `ports` listens on an address reachable from outside the container. Pure. */
export function judgeListening(ports: number[], listeners: Listener[]): CheckState {
  const loopbackOnly: number[] = [];
  const closed: number[] = [];
  for (const port of ports) {
    const mine = listeners.filter((l) => l.port === port);
    if (mine.some((l) => !l.loopback)) continue;
    (mine.length > 0 ? loopbackOnly : closed).push(port);
  }
  const list = (ps: number[]): string => `${ps.length > 1 ? 'ports' : 'port'} ${ps.join(', ')}`;
  if (loopbackOnly.length) return wait(`${list(loopbackOnly)} listening on loopback only inside the container (unreachable: bind 0.0.0.0)`);
  if (closed.length) return wait(`${list(closed)} not listening inside the container yet`);
  return pass(`${list(ports)} listening`);
}
