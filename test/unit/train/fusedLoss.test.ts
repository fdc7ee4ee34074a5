import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLoss } from '../../../src/engine/catalog';
import type { Options } from '../../../src/engine/catalog/types';
import { generate } from '../../../src/engine/data/synthetic';
import { fusedLoss } from '../../../src/engine/train/fusedLoss';
import { encodeTarget, planLink, type LinkPlan, type TaskShape } from '../../../src/engine/train/link';
import { LossHead } from '../../../src/engine/train/lossHead';
import { Float32Network } from '../../../src/engine/train/network32';
import { createObjective } from '../../../src/engine/train/objective';
import { optimizerSettings } from '../../../src/engine/train/optimizers';
import { Trainer } from '../../../src/engine/train/trainer';
import { Random } from '../../../src/engine/train/random';
import { Tensor } from '../../../src/engine/tensor';

const binary: TaskShape = { task: 'binary', classes: 2 };
const regression: TaskShape = { task: 'regression', classes: 1 };

const VARIANTS: [loss: string, task: TaskShape, options: Options[]][] = [
  ['binary_cross_entropy_with_logits', binary, [{}, { reduction: 'sum' }, { reduction: 'none' }]],
  ['mse_loss', regression, [{}, { reduction: 'sum' }]],
  ['l1_loss', regression, [{}, { reduction: 'none' }]],
  ['huber_loss', regression, [{}, { delta: 0.3 }, { delta: 5, reduction: 'sum' }]],
  ['smooth_l1_loss', regression, [{}, { beta: 0 }, { beta: 2.5, reduction: 'sum' }]],
  ['soft_margin_loss', binary, [{}, { reduction: 'sum' }]],
  ['sigmoid_focal_loss', binary, [{}, { gamma: 0 }, { gamma: 1, alpha: 0.6 }, { gamma: 3, alpha: -1, reduction: 'sum' }]],
  // On a binary task, mse_loss takes sigmoid probabilities: the link is fused too.
  ['mse_loss', binary, [{}, { reduction: 'sum' }]],
];

/** Labels as the plan encodes them, one per output (±1 for soft margin). */
function encoded(plan: LinkPlan, task: TaskShape, n: number, rng: Random): Float64Array {
  const y = labels(task, n, rng);
  return plan.target === 'plus_minus_one' ? y.map((v) => 2 * v - 1) : y;
}

/** A network, its inputs and parameters; `gain` scales the output layer so logits saturate. */
function problem(inputs: number, hidden: number[], outputs: number, n: number, gain: number, seed: number) {
  const network = new Float32Network({ inputs, hidden, outputs, activation: 'tanh' });
  const rng = new Random(seed);
  const params = network.initialise(rng);
  const head = network.layers[network.layers.length - 1]!;
  for (let i = head.weightOffset; i < head.biasOffset; i++) params[i]! *= gain;
  const x = Float64Array.from({ length: n * inputs }, () => 2 * rng.normal());
  return { network, params, x, rng };
}

function labels(task: TaskShape, n: number, rng: Random): Float64Array {
  return Float64Array.from({ length: n }, () => (task.task === 'binary' ? (rng.uniform() < 0.5 ? 0 : 1) : 4 * rng.normal()));
}

test('the fused float32 loss matches the catalog kernel on the same float32 outputs', () => {
  // One output after hidden layers (the head kernels) and four outputs (whole vectors); batches
  // with and without a tail of fewer than four elements; ordinary and saturating outputs.
  const cases: [inputs: number, hidden: number[], outputs: number, n: number][] = [[2, [16, 16], 1, 1000], [2, [16, 16], 1, 37], [3, [5], 4, 9]];
  for (const [loss, task, variants] of VARIANTS) {
    for (const options of variants) {
      for (const [inputs, hidden, outputs, n] of cases) {
        for (const gain of [1, 60]) {
          // Several identity-linked outputs do not occur in training; they exercise the vector path.
          const plan = { ...planLink(getLoss(loss)!, { ...task, y: [0, 1] }), outputs };
          const { network, params, x, rng } = problem(inputs, hidden, outputs, n, gain, n + gain);
          const count = n;
          const target = new Tensor([count * outputs], encoded(plan, task, count * outputs, rng));
          const head = new LossHead(plan, options);
          const fused = fusedLoss(head, target, count);
          assert.ok(fused, `${loss} ${JSON.stringify(options)} is fused`);
          const value = network.forwardLoss(params, x, count, target.data, fused);
          const reference = head.loss(network.forward(params, x, count), target, count);
          const label = `${loss} ${JSON.stringify(options)}, ${outputs} output(s), batch ${n}, gain ${gain}`;
          assert.ok(Number.isFinite(reference) && reference > 0, `${label}: reference ${reference}`);
          assert.ok(Math.abs(value - reference) <= 2e-6 * reference, `${label}: ${value} vs ${reference}`);
        }
      }
    }
  }
});

test('the fused loss is NaN when the outputs are', () => {
  for (const [loss, task] of VARIANTS) {
    const { network, params, x, rng } = problem(2, [16, 16], 1, 6, 1, 5);
    params[0] = NaN;
    const plan = planLink(getLoss(loss)!, { ...task, y: [0, 1] });
    const target = encodeTarget(plan, labels(task, 6, rng), 6);
    const fused = fusedLoss(new LossHead(plan, {}), target, 6)!;
    assert.ok(Number.isNaN(network.forwardLoss(params, x, 6, target.data, fused)), loss);
  }
});

test('only losses with a float32 kernel are fused, identity-linked but for mse on sigmoid probabilities; smooth_l1 with beta 0 is l1', () => {
  const make = (loss: string, task: TaskShape, options: Options = {}) => {
    const plan = planLink(getLoss(loss)!, { ...task, y: [0, 1] });
    return fusedLoss(new LossHead(plan, options), encodeTarget(plan, Float64Array.of(0, 1, 1), 3), 3);
  };
  for (const loss of ['binary_cross_entropy', 'cross_entropy', 'hinge_embedding_loss']) assert.equal(make(loss, binary), null, loss);
  assert.equal(make('poisson_nll_loss', regression), null);
  assert.equal(make('sigmoid_focal_loss', binary, { gamma: 2.5 }), null, 'a focal γ that is not a whole number');
  assert.deepEqual(make('sigmoid_focal_loss', binary), { kind: make('sigmoid_focal_loss', binary)!.kind, param: 0.25, power: 2, mean: true });
  assert.notEqual(make('mse_loss', binary)!.kind, make('mse_loss', regression)!.kind, 'mse on sigmoid probabilities is its own kernel');
  assert.deepEqual(make('smooth_l1_loss', regression, { beta: 0 }), make('l1_loss', regression));
  assert.equal(make('huber_loss', regression, { delta: 2 })?.param, 2);
});

test("the objective's loss takes the fused path on the float32 network and the catalog path otherwise", () => {
  const data = generate('binary', 'moons', { n: 203, noise: 0.2, seed: 2 })!;
  const model = { hidden: [16, 16], activation: 'tanh' } as const;
  const settings = { loss: getLoss('binary_cross_entropy_with_logits')!, lossOptions: {}, model, seed: 1 };
  const objective = createObjective(settings, data);
  const params = objective.initial();
  const plan = planLink(settings.loss, data);
  const target = encodeTarget(plan, data.y, data.n);
  const network = new Float32Network({ inputs: data.features, hidden: model.hidden, outputs: 1, activation: 'tanh' });
  const head = new LossHead(plan, {});
  const fused = network.forwardLoss(params, data.x, data.n, target.data, fusedLoss(head, target, data.n)!);
  const catalog = head.loss(network.forward(params, data.x, data.n), target, data.n);
  assert.equal(objective.loss(params), fused);
  assert.notEqual(fused, catalog, 'float32 and float64 element losses round differently');
  assert.equal(objective.lossAndGrad(params).loss, catalog, 'the gradient path keeps the catalog kernel');
  const float64 = createObjective({ ...settings, model: { ...model, dtype: 'float64' } }, data);
  assert.equal(float64.loss(params), float64.lossAndGrad(params).loss);
});

test('forwardLoss copies its inputs again after forward() or another batch has used the buffers', () => {
  const plan = planLink(getLoss('mse_loss')!, regression);
  const { network, params, x, rng } = problem(2, [16, 16], 1, 40, 1, 9);
  const other = Float64Array.from(x, () => rng.normal());
  const target = encodeTarget(plan, labels(regression, 40, rng), 40);
  const fused = fusedLoss(new LossHead(plan, {}), target, 40)!;
  const first = network.forwardLoss(params, x, 40, target.data, fused);
  network.forward(params, other, 40);
  assert.equal(network.forwardLoss(params, x, 40, target.data, fused), first, 'after forward() on other inputs');
  const short = network.forwardLoss(params, x, 13, target.data, fused);
  assert.notEqual(short, first);
  assert.equal(network.forwardLoss(params, x, 40, target.data, fused), first, 'after a shorter batch');
  const shifted = Float64Array.from(target.data, (v) => v + 1);
  assert.notEqual(network.forwardLoss(params, x, 40, shifted, fused), first, 'another target array');
});

/** Largest difference over the largest reference magnitude. */
function scaledDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}

test("the fused float32 gradient matches the catalog kernel's, back through the same float32 layers", () => {
  for (const [loss, task, variants] of VARIANTS) {
    for (const options of variants) {
      for (const [n, gain] of [[1000, 1], [37, 1], [37, 30]] as const) {
        const plan = planLink(getLoss(loss)!, { ...task, y: [0, 1] });
        const { network, params, x, rng } = problem(2, [16, 7], 1, n, gain, 3 * n + gain);
        const target = encodeTarget(plan, labels(task, n, rng), n);
        const head = new LossHead(plan, options);
        const fused = fusedLoss(head, target, n)!;
        const label = `${loss} ${JSON.stringify(options)}, batch ${n}, gain ${gain}`;
        const grad = new Float64Array(network.size);
        const value = network.lossAndGradient(params, x, n, target.data, fused, true, grad);
        const dz = new Float64Array(n);
        const reference = head.loss(network.forward(params, x, n), target, n, dz);
        const referenceGrad = new Float64Array(network.size);
        network.backward(params, x, n, dz, referenceGrad);
        assert.ok(Math.abs(value - reference) <= 2e-6 * Math.abs(reference), `${label}: loss ${value} vs ${reference}`);
        assert.ok(scaledDifference(grad, referenceGrad) <= 2e-5, `${label}: gradient off by ${scaledDifference(grad, referenceGrad)}`);
      }
    }
  }
});

test('lossAndGradient copies a mini-batch refilled in place; a full batch is copied once', () => {
  const plan = planLink(getLoss('sigmoid_focal_loss')!, binary);
  const { network, params, x, rng } = problem(2, [16, 16], 1, 30, 1, 11);
  const target = encodeTarget(plan, labels(binary, 30, rng), 30);
  const fused = fusedLoss(new LossHead(plan, {}), target, 30)!;
  const grad = new Float64Array(network.size);
  const before = network.lossAndGradient(params, x, 30, target.data, fused, false, grad);
  x.forEach((v, i) => (x[i] = -v));
  target.data.forEach((v, i) => (target.data[i] = 1 - v));
  const fresh = problem(2, [16, 16], 1, 30, 1, 11).network;
  const freshGrad = new Float64Array(network.size);
  const expected = fresh.lossAndGradient(params, x, 30, target.data, fused, true, freshGrad);
  assert.notEqual(expected, before);
  assert.equal(network.lossAndGradient(params, x, 30, target.data, fused, false, grad), expected);
  assert.deepEqual(Array.from(grad), Array.from(freshGrad));
});

test("a float32 trainer's step on a fused loss is the fused loss and gradient of its parameters", () => {
  const data = generate('binary', 'moons', { n: 64, noise: 0.2, seed: 3 })!;
  const settings = {
    loss: getLoss('sigmoid_focal_loss')!, lossOptions: {}, optimizer: optimizerSettings('sgd', { lr: 0.5 }),
    model: { hidden: [16, 16], activation: 'tanh' as const }, seed: 2, steps: 2, batchSize: null,
  };
  const trainer = new Trainer(settings, data, null);
  const start = trainer.params.slice();
  const plan = planLink(settings.loss, data);
  const target = encodeTarget(plan, data.y, data.n);
  const network = new Float32Network({ inputs: 2, hidden: [16, 16], outputs: 1, activation: 'tanh' });
  const grad = new Float64Array(network.size);
  const expected = network.lossAndGradient(start, data.x, data.n, target.data, fusedLoss(new LossHead(plan, {}), target, data.n)!, true, grad);
  assert.equal(trainer.step(), expected);
  // SGD without momentum: the step moved the parameters by −lr × that gradient.
  trainer.params.forEach((p, i) => assert.ok(Math.abs(p - (start[i]! - 0.5 * grad[i]!)) <= 1e-15, `param ${i}`));
  trainer.release();
});
