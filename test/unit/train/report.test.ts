import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLoss } from '../../../src/engine/catalog';
import { parseCsv } from '../../../src/engine/data/csv';
import { lossesForTask, quickSpec, taskForLoss } from '../../../src/engine/train/quick';
import { bestRun, sweepCsv, sweepReport } from '../../../src/engine/train/report';
import { parseSpec } from '../../../src/engine/train/spec';
import { executeRun, specDataset, sweepJobs, type RunOutcome } from '../../../src/engine/train/sweep';

test('report: the CLI JSON contract, NaN as null, failed runs keep the final shape; CSV parses back', () => {
  const spec = parseSpec({ task: 'regression', dataset: { name: 'linear', n: 60 }, losses: ['mse_loss', { name: 'huber_loss', options: { delta: 0.5 } }], optimizers: [{ name: 'sgd', lr: [0.01, 1e6] }], steps: 30 });
  const jobs = sweepJobs(spec, specDataset(spec));
  const outcomes = jobs.map((j) => executeRun(j));
  const report = sweepReport(jobs, outcomes, 1234.4);
  assert.equal(report.elapsed_ms, 1234);
  const json = JSON.parse(JSON.stringify(report)) as typeof report;
  assert.deepEqual(json.runs[0]!.config, { loss: 'mse_loss', optimizer: 'sgd', lr: 0.01, seed: 0, dtype: 'float32' });
  assert.deepEqual(json.runs[2]!.config.loss_options, { delta: 0.5 });
  assert.equal(json.runs[0]!.status, 'ok');
  assert.deepEqual(Object.keys(json.runs[0]!.final.metric).sort(), ['mae', 'mse', 'r2']);
  assert.equal(json.runs[1]!.status, 'failed');
  assert.match(json.runs[1]!.error!, /diverged/);
  assert.deepEqual(json.runs[1]!.final, { train_loss: null, val_loss: null, metric: {} });
  const rows = parseCsv(sweepCsv(report));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[0]!.cells.slice(0, 8), ['loss', 'loss_options', 'optimizer', 'lr', 'optimizer_options', 'seed', 'train_loss', 'val_loss']);
  assert.equal(rows[3]!.cells[1], '{"delta":0.5}');
});

test('best run: by accuracy then log loss (classification), by MSE (regression); failed runs never win', () => {
  const run = (metric: Record<string, number>, status: RunOutcome['status'] = 'ok'): RunOutcome => ({ status, loss: [], ms: 0, final: { train_loss: 0, val_loss: 0, metric: metric as never } });
  assert.equal(bestRun('binary', [run({ accuracy: 0.9, log_loss: 0.2 }), run({ accuracy: 0.95, log_loss: 0.5 }), run({ accuracy: 0.95, log_loss: 0.3 }), run({ accuracy: 1, log_loss: 0 }, 'failed')]), 2);
  assert.equal(bestRun('regression', [run({ mse: 2 }), run({ mse: 1 })]), 1);
  assert.equal(bestRun('regression', [run({ mse: 1 }, 'failed')]), -1);
});

test('quick sweeps: the task follows what the loss expects; alternatives train that task without pitfalls', () => {
  assert.equal(taskForLoss(getLoss('mse_loss')!), 'regression');
  assert.equal(taskForLoss(getLoss('cross_entropy')!), 'multiclass');
  assert.equal(taskForLoss(getLoss('soft_margin_loss')!), 'binary');
  assert.equal(taskForLoss(getLoss('triplet_margin_loss')!), null);
  const binary = lossesForTask('binary');
  assert.ok(binary.some((l) => l.loss.id === 'mse_loss' && l.flagged));
  assert.ok(!binary.some((l) => l.loss.id === 'ctc_loss'));
  const built = quickSpec({ lossId: 'huber_loss', options: { delta: 2 } });
  assert.ok('spec' in built);
  const spec = parseSpec(built.spec);
  assert.equal(spec.task, 'regression');
  assert.deepEqual(spec.losses[0], { name: 'huber_loss', options: { delta: 2 } });
  assert.equal(spec.losses.length, 4);
  const regression = lossesForTask('regression');
  assert.ok(spec.losses.slice(1).every((l) => regression.some((r) => r.loss.id === l.name && !r.flagged)));
  assert.match((quickSpec({ lossId: 'ctc_loss' }) as { error: string }).error, /write a sweep spec/);
});
