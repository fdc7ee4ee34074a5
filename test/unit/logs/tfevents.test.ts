import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tfeventsReader } from '../../../src/engine/logs/tfevents';
import { loadLogs } from '../../../src/logio/load';
import { FIXTURES, assertRunsMatch, given } from './expected';

const TF = join(FIXTURES, 'tfevents');

test("PyTorch's SummaryWriter: simple_value as float32, add_scalars subfolders as runs, NaN and inf kept", async () => {
  const { runs, errors } = await loadLogs([join(TF, 'torch')]);
  assert.deepEqual(errors, []);
  assert.ok(runs.every((r) => r.format === 'tfevents' && r.notes.length === 0));
  assertRunsMatch(runs, given('tfevents/torch'), (_run, v) => Math.fround(v));
  const loss = runs.find((r) => r.run === '.')!.scalars.get('train/loss')!;
  assert.ok(loss.wallTime && loss.wallTime.every((t) => t > 1.5e9), 'wall times in seconds');
  assert.deepEqual(loss.restarts, []);
});

test('tensorboardX and a resumed run: both segments kept in file order, the restart marked', async () => {
  const { runs, errors } = await loadLogs([join(TF, 'tbx')]);
  assert.deepEqual(errors, []);
  assertRunsMatch(runs, given('tfevents/tbx'), (_run, v) => Math.fround(v));
  assert.deepEqual(runs[0]!.scalars.get('loss')!.restarts, [30]);
});

test('TF2 tensors: float_val, double_val, 4- and 8-byte tensor_content; plugin metadata only on the first value; other plugins ignored', async () => {
  const { runs, errors } = await loadLogs([join(TF, 'tf2')]);
  assert.deepEqual(errors, []);
  const float32 = new Set(['train', 'content32']);
  assertRunsMatch(runs, given('tfevents/tf2'), (run, v) => (float32.has(run) ? Math.fround(v) : v));
});

test('a truncated last record yields every event before it and a note', async () => {
  const offsets = JSON.parse(readFileSync(join(TF, 'damaged', 'offsets.json'), 'utf8')) as { records: number };
  const { runs, errors } = await loadLogs([join(TF, 'damaged', 'truncated')]);
  assert.deepEqual(errors, []);
  assert.equal(runs.length, 1);
  assert.match(runs[0]!.notes.join('\n'), /truncated last record/);
  const whole = (await loadLogs([join(TF, 'torch')])).runs.find((r) => r.run === '.')!;
  // the writer's first record is the file_version event: records - 2 scalar events survive
  const points = [...runs[0]!.scalars.values()].reduce((n, s) => n + s.step.length, 0);
  assert.equal(points, offsets.records - 2);
  const lr = runs[0]!.scalars.get('lr')!;
  assert.deepEqual([...lr.value], [...whole.scalars.get('lr')!.value].slice(0, lr.value.length));
});

test('a record failing its data CRC is skipped with a note; the rest is read', async () => {
  const { runs } = await loadLogs([join(TF, 'damaged', 'crc')]);
  assert.match(runs[0]!.notes.join('\n'), /fails its data CRC; skipped/);
  const points = [...runs[0]!.scalars.values()].reduce((n, s) => n + s.step.length, 0);
  const offsets = JSON.parse(readFileSync(join(TF, 'damaged', 'offsets.json'), 'utf8')) as { records: number };
  assert.equal(points, offsets.records - 2);
});

test('an empty event file is a run with a note; a file that is not a TFRecord is an error entry', async () => {
  const empty = await loadLogs([join(TF, 'damaged', 'empty')]);
  assert.deepEqual(empty.errors, []);
  assert.match(empty.runs[0]!.notes[0]!, /empty file/);
  const garbage = await loadLogs([join(TF, 'damaged', 'garbage')]);
  assert.equal(garbage.runs.length, 0);
  assert.match(garbage.errors[0]!.message, /not a TFRecord file/);
});

test('a file given directly is the run "."; its folder claims the same events', async () => {
  const dir = join(TF, 'tbx');
  const file = readdirSync(dir).find((f) => f.includes('tfevents'))!;
  const { runs } = await loadLogs([join(dir, file)]);
  assert.deepEqual(runs.map((r) => r.run), ['.']);
  assert.equal(runs[0]!.scalars.get('loss')!.step.length, 30);
});

test('claim: event files grouped by folder, sorted; other files ignored', () => {
  const claims = tfeventsReader.claim(['a/events.out.tfevents.2.x', 'a/events.out.tfevents.1.x', 'b/c/events.out.tfevents.1', 'notes.txt', 'root.tfevents.0']);
  assert.deepEqual(claims, [
    { run: 'a', files: ['a/events.out.tfevents.1.x', 'a/events.out.tfevents.2.x'] },
    { run: 'b/c', files: ['b/c/events.out.tfevents.1'] },
    { run: '.', files: ['root.tfevents.0'] },
  ]);
});
