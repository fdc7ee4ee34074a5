import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/cross_entropy';
import { spec as nll } from '../../../src/engine/losses/nll_loss';
import { expNonPositive, fastExp } from '../../../src/engine/kernels/fast_exp';
import type { Options } from '../../../src/engine/catalog/types';
import { Tensor } from '../../../src/engine/tensor';
import { rng } from '../fd';
import { assertRejects, close, ints, valueOf } from './regression_margin_support';
import {
  allFinite, classIndices, combinations, gradientSweep, permutationInvariance, probabilities, reductionConsistency, referenceTest, uniform,
} from './classification_probabilistic_support';

referenceTest(spec, 200);

/** log-softmax along dim 1 (dim 0 for 1-D), written plainly as the reference. */
function logSoftmax(x: Tensor): Tensor {
  const classDim = x.ndim === 1 ? 0 : 1;
  const C = x.shape[classDim]!;
  const inner = x.shape.slice(classDim + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.size);
  for (let base = 0; base < x.size; base += C * inner) {
    for (let j = 0; j < inner; j++) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) m = Math.max(m, x.data[base + c * inner + j]!);
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(x.data[base + c * inner + j]! - m);
      for (let c = 0; c < C; c++) out[base + c * inner + j] = x.data[base + c * inner + j]! - m - Math.log(s);
    }
  }
  return new Tensor(x.shape, out);
}

const SHAPES: { input: number[]; target: number[] }[] = [
  { input: [4, 3], target: [4] },
  { input: [2, 3, 2], target: [2, 2] },
  { input: [2, 3, 2, 2], target: [2, 2, 2] },
  { input: [3], target: [] },
];

for (const shape of SHAPES) {
  for (const weighted of [false, true]) {
    const C = shape.input.length === 1 ? shape.input[0]! : shape.input[1]!;
    gradientSweep(
      { ...spec, id: `cross_entropy class indices ${JSON.stringify(shape.input)}${weighted ? ' weighted' : ''}` },
      combinations({ reduction: ['none', 'mean', 'sum'], label_smoothing: [0, 0.1, 0.7, 1], ignore_index: [-100, 1] }),
      (seed) => {
        const rand = rng(seed);
        const target = classIndices(shape.target, C, rand);
        // Keep one target counted (an all-ignored mean is NaN) and, when there are several, one ignored.
        target.data[0] = 0;
        if (target.size > 1) target.data[target.size - 1] = 1;
        const args: Record<string, Tensor> = { input: uniform(shape.input, rand, -3, 3), target };
        if (weighted) args['weight'] = uniform([C], rand, 0.2, 2);
        return args;
      },
    );
    gradientSweep(
      { ...spec, id: `cross_entropy probabilities ${JSON.stringify(shape.input)}${weighted ? ' weighted' : ''}` },
      combinations({ reduction: ['none', 'mean', 'sum'], label_smoothing: [0, 0.25, 1] }),
      (seed) => {
        const rand = rng(seed);
        const args: Record<string, Tensor> = { input: uniform(shape.input, rand, -3, 3), target: probabilities(shape.input, rand) };
        if (weighted) args['weight'] = uniform([C], rand, 0.2, 2);
        return args;
      },
    );
  }
}

const batchArgs = (seed: number): Record<string, Tensor> => {
  const rand = rng(seed);
  const N = 1 + Math.floor(rand() * 6);
  const target = classIndices([N], 4, rand);
  if (N > 1) target.data[0] = -100;
  return { input: uniform([N, 4], rand, -5, 5), target, weight: uniform([4], rand, 0.1, 3) };
};

reductionConsistency(spec, batchArgs, ({ target, weight }) => {
  let s = 0;
  for (const k of target!.data) if (k !== -100) s += weight!.data[k]!;
  return s;
});
reductionConsistency(spec, batchArgs, ({ target, weight }) => {
  let s = 0;
  for (const k of target!.data) if (k !== -100) s += weight!.data[k]!;
  return s;
}, { label_smoothing: 0.3 });
reductionConsistency(spec, (seed) => {
  const rand = rng(seed);
  return { input: uniform([5, 3, 2], rand, -4, 4), target: probabilities([5, 3, 2], rand), weight: uniform([3], rand, 0.5, 2) };
}, () => 10, { label_smoothing: 0.2 });
permutationInvariance(spec, batchArgs, ['input', 'target'], { label_smoothing: 0.15 });

test('cross_entropy: adding a constant to every logit of a row changes nothing (value and gradient)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.double({ min: -50, max: 50, noNaN: true }), fc.constantFrom(0, 0.1, 0.5), (seed, shift, ls) => {
      const { input, target, weight } = batchArgs(seed);
      const moved = new Tensor(input!.shape, input!.data.map((v) => v + shift));
      const options: Options = { label_smoothing: ls, reduction: 'sum' };
      const a = spec.compute({ input: input!, target: target!, weight: weight! }, options, true);
      const b = spec.compute({ input: moved, target: target!, weight: weight! }, options, true);
      return close(a.value.item(), b.value.item(), 1e-9, 1e-9) && a.grad['input']!.data.every((g, i) => close(g, b.grad['input']!.data[i]!, 1e-7, 1e-9));
    }),
    { numRuns: 60 },
  );
});

test('cross_entropy: equals nll_loss of log_softmax, for K-dimensional inputs, weights and ignore_index', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.constantFrom('none', 'mean', 'sum'), (seed, reduction) => {
      const rand = rng(seed);
      const input = uniform([3, 4, 2], rand, -6, 6);
      const target = classIndices([3, 2], 4, rand);
      target.data[0] = 0;
      target.data[1] = 2;
      target.data[2] = 2;
      const weight = uniform([4], rand, 0.1, 2);
      const options = { reduction, ignore_index: 2 };
      const ce = valueOf(spec, { input, target, weight }, options);
      const ref = valueOf(nll, { input: logSoftmax(input), target, weight }, options);
      return ce.data.every((v, i) => close(v, ref.data[i]!, 1e-12, 1e-12));
    }),
    { numRuns: 50 },
  );
});

test('cross_entropy: one-hot probability targets give the class-index loss (unweighted mean over N)', () => {
  const rand = rng(7);
  const input = uniform([5, 4], rand, -3, 3);
  const labels = [0, 3, 1, 1, 2];
  const onehot = Tensor.from([5, 4], labels.flatMap((k) => [0, 1, 2, 3].map((c) => (c === k ? 1 : 0))));
  for (const ls of [0, 0.2]) {
    const a = valueOf(spec, { input, target: ints([5], labels) }, { label_smoothing: ls }).item();
    const b = valueOf(spec, { input, target: onehot }, { label_smoothing: ls }).item();
    assert.ok(close(a, b, 1e-12), `ls ${ls}: ${a} vs ${b}`);
  }
});

test('cross_entropy: label smoothing as PyTorch 1.13 combines it with weights, by hand', () => {
  const input = Tensor.from([2, 3], [1, 2, 3, 0, 0, 0]);
  const target = ints([2], [2, 0]);
  const weight = Tensor.from([3], [1, 2, 3]);
  const lp = logSoftmax(input).data;
  const nllSum = -3 * lp[2]! - 1 * lp[3]!;
  const smoothSum = -(1 * lp[0]! + 2 * lp[1]! + 3 * lp[2]!) - (1 * lp[3]! + 2 * lp[4]! + 3 * lp[5]!);
  const want = 0.7 * (nllSum / 4) + (smoothSum / 4) * (0.3 / 3);
  assert.ok(close(valueOf(spec, { input, target, weight }, { label_smoothing: 0.3 }).item(), want, 1e-14));
});

test('cross_entropy: logits of ±1e4 give finite, exact values and gradients', () => {
  const input = Tensor.from([3, 3], [1e4, -1e4, 0, -1e4, -1e4, 1e4, 1e4, 1e4, -1e4]);
  const target = ints([3], [1, 2, 0]);
  const { value, grad } = spec.compute({ input, target }, { reduction: 'none' }, true);
  assert.deepEqual([...value.data].map((v) => v + 0), [2e4, 0, Math.LN2]);
  assert.ok(allFinite(grad['input']!));
  const want = [1, -1, 0, 0, 0, 0, -0.5, 0.5, 0];
  grad['input']!.data.forEach((g, i) => assert.ok(close(g, want[i]!, 1e-15, 1e-300), `grad[${i}] = ${g}`));
  const smoothed = spec.compute({ input, target }, { reduction: 'sum', label_smoothing: 0.1 }, true);
  // row 0: logp = [0, -2e4, -1e4]; (1-ε)·2e4 + ε/3·3e4
  const row0 = 0.9 * 2e4 + (0.1 / 3) * 3e4;
  const row1 = 0.9 * 0 + (0.1 / 3) * 4e4;
  const row2 = 0.9 * Math.LN2 + (0.1 / 3) * (2 * Math.LN2 + 2e4 + Math.LN2);
  assert.ok(close(smoothed.value.item(), row0 + row1 + row2, 1e-12));
  assert.ok(allFinite(smoothed.grad['input']!));
});

test('cross_entropy: every target ignored gives NaN for mean (as PyTorch) with zero gradients; 0 for sum', () => {
  const input = Tensor.from([2, 3], [1, 2, 3, 4, 5, 6]);
  const target = ints([2], [-100, -100]);
  for (const ls of [0, 0.2]) {
    const mean = spec.compute({ input, target }, { label_smoothing: ls }, true);
    assert.ok(Number.isNaN(mean.value.item()));
    assert.ok(mean.grad['input']!.data.every((g) => g === 0));
    assert.equal(valueOf(spec, { input, target }, { reduction: 'sum', label_smoothing: ls }).item(), 0);
  }
});

test('cross_entropy: probability targets differentiate target and weight; class indices only input', () => {
  const rand = rng(3);
  const input = uniform([2, 3], rand, -1, 1);
  const weight = uniform([3], rand, 0.5, 1.5);
  assert.deepEqual(Object.keys(spec.compute({ input, target: probabilities([2, 3], rand), weight }, {}, true).grad).sort(), ['input', 'target', 'weight']);
  assert.deepEqual(Object.keys(spec.compute({ input, target: ints([2], [0, 1]), weight }, {}, true).grad), ['input']);
});

test('cross_entropy: rejects what PyTorch rejects, naming the argument', () => {
  const input = Tensor.from([3, 4], Array.from({ length: 12 }, (_, i) => i / 10));
  assert.throws(() => spec.compute({ input, target: ints([3], [0, 4, 1]) }, {}, true), /target: Target 4 is out of bounds/);
  assertRejects(spec, { input, target: ints([3], [0, 4, 1]) }, {}, 'target');
  assertRejects(spec, { input, target: ints([3], [0, -1, 1]) }, {}, 'target');
  assertRejects(spec, { input, target: Tensor.from([3], [0, 1, 2]) }, {}, 'target');
  assertRejects(spec, { input, target: ints([2], [0, 1]) }, {}, 'target');
  assertRejects(spec, { input, target: ints([3, 1], [0, 1, 2]) }, {}, 'target');
  assertRejects(spec, { input, target: ints([3], [0, 1, 2]), weight: Tensor.from([3], [1, 1, 1]) }, {}, 'weight');
  assertRejects(spec, { input, target: ints([3], [0, 1, 2]) }, { label_smoothing: 1.5 }, 'label_smoothing');
  assertRejects(spec, { input, target: probabilities([3, 4], rng(1)) }, { ignore_index: 0 }, 'ignore_index');
  assertRejects(spec, { input, target: ints([3, 4], Array(12).fill(0)) }, {}, 'target');
  assertRejects(spec, { input, target: ints([3], [0, 1, 2]) }, { reduction: 'avg' }, 'reduction');
  assertRejects(spec, { input: Tensor.from([3, 4, 2], Array(24).fill(0)), target: ints([3, 4], Array(12).fill(0)) }, {}, 'target');
  assertRejects(spec, { input, target: ints([3], [0, 1, 2]) }, { smoothing: 0.1 }, 'smoothing');
});

test('cross_entropy: ignore_index may lie outside [0, C); negative label_smoothing is ignored like PyTorch 1.13', () => {
  const input = Tensor.from([3, 4], Array.from({ length: 12 }, (_, i) => Math.sin(i)));
  const withIgnored = valueOf(spec, { input, target: ints([3], [1, 7, 0]) }, { ignore_index: 7, reduction: 'sum' }).item();
  const twoRows = valueOf(spec, { input, target: ints([3], [1, -100, 0]) }, { reduction: 'sum' }).item();
  assert.equal(withIgnored, twoRows);
  const target = ints([3], [1, 2, 0]);
  assert.equal(valueOf(spec, { input, target }, { label_smoothing: -0.2 }).item(), valueOf(spec, { input, target }).item());
});

test('cross_entropy: catalog explains label_smoothing and reductions in plain words', () => {
  const ls = spec.options.find((o) => o.name === 'label_smoothing')!;
  assert.equal(ls.default, 0);
  assert.match(ls.explain!(0.1), /0\.9 on the true class plus 0\.1\/C spread over all classes/);
  assert.match(ls.explain!(2), /raises/);
  assert.ok(ls.tunable && ls.tunable.max <= 1);
  assert.deepEqual(spec.expects, { prediction: 'logits', target: 'class_indices' });
  for (const name of ['torch.nn.CrossEntropyLoss', 'torch.nn.functional.cross_entropy', 'optax.softmax_cross_entropy_with_integer_labels', 'sparse_categorical_crossentropy']) {
    assert.ok(spec.spellings.some((s) => s.name === name), name);
  }
  assert.ok(spec.pitfalls.some((p) => p.id === 'softmax-before-cross-entropy'));
  assert.ok(spec.pitfalls.some((p) => p.id === 'class-imbalance'));
});

test('cross_entropy: its table-driven exp agrees with Math.exp to 1e-15 relative, and on specials', () => {
  const rand = rng(42);
  for (let i = 0; i < 20000; i++) {
    const x = -708 + 1416 * rand();
    const want = Math.exp(x);
    assert.ok(Math.abs(fastExp(x) - want) <= 1e-15 * want, `exp(${x})`);
  }
  for (const x of [0, -0, 1, -1, 708, -708, 709.7, -745.2, Math.LN2 / 128]) assert.ok(close(fastExp(x), Math.exp(x), 1e-15, 0), `exp(${x})`);
  assert.equal(fastExp(0), 1);
  assert.equal(fastExp(-Infinity), 0);
  assert.equal(fastExp(Infinity), Infinity);
  assert.ok(Number.isNaN(fastExp(NaN)));
});

test('cross_entropy: the branch-free exp of the softmax rows matches Math.exp on [-708, 0] and keeps NaN', () => {
  const rand = rng(43);
  for (let i = 0; i < 20000; i++) {
    const x = -708 * rand();
    assert.ok(Math.abs(expNonPositive(x) - Math.exp(x)) <= 1e-15 * Math.exp(x), `exp(${x})`);
  }
  assert.equal(expNonPositive(0), 1);
  assert.ok(expNonPositive(-Infinity) <= 1e-307);
  assert.ok(Number.isNaN(expNonPositive(NaN)));
});
