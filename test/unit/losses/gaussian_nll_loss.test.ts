import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/gaussian_nll_loss';
import { Tensor } from '../../../src/engine/tensor';
import { rng } from '../fd';
import { assertRejects, close, valueOf } from './regression_margin_support';
import { combinations, gradientSweep, permutationInvariance, reductionConsistency, referenceTest, uniform } from './classification_probabilistic_support';

referenceTest(spec, 25);

for (const varShape of [[3, 4], [3], [3, 1]]) {
  gradientSweep(
    { ...spec, id: `gaussian_nll_loss var ${JSON.stringify(varShape)}` },
    combinations({ reduction: ['none', 'mean', 'sum'], full: [false, true], eps: [1e-6, 0.05] }),
    (seed) => {
      const rand = rng(seed);
      return { input: uniform([3, 4], rand, -2, 2), target: uniform([3, 4], rand, -2, 2), var: uniform(varShape, rand, 0.1, 2) };
    },
  );
}

const batchArgs = (seed: number) => {
  const rand = rng(seed);
  const N = 1 + Math.floor(rand() * 6);
  return { input: uniform([N, 3], rand, -3, 3), target: uniform([N, 3], rand, -3, 3), var: uniform([N, 1], rand, 0, 2) };
};
reductionConsistency(spec, batchArgs, ({ input }) => input!.size, { full: true });
permutationInvariance(spec, batchArgs, ['input', 'target', 'var']);

test('gaussian_nll_loss: shifting input and target together changes nothing; full adds ½·log 2π per element', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.double({ min: -100, max: 100, noNaN: true }), (seed, shift) => {
      const args = batchArgs(seed);
      const moved = { ...args, input: new Tensor(args.input.shape, args.input.data.map((v) => v + shift)), target: new Tensor(args.target.shape, args.target.data.map((v) => v + shift)) };
      const sum = valueOf(spec, args, { reduction: 'sum' }).item();
      const full = valueOf(spec, args, { reduction: 'sum', full: true }).item();
      return close(valueOf(spec, moved, { reduction: 'sum' }).item(), sum, 1e-9, 1e-9) && close(full - sum, args.input.size * 0.5 * Math.log(2 * Math.PI), 1e-9, 1e-9);
    }),
  );
});

test('gaussian_nll_loss: the optimal variance is the squared error (var gradient vanishes there)', () => {
  const { grad } = spec.compute({ input: Tensor.from([1], [3]), target: Tensor.from([1], [1]), var: Tensor.from([1], [4]) }, {}, true);
  assert.equal(grad['var']!.item(), 0);
  assert.equal(grad['input']!.item(), 0.5);
});

test('gaussian_nll_loss: var below eps is clamped without autograd: the gradient is the one at eps', () => {
  const { value, grad } = spec.compute({ input: Tensor.from([1], [1]), target: Tensor.from([1], [0]), var: Tensor.from([1], [1e-9]) }, { eps: 1e-3 }, true);
  assert.ok(close(value.item(), 0.5 * (Math.log(1e-3) + 1 / 1e-3), 1e-14));
  assert.ok(close(grad['var']!.item(), 0.5 / 1e-3 - 0.5 / 1e-6, 1e-12));
  assert.ok(close(grad['input']!.item(), 1 / 1e-3, 1e-12));
});

test('gaussian_nll_loss: homoscedastic var shapes (dropped or size-1 last dim) equal a full-size var', () => {
  const rand = rng(9);
  const input = uniform([3, 4], rand, -1, 1);
  const target = uniform([3, 4], rand, -1, 1);
  const perRow = uniform([3], rand, 0.5, 1.5);
  const expanded = Tensor.from([3, 4], [...perRow.data].flatMap((v) => [v, v, v, v]));
  const want = valueOf(spec, { input, target, var: expanded }, { reduction: 'none' }).data;
  for (const v of [perRow, perRow.reshape([3, 1])]) {
    const got = spec.compute({ input, target, var: v }, { reduction: 'none' }, true);
    assert.deepEqual([...got.value.data], [...want]);
    assert.deepEqual(got.grad['var']!.shape, v.shape);
  }
});

test('gaussian_nll_loss: rejects negative var, var of the wrong size, bad reductions', () => {
  const x = Tensor.from([2, 2], [1, 2, 3, 4]);
  assertRejects(spec, { input: x, target: x, var: Tensor.from([2, 2], [1, -0.1, 1, 1]) }, {}, 'var');
  assert.throws(() => spec.compute({ input: x, target: x, var: Tensor.from([2, 2], [1, -0.1, 1, 1]) }, {}, false), /negative/);
  assertRejects(spec, { input: x, target: x, var: Tensor.from([2, 3], [1, 1, 1, 1, 1, 1]) }, {}, 'var');
  assertRejects(spec, { input: x, target: x, var: Tensor.from([2], [1, 1]).reshape([1, 2]) }, {}, 'var');
  assertRejects(spec, { input: x, target: x, var: x }, { reduction: 'elementwise_mean' }, 'reduction');
  assertRejects(spec, { input: x, target: Tensor.from([3], [1, 2, 3]), var: x }, {}, 'target');
});
