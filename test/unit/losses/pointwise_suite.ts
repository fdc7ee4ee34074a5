/** Tests every elementwise regression loss (l1, mse, huber, smooth_l1) must pass: PyTorch
 *  reference cases, finite-difference gradients with broadcasting, rejections, reduction
 *  consistency and batch-permutation invariance. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LossSpec, Options } from '../../../src/engine/catalog/types';
import { Tensor } from '../../../src/engine/tensor';
import { checkGradients, rng } from '../fd';
import {
  assertRejects, close, drawUntil, permuteRows, referenceMismatch, torchReferenceCases, total, valueOf,
} from './regression_margin_support';

export interface PointwiseSuite {
  spec: LossSpec;
  /** Option sets to check (reduction is added on top). */
  optionSets: Options[];
  /** Errors d = x − y at which the loss has a kink, for these options. */
  kinks: (options: Options) => number[];
}

const REDUCTIONS = ['none', 'mean', 'sum'] as const;
const SHAPE_PAIRS: [number[], number[]][] = [
  [[3, 4], [3, 4]],
  [[3, 1], [3]],
  [[4], [2, 4]],
  [[2, 1, 3], [4, 1]],
  [[], [5]],
];

/** Input and target of the given shapes whose broadcast differences stay 1e-3 away from kinks. */
function sample(shapes: [number[], number[]], kinks: number[], seed: number): { input: Tensor; target: Tensor } {
  const rand = rng(seed);
  const make = (shape: number[]) => Tensor.from(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => -3 + 6 * rand()));
  return drawUntil(
    () => ({ input: make(shapes[0]), target: make(shapes[1]) }),
    ({ input, target }) => {
      for (const x of input.data) for (const y of target.data) if (kinks.some((k) => Math.abs(x - y - k) < 1e-3)) return false;
      return true;
    },
  );
}

export function pointwiseSuite({ spec, optionSets, kinks }: PointwiseSuite): void {
  test(`${spec.id}: matches PyTorch 1.13 reference cases (values, gradients, rejections)`, () => {
    const cases = torchReferenceCases(spec.id);
    assert.ok(cases.length >= 20, 'fixture has cases for this loss');
    for (const c of cases) assert.deepEqual(referenceMismatch(c), [], `${c.id} ${c.note}`);
  });

  test(`${spec.id}: gradients match finite differences for every reduction, option and broadcast`, () => {
    let seed = 1;
    for (const extra of optionSets) {
      for (const reduction of REDUCTIONS) {
        for (const shapes of SHAPE_PAIRS) {
          const options = { ...extra, reduction };
          const args = sample(shapes, kinks(options), seed++);
          checkGradients(spec, args, options);
        }
      }
    }
  });

  test(`${spec.id}: reduction 'none' has the broadcast shape; gradients keep each argument's shape`, () => {
    const args = sample([[3, 1], [4]], [], 7);
    const { value, grad } = spec.compute(args, { reduction: 'none' }, true);
    assert.deepEqual([...value.shape], [3, 4]);
    assert.deepEqual([...grad['input']!.shape], [3, 1]);
    assert.deepEqual([...grad['target']!.shape], [4]);
  });

  test(`${spec.id}: rejects what PyTorch rejects`, () => {
    const x = Tensor.from([3, 4], Array.from({ length: 12 }, (_, i) => i / 7));
    assertRejects(spec, { input: x, target: Tensor.zeros([3, 5]) }, {}, 'target');
    assertRejects(spec, { input: x, target: Tensor.zeros([2, 4]) }, {}, 'target');
    assertRejects(spec, { input: x, target: Tensor.zeros([3, 4]) }, { reduction: 'avg' }, 'reduction');
    assertRejects(spec, { input: x }, {}, 'target');
    assertRejects(spec, { input: x, target: x }, { unknown_option: 1 }, 'unknown_option');
  });

  test(`${spec.id}: 'none' sums to 'sum' and 'mean' is 'sum' / count`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(...optionSets),
        (n, c, seed, extra) => {
          const args = sample([[n, c], [n, c]], [], seed);
          const none = valueOf(spec, args, { ...extra, reduction: 'none' });
          const sum = valueOf(spec, args, { ...extra, reduction: 'sum' }).item();
          const mean = valueOf(spec, args, { ...extra, reduction: 'mean' }).item();
          return close(total(none), sum) && close(mean, sum / (n * c));
        },
      ),
    );
  });

  test(`${spec.id}: permuting the batch permutes 'none' and leaves 'mean' unchanged`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
        (seed, order) => {
          const { input, target } = sample([[5, 3], [5, 3]], [], seed);
          const permuted = { input: permuteRows(input, order), target: permuteRows(target, order) };
          const none = valueOf(spec, { input, target }, { reduction: 'none' });
          const nonePermuted = valueOf(spec, permuted, { reduction: 'none' });
          assert.deepEqual([...nonePermuted.data], [...permuteRows(none, order).data]);
          return close(valueOf(spec, permuted).item(), valueOf(spec, { input, target }).item());
        },
      ),
    );
  });
}
