import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { log1pUnit } from '../../../src/engine/kernels/fast_log1p';

const close = (y: number): void => {
  const ours = log1pUnit(y);
  const ref = Math.log1p(y);
  const err = Math.abs(ours - ref);
  assert.ok(err <= 2.3e-16 && err <= 4.5e-16 * Math.abs(ref) + Number.MIN_VALUE, `log1pUnit(${y}) = ${ours}, Math.log1p gives ${ref}`);
};

test('log1pUnit agrees with Math.log1p on [0, 1] to about one rounding', () => {
  fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (y) => close(y)), { numRuns: 20_000 });
  // e^−|x| over the whole range a softplus meets, tiny values and the table's knots included.
  fc.assert(fc.property(fc.double({ min: 0, max: 745, noNaN: true }), (x) => close(Math.exp(-x))), { numRuns: 20_000 });
  for (let j = 0; j <= 128; j++) for (const y of [j / 128, j / 128 + 2 ** -40, j / 128 - 2 ** -40]) if (y >= 0 && y <= 1) close(y);
  for (const y of [0, 1, Number.MIN_VALUE, 1e-300, 2 ** -53, 2 ** -52, 1 - 2 ** -53]) close(y);
});

test('log1pUnit: NaN stays NaN, and outside [0, 1] it is Math.log1p', () => {
  assert.ok(Number.isNaN(log1pUnit(NaN)));
  for (const y of [-0.5, 2, 1e300, Infinity, -1]) assert.equal(log1pUnit(y), Math.log1p(y));
});
