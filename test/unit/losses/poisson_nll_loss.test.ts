import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/poisson_nll_loss';
import { Tensor } from '../../../src/engine/tensor';
import { rng } from '../fd';
import { assertRejects, close, valueOf } from './regression_margin_support';
import { combinations, gradientSweep, permutationInvariance, reductionConsistency, referenceTest, uniform } from './classification_probabilistic_support';

referenceTest(spec, 12);

/** Counts kept away from 0 and from the Stirling mask edge at 1, where PyTorch's value jumps. */
function counts(shape: number[], rand: () => number): Tensor {
  const t = uniform(shape, rand, 0.1, 6);
  return new Tensor(shape, t.data.map((v) => (Math.abs(v - 1) < 0.05 ? v + 0.2 : v)));
}

for (const [inputShape, targetShape] of [[[3, 4], [3, 4]], [[4], [3, 4]], [[3, 1], [4]]] as const) {
  gradientSweep(
    { ...spec, id: `poisson_nll_loss ${JSON.stringify(inputShape)} vs ${JSON.stringify(targetShape)}` },
    combinations({ reduction: ['none', 'mean', 'sum'], log_input: [true, false], full: [false, true], eps: [1e-8, 0.1] }),
    (seed, options) => {
      const rand = rng(seed);
      const input = options['log_input'] ? uniform([...inputShape], rand, -2, 2) : uniform([...inputShape], rand, 0.2, 4);
      return { input, target: counts([...targetShape], rand) };
    },
  );
}

const batchArgs = (seed: number) => {
  const rand = rng(seed);
  const N = 1 + Math.floor(rand() * 6);
  return { input: uniform([N, 2], rand, -3, 3), target: new Tensor([N, 2], uniform([N, 2], rand, 0, 8).data.map(Math.floor)) };
};
reductionConsistency(spec, batchArgs, ({ input }) => input!.size, { full: true });
permutationInvariance(spec, batchArgs, ['input', 'target'], { full: true });

test('poisson_nll_loss: log_input and rate forms agree (input = log rate vs rate), up to eps', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), (seed) => {
      const { input, target } = batchArgs(seed);
      const rate = new Tensor(input.shape, input.data.map(Math.exp));
      const a = valueOf(spec, { input, target }, { reduction: 'sum' }).item();
      const b = valueOf(spec, { input: rate, target }, { reduction: 'sum', log_input: false, eps: 0 }).item();
      return close(a, b, 1e-12, 1e-12);
    }),
  );
});

test('poisson_nll_loss: full adds Stirling\'s log(y!) approximation only where y > 1', () => {
  const input = Tensor.from([4], [0, 0, 0, 0]);
  const target = Tensor.from([4], [0, 1, 2, 10]);
  const plain = valueOf(spec, { input, target }, { reduction: 'none' }).data;
  const full = valueOf(spec, { input, target }, { reduction: 'none', full: true }).data;
  assert.equal(full[0], plain[0]);
  assert.equal(full[1], plain[1]);
  for (const [i, y] of [[2, 2], [3, 10]] as const) {
    const stirling = y * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI * y);
    assert.ok(close(full[i]! - plain[i]!, stirling, 1e-12));
  }
});

test('poisson_nll_loss: the likelihood is minimised where the rate equals the count', () => {
  const target = Tensor.from([1], [3]);
  const at = (x: number) => spec.compute({ input: Tensor.from([1], [x]), target }, {}, true);
  assert.ok(Math.abs(at(Math.log(3)).grad['input']!.item()) < 1e-14);
  assert.ok(at(Math.log(3)).value.item() < at(Math.log(3) + 0.01).value.item());
  assert.ok(at(Math.log(3)).value.item() < at(Math.log(3) - 0.01).value.item());
});

test('poisson_nll_loss: full=True gives NaN target gradients at zero counts, like PyTorch\'s masked Stirling term', () => {
  const { grad } = spec.compute({ input: Tensor.from([2], [0.5, 0.5]), target: Tensor.from([2], [0, 0.5]) }, { full: true, reduction: 'sum' }, true);
  assert.ok(Number.isNaN(grad['target']!.data[0]!));
  assert.equal(grad['target']!.data[1], -0.5);
});

test('poisson_nll_loss: rejects non-broadcasting shapes and the elementwise_mean alias', () => {
  const x = Tensor.from([2, 2], [1, 2, 3, 4]);
  assertRejects(spec, { input: x, target: Tensor.from([3], [1, 2, 3]) }, {}, 'target');
  assertRejects(spec, { input: x, target: x }, { reduction: 'elementwise_mean' }, 'reduction');
  assertRejects(spec, { input: x, target: x }, { log_input: 'yes' }, 'log_input');
  assert.equal(valueOf(spec, { input: x, target: x }, { size_average: false }).item(), valueOf(spec, { input: x, target: x }, { reduction: 'sum' }).item());
});
