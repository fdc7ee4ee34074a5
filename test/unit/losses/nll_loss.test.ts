import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/nll_loss';
import { Tensor } from '../../../src/engine/tensor';
import { rng } from '../fd';
import { assertRejects, close, ints, valueOf } from './regression_margin_support';
import { classIndices, combinations, gradientSweep, permutationInvariance, reductionConsistency, referenceTest, uniform } from './classification_probabilistic_support';

referenceTest(spec, 25);

for (const shape of [{ input: [4, 3], target: [4] }, { input: [2, 3, 2, 2], target: [2, 2, 2] }, { input: [3], target: [] }]) {
  for (const weighted of [false, true]) {
    const C = shape.input.length === 1 ? shape.input[0]! : shape.input[1]!;
    gradientSweep(
      { ...spec, id: `nll_loss ${JSON.stringify(shape.input)}${weighted ? ' weighted' : ''}` },
      combinations({ reduction: ['none', 'mean', 'sum'], ignore_index: [-100, 2] }),
      (seed) => {
        const rand = rng(seed);
        const target = classIndices(shape.target, C, rand);
        target.data[0] = 0;
        if (target.size > 1) target.data[target.size - 1] = 2;
        const args: Record<string, Tensor> = { input: uniform(shape.input, rand, -4, 0), target };
        if (weighted) args['weight'] = uniform([C], rand, 0.2, 2);
        return args;
      },
    );
  }
}

const batchArgs = (seed: number): Record<string, Tensor> => {
  const rand = rng(seed);
  const N = 2 + Math.floor(rand() * 6);
  const target = classIndices([N], 5, rand);
  target.data[1] = -100;
  return { input: uniform([N, 5], rand, -6, 0), target, weight: uniform([5], rand, 0.1, 3) };
};
reductionConsistency(spec, batchArgs, ({ target, weight }) => [...target!.data].reduce((s, k) => (k === -100 ? s : s + weight!.data[k]!), 0));
permutationInvariance(spec, batchArgs, ['input', 'target']);

test('nll_loss: picks −w[y]·x[y]; mean divides by the total weight of the counted targets', () => {
  const input = Tensor.from([3, 3], [-1, -2, -3, -4, -5, -6, -7, -8, -9]);
  const target = ints([3], [2, 0, -100]);
  const weight = Tensor.from([3], [0.5, 1, 2]);
  const { value, grad } = spec.compute({ input, target, weight }, {}, true);
  assert.ok(close(value.item(), (2 * 3 + 0.5 * 4) / 2.5, 1e-15));
  assert.deepEqual([...grad['input']!.data].map((v) => v + 0), [0, 0, -2 / 2.5, -0.5 / 2.5, 0, 0, 0, 0, 0]);
  assert.deepEqual([...valueOf(spec, { input, target, weight }, { reduction: 'none' }).data].map((v) => v + 0), [6, 2, 0]);
});

test('nll_loss: scaling all class weights by k leaves the weighted mean unchanged', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (seed, k) => {
      const args = batchArgs(seed);
      const scaledWeight = new Tensor([5], args['weight']!.data.map((w) => w * k));
      return close(valueOf(spec, args).item(), valueOf(spec, { ...args, weight: scaledWeight }).item(), 1e-12, 1e-12);
    }),
  );
});

test('nll_loss: unbatched (C) input with a 0-d target, and PyTorch\'s 1-D target quirk (reads target[0])', () => {
  const input = Tensor.from([3], [-0.1, -0.5, -0.9]);
  assert.equal(valueOf(spec, { input, target: ints([], [1]) }, { reduction: 'none' }).item(), 0.5);
  assert.deepEqual(valueOf(spec, { input, target: ints([], [1]) }, { reduction: 'none' }).shape, []);
  assert.equal(valueOf(spec, { input, target: ints([3], [1, 2, 0]) }).item(), 0.5);
});

test('nll_loss: all targets ignored gives NaN for mean; a zero total weight gives NaN gradients like PyTorch', () => {
  const input = Tensor.from([2, 2], [-1, -2, -3, -4]);
  const ignored = spec.compute({ input, target: ints([2], [-100, -100]) }, {}, true);
  assert.ok(Number.isNaN(ignored.value.item()));
  assert.ok(ignored.grad['input']!.data.every((g) => g === 0));
  const zero = spec.compute({ input, target: ints([2], [1, 1]), weight: Tensor.from([2], [1, 0]) }, {}, true);
  assert.ok(Number.isNaN(zero.value.item()));
  assert.ok(Number.isNaN(zero.grad['input']!.data[1]!));
});

test('nll_loss: rejects out-of-range classes, float targets, bad shapes and weights', () => {
  const input = Tensor.from([3, 4], Array(12).fill(-1));
  assert.throws(() => spec.compute({ input, target: ints([3], [0, 4, 1]) }, {}, false), /Target 4 is out of bounds/);
  assertRejects(spec, { input, target: ints([3], [0, 4, 1]) }, {}, 'target');
  assertRejects(spec, { input, target: Tensor.from([3], [0, 1, 1]) }, {}, 'target');
  assertRejects(spec, { input, target: ints([4], [0, 1, 1, 1]) }, {}, 'target');
  assertRejects(spec, { input, target: ints([3], [0, 1, 1]), weight: Tensor.from([2, 2], [1, 1, 1, 1]) }, {}, 'weight');
  assertRejects(spec, { input: Tensor.scalar(1), target: ints([], [0]) }, {}, 'input');
  assertRejects(spec, { input, target: ints([3], [0, 1, 1]) }, { reduction: 'batchmean' }, 'reduction');
  assertRejects(spec, { input, target: ints([3], [0, 1, 1]) }, { label_smoothing: 0.1 }, 'label_smoothing');
});

test('nll_loss: catalog entry', () => {
  assert.deepEqual(spec.expects, { prediction: 'log_probabilities', target: 'class_indices' });
  assert.ok(spec.spellings.some((s) => s.name === 'torch.nn.NLLLoss'));
  assert.equal(spec.options.find((o) => o.name === 'ignore_index')!.default, -100);
});
