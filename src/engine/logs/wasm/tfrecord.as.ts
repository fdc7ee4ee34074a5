// AssemblyScript, compiled to WebAssembly by scripts/wasm.mjs (not seen by tsc).
// TFRecord framing with CRC-32C (Castagnoli, slicing-by-16) for tfrecordFrames.ts: the caller copies
// a window of a file to `data`, calls frames(), and reads per whole record its offset, whether its
// data CRC holds and, for the common scalar Events, the scalar decoded (step, value, wall time,
// tag). Nothing here allocates; the caller owns the memory layout (tables first).

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

// What frames() says of each record (out[4k + 1]); the JS mirror is RecordKind in tfrecordFrames.ts.
const BAD_CRC: i32 = 0; // the data fails its CRC
const GENERAL: i32 = 1; // CRC holds; the caller decodes the Event
const SIMPLE: i32 = 2; // a scalar Event {wall_time, step, summary {value {tag, simple_value}}}
const TENSOR: i32 = 3; // the same with value {tag, tensor} (a scalar only if the tag's plugin is "scalars")

const MAX_TAGS: i32 = 1024;
/** The tag each tag was last followed by (events cycle through a fixed list of tags); a guess. */
const NEXT: usize = memory.data(MAX_TAGS << 2, 16);

let vend: usize = 0; // where the last varint ended; 0 when it was malformed or ran past `end`

@inline function varint(p: usize, end: usize): u64 {
  let v: u64 = 0;
  for (let shift: u64 = 0; shift < 70; shift += 7) {
    if (p >= end) break;
    const byte = load<u8>(p++);
    v |= <u64>(byte & 0x7f) << shift;
    if (byte < 0x80) { vend = p; return v; }
  }
  vend = 0;
  return 0;
}

/** The end of the length-delimited field whose length is at p (its start in vend), or 0. */
@inline function lengthEnd(p: usize, end: usize): usize {
  const n = varint(p, end);
  if (vend === 0 || n > <u64>(end - vend)) return 0;
  return vend + <usize>n;
}

function sameBytes(a: usize, b: usize, n: usize): bool {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) !== load<u64>(b + i)) return false;
  for (; i < n; i++) if (load<u8>(a + i) !== load<u8>(b + i)) return false;
  return true;
}

let lastTag: i32 = -1;
let tagCount: i32 = 0;
let tagFree: usize = 0;
let tagLimit: usize = 0;

/** The id of the tag in [start, start + n) in `tags` (tagCount pairs of address, length); a tag
 *  not there yet is added (its bytes copied to tagFree) while there is room, else -1. */
function tagId(start: usize, n: i32, tags: usize): i32 {
  let id = -1;
  if (lastTag >= 0) {
    const guess = load<i32>(NEXT + (<usize>lastTag << 2));
    if (guess >= 0 && guess < tagCount) {
      const at = tags + (<usize>guess << 3);
      if (load<i32>(at, 4) === n && sameBytes(<usize>load<i32>(at), start, n)) id = guess;
    }
  }
  if (id < 0) {
    for (let k = 0; k < tagCount; k++) {
      const at = tags + (<usize>k << 3);
      if (load<i32>(at, 4) === n && sameBytes(<usize>load<i32>(at), start, n)) { id = k; break; }
    }
    if (id < 0) {
      if (tagCount === MAX_TAGS || tagFree + <usize>n > tagLimit) return -1;
      memory.copy(tagFree, start, n);
      const at = tags + (<usize>tagCount << 3);
      store<i32>(at, <i32>tagFree);
      store<i32>(at, n, 4);
      tagFree += <usize>n;
      id = tagCount++;
    }
    if (lastTag >= 0) store<i32>(NEXT + (<usize>lastTag << 2), id);
  }
  lastTag = id;
  return id;
}

/** The first element of a TensorProto in [p, end) that a scalar is stored as — float_val,
 *  double_val, or a 4/8-byte tensor_content of DT_FLOAT/DT_DOUBLE — or NaN with `tensorOk` false
 *  for anything else (other fields and dtypes are left to the general decoder). */
let tensorOk = false;
function tensorValue(p: usize, end: usize): f64 {
  tensorOk = false;
  let dtype: i32 = 0;
  let first: f64 = NaN;
  let hasFirst = false;
  let content: usize = 0;
  let contentEnd: usize = 0;
  while (p < end) {
    const t = load<u8>(p++);
    if (t === 0x08) { // dtype
      if (p >= end) return NaN;
      const d = load<u8>(p++);
      if (d >= 0x80) return NaN;
      dtype = d;
    } else if (t === 0x12 || t === 0x22 || t === 0x2a || t === 0x32) { // shape, content, packed float/double
      const e = lengthEnd(p, end);
      if (e === 0) return NaN;
      const s = vend;
      if (t === 0x22) { content = s; contentEnd = e; }
      else if (t !== 0x12 && s < e && !hasFirst) {
        if (t === 0x2a) { if (s + 4 > e) return NaN; first = <f64>load<f32>(s); }
        else { if (s + 8 > e) return NaN; first = load<f64>(s); }
        hasFirst = true;
      }
      p = e;
    } else if (t === 0x2d) { // one float_val
      if (p + 4 > end) return NaN;
      if (!hasFirst) { first = <f64>load<f32>(p); hasFirst = true; }
      p += 4;
    } else if (t === 0x31) { // one double_val
      if (p + 8 > end) return NaN;
      if (!hasFirst) { first = load<f64>(p); hasFirst = true; }
      p += 8;
    } else return NaN;
  }
  if (hasFirst) { tensorOk = true; return first; }
  const n = contentEnd - content;
  if (content !== 0 && dtype === 1 && n >= 4) { tensorOk = true; return <f64>load<f32>(content); }
  if (content !== 0 && dtype === 2 && n >= 8) { tensorOk = true; return load<f64>(content); }
  return NaN;
}

/** Decodes the Event in [p, end) if it is a scalar Event of the common shape (each field once):
 *  writes step, value, wall time at `vals`, the tag's id (or -1 - its length, with its offset
 *  from `data` next) at `ids`, and returns SIMPLE or TENSOR; GENERAL for any other Event. */
function scalarEvent(p: usize, end: usize, data: usize, ids: usize, vals: usize, tags: usize): i32 {
  let wall: f64 = NaN;
  let step: u64 = 0;
  let seen = 0;
  let summary: usize = 0;
  let summaryEnd: usize = 0;
  while (p < end) {
    const t = load<u8>(p++);
    if (t === 0x09) { // wall_time
      if (seen & 1 || p + 8 > end) return GENERAL;
      wall = load<f64>(p);
      p += 8;
      seen |= 1;
    } else if (t === 0x10) { // step
      if (seen & 2) return GENERAL;
      step = varint(p, end);
      if (vend === 0) return GENERAL;
      p = vend;
      seen |= 2;
    } else if (t === 0x2a) { // summary
      if (seen & 4) return GENERAL;
      summaryEnd = lengthEnd(p, end);
      if (summaryEnd === 0) return GENERAL;
      summary = vend;
      p = summaryEnd;
      seen |= 4;
    } else return GENERAL;
  }
  // exactly one Summary.Value filling the summary
  if (!(seen & 4) || summary >= summaryEnd || load<u8>(summary) !== 0x0a) return GENERAL;
  if (lengthEnd(summary + 1, summaryEnd) !== summaryEnd) return GENERAL;
  p = vend;
  let tag: usize = 0;
  let tagEnd: usize = 0;
  let simple: f64 = 0;
  let tensor: usize = 0;
  let tensorEnd: usize = 0;
  let has = 0;
  while (p < summaryEnd) {
    const t = load<u8>(p++);
    if (t === 0x0a) { // tag
      if (has & 1) return GENERAL;
      tagEnd = lengthEnd(p, summaryEnd);
      if (tagEnd === 0) return GENERAL;
      tag = vend;
      p = tagEnd;
      has |= 1;
    } else if (t === 0x15) { // simple_value
      if (has & 2 || p + 4 > summaryEnd) return GENERAL;
      simple = <f64>load<f32>(p);
      p += 4;
      has |= 2;
    } else if (t === 0x42) { // tensor
      if (has & 4) return GENERAL;
      tensorEnd = lengthEnd(p, summaryEnd);
      if (tensorEnd === 0) return GENERAL;
      tensor = vend;
      p = tensorEnd;
      has |= 4;
    } else return GENERAL;
  }
  let kind = SIMPLE;
  if (has === 5) {
    simple = tensorValue(tensor, tensorEnd);
    if (!tensorOk) return GENERAL;
    kind = TENSOR;
  } else if (has !== 3) return GENERAL;
  const n = <i32>(tagEnd - tag);
  const id = tagId(tag, n, tags);
  store<i32>(ids, id < 0 ? -1 - n : id);
  store<i32>(ids, <i32>(tag - data), 4);
  store<f64>(vals, <f64>(<i64>step));
  store<f64>(vals, simple, 8);
  store<f64>(vals, wall, 16);
  return kind;
}

/** Walks the records of data[pos, len): for each whole record with a good header CRC writes its
 *  offset and kind at out[4k], out[4k + 1] (with `decode`, scalar Events are decoded: the tag's
 *  id and offset at out[4k + 2, 4k + 3], step, value, wall time at vals[3k]), at most `max`
 *  records. `tags` holds `count` known tags (address, length; their bytes end at `free`); tags
 *  met first are added there, their bytes up to `limit` (tagsKnown() is the count after). Returns
 *  how many records; stopAt() is where it stopped and stopReason() why: 0 the bytes left hold no
 *  whole record, 1 a header fails its CRC, 2 `max` records were written. */
export function frames(data: usize, len: i32, pos: i32, out: usize, vals: usize, max: i32, tags: usize, count: i32, free: usize, limit: usize, decode: bool): i32 {
  let n = 0;
  lastTag = -1;
  tagCount = count;
  tagFree = free;
  tagLimit = limit;
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
    const o = out + (<usize>n << 4);
    let kind = masked(crc32c(at + 12, size, 0)) === load<u32>(at + 12 + <usize>size) ? GENERAL : BAD_CRC;
    if (kind === GENERAL && decode) kind = scalarEvent(at + 12, at + 12 + <usize>size, data, o + 8, vals + <usize>n * 24, tags);
    store<i32>(o, pos);
    store<i32>(o, kind, 4);
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

export function tagsKnown(): i32 {
  return tagCount;
}

export function stopReason(): i32 {
  return reason;
}
