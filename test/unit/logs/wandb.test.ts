import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadLogs } from '../../../src/logio/load';
import { FIXTURES, assertRunsMatch, given } from './expected';

const WB = join(FIXTURES, 'wandb');

test('W&B offline and online run folders: history items by key and nested key, NaN kept, config as params, a record spanning blocks', async () => {
  const { runs, errors } = await loadLogs([join(WB, 'wandb')]);
  assert.deepEqual(errors, []);
  assert.ok(runs.every((r) => r.format === 'wandb' && r.notes.length === 0));
  const expected = Object.fromEntries(Object.entries(given('wandb')).map(([k, v]) => [k.slice('wandb/'.length), v]));
  assertRunsMatch(runs, expected);
  // the 40 KB config record is framed FIRST/MIDDLE/LAST across 32 KiB blocks
  assert.equal(runs[0]!.params!.lr, 0.001);
  assert.equal((runs[0]!.params!.notes as string).length, 40000);
  assert.equal(runs[0]!.scalars.get('loss')!.wallTime![0], 1767268800.25);
});

test('a truncated .wandb keeps the records before the cut, with a note', async () => {
  const { runs, errors } = await loadLogs([join(WB, 'damaged')]);
  assert.deepEqual(errors, []);
  assert.match(runs[0]!.notes.join('\n'), /truncated last record/);
  const whole = given('wandb')['wandb/run-20260101_130000-def456']!.loss!;
  assert.deepEqual([...runs[0]!.scalars.get('loss')!.step], whole.slice(0, 39).map((p) => p[0]));
});
