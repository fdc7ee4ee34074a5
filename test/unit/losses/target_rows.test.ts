import { test } from 'node:test';
import assert from 'node:assert/strict';
import { targetLogProbRows, type TargetTerm } from '../../../src/engine/kernels/target_rows';

/** Generalized CE's term (q = 0.7), whose derivative depends on p_t. */
const Q = 0.7;
const gce: TargetTerm = (_r, logPt, out) => {
  const pq = Math.exp(Q * logPt);
  out[0] = (1 - pq) / Q;
  out[1] = -pq;
};

/** The same rows by the textbook formulas, with Math.exp and plain loops: p = softmax(x),
 *  loss = (1 − p_t^q)/q, d/dx_k = scale·p_t^q·(p_k − [k = t]). */
function direct(x: Float64Array, C: number, targets: number[], scale: number): { values: number[]; g: number[] } {
  const values: number[] = [];
  const g: number[] = [];
  targets.forEach((t, r) => {
    const row = Array.from(x.subarray(r * C, (r + 1) * C));
    const mx = row.reduce((a, b) => (b > a ? b : a), -Infinity);
    const e = row.map((v) => Math.exp(v - mx));
    const s = e.reduce((a, b) => a + b, 0);
    const pq = Math.pow(e[t]! / s, Q);
    values.push((1 - pq) / Q);
    e.forEach((ek, k) => g.push(scale * pq * (ek / s - (k === t ? 1 : 0))));
  });
  return { values, g };
}

function check(rows: number, C: number, seed: number): void {
  const x = new Float64Array(rows * C);
  let h = seed;
  for (let i = 0; i < x.length; i++) {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    x[i] = (h / 2 ** 32) * 8 - 4;
  }
  const targets = Array.from({ length: rows }, (_, r) => (r * 7919 + seed) % C);
  const scale = 1 / rows;
  const g = new Float64Array(rows * C);
  const values = targetLogProbRows(x, rows, C, targets, gce, g, scale);
  const ref = direct(x, C, targets, scale);
  for (let r = 0; r < rows; r++) assert.ok(Math.abs(values[r]! - ref.values[r]!) <= 1e-13, `row ${r}: ${values[r]} against ${ref.values[r]}`);
  let worst = 0;
  for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(g[i]! - ref.g[i]!) / (Math.abs(ref.g[i]!) + 1e-300));
  assert.ok(worst <= 1e-11, `gradient off by ${worst} relative`);
  // Without a gradient array the values are the same.
  assert.deepEqual(Array.from(targetLogProbRows(x, rows, C, targets, gce, null, scale)), Array.from(values));
}

test('targetLogProbRows on the SIMD rows matches the softmax formulas', () => {
  check(37, 10, 1);
  check(5, 129, 2);
});

test('targetLogProbRows: a row longer than the kernel takes (JavaScript rows) matches them too', () => {
  check(1, (16 << 20) / 8 + 3, 3);
});
