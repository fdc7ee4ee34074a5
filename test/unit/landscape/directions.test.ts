import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterNormalize, gaussianDirection, randomDirection } from '../../../src/engine/landscape/directions';
import { BLOCKS, Quadratic, SIZE, randomVector } from './quadratic';

function rowNorm(v: Float64Array, start: number, len: number): number {
  let s = 0;
  for (let i = start; i < start + len; i++) s += v[i]! ** 2;
  return Math.sqrt(s);
}

test('each filter of the direction gets the norm of the matching weight filter; biases are zeroed', () => {
  const w = randomVector(SIZE, 3);
  const raw = gaussianDirection(SIZE, 11);
  const d = filterNormalize(raw, w, BLOCKS);
  for (const [offset, filters, per] of [[0, 3, 4], [15, 2, 3]] as const) {
    for (let f = 0; f < filters; f++) {
      const start = offset + f * per;
      const target = rowNorm(w, start, per);
      assert.ok(Math.abs(rowNorm(d, start, per) - target) < 1e-9 * target, `filter ${f} at ${offset}`);
      // same direction as the raw Gaussian filter: d = c·raw with c > 0
      const c = d[start]! / raw[start]!;
      assert.ok(c > 0);
      for (let i = start; i < start + per; i++) assert.ok(Math.abs(d[i]! - c * raw[i]!) < 1e-12 * (1 + Math.abs(d[i]!)));
    }
  }
  for (const i of [12, 13, 14, 21, 22]) assert.equal(d[i], 0, `bias ${i}`);
});

test('a zero weight filter gives a zero direction filter (no division blow-up)', () => {
  const w = randomVector(SIZE, 4);
  for (let i = 0; i < 4; i++) w[i] = 0;
  const d = filterNormalize(gaussianDirection(SIZE, 5), w, BLOCKS);
  assert.ok(d.slice(0, 4).every((x) => x === 0));
  assert.ok(d.slice(4, 12).some((x) => x !== 0));
});

test('1-D blocks are zeroed even when not flagged as biases', () => {
  const d = filterNormalize(gaussianDirection(4, 1), Float64Array.of(1, 2, 3, 4), [{ offset: 0, shape: [4], isBias: false }]);
  assert.deepEqual([...d], [0, 0, 0, 0]);
});

test('directions are deterministic per seed and differ between seeds', () => {
  const q = Quadratic.withEigenvalues(Array.from({ length: SIZE }, (_, i) => i + 1), 1);
  const w = randomVector(SIZE, 2);
  assert.deepEqual(randomDirection(q, w, 7), randomDirection(q, w, 7));
  assert.notDeepEqual(randomDirection(q, w, 7), randomDirection(q, w, 8));
});

test('Gaussian draws have mean ≈ 0 and variance ≈ 1', () => {
  const g = gaussianDirection(20000, 42);
  const mean = g.reduce((a, b) => a + b, 0) / g.length;
  const variance = g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
});
