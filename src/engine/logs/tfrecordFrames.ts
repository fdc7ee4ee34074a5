/** TFRecord framing (u64 length, masked CRC-32C of it, the data, masked CRC-32C of the data),
 *  checked on WebAssembly (wasm/tfrecord.as.ts): the CRC of every byte of a 1 GB log folder is
 *  most of the work of reading it, and a table-driven CRC runs ~4× faster there than in V8.
 *  Files pass through a fixed window of wasm memory; without WebAssembly (or for a record larger
 *  than the window) the same walk runs on crc32c.ts. */
import { crc32cOver, maskCrc } from './crc32c';
import { WASM_BASE64 } from './wasm/tfrecord.wasm.generated';

interface Kernel {
  readonly memory: WebAssembly.Memory;
  init(): void;
  heapBase(): number;
  frames(data: number, len: number, pos: number, out: number, max: number): number;
  stopAt(): number;
  stopReason(): number;
}

/** Why a scan stopped: no whole record left in the bytes, or a header failing its CRC. */
export const enum FrameStop { Incomplete = 0, DamagedHeader = 1 }

const WINDOW = 16 << 20;
/** A record takes at least 16 bytes: room for every record of a full window. */
const MAX_RECORDS = WINDOW >> 4;

let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const module = new WebAssembly.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
    const k = new WebAssembly.Instance(module, {}).exports as unknown as Kernel;
    k.init();
    const needed = k.heapBase() + WINDOW + MAX_RECORDS * 8;
    const pages = Math.ceil((needed - k.memory.buffer.byteLength) / 65536);
    if (pages > 0) k.memory.grow(pages);
    kernel = k;
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Scans records batch by batch: after scan(), records[2k] is the offset of the k-th whole record
 *  (in the buffer scanned) and records[2k + 1] is 1 when its data CRC holds; `stop` is the offset
 *  after the last one. A scan that finds none has reached the end (`reason`) of what it can read. */
export class TfRecordFrames {
  records: Int32Array = new Int32Array(0);
  count = 0;
  stop = 0;
  reason: FrameStop = FrameStop.Incomplete;
  private readonly wasm = load();
  /** `window` (bytes, at most 16 MiB) is how much of a file one scan copies to wasm memory. */
  constructor(private readonly window = WINDOW) {}

  /** The next batch of whole records of b from `pos`. */
  scan(b: Uint8Array, pos: number): void {
    const k = this.wasm;
    if (k && b.length - pos >= 16) {
      const base = k.heapBase();
      const out = base + WINDOW;
      const len = Math.min(this.window, b.length - pos);
      new Uint8Array(k.memory.buffer, base, len).set(b.subarray(pos, pos + len));
      const n = k.frames(base, len, 0, out, MAX_RECORDS);
      const reason = k.stopReason();
      // A window that ends mid-file and holds no whole record holds the start of a record larger
      // than itself: that one record is checked below.
      if (n > 0 || len === b.length - pos || reason === FrameStop.DamagedHeader) {
        const records = new Int32Array(k.memory.buffer, out, 2 * n);
        if (pos !== 0) for (let i = 0; i < 2 * n; i += 2) records[i]! += pos;
        this.records = records;
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

  /** The same walk as frames() in wasm/tfrecord.as.ts, at most `max` records. */
  private scanJs(b: Uint8Array, pos: number, max: number): void {
    this.records = this.own;
    max = Math.min(max, this.own.length >> 1);
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
      this.records[2 * n] = pos;
      this.records[2 * n + 1] = maskCrc(crc(pos + 12, dataEnd)) === view.getUint32(dataEnd, true) ? 1 : 0;
      n++;
      pos = dataEnd + 4;
    }
    this.count = n;
    this.stop = pos;
  }

  private readonly own = new Int32Array(2 << 16);
}
