/** Weights & Biases run folders (`wandb/run-*` and `wandb/offline-run-*`, each holding one
 *  `run-<id>.wandb`): a 7-byte header (":W&B", magic 0xBEE1, version 0), then LevelDB-log framing in
 *  32 KiB blocks — 7-byte record headers (CRC-32 of type byte and data as wandb's datastore computes
 *  it with zlib, unmasked; length u16; type FULL/FIRST/MIDDLE/LAST) — around wandb's `Record`
 *  protobufs. History records (Record.history = 2) carry items key/value_json; `_step` and
 *  `_timestamp` give the step and wall time; config records give the run's params. */
import { crc32 } from './crc32c';
import { ProtoError, ProtoReader } from './protowire';
import { ScalarsBuilder, count } from './series';
import { LogFormatError, type LogFile, type LogReader, type RunFiles, type RunLog } from './types';
import { folderOf } from './paths';

const BLOCK = 32768;
const HEADER = 7;
const FULL = 1, FIRST = 2, LAST = 4; // MIDDLE = 3 continues a FIRST
// wandb seeds each record's CRC with the CRC of its type byte
const TYPE_CRC = [0, 1, 2, 3, 4].map((t) => crc32(Uint8Array.of(t)));

/** The records of a .wandb file, reassembled; stops at damage or a partial record with a note. */
export function wandbRecords(b: Uint8Array, path: string, notes: string[]): Uint8Array[] {
  if (b.length < HEADER || b[0] !== 0x3a || b[1] !== 0x57 || b[2] !== 0x26 || b[3] !== 0x42) {
    throw new LogFormatError(path, b.length === 0 ? 'empty file (0 bytes)' : 'not a W&B transaction log (no ":W&B" header)');
  }
  if ((b[4]! | (b[5]! << 8)) !== 0xbee1 || b[6] !== 0) throw new LogFormatError(path, `unsupported W&B log version ${b[6]}`);
  const out: Uint8Array[] = [];
  let pending: Uint8Array[] | null = null;
  let pos = HEADER;
  while (pos < b.length) {
    const left = BLOCK - (pos % BLOCK);
    if (left < HEADER) {
      pos += left; // block trailer
      continue;
    }
    if (pos + HEADER > b.length) break;
    const crc = (b[pos]! | (b[pos + 1]! << 8) | (b[pos + 2]! << 16) | (b[pos + 3]! << 24)) >>> 0;
    const len = b[pos + 4]! | (b[pos + 5]! << 8);
    const type = b[pos + 6]!;
    const start = pos + HEADER;
    const end = start + len;
    if (type === 0 && len === 0 && crc === 0) {
      pos += left; // zero padding a writer left (preallocated tail)
      continue;
    }
    if (end > b.length) {
      notes.push(`${path}: truncated last record at byte ${count(pos)} (crash mid-write, or still being written); read ${count(out.length)} records before it`);
      return out;
    }
    if (type < FULL || type > LAST || len > left - HEADER || crc32(b, start, end, TYPE_CRC[type]!) !== crc) {
      notes.push(`${path}: damaged record at byte ${count(pos)}; read ${count(out.length)} records before it`);
      return out;
    }
    const data = b.subarray(start, end);
    if (type === FULL) out.push(data);
    else if (type === FIRST) pending = [data];
    else if (pending) {
      pending.push(data);
      if (type === LAST) {
        const whole = new Uint8Array(pending.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of pending) {
          whole.set(p, at);
          at += p.length;
        }
        out.push(whole);
        pending = null;
      }
    }
    pos = end;
  }
  if (pending) notes.push(`${path}: the last record is incomplete (still being written?); read ${count(out.length)} records before it`);
  return out;
}

/** Items (field 1) of a HistoryRecord or ConfigRecord: key 1, nested_key 2, value_json 16. */
function items(r: ProtoReader): [string, string][] {
  const out: [string, string][] = [];
  for (let t = r.tag(); t !== -1; t = r.tag()) {
    if (t !== (1 << 3 | 2)) {
      r.skip(t);
      continue;
    }
    const end = r.bytesEnd();
    const outer = r.end;
    r.end = end;
    let key = '';
    const nested: string[] = [];
    let json = '';
    for (let u = r.tag(); u !== -1; u = r.tag()) {
      if (u === (1 << 3 | 2)) key = r.string();
      else if (u === (2 << 3 | 2)) nested.push(r.string());
      else if (u === (16 << 3 | 2)) json = r.string();
      else r.skip(u);
    }
    out.push([nested.length ? nested.join('/') : key, json]);
    r.pos = end;
    r.end = outer;
  }
  return out;
}

/** wandb writes NaN and ±inf as Python's json does: NaN, Infinity, -Infinity. */
function jsonNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === 'NaN') return NaN;
  if (t === 'Infinity') return Infinity;
  if (t === '-Infinity') return -Infinity;
  if (!/^-?\d/.test(t)) return undefined;
  const v = Number(t);
  return Number.isNaN(v) ? undefined : v;
}

function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function readWandb(run: string, file: LogFile): RunLog {
  const notes: string[] = [];
  const scalars = new ScalarsBuilder(true);
  const params: Record<string, unknown> = {};
  let implicitStep = 0;
  let bad = 0;
  for (const rec of wandbRecords(file.bytes, file.path, notes)) {
    try {
      const r = new ProtoReader(rec, 0, rec.length);
      for (let t = r.tag(); t !== -1; t = r.tag()) {
        const field = t >>> 3;
        if ((field !== 2 && field !== 5) || (t & 7) !== 2) {
          r.skip(t);
          continue;
        }
        const end = r.bytesEnd();
        const sub = new ProtoReader(rec, r.pos, end);
        r.pos = end;
        if (field === 5) {
          for (const [key, json] of items(sub)) params[key] = jsonValue(json);
          continue;
        }
        const kv = items(sub);
        const get = (k: string) => kv.find(([key]) => key === k)?.[1];
        const step = jsonNumber(get('_step') ?? '') ?? implicitStep;
        implicitStep = step + 1;
        const wall = jsonNumber(get('_timestamp') ?? '') ?? NaN;
        for (const [key, json] of kv) {
          if (key.startsWith('_')) continue;
          const v = jsonNumber(json);
          if (v !== undefined) scalars.series(key).push(step, v, wall);
        }
      }
    } catch (e) {
      if (!(e instanceof ProtoError)) throw e;
      bad++;
    }
  }
  if (bad) notes.push(`${file.path}: ${count(bad)} record(s) are not valid W&B records; skipped`);
  return { run, format: 'wandb', scalars: scalars.build(), params, notes };
}

export const wandbReader: LogReader = {
  format: 'wandb',
  claim(paths: readonly string[]): RunFiles[] {
    return paths
      .filter((p) => /(^|\/)run-[^/]*\.wandb$/.test(p))
      .map((p) => ({ run: folderOf(p), files: [p] }));
  },
  read(run: string, files: readonly LogFile[]): RunLog {
    return readWandb(run, files[0]!);
  },
};
