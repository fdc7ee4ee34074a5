import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/sigmoid_focal_loss';
import { spec as bce } from '../../../src/engine/losses/binary_cross_entropy_with_logits';
import { Tensor } from '../../../src/engine/tensor';
import { rng } from '../fd';
import { assertRejects, close, valueOf } from './regression_margin_support';
import { allFinite, combinations, gradientSweep, permutationInvariance, reductionConsistency, referenceTest, uniform } from './classification_probabilistic_support';

referenceTest(spec, 20);

gradientSweep(
  spec,
  combinations({ reduction: ['none', 'mean', 'sum'], alpha: [0.25, 0.8, -1], gamma: [0, 0.5, 1, 2, 3.5] }),
  (seed) => {
    const rand = rng(seed);
    const targets = uniform([3, 4], rand, 0, 1);
    for (let i = 0; i < 6; i++) targets.data[i] = i % 2;
    return { inputs: uniform([3, 4], rand, -4, 4), targets };
  },
);

const batchArgs = (seed: number) => {
  const rand = rng(seed);
  const N = 1 + Math.floor(rand() * 6);
  return { inputs: uniform([N, 3], rand, -8, 8), targets: new Tensor([N, 3], uniform([N, 3], rand, 0, 1).data.map(Math.round)) };
};
reductionConsistency(spec, batchArgs, ({ inputs }) => inputs!.size, { alpha: 0.3, gamma: 1.5 });
permutationInvariance(spec, batchArgs, ['inputs', 'targets']);

test('sigmoid_focal_loss: gamma 0 and alpha < 0 is binary cross-entropy with logits; alpha weights positives', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, alpha) => {
      const { inputs, targets } = batchArgs(seed);
      const plain = valueOf(bce, { input: inputs, target: targets }, { reduction: 'none' });
      const focal = valueOf(spec, { inputs, targets }, { gamma: 0, alpha: -1 });
      const balanced = valueOf(spec, { inputs, targets }, { gamma: 0, alpha });
      return plain.data.every((v, i) => close(v, focal.data[i]!, 1e-12, 1e-300) && close(balanced.data[i]!, (targets.data[i] ? alpha : 1 - alpha) * v, 1e-12, 1e-300));
    }),
  );
});

test('sigmoid_focal_loss: easy examples are down-weighted by (1 − p_t)^γ, hand-computed', () => {
  const x = 2;
  const p = 1 / (1 + Math.exp(-x));
  const { value } = spec.compute({ inputs: Tensor.from([2], [x, x]), targets: Tensor.from([2], [1, 0]) }, {}, false);
  assert.ok(close(value.data[0]!, 0.25 * -Math.log(p) * (1 - p) ** 2, 1e-14));
  assert.ok(close(value.data[1]!, 0.75 * -Math.log(1 - p) * p ** 2, 1e-14));
});

test('sigmoid_focal_loss: logits of ±1e4 give finite values and gradients (γ ≥ 1)', () => {
  const inputs = Tensor.from([4], [1e4, -1e4, 1e4, -1e4]);
  const targets = Tensor.from([4], [1, 0, 0, 1]);
  for (const gamma of [1, 2]) {
    const { value, grad } = spec.compute({ inputs, targets }, { gamma }, true);
    assert.deepEqual([...value.data].map((v) => v + 0), [0, 0, 0.75e4, 0.25e4]);
    assert.ok(allFinite(grad['inputs']!) && allFinite(grad['targets']!));
  }
});

test('sigmoid_focal_loss: defaults and torchvision 0.14 reduction handling; shape mismatch rejected', () => {
  const inputs = Tensor.from([2, 2], [0.1, -0.3, 2, -1]);
  const targets = Tensor.from([2, 2], [1, 0, 1, 1]);
  assert.deepEqual(valueOf(spec, { inputs, targets }).shape, [2, 2]);
  assert.deepEqual([...valueOf(spec, { inputs, targets }, { reduction: 'other' }).data], [...valueOf(spec, { inputs, targets }).data]);
  assertRejects(spec, { inputs, targets: Tensor.from([4], [1, 0, 1, 1]) }, {}, 'targets');
  assertRejects(spec, { input: inputs, targets }, {}, 'input');
  assert.equal(spec.options.find((o) => o.name === 'alpha')!.default, 0.25);
  assert.equal(spec.options.find((o) => o.name === 'gamma')!.default, 2);
  assert.match(spec.options.find((o) => o.name === 'alpha')!.explain!(-1), /no class weighting/);
  assert.ok(spec.spellings.some((s) => s.name === 'torchvision.ops.sigmoid_focal_loss' && s.framework === 'torchvision'));
});
