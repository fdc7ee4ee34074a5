// The WebAssembly SIMD rows of classIndexRows (src/engine/kernels/softmax_rows_simd.ts): the same
// losses and gradients as the JavaScript loop (taken here through all-ones class weights, which
// the SIMD path does not take) and as a plain Math.exp reference written out below, over odd and
// even class counts, several blocks, ignored rows and extreme logits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng as uniform } from '../fd';
import { classIndexRows } from '../../../src/engine/kernels/softmax_cross_entropy';
import { softmaxProbabilitiesSimd, softmaxRowsSimd } from '../../../src/engine/kernels/softmax_rows_simd';

const close = (a: number, b: number, tol: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= tol * (1 + Math.abs(b));

/** Loss rows and gradient from their definitions with Math.exp: p = softmax(x), row loss
 *  (1−ε)·(−log p_k) + (ε/C)·(−Σ log p_c), gradient a·([c = k] − p_c) + b·(1 − C·p_c). */
function reference(x: Float64Array, N: number, C: number, t: Int32Array, eps: number, a: number, b: number) {
  const rows = new Float64Array(N);
  const g = new Float64Array(N * C);
  for (let r = 0; r < N; r++) {
    const row = x.subarray(r * C, r * C + C);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    if (t[r]! < 0) continue;
    const logp = Array.from(row, (v) => v - lse);
    rows[r] = (1 - eps) * -logp[t[r]!]! + (eps / C) * -logp.reduce((s, v) => s + v, 0);
    for (let c = 0; c < C; c++) g[r * C + c] = a * ((c === t[r] ? 1 : 0) - Math.exp(logp[c]!)) + b * (1 - C * Math.exp(logp[c]!));
  }
  return { rows, g };
}

test('the SIMD kernel runs here (this Node has WebAssembly SIMD)', () => {
  assert.equal(softmaxRowsSimd(new Float64Array(4), 2, 2, null, new Int32Array([0, 1]), () => undefined), true);
});

for (const C of [2, 3, 7, 128, 129, 1001]) {
  test(`${C} classes: SIMD rows equal the JavaScript loop and the Math.exp reference`, () => {
    const N = C > 500 ? 70 : 300; // 1001 classes: 16 rows per block, several blocks
    const rand = uniform(C);
    const x = Float64Array.from({ length: N * C }, () => (rand() - 0.5) * 30);
    const t = Int32Array.from({ length: N }, (_, r) => (r % 11 === 5 ? -1 : Math.floor(rand() * C)));
    const eps = 0.1;
    const scales = { nllScale: -(1 - eps) / N, smoothScale: -eps / C / N };
    const simd = classIndexRows({ logits: x, batch: N, classes: C, inner: 1, weight: null }, t, eps, true, scales);
    const js = classIndexRows({ logits: x, batch: N, classes: C, inner: 1, weight: new Float64Array(C).fill(1) }, t, eps, true, scales);
    const ref = reference(x, N, C, t, eps, scales.nllScale, scales.smoothScale);
    for (let r = 0; r < N; r++) {
      assert.ok(close(simd.rows![r]!, js.rows![r]!, 1e-14), `row ${r}: ${simd.rows![r]} vs ${js.rows![r]}`);
      assert.ok(close(simd.rows![r]!, ref.rows[r]!, 1e-12), `row ${r} vs reference`);
    }
    assert.ok(close(simd.nllSum, js.nllSum, 1e-13) && close(simd.smoothSum, js.smoothSum, 1e-13));
    for (let i = 0; i < N * C; i++) {
      assert.ok(Math.abs(simd.gradLogits![i]! - js.gradLogits![i]!) <= 1e-16 + 1e-13 * Math.abs(js.gradLogits![i]!), `grad ${i}: ${simd.gradLogits![i]} vs ${js.gradLogits![i]}`);
      assert.ok(Math.abs(simd.gradLogits![i]! - ref.g[i]!) <= 1e-15 + 1e-11 * Math.abs(ref.g[i]!), `grad ${i} vs reference`);
    }
  });
}

test('extreme rows: far below the maximum, +inf, NaN and −inf logits come out as in the JavaScript loop', () => {
  const C = 5;
  const rows = [
    [0, -1e300, -800, -708.5, 3],
    [1, Infinity, 2, 3, 4],
    [1, NaN, 2, 3, 4],
    [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
    [1e300, 1e300, -1e300, 0, 1],
  ];
  const x = Float64Array.from(rows.flat());
  const t = new Int32Array([4, 0, 2, 1, 0]);
  const scales = { nllScale: -1, smoothScale: -0.01 };
  const simd = classIndexRows({ logits: x, batch: rows.length, classes: C, inner: 1, weight: null }, t, 0.05, true, scales);
  const js = classIndexRows({ logits: x, batch: rows.length, classes: C, inner: 1, weight: new Float64Array(C).fill(1) }, t, 0.05, true, scales);
  for (let r = 0; r < rows.length; r++) assert.ok(close(simd.rows![r]!, js.rows![r]!, 1e-14), `row ${r}: ${simd.rows![r]} vs ${js.rows![r]}`);
  for (let i = 0; i < x.length; i++) assert.ok(close(simd.gradLogits![i]!, js.gradLogits![i]!, 1e-14), `grad ${i}: ${simd.gradLogits![i]} vs ${js.gradLogits![i]}`);
  assert.ok(Number.isFinite(simd.rows![0]!), 'a logit 800 below the maximum is a finite, tiny probability');
});

test('softmax probabilities on SIMD equal Math.exp softmax (the rows of focal and GCE losses)', () => {
  for (const C of [2, 5, 64, 333]) {
    const N = 200;
    const rand = uniform(100 + C);
    const x = Float64Array.from({ length: N * C }, () => (rand() - 0.5) * 40);
    const p = new Float64Array(N * C);
    assert.ok(softmaxProbabilitiesSimd(x, N, C, p));
    for (let r = 0; r < N; r++) {
      const row = x.subarray(r * C, r * C + C);
      const m = Math.max(...row);
      const z = row.reduce((s, v) => s + Math.exp(v - m), 0);
      for (let c = 0; c < C; c++) assert.ok(close(p[r * C + c]!, Math.exp(row[c]! - m) / z, 1e-14), `C=${C} (${r}, ${c})`);
    }
  }
});

test('the SIMD exponential is within a few roundings of Math.exp over the whole range it meets', () => {
  // Rows [0, z]: the second probability is e^z/(1 + e^z), for z from −700 to 0, the table's knots
  // (multiples of ln2/128) and their midpoints included.
  const next = uniform(7);
  const zs: number[] = [];
  for (let i = 0; i < 20_000; i++) zs.push(-700 * next());
  for (let k = 0; k < 2000; k++) zs.push(-(k / 2) * (Math.LN2 / 128));
  const x = new Float64Array(zs.flatMap((z) => [0, z]));
  const p = new Float64Array(x.length);
  assert.ok(softmaxProbabilitiesSimd(x, zs.length, 2, p), 'the kernel ran');
  zs.forEach((z, i) => {
    const e = Math.exp(z);
    for (const [got, want] of [[p[2 * i]!, 1 / (1 + e)], [p[2 * i + 1]!, e / (1 + e)]] as const) {
      assert.ok(Math.abs(got - want) <= 8e-16 * want, `z = ${z}: ${got} against ${want}`);
    }
  });
});
