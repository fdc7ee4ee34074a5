import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { powWhole } from '../../../src/engine/kernels/scalar_math';

test('powWhole agrees with Math.pow to 3 ulps for whole exponents 0–4 and is Math.pow otherwise', () => {
  fc.assert(
    fc.property(fc.double({ min: -4, max: 4, noNaN: true }), fc.integer({ min: 0, max: 4 }), (b, k) => {
      const ours = powWhole(b, k);
      const ref = Math.pow(b, k);
      assert.ok(Math.abs(ours - ref) <= 3 * 2 ** -52 * Math.abs(ref) + Number.MIN_VALUE * 4, `${b}^${k}: ${ours} against ${ref}`);
    }),
    { numRuns: 20_000 },
  );
  assert.equal(powWhole(0.3, 2), 0.3 * 0.3);
  assert.equal(powWhole(0.3, 3), 0.3 * 0.3 * 0.3);
  for (const [b, k] of [[0.3, 0.5], [2, -1], [0.7, 5], [0.7, 16], [0.2, 2.5], [-0, 3], [NaN, 0], [Infinity, 4], [0, 0]] as const) {
    assert.ok(Object.is(powWhole(b, k), Math.pow(b, k)), `${b}^${k}`);
  }
});
