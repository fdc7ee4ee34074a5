/** The TFRecord framing on WebAssembly against a walk written here with @aws-crypto/crc32c, on
 *  records with random damage and through windows smaller than a record. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32c } from '@aws-crypto/crc32c';
import { framed, mask } from './framed';
import fc from 'fast-check';
import { FrameStop, RecordKind, TfRecordFrames } from '../../../src/engine/logs/tfrecordFrames';


interface Walk { records: [number, number][]; stop: number; damaged: boolean }

function reference(b: Uint8Array): Walk {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const records: [number, number][] = [];
  let pos = 0;
  while (pos + 12 <= b.length) {
    if (mask(crc32c(b.subarray(pos, pos + 8))) !== view.getUint32(pos + 8, true)) return { records, stop: pos, damaged: true };
    const end = pos + 12 + view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 2 ** 32;
    if (end + 4 > b.length) break;
    records.push([pos, mask(crc32c(b.subarray(pos + 12, end))) === view.getUint32(end, true) ? 1 : 0]);
    pos = end + 4;
  }
  return { records, stop: pos, damaged: false };
}

function walk(frames: TfRecordFrames, b: Uint8Array): Walk {
  const records: [number, number][] = [];
  let pos = 0;
  for (;;) {
    frames.scan(b, pos);
    for (let k = 0; k < frames.count; k++) records.push([frames.base + frames.records[4 * k]!, frames.records[4 * k + 1] === RecordKind.BadCrc ? 0 : 1]);
    pos = frames.stop;
    if (frames.reason === FrameStop.DamagedHeader) return { records, stop: pos, damaged: true };
    if (frames.count === 0) return { records, stop: pos, damaged: false };
  }
}

const damaged = fc.tuple(
  fc.array(fc.uint8Array({ maxLength: 90 }), { maxLength: 12 }),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
  fc.nat(),
  fc.nat(7),
).map(([records, edits, cut, shift]) => {
  const whole = framed(records);
  for (const [at, v] of edits) if (whole.length > 0) whole[at % whole.length] = v;
  const kept = whole.subarray(0, whole.length - (whole.length > 0 ? cut % Math.min(whole.length, 20) : 0));
  // at an odd offset of its buffer, as a pooled Buffer is
  const buffer = new Uint8Array(kept.length + shift);
  buffer.set(kept, shift);
  return buffer.subarray(shift);
});

test('records, data-CRC verdicts and where the walk stops equal the reference, for whole and damaged files', () => {
  const frames = new TfRecordFrames();
  fc.assert(fc.property(damaged, (b) => {
    assert.deepEqual(walk(frames, b), reference(b));
  }), { numRuns: 600 });
});

test('windows smaller than a record (large events) give the same walk', () => {
  fc.assert(fc.property(damaged, fc.integer({ min: 16, max: 120 }), (b, window) => {
    assert.deepEqual(walk(new TfRecordFrames({ window }), b), reference(b));
  }), { numRuns: 400 });
});
