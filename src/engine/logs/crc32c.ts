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

function slicingBy16(poly: number): Crc {
  // One binding per table: V8 indexes sixteen small arrays faster than one large one with offsets.
  const [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = tables(poly) as [
    Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array,
    Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array,
  ];
  return (b, start = 0, end = b.length, prev = 0) => {
    let crc = ~prev;
    let i = start;
    for (; i + 16 <= end; i += 16) {
      const a = crc ^ (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24));
      crc = t15[a & 0xff]! ^ t14[(a >>> 8) & 0xff]! ^ t13[(a >>> 16) & 0xff]! ^ t12[a >>> 24]!
        ^ t11[b[i + 4]!]! ^ t10[b[i + 5]!]! ^ t9[b[i + 6]!]! ^ t8[b[i + 7]!]!
        ^ t7[b[i + 8]!]! ^ t6[b[i + 9]!]! ^ t5[b[i + 10]!]! ^ t4[b[i + 11]!]!
        ^ t3[b[i + 12]!]! ^ t2[b[i + 13]!]! ^ t1[b[i + 14]!]! ^ t0[b[i + 15]!]!;
    }
    for (; i < end; i++) crc = t0[(crc ^ b[i]!) & 0xff]! ^ (crc >>> 8);
    return ~crc >>> 0;
  };
}

/** CRC-32C of bytes[start, end). */
export const crc32c: Crc = slicingBy16(0x82f63b78);

/** CRC-32 (zlib's) of bytes[start, end). */
export const crc32: Crc = slicingBy16(0xedb88320);

/** The masking TFRecord and LevelDB apply to stored CRCs: rotate right by 15, add a constant. */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
