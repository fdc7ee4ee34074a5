import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/cosine_embedding_loss';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, drawUntil } from './regression_margin_support';
import { assertMatchesTorch, close, mapValues, permuteRows, plusMinusOne, shuffled, sumOf } from './embedding_sequence_support';

test('cosine_embedding_loss: matches PyTorch 1.13 reference cases', () => {
  assert.ok(assertMatchesTorch(spec.id) >= 20);
});

/** No dissimilar pair within 1e-3 of the margin, where max(0, cos − margin) has its kink. */
function awayFromMargin(args: Record<string, Tensor>, margin: number, delta = 1e-3): boolean {
  const up = spec.compute(args, { margin: margin + delta, reduction: 'none' }, false).value.data;
  const down = spec.compute(args, { margin: margin - delta, reduction: 'none' }, false).value.data;
  return up.every((u, i) => { const d = down[i]! - u; return d === 0 || Math.abs(d - 2 * delta) < 1e-12; });
}

test('cosine_embedding_loss: gradients for input1 and input2 match finite differences', () => {
  const rand = rng(8);
  const layouts: [number[], number[], number[]][] = [[[5, 4], [5, 4], [5]], [[4, 3], [1, 3], [4]], [[4, 3], [4, 1], [4]], [[6], [6], []], [[4, 3], [4, 3], [1]]];
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const margin of [0, 0.5, -0.5]) {
      for (const [s1, s2, st] of layouts) {
        const args = drawUntil(
          () => ({ input1: randomTensor(s1, rand), input2: randomTensor(s2, rand), target: plusMinusOne(st, rand) }),
          (a) => awayFromMargin(a, margin),
        );
        checkGradients(spec, args, { margin, reduction });
      }
    }
  }
});

test('cosine_embedding_loss: invariant to positive rescaling of either embedding and to batch order; reductions agree', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: 0.1, max: 50, noNaN: true }), (n, seed, k) => {
      const rand = rng(seed);
      const input1 = randomTensor([n, 4], rand);
      const input2 = randomTensor([n, 4], rand);
      const target = plusMinusOne([n], rand);
      const margin = rand() - 0.5;
      const sum = sumOf(spec, { input1, input2, target }, { margin, reduction: 'sum' });
      const order = shuffled(n, rand);
      return (
        close(sumOf(spec, { input1: mapValues(input1, (v) => k * v), input2, target }, { margin, reduction: 'sum' }), sum, 1e-9, 1e-9) &&
        close(sumOf(spec, { input1, input2: mapValues(input2, (v) => k * v), target }, { margin, reduction: 'sum' }), sum, 1e-9, 1e-9) &&
        close(sumOf(spec, { input1: permuteRows(input1, order), input2: permuteRows(input2, order), target: permuteRows(target, order) }, { margin, reduction: 'sum' }), sum) &&
        close(sumOf(spec, { input1, input2, target }, { margin, reduction: 'none' }), sum) &&
        close(sumOf(spec, { input1, input2, target }, { margin }), sum / n)
      );
    }),
  );
});

test('cosine_embedding_loss: similar pairs cost 1 − cos, identical directions cost 0, opposite dissimilar pairs cost 0', () => {
  const a = Tensor.from([1, 3], [1, 2, 2]);
  const b = Tensor.from([1, 3], [2, 4, 4]);
  assert.ok(Math.abs(sumOf(spec, { input1: a, input2: b, target: Tensor.from([1], [1]) })) < 1e-12);
  assert.ok(close(sumOf(spec, { input1: a, input2: mapValues(b, (v) => -v), target: Tensor.from([1], [1]) }), 2));
  assert.equal(sumOf(spec, { input1: a, input2: mapValues(b, (v) => -v), target: Tensor.from([1], [-1]) }), 0);
  const orth = sumOf(spec, { input1: Tensor.from([1, 2], [1, 0]), input2: Tensor.from([1, 2], [0, 3]), target: Tensor.from([1], [1]) });
  assert.equal(orth, 1);
});

test('cosine_embedding_loss: rejects what PyTorch rejects', () => {
  const x = randomTensor([4, 5], rng(1));
  const t = Tensor.from([4], [1, -1, 1, -1]);
  assertRejects(spec, { input1: x, input2: x, target: Tensor.zeros([4, 1]) }, {}, 'target');
  assertRejects(spec, { input1: Tensor.zeros([5]), input2: Tensor.zeros([5]), target: Tensor.zeros([1]) }, {}, 'input1');
  assertRejects(spec, { input1: x, input2: x, target: Tensor.scalar(1) }, {}, 'input1');
  assertRejects(spec, { input1: x, input2: Tensor.zeros([4, 6]), target: t }, {}, 'input2');
  assertRejects(spec, { input1: x, input2: Tensor.zeros([5]), target: t }, {}, 'input2');
  assertRejects(spec, { input1: x, input2: x, target: Tensor.zeros([3]) }, {}, 'target');
  assertRejects(spec, { input1: x, input2: x, target: t }, { reduction: 'bogus' }, 'reduction');
});
