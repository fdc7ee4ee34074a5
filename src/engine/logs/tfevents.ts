/** TensorBoard event files (`*tfevents*`): TFRecord framing around `tensorflow.Event` protobufs, as
 *  written by PyTorch's SummaryWriter, tensorboardX, TF2/Keras, Lightning, HF and Ray. A run is a
 *  folder holding event files; several files in one folder are read in name order (their names
 *  start with the creation time) as one stream. */
import { crc32c, maskCrc } from './crc32c';
import { ProtoError, ProtoReader } from './protowire';
import { ScalarsBuilder, count } from './series';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';

/** TensorFlow's DataType values a scalar can have. */
const DT_FLOAT = 1, DT_DOUBLE = 2, DT_INT32 = 3, DT_INT64 = 9, DT_BFLOAT16 = 14, DT_HALF = 19;

const HEADER = 12; // u64 length + masked CRC-32C of it
const FOOTER = 4; // masked CRC-32C of the data

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

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

/** A tag's name decoded once: events repeat the same few tags millions of times. */
class TagNames {
  private readonly byHash = new Map<number, { bytes: Uint8Array; name: string }[]>();
  private readonly utf8 = new TextDecoder();

  name(b: Uint8Array, start: number, end: number): string {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const bucket = this.byHash.get(h);
    if (bucket) {
      outer: for (const e of bucket) {
        if (e.bytes.length !== end - start) continue;
        for (let i = 0; i < e.bytes.length; i++) if (e.bytes[i] !== b[start + i]) continue outer;
        return e.name;
      }
    }
    const bytes = b.slice(start, end);
    const entry = { bytes, name: this.utf8.decode(bytes) };
    if (bucket) bucket.push(entry);
    else this.byHash.set(h, [entry]);
    return entry.name;
  }
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

  /** Decodes the whole records of `b`; returns the offset after the last one. A partial record at
   *  the end is left unconsumed (noted when `final`). Damaged framing stops the file with a note. */
  decode(b: Uint8Array, file: string, final: boolean): number {
    let pos = 0;
    const end = b.length;
    while (pos < end) {
      if (pos + HEADER > end) break;
      const lenLo = u32(b, pos);
      const lenHi = u32(b, pos + 4);
      if (maskCrc(crc32c(b, pos, pos + 8)) !== u32(b, pos + 8)) {
        if (pos === 0 && this.events === 0) throw new LogFormatError(file, 'not a TFRecord file: length CRC mismatch at byte 0');
        this.notes.push(`${file}: damaged record header at byte ${count(pos)}; read ${count(this.events)} events before it`);
        return end;
      }
      const len = lenHi * 4294967296 + lenLo;
      const dataEnd = pos + HEADER + len;
      if (dataEnd + FOOTER > end) break;
      if (maskCrc(crc32c(b, pos + HEADER, dataEnd)) !== u32(b, dataEnd)) {
        this.notes.push(`${file}: record at byte ${count(pos)} fails its data CRC; skipped`);
      } else {
        try {
          this.event(b, pos + HEADER, dataEnd);
          this.events++;
        } catch (e) {
          if (!(e instanceof ProtoError)) throw e;
          this.notes.push(`${file}: event at byte ${count(pos)} is not a valid Event (${e.message}); skipped`);
        }
      }
      pos = dataEnd + FOOTER;
    }
    if (final && pos < end) {
      this.notes.push(`${file}: truncated last record at byte ${count(pos)} (crash mid-write?); read the ${count(this.events)} events before it`);
    }
    return pos;
  }

  private reader: ProtoReader | undefined;

  private event(b: Uint8Array, start: number, end: number): void {
    // one reader per buffer: a DataView per event costs more than decoding it
    if (this.reader?.buf !== b) this.reader = new ProtoReader(b, start, end);
    const r = this.reader;
    r.pos = start;
    r.end = end;
    let wall = NaN;
    let step = 0;
    let summaryStart = -1;
    let summaryEnd = -1;
    for (let t = r.tag(); t !== -1; t = r.tag()) {
      if (t === (1 << 3 | 1)) wall = r.double();
      else if (t === (2 << 3 | 0)) step = r.int64();
      else if (t === (5 << 3 | 2)) {
        summaryEnd = r.bytesEnd();
        summaryStart = r.pos;
        r.pos = summaryEnd;
      } else r.skip(t);
    }
    if (summaryStart < 0) return;
    r.pos = summaryStart;
    r.end = summaryEnd;
    for (let t = r.tag(); t !== -1; t = r.tag()) {
      if (t !== (1 << 3 | 2)) {
        r.skip(t);
        continue;
      }
      const valueEnd = r.bytesEnd();
      const outer = r.end;
      r.end = valueEnd;
      this.value(r, step, wall);
      r.pos = valueEnd;
      r.end = outer;
    }
  }

  /** One Summary.Value: tag 1, simple_value 2, tensor 8, metadata 9. */
  private value(r: ProtoReader, step: number, wall: number): void {
    let tag: string | undefined;
    let simple: number | undefined;
    let tensorStart = -1;
    let tensorEnd = -1;
    let plugin: string | undefined;
    for (let t = r.tag(); t !== -1; t = r.tag()) {
      if (t === (1 << 3 | 2)) {
        const e = r.bytesEnd();
        tag = this.tags.name(r.buf, r.pos, e);
        r.pos = e;
      } else if (t === (2 << 3 | 5)) simple = r.float();
      else if (t === (8 << 3 | 2)) {
        tensorEnd = r.bytesEnd();
        tensorStart = r.pos;
        r.pos = tensorEnd;
      } else if (t === (9 << 3 | 2)) {
        const e = r.bytesEnd();
        plugin = pluginName(r, e);
        r.pos = e;
      } else r.skip(t);
    }
    if (tag === undefined) return;
    if (plugin !== undefined && !this.plugins.has(tag)) this.plugins.set(tag, plugin);
    if (simple !== undefined) {
      this.scalars.series(tag).push(step, simple, wall);
      return;
    }
    if (tensorStart < 0 || this.plugins.get(tag) !== 'scalars') return;
    r.pos = tensorStart;
    r.end = tensorEnd;
    const v = tensorScalar(r);
    if (v !== undefined) this.scalars.series(tag).push(step, v, wall);
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
  const view = new DataView(r.buf.buffer, r.buf.byteOffset + contentStart, n);
  if (dtype === DT_FLOAT && n >= 4) return view.getFloat32(0, true);
  if (dtype === DT_DOUBLE && n >= 8) return view.getFloat64(0, true);
  if (dtype === DT_INT32 && n >= 4) return view.getInt32(0, true);
  if (dtype === DT_INT64 && n >= 8) return Number(view.getBigInt64(0, true));
  if (dtype === DT_HALF && n >= 2) return half(view.getUint16(0, true));
  if (dtype === DT_BFLOAT16 && n >= 2) return bfloat16(view.getUint16(0, true));
  return undefined;
}

function isEventFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.includes('tfevents') && !name.endsWith('.tmp');
}

function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
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
