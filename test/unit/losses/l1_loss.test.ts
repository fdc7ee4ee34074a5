import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spec } from '../../../src/engine/losses/l1_loss';
import { Tensor } from '../../../src/engine/tensor';
import { pointwiseSuite } from './pointwise_suite';
import { assertRejects, close, ints, scaled, valueOf } from './regression_margin_support';

pointwiseSuite({ spec, optionSets: [{}], kinks: () => [0] });

test('l1_loss: hand-computed value; subgradient 0 at the kink and for NaN, like torch.sign', () => {
  const input = Tensor.from([4], [1, 2, 0.5, NaN]);
  const target = Tensor.from([4], [1, 3, 0, 0]);
  const { value, grad } = spec.compute({ input, target }, { reduction: 'none' }, true);
  assert.deepEqual([...value.data].slice(0, 3), [0, 1, 0.5]);
  assert.ok(Number.isNaN(value.data[3]!));
  assert.deepEqual([...grad['input']!.data].map((v) => v + 0), [0, -1, 1, 0]);
  assert.deepEqual([...grad['target']!.data].map((v) => v + 0), [0, 1, -1, 0]);
});

test('l1_loss: absolutely homogeneous, l1(k·x, k·y) = |k|·l1(x, y)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      (values, k) => {
        const input = Tensor.from([values.length], values);
        const target = Tensor.from([values.length], values.map((v, i) => i - v));
        const base = valueOf(spec, { input, target }, { reduction: 'sum' }).item();
        const scaledValue = valueOf(spec, { input: scaled(input, k), target: scaled(target, k) }, { reduction: 'sum' }).item();
        return close(scaledValue, Math.abs(k) * base, 1e-9, 1e-300);
      },
    ),
  );
});

test('l1_loss: integer tensors work for sum and none (no gradient), mean is rejected like torch', () => {
  const a = ints([3], [1, 2, 3]);
  const b = ints([3], [0, 2, 5]);
  const { value, grad } = spec.compute({ input: a, target: b }, { reduction: 'sum' }, true);
  assert.equal(value.item(), 3);
  assert.deepEqual(Object.keys(grad), []);
  assertRejects(spec, { input: a, target: b }, {}, 'reduction');
  const f = Tensor.from([3], [0.5, 2, 3]);
  const mixed = spec.compute({ input: f, target: b }, {}, true);
  assert.deepEqual(Object.keys(mixed.grad), ['input']);
  assert.deepEqual([...mixed.grad['input']!.data], [1 / 3, 0, -1 / 3]);
});
