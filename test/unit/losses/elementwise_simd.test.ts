// The WebAssembly SIMD passes of src/engine/kernels/elementwise_simd.ts against the JavaScript they
// replace, element by element: DPO's sigmoid loss (its term, sigmoidMarginLoss) with and without
// reference log-probabilities and label smoothing, and log-cosh (its loop); odd and multi-block
// lengths, extreme and non-finite inputs; and the Cauchy loss against its formula with Math.log1p.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from '../fd';
import { cauchySimd, dpoSigmoidSimd, logCoshSimd } from '../../../src/engine/kernels/elementwise_simd';
import { logCoshLoop } from '../../../src/engine/losses/log_cosh_loss';
import { sigmoidMarginLoss } from '../../../src/engine/losses/families/preference';

/** Within a few roundings of b, or of `unit` where b is a difference of such terms (ε − σ). */
const near = (a: number, b: number, what: string, unit = 0): void => {
  if (Number.isNaN(b)) return assert.ok(Number.isNaN(a), `${what}: ${a}, expected NaN`);
  assert.ok(Object.is(a, b) || Math.abs(a - b) <= 2e-15 * (Math.abs(b) + unit) + 1e-300, `${what}: ${a} against ${b}`);
};

function check(n: number, withRef: boolean, beta: number, ls: number, seed: number): void {
  const next = rng(seed);
  const draw = (): Float64Array => Float64Array.from({ length: n }, () => -40 * next());
  const [chosen, rejected, rc, rr] = [draw(), draw(), draw(), draw()];
  // Margins far out on both sides, the non-finite ones, and u = βz near 40, where 1 + e^−u rounds to 1
  // and log1p lives on its rounding correction.
  const extremes = [1e6, -1e6, 7100, -7100, Infinity, -Infinity, NaN, 0, 400, 80, 20, 10];
  extremes.forEach((v, i) => { if (i < n) chosen[i] = v; });
  const arrays = { chosen, rejected, refChosen: withRef ? rc : null, refRejected: withRef ? rr : null };
  const values = new Float64Array(n);
  const gc = new Float64Array(n);
  const gr = new Float64Array(n);
  const scale = 1 / n;
  const sum = dpoSigmoidSimd(arrays, beta, ls, values, gc, gr, scale);
  assert.ok(sum !== null, 'the kernel ran');
  const d = new Float64Array(1);
  let expected = 0;
  for (let i = 0; i < n; i++) {
    const z = (withRef ? chosen[i]! - rc[i]! : chosen[i]!) - (withRef ? rejected[i]! - rr[i]! : rejected[i]!);
    const v = sigmoidMarginLoss(z, beta, ls, d);
    expected += v;
    near(values[i]!, v, `value ${i} (z = ${z})`);
    near(gc[i]!, d[0]! * scale, `d/dchosen ${i} (z = ${z})`, beta * scale);
    near(gr[i]!, -d[0]! * scale, `d/drejected ${i} (z = ${z})`, beta * scale);
  }
  if (Number.isFinite(expected)) assert.ok(Math.abs(sum! - expected) <= 1e-12 * Math.abs(expected) + 1e-300, `sum ${sum} against ${expected}`);
  // Without values or gradients wanted, the same sum.
  assert.equal(dpoSigmoidSimd(arrays, beta, ls, null, null, null, scale), sum);
}

test('DPO on SIMD equals the JavaScript term pair by pair', () => {
  check(9, true, 0.1, 0, 1);
  check(4096 * 2 + 7, true, 0.5, 0.1, 2);
  check(1000, false, 2, 0.3, 3);
  check(1, true, 0.1, 0, 4);
});

test('log-cosh on SIMD equals its JavaScript loop element by element', () => {
  const next = rng(5);
  for (const n of [1, 10, 4096 + 3]) {
    const x = Float64Array.from({ length: n }, () => (next() - 0.5) * 8);
    const y = Float64Array.from({ length: n }, () => (next() - 0.5) * 8);
    // Tiny and small differences (the series branch and its edge), huge ones, and non-finite ones.
    const special = [1e-12, -3e-9, 0.0999, -0.1, 0.1001, 0, -0, 400, -800, Infinity, -Infinity, NaN];
    special.forEach((d, i) => { if (i < n) x[i] = y[i]! + d; });
    const want = { values: new Float64Array(n), gx: new Float64Array(n), gy: new Float64Array(n) };
    const got = { values: new Float64Array(n), gx: new Float64Array(n), gy: new Float64Array(n) };
    const expected = logCoshLoop(x, y, want.values, want.gx, want.gy, 0.5, 0);
    const sum = logCoshSimd(x, y, got.values, got.gx, got.gy, 0.5);
    assert.ok(sum !== null, 'the kernel ran');
    for (let i = 0; i < n; i++) {
      const at = `element ${i} (d = ${x[i]! - y[i]!})`;
      // |d| + log1p(e) − log 2 cancels to a small value near d = 0: compare on the terms' scale.
      near(got.values[i]!, want.values[i]!, `value ${at}`, Math.abs(x[i]! - y[i]!) + 1);
      near(got.gx[i]!, want.gx[i]!, `d/dx ${at}`);
      near(got.gy[i]!, want.gy[i]!, `d/dy ${at}`);
    }
    if (Number.isFinite(expected)) assert.ok(Math.abs(sum! - expected) <= 1e-12 * Math.abs(expected), `sum ${sum} against ${expected}`);
  }
});

test('Cauchy on SIMD equals log1p(½r²/c²) and its derivative computed with Math.log1p', () => {
  const next = rng(6);
  for (const [n, c] of [[1, 1], [11, 0.5], [4096 * 2 + 1, 3]] as const) {
    const k = 1 / (c * c);
    const x = Float64Array.from({ length: n }, () => (next() - 0.5) * 40);
    const y = Float64Array.from({ length: n }, () => (next() - 0.5) * 40);
    // h = ½r²k at and around 1 (where the two paths meet), tiny, huge, overflowing and non-finite.
    const rAt = (h: number): number => Math.sqrt((2 * h) / k);
    const special = [rAt(1), rAt(1 + 2 ** -52), rAt(1 - 2 ** -53), rAt(2), 1e-160, 5e-324, 0, 1e150, 1e200, -Infinity, NaN, rAt(2 ** 60)];
    special.forEach((r, i) => { if (i < n) x[i] = y[i]! + r; });
    const values = new Float64Array(n);
    const gx = new Float64Array(n);
    const gy = new Float64Array(n);
    const sum = cauchySimd(x, y, k, values, gx, gy, 0.25);
    assert.ok(sum !== null, 'the kernel ran');
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i]! - y[i]!;
      const h = 0.5 * r * r * k;
      const v = Math.log1p(h);
      const g = ((r * k) / (h + 1)) * 0.25;
      expected += v;
      near(values[i]!, v, `value ${i} (r = ${r}, h = ${h})`);
      near(gx[i]!, g, `d/dx ${i} (r = ${r})`);
      near(gy[i]!, -g, `d/dy ${i} (r = ${r})`);
    }
    if (Number.isFinite(expected)) assert.ok(Math.abs(sum! - expected) <= 1e-12 * Math.abs(expected), `sum ${sum} against ${expected}`);
    else assert.ok(Object.is(sum, expected) || (Number.isNaN(sum!) && Number.isNaN(expected)), `sum ${sum} against ${expected}`);
  }
});
