import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mlflowReader } from '../../../src/engine/logs/mlflow';
import { loadLogs } from '../../../src/logio/load';
import { FIXTURES, assertRunsMatch, given } from './expected';

const ML = join(FIXTURES, 'mlflow');

test('MLflow file store (nested keys, params) and SQLite store (NaN via is_nan): every point as logged', async () => {
  const { runs, errors } = await loadLogs([ML]);
  assert.deepEqual(errors, []);
  assert.ok(runs.every((r) => r.format === 'mlflow'));
  assertRunsMatch(runs, given('mlflow'));
  const file = runs.find((r) => r.run === 'mlruns/0/a1b2c3')!;
  assert.deepEqual(file.params, { lr: '0.01' });
  assert.deepEqual([...file.scalars.get('train/loss')!.wallTime!].slice(0, 2), [1700000000, 1700000001]);
  assert.equal(runs.find((r) => r.run === 'mlflow.db/1/r1')!.params!.lr, '0.05');
});

test('the database given directly names its runs below it; a corrupt metrics line is skipped with a note', async () => {
  const { runs } = await loadLogs([join(ML, 'mlflow.db')]);
  assert.deepEqual(runs.map((r) => r.run), ['1/r0', '1/r1']);
  const run = await mlflowReader.read('x', [
    { path: 'x/metrics/loss', bytes: new TextEncoder().encode('1000 0.5 0\ngarbage\n3000 0.25 2\n4000 0.1') },
    { path: 'x/params/lr', bytes: new TextEncoder().encode('0.1') },
  ]);
  assert.ok(!Array.isArray(run));
  assert.deepEqual([...run.scalars.get('loss')!.value], [0.5, 0.25]);
  assert.match(run.notes.join('\n'), /1 line\(s\) not "timestamp value step" skipped \(first at line 2\)/);
  assert.match(run.notes.join('\n'), /last line has no line end/);
  await assert.rejects(async () => mlflowReader.read('m', [{ path: 'mlflow.db', bytes: readFileSync(join(ML, 'mlruns', '0', 'a1b2c3', 'meta.yaml')) }]), /not an SQLite database/);
});
