import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clipGradNorm, createOptimizer, optimizerSettings, type OptimizerName, type OptimizerOptions } from '../../../src/engine/train/optimizers';
import { learningRate } from '../../../src/engine/train/schedules';

interface Reference {
  p0: number[];
  grads: number[][];
  cases: { optimizer: OptimizerName; options: OptimizerOptions; params: number[][] }[];
}
const ref = JSON.parse(readFileSync(join(__dirname, 'torch-optim.json'), 'utf8')) as Reference;

function run(name: OptimizerName, options: OptimizerOptions, grads: number[][], p0: number[], lrAt?: (t: number) => number): number[][] {
  const s = optimizerSettings(name, options);
  const p = Float64Array.from(p0);
  const opt = createOptimizer(s, p.length);
  return grads.map((g, t) => {
    opt.step(p, Float64Array.from(g), lrAt ? lrAt(t) : s.lr);
    return [...p];
  });
}

for (const c of ref.cases) {
  test(`${c.optimizer} ${JSON.stringify(c.options)} matches torch.optim step by step`, () => {
    const ours = run(c.optimizer, c.options, ref.grads, ref.p0);
    c.params.forEach((expected, t) =>
      expected.forEach((v, i) => assert.ok(Math.abs(ours[t]![i]! - v) <= 1e-12 * (1 + Math.abs(v)), `step ${t + 1} param ${i}: ours ${ours[t]![i]} torch ${v}`)),
    );
  });
}

test('SGD with Nesterov momentum: two steps by hand', () => {
  // buf1 = g1 = 0.5, d1 = g1 + 0.9 buf1 = 0.95, p1 = 1 - 0.1 * 0.95 = 0.905
  // buf2 = 0.9 * 0.5 - 1 = -0.55, d2 = -1 + 0.9 * -0.55 = -1.495, p2 = 0.905 + 0.1495 = 1.0545
  const [p1, p2] = run('nesterov', { lr: 0.1 }, [[0.5], [-1]], [1]);
  assert.ok(Math.abs(p1![0]! - 0.905) < 1e-15);
  assert.ok(Math.abs(p2![0]! - 1.0545) < 1e-14);
});

test("Adam's first step moves each parameter by lr against the gradient's sign", () => {
  const [p1] = run('adam', { lr: 0.01 }, [[3, -0.5, 40]], [0, 0, 0]);
  assert.deepEqual(p1!.map((v) => Math.round(v * 1e8) / 1e8), [-0.01, 0.01, -0.01]);
});

test('AdamW decays weights by lr * weight_decay before the Adam step; Adam adds it to the gradient', () => {
  // Zero gradient: AdamW shrinks p by (1 - lr wd); Adam sees g = wd p and takes a full lr step.
  const [w] = run('adamw', { lr: 0.1, weight_decay: 0.5 }, [[0]], [2]);
  assert.ok(Math.abs(w![0]! - 2 * (1 - 0.05)) < 1e-12);
  const [a] = run('adam', { lr: 0.1, weight_decay: 0.5 }, [[0]], [2]);
  assert.ok(Math.abs(a![0]! - 1.9) < 1e-7);
});

test('Adagrad: lr_decay divides the step by 1 + (t-1) lr_decay', () => {
  // g = 1 each step; sum_t = t; p_t = p_{t-1} - lr/(1+(t-1)d) / sqrt(t)
  const out = run('adagrad', { lr: 0.1, lr_decay: 1, eps: 0 }, [[1], [1]], [0]);
  assert.ok(Math.abs(out[0]![0]! + 0.1) < 1e-15);
  assert.ok(Math.abs(out[1]![0]! - (-0.1 - 0.05 / Math.SQRT2)) < 1e-15);
});

test('invalid optimiser settings are refused like PyTorch', () => {
  assert.throws(() => optimizerSettings('sgd', { lr: 0.1, nesterov: true }), /nesterov/);
  assert.throws(() => optimizerSettings('adam', { lr: -1 }), /lr/);
  assert.throws(() => optimizerSettings('adam', { betas: [1, 0.9] }), /betas\[0\]/);
});

test('clip_grad_norm scales the gradient to max_norm (with its 1e-6) and leaves small ones alone', () => {
  const g = Float64Array.of(3, 4);
  assert.equal(clipGradNorm(g, 1), 5);
  assert.ok(Math.abs(g[0]! - 3 / (5 + 1e-6)) < 1e-15 && Math.abs(g[1]! - 4 / (5 + 1e-6)) < 1e-15);
  const h = Float64Array.of(0.3, 0.4);
  clipGradNorm(h, 1);
  assert.deepEqual([...h], [0.3, 0.4]);
});

test('schedules: StepLR, CosineAnnealingLR and LinearLR warm-up', () => {
  const step = { name: 'step', step_size: 10, gamma: 0.5 } as const;
  assert.equal(learningRate(0.1, step, 9, 100), 0.1);
  assert.equal(learningRate(0.1, step, 10, 100), 0.05);
  assert.equal(learningRate(0.1, step, 25, 100), 0.025);
  const cos = { name: 'cosine', eta_min: 0.01 } as const;
  assert.equal(learningRate(0.1, cos, 0, 100), 0.1);
  assert.ok(Math.abs(learningRate(0.1, cos, 50, 100) - 0.055) < 1e-15);
  assert.ok(Math.abs(learningRate(0.1, cos, 100, 100) - 0.01) < 1e-15);
  const warm = { name: 'warmup', warmup_steps: 4, warmup_start: 0.2 } as const;
  assert.ok(Math.abs(learningRate(1, warm, 0, 100) - 0.2) < 1e-15);
  assert.ok(Math.abs(learningRate(1, warm, 2, 100) - 0.6) < 1e-15);
  assert.equal(learningRate(1, warm, 4, 100), 1);
  assert.equal(learningRate(1, warm, 50, 100), 1);
  assert.equal(learningRate(0.3, undefined, 7, 10), 0.3);
});
