import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/binary_cross_entropy';
import { spec as withLogits } from '../../../src/engine/losses/binary_cross_entropy_with_logits';
import { Tensor } from '../../../src/engine/tensor';
import { rng } from '../fd';
import { assertRejects, close, valueOf } from './regression_margin_support';
import { combinations, gradientSweep, permutationInvariance, reductionConsistency, referenceTest, uniform } from './classification_probabilistic_support';

referenceTest(spec, 15);

for (const weightShape of [null, [4], [3, 1], [3, 4]]) {
  gradientSweep(
    { ...spec, id: `binary_cross_entropy weight ${JSON.stringify(weightShape)}` },
    combinations({ reduction: ['none', 'mean', 'sum'] }),
    (seed) => {
      const rand = rng(seed);
      const args: Record<string, Tensor> = { input: uniform([3, 4], rand, 0.05, 0.95), target: uniform([3, 4], rand, 0, 1) };
      if (weightShape) args['weight'] = uniform(weightShape, rand, 0.1, 2);
      return args;
    },
  );
}

const batchArgs = (seed: number) => {
  const rand = rng(seed);
  const N = 1 + Math.floor(rand() * 6);
  return { input: uniform([N, 3], rand, 0, 1), target: uniform([N, 3], rand, 0, 1), weight: uniform([3], rand, 0, 2) };
};
reductionConsistency(spec, batchArgs, ({ input }) => input!.size);
permutationInvariance(spec, batchArgs, ['input', 'target']);

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

test('binary_cross_entropy: equals binary_cross_entropy_with_logits on sigmoid(x) away from saturation', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -15, max: 15, noNaN: true }), { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), (logits, y) => {
      const x = Tensor.from([logits.length], logits);
      const target = Tensor.full([logits.length], y);
      const probs = Tensor.from([logits.length], logits.map(logistic));
      return close(valueOf(spec, { input: probs, target }, { reduction: 'sum' }).item(), valueOf(withLogits, { input: x, target }, { reduction: 'sum' }).item(), 1e-6, 1e-9);
    }),
  );
});

test('binary_cross_entropy: log terms clamp at −100, so p = 0 or 1 give 100 and finite input gradients', () => {
  const input = Tensor.from([4], [0, 1, 0, 1]);
  const target = Tensor.from([4], [1, 0, 0, 1]);
  const { value, grad } = spec.compute({ input, target }, { reduction: 'none' }, true);
  assert.deepEqual([...value.data].map((v) => v + 0), [100, 100, 0, 0]);
  assert.deepEqual([...grad['input']!.data], [-1e12, 1e12, 0, 0]);
  // PyTorch's target gradient is −logit(x): infinite at 0 and 1.
  assert.deepEqual([...grad['target']!.data], [Infinity, -Infinity, Infinity, -Infinity]);
});

test('binary_cross_entropy: rejects inputs outside [0, 1] (and NaN), shape mismatch, oversized weight', () => {
  const t = Tensor.from([2], [1, 0]);
  for (const bad of [1.0001, -1e-9, NaN]) assertRejects(spec, { input: Tensor.from([2], [0.5, bad]), target: t }, {}, 'input');
  assertRejects(spec, { input: Tensor.from([2], [0.5, 0.5]), target: Tensor.from([1, 2], [1, 0]) }, {}, 'target');
  assertRejects(spec, { input: Tensor.from([2], [0.5, 0.5]), target: t, weight: Tensor.from([2, 2], [1, 1, 1, 1]) }, {}, 'weight');
  assertRejects(spec, { input: Tensor.from([2], [0.5, 0.5]), target: t, weight: Tensor.from([3], [1, 1, 1]) }, {}, 'weight');
  assertRejects(spec, { input: Tensor.from([2], [0.5, 0.5]), target: t }, { reduction: 'batchmean' }, 'reduction');
  assertRejects(spec, { input: Tensor.from([2], [0.5, 0.5]), target: t, pos_weight: t }, {}, 'pos_weight');
});

test('binary_cross_entropy: catalog entry', () => {
  assert.deepEqual(spec.expects, { prediction: 'probabilities', target: 'binary' });
  assert.ok(spec.pitfalls.some((p) => p.id === 'bce-on-logits'));
  assert.ok(spec.spellings.some((s) => s.name === 'binary_crossentropy' && s.kind === 'string'));
});
