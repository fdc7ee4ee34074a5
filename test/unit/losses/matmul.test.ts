import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matmul, matmulJs, type Layout } from '../../../src/engine/kernels/matmul';

/** The definition: out[i, j] = Σ_k A[i, k]·B[k, j], summed over k in order from 0. */
function definition(a: Float64Array, b: Float64Array, R: number, C: number, L: number, layout: Layout): Float64Array {
  const out = new Float64Array(R * C);
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      let s = 0;
      for (let k = 0; k < L; k++) s += (layout.aTransposed ? a[k * R + i]! : a[i * L + k]!) * (layout.bTransposed ? b[j * L + k]! : b[k * C + j]!);
      out[i * C + j] = s;
    }
  }
  return out;
}

const LAYOUTS: Layout[] = [{}, { aTransposed: true }, { bTransposed: true }, { aTransposed: true, bTransposed: true }];
const dims = fc.tuple(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 40 }));

test('matmul: every layout, on the wasm and the JavaScript path, has the bits of the plain k-ordered sum', () => {
  fc.assert(
    fc.property(dims, fc.integer({ min: 0, max: 3 }), fc.integer(), ([R, C, L], which, seed) => {
      let x = seed >>> 0;
      const next = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 4 - 2;
      const a = Float64Array.from({ length: R * L }, next);
      const b = Float64Array.from({ length: L * C }, next);
      const layout = LAYOUTS[which]!;
      const want = definition(a, b, R, C, L, layout);
      // Large enough products take the wasm path where the runtime has WebAssembly SIMD.
      assert.deepEqual(matmul(a, b, R, C, L, layout), want);
      assert.deepEqual(matmulJs(a, b, R, C, L, layout, new Float64Array(R * C)), want);
    }),
    { numRuns: 60 },
  );
});

test('matmul: a product big enough for the wasm path, with edges on both sides, into a given array', () => {
  const [R, C, L] = [131, 66, 97];
  const a = Float64Array.from({ length: R * L }, (_, i) => Math.sin(i));
  const b = Float64Array.from({ length: C * L }, (_, i) => Math.cos(3 * i));
  const out = new Float64Array(R * C).fill(NaN);
  assert.equal(matmul(a, b, R, C, L, { bTransposed: true }, out), out);
  assert.deepEqual(out, definition(a, b, R, C, L, { bTransposed: true }));
});

test('matmul: infinities and NaN propagate as in the plain sum', () => {
  const a = Float64Array.from({ length: 64 * 64 }, (_, i) => (i === 5 ? Infinity : i === 700 ? NaN : 1 / (i + 1)));
  const b = Float64Array.from({ length: 64 * 64 }, (_, i) => (i % 7) - 3);
  assert.deepEqual(matmul(a, b, 64, 64, 64), definition(a, b, 64, 64, 64, {}));
});
