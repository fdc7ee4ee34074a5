import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidationTag, seriesHealth } from '../../../src/engine/logs/health';
import { readJsonl } from '../../../src/engine/logs/jsonl';

const jsonl = (rows: { step: number; loss: number | string }[]) =>
  readJsonl('r.jsonl', [{ path: 'r.jsonl', bytes: Buffer.from(rows.map((r) => `{"step": ${r.step}, "loss": ${r.loss}}\n`).join('')) }]).scalars.get('loss')!;

test('NaN and inf are told apart, with their step', () => {
  const rows = Array.from({ length: 60 }, (_, i) => ({ step: i * 10, loss: 1 / (i + 1) as number | string }));
  rows[40]!.loss = 'Infinity';
  rows[50]!.loss = 'NaN';
  const found = seriesHealth('train/loss', jsonl(rows));
  assert.deepEqual(found.filter((a) => a.kind === 'nan' || a.kind === 'inf').map((a) => [a.kind, a.step]), [['inf', 400], ['nan', 500]]);
});

test('a step that goes back is a restart, not a spike', () => {
  const rows = [...Array.from({ length: 50 }, (_, i) => ({ step: i, loss: 2 - i / 50 })), ...Array.from({ length: 50 }, (_, i) => ({ step: 30 + i, loss: 1.4 - i / 100 }))];
  const found = seriesHealth('loss', jsonl(rows));
  assert.deepEqual(found.filter((a) => a.kind === 'restart').map((a) => [a.at, a.step]), [[50, 30]]);
  assert.match(found.find((a) => a.kind === 'restart')!.explanation, /went back from 49/);
});

test('validation tags are recognised by name', () => {
  for (const t of ['val/loss', 'val_loss', 'eval_loss', 'validation/epoch_loss', 'test_loss']) assert.ok(isValidationTag(t), t);
  for (const t of ['train/loss', 'loss', 'interval', 'retest_rate', 'evaluation_count']) assert.equal(isValidationTag(t), false, t);
});
