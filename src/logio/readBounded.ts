/** Reading a file whole, safely: only a regular file, only up to a size limit. */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export function mib(n: number): string {
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
}

/** A regular file's bytes; a FIFO, device or socket, or a file over `maxBytes`, is an error before
 *  anything is read. O_NONBLOCK so that opening a FIFO never waits for a writer. */
export async function readFileBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error(`not a regular file (${st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device'}); not read`);
    if (st.size > maxBytes) throw new Error(`file is ${mib(st.size)}, over the ${mib(maxBytes)} limit; not read`);
    const bytes = new Uint8Array(st.size);
    const filled = await fill(handle, bytes, 0);
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Bytes `from` to `to` of a file (fewer when it has shrunk since), for reading what was appended. */
export async function readRange(path: string, from: number, to: number): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buffer = Buffer.alloc(Math.max(0, to - from));
    return buffer.subarray(0, await fill(handle, buffer, from));
  } finally {
    await handle.close();
  }
}

/** Reads into `bytes` from `position` on; returns how many bytes came (fewer when the file ended). */
async function fill(handle: FileHandle, bytes: Uint8Array, position: number): Promise<number> {
  let filled = 0;
  while (filled < bytes.length) {
    const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** The file's text (UTF-8), with the same guarantees. */
export async function readTextBounded(path: string, maxBytes: number): Promise<string> {
  return Buffer.from(await readFileBounded(path, maxBytes)).toString('utf8');
}
