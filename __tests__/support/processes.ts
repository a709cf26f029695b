/**
 * This machine's processes, read from /proc (Linux): what the tests ask of processes they did not
 * start themselves (a compose still running, what sshd or socat forked, whether one is gone).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One /proc file (`stat`, `cmdline`, …) of every process that has it now, by pid. */
export function procFiles(file: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.set(Number(name), readFileSync(`/proc/${name}/${file}`, 'utf8'));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The fields of a stat line after `pid (comm)`: comm may hold spaces and parentheses. */
const afterComm = (stat: string): string[] => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** All descendants of `pid` (children, their children, …) that are alive now. */
export function descendantPids(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [child, stat] of procFiles('stat')) {
    const ppid = Number(afterComm(stat)[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), child]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** Is `pid` a live process? An exited but unreaped one (a zombie) counts as gone. */
export function alive(pid: number): boolean {
  try {
    return afterComm(readFileSync(`/proc/${pid}/stat`, 'utf8'))[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A live process's parent, process group and session (from its stat line); undefined when it is gone. */
export function processIds(pid: number): { ppid: number; pgrp: number; session: number } | undefined {
  try {
    const [, ppid, pgrp, session] = afterComm(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return { ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session) };
  } catch {
    return undefined;
  }
}
