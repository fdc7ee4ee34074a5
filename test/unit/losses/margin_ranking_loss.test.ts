import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/margin_ranking_loss';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, drawUntil } from './regression_margin_support';
import { assertMatchesTorch, close, mapValues, permuteRows, plusMinusOne, shuffled, sumOf } from './embedding_sequence_support';

test('margin_ranking_loss: matches PyTorch 1.13 reference cases', () => {
  assert.ok(assertMatchesTorch(spec.id) >= 15);
});

test('margin_ranking_loss: gradients for input1, input2 and target match finite differences', () => {
  const rand = rng(21);
  const shapes: [number[], number[], number[]][] = [[[6], [6], [6]], [[3, 1], [1, 4], [3, 4]], [[], [], []], [[2, 3], [2, 3], [1, 3]]];
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const margin of [0, 0.5, -0.3]) {
      for (const [s1, s2, st] of shapes) {
        for (const realTarget of [false, true]) {
          // Keep every pair away from the kink of the hinge, where the derivative jumps.
          const args = drawUntil(
            () => ({ input1: randomTensor(s1, rand), input2: randomTensor(s2, rand), target: realTarget ? randomTensor(st, rand, -1.5, 1.5) : plusMinusOne(st, rand) }),
            (a) => awayFromHinge(a, margin),
          );
          checkGradients(spec, args, { margin, reduction });
        }
      }
    }
  }
});

/** No pair within 1e-3 of the hinge: moving the margin by ±δ changes each loss by 0 or 2δ. */
function awayFromHinge(args: Record<string, Tensor>, margin: number, delta = 1e-3): boolean {
  const up = spec.compute(args, { margin: margin + delta, reduction: 'none' }, false).value.data;
  const down = spec.compute(args, { margin: margin - delta, reduction: 'none' }, false).value.data;
  return up.every((u, i) => { const d = u - down[i]!; return d === 0 || Math.abs(d - 2 * delta) < 1e-12; });
}

test('margin_ranking_loss: pairs on the hinge pass the gradient, as clamp_min does in PyTorch', () => {
  const { value, grad } = spec.compute(
    { input1: Tensor.from([2], [1, 1]), input2: Tensor.from([2], [1, 0]), target: Tensor.from([2], [1, -1]) },
    { reduction: 'none', margin: 0 },
    true,
  );
  assert.deepEqual([...value.data], [0, 1]);
  assert.deepEqual([...grad['input1']!.data], [-1, 1]);
  assert.deepEqual([...grad['input2']!.data], [1, -1]);
});

test('margin_ranking_loss: reductions agree, swapping the pair and the label changes nothing, batch order and common shifts do not matter', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: -1, max: 1, noNaN: true }), (n, seed, margin) => {
      const rand = rng(seed);
      const input1 = randomTensor([n], rand);
      const input2 = randomTensor([n], rand);
      const target = plusMinusOne([n], rand);
      const sum = sumOf(spec, { input1, input2, target }, { margin, reduction: 'sum' });
      const order = shuffled(n, rand);
      const shift = 3 * rand() - 1.5;
      return (
        close(sumOf(spec, { input1, input2, target }, { margin, reduction: 'none' }), sum) &&
        close(sumOf(spec, { input1, input2, target }, { margin }), sum / n) &&
        close(sumOf(spec, { input1: input2, input2: input1, target: mapValues(target, (v) => -v) }, { margin, reduction: 'sum' }), sum) &&
        close(sumOf(spec, { input1: permuteRows(input1, order), input2: permuteRows(input2, order), target: permuteRows(target, order) }, { margin, reduction: 'sum' }), sum) &&
        close(sumOf(spec, { input1: mapValues(input1, (v) => v + shift), input2: mapValues(input2, (v) => v + shift), target }, { margin, reduction: 'sum' }), sum, 1e-9, 1e-12)
      );
    }),
  );
});

test('margin_ranking_loss: rejects what PyTorch rejects', () => {
  const x = Tensor.from([3], [0.5, -1, 2]);
  assertRejects(spec, { input1: x, input2: x, target: Tensor.zeros([3, 1]) }, {}, 'target');
  assertRejects(spec, { input1: x, input2: Tensor.zeros([1, 3]), target: x }, {}, 'input2');
  assertRejects(spec, { input1: x, input2: Tensor.zeros([4]), target: x }, {}, 'input2');
  assertRejects(spec, { input1: x, input2: x, target: Tensor.zeros([2]) }, {}, 'target');
  assertRejects(spec, { input1: x, input2: x, target: x }, { reduction: 'max' }, 'reduction');
  assertRejects(spec, { input1: x, input2: x, target: x }, { p: 2 }, 'p');
  assertRejects(spec, { input1: x, input2: x }, {}, 'target');
});

test('margin_ranking_loss: catalog entry is complete', () => {
  assert.equal(spec.family, 'ranking');
  assert.ok(spec.spellings.some((s) => s.name === 'torch.nn.MarginRankingLoss'));
  assert.equal(spec.options.find((o) => o.name === 'margin')?.default, 0);
  assert.ok(spec.pitfalls.some((p) => p.id === 'naive-loss-combination'));
});
