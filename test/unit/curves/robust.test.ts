import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { medianOf, rollingMedian, sideMedians } from '../../../src/engine/curves/robust';
import * as reference from './robust-reference';

// Values with ties, signed zeros, NaN and ±inf, as real loss curves have.
const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0) },
);

test('rolling and side medians equal the window-sorting reference on random series', () => {
  fc.assert(fc.property(fc.array(value, { maxLength: 120 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), (values, half, centred) => {
    assert.deepEqual(Array.from(rollingMedian(values, half, centred)), reference.rollingMedian(values, half, centred));
    const sides = sideMedians(values, half);
    assert.deepEqual({ before: Array.from(sides.before), after: Array.from(sides.after) }, reference.sideMedians(values, half));
    assert.deepEqual(medianOf(values), reference.medianOf(values));
  }), { numRuns: 400 });
});

test('long series (ranks spread over several bitset levels) equal the reference', () => {
  fc.assert(fc.property(fc.array(value, { minLength: 1000, maxLength: 40_000 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), (values, half, centred) => {
    assert.deepEqual(Array.from(rollingMedian(values, half, centred)), reference.rollingMedian(values, half, centred));
    const sides = sideMedians(values, half);
    assert.deepEqual({ before: Array.from(sides.before), after: Array.from(sides.after) }, reference.sideMedians(values, half));
  }), { numRuns: 12 });
});
