import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { columnIndices, runColumns, spanIndices } from '../../../src/plot/decimate';

const steps = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('short curves keep every point', () => {
  assert.deepEqual(columnIndices([0, 1, 2], [3, 1, 2], 10, 0, 2), [0, 1, 2]);
  assert.deepEqual(columnIndices([], [], 10, 0, 1), []);
});

test('each column keeps its min and max in order, its first non-finite value, and the two ends', () => {
  // 12 points on x 0..11, 3 columns of width 11/3: x 0-3, 4-7, 8-11
  const y = [5, 1, 9, 4, /**/ 2, 2, 2, 2, /**/ 7, NaN, 0, NaN];
  assert.deepEqual(columnIndices(steps(12), y, 3, 0, 11), [0, 1, 2, 4, 8, 9, 10, 11]);
});

test('columns follow x, not the index: a sparse stretch keeps all of its points', () => {
  // 100 points crowded into x 0..1, then 4 points spread to x 100
  const x = [...Array.from({ length: 100 }, (_, i) => i / 100), 25, 50, 75, 100];
  const y = x.map((v, i) => Math.sin(i) + v);
  const keep = columnIndices(x, y, 50, 0, 100);
  for (const i of [100, 101, 102, 103]) assert.ok(keep.includes(i), `point ${i} kept`);
  assert.ok(keep.filter((i) => i < 100).length <= 2 + 2, 'the crowded column is reduced to its extremes and the first point');
});

test('extremes of a long noisy curve survive', () => {
  const y = Array.from({ length: 10_000 }, (_, i) => Math.sin(i * 0.37));
  y[7777] = 42;
  y[1234] = -42;
  const keep = columnIndices(steps(y.length), y, 200, 0, y.length - 1);
  assert.ok(keep.length <= 402);
  assert.ok(keep.includes(7777) && keep.includes(1234));
});

test('properties: sorted unique input indices, ends kept, per-column extremes equal the full data', () => {
  const curve = fc.array(fc.oneof({ weight: 10, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) }), { minLength: 1, maxLength: 400 });
  fc.assert(fc.property(curve, fc.integer({ min: 1, max: 60 }), (y, columns) => {
    const x = steps(y.length);
    const x1 = Math.max(1, y.length - 1);
    const keep = columnIndices(x, y, columns, 0, x1);
    for (let k = 1; k < keep.length; k++) assert.ok(keep[k]! > keep[k - 1]!, 'strictly increasing');
    assert.ok(keep.every((i) => Number.isInteger(i) && i >= 0 && i < y.length), 'indices into the input');
    assert.equal(keep[0], 0);
    assert.equal(keep[keep.length - 1], y.length - 1);
    assert.ok(keep.length <= Math.max(y.length <= 2 * columns ? y.length : 0, 3 * columns + 2));
    // every column's finite min and max are among the kept values
    const scale = columns / x1;
    const col = (i: number): number => Math.min(columns - 1, Math.floor(x[i]! * scale));
    for (let c = 0; c < columns; c++) {
      const all = y.filter((v, i) => col(i) === c && Number.isFinite(v));
      if (all.length === 0) continue;
      const kept = keep.filter((i) => col(i) === c).map((i) => y[i]!);
      assert.ok(kept.includes(Math.min(...all)) && kept.includes(Math.max(...all)), `column ${c}`);
    }
  }));
});

test('a zoomed-in span keeps each column\'s extremes of every line, its first and last points, and the neighbours just outside', () => {
  const value = fc.array(fc.oneof({ weight: 10, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) }), { minLength: 1, maxLength: 300 });
  const arb = fc.tuple(value, fc.integer({ min: 1, max: 40 }), fc.double({ min: -10, max: 310, noNaN: true }), fc.double({ min: 0.5, max: 320, noNaN: true }), fc.array(fc.nat(300), { maxLength: 5 }));
  fc.assert(fc.property(arb, ([y, columns, a, width, extra]) => {
    const n = y.length;
    // x with a restart (steps going back) half way: columns follow x, not the index.
    const x = Array.from({ length: n }, (_, i) => (i < n / 2 ? i : i - n / 4));
    const second = y.map((v, i) => (Number.isFinite(v) ? Math.cos(v + i) : v));
    const [x0, x1] = [a, a + width];
    const keep = spanIndices(x, [y, second], columns, x0, x1, { extra });
    const inside = (i: number): boolean => x[i]! >= x0 && x[i]! <= x1;
    const kept = new Set(keep);
    for (let k = 1; k < keep.length; k++) assert.ok(keep[k]! > keep[k - 1]!, 'strictly increasing');
    const insideAll = x.map((_, i) => i).filter(inside);
    if (insideAll.length === 0) return;
    assert.ok(kept.has(insideAll[0]!) && kept.has(insideAll[insideAll.length - 1]!), 'first and last inside');
    for (const i of keep) assert.ok(inside(i) || inside(i - 1) || inside(i + 1), `point ${i} is in the span or next to it`);
    for (const i of insideAll) {
      if (i > 0 && !inside(i - 1)) assert.ok(kept.has(i - 1), `left neighbour of ${i}`);
      if (i + 1 < n && !inside(i + 1)) assert.ok(kept.has(i + 1), `right neighbour of ${i}`);
    }
    for (const i of extra) if (i < n && inside(i)) assert.ok(kept.has(i), `extra ${i}`);
    const scale = columns / (x1 - x0);
    const col = (i: number): number => Math.min(columns - 1, Math.max(0, Math.floor((x[i]! - x0) * scale)));
    for (const line of [y, second]) {
      for (let c = 0; c < columns; c++) {
        const all = insideAll.filter((i) => col(i) === c && Number.isFinite(line[i]!)).map((i) => line[i]!);
        if (all.length === 0) continue;
        const drawn = keep.filter((i) => inside(i) && col(i) === c).map((i) => line[i]!);
        assert.ok(drawn.includes(Math.min(...all)) && drawn.includes(Math.max(...all)), `column ${c}: min and max kept`);
      }
    }
  }), { numRuns: 300 });
});

test('typed arrays decimate like plain ones', () => {
  const y = Array.from({ length: 5000 }, (_, i) => Math.sin(i / 7) + (i === 4321 ? 50 : 0));
  const x = steps(y.length);
  assert.deepEqual(columnIndices(Float64Array.from(x), Float64Array.from(y), 100, 0, 4999), columnIndices(x, y, 100, 0, 4999));
  assert.ok(columnIndices(x, y, 100, 0, 4999).includes(4321));
});

test('the runs panel draws no more columns than the plot has pixels, nor more than its point budget allows', () => {
  assert.equal(runColumns(1), 1000);
  assert.equal(runColumns(1, 500), 500);
  assert.equal(runColumns(100), 25);
  assert.equal(runColumns(100, 500), 25);
  // A plot a few pixels wide still gets the fewest columns a curve needs.
  assert.equal(runColumns(1, 3), 12);
});
