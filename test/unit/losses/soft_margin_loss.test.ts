import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/soft_margin_loss';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, close, ints, permuteRows, referenceMismatch, scaled, torchReferenceCases, total, valueOf } from './regression_margin_support';

const plusMinusOne = (shape: number[], rand: () => number) =>
  Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() < 0.5 ? -1 : 1)));

test('soft_margin_loss: matches PyTorch 1.13 reference cases', () => {
  const cases = torchReferenceCases(spec.id);
  assert.ok(cases.length >= 10);
  for (const c of cases) assert.deepEqual(referenceMismatch(c), [], `${c.id} ${c.note}`);
});

test('soft_margin_loss: gradients (input and target) match finite differences', () => {
  const rand = rng(11);
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const [xs, ys] of [[[3, 4], [3, 4]], [[3, 4], [4]], [[], []], [[2, 3], [1, 3]]] as [number[], number[]][]) {
      checkGradients(spec, { input: randomTensor(xs, rand, -4, 4), target: plusMinusOne(ys, rand) }, { reduction });
      checkGradients(spec, { input: randomTensor(xs, rand, -4, 4), target: randomTensor(ys, rand, -1.5, 1.5) }, { reduction });
    }
  }
});

test('soft_margin_loss: equals log(1 + exp(−y·x)) and is finite for scores of ±1e4', () => {
  fc.assert(
    fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.constantFrom(-1, 1), (x, y) => {
      const v = valueOf(spec, { input: Tensor.from([1], [x]), target: Tensor.from([1], [y]) }).item();
      return close(v, Math.log1p(Math.exp(-y * x)), 1e-12);
    }),
  );
  const { value, grad } = spec.compute({ input: Tensor.from([2], [-1e4, 1e4]), target: Tensor.from([2], [1, 1]) }, { reduction: 'none' }, true);
  assert.deepEqual([...value.data], [1e4, 0]);
  assert.deepEqual([...grad['input']!.data].map((v) => v + 0), [-1, 0]);
  assert.deepEqual([...grad['target']!.data].map((v) => v + 0), [1e4, 0]);
});

test('soft_margin_loss: symmetric under (x, y) → (−x, −y); none sums to sum; mean = sum / n; batch permutation invariant', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, seed) => {
      const rand = rng(seed);
      const input = randomTensor([n, 3], rand, -5, 5);
      const target = plusMinusOne([n, 3], rand);
      const sum = valueOf(spec, { input, target }, { reduction: 'sum' }).item();
      const order = Array.from({ length: n }, (_, i) => (i + 1) % n);
      return (
        close(valueOf(spec, { input: scaled(input, -1), target: scaled(target, -1) }, { reduction: 'sum' }).item(), sum) &&
        close(total(valueOf(spec, { input, target }, { reduction: 'none' })), sum) &&
        close(valueOf(spec, { input, target }).item(), sum / (3 * n)) &&
        close(valueOf(spec, { input: permuteRows(input, order), target: permuteRows(target, order) }, { reduction: 'sum' }).item(), sum)
      );
    }),
  );
});

test('soft_margin_loss: integer ±1 targets work (no target gradient); rejections like PyTorch', () => {
  const x = Tensor.from([3], [0.5, -1, 2]);
  const { grad } = spec.compute({ input: x, target: ints([3], [1, -1, 1]) }, {}, true);
  assert.deepEqual(Object.keys(grad), ['input']);
  assertRejects(spec, { input: Tensor.zeros([4]), target: Tensor.zeros([3, 4]) }, {}, 'target');
  assertRejects(spec, { input: Tensor.zeros([3, 4]), target: Tensor.zeros([3, 5]) }, {}, 'target');
  assertRejects(spec, { input: Tensor.scalar(1), target: Tensor.zeros([1]) }, {}, 'target');
  assertRejects(spec, { input: ints([3], [1, 2, 3]), target: x }, {}, 'input');
  assertRejects(spec, { input: x, target: x }, { reduction: 'max' }, 'reduction');
  assertRejects(spec, { input: x, target: x, weight: x }, {}, 'weight');
});
