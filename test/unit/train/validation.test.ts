import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecError, defaultValEvery, parseSpec } from '../../../src/engine/train/spec';
import { executeRun, runSettings, specDataset, sweepJobs } from '../../../src/engine/train/sweep';
import { Trainer } from '../../../src/engine/train/trainer';

const REGRESSION = {
  task: 'regression',
  dataset: { name: 'linear', n: 200, noise: 0.3, seed: 3 },
  losses: ['mse_loss'],
  optimizers: [{ name: 'sgd', lr: 0.05 }],
  steps: 10,
  batch_size: 16,
};

/** MSE of a linear model written out by hand: params are W (1 × f) then b. */
function handMse(params: Float64Array, x: Float64Array, y: Float64Array, n: number, f: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let p = params[f]!;
    for (let k = 0; k < f; k++) p += params[k]! * x[i * f + k]!;
    sum += (p - y[i]!) ** 2;
  }
  return sum / n;
}

test('val_every: default every step up to 500 steps, then ceil(steps / 500); explicit values and 0 kept', () => {
  assert.equal(defaultValEvery(1), 1);
  assert.equal(defaultValEvery(500), 1);
  assert.equal(defaultValEvery(501), 2);
  assert.equal(defaultValEvery(1200), 3);
  assert.equal(parseSpec(REGRESSION).val_every, 1);
  assert.equal(parseSpec({ ...REGRESSION, steps: 1200 }).val_every, 3);
  assert.equal(parseSpec({ ...REGRESSION, val_every: 7 }).val_every, 7);
  assert.equal(parseSpec({ ...REGRESSION, val_every: 0 }).val_every, 0);
});

test('bad val_every values are refused at their path', () => {
  for (const bad of [-1, 1.5, 'often', null]) {
    assert.throws(() => parseSpec({ ...REGRESSION, val_every: bad }), (e: unknown) => e instanceof SpecError && e.path === 'val_every', String(bad));
  }
});

// float64 agrees with the float64 hand computation to rounding; float32 (the default) to its precision.
for (const [dtype, tolerance] of [['float64', 1e-12], ['float32', 1e-6]] as const) {
  test(`validation points come at steps 0, k, 2k… and equal a hand-written MSE of the model at that step on the validation rows (${dtype})`, () => {
    const spec = parseSpec({ ...REGRESSION, model: { dtype }, val_every: 3 });
    const [job] = sweepJobs(spec, specDataset(spec));
    const outcome = executeRun(job!);
    assert.equal(outcome.status, 'ok', outcome.error);
    assert.deepEqual(outcome.val!.map(([s]) => s), [0, 3, 6, 9]);
    // Replay the same seeded run and measure the validation loss independently before each step.
    const val = job!.val!;
    assert.ok(val.n > 0);
    const trainer = new Trainer(runSettings(job!.config, job!.common), job!.train, val);
    const expected: [number, number][] = [];
    for (let t = 0; t < spec.steps; t++) {
      if (t % 3 === 0) expected.push([t, handMse(trainer.params, val.x, val.y, val.n, val.features)]);
      trainer.step();
    }
    outcome.val!.forEach(([step, v], i) => {
      assert.equal(step, expected[i]![0]);
      assert.ok(Math.abs(v - expected[i]![1]) <= tolerance * Math.max(1, expected[i]![1]), `step ${step}: ${v} vs ${expected[i]![1]}`);
    });
    // The curve moves with training, and the final validation loss is measured after the last step.
    assert.notEqual(outcome.val![0]![1], outcome.val![3]![1]);
    assert.ok(Math.abs(outcome.final!.val_loss! - handMse(trainer.params, val.x, val.y, val.n, val.features)) < tolerance * Math.max(1, outcome.final!.val_loss!));
  });
}

test('hooks see every validation point, and the training curve is the same with or without them', () => {
  const spec = parseSpec(REGRESSION);
  const [job] = sweepJobs(spec, specDataset(spec));
  const seen: [number, number][] = [];
  const withVal = executeRun(job!, { onVal: (s, v) => seen.push([s, v]) });
  assert.deepEqual(seen, withVal.val);
  assert.equal(seen.length, spec.steps);
  const without = executeRun({ ...job!, common: { ...job!.common, val_every: 0 } });
  assert.equal(without.val, undefined);
  assert.deepEqual(without.loss, withVal.loss);
});

test('no validation split, no validation curve', () => {
  const spec = parseSpec({ ...REGRESSION, val_fraction: 0 });
  const [job] = sweepJobs(spec, specDataset(spec));
  assert.equal(job!.val, null);
  const outcome = executeRun(job!);
  assert.equal(outcome.status, 'ok');
  assert.equal(outcome.val, undefined);
  assert.equal(outcome.final!.val_loss, null);
});
