import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStoredSweep } from '../../../src/protocol/storedSweep';

const good = {
  sweepId: '2026-12-01T00-00-00-000Z-abcd', title: 't', created: '2026-12-01T00:00:00.000Z', task: 'binary', spec: {}, cancelled: false,
  report: { elapsed_ms: 12, runs: [{ config: { loss: 'mse_loss' }, loss: [1, null, 0.5], val_loss: [[0, 1], [2, null]], final: { train_loss: 0.5, val_loss: null, metric: { accuracy: 0.9 } }, status: 'ok', ms: 3 }] },
};

test('a stored sweep reads back as written', () => {
  assert.deepEqual(parseStoredSweep(JSON.parse(JSON.stringify(good))), good);
});

test('a stored sweep that is torn or edited is refused with the path of the problem', () => {
  const text = JSON.stringify(good);
  assert.throws(() => JSON.parse(text.slice(0, text.length / 2)));
  assert.throws(() => parseStoredSweep({ ...good, report: { runs: [] } }), /report\.elapsed_ms/);
  assert.throws(() => parseStoredSweep({ ...good, report: { ...good.report, runs: [{ ...good.report.runs[0], status: 'maybe' }] } }), /report\.runs\[0\]\.status/);
  assert.throws(() => parseStoredSweep({ ...good, report: { ...good.report, runs: [{ ...good.report.runs[0], val_loss: [[0]] }] } }), /val_loss\[0\]/);
});
