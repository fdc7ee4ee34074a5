import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { smooth } from '../../../src/engine/curves/smooth';
import { GrowingColumns } from '../../../src/plot/growingColumns';

/** The decimation of the whole curve on a given grid, by brute force: per column the earliest index
 *  of the minimum and of the maximum of the raw values and of smooth()'s line, the first
 *  non-finite raw value, and the first and last points. */
function reference(x: number[], y: number[], weight: number, grid: { x0: number; width: number }): number[] {
  const s = smooth(y, weight);
  const columnOf = (v: number): number => {
    if (!Number.isFinite(v) || grid.width === 0) return 0;
    const c = Math.floor((v - grid.x0) / grid.width);
    return c >= 0 ? c : 0;
  };
  const keep = new Set<number>(y.length > 0 ? [0, y.length - 1] : []);
  const columns = new Map<number, number[]>();
  x.forEach((v, i) => columns.set(columnOf(v), [...(columns.get(columnOf(v)) ?? []), i]));
  for (const members of columns.values()) {
    const gap = members.find((i) => !Number.isFinite(y[i]!));
    if (gap !== undefined) keep.add(gap);
    for (const line of [y, s]) {
      const finite = members.filter((i) => Number.isFinite(y[i]!));
      if (finite.length === 0) continue;
      const lo = Math.min(...finite.map((i) => line[i]!));
      const hi = Math.max(...finite.map((i) => line[i]!));
      keep.add(finite.find((i) => line[i] === lo)!);
      keep.add(finite.find((i) => line[i] === hi)!);
    }
  }
  return [...keep].sort((a, b) => a - b);
}

const value = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -5, max: 5 }) }, // ties
  { weight: 12, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);

const curve = fc.record({
  y: fc.array(value, { minLength: 1, maxLength: 400 }),
  // Mostly increasing steps, sometimes a restart (back) or a repeat.
  dx: fc.array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 50 }) }, { weight: 1, arbitrary: fc.integer({ min: -300, max: 0 }) }), { minLength: 400, maxLength: 400 }),
  cuts: fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 8 }),
  columns: fc.integer({ min: 1, max: 20 }),
  weight: fc.constantFrom(0, 0.6, 0.9),
});

test('appended in pieces, the kept indices are those of the whole curve decimated on the same grid', () => {
  fc.assert(fc.property(curve, ({ y, dx, cuts, columns, weight }) => {
    const x: number[] = [];
    y.forEach((_, i) => x.push(i === 0 ? 100 : x[i - 1]! + dx[i]!));
    const g = new GrowingColumns(columns, weight, 16);
    for (const cut of [...cuts.filter((c) => c < y.length)].sort((a, b) => a - b)) g.append(x.slice(0, cut), y.slice(0, cut));
    g.append(x, y);
    assert.equal(g.length, y.length);
    assert.ok(g.grid.used <= 2 * columns);
    assert.deepEqual(g.indices(), reference(x, y, weight, g.grid));
    // The smoothed value at any index is smooth()'s, to the bit.
    const s = smooth(y, weight);
    for (let i = 0; i < y.length; i++) assert.ok(Object.is(g.smoothedAt(y, i), s[i]), `smoothed at ${i}`);
    // The sample is every stride-th point, raw and smoothed.
    const { raw, smoothed, stride } = g.sample();
    assert.deepEqual(raw, y.filter((_, i) => i % stride === 0));
    assert.deepEqual(smoothed, s.filter((_, i) => i % stride === 0));
    assert.ok(raw.length <= 32);
  }), { numRuns: 300 });
});

test('a one-point spike in 100,000 points survives, 100 points appended at a time', () => {
  const n = 100_000;
  const x = Float64Array.from({ length: n }, (_, i) => i);
  const y = Float64Array.from({ length: n }, (_, i) => 1 / (1 + i / 1000));
  y[77_777] = 50;
  y[12_345] = NaN;
  const g = new GrowingColumns(50, 0.6);
  g.append(x.subarray(0, 1000), y.subarray(0, 1000));
  for (let end = 1100; end <= n; end += 100) g.append(x.subarray(0, end), y.subarray(0, end));
  const kept = g.indices([500]);
  assert.ok(kept.includes(77_777) && kept.includes(12_345) && kept.includes(500) && kept.includes(n - 1));
  assert.ok(kept.length <= 4 * 2 * 50 + 4, `${kept.length} points kept`);
  assert.deepEqual(kept.filter((i) => i !== 500), reference(Array.from(x), Array.from(y), 0.6, g.grid));
});

test('a bad weight is refused; an empty curve keeps nothing', () => {
  assert.throws(() => new GrowingColumns(10, 1), /smoothing weight/);
  const g = new GrowingColumns(10, 0.5);
  g.append([], []);
  assert.deepEqual(g.indices([0]), []);
});
