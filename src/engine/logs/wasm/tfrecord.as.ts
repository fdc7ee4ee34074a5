// AssemblyScript, compiled to WebAssembly by scripts/wasm.mjs (not seen by tsc).
// TFRecord framing with CRC-32C (Castagnoli, slicing-by-16) for tfrecordFrames.ts: the caller copies
// a window of a file to `data`, calls frames(), and reads one (offset, data CRC ok) pair per whole
// record at `out`. Nothing here allocates; the caller owns the memory layout (tables first).

const POLY: u32 = 0x82f63b78;
const TABLES: usize = memory.data(16 << 10, 16); // 16 tables of 256 u32, built by init()
const MASK_DELTA: u32 = 0xa282ead8;

let stop: i32 = 0;
let reason: i32 = 0;

@inline function t(k: usize, i: u32): u32 {
  return load<u32>(TABLES + (k << 10) + (<usize>i << 2));
}

export function init(): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    store<u32>(TABLES + (<usize>n << 2), c);
  }
  for (let k: usize = 1; k < 16; k++) {
    for (let n: u32 = 0; n < 256; n++) {
      const prev = t(k - 1, n);
      store<u32>(TABLES + (k << 10) + (<usize>n << 2), t(0, prev & 0xff) ^ (prev >>> 8));
    }
  }
}

/** CRC-32C of [p, p + len), continuing from `prev` (0 to start). */
export function crc32c(p: usize, len: i32, prev: u32): u32 {
  let c = ~prev;
  const end = p + <usize>len;
  while (p + 16 <= end) {
    const a = c ^ load<u32>(p);
    const b = load<u32>(p, 4);
    const d = load<u32>(p, 8);
    const e = load<u32>(p, 12);
    c = t(15, a & 0xff) ^ t(14, (a >>> 8) & 0xff) ^ t(13, (a >>> 16) & 0xff) ^ t(12, a >>> 24)
      ^ t(11, b & 0xff) ^ t(10, (b >>> 8) & 0xff) ^ t(9, (b >>> 16) & 0xff) ^ t(8, b >>> 24)
      ^ t(7, d & 0xff) ^ t(6, (d >>> 8) & 0xff) ^ t(5, (d >>> 16) & 0xff) ^ t(4, d >>> 24)
      ^ t(3, e & 0xff) ^ t(2, (e >>> 8) & 0xff) ^ t(1, (e >>> 16) & 0xff) ^ t(0, e >>> 24);
    p += 16;
  }
  while (p + 4 <= end) {
    const a = c ^ load<u32>(p);
    c = t(3, a & 0xff) ^ t(2, (a >>> 8) & 0xff) ^ t(1, (a >>> 16) & 0xff) ^ t(0, a >>> 24);
    p += 4;
  }
  while (p < end) {
    c = t(0, (c ^ <u32>load<u8>(p)) & 0xff) ^ (c >>> 8);
    p++;
  }
  return ~c;
}

@inline function masked(crc: u32): u32 {
  return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
}

/** Walks the records of data[pos, len): for each whole record with a good header CRC writes its
 *  offset and whether its data CRC holds (1/0) at `out`, at most `max` records. Returns how many;
 *  stopAt() is where it stopped and stopReason() why: 0 the bytes left hold no whole record,
 *  1 a header fails its CRC, 2 `max` records were written. */
export function frames(data: usize, len: i32, pos: i32, out: usize, max: i32): i32 {
  let n = 0;
  while (true) {
    if (n === max) { reason = 2; break; }
    if (pos + 12 > len) { reason = 0; break; }
    const at = data + <usize>pos;
    if (masked(crc32c(at, 8, 0)) !== load<u32>(at, 8)) { reason = 1; break; }
    const lenLo = load<u32>(at);
    const lenHi = load<u32>(at, 4);
    const room = len - pos - 16;
    if (lenHi !== 0 || room < 0 || lenLo > <u32>room) { reason = 0; break; }
    const size = <i32>lenLo;
    const ok = masked(crc32c(at + 12, size, 0)) === load<u32>(at + 12 + <usize>size) ? 1 : 0;
    store<i32>(out + (<usize>n << 3), pos);
    store<i32>(out + (<usize>n << 3), ok, 4);
    n++;
    pos += 16 + size;
  }
  stop = pos;
  return n;
}

/** The first byte the caller may use. */
export function heapBase(): usize {
  return __heap_base;
}

export function stopAt(): i32 {
  return stop;
}

export function stopReason(): i32 {
  return reason;
}
