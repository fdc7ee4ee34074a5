/** CRC-32C (Castagnoli; TFRecord) and CRC-32 (IEEE; wandb's LevelDB log), slice-by-16.
 *  @aws-crypto/crc32c computes the same CRC-32C one byte per iterator step (~13 MB/s here), far too
 *  slow to check every TFRecord of a 1 GB log folder; these table-driven versions are checked
 *  against it and against zlib in test/unit/logs/crc32c.test.ts. */
/** The CRC of b[start, end), continuing from `prev` (the CRC of what came before, as zlib's). */
type Crc = (b: Uint8Array, start?: number, end?: number, prev?: number) => number;

function tables(poly: number): Int32Array[] {
  const t0 = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t0[n] = c;
  }
  const all = [t0];
  for (let k = 1; k < 16; k++) {
    const prev = all[k - 1]!;
    const t = new Int32Array(256);
    for (let n = 0; n < 256; n++) t[n] = t0[prev[n]! & 0xff]! ^ (prev[n]! >>> 8);
    all.push(t);
  }
  return all;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function slicingBy16(poly: number): { crc: Crc; over: (b: Uint8Array) => RangeCrc } {
  // One binding per table: V8 indexes sixteen small arrays faster than one large one with offsets.
  const [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = tables(poly) as [
    Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array,
    Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array,
  ];
  const crc: Crc = (b, start = 0, end = b.length, prev = 0) => {
    let c = ~prev;
    let i = start;
    for (; i + 16 <= end; i += 16) {
      const a = c ^ (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24));
      c = t15[a & 0xff]! ^ t14[(a >>> 8) & 0xff]! ^ t13[(a >>> 16) & 0xff]! ^ t12[a >>> 24]!
        ^ t11[b[i + 4]!]! ^ t10[b[i + 5]!]! ^ t9[b[i + 6]!]! ^ t8[b[i + 7]!]!
        ^ t7[b[i + 8]!]! ^ t6[b[i + 9]!]! ^ t5[b[i + 10]!]! ^ t4[b[i + 11]!]!
        ^ t3[b[i + 12]!]! ^ t2[b[i + 13]!]! ^ t1[b[i + 14]!]! ^ t0[b[i + 15]!]!;
    }
    for (; i < end; i++) c = t0[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
    return ~c >>> 0;
  };
  // Many short ranges of one buffer (every record of a file): one word view for all of them, and
  // aligned 32-bit loads instead of four byte loads (little-endian hosts; others take `crc`).
  const over = (b: Uint8Array): RangeCrc => {
    if (!littleEndian) return (start, end) => crc(b, start, end);
    const off = b.byteOffset;
    const words = new Int32Array(b.buffer, 0, b.buffer.byteLength >> 2);
    return (start, end) => {
      let c = -1;
      let i = start;
      for (; i < end && ((off + i) & 3) !== 0; i++) c = t0[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
      let j = (off + i) >> 2;
      for (; i + 16 <= end; i += 16, j += 4) {
        const a = c ^ words[j]!, d = words[j + 1]!, e = words[j + 2]!, f = words[j + 3]!;
        c = t15[a & 0xff]! ^ t14[(a >>> 8) & 0xff]! ^ t13[(a >>> 16) & 0xff]! ^ t12[a >>> 24]!
          ^ t11[d & 0xff]! ^ t10[(d >>> 8) & 0xff]! ^ t9[(d >>> 16) & 0xff]! ^ t8[d >>> 24]!
          ^ t7[e & 0xff]! ^ t6[(e >>> 8) & 0xff]! ^ t5[(e >>> 16) & 0xff]! ^ t4[e >>> 24]!
          ^ t3[f & 0xff]! ^ t2[(f >>> 8) & 0xff]! ^ t1[(f >>> 16) & 0xff]! ^ t0[f >>> 24]!;
      }
      for (; i + 4 <= end; i += 4, j++) {
        const a = c ^ words[j]!;
        c = t3[a & 0xff]! ^ t2[(a >>> 8) & 0xff]! ^ t1[(a >>> 16) & 0xff]! ^ t0[a >>> 24]!;
      }
      for (; i < end; i++) c = t0[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
      return ~c >>> 0;
    };
  };
  return { crc, over };
}

/** The CRC of one range of a buffer fixed beforehand. */
export type RangeCrc = (start: number, end: number) => number;

const castagnoli = slicingBy16(0x82f63b78);

/** CRC-32C of bytes[start, end). */
export const crc32c: Crc = castagnoli.crc;

/** CRC-32C of ranges of `bytes`, for checking many records of one buffer. */
export const crc32cOver: (bytes: Uint8Array) => RangeCrc = castagnoli.over;

/** CRC-32 (zlib's) of bytes[start, end). */
export const crc32: Crc = slicingBy16(0xedb88320).crc;

/** The masking TFRecord and LevelDB apply to stored CRCs: rotate right by 15, add a constant. */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
