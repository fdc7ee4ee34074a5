import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Options } from '../../../src/engine/catalog/types';
import { spec } from '../../../src/engine/losses/triplet_margin_loss';
import { spec as marginRanking } from '../../../src/engine/losses/margin_ranking_loss';
import { pNorm, pairwiseDistance } from '../../../src/engine/kernels/distance';
import { Tensor, broadcastShapes, expandTo } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, drawUntil } from './regression_margin_support';
import { assertMatchesTorch, close, mapValues, permuteRows, shuffled, sumOf } from './embedding_sequence_support';

test('triplet_margin_loss: matches PyTorch 1.13 reference cases', () => {
  assert.ok(assertMatchesTorch(spec.id) >= 40);
});

type Triplet = { anchor: Tensor; positive: Tensor; negative: Tensor };

/** Away from the hinge (|pre-clamp value| > 1e-3) and, with swap, from ties of the two negative distances. */
function smooth(args: Triplet, options: Options): boolean {
  const at = (m: number) => spec.compute(args, { ...options, margin: m, reduction: 'none' }, false).value.data;
  const m = typeof options['margin'] === 'number' ? options['margin'] : 1;
  const up = at(m + 1e-3);
  const down = at(m - 1e-3);
  if (!up.every((u, i) => { const d = u - down[i]!; return d === 0 || Math.abs(d - 2e-3) < 1e-12; })) return false;
  if (options['swap'] !== true) return true;
  const distance = pairwiseDistance(options['p'] === 'inf' ? Infinity : Number(options['p']), Number(options['eps']));
  const dn = distance(spec.id, ['anchor', 'negative'], args.anchor, args.negative).value;
  const ds = distance(spec.id, ['positive', 'negative'], args.positive, args.negative).value;
  const shape = broadcastShapes(dn.shape, ds.shape)!;
  const b = expandTo(ds, shape).data;
  return expandTo(dn, shape).data.every((v, i) => Math.abs(v - b[i]!) > 1e-3);
}

test('triplet_margin_loss: gradients match finite differences for every p, eps, swap, margin and reduction', () => {
  const rand = rng(13);
  const layouts: [number[], number[], number[]][] = [[[5, 4], [5, 4], [5, 4]], [[6], [6], [6]], [[4, 3], [1, 3], [4, 1]], [[2, 2, 3], [2, 2, 3], [2, 2, 3]]];
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const p of [2, 1, 3, 1.5, 'inf']) {
      for (const swap of [false, true]) {
        for (const [sa, sp, sn] of layouts) {
          const options: Options = { p, swap, reduction, margin: [1.5, 0.3, -0.2][Math.floor(rand() * 3)]!, eps: p === 2 ? 1e-6 : 0.05 };
          const args = drawUntil(() => ({ anchor: randomTensor(sa, rand), positive: randomTensor(sp, rand), negative: randomTensor(sn, rand) }), (a) => smooth(a, options));
          checkGradients(spec, args, options);
        }
      }
    }
  }
});

test('triplet_margin_loss: with eps = 0, a common translation of anchor, positive and negative changes nothing', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(1, 2, 3, Infinity), fc.boolean(), (n, seed, p, swap) => {
      const rand = rng(seed);
      const t = { anchor: randomTensor([n, 3], rand), positive: randomTensor([n, 3], rand), negative: randomTensor([n, 3], rand) };
      const shift = [rand() * 4 - 2, rand() * 4 - 2, rand() * 4 - 2];
      const moved = (x: Tensor) => mapValues(x, (v, i) => v + shift[i % 3]!);
      const options: Options = { eps: 0, p: p === Infinity ? 'inf' : p, swap, margin: 1, reduction: 'sum' };
      return close(sumOf(spec, { anchor: moved(t.anchor), positive: moved(t.positive), negative: moved(t.negative) }, options), sumOf(spec, t, options), 1e-9, 1e-9);
    }),
  );
});

test('triplet_margin_loss: batch order does not matter, reductions agree, and it is margin_ranking_loss of the two distances', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: -1, max: 3, noNaN: true }), (n, seed, margin) => {
      const rand = rng(seed);
      const t = { anchor: randomTensor([n, 4], rand), positive: randomTensor([n, 4], rand), negative: randomTensor([n, 4], rand) };
      const sum = sumOf(spec, t, { margin, reduction: 'sum' });
      const order = shuffled(n, rand);
      const dist = (x: Tensor, y: Tensor) => {
        const diff = x.data.map((v, i) => v - y.data[i]! + 1e-6);
        return Tensor.from([n], Array.from({ length: n }, (_, r) => pNorm(diff, r * 4, 4, 2)));
      };
      const ranking = sumOf(marginRanking, { input1: dist(t.anchor, t.negative), input2: dist(t.anchor, t.positive), target: Tensor.full([n], 1) }, { margin, reduction: 'sum' });
      return (
        close(sumOf(spec, { anchor: permuteRows(t.anchor, order), positive: permuteRows(t.positive, order), negative: permuteRows(t.negative, order) }, { margin, reduction: 'sum' }), sum) &&
        close(sumOf(spec, t, { margin, reduction: 'none' }), sum) &&
        close(sumOf(spec, t, { margin }), sum / n) &&
        close(ranking, sum)
      );
    }),
  );
});

test('triplet_margin_loss: with swap, a tie between d(a, n) and d(p, n) splits the gradient in half', () => {
  const a = Tensor.from([1, 2], [0, 0]);
  const { grad } = spec.compute({ anchor: a, positive: a, negative: Tensor.from([1, 2], [1, 0]) }, { swap: true, eps: 0 }, true);
  assert.deepEqual([...grad['anchor']!.data].map((v) => v + 0), [0.5, 0]);
  assert.deepEqual([...grad['positive']!.data].map((v) => v + 0), [0.5, 0]);
  assert.deepEqual([...grad['negative']!.data].map((v) => v + 0), [-1, 0]);
});

test('triplet_margin_loss: rejects what PyTorch rejects', () => {
  const x = randomTensor([4, 5], rng(2));
  assertRejects(spec, { anchor: x, positive: Tensor.zeros([5]), negative: x }, {}, 'positive');
  assertRejects(spec, { anchor: x, positive: x, negative: Tensor.zeros([5]) }, {}, 'negative');
  assertRejects(spec, { anchor: x, positive: x, negative: Tensor.zeros([4, 6]) }, {}, 'negative');
  assertRejects(spec, { anchor: x, positive: Tensor.zeros([3, 5]), negative: x }, {}, 'positive');
  assertRejects(spec, { anchor: x, positive: x, negative: x }, { reduction: 'nope' }, 'reduction');
  assertRejects(spec, { anchor: x, positive: x, negative: x }, { swap: 'yes' }, 'swap');
  assertRejects(spec, { anchor: x, positive: x }, {}, 'negative');
});
