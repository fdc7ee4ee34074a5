import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Options } from '../../../src/engine/catalog/types';
import { LossError } from '../../../src/engine/errors';
import { spec } from '../../../src/engine/losses/ctc_loss';
import { Tensor } from '../../../src/engine/tensor';
import { randomTensor, rng } from '../fd';
import { assertRejects } from './regression_margin_support';
import { assertMatchesTorch, close, ints, shuffled } from './embedding_sequence_support';

// PyTorch's log_probs gradient is not the gradient of the loss as a function of log_probs (see
// the catalog), so the engine is never finite-differenced against itself here: the tests check
// brute-force likelihoods, the logit-gradient identity and the documented relation instead.

function logSoftmax(z: Tensor): Tensor {
  const C = z.shape[z.ndim - 1]!;
  const out = new Float64Array(z.size);
  for (let r = 0; r < z.size / C; r++) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, z.data[r * C + c]!);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(z.data[r * C + c]! - m);
    for (let c = 0; c < C; c++) out[r * C + c] = z.data[r * C + c]! - m - Math.log(s);
  }
  return new Tensor(z.shape, out);
}

interface Problem {
  z: Tensor;
  targets: Tensor;
  input_lengths: Tensor;
  target_lengths: Tensor;
}

function args(p: Problem, lp = logSoftmax(p.z)): Record<string, Tensor> {
  return { log_probs: lp, targets: p.targets, input_lengths: p.input_lengths, target_lengths: p.target_lengths };
}

/** A random batch whose targets avoid `blank`; every target fits its input (≥ 2L + 1 frames). */
function problem(rand: () => number, T: number, N: number, C: number, blank = 0): Problem {
  const S = Math.floor((T - 1) / 2);
  const tl = Array.from({ length: N }, () => Math.floor(rand() * (S + 1)));
  const il = tl.map((l) => Math.min(T, 2 * l + 1 + Math.floor(rand() * (T - 2 * l))));
  const labels = Array.from({ length: N * Math.max(S, 1) }, () => {
    const c = 1 + Math.floor(rand() * (C - 1));
    return c === blank ? 0 : c;
  });
  return {
    z: randomTensor([T, N, C], rand, -3, 3),
    targets: ints([N, Math.max(S, 1)], labels),
    input_lengths: ints([N], il),
    target_lengths: ints([N], tl),
  };
}

function sum(t: Tensor): number {
  let s = 0;
  for (const v of t.data) s += v;
  return s;
}

test('ctc_loss: matches PyTorch 1.13 reference cases', () => {
  assert.ok(assertMatchesTorch(spec.id) >= 30);
});

test('ctc_loss: each loss is −log of the total probability of the alignments that collapse to the target (brute force)', () => {
  const rand = rng(31);
  const C = 3;
  for (let trial = 0; trial < 20; trial++) {
    const T = 1 + Math.floor(rand() * 5);
    const blank = Math.floor(rand() * C);
    const lp = logSoftmax(randomTensor([T, C], rand, -2, 2));
    const L = Math.floor(rand() * (T + 1));
    const target = Array.from({ length: L }, () => ((blank + 1 + Math.floor(rand() * (C - 1))) % C));
    let total = 0;
    for (let code = 0; code < C ** T; code++) {
      const path = Array.from({ length: T }, (_, t) => Math.floor(code / C ** t) % C);
      const collapsed = path.filter((c, t) => c !== blank && (t === 0 || c !== path[t - 1]));
      if (collapsed.length === L && collapsed.every((c, i) => c === target[i])) {
        total += Math.exp(path.reduce((s, c, t) => s + lp.data[t * C + c]!, 0));
      }
    }
    const got = spec.compute({ log_probs: lp, targets: ints([L], target), input_lengths: ints([], [T]), target_lengths: ints([], [L]) }, { blank, reduction: 'none' }, false).value;
    assert.deepEqual([...got.shape], []);
    if (total === 0) assert.equal(got.item(), Infinity);
    else assert.ok(close(got.item(), -Math.log(total), 1e-10), `T=${T} target=${target} blank=${blank}: ${got.item()} vs ${-Math.log(total)}`);
  }
});

test("ctc_loss: PyTorch's log_probs gradient is the gradient with respect to the logits of the log_softmax (finite differences on the logits)", () => {
  const rand = rng(7);
  for (const reduction of ['none', 'mean', 'sum']) {
    for (const blank of [0, 2]) {
      for (const [T, N, C] of [[6, 3, 4], [5, 1, 3], [7, 2, 5]] as const) {
        const p = problem(rand, T, N, C, blank);
        const options: Options = { reduction, blank };
        const g = spec.compute(args(p), options, true).grad['log_probs']!;
        const h = 1e-6;
        for (let i = 0; i < p.z.size; i++) {
          const at = (d: number) => {
            const z = Float64Array.from(p.z.data);
            z[i]! += d;
            return sum(spec.compute(args({ ...p, z: new Tensor(p.z.shape, z) }), options, false).value);
          };
          const numeric = (at(h) - at(-h)) / (2 * h);
          assert.ok(Math.abs(numeric - g.data[i]!) <= 1e-5 * (1 + Math.abs(numeric)), `${reduction} blank ${blank} [${T},${N},${C}] logit ${i}: ${g.data[i]} vs ${numeric}`);
        }
      }
    }
  }
});

test('ctc_loss: with zero_infinity, an impossible sequence contributes nothing and the others keep the logit-gradient identity', () => {
  const rand = rng(19);
  const [T, N, C] = [4, 2, 3];
  const p: Problem = { z: randomTensor([T, N, C], rand, -2, 2), targets: ints([2, 3], [1, 1, 1, 2, 1, 0]), input_lengths: ints([2], [4, 4]), target_lengths: ints([2], [3, 2]) };
  for (const reduction of ['none', 'mean', 'sum']) {
    const options: Options = { reduction, zero_infinity: true };
    const g = spec.compute(args(p), options, true).grad['log_probs']!;
    for (let i = 0; i < p.z.size; i++) {
      const at = (d: number) => {
        const z = Float64Array.from(p.z.data);
        z[i]! += d;
        return sum(spec.compute(args({ ...p, z: new Tensor(p.z.shape, z) }), options, false).value);
      };
      const numeric = (at(1e-6) - at(-1e-6)) / 2e-6;
      assert.ok(Math.abs(numeric - g.data[i]!) <= 1e-5 * (1 + Math.abs(numeric)), `${reduction} logit ${i}: ${g.data[i]} vs ${numeric}`);
      if (Math.floor(i / C) % N === 0) assert.equal(g.data[i], 0);
    }
  }
});

test('ctc_loss: true gradient wrt log_probs = PyTorch gradient − exp(log_probs)·(upstream) for t < input_length, 0 after', () => {
  const rand = rng(9);
  for (const reduction of ['none', 'mean', 'sum']) {
    const [T, N, C] = [6, 3, 4];
    const p = problem(rand, T, N, C);
    const lp = logSoftmax(p.z);
    const g = spec.compute(args(p, lp), { reduction }, true).grad['log_probs']!;
    const h = 1e-6;
    for (let i = 0; i < lp.size; i++) {
      const t = Math.floor(i / (N * C));
      const b = Math.floor(i / C) % N;
      const at = (d: number) => {
        const x = Float64Array.from(lp.data);
        x[i]! += d;
        return sum(spec.compute(args(p, new Tensor(lp.shape, x)), { reduction }, false).value);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      const upstream = reduction === 'mean' ? 1 / (N * Math.max(p.target_lengths.data[b]!, 1)) : 1;
      const expected = t < p.input_lengths.data[b]! ? g.data[i]! - Math.exp(lp.data[i]!) * upstream : g.data[i]!;
      if (t >= p.input_lengths.data[b]!) assert.equal(g.data[i], 0);
      assert.ok(Math.abs(numeric - expected) <= 1e-5 * (1 + Math.abs(numeric)), `${reduction} element ${i}: ${expected} vs ${numeric}`);
    }
  }
});

test('ctc_loss: reductions agree, batch order does not matter, padded and concatenated targets agree', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 3, max: 7 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (N, T, seed) => {
      const rand = rng(seed);
      const C = 4;
      const p = problem(rand, T, N, C);
      const a = args(p);
      const none = spec.compute(a, { reduction: 'none' }, false).value;
      const tl = Array.from(p.target_lengths.data);
      const mean = none.data.reduce((s, v, b) => s + v / Math.max(tl[b]!, 1), 0) / N;
      const order = shuffled(N, rand);
      const lp = a['log_probs']!;
      const permuted = new Float64Array(lp.size);
      for (let t = 0; t < T; t++) order.forEach((from, to) => permuted.set(lp.data.subarray((t * N + from) * C, (t * N + from + 1) * C), (t * N + to) * C));
      const S = p.targets.shape[1]!;
      const permutedTargets = order.flatMap((from) => Array.from(p.targets.data.subarray(from * S, (from + 1) * S)));
      const permutedSum = spec.compute(
        { log_probs: new Tensor(lp.shape, permuted), targets: ints([N, S], permutedTargets), input_lengths: ints([N], order.map((b) => p.input_lengths.data[b]!)), target_lengths: ints([N], order.map((b) => tl[b]!)) },
        { reduction: 'sum' }, false,
      ).value.item();
      const concatenated = tl.flatMap((l, b) => Array.from(p.targets.data.subarray(b * S, b * S + l)));
      const fromConcat = spec.compute({ ...a, targets: ints([concatenated.length], concatenated) }, { reduction: 'none' }, false).value;
      return (
        close(spec.compute(a, { reduction: 'sum' }, false).value.item(), sum(none)) &&
        close(spec.compute(a, {}, false).value.item(), mean) &&
        close(permutedSum, sum(none)) &&
        fromConcat.data.every((v, b) => v === none.data[b])
      );
    }),
  );
});

test('ctc_loss: with log_softmax input the gradient sums to zero over classes at every valid frame', () => {
  const rand = rng(12);
  const [T, N, C] = [7, 3, 5];
  const p = problem(rand, T, N, C);
  const g = spec.compute(args(p), { reduction: 'sum' }, true).grad['log_probs']!;
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < N; b++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += g.data[(t * N + b) * C + c]!;
      assert.ok(Math.abs(s) < 1e-12, `frame ${t} sequence ${b}: ${s}`);
    }
  }
});

test('ctc_loss: an impossible alignment gives inf and NaN gradients, or 0 and no gradient with zero_infinity', () => {
  const lp = logSoftmax(randomTensor([4, 2, 3], rng(3)));
  const a = { log_probs: lp, targets: ints([2, 3], [1, 1, 1, 2, 1, 0]), input_lengths: ints([2], [4, 3]), target_lengths: ints([2], [3, 2]) };
  const plain = spec.compute(a, { reduction: 'none' }, true);
  assert.equal(plain.value.data[0], Infinity); // 1 1 1 needs 5 frames: a blank must separate the repeats
  assert.ok(Number.isFinite(plain.value.data[1]!));
  const g = plain.grad['log_probs']!;
  for (let t = 0; t < 4; t++) for (let c = 0; c < 3; c++) assert.ok(Number.isNaN(g.data[(t * 2) * 3 + c]!));
  const zero = spec.compute(a, { reduction: 'mean', zero_infinity: true }, true);
  assert.ok(close(zero.value.item(), plain.value.data[1]! / 2 / 2));
  for (let t = 0; t < 4; t++) for (let c = 0; c < 3; c++) assert.equal(zero.grad['log_probs']!.data[(t * 2) * 3 + c], 0);
});

test('ctc_loss: rejects what PyTorch rejects', () => {
  const lp = logSoftmax(randomTensor([6, 2, 4], rng(5)));
  const ok = { log_probs: lp, targets: ints([2, 2], [1, 2, 3, 3]), input_lengths: ints([2], [6, 5]), target_lengths: ints([2], [2, 2]) };
  assert.doesNotThrow(() => spec.compute(ok, {}, true));
  assertRejects(spec, { ...ok, input_lengths: ints([2], [7, 5]) }, {}, 'input_lengths');
  assertRejects(spec, { ...ok, input_lengths: Tensor.from([2], [6, 5]) }, {}, 'input_lengths');
  assertRejects(spec, { ...ok, input_lengths: ints([3], [6, 5, 4]) }, {}, 'input_lengths');
  assertRejects(spec, { ...ok, target_lengths: ints([1], [2]) }, {}, 'target_lengths');
  assertRejects(spec, { ...ok, target_lengths: Tensor.from([2], [2, 2]) }, {}, 'target_lengths');
  assertRejects(spec, ok, { blank: 4 }, 'blank');
  assertRejects(spec, ok, { blank: -1 }, 'blank');
  assertRejects(spec, { ...ok, targets: ints([2, 1], [1, 3]) }, {}, 'targets');
  assertRejects(spec, { ...ok, targets: ints([3, 2], [1, 2, 3, 3, 1, 1]) }, {}, 'targets');
  assertRejects(spec, { ...ok, targets: ints([3], [1, 2, 3]) }, {}, 'targets');
  assertRejects(spec, { ...ok, targets: ints([1, 2, 2], [1, 2, 3, 3]) }, {}, 'targets');
  assertRejects(spec, { ...ok, log_probs: lp.reshape([1, 6, 2, 4]) }, {}, 'log_probs');
  assertRejects(spec, { ...ok, log_probs: Tensor.zeros([6]) }, {}, 'log_probs');
  assertRejects(spec, { ...ok, log_probs: new Tensor([6, 2, 4], lp.data, 'int64') }, {}, 'log_probs');
  assertRejects(spec, ok, { reduction: 'avg' }, 'reduction');
  // Where PyTorch 1.13's CPU kernel reads out of bounds (labels outside [0, C), negative lengths) we refuse.
  assertRejects(spec, { ...ok, targets: ints([2, 2], [1, 7, 3, 3]) }, {}, 'targets');
  assertRejects(spec, { ...ok, target_lengths: ints([2], [-1, 2]) }, {}, 'target_lengths');
  assert.throws(() => spec.compute({ ...ok, input_lengths: ints([2], [-1, 5]) }, {}, false), LossError);
});

test('ctc_loss: unbatched (T, C) input returns a 0-d loss and a (T, C) gradient', () => {
  const lp = logSoftmax(randomTensor([5, 3], rng(6)));
  const { value, grad } = spec.compute({ log_probs: lp, targets: ints([2], [1, 2]), input_lengths: ints([], [5]), target_lengths: ints([], [2]) }, { reduction: 'none' }, true);
  assert.deepEqual([...value.shape], []);
  assert.deepEqual([...grad['log_probs']!.shape], [5, 3]);
  const batched = spec.compute({ log_probs: lp.reshape([5, 1, 3]), targets: ints([1, 2], [1, 2]), input_lengths: ints([1], [5]), target_lengths: ints([1], [2]) }, { reduction: 'none' }, false);
  assert.equal(value.item(), batched.value.data[0]);
});
