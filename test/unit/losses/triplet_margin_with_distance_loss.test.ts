import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Options } from '../../../src/engine/catalog/types';
import { spec } from '../../../src/engine/losses/triplet_margin_with_distance_loss';
import { spec as tripletMargin } from '../../../src/engine/losses/triplet_margin_loss';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, drawUntil } from './regression_margin_support';
import { assertMatchesTorch, close, mapValues, permuteRows, shuffled, sumOf } from './embedding_sequence_support';

test('triplet_margin_with_distance_loss: matches PyTorch 1.13 reference cases (default and cosine distance)', () => {
  assert.ok(assertMatchesTorch(spec.id) >= 15);
});

type Triplet = { anchor: Tensor; positive: Tensor; negative: Tensor };

/** Away from the hinge and, with swap, from ties of d(a, n) and d(p, n) (the swap changes the
 *  loss by more than the margin shift only where the tie would matter). */
function smooth(args: Triplet, options: Options): boolean {
  const m = typeof options['margin'] === 'number' ? options['margin'] : 1;
  const at = (o: Options) => spec.compute(args, { ...options, ...o, reduction: 'none' }, false).value.data;
  const up = at({ margin: m + 1e-3 });
  const down = at({ margin: m - 1e-3 });
  if (!up.every((u, i) => { const d = u - down[i]!; return d === 0 || Math.abs(d - 2e-3) < 1e-12; })) return false;
  if (options['swap'] !== true) return true;
  const dn = spec.compute({ anchor: args.anchor, positive: args.anchor, negative: args.negative }, { ...options, swap: false, margin: 10, reduction: 'none' }, false).value.data;
  const ds = spec.compute({ anchor: args.positive, positive: args.positive, negative: args.negative }, { ...options, swap: false, margin: 10, reduction: 'none' }, false).value.data;
  return dn.every((v, i) => Math.abs(v - ds[i]!) > 1e-3);
}

test('triplet_margin_with_distance_loss: gradients match finite differences for both distances, swap and every reduction', () => {
  const rand = rng(17);
  const layouts: [number[], number[], number[]][] = [[[5, 4], [5, 4], [5, 4]], [[6], [6], [6]], [[4, 3], [1, 3], [4, 3]]];
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const distance_function of ['pairwise_distance', 'cosine']) {
      for (const swap of [false, true]) {
        for (const [sa, sp, sn] of layouts) {
          const options: Options = { distance_function, swap, reduction, margin: distance_function === 'cosine' ? 0.8 : 1.5 };
          const args = drawUntil(() => ({ anchor: randomTensor(sa, rand), positive: randomTensor(sp, rand), negative: randomTensor(sn, rand) }), (a) => smooth(a, options));
          checkGradients(spec, args, options);
        }
      }
    }
  }
});

test('triplet_margin_with_distance_loss: the default distance gives triplet_margin_loss (p = 2, eps = 1e-6)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), fc.double({ min: 0.1, max: 3, noNaN: true }), (n, seed, swap, margin) => {
      const rand = rng(seed);
      const t = { anchor: randomTensor([n, 4], rand), positive: randomTensor([n, 4], rand), negative: randomTensor([n, 4], rand) };
      return close(sumOf(spec, t, { swap, margin, reduction: 'sum' }), sumOf(tripletMargin, t, { swap, margin, reduction: 'sum' }), 1e-12, 1e-12);
    }),
  );
});

test('triplet_margin_with_distance_loss: cosine distance ignores the scale of each embedding; batch order and reductions', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: 0.1, max: 20, noNaN: true }), (n, seed, k) => {
      const rand = rng(seed);
      const t = { anchor: randomTensor([n, 3], rand), positive: randomTensor([n, 3], rand), negative: randomTensor([n, 3], rand) };
      const options: Options = { distance_function: 'cosine', margin: 0.5, reduction: 'sum' };
      const sum = sumOf(spec, t, options);
      const order = shuffled(n, rand);
      return (
        close(sumOf(spec, { ...t, negative: mapValues(t.negative, (v) => k * v) }, options), sum, 1e-9, 1e-9) &&
        close(sumOf(spec, { ...t, anchor: mapValues(t.anchor, (v) => k * v) }, options), sum, 1e-9, 1e-9) &&
        close(sumOf(spec, { anchor: permuteRows(t.anchor, order), positive: permuteRows(t.positive, order), negative: permuteRows(t.negative, order) }, options), sum) &&
        close(sumOf(spec, t, { ...options, reduction: 'none' }), sum) &&
        close(sumOf(spec, t, { ...options, reduction: 'mean' }), sum / n)
      );
    }),
  );
});

test('triplet_margin_with_distance_loss: rejects what PyTorch rejects, and unknown distance names', () => {
  const x = randomTensor([4, 5], rng(4));
  assertRejects(spec, { anchor: x, positive: Tensor.zeros([4, 6]), negative: x }, {}, 'positive');
  assertRejects(spec, { anchor: x, positive: x, negative: Tensor.zeros([3, 5]) }, {}, 'negative');
  assertRejects(spec, { anchor: x, positive: x, negative: x }, { reduction: 'bad' }, 'reduction');
  assertRejects(spec, { anchor: x, positive: x, negative: x }, { distance_function: 'manhattan' }, 'distance_function');
  assertRejects(spec, { anchor: x, positive: x, negative: x }, { distance_function: 'toString' }, 'distance_function');
  assertRejects(spec, { anchor: x, positive: x, negative: x }, { p: 1 }, 'p');
  // PyTorch 1.13's functional checks neither the margin nor the number of dimensions.
  assert.equal(spec.compute({ anchor: x, positive: x, negative: x }, { margin: 0 }, false).value.item(), 0);
  assert.equal(spec.compute({ anchor: x, positive: Tensor.zeros([5]), negative: x }, { reduction: 'none' }, false).value.shape[0], 4);
});
