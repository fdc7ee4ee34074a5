import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLandscapeJob, parseLandscapeReply, type PreparedResult, type RowsResult, type SharpnessResult } from '../../../src/protocol/landscape';
import { handleJob } from '../../../src/worker/landscapeJobs';
import { sharpness } from '../../../src/engine/landscape/sharpness';
import { createObjective } from '../../../src/engine/train/objective';
import { parseSpec } from '../../../src/engine/train/spec';
import { runSettings, specDataset, sweepJobs } from '../../../src/engine/train/sweep';

const spec = {
  task: 'regression', dataset: { name: 'linear', n: 80, noise: 0.1, seed: 3 }, model: { hidden: [4], activation: 'tanh' },
  losses: ['mse_loss'], optimizers: [{ name: 'sgd', lr: 0.05 }], steps: 30, val_fraction: 0, seeds: [0],
};
const source = { spec, run: 0 };

test('prepare trains the run, returns a PCA plane whose centre has the lowest loss of the path', () => {
  const r = handleJob(parseLandscapeJob({ v: 1, id: 1, type: 'prepare', source, grid: 5, directions: 'pca', seed: 0, checkpoints: 10 })) as PreparedResult;
  assert.equal(r.type, 'prepared');
  assert.deepEqual(r.plane.xs, [-1, -0.5, 0, 0.5, 1]);
  assert.equal(r.trainLoss.length, 30);
  const t = r.trajectory!;
  assert.equal(t.x.length, t.z.length);
  // the path ends at the centre and fits in the grid
  assert.ok(Math.abs(t.x[t.x.length - 1]!) < 1e-12 && Math.abs(t.y[t.y.length - 1]!) < 1e-12);
  assert.ok(t.x.every((v) => Math.abs(v) <= 1) && t.y.every((v) => Math.abs(v) <= 1));
  assert.ok(t.z[t.z.length - 1]! < t.z[0]!, 'training lowered the loss');
  // the interpolation passes through the initial (α = 0) and trained (α = 1) losses
  const a = r.interpolation.alpha;
  assert.deepEqual(a, [-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]);
  assert.ok(Math.abs(r.interpolation.loss[1]! - t.z[0]!) < 1e-12);
  assert.ok(Math.abs(r.interpolation.loss[5]! - t.z[t.z.length - 1]!) < 1e-12);
  // replies survive the host's validation
  assert.equal(parseLandscapeReply(structuredClone(r)).type, 'prepared');

  const rows = handleJob(parseLandscapeJob({ v: 1, id: 2, type: 'rows', source, center: r.plane.center, d1: r.plane.d1, d2: r.plane.d2, xs: r.plane.xs, ys: r.plane.ys, rows: [1, 4] })) as RowsResult;
  assert.equal(rows.from, 1);
  assert.equal(rows.z.length, 3);
  assert.ok(Math.abs(rows.z[1]![2]! - t.z[t.z.length - 1]!) < 1e-12, 'the grid centre is the trained loss');

  const sharp = handleJob(parseLandscapeJob({ v: 1, id: 3, type: 'sharpness', source, center: r.plane.center, seed: 0, maxIterations: 50, traceSamples: 10 })) as SharpnessResult;
  assert.ok(Number.isFinite(sharp.sharpness.top_eigenvalue) && sharp.sharpness.top_eigenvalue > 0, JSON.stringify(sharp));
});

test('a bad spec or run index is an error reply, not a crash', () => {
  const r = handleJob(parseLandscapeJob({ v: 1, id: 9, type: 'prepare', source: { spec, run: 5 }, grid: 5, directions: 'random', seed: 0, checkpoints: 10 }));
  assert.equal(r.type, 'error');
  assert.match((r as { problem: string }).problem, /no run 5/);
  assert.throws(() => parseLandscapeJob({ v: 2, id: 1, type: 'prepare' }), /protocol version/);
  assert.throws(() => parseLandscapeJob({ v: 1, id: 1, type: 'rows', source, center: [1], d1: [1], d2: [1], xs: [0], ys: [0], rows: [0, 1] }), /Float64Array/);
});

test('the grid is in the model dtype, the sharpness in float64 whatever the dtype', () => {
  const results = (['float32', 'float64'] as const).map((dtype, k) => {
    const src = { spec: { ...spec, model: { ...spec.model, dtype } }, run: 0 };
    const r = handleJob(parseLandscapeJob({ v: 1, id: 10 + k, type: 'prepare', source: src, grid: 3, directions: 'pca', seed: 0, checkpoints: 5 })) as PreparedResult;
    const rows = handleJob(parseLandscapeJob({ v: 1, id: 20 + k, type: 'rows', source: src, center: r.plane.center, d1: r.plane.d1, d2: r.plane.d2, xs: r.plane.xs, ys: r.plane.ys, rows: [1, 2] })) as RowsResult;
    const sharp = handleJob(parseLandscapeJob({ v: 1, id: 30 + k, type: 'sharpness', source: src, center: r.plane.center, seed: 0, maxIterations: 50, traceSamples: 10 })) as SharpnessResult;
    // The same estimate from an independently built float64 objective at the same centre.
    const parsed = parseSpec(src.spec);
    const job = sweepJobs(parsed, specDataset(parsed))[0]!;
    const settings = runSettings(job.config, job.common);
    const reference = sharpness(createObjective({ ...settings, model: { ...settings.model, dtype: 'float64' } }, job.train), r.plane.center, { seed: 0, maxIterations: 50, traceSamples: 10 });
    assert.equal(sharp.sharpness.top_eigenvalue, reference.top_eigenvalue, dtype);
    assert.equal(sharp.sharpness.trace, reference.trace, dtype);
    return { centre: rows.z[0]![1]!, float64Centre: createObjective({ ...settings, model: { ...settings.model, dtype: 'float64' } }, job.train).loss(r.plane.center) };
  });
  // float32 grid values differ from float64 ones in the last float32 digits, not beyond.
  const [single, double] = results;
  assert.notEqual(single!.centre, single!.float64Centre);
  assert.ok(Math.abs(single!.centre - single!.float64Centre) < 1e-6 * single!.float64Centre);
  assert.equal(double!.centre, double!.float64Centre);
});
