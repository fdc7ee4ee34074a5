import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/multi_margin_loss';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, randomTensor, rng } from '../fd';
import { assertRejects, close, drawUntil, ints, permuteRows, referenceMismatch, torchReferenceCases, total, valueOf } from './regression_margin_support';

const classIndices = (n: number, c: number, rand: () => number) => ints([n], Array.from({ length: n }, () => Math.floor(rand() * c)));

/** Scores whose hinge arguments margin − x[y] + x[i] stay 1e-3 away from the kink at 0. */
function scoresAwayFromKinks(n: number, c: number, margin: number, rand: () => number): Tensor {
  return drawUntil(
    () => randomTensor([n, c], rand, -2, 2),
    (x) => {
      for (let r = 0; r < n; r++)
        for (let a = 0; a < c; a++) for (let b = 0; b < c; b++) if (a !== b && Math.abs(margin - x.data[r * c + a]! + x.data[r * c + b]!) < 1e-3) return false;
      return true;
    },
  );
}

test('multi_margin_loss: matches PyTorch 1.13 reference cases', () => {
  const cases = torchReferenceCases(spec.id);
  assert.ok(cases.length >= 30);
  for (const c of cases) assert.deepEqual(referenceMismatch(c), [], `${c.id} ${c.note}`);
});

test('multi_margin_loss: hand-computed value and gradient, p = 1 and p = 2, with class weight', () => {
  // true class 1 (score 1): class 0: 1 − 1 + 0.5 = 0.5, class 2: 1 − 1 − 1 < 0
  const input = Tensor.from([1, 3], [0.5, 1, -1]);
  const target = ints([1], [1]);
  const weight = Tensor.from([3], [1, 4, 1]);
  const p1 = spec.compute({ input, target }, {}, true);
  assert.equal(p1.value.item(), 0.5 / 3);
  assert.deepEqual([...p1.grad['input']!.data], [1 / 3, -1 / 3, 0]);
  const p2 = spec.compute({ input, target, weight }, { p: 2 }, true);
  assert.equal(p2.value.item(), (4 * 0.25) / 3);
  assert.deepEqual([...p2.grad['input']!.data], [4 / 3, -4 / 3, 0]);
});

test('multi_margin_loss: gradients match finite differences for p, margin, weight and every reduction', () => {
  const rand = rng(41);
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const p of [1, 2]) {
      for (const margin of [1, 0.3, -0.2]) {
        const input = scoresAwayFromKinks(4, 5, margin, rand);
        checkGradients(spec, { input, target: classIndices(4, 5, rand) }, { reduction, p, margin });
        checkGradients(spec, { input, target: classIndices(4, 5, rand), weight: randomTensor([5], rand, 0.1, 2) }, { reduction, p, margin });
      }
      checkGradients(spec, { input: scoresAwayFromKinks(1, 5, 1, rand).reshape([5]), target: ints([], [3]) }, { reduction, p });
    }
  }
});

test('multi_margin_loss: invariant to shifting a row and to permuting classes with target and weight; reductions consistent', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
      fc.constantFrom(1, 2),
      fc.double({ min: -20, max: 20, noNaN: true }),
      (seed, perm, p, shift) => {
        const rand = rng(seed);
        const input = randomTensor([4, 4], rand, -2, 2);
        const target = classIndices(4, 4, rand);
        const weight = randomTensor([4], rand, 0.1, 2);
        const options = { p, reduction: 'sum' };
        const base = valueOf(spec, { input, target, weight }, options).item();
        // new class k is old class perm[k]; so old class j moves to position perm.indexOf(j)
        const cols = (t: Tensor) => Tensor.from(t.shape, Array.from(t.data, (_, i) => t.data[i - (i % 4) + perm[i % 4]!]!));
        const newTarget = ints([4], Array.from(target.data, (j) => perm.indexOf(j)));
        const permuted = valueOf(spec, { input: cols(input), target: newTarget, weight: cols(weight) }, options).item();
        const shifted = valueOf(spec, { input: Tensor.from([4, 4], input.data.map((v) => v + shift)), target, weight }, options).item();
        const none = valueOf(spec, { input, target, weight }, { p, reduction: 'none' });
        const order = [3, 1, 0, 2];
        const rows = valueOf(spec, { input: permuteRows(input, order), target: permuteRows(target, order), weight }, options).item();
        return (
          close(permuted, base, 1e-12) && close(shifted, base, 1e-9, 1e-9) && close(total(none), base) &&
          close(valueOf(spec, { input, target, weight }, { p }).item(), base / 4) && close(rows, base)
        );
      },
    ),
  );
});

test("multi_margin_loss: unbatched (C) input: 0-d target gives a 0-d 'none' value, a (1) target gives shape (1)", () => {
  const x = Tensor.from([3], [0.2, 0.9, 0.1]);
  assert.deepEqual([...valueOf(spec, { input: x, target: ints([], [0]) }, { reduction: 'none' }).shape], []);
  assert.deepEqual([...valueOf(spec, { input: x, target: ints([1], [0]) }, { reduction: 'none' }).shape], [1]);
  assert.ok(close(valueOf(spec, { input: x, target: ints([], [0]) }).item(), (1.7 + 0.9) / 3));
});

test('multi_margin_loss: rejects what PyTorch rejects', () => {
  const x = Tensor.zeros([3, 4]);
  const t = ints([3], [0, 1, 2]);
  for (const p of [0, 3, 1.5]) assertRejects(spec, { input: x, target: t }, { p }, 'p');
  assertRejects(spec, { input: x, target: ints([3], [0, 1, 4]) }, {}, 'target');
  assertRejects(spec, { input: x, target: ints([3], [0, 1, -1]) }, {}, 'target');
  assertRejects(spec, { input: x, target: Tensor.from([3], [0, 1, 2]) }, {}, 'target');
  assertRejects(spec, { input: x, target: ints([2], [0, 1]) }, {}, 'target');
  assertRejects(spec, { input: x, target: ints([3, 1], [0, 1, 2]) }, {}, 'target');
  assertRejects(spec, { input: x, target: t, weight: Tensor.zeros([1, 4]) }, {}, 'weight');
  assertRejects(spec, { input: x, target: t, weight: ints([4], [1, 1, 1, 1]) }, {}, 'weight');
  assertRejects(spec, { input: x, target: t, weight: Tensor.zeros([2]) }, {}, 'weight');
  assertRejects(spec, { input: Tensor.zeros([2, 3, 4]), target: ints([2], [0, 0]) }, {}, 'input');
  assertRejects(spec, { input: ints([3, 4], Array<number>(12).fill(0)), target: t }, {}, 'input');
  assertRejects(spec, { input: x, target: t }, { reduction: 'x' }, 'reduction');
});

test('multi_margin_loss: option explanations', () => {
  const margin = spec.options.find((o) => o.name === 'margin')!;
  assert.match(margin.explain!(0.5), /at least 0\.5 above every other class/);
  assert.match(spec.options.find((o) => o.name === 'p')!.explain!(3), /not supported/);
});
