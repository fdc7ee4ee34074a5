/** Where the complete records of a log file end, so that a live reader never decodes a record
 *  the writer is still in the middle of. */

/** How a file grows: appended records (read only the new bytes), or rewritten whole at each save. */
export type Growth = 'append' | 'rewrite';

export function growthOf(path: string): Growth {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'result.json') return 'append'; // Ray Tune: one JSON object per line.
  return /\.(json|db|sqlite|sqlite3)$/.test(name) ? 'rewrite' : 'append';
}

/** The length of the prefix of `bytes` made of complete records. Event files: TFRecord frames
 *  (u64 length, 4-byte CRC, data, 4-byte CRC); W&B: everything (its reader takes partial blocks);
 *  anything else is line-oriented (CSV, JSON Lines, MLflow metric files, journals). */
export function completeLength(path: string, bytes: Uint8Array): number {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name.includes('tfevents')) return completeFrames(bytes);
  if (name.endsWith('.wandb')) return bytes.length;
  const lastNewline = bytes.lastIndexOf(0x0a);
  return lastNewline + 1;
}

function completeFrames(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    const end = at + 12 + length + 4;
    if (end > bytes.length) break;
    at = end;
  }
  return at;
}
