import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLoss } from '../../../src/engine/catalog';
import type { LossSpec } from '../../../src/engine/catalog/types';
import { generate } from '../../../src/engine/data/synthetic';
import type { Dataset } from '../../../src/engine/data/dataset';
import { ACTIVATIONS, erf } from '../../../src/engine/train/activations';
import { createObjective } from '../../../src/engine/train/objective';
import { Network } from '../../../src/engine/train/network';
import { Random } from '../../../src/engine/train/random';
import { fakeLoss } from './fake-loss';

/** Central differences of obj.loss against obj.lossAndGrad's gradient at random parameters, in float64
 *  (network32.test.ts checks the float32 network). */
function checkObjective(loss: LossSpec, data: Dataset, hidden: number[], activation: (typeof ACTIVATIONS)[number]): void {
  const obj = createObjective({ loss, lossOptions: {}, model: { hidden, activation, dtype: 'float64' }, seed: 3 }, data);
  const rng = new Random(11);
  const p = Float64Array.from({ length: obj.size }, () => rng.range(-1, 1));
  const { grad } = obj.lossAndGrad(p);
  const h = 1e-6;
  for (let i = 0; i < obj.size; i++) {
    const plus = Float64Array.from(p);
    const minus = Float64Array.from(p);
    plus[i]! += h;
    minus[i]! -= h;
    const numeric = (obj.loss(plus) - obj.loss(minus)) / (2 * h);
    assert.ok(Math.abs(numeric - grad[i]!) <= 1e-6 * (1 + Math.abs(numeric)), `${loss.id} ${activation} [${hidden}] param ${i}: analytic ${grad[i]} numeric ${numeric}`);
  }
}

const small = (task: 'regression' | 'binary' | 'multiclass', name: string): Dataset => generate(task, name, { n: 13, noise: 0.3, seed: 5, classes: 3 })!;

for (const activation of ACTIVATIONS) {
  test(`MLP gradients match finite differences (${activation}, hidden [5, 3], 5 outputs)`, () => {
    // A 3-class task with a one-hot target and a fake loss on raw scores: 3 outputs.
    checkObjective(fakeLoss('logits', 'class_indices'), small('multiclass', 'blobs'), [5, 3], activation);
  });
}

test('linear, logistic and softmax regression (no hidden layer) gradients match finite differences', () => {
  checkObjective(fakeLoss('values', 'values', { family: 'regression' }), small('regression', 'sine'), [], 'relu');
  checkObjective(fakeLoss('logits', 'binary'), small('binary', 'moons'), [], 'relu');
  checkObjective(fakeLoss('logits', 'class_indices'), small('multiclass', 'spirals'), [], 'relu');
});

test('links: sigmoid, softmax and log-softmax chain rules match finite differences', () => {
  checkObjective(fakeLoss('probabilities', 'binary'), small('binary', 'xor'), [4], 'tanh');
  checkObjective(fakeLoss('probabilities', 'class_indices'), small('multiclass', 'blobs'), [4], 'tanh');
  checkObjective(fakeLoss('log_probabilities', 'class_indices'), small('multiclass', 'blobs'), [4], 'gelu');
});

test('catalog losses through the trainer link: gradients match finite differences', () => {
  for (const [id, task, name] of [
    ['mse_loss', 'binary', 'moons'],
    ['mse_loss', 'regression', 'linear'],
    ['cross_entropy', 'multiclass', 'blobs'],
    ['cross_entropy', 'binary', 'circles'],
    ['soft_margin_loss', 'binary', 'moons'],
    ['multi_margin_loss', 'multiclass', 'spirals'],
    ['huber_loss', 'regression', 'outliers'],
  ] as const) {
    const loss = getLoss(id);
    assert.ok(loss, `${id} is in the catalog`);
    checkObjective(loss, small(task, name), [4], 'tanh');
  }
});

test('layout: weights then bias per layer, offsets contiguous', () => {
  const net = new Network({ inputs: 3, hidden: [4], outputs: 2, activation: 'relu' });
  assert.equal(net.size, 3 * 4 + 4 + 4 * 2 + 2);
  assert.deepEqual(net.layers.map((l) => [l.weightOffset, l.biasOffset]), [[0, 12], [16, 24]]);
});

test('initialisation: Xavier bound, He spread and zero biases, PyTorch default bound', () => {
  const xavier = new Network({ inputs: 40, hidden: [60], outputs: 1, activation: 'tanh' }).initialise(new Random(1));
  const bound = Math.sqrt(6 / 100);
  const w1 = xavier.subarray(0, 2400);
  assert.ok(w1.every((v) => Math.abs(v) <= bound) && Math.max(...w1.map(Math.abs)) > 0.9 * bound);
  assert.ok(xavier.subarray(2400, 2460).every((v) => v === 0));
  const he = new Network({ inputs: 200, hidden: [100], outputs: 1, activation: 'relu' }).initialise(new Random(2));
  const w = he.subarray(0, 20000);
  const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
  assert.ok(Math.abs(variance - 2 / 200) < 0.1 * (2 / 200), `He variance ${variance}`);
  const torchInit = new Network({ inputs: 25, hidden: [], outputs: 4, activation: 'relu', init: 'torch' }).initialise(new Random(3));
  assert.ok(torchInit.every((v) => Math.abs(v) <= 0.2) && torchInit.subarray(100).some((v) => v !== 0));
});

test('erf matches reference values', () => {
  // erf(0.5), erf(1), erf(2), erf(3) to 15 digits (Abramowitz & Stegun table 7.1 / mpmath)
  for (const [x, v] of [[0.5, 0.520499877813047], [1, 0.842700792949715], [2, 0.995322265018953], [3, 0.999977909503001], [-1, -0.842700792949715]] as const) {
    assert.ok(Math.abs(erf(x) - v) < 1e-14, `erf(${x}) = ${erf(x)}`);
  }
});
