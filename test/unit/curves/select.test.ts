/** The one quickselect behind the curves' quantiles and medians, against a sort. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { select } from '../../../src/engine/curves/select';

test('select puts the k-th smallest at k, no larger before it and no smaller after, as a sort orders them', () => {
  const values = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 60 });
  fc.assert(
    fc.property(values, fc.nat(), (xs, pick) => {
      const k = pick % xs.length;
      const a = Float64Array.from(xs);
      const sorted = Float64Array.from(xs).sort();
      const got = select(a, k);
      assert.ok(got === sorted[k], `${got} at ${k}, a sort has ${sorted[k]}`); // === : a sort puts -0 before 0, selection need not
      for (let i = 0; i < k; i++) assert.ok(a[i]! <= a[k]!);
      for (let i = k + 1; i < a.length; i++) assert.ok(a[i]! >= a[k]!);
      assert.deepEqual(Float64Array.from(a).sort(), sorted, 'a permutation of the input');
    }),
    { numRuns: 300 },
  );
});
