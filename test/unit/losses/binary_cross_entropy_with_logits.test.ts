import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/binary_cross_entropy_with_logits';
import { Tensor } from '../../../src/engine/tensor';
import { rng } from '../fd';
import { assertRejects, close, valueOf } from './regression_margin_support';
import { allFinite, combinations, gradientSweep, permutationInvariance, reductionConsistency, referenceTest, uniform } from './classification_probabilistic_support';

referenceTest(spec, 30);

for (const weightShape of [null, [4], [3, 4]]) {
  for (const posWeightShape of [null, [4], [1], [3, 4]]) {
    gradientSweep(
      { ...spec, id: `binary_cross_entropy_with_logits weight ${JSON.stringify(weightShape)} pos_weight ${JSON.stringify(posWeightShape)}` },
      combinations({ reduction: ['none', 'mean', 'sum'] }),
      (seed) => {
        const rand = rng(seed);
        const args: Record<string, Tensor> = { input: uniform([3, 4], rand, -6, 6), target: uniform([3, 4], rand, 0, 1) };
        if (weightShape) args['weight'] = uniform(weightShape, rand, 0.1, 2);
        if (posWeightShape) args['pos_weight'] = uniform(posWeightShape, rand, 0.2, 4);
        return args;
      },
    );
  }
}

const batchArgs = (seed: number) => {
  const rand = rng(seed);
  const N = 1 + Math.floor(rand() * 6);
  return { input: uniform([N, 3], rand, -20, 20), target: uniform([N, 3], rand, 0, 1), pos_weight: uniform([3], rand, 0.1, 5) };
};
reductionConsistency(spec, batchArgs, ({ input }) => input!.size);
permutationInvariance(spec, batchArgs, ['input', 'target']);

test('binary_cross_entropy_with_logits: logits of ±1e4 give exact finite values and gradients', () => {
  const input = Tensor.from([4], [1e4, -1e4, 1e4, -1e4]);
  const target = Tensor.from([4], [1, 0, 0, 1]);
  const { value, grad } = spec.compute({ input, target }, { reduction: 'none' }, true);
  assert.deepEqual([...value.data], [0, 0, 1e4, 1e4]);
  assert.deepEqual([...grad['input']!.data].map((v) => v + 0), [0, 0, 1, -1]);
  assert.deepEqual([...grad['target']!.data], [-1e4, 1e4, -1e4, 1e4]);
  const weighted = spec.compute({ input, target, pos_weight: Tensor.from([1], [3]) }, { reduction: 'none' }, true);
  assert.deepEqual([...weighted.value.data], [0, 0, 1e4, 3e4]);
  assert.ok(allFinite(weighted.grad['input']!) && allFinite(weighted.grad['target']!));
  assert.deepEqual([...weighted.grad['input']!.data].map((v) => v + 0), [0, 0, 1, -3]);
});

test('binary_cross_entropy_with_logits: pos_weight p scales exactly the positive term', () => {
  fc.assert(
    fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (x, y, p) => {
      const args = { input: Tensor.from([1], [x]), target: Tensor.from([1], [y]) };
      const plain = valueOf(spec, args).item();
      const positive = valueOf(spec, { input: args.input, target: Tensor.from([1], [1]) }).item();
      const negative = valueOf(spec, { input: args.input, target: Tensor.from([1], [0]) }).item();
      const weighted = valueOf(spec, { ...args, pos_weight: Tensor.from([1], [p]) }).item();
      return close(plain, y * positive + (1 - y) * negative, 1e-9, 1e-12) && close(weighted, p * y * positive + (1 - y) * negative, 1e-9, 1e-12);
    }),
  );
});

test('binary_cross_entropy_with_logits: rejects target shape differing from input and weights that would enlarge it', () => {
  const input = Tensor.from([3], [0, 1, 2]);
  assertRejects(spec, { input, target: Tensor.from([1, 3], [0, 1, 1]) }, {}, 'target');
  assertRejects(spec, { input, target: Tensor.from([3], [0, 1, 1]), pos_weight: Tensor.from([2, 3], Array(6).fill(1)) }, {}, 'pos_weight');
  assertRejects(spec, { input, target: Tensor.from([3], [0, 1, 1]), weight: Tensor.from([2], [1, 1]) }, {}, 'weight');
  assertRejects(spec, { input, target: Tensor.from([3], [0, 1, 1]) }, { reduction: 'mena' }, 'reduction');
});

test('binary_cross_entropy_with_logits: catalog entry', () => {
  assert.deepEqual(spec.expects, { prediction: 'logits', target: 'binary' });
  assert.ok(spec.args.some((a) => a.name === 'pos_weight' && a.optional));
  assert.ok(spec.spellings.some((s) => s.name === 'optax.sigmoid_binary_cross_entropy'));
});
