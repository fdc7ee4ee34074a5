import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { quantileSelect, quantileSorted, robustRange } from '../../../src/engine/curves/range';

test('quantiles interpolate between order statistics', () => {
  const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(quantileSorted(xs, 0.05), 0.5);
  assert.equal(quantileSorted(xs, 0.95), 9.5);
  assert.equal(quantileSorted(xs, 0.5), 5);
});

test('outliers outside 5–95 % do not stretch the range', () => {
  const values = Array.from({ length: 100 }, (_, i) => 1 + i / 100);
  values[10] = 1e6;
  values[20] = -1e6;
  values[30] = NaN;
  const r = robustRange([values], { pad: 0 })!;
  assert.ok(r[0] > 0.9 && r[0] < 1.1, `low ${r[0]}`);
  assert.ok(r[1] > 1.8 && r[1] < 2.0, `high ${r[1]}`);
});

test('log ranges are in log10 units over positive values only', () => {
  const r = robustRange([[0, -1, 10, 100, 1000]], { low: 0, high: 1, pad: 0, log: true })!;
  assert.deepEqual(r, [1, 3]);
});

test('nothing finite gives no range; a constant gets a visible one', () => {
  assert.equal(robustRange([[NaN, Infinity]]), undefined);
  const r = robustRange([[2, 2, 2]])!;
  assert.ok(r[0] < 2 && r[1] > 2);
});

test('selection finds the same quantiles as sorting, duplicates and all', () => {
  fc.assert(fc.property(fc.array(fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
    const sorted = Float64Array.from(values).sort();
    const got = quantileSelect(Float64Array.from(values), q);
    const want = quantileSorted(sorted, q);
    assert.ok(got === want, `${got} where a sort gives ${want}`); // === : a sort puts -0 before 0, selection need not
  }));
});
