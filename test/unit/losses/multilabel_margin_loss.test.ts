import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/multilabel_margin_loss';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, close, drawUntil, ints, permuteRows, referenceMismatch, torchReferenceCases, total, valueOf } from './regression_margin_support';

/** −1-terminated label lists: a random subset of the classes of each row, then −1 padding. */
function labelLists(n: number, c: number, rand: () => number): Tensor {
  const out: number[] = [];
  for (let r = 0; r < n; r++) {
    const labels = Array.from({ length: c }, (_, i) => i).filter(() => rand() < 0.4);
    out.push(...labels, ...Array<number>(c - labels.length).fill(-1));
  }
  return ints([n, c], out);
}

/** Scores whose hinge arguments 1 − x[y] + x[i] all stay 1e-3 away from the kink at 0. */
function scoresAwayFromKinks(shape: number[], rand: () => number): Tensor {
  return drawUntil(
    () => randomTensor(shape, rand, -2, 2),
    (x) => {
      const c = shape[shape.length - 1] ?? 1;
      for (let r = 0; r < x.size / c; r++)
        for (let a = 0; a < c; a++) for (let b = 0; b < c; b++) if (Math.abs(1 - x.data[r * c + a]! + x.data[r * c + b]!) < 1e-3) return false;
      return true;
    },
  );
}

test('multilabel_margin_loss: matches PyTorch 1.13 reference cases', () => {
  const cases = torchReferenceCases(spec.id);
  assert.ok(cases.length >= 20);
  for (const c of cases) assert.deepEqual(referenceMismatch(c), [], `${c.id} ${c.note}`);
});

test('multilabel_margin_loss: hand-computed value and gradient', () => {
  // labels {2, 0}: pairs (2,1): 1 − 0.8 + 0.1 = 0.3, (2,3): 1 − 0.8 + 0.2 = 0.4, (0,1): 1 − 0.5 + 0.1 = 0.6, (0,3): 0.7
  const input = Tensor.from([4], [0.5, 0.1, 0.8, 0.2]);
  const { value, grad } = spec.compute({ input, target: ints([4], [2, 0, -1, 1]) }, {}, true);
  assert.ok(close(value.item(), (0.3 + 0.4 + 0.6 + 0.7) / 4));
  assert.deepEqual([...grad['input']!.data], [-0.5, 0.5, -0.5, 0.5]);
});

test('multilabel_margin_loss: gradients match finite differences (batched, unbatched, every reduction)', () => {
  const rand = rng(31);
  for (const reduction of ['none', 'mean', 'sum']) {
    checkGradients(spec, { input: scoresAwayFromKinks([4, 5], rand), target: labelLists(4, 5, rand) }, { reduction });
    checkGradients(spec, { input: scoresAwayFromKinks([6], rand), target: ints([6], [5, 0, 3, -1, 2, 2]) }, { reduction });
  }
});

test('multilabel_margin_loss: shift invariant per row, gradient rows sum to zero, reductions and batch order consistent', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: -50, max: 50, noNaN: true }), (n, c, seed, shift) => {
      const rand = rng(seed);
      const input = randomTensor([n, c], rand, -2, 2);
      const target = labelLists(n, c, rand);
      const { value, grad } = spec.compute({ input, target }, { reduction: 'none' }, true);
      const shifted = valueOf(spec, { input: Tensor.from([n, c], input.data.map((v) => v + shift)), target }, { reduction: 'none' });
      const rowsSumToZero = Array.from({ length: n }, (_, r) => grad['input']!.data.subarray(r * c, (r + 1) * c).reduce((a, b) => a + b, 0)).every((s) => Math.abs(s) < 1e-12);
      const order = Array.from({ length: n }, (_, i) => n - 1 - i);
      const sum = valueOf(spec, { input, target }, { reduction: 'sum' }).item();
      return (
        value.data.every((v, i) => close(v, shifted.data[i]!, 1e-9, 1e-9)) &&
        rowsSumToZero &&
        close(total(value), sum) &&
        close(valueOf(spec, { input, target }).item(), sum / n) &&
        close(valueOf(spec, { input: permuteRows(input, order), target: permuteRows(target, order) }, { reduction: 'sum' }).item(), sum)
      );
    }),
  );
});

test("multilabel_margin_loss: 'none' gives (N) for batched input and a 0-d value for one sample", () => {
  const rand = rng(5);
  assert.deepEqual([...valueOf(spec, { input: randomTensor([3, 4], rand), target: labelLists(3, 4, rand) }, { reduction: 'none' }).shape], [3]);
  assert.deepEqual([...valueOf(spec, { input: randomTensor([4], rand), target: ints([4], [1, -1, 0, 0]) }, { reduction: 'none' }).shape], []);
});

test('multilabel_margin_loss: rejects what PyTorch rejects', () => {
  const x = Tensor.zeros([3, 4]);
  const row = [1, 2, -1, 0];
  assertRejects(spec, { input: x, target: ints([3, 4], [...row, ...row, 1, 4, -1, 0]) }, {}, 'target');
  assertRejects(spec, { input: x, target: ints([3, 4], [...row, ...row, 1, 2, -1, -2]) }, {}, 'target');
  assertRejects(spec, { input: x, target: ints([3, 4], [...row, ...row, 1, -1, 9, 0]) }, {}, 'target');
  assertRejects(spec, { input: x, target: Tensor.from([3, 4], [...row, ...row, ...row]) }, {}, 'target');
  assertRejects(spec, { input: x, target: ints([3, 3], [1, 2, -1, 1, 2, -1, 1, 2, -1]) }, {}, 'target');
  assertRejects(spec, { input: x, target: ints([4], row) }, {}, 'target');
  assertRejects(spec, { input: Tensor.zeros([2, 3, 4]), target: ints([2, 3, 4], Array<number>(24).fill(0)) }, {}, 'input');
  assertRejects(spec, { input: Tensor.zeros([3, 0]), target: ints([3, 0], []) }, {}, 'input');
  assertRejects(spec, { input: ints([3, 4], Array<number>(12).fill(0)), target: ints([3, 4], Array<number>(12).fill(0)) }, {}, 'input');
  assertRejects(spec, { input: x, target: ints([3, 4], [...row, ...row, ...row]) }, { reduction: 'x' }, 'reduction');
});
