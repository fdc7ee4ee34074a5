/** TensorBoard event files (`*tfevents*`): TFRecord framing around `tensorflow.Event` protobufs, as
 *  written by PyTorch's SummaryWriter, tensorboardX, TF2/Keras, Lightning, HF and Ray. A run is a
 *  folder holding event files; several files in one folder are read in name order (their names
 *  start with the creation time) as one stream. */
import { ProtoError, ProtoReader } from './protowire';
import { ScalarsBuilder, SeriesBuilder, count } from './series';
import { FrameStop, RecordKind, TfRecordFrames } from './tfrecordFrames';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';
import { fileName, folderOf } from './paths';

/** TensorFlow's DataType values a scalar can have. */
const DT_FLOAT = 1, DT_DOUBLE = 2, DT_INT32 = 3, DT_INT64 = 9, DT_BFLOAT16 = 14, DT_HALF = 19;

const HEADER = 12; // u64 length + masked CRC-32C of it

// Read once: an enum imported from another module is a property read per use under tsx.
const BAD_CRC: number = RecordKind.BadCrc, SIMPLE: number = RecordKind.Simple, TENSOR: number = RecordKind.Tensor;

function half(bits: number): number {
  const e = (bits >>> 10) & 0x1f;
  const m = bits & 0x3ff;
  const s = bits & 0x8000 ? -1 : 1;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

const f32 = new Float32Array(1);
const f32bits = new Uint32Array(f32.buffer);
function bfloat16(bits: number): number {
  f32bits[0] = bits << 16;
  return f32[0]!;
}

/** A tag as written: its bytes, decoded once (events repeat the same few tags millions of times),
 *  its points, and a guess at the tag written after it (tags are logged in a fixed cycle). */
interface TagEntry {
  readonly bytes: Uint8Array;
  /** The bytes as little-endian 32-bit words, compared four at a time. */
  readonly words: Int32Array;
  readonly name: string;
  series: SeriesBuilder | undefined;
  next: TagEntry | undefined;
}

class TagNames {
  private readonly byHash = new Map<number, TagEntry[]>();
  private readonly utf8 = new TextDecoder();
  private last: TagEntry | undefined;

  /** The entry of the tag in b[start, end); `view` is a DataView of all of b. */
  entry(b: Uint8Array, view: DataView, start: number, end: number): TagEntry {
    const guess = this.last?.next;
    const found = guess && same(guess, b, view, start, end) ? guess : this.lookup(b, view, start, end);
    if (this.last) this.last.next = found;
    this.last = found;
    return found;
  }

  private lookup(b: Uint8Array, view: DataView, start: number, end: number): TagEntry {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const bucket = this.byHash.get(h);
    if (bucket) for (const e of bucket) if (same(e, b, view, start, end)) return e;
    const bytes = new Uint8Array(b.subarray(start, end)); // a copy (a Buffer's slice() is a view)
    const words = new Int32Array(bytes.length >> 2);
    const own = new DataView(bytes.buffer);
    for (let k = 0; k < words.length; k++) words[k] = own.getInt32(4 * k, true);
    const entry: TagEntry = { bytes, words, name: this.utf8.decode(bytes), series: undefined, next: undefined };
    if (bucket) bucket.push(entry);
    else this.byHash.set(h, [entry]);
    return entry;
  }
}

function same(e: TagEntry, b: Uint8Array, view: DataView, start: number, end: number): boolean {
  const n = e.bytes.length;
  if (n !== end - start) return false;
  const words = e.words;
  let i = 0;
  for (let k = 0; k < words.length; k++, i += 4) if (view.getInt32(start + i, true) !== words[k]) return false;
  for (; i < n; i++) if (e.bytes[i] !== b[start + i]) return false;
  return true;
}

// The wire tags the scalar path meets (field << 3 | wire type).
const EVENT_WALL_TIME = 1 << 3 | 1, EVENT_STEP = 2 << 3 | 0, EVENT_SUMMARY = 5 << 3 | 2;
const SUMMARY_VALUE = 1 << 3 | 2;
const VALUE_TAG = 1 << 3 | 2, VALUE_SIMPLE = 2 << 3 | 5, VALUE_TENSOR = 8 << 3 | 2, VALUE_METADATA = 9 << 3 | 2;

/** Where the last varint() ended: the hot loop below keeps positions in locals, not objects. */
let after = 0;

/** The varint at b[p] (p < end), as the protobuf int64 it encodes (the nearest double beyond
 *  2^53); its end in `after`. Tags and lengths come out the same for every valid message. */
function varint(b: Uint8Array, p: number, end: number): number {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (p >= end) throw new ProtoError('truncated varint');
    const byte = b[p++]!;
    const bits = byte & 0x7f;
    if (i < 4) lo |= bits << (7 * i);
    else if (i === 4) {
      lo |= bits << 28;
      hi |= bits >>> 4;
    } else hi |= bits << (7 * i - 32);
    if (byte < 0x80) {
      after = p;
      return (hi | 0) * 4294967296 + (lo >>> 0);
    }
  }
  throw new ProtoError('varint longer than 10 bytes');
}

/** The end of the length-delimited field whose length starts at b[p]; its start in `after`. */
function lengthEnd(b: Uint8Array, p: number, end: number): number {
  let n = b[p]!;
  if (n < 0x80 && p < end) after = p + 1;
  else n = varint(b, p, end);
  const e = after + n;
  if (n < 0 || e > end) throw new ProtoError('length-delimited field runs past its message');
  return e;
}

/** The position after the field of wire tag `t` whose value starts at b[p]. */
function skipField(b: Uint8Array, p: number, end: number, t: number): number {
  let q: number;
  switch (t & 7) {
    case 0: varint(b, p, end); return after;
    case 1: q = p + 8; break;
    case 2: return lengthEnd(b, p, end);
    case 5: q = p + 4; break;
    default: throw new ProtoError(`unsupported wire type ${t & 7}`);
  }
  if (q > end) throw new ProtoError('field runs past its message');
  return q;
}

/** The wire tag at b[p] (p < end); its end in `after`. */
function wireTag(b: Uint8Array, p: number, end: number): number {
  const t = b[p]!;
  if (t < 0x80) {
    after = p + 1;
    return t;
  }
  return varint(b, p, end);
}

/** Decodes TFRecord-framed Events incrementally: feed whole files, or appended bytes while a
 *  training writes (`decode` returns how much it consumed; keep the rest for the next call). */
export class TfEventsDecoder {
  readonly scalars = new ScalarsBuilder(true);
  readonly notes: string[] = [];
  events = 0;
  /** TF2 writes a tag's plugin (SummaryMetadata) only with its first value. */
  private readonly plugins = new Map<string, string>();
  private readonly tags = new TagNames();
  private readonly frames: TfRecordFrames;
  /** The entries of the tags the frames' scalar decoding met, by the id it reports them with. */
  private readonly byId: TagEntry[] = [];

  /** `scalars: false` decodes every Event on the general path (what the fast path is tested against). */
  constructor(options: { scalars?: boolean } = {}) {
    this.frames = new TfRecordFrames({ scalars: options.scalars ?? true });
  }

  /** The entries of the tags the last scan met first (their ids follow those known). */
  private takeNewTags(): void {
    const frames = this.frames;
    for (let id = this.byId.length; id < frames.tagCount; id++) {
      const bytes = frames.tag(id);
      const entry = this.tags.entry(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length);
      this.byId[id] = entry;
    }
  }

  /** Decodes the whole records of `b`; returns the offset after the last one. A partial record at
   *  the end is left unconsumed (noted when `final`). Damaged framing stops the file with a note. */
  decode(b: Uint8Array, file: string, final: boolean): number {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const frames = this.frames;
    let pos = 0;
    for (;;) {
      frames.scan(b, pos);
      if (frames.tagCount > this.byId.length) this.takeNewTags();
      const { records, values, base, count: n } = frames;
      const { byId, plugins, scalars } = this;
      for (let k = 0; k < n; k++) {
        const kind = records[4 * k + 1]!;
        if (kind >= SIMPLE) {
          const id = records[4 * k + 2]!;
          const tag = id >= 0 ? byId[id]! : this.tags.entry(b, view, base + records[4 * k + 3]!, base + records[4 * k + 3]! - 1 - id);
          this.events++;
          if (kind === TENSOR && plugins.get(tag.name) !== 'scalars') continue;
          (tag.series ??= scalars.series(tag.name)).push(values[3 * k]!, values[3 * k + 1]!, values[3 * k + 2]!);
          continue;
        }
        const at = base + records[4 * k]!;
        if (kind === BAD_CRC) {
          this.notes.push(`${file}: record at byte ${count(at)} fails its data CRC; skipped`);
          continue;
        }
        const dataEnd = at + HEADER + view.getUint32(at, true);
        try {
          this.event(b, view, at + HEADER, dataEnd);
          this.events++;
        } catch (e) {
          if (!(e instanceof ProtoError)) throw e;
          this.notes.push(`${file}: event at byte ${count(at)} is not a valid Event (${e.message}); skipped`);
        }
      }
      pos = frames.stop;
      if (frames.reason === FrameStop.DamagedHeader) {
        if (pos === 0 && this.events === 0) throw new LogFormatError(file, 'not a TFRecord file: length CRC mismatch at byte 0');
        this.notes.push(`${file}: damaged record header at byte ${count(pos)}; read ${count(this.events)} events before it`);
        return b.length;
      }
      if (frames.count === 0) break;
    }
    if (final && pos < b.length) {
      this.notes.push(`${file}: truncated last record at byte ${count(pos)} (crash mid-write?); read the ${count(this.events)} events before it`);
    }
    return pos;
  }

  /** One Event: wall_time 1, step 2, summary 5 (anything else, e.g. a graph, skipped by length). */
  private event(b: Uint8Array, view: DataView, start: number, end: number): void {
    let wall = NaN;
    let step = 0;
    let summaryStart = -1;
    let summaryEnd = -1;
    let p = start;
    while (p < end) {
      let t = b[p]!;
      if (t < 0x80) p++;
      else {
        t = varint(b, p, end);
        p = after;
      }
      if (t === EVENT_WALL_TIME) {
        if (p + 8 > end) throw new ProtoError('truncated double');
        wall = view.getFloat64(p, true);
        p += 8;
      } else if (t === EVENT_STEP) {
        step = b[p]!;
        if (step < 0x80 && p < end) p++;
        else {
          step = varint(b, p, end);
          p = after;
        }
      } else if (t === EVENT_SUMMARY) {
        summaryEnd = lengthEnd(b, p, end);
        summaryStart = after;
        p = summaryEnd;
      } else p = skipField(b, p, end, t);
    }
    for (p = summaryStart; p >= 0 && p < summaryEnd;) {
      if (b[p] !== SUMMARY_VALUE) {
        const t = wireTag(b, p, summaryEnd);
        p = skipField(b, after, summaryEnd, t);
        continue;
      }
      const valueEnd = lengthEnd(b, p + 1, summaryEnd);
      this.value(b, view, after, valueEnd, step, wall);
      p = valueEnd;
    }
  }

  /** One Summary.Value: tag 1, simple_value 2, tensor 8, metadata 9 (images, histograms and
   *  text are other fields or other plugins' tensors, skipped by length). */
  private value(b: Uint8Array, view: DataView, start: number, end: number, step: number, wall: number): void {
    let tag: TagEntry | undefined;
    let simple = 0;
    let hasSimple = false;
    let tensorStart = -1;
    let tensorEnd = -1;
    let metadataStart = -1;
    let metadataEnd = -1;
    let p = start;
    while (p < end) {
      let t = b[p]!;
      if (t < 0x80) p++;
      else {
        t = varint(b, p, end);
        p = after;
      }
      if (t === VALUE_TAG) {
        const e = lengthEnd(b, p, end);
        tag = this.tags.entry(b, view, after, e);
        p = e;
      } else if (t === VALUE_SIMPLE) {
        if (p + 4 > end) throw new ProtoError('truncated float');
        simple = view.getFloat32(p, true);
        hasSimple = true;
        p += 4;
      } else if (t === VALUE_TENSOR || t === VALUE_METADATA) {
        const e = lengthEnd(b, p, end);
        if (t === VALUE_TENSOR) {
          tensorStart = after;
          tensorEnd = e;
        } else {
          metadataStart = after;
          metadataEnd = e;
        }
        p = e;
      } else p = skipField(b, p, end, t);
    }
    if (tag === undefined) return;
    if (metadataStart >= 0 && !this.plugins.has(tag.name)) {
      const plugin = pluginName(this.readerFor(b, metadataStart, metadataEnd), metadataEnd);
      if (plugin !== undefined) this.plugins.set(tag.name, plugin);
    }
    let v: number | undefined = simple;
    if (!hasSimple) {
      if (tensorStart < 0 || this.plugins.get(tag.name) !== 'scalars') return;
      v = tensorScalar(this.readerFor(b, tensorStart, tensorEnd));
      if (v === undefined) return;
    }
    (tag.series ??= this.scalars.series(tag.name)).push(step, v, wall);
  }

  private reader: ProtoReader | undefined;

  /** A reader over b[start, end): one per buffer, as a DataView per event costs more than the event. */
  private readerFor(b: Uint8Array, start: number, end: number): ProtoReader {
    if (this.reader?.buf !== b) this.reader = new ProtoReader(b, start, end);
    this.reader.pos = start;
    this.reader.end = end;
    return this.reader;
  }

  /** The run so far. */
  run(run: string): RunLog {
    return { run, format: 'tfevents', scalars: this.scalars.build(), notes: this.notes.slice() };
  }
}

/** SummaryMetadata.plugin_data (1) .plugin_name (1). */
function pluginName(r: ProtoReader, end: number): string | undefined {
  const outer = r.end;
  r.end = end;
  let name: string | undefined;
  for (let t = r.tag(); t !== -1; t = r.tag()) {
    if (t !== (1 << 3 | 2)) {
      r.skip(t);
      continue;
    }
    const pdEnd = r.bytesEnd();
    r.end = pdEnd;
    for (let u = r.tag(); u !== -1; u = r.tag()) {
      if (u === (1 << 3 | 2)) name = r.string();
      else r.skip(u);
    }
    r.end = end;
  }
  r.end = outer;
  return name;
}

/** The first element of a TensorProto: dtype 1, tensor_content 4, float_val 5, double_val 6,
 *  int_val 7, int64_val 10, half_val 13 (half and bfloat16 bits). */
function tensorScalar(r: ProtoReader): number | undefined {
  let dtype = 0;
  let contentStart = -1;
  let contentEnd = -1;
  let first: number | undefined;
  let halfBits: number | undefined;
  for (let t = r.tag(); t !== -1; t = r.tag()) {
    const field = t >>> 3;
    const wire = t & 7;
    if (field === 1 && wire === 0) dtype = r.uint32();
    else if (field === 4 && wire === 2) {
      contentEnd = r.bytesEnd();
      contentStart = r.pos;
      r.pos = contentEnd;
    } else if (field === 5 || field === 6 || field === 7 || field === 10 || field === 13) {
      const read = () => (field === 5 ? r.float() : field === 6 ? r.double() : r.int64());
      if (wire === 2) {
        const e = r.bytesEnd();
        if (r.pos < e && first === undefined && halfBits === undefined) {
          const outer = r.end;
          r.end = e;
          if (field === 13) halfBits = r.uint32();
          else first = read();
          r.end = outer;
        }
        r.pos = e;
      } else {
        const v = read();
        if (field === 13) halfBits ??= v;
        else first ??= v;
      }
    } else r.skip(t);
  }
  if (halfBits !== undefined) return dtype === DT_BFLOAT16 ? bfloat16(halfBits) : half(halfBits);
  if (first !== undefined) return first;
  if (contentStart < 0) return undefined;
  const n = contentEnd - contentStart;
  const view = r.view;
  const at = contentStart;
  if (dtype === DT_FLOAT && n >= 4) return view.getFloat32(at, true);
  if (dtype === DT_DOUBLE && n >= 8) return view.getFloat64(at, true);
  if (dtype === DT_INT32 && n >= 4) return view.getInt32(at, true);
  if (dtype === DT_INT64 && n >= 8) return Number(view.getBigInt64(at, true));
  if (dtype === DT_HALF && n >= 2) return half(view.getUint16(at, true));
  if (dtype === DT_BFLOAT16 && n >= 2) return bfloat16(view.getUint16(at, true));
  return undefined;
}

function isEventFile(path: string): boolean {
  const name = fileName(path);
  return name.includes('tfevents') && !name.endsWith('.tmp');
}


export const tfeventsReader: LogReader = {
  format: 'tfevents',
  claim(paths: readonly string[]): RunFiles[] {
    const byFolder = new Map<string, string[]>();
    for (const p of paths) {
      if (!isEventFile(p)) continue;
      const folder = folderOf(p);
      const files = byFolder.get(folder);
      if (files) files.push(p);
      else byFolder.set(folder, [p]);
    }
    return [...byFolder].map(([run, files]) => ({ run, files: files.sort() }));
  },
  read(run: string, files: readonly LogFile[]): RunLog {
    const decoder = new TfEventsDecoder();
    const notTfRecord: LogFormatError[] = [];
    for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      if (f.bytes.length === 0) {
        decoder.notes.push(`${f.path}: empty file (0 bytes)`);
        continue;
      }
      try {
        decoder.decode(f.bytes, f.path, true);
      } catch (e) {
        if (!(e instanceof LogFormatError)) throw e;
        notTfRecord.push(e);
        decoder.notes.push(e.message);
      }
    }
    // One stray file among good ones is a note; a run made only of non-TFRecords is an error.
    if (decoder.events === 0 && notTfRecord.length > 0) throw notTfRecord[0]!;
    return decoder.run(run);
  },
};
