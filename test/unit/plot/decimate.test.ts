import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimationIndices } from '../../../src/plot/decimate';

test('short curves keep every point', () => {
  assert.deepEqual(decimationIndices([3, 1, 2], 10), [0, 1, 2]);
});

test('each bucket keeps its min and max in order, and its first non-finite value', () => {
  // 12 points, 3 buckets of 4
  const y = [5, 1, 9, 4, /**/ 2, 2, 2, 2, /**/ 7, NaN, 0, NaN];
  assert.deepEqual(decimationIndices(y, 3), [1, 2, 4, 8, 9, 10]);
});

test('extremes of a long noisy curve survive', () => {
  const y = Array.from({ length: 10_000 }, (_, i) => Math.sin(i * 0.37));
  y[7777] = 42;
  y[1234] = -42;
  const keep = decimationIndices(y, 200);
  assert.ok(keep.length <= 400);
  assert.ok(keep.includes(7777) && keep.includes(1234));
  assert.deepEqual(keep, [...keep].sort((a, b) => a - b), 'in order');
});
