/** The scalar fast path (Events decoded in wasm/tfrecord.as.ts while the records are framed)
 *  against the general decoder in tfevents.ts, which decodes every Event field by field: on the
 *  committed fixtures, and on generated Events of every scalar encoding, with damaged fields,
 *  repeated fields, other plugins and fields in any order, whole or fed in pieces. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { TfEventsDecoder } from '../../../src/engine/logs/tfevents';
import { RecordKind, TfRecordFrames } from '../../../src/engine/logs/tfrecordFrames';
import { LogFormatError, type RunLog } from '../../../src/engine/logs/types';
import { FIXTURES } from './expected';
import { framed } from './framed';

/** Every number compared with Object.is, so -0, NaN and the float32 rounding all count. */
function plain(run: RunLog): unknown {
  const arr = (a: Float64Array | null) => (a ? Array.from(a, (x) => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x)) : null);
  return {
    notes: run.notes,
    scalars: [...run.scalars].map(([tag, s]) => [tag, arr(s.step), arr(s.value), arr(s.wallTime), s.restarts]),
  };
}

/** Decodes `files` with and without the fast path, each file whole or in pieces at `cuts`. */
function both(files: Uint8Array[], cuts: number[] = []): [unknown, unknown, number] {
  const out = [true, false].map((scalars) => {
    const d = new TfEventsDecoder({ scalars });
    try {
      files.forEach((f, i) => {
        let rest = f;
        for (const c of cuts) {
          const used = d.decode(rest.subarray(0, Math.min(c, rest.length)), `f${i}`, false);
          rest = rest.subarray(used);
        }
        d.decode(rest, `f${i}`, true);
      });
    } catch (e) {
      if (!(e instanceof LogFormatError)) throw e;
      return [{ error: e.message }, d.events] as const;
    }
    return [plain(d.run('r')), d.events] as const;
  });
  assert.equal(out[0]![1], out[1]![1], 'events counted');
  return [out[0]![0], out[1]![0], out[0]![1]];
}

function eventFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return eventFiles(p);
    return name.includes('tfevents') ? [p] : [];
  });
}

test('fixtures: the fast path gives the general decoder\'s run (points, values, wall times, restarts, notes)', () => {
  const files = eventFiles(join(FIXTURES, 'tfevents'));
  assert.ok(files.length >= 8);
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f));
    const [fast, general] = both([bytes]);
    assert.deepEqual(fast, general, f);
    const [fastPieces, generalPieces] = both([bytes], [100, 37, 1000]);
    assert.deepEqual(fastPieces, generalPieces, `${f} in pieces`);
  }
});

test('the scalar Events of PyTorch and tensorboardX fixtures, and a TF2 tensor scalar, take the fast path', () => {
  const kinds = (bytes: Uint8Array) => {
    const frames = new TfRecordFrames();
    frames.scan(bytes, 0);
    return Array.from({ length: frames.count }, (_, k) => frames.records[4 * k + 1]);
  };
  for (const file of ['torch/events.out.tfevents.1796160339.vm.25368.0', 'tbx/events.out.tfevents.1796160233.vm']) {
    const all = kinds(new Uint8Array(readFileSync(join(FIXTURES, 'tfevents', file))));
    // the first record is the file_version Event
    assert.deepEqual(all.slice(1), all.slice(1).map(() => RecordKind.Simple), file);
  }
  // TF2: Event{wall_time, step, summary{value{tag, tensor{dtype DT_FLOAT, tensor_shape {}, tensor_content}}}}
  const tf2 = [...key(1, 1), ...f64(1.7e9), ...key(2, 0), 7,
    ...bytesField(5, bytesField(1, [...bytesField(1, TAGS[0]!), ...bytesField(8, [...key(1, 0), 1, ...bytesField(2, []), ...bytesField(4, f32(0.5))])]))];
  assert.deepEqual(kinds(framed([tf2])), [RecordKind.Tensor]);
});

// ---- generated Events (a protobuf writer written here from TensorBoard's event.proto, summary.proto, tensor.proto)

function varint(v: bigint): number[] {
  let u = BigInt.asUintN(64, v);
  const out: number[] = [];
  while (u >= 0x80n) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return out;
}
const key = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
const bytesField = (field: number, body: number[]) => [...key(field, 2), ...varint(BigInt(body.length)), ...body];
const f32 = (v: number) => [...new Uint8Array(new Float32Array([v]).buffer)];
const f64 = (v: number) => [...new Uint8Array(new Float64Array([v]).buffer)];

const TAGS = ['loss', 'train/loss', 'metrics/tag_1', 'lr', 'déjà/vu', 'x'.repeat(40)].map((t) => [...new TextEncoder().encode(t)]);
const tagBytes = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...TAGS) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }) }, // any bytes, invalid UTF-8 too
);
const anyDouble = fc.double();
const anyFloat = fc.float().map((x) => x);

/** A TensorProto as TF2 and PyTorch write scalars, and some they do not. */
const tensor = fc.tuple(
  fc.constantFrom(0, 1, 2, 3, 9, 14, 19, 200),
  fc.oneof(
    anyFloat.map((v) => bytesField(5, f32(v))), // packed float_val
    anyFloat.map((v) => [...key(5, 5), ...f32(v)]),
    anyDouble.map((v) => bytesField(6, f64(v))),
    anyDouble.map((v) => [...key(6, 1), ...f64(v)]),
    anyFloat.map((v) => bytesField(4, f32(v))), // tensor_content
    anyDouble.map((v) => bytesField(4, f64(v))),
    fc.integer().map((v) => [...key(7, 0), ...varint(BigInt(v))]), // int_val
    fc.integer({ min: 0, max: 0xffff }).map((v) => [...key(13, 0), ...varint(BigInt(v))]), // half_val
    fc.constant(bytesField(5, [])),
    fc.constant(bytesField(5, [1, 2])), // a packed float too short
  ),
  fc.boolean(),
  fc.boolean(),
).map(([dtype, value, shape, dtypeLast]) => {
  const d = dtype ? [...key(1, 0), ...varint(BigInt(dtype))] : [];
  const s = shape ? bytesField(2, []) : [];
  return dtypeLast ? [...s, ...value, ...d] : [...d, ...s, ...value];
});

const metadata = fc.constantFrom('scalars', 'text', 'images').map((plugin) =>
  bytesField(1, bytesField(1, [...new TextEncoder().encode(plugin)])));

/** `arb` most of the time, else nothing. */
const mostly = <T>(arb: fc.Arbitrary<T[]>, nothing = 1, some = 6) =>
  fc.oneof({ weight: some, arbitrary: arb }, { weight: nothing, arbitrary: fc.constant([] as T[]) });
const rarely = <T>(arb: fc.Arbitrary<T[]>) => mostly(arb, 6, 1);

/** One Summary.Value: a simple_value or a tensor (now and then both, neither, metadata or another
 *  field), its fields in some order. */
const value = fc.tuple(
  tagBytes.map((t) => bytesField(1, t)),
  fc.oneof(
    { weight: 4, arbitrary: anyFloat.map((v) => [...key(2, 5), ...f32(v)]) },
    { weight: 4, arbitrary: tensor.map((t) => bytesField(8, t)) },
    { weight: 1, arbitrary: fc.tuple(anyFloat, tensor).map(([v, t]) => [...key(2, 5), ...f32(v), ...bytesField(8, t)]) },
    { weight: 1, arbitrary: fc.constant([]) },
  ),
  rarely(metadata.map((m) => bytesField(9, m))),
  rarely(fc.constant(bytesField(7, [110]))), // node_name
  fc.boolean(),
).map(([tag, v, meta, node, tagLast]) => {
  const rest = [...v, ...meta, ...node];
  return tagLast ? [...rest, ...tag] : [...tag, ...rest];
});

const step = fc.oneof(fc.nat(1_000_000).map(BigInt), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));

/** An Event: wall_time, step, a summary of one value (most often), in the order writers use or not. */
const event = fc.tuple(
  mostly(anyDouble.map((v) => [...key(1, 1), ...f64(v)])),
  mostly(step.map((s) => [...key(2, 0), ...varint(s)])),
  fc.oneof(
    { weight: 6, arbitrary: value.map((v) => [v]) },
    { weight: 1, arbitrary: fc.array(value, { maxLength: 3 }) },
  ).map((vs) => bytesField(5, vs.flatMap((v) => bytesField(1, v)))),
  rarely(fc.constant(bytesField(3, [...new TextEncoder().encode('brain.Event:2')]))), // file_version
  fc.nat(7).map((n) => n === 0),
  fc.nat(7).map((n) => n === 0),
).map(([wall, s, summary, version, repeatStep, reversed]) => {
  const parts = [wall, s, summary, version, repeatStep ? s : []];
  return (reversed ? parts.reverse() : parts).flat();
});

/** Events with a few bytes overwritten, framed with good CRCs (so they reach the decoders). */
const damagedEvent = fc.tuple(event, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 2 }), fc.nat(3))
  .map(([e, edits, cut]) => {
    const b = e.slice(0, Math.max(0, e.length - cut));
    for (const [at, v] of edits) if (b.length > 0) b[at % b.length] = v;
    return b;
  });


test('generated Events of every scalar encoding: the fast path equals the general decoder', () => {
  const kinds = [0, 0, 0, 0];
  fc.assert(fc.property(fc.array(event, { maxLength: 30 }), fc.array(fc.nat(300), { maxLength: 3 }), (events, cuts) => {
    const file = framed(events);
    const [fast, general] = both([file], cuts);
    assert.deepEqual(fast, general);
    const frames = new TfRecordFrames();
    frames.scan(file, 0);
    for (let k = 0; k < frames.count; k++) kinds[frames.records[4 * k + 1]!]!++;
  }), { numRuns: 400 });
  // both paths were exercised
  assert.ok(kinds[RecordKind.Simple]! > 200 && kinds[RecordKind.Tensor]! > 50 && kinds[RecordKind.General]! > 500, kinds.join(' '));
});

test('generated Events with damaged fields: the fast path equals the general decoder, notes included', () => {
  fc.assert(fc.property(fc.array(fc.oneof(event, damagedEvent), { maxLength: 30 }), fc.nat(40), (events, cut) => {
    const file = framed(events);
    const [fast, general] = both([file, file.subarray(0, Math.max(0, file.length - cut))]);
    assert.deepEqual(fast, general);
  }), { numRuns: 400 });
});

test('more tags than the fast path\'s table holds: every point still read, in order', () => {
  const events = Array.from({ length: 2100 }, (_, i) => [
    ...key(2, 0), ...varint(BigInt(i)),
    ...bytesField(5, bytesField(1, [...bytesField(1, [...new TextEncoder().encode(`t${i % 1500}`)]), ...key(2, 5), ...f32(i / 7)])),
  ]);
  const [fast, general, count] = both([framed(events)]);
  assert.equal(count, 2100);
  assert.deepEqual(fast, general);
});

test('decoders fed in turns (live runs share the one wasm kernel and its table of tags) each read their own tags', () => {
  const run = (tags: string[], from: number) => framed(Array.from({ length: 400 }, (_, i) => [
    ...key(2, 0), ...varint(BigInt(from + i)),
    ...bytesField(5, bytesField(1, [...bytesField(1, [...new TextEncoder().encode(tags[i % tags.length]!)]), ...key(2, 5), ...f32(i)])),
  ]));
  const files = [run(['loss', 'acc'], 0), run(['acc', 'lr', 'loss'], 1000)];
  const decoders = [new TfEventsDecoder(), new TfEventsDecoder()];
  const rest = [...files];
  for (let turn = 0; rest.some((r) => r.length > 0); turn++) {
    const i = turn % 2;
    const used = decoders[i]!.decode(rest[i]!.subarray(0, Math.min(700, rest[i]!.length)), `f${i}`, false);
    rest[i] = rest[i]!.subarray(used);
  }
  decoders.forEach((d, i) => {
    const general = new TfEventsDecoder({ scalars: false });
    general.decode(files[i]!, `f${i}`, true);
    assert.deepEqual(plain(d.run('r')), plain(general.run('r')));
  });
});
