import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonlReader, readJsonl } from '../../../src/engine/logs/jsonl';
import { LogFormatError } from '../../../src/engine/logs/types';

const read = (text: string) => readJsonl('train.jsonl', [{ path: 'train.jsonl', bytes: Buffer.from(text) }]);

test('claims .jsonl and .ndjson files, one run each', () => {
  assert.deepEqual(jsonlReader.claim(['a/train.jsonl', 'b/m.NDJSON', 'c/metrics.csv', 'd/result.json']), [
    { run: 'a/train.jsonl', files: ['a/train.jsonl'] },
    { run: 'b/m.NDJSON', files: ['b/m.NDJSON'] },
  ]);
});

test('numeric keys are tags at the step key, nested objects flattened, time as wall time', async () => {
  const text = [
    '{"step": 10, "loss": 2.5, "lr": 0.001, "timestamp": 1700000000.5, "note": "warmup"}',
    '{"step": 20, "loss": 1.25, "lr": 0.001, "timestamp": 1700000001.5, "val": {"loss": 1.5, "acc": 0.5}}',
    '{"step": 30, "loss": NaN, "lr": 0.0005, "timestamp": 1700000002.5}',
    '',
  ].join('\n');
  const run = await read(text);
  assert.deepEqual([...run.scalars.keys()].sort(), ['loss', 'lr', 'val/acc', 'val/loss']);
  const loss = run.scalars.get('loss')!;
  assert.deepEqual([...loss.step], [10, 20, 30]);
  assert.deepEqual([...loss.value.slice(0, 2)], [2.5, 1.25]);
  assert.ok(Number.isNaN(loss.value[2]));
  assert.deepEqual([...loss.wallTime!], [1700000000.5, 1700000001.5, 1700000002.5]);
  assert.deepEqual([...run.scalars.get('val/loss')!.step], [20]);
  assert.deepEqual(run.notes, []);
});

test('a half-written last line is left out with a note; everything before it is read', async () => {
  const run = await read('{"iteration": 0, "loss": 3}\n{"iteration": 1, "loss": 2}\n{"iteration": 2, "lo');
  assert.deepEqual([...run.scalars.get('loss')!.step], [0, 1]);
  assert.match(run.notes[0]!, /last line incomplete/);
});

test('the first step key present wins; no step key means the record number', async () => {
  const run = await read('{"epoch": 0, "global_step": 100, "loss": 1}\n{"loss": 0.5}\n');
  const loss = run.scalars.get('loss')!;
  assert.deepEqual([...loss.step], [100, 1]);
  assert.deepEqual([...run.scalars.get('epoch')!.step], [100]);
  assert.deepEqual(loss.restarts, [1]);
});

test('a step that goes back (a resumed run) is a restart', async () => {
  const run = await read('{"step": 1, "loss": 1}\n{"step": 2, "loss": 0.9}\n{"step": 1, "loss": 1.1}\n{"step": 2, "loss": 0.8}\n');
  assert.deepEqual(run.scalars.get('loss')!.restarts, [2]);
});

test('garbage lines in the middle are skipped with a note; a file of garbage is not JSON Lines', async () => {
  const run = await read('{"step": 1, "loss": 1}\nnot json\n[1, 2]\n{"step": 2, "loss": 0.5}\n');
  assert.deepEqual([...run.scalars.get('loss')!.value], [1, 0.5]);
  assert.match(run.notes[0]!, /2 lines .* skipped \(first: line 2\)/);
  assert.throws(() => read('hello\nworld\n'), LogFormatError);
});
