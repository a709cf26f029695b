/**
 * The engine's multiplexed stream (exec and logs of a container without a TTY): frames of an
 * 8-byte header (the stream: 1 stdout, 2 stderr; three zero bytes; the payload's length, big
 * endian) and the payload. A container with a TTY sends its output raw, with no frames: told apart
 * by the first header, as the engine's own clients do when they do not know. Pure.
 */

export type StreamName = 'stdout' | 'stderr';

export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  /** Undefined until the first bytes say; false: a raw stream (a TTY), all of it stdout. */
  private framed: boolean | undefined;

  constructor(private readonly onData: (bytes: Buffer, stream: StreamName) => void) {}

  push(chunk: Buffer): void {
    if (this.framed === undefined) {
      this.pending = Buffer.concat([this.pending, chunk]);
      if (this.pending.length < 4) return;
      this.framed = this.pending[0]! <= 2 && this.pending[1] === 0 && this.pending[2] === 0 && this.pending[3] === 0;
      chunk = this.pending;
      this.pending = Buffer.alloc(0);
    }
    if (!this.framed) return this.onData(chunk, 'stdout');
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const payload = this.pending.subarray(8, 8 + size);
      this.onData(payload, this.pending[0] === 2 ? 'stderr' : 'stdout');
      this.pending = this.pending.subarray(8 + size);
    }
  }
}

/** A whole multiplexed answer, its two streams as text. Pure. */
export function demux(bytes: Buffer): { stdout: string; stderr: string } {
  const out: Record<StreamName, Buffer[]> = { stdout: [], stderr: [] };
  new FrameReader((b, stream) => out[stream].push(b)).push(bytes);
  return { stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
}
