import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/smooth_l1_loss';
import { spec as l1 } from '../../../src/engine/losses/l1_loss';
import { spec as mse } from '../../../src/engine/losses/mse_loss';
import { Tensor } from '../../../src/engine/tensor';
import { pointwiseSuite } from './pointwise_suite';
import { assertRejects, close, ints, scaled, valueOf } from './regression_margin_support';

const betaOf = (o: Record<string, unknown>) => (typeof o['beta'] === 'number' ? o['beta'] : 1);
pointwiseSuite({
  spec,
  optionSets: [{}, { beta: 0.3 }, { beta: 0 }, { beta: 3 }],
  kinks: (o) => [-betaOf(o), 0, betaOf(o)],
});

const values = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 });

test('smooth_l1_loss: beta 0 gives the l1 value; its gradient at zero error is −1 for input and target, as PyTorch 1.13', () => {
  const input = Tensor.from([3], [1.5, 2, 1]);
  const target = Tensor.from([3], [1, 3, 1]);
  const { value, grad } = spec.compute({ input, target }, { beta: 0, reduction: 'sum' }, true);
  assert.equal(value.item(), valueOf(l1, { input, target }, { reduction: 'sum' }).item());
  assert.deepEqual([...grad['input']!.data], [1, -1, -1]);
  assert.deepEqual([...grad['target']!.data], [-1, 1, -1]);
});

test('smooth_l1_loss: quadratic zone is error²/(2β), linear zone |error| − β/2', () => {
  fc.assert(
    fc.property(values, fc.double({ min: 1.01, max: 20, noNaN: true }), (errors, beta) => {
      const input = Tensor.from([errors.length], errors);
      const target = Tensor.zeros([errors.length]);
      const small = close(valueOf(spec, { input, target }, { beta }).item(), valueOf(mse, { input, target }).item() / (2 * beta));
      const far = Tensor.from([errors.length], errors.map((e) => (e < 0 ? e - 5 : e + 5)));
      const large = close(
        valueOf(spec, { input: far, target }, { beta: 0.5, reduction: 'sum' }).item(),
        valueOf(l1, { input: far, target }, { reduction: 'sum' }).item() - 0.25 * errors.length,
        1e-9,
      );
      return small && large;
    }),
  );
});

test('smooth_l1_loss: smooth_l1_β(k·x, k·y) = k·smooth_l1_{β/k}(x, y)', () => {
  fc.assert(
    fc.property(values, fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0.05, max: 3, noNaN: true }), (errors, k, beta) => {
      const input = Tensor.from([errors.length], errors.map((e) => 3 * e));
      const target = Tensor.from([errors.length], errors.map((e, i) => e * e - i));
      const base = valueOf(spec, { input, target }, { beta: beta / k, reduction: 'sum' }).item();
      return close(valueOf(spec, { input: scaled(input, k), target: scaled(target, k) }, { beta, reduction: 'sum' }).item(), k * base, 1e-9);
    }),
  );
});

test('smooth_l1_loss: negative beta rejected; an integer target is fine (gradient for input only)', () => {
  const x = Tensor.from([2], [1, 2]);
  for (const beta of [-0.5, NaN]) assertRejects(spec, { input: x, target: x }, { beta }, 'beta');
  const { grad } = spec.compute({ input: x, target: ints([2], [0, 3]) }, {}, true);
  assert.deepEqual(Object.keys(grad), ['input']);
  assert.deepEqual([...grad['input']!.data], [0.5, -0.5]);
});

test("smooth_l1_loss: the branch-free kernel rounds exactly like ATen's branches (value, input and target gradients)", () => {
  const atenGrad = (d: number, beta: number) => (d <= -beta ? -1 : d >= beta ? 1 : d / beta);
  const aten = (d: number, beta: number) => {
    const z = Math.abs(d);
    return { value: z < beta ? (0.5 * z * z) / beta : z - 0.5 * beta, gx: atenGrad(d, beta), gy: atenGrad(-d, beta) };
  };
  const same = (a: number, b: number) => Object.is(a, b) || a === b;
  const edge = [0, -0, 0.5, -0.5, 1, -1, 2e200, -2e200, Infinity, -Infinity, NaN, 1e-310, 3];
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double(), fc.constantFrom(...edge)), { minLength: 1, maxLength: 20 }),
      fc.constantFrom(0, 0.5, 1, 1e-3, 3),
      (errors, beta) => {
        const { value, grad } = spec.compute({ input: Tensor.from([errors.length], errors), target: Tensor.zeros([errors.length]) }, { reduction: 'none', beta }, true);
        return errors.every((d, i) => {
          const want = aten(d, beta);
          return Object.is(value.data[i]!, want.value) && same(grad['input']!.data[i]!, want.gx) && same(grad['target']!.data[i]!, want.gy);
        });
      },
    ),
  );
});
