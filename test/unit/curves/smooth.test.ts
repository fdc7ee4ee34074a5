import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smooth } from '../../../src/engine/curves/smooth';
import { curve, SHAPES } from './series';

test('hand-computed values for [1, 2, 3] at weight 0.5', () => {
  // last: 0.5, 1.25, 2.125; debias: 0.5, 0.75, 0.875
  const s = smooth([1, 2, 3], 0.5);
  assert.ok(Math.abs(s[0]! - 1) < 1e-15);
  assert.ok(Math.abs(s[1]! - 1.25 / 0.75) < 1e-15);
  assert.ok(Math.abs(s[2]! - 2.125 / 0.875) < 1e-15);
});

test('default weight is 0.6', () => {
  const s = smooth([0, 10]);
  // last = 0, then 0.4*10 = 4; debias 1 - 0.36 = 0.64
  assert.ok(Math.abs(s[1]! - 4 / 0.64) < 1e-12);
});

test('matches the closed form sum of the debiased EMA on a noisy series', () => {
  const ys = curve(SHAPES.exponential!, 300, 0.1, 0.01, 7);
  for (const w of [0, 0.3, 0.6, 0.9, 0.99]) {
    const s = smooth(ys, w);
    ys.forEach((_, n) => {
      let num = 0;
      for (let k = 0; k <= n; k++) num += (1 - w) * Math.pow(w, n - k) * ys[k]!;
      const expected = w === 0 ? ys[n]! : num / (1 - Math.pow(w, n + 1));
      assert.ok(Math.abs(s[n]! - expected) <= 1e-9 * (1 + Math.abs(expected)), `w=${w} n=${n}: ${s[n]} vs ${expected}`);
    });
  }
});

test('a constant series stays constant from the first point (debiasing)', () => {
  assert.deepEqual(smooth([5, 5, 5, 5], 0.9).map((v) => Number(v.toFixed(12))), [5, 5, 5, 5]);
});

test('non-finite values pass through and do not enter the average', () => {
  const s = smooth([1, NaN, Infinity, 3, -Infinity], 0.5);
  assert.equal(s[0], 1);
  assert.ok(Number.isNaN(s[1]!));
  assert.equal(s[2], Infinity);
  // the third finite-free point is the second finite one: last = 0.25 + 1.5 = 1.75, debias 0.75
  assert.ok(Math.abs(s[3]! - 1.75 / 0.75) < 1e-15);
  assert.equal(s[4], -Infinity);
});

test('rejects a weight outside [0, 1)', () => {
  assert.throws(() => smooth([1], 1), RangeError);
  assert.throws(() => smooth([1], -0.1), RangeError);
});

test('bit for bit the textbook formula with Math.pow at every step, over long curves', () => {
  const ys = curve(SHAPES.exponential!, 5000, 0.1, 0.05, 3);
  ys[10] = NaN;
  for (const w of [0.1, 0.6, 0.95, 0.999]) {
    let last = 0;
    let n = 0;
    const expected = ys.map((y) => {
      if (!Number.isFinite(y)) return y;
      last = last * w + (1 - w) * y;
      n++;
      return last / (1 - Math.pow(w, n));
    });
    assert.deepEqual(smooth(ys, w), expected, `w=${w}`);
  }
});
