/** TFRecord framing (u64 length, masked CRC-32C of it, the data, masked CRC-32C of the data),
 *  checked on WebAssembly (wasm/tfrecord.as.ts): the CRC of every byte of a 1 GB log folder is
 *  most of the work of reading it, and a table-driven CRC runs ~4× faster there than in V8. The
 *  same pass decodes the common scalar Event (wall_time, step, one value {tag, simple_value or a
 *  float/double tensor}), so most records never reach the general decoder in tfevents.ts.
 *  Files pass through a fixed window of wasm memory; without WebAssembly (or for a record larger
 *  than the window) the framing runs on crc32c.ts and every Event goes to the general decoder. */
import { crc32cOver, maskCrc } from './crc32c';
import { WASM_BASE64 } from './wasm/tfrecord.wasm.generated';

interface Kernel {
  readonly memory: WebAssembly.Memory;
  init(): void;
  heapBase(): number;
  frames(data: number, len: number, pos: number, out: number, vals: number, max: number, tags: number, count: number, free: number, limit: number, decode: number): number;
  tagsKnown(): number;
  stopAt(): number;
  stopReason(): number;
}

/** Why a scan stopped: no whole record left in the bytes, or a header failing its CRC. */
export const enum FrameStop { Incomplete = 0, DamagedHeader = 1 }

/** What a scan found in a record (the values frames() in wasm/tfrecord.as.ts writes). */
export const enum RecordKind {
  /** The data fails its CRC. */
  BadCrc = 0,
  /** An Event for the general decoder. */
  General = 1,
  /** A scalar Event from simple_value, decoded: see TfRecordFrames.records and .values. */
  Simple = 2,
  /** The same from a float/double tensor: a scalar only when its tag's plugin is "scalars". */
  Tensor = 3,
}

const WINDOW = 4 << 20;
/** A record takes at least 16 bytes: room for every record of a full window. */
const MAX_RECORDS = WINDOW >> 4;
const MAX_TAGS = 1024;
const TAG_BYTES = 64 << 10;

/** Where each part lives in wasm memory (byte addresses; 16-aligned). */
interface Layout { data: number; out: number; vals: number; tags: number; tagBytes: number; end: number }

function layout(heapBase: number): Layout {
  const data = Math.ceil(heapBase / 16) * 16;
  const out = data + WINDOW;
  const vals = out + MAX_RECORDS * 16;
  const tags = vals + MAX_RECORDS * 24;
  const tagBytes = tags + MAX_TAGS * 8;
  return { data, out, vals, tags, tagBytes, end: tagBytes + TAG_BYTES };
}

let kernel: { k: Kernel; at: Layout } | null | undefined;
/** Whose tags the wasm tag table holds, and how many of them. */
let tableOwner: TfRecordFrames | undefined;
let tableCount = 0;

function load(): { k: Kernel; at: Layout } | null {
  if (kernel !== undefined) return kernel;
  try {
    const module = new WebAssembly.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
    const k = new WebAssembly.Instance(module, {}).exports as unknown as Kernel;
    k.init();
    const at = layout(k.heapBase());
    const pages = Math.ceil((at.end - k.memory.buffer.byteLength) / 65536);
    if (pages > 0) k.memory.grow(pages);
    kernel = { k, at };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Scans records batch by batch: after scan(), base + records[4k] is the offset of the k-th whole
 *  record (in the buffer scanned) and records[4k + 1] its RecordKind; `stop` is the offset after the last
 *  one. A scan that finds none has reached the end (`reason`) of what it can read. For a decoded
 *  scalar (Simple, Tensor) records[4k + 2] is its tag's id (see tag()), or -1 - the tag's
 *  length when the table of tags is full, base + records[4k + 3] the tag's offset; values[3k] its step, [3k + 1] its
 *  value (a float32 as its exact double) and [3k + 2] its wall time (NaN when absent). */
export class TfRecordFrames {
  records: Int32Array = new Int32Array(0);
  base = 0;
  values: Float64Array = new Float64Array(0);
  count = 0;
  stop = 0;
  reason: FrameStop = FrameStop.Incomplete;
  private readonly wasm = load();
  /** The tags scans have met, by id. */
  private readonly tags: Uint8Array[] = [];
  private readonly window: number;
  private readonly decodeScalars: boolean;

  /** `window` (bytes, at most 4 MiB) is how much of a file one scan copies to wasm memory;
   *  `scalars: false` leaves every Event to the general decoder. */
  constructor(options: { window?: number; scalars?: boolean } = {}) {
    this.window = Math.min(options.window ?? WINDOW, WINDOW);
    this.decodeScalars = options.scalars ?? true;
  }

  /** The bytes of the tag scans report as `id` (ids count up from 0 as tags are first met). */
  tag(id: number): Uint8Array {
    return this.tags[id]!;
  }

  /** How many tags scans have met (and can report by id). */
  get tagCount(): number {
    return this.tags.length;
  }

  /** The wasm tag table as this instance's (several decoders share the one kernel); returns where
   *  the bytes of its tags end. */
  private loadTags({ k, at }: { k: Kernel; at: Layout }): number {
    if (tableOwner !== this) {
      tableOwner = this;
      tableCount = 0;
    }
    const index = new Int32Array(k.memory.buffer, at.tags, 2 * MAX_TAGS);
    const bytes = new Uint8Array(k.memory.buffer);
    let addr = tableCount === 0 ? at.tagBytes : index[2 * (tableCount - 1)]! + index[2 * tableCount - 1]!;
    for (; tableCount < this.tags.length; tableCount++) {
      const tag = this.tags[tableCount]!;
      bytes.set(tag, addr);
      index[2 * tableCount] = addr;
      index[2 * tableCount + 1] = tag.length;
      addr += tag.length;
    }
    return addr;
  }

  /** Keeps a copy of the tags the last scan added to the wasm table (for the next load). */
  private takeNewTags({ k, at }: { k: Kernel; at: Layout }): void {
    const known = k.tagsKnown();
    if (known === this.tags.length) return;
    const index = new Int32Array(k.memory.buffer, at.tags, 2 * MAX_TAGS);
    for (let id = this.tags.length; id < known; id++) {
      this.tags.push(new Uint8Array(k.memory.buffer, index[2 * id]!, index[2 * id + 1]!).slice());
    }
    tableCount = known;
  }

  /** The next batch of whole records of b from `pos`. */
  scan(b: Uint8Array, pos: number): void {
    const w = this.wasm;
    if (w && b.length - pos >= 16) {
      const { k, at } = w;
      const free = this.decodeScalars ? this.loadTags(w) : at.tagBytes;
      const len = Math.min(this.window, b.length - pos);
      new Uint8Array(k.memory.buffer, at.data, len).set(b.subarray(pos, pos + len));
      const n = k.frames(at.data, len, 0, at.out, at.vals, MAX_RECORDS, at.tags, this.tags.length, free, at.tagBytes + TAG_BYTES, this.decodeScalars ? 1 : 0);
      if (this.decodeScalars) this.takeNewTags(w);
      const reason = k.stopReason();
      // A window that ends mid-file and holds no whole record holds the start of a record larger
      // than itself: that one record is checked below.
      if (n > 0 || len === b.length - pos || reason === FrameStop.DamagedHeader) {
        this.records = new Int32Array(k.memory.buffer, at.out, 4 * n);
        this.base = pos;
        this.values = new Float64Array(k.memory.buffer, at.vals, 3 * n);
        this.count = n;
        this.stop = pos + k.stopAt();
        this.reason = reason === FrameStop.DamagedHeader ? FrameStop.DamagedHeader : FrameStop.Incomplete;
        return;
      }
      this.scanJs(b, pos, 1);
      return;
    }
    this.scanJs(b, pos, MAX_RECORDS);
  }

  /** The same walk as frames() in wasm/tfrecord.as.ts, at most `max` records, decoding none. */
  private scanJs(b: Uint8Array, pos: number, max: number): void {
    this.records = this.own;
    this.base = 0;
    max = Math.min(max, this.own.length >> 2);
    const crc = crc32cOver(b);
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let n = 0;
    this.reason = FrameStop.Incomplete;
    while (n < max && pos + 12 <= b.length) {
      if (maskCrc(crc(pos, pos + 8)) !== view.getUint32(pos + 8, true)) {
        this.reason = FrameStop.DamagedHeader;
        break;
      }
      const dataEnd = pos + 12 + (view.getUint32(pos + 4, true) * 4294967296 + view.getUint32(pos, true));
      if (dataEnd + 4 > b.length) break;
      this.records[4 * n] = pos;
      this.records[4 * n + 1] = maskCrc(crc(pos + 12, dataEnd)) === view.getUint32(dataEnd, true) ? RecordKind.General : RecordKind.BadCrc;
      n++;
      pos = dataEnd + 4;
    }
    this.count = n;
    this.stop = pos;
  }

  private readonly own = new Int32Array(4 << 16);
}
