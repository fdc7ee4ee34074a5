/** TFRecord framing written here for the tests (with @aws-crypto/crc32c, not the reader's CRC). */
import { crc32c } from '@aws-crypto/crc32c';

export const mask = (c: number) => ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;

/** The records, each with its length, masked length CRC, data and masked data CRC. */
export function framed(records: readonly ArrayLike<number>[]): Uint8Array {
  const parts: number[] = [];
  for (const record of records) {
    const data = Uint8Array.from(record);
    const header = new Uint8Array(12);
    const view = new DataView(header.buffer);
    view.setUint32(0, data.length, true);
    view.setUint32(8, mask(crc32c(header.subarray(0, 8))), true);
    const footer = new Uint8Array(4);
    new DataView(footer.buffer).setUint32(0, mask(crc32c(data)), true);
    parts.push(...header, ...data, ...footer);
  }
  return new Uint8Array(parts);
}
