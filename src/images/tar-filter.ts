/**
 * A tar archive copied without some of its members, as a stream (a `docker save` of a large image
 * is never held in memory). GNU tar's `--delete` was tried and garbles Docker's archives; this
 * reads the format itself: 512-byte headers, a size in octal or base-256, and the extension
 * headers (pax `x`, GNU long names `L` and `K`) that belong to the member after them, which go or
 * stay with it. A pax global header (`g`) is kept.
 */
import * as fs from 'node:fs';

const BLOCK = 512;
const COPY_CHUNK = 1024 * 1024;

/** A header's size field: octal text, or base-256 when its first byte's top bit is set. */
function sizeOf(header: Buffer): number {
  const field = header.subarray(124, 136);
  if ((field[0]! & 0x80) !== 0) {
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return n;
  }
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/g, '')
    .trim();
  return text ? parseInt(text, 8) : 0;
}

/** A NUL-ended text field. */
const field = (header: Buffer, start: number, length: number): string => {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
};

/** The `path` of a pax extended header's records (`<len> path=<value>\n`). */
function paxPath(data: Buffer): string | undefined {
  let at = 0;
  let found: string | undefined;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(data.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    if (record.startsWith('path=')) found = record.slice(5);
    at += length;
  }
  return found;
}

/** Read exactly `length` bytes at `position` (fewer only at the file's end). */
async function readAt(file: fs.promises.FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buffer.subarray(0, got);
}

/** One member: its name, its headers (extension ones first), where its data starts, and its size. */
interface Member {
  name: string;
  headers: Buffer[];
  dataAt: number;
  size: number;
  /** Its data's length in the archive (whole blocks). */
  blocks: number;
}

/** The members of an open archive, in order. Throws on a header cut short. */
async function* membersOf(file: fs.promises.FileHandle): AsyncGenerator<Member> {
  let at = 0;
  let pending: Buffer[] = [];
  let longName: string | undefined;
  for (;;) {
    const header = await readAt(file, BLOCK, at);
    if (header.length < BLOCK) throw new Error(`a tar header cut short at byte ${at}`);
    if (header.every((b) => b === 0)) return;
    const size = sizeOf(header);
    const blocks = Math.ceil(size / BLOCK) * BLOCK;
    const type = String.fromCharCode(header[156]!);
    if (type === 'x' || type === 'L' || type === 'K') {
      const data = await readAt(file, blocks, at + BLOCK);
      if (type === 'x') longName = paxPath(data.subarray(0, size)) ?? longName;
      if (type === 'L') longName = data.subarray(0, size).toString('utf8').replace(/\0+$/, '');
      pending.push(header, data);
      at += BLOCK + blocks;
      continue;
    }
    const prefix = field(header, 345, 155);
    const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
    const name = longName ?? (prefix && ustar ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    yield { name, headers: [...pending, header], dataAt: at + BLOCK, size, blocks };
    pending = [];
    longName = undefined;
    at += BLOCK + blocks;
  }
}

/** The content of the member `name` (a small one: manifest.json); undefined when there is none. */
export async function readTarMember(input: string, name: string): Promise<Buffer | undefined> {
  const file = await fs.promises.open(input, 'r');
  try {
    for await (const m of membersOf(file)) if (m.name === name) return readAt(file, m.size, m.dataAt);
    return undefined;
  } finally {
    await file.close();
  }
}

/**
 * Copy `input` to `output` without the members whose name `drop` says; resolves with the names
 * dropped. Rejects on an archive it cannot read (a header cut short).
 */
export async function copyTarWithout(input: string, output: string, drop: (name: string) => boolean): Promise<string[]> {
  const from = await fs.promises.open(input, 'r');
  const to = await fs.promises.open(output, 'w');
  const dropped: string[] = [];
  try {
    for await (const m of membersOf(from)) {
      if (drop(m.name)) {
        dropped.push(m.name);
        continue;
      }
      for (const part of m.headers) await to.write(part);
      for (let done = 0; done < m.blocks; done += COPY_CHUNK) {
        const chunk = await readAt(from, Math.min(COPY_CHUNK, m.blocks - done), m.dataAt + done);
        if (chunk.length < Math.min(COPY_CHUNK, m.blocks - done)) throw new Error(`${m.name}: its data cut short`);
        await to.write(chunk);
      }
    }
    await to.write(Buffer.alloc(BLOCK * 2));
    return dropped;
  } finally {
    await from.close();
    await to.close();
  }
}
