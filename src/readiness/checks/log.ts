/**
 * The log check: a line of the container's log matches a pattern (a queue that logs "ready", a
 * database that logs "ready to accept connections"). Pure: the lines come from a follower.
 */
import { pass, wait, type CheckState } from '../types.js';

/** Log lines are matched without the timestamp or ANSI colour codes a logger may add. */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export class LogMatch {
  private readonly re: RegExp;
  matched: string | undefined;
  constructor(readonly pattern: string) {
    this.re = new RegExp(pattern);
  }
  /** Feed one line; true when it is the first that matches. */
  line(text: string): boolean {
    if (this.matched !== undefined) return false;
    const plain = text.replace(ANSI, '');
    if (!this.re.test(plain)) return false;
    this.matched = plain;
    return true;
  }
  state(): CheckState {
    return this.matched !== undefined ? pass(`log matched /${this.pattern}/`) : wait(`waiting for a log line matching /${this.pattern}/`);
  }
}
