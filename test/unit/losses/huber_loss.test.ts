import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/huber_loss';
import { spec as mse } from '../../../src/engine/losses/mse_loss';
import { spec as smoothL1 } from '../../../src/engine/losses/smooth_l1_loss';
import { Tensor } from '../../../src/engine/tensor';
import { pointwiseSuite } from './pointwise_suite';
import { assertRejects, close, scaled, valueOf } from './regression_margin_support';

const deltaOf = (o: Record<string, unknown>) => (typeof o['delta'] === 'number' ? o['delta'] : 1);
pointwiseSuite({
  spec,
  optionSets: [{}, { delta: 0.3 }, { delta: 2.5 }],
  kinks: (o) => [-deltaOf(o), deltaOf(o)],
});

const values = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 });

test('huber_loss: hand-computed value and gradient on both sides of delta, and at delta', () => {
  const input = Tensor.from([4], [0.2, 3, -2, 1.5]);
  const target = Tensor.from([4], [0, 0, 0, 1]);
  const { value, grad } = spec.compute({ input, target }, { reduction: 'none', delta: 0.5 }, true);
  const want = [0.5 * 0.04, 0.5 * (3 - 0.25), 0.5 * (2 - 0.25), 0.5 * 0.25];
  want.forEach((w, i) => assert.ok(close(value.data[i]!, w), `value[${i}]`));
  assert.deepEqual([...grad['input']!.data], [0.2, 0.5, -0.5, 0.5]);
});

test('huber_loss: for errors below delta it is mse / 2', () => {
  fc.assert(
    fc.property(values, fc.double({ min: 1.01, max: 50, noNaN: true }), (errors, delta) => {
      const input = Tensor.from([errors.length], errors);
      const target = Tensor.zeros([errors.length]);
      return close(valueOf(spec, { input, target }, { delta }).item(), valueOf(mse, { input, target }).item() / 2);
    }),
  );
});

test('huber_loss: huber_δ(k·x, k·y) = k²·huber_{δ/k}(x, y) and huber_δ = δ·smooth_l1_{β=δ}', () => {
  fc.assert(
    fc.property(values, fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0.05, max: 3, noNaN: true }), (errors, k, delta) => {
      const input = Tensor.from([errors.length], errors.map((e) => 3 * e));
      const target = Tensor.from([errors.length], errors.map((e, i) => e * e - i));
      const base = valueOf(spec, { input, target }, { delta: delta / k, reduction: 'sum' }).item();
      const big = valueOf(spec, { input: scaled(input, k), target: scaled(target, k) }, { delta, reduction: 'sum' }).item();
      const viaSmooth = delta * valueOf(smoothL1, { input, target }, { beta: delta, reduction: 'sum' }).item();
      return close(big, k * k * base, 1e-9) && close(valueOf(spec, { input, target }, { delta, reduction: 'sum' }).item(), viaSmooth, 1e-9);
    }),
  );
});

test('huber_loss: delta must be positive; no deprecated size_average/reduce (TypeError in PyTorch)', () => {
  const x = Tensor.from([2], [1, 2]);
  for (const delta of [0, -1, NaN]) assertRejects(spec, { input: x, target: x }, { delta }, 'delta');
  assertRejects(spec, { input: x, target: x }, { size_average: false }, 'size_average');
});

test('huber_loss: explains a written delta in plain words', () => {
  const delta = spec.options.find((o) => o.name === 'delta')!;
  assert.equal(delta.default, 1);
  assert.match(delta.explain!(0.5), /quadratic for \|error\| < 0\.5, linear beyond/);
  assert.match(delta.explain!(-1), /must be positive/);
});

test("huber_loss: the branch-free kernel rounds exactly like ATen's branches, also at ±delta, overflow, inf and NaN", () => {
  const aten = (d: number, delta: number, scale: number) => {
    const z = Math.abs(d);
    return {
      value: z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta),
      grad: d < -delta ? -scale * delta : d > delta ? scale * delta : scale * d,
    };
  };
  const edge = [0, -0, 0.5, -0.5, 1, -1, 2e200, -2e200, Infinity, -Infinity, NaN, 1e-310, 0.49999999999999994];
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double(), fc.constantFrom(...edge)), { minLength: 1, maxLength: 20 }),
      fc.constantFrom(0.5, 1, 1e-3, 7),
      (errors, delta) => {
        const input = Tensor.from([errors.length], errors);
        const target = Tensor.zeros([errors.length]);
        const { value, grad } = spec.compute({ input, target }, { reduction: 'none', delta }, true);
        return errors.every((d, i) => {
          const want = aten(d, delta, 1);
          return Object.is(value.data[i]!, want.value) && (Object.is(grad['input']!.data[i]!, want.grad) || grad['input']!.data[i] === want.grad);
        });
      },
    ),
  );
});
