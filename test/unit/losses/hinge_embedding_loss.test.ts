import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/hinge_embedding_loss';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, drawUntil } from './regression_margin_support';
import { assertMatchesTorch, close, ints, permuteRows, plusMinusOne, shuffled, sumOf } from './embedding_sequence_support';

test('hinge_embedding_loss: matches PyTorch 1.13 reference cases', () => {
  assert.ok(assertMatchesTorch(spec.id) >= 15);
});

test('hinge_embedding_loss: input gradient matches finite differences for every reduction and margin', () => {
  const rand = rng(5);
  const shapes: [number[], number[]][] = [[[3, 4], [3, 4]], [[3, 1], [4]], [[], []], [[5], [1]]];
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const margin of [1, 0.5, 2, -0.5]) {
      for (const [xs, ys] of shapes) {
        // Distances away from the margin, where the derivative of max(0, margin − x) jumps.
        const input = drawUntil(() => randomTensor(xs, rand, -1, 3), (x) => x.data.every((v) => Math.abs(margin - v) > 1e-3));
        checkGradients(spec, { input, target: plusMinusOne(ys, rand) }, { margin, reduction });
        checkGradients(spec, { input, target: Tensor.from(ys, Array.from({ length: ys.reduce((a, b) => a * b, 1) }, () => [0, 2, -1][Math.floor(rand() * 3)]!)) }, { margin, reduction });
      }
    }
  }
});

test('hinge_embedding_loss: similar pairs pay x, dissimilar pairs max(0, margin − x), other labels both', () => {
  fc.assert(
    fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -2, max: 3, noNaN: true }), (x, margin) => {
      const at = (y: number) => sumOf(spec, { input: Tensor.from([1], [x]), target: Tensor.from([1], [y]) }, { margin });
      return at(1) === x && at(-1) === Math.max(0, margin - x) && close(at(0), x + Math.max(0, margin - x));
    }),
  );
});

test('hinge_embedding_loss: reductions agree and batch order does not matter', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, seed) => {
      const rand = rng(seed);
      const input = randomTensor([n, 3], rand, 0, 2);
      const target = plusMinusOne([n, 3], rand);
      const sum = sumOf(spec, { input, target }, { reduction: 'sum' });
      const order = shuffled(n, rand);
      return (
        close(sumOf(spec, { input, target }, { reduction: 'none' }), sum) &&
        close(sumOf(spec, { input, target }), sum / (3 * n)) &&
        close(sumOf(spec, { input: permuteRows(input, order), target: permuteRows(target, order) }, { reduction: 'sum' }), sum)
      );
    }),
  );
});

test('hinge_embedding_loss: the target has no gradient; rejections like PyTorch', () => {
  const x = Tensor.from([3], [0.5, 1, 2]);
  const { grad } = spec.compute({ input: x, target: ints([3], [1, -1, -1]) }, {}, true);
  assert.deepEqual(Object.keys(grad), ['input']);
  assert.deepEqual([...grad['input']!.data], [1 / 3, -1 / 3, 0]); // x = margin still passes the gradient
  assertRejects(spec, { input: Tensor.zeros([3, 4]), target: Tensor.zeros([3, 5]) }, {}, 'target');
  assertRejects(spec, { input: x, target: x }, { reduction: 'avg' }, 'reduction');
  assertRejects(spec, { input: x, target: x }, { margin: 'wide' }, 'margin');
  assertRejects(spec, { input: x }, {}, 'target');
});
