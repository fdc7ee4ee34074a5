import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/mse_loss';
import { Tensor } from '../../../src/engine/tensor';
import { pointwiseSuite } from './pointwise_suite';
import { assertRejects, close, ints, scaled, valueOf } from './regression_margin_support';

pointwiseSuite({ spec, optionSets: [{}], kinks: () => [] });

const x = Tensor.from([2, 2], [1, -2, 0.5, 3]);
const y = Tensor.from([2, 2], [0, 1, 0.5, -1]);

test('mse_loss: hand-computed value and gradients', () => {
  // errors 1, -3, 0, 4 -> squares 1, 9, 0, 16
  const { value, grad } = spec.compute({ input: x, target: y }, {}, true);
  assert.equal(value.item(), 26 / 4);
  assert.deepEqual([...grad['input']!.data], [0.5, -1.5, 0, 2]);
  assert.deepEqual([...grad['target']!.data], [-0.5, 1.5, -0, -2]);
});

test('mse_loss: mse(k·x, k·y) = k²·mse(x, y)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      (values, k) => {
        const input = Tensor.from([values.length], values);
        const target = Tensor.from([values.length], values.map((v, i) => v / 2 + i));
        const base = valueOf(spec, { input, target }).item();
        return close(valueOf(spec, { input: scaled(input, k), target: scaled(target, k) }).item(), k * k * base, 1e-9, 1e-300);
      },
    ),
  );
});

test('mse_loss: deprecated size_average / reduce and the elementwise_mean alias resolve like PyTorch', () => {
  const args = { input: x, target: y };
  assert.equal(valueOf(spec, args, { size_average: false }).item(), 26);
  assert.deepEqual([...valueOf(spec, args, { reduce: false, reduction: 'sum' }).data], [1, 9, 0, 16]);
  assert.equal(valueOf(spec, args, { size_average: true, reduce: true, reduction: 'sum' }).item(), 26 / 4);
  assert.equal(valueOf(spec, args, { reduction: 'elementwise_mean' }).item(), 26 / 4);
});

test('mse_loss: integer tensors: forward works with a float input, backward and int/int are rejected', () => {
  const t = ints([2, 2], [0, 1, 1, 0]);
  assert.equal(valueOf(spec, { input: x, target: t }).item(), (1 + 9 + 0.25 + 9) / 4);
  assertRejects(spec, { input: x, target: t }, {}, 'target');
  assertRejects(spec, { input: t, target: t }, { reduction: 'sum' }, 'input');
});

test('mse_loss: empty tensors average to NaN, sum to 0', () => {
  const e = Tensor.zeros([0]);
  assert.ok(Number.isNaN(valueOf(spec, { input: e, target: e }).item()));
  assert.equal(valueOf(spec, { input: e, target: e }, { reduction: 'sum' }).item(), 0);
});
