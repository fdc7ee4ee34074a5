import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadLogs } from '../../../src/logio/load';
import { FIXTURES, assertRunsMatch, given } from './expected';

const CSV = join(FIXTURES, 'csv');

test('Lightning CSVLogger (sparse rows), Ultralytics results.csv (padded cells), a ragged CSV: values as written', async () => {
  const { runs, errors } = await loadLogs([CSV]);
  assert.deepEqual(errors, []);
  const expected = given('csv');
  const keras = runs.filter((r) => r.run.startsWith('keras/'));
  assertRunsMatch(runs.filter((r) => !r.run.startsWith('keras/')), expected);
  assert.deepEqual(runs.map((r) => [r.run, r.format]).filter(([run]) => !run!.startsWith('keras/')), [
    ['detect/train/results.csv', 'csv'], ['lightning_logs/version_0', 'lightning-csv'], ['ragged.csv', 'csv'],
  ]);
  assert.ok(runs.every((r) => [...r.scalars.values()].every((s) => s.wallTime === null)), 'CSV logs carry no wall time');
  const ragged = runs.find((r) => r.run === 'ragged.csv')!;
  assert.match(ragged.notes.join('\n'), /1 row\(s\) with a cell count other than the header's 2 skipped \(first at line 4\)/);
  assert.match(ragged.notes.join('\n'), /last line has no line end/);
  assert.equal(keras.length, existsSync(join(CSV, 'keras')) ? 1 : 0);
});

test("Keras' CSVLogger written by Keras itself: epoch as x", { skip: !existsSync(join(CSV, 'keras')) && 'no keras fixture' }, async () => {
  const { runs, errors } = await loadLogs([join(CSV, 'keras')]);
  assert.deepEqual(errors, []);
  assert.deepEqual(runs.map((r) => r.format), ['keras-csv']);
  assertRunsMatch(runs, given('csv/keras'));
});

test('a CSV without a step/epoch column is an error entry naming what is missing; a 0-byte CSV too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-csv-'));
  writeFileSync(join(dir, 'data.csv'), 'x1,x2,y\n1,2,3\n');
  writeFileSync(join(dir, 'empty.csv'), '');
  const { runs, errors } = await loadLogs([dir]);
  rmSync(dir, { recursive: true });
  assert.equal(runs.length, 0);
  assert.deepEqual(errors.map((e) => e.message), ['not a training log: no step/global_step/iteration/iter/epoch column', 'empty file (0 bytes)']);
});
