import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/multilabel_soft_margin_loss';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, close, ints, permuteRows, referenceMismatch, torchReferenceCases, total, valueOf } from './regression_margin_support';

const multiHot = (shape: number[], rand: () => number) =>
  Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() < 0.4 ? 1 : 0)));

/** Reference: mean over classes of w·[t·log(1+e^−x) + (1−t)·log(1+e^x)], for moderate x. */
function direct(x: Tensor, t: Tensor, w: number[] | null): number[] {
  const c = x.shape[x.ndim - 1]!;
  const rows = x.size / c;
  return Array.from({ length: rows }, (_, r) => {
    let s = 0;
    for (let k = 0; k < c; k++) {
      const xi = x.data[r * c + k]!;
      const ti = t.data[r * c + k]!;
      s += (w ? w[k]! : 1) * (ti * Math.log1p(Math.exp(-xi)) + (1 - ti) * Math.log1p(Math.exp(xi)));
    }
    return s / c;
  });
}

test('multilabel_soft_margin_loss: matches PyTorch 1.13 reference cases', () => {
  const cases = torchReferenceCases(spec.id);
  assert.ok(cases.length >= 20);
  for (const c of cases) assert.deepEqual(referenceMismatch(c), [], `${c.id} ${c.note}`);
});

test('multilabel_soft_margin_loss: gradients for input, target and weight match finite differences', () => {
  const rand = rng(21);
  const layouts: [number[], number[], number[] | null][] = [
    [[3, 4], [3, 4], null],
    [[3, 4], [3, 4], [4]],
    [[5], [5], [5]],
    [[2, 3, 4], [2, 3, 4], [3, 1]],
    [[4], [3, 4], null],
    [[3, 4], [3, 4], [2, 3, 4]],
  ];
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const [xs, ts, ws] of layouts) {
      const args: Record<string, Tensor> = { input: randomTensor(xs, rand, -4, 4), target: randomTensor(ts, rand, 0, 1) };
      if (ws) args['weight'] = randomTensor(ws, rand, 0.1, 2);
      checkGradients(spec, args, { reduction });
    }
  }
});

test('multilabel_soft_margin_loss: equals the per-class sigmoid cross-entropy averaged over classes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, c, seed) => {
      const rand = rng(seed);
      const input = randomTensor([n, c], rand, -8, 8);
      const target = multiHot([n, c], rand);
      const weight = Array.from({ length: c }, () => 0.1 + rand());
      const none = valueOf(spec, { input, target, weight: Tensor.from([c], weight) }, { reduction: 'none' });
      const want = direct(input, target, weight);
      const sum = valueOf(spec, { input, target, weight: Tensor.from([c], weight) }, { reduction: 'sum' }).item();
      const mean = valueOf(spec, { input, target, weight: Tensor.from([c], weight) }).item();
      return want.every((w, i) => close(none.data[i]!, w, 1e-12)) && close(total(none), sum) && close(mean, sum / n);
    }),
  );
});

test('multilabel_soft_margin_loss: invariant under permuting classes (with their weights) and permuting the batch', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (seed, order) => {
      const rand = rng(seed);
      const input = randomTensor([4, 4], rand, -5, 5);
      const target = multiHot([4, 4], rand);
      const weight = randomTensor([4], rand, 0.1, 2);
      const base = valueOf(spec, { input, target, weight }).item();
      const cols = (t: Tensor) => Tensor.from(t.shape, Array.from(t.data, (_, i) => t.data[i - (i % 4) + order[i % 4]!]!));
      const classPermuted = valueOf(spec, { input: cols(input), target: cols(target), weight: cols(weight) }).item();
      const rowPermuted = valueOf(spec, { input: permuteRows(input, order), target: permuteRows(target, order), weight }).item();
      return close(classPermuted, base) && close(rowPermuted, base);
    }),
  );
});

test('multilabel_soft_margin_loss: finite for logits of ±1e4', () => {
  const input = Tensor.from([1, 4], [1e4, -1e4, 1e4, -1e4]);
  const target = Tensor.from([1, 4], [0, 1, 1, 0]);
  const { value, grad } = spec.compute({ input, target }, { reduction: 'sum' }, true);
  assert.equal(value.item(), 2e4 / 4);
  assert.deepEqual([...grad['input']!.data], [0.25, -0.25, 0, 0]);
  assert.deepEqual([...grad['target']!.data], [-2500, 2500, -2500, 2500]);
});

test('multilabel_soft_margin_loss: rejects what PyTorch rejects', () => {
  const x = Tensor.zeros([3, 4]);
  assertRejects(spec, { input: Tensor.scalar(0.3), target: Tensor.scalar(1) }, {}, 'input');
  assertRejects(spec, { input: x, target: Tensor.zeros([3, 5]) }, {}, 'target');
  assertRejects(spec, { input: x, target: x, weight: Tensor.zeros([3]) }, {}, 'weight');
  assertRejects(spec, { input: x, target: x }, { reduction: 'foo' }, 'reduction');
  assertRejects(spec, { input: ints([2], [0, 1]), target: ints([2], [0, 1]) }, {}, 'input');
});
