import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hessianVectorProduct, hutchinsonTrace, topHessianEigenvalue } from '../../../src/engine/landscape/hessian';
import { Quadratic, SIZE, randomVector } from './quadratic';

const EIGENVALUES = [7.5, 3, 2.5, ...Array.from({ length: SIZE - 3 }, (_, i) => 0.1 + 0.1 * i)];
const q = Quadratic.withEigenvalues(EIGENVALUES, 3);
const w = randomVector(SIZE, 4);

test('the Hessian-vector product of a quadratic is A·v', () => {
  const v = randomVector(SIZE, 5);
  const hv = hessianVectorProduct(q, w, v);
  const av = q.mul(v);
  hv.forEach((x, i) => assert.ok(Math.abs(x - av[i]!) < 1e-7 * (1 + Math.abs(av[i]!)), `${i}: ${x} vs ${av[i]}`));
});

test('power iteration finds the top eigenvalue of a quadratic', () => {
  const top = topHessianEigenvalue(q, w, { seed: 1, tolerance: 1e-10, maxIterations: 500 });
  assert.ok(top.converged);
  assert.ok(Math.abs(top.value - 7.5) < 1e-6, `got ${top.value}`);
  // the vector is an eigenvector: A v = 7.5 v
  const av = q.mul(top.vector);
  top.vector.forEach((x, i) => assert.ok(Math.abs(av[i]! - 7.5 * x) < 1e-3, `component ${i}`));
});

test('power iteration reports the largest-magnitude eigenvalue with its sign', () => {
  const saddle = Quadratic.withEigenvalues([-9, 4, 1, ...Array.from({ length: SIZE - 3 }, () => 0.5)], 8);
  const top = topHessianEigenvalue(saddle, w, { seed: 2, tolerance: 1e-10, maxIterations: 500 });
  assert.ok(Math.abs(top.value + 9) < 1e-6, `got ${top.value}`);
});

test("Hutchinson's estimate is exact for a diagonal Hessian (vᵀAv = tr A for every ±1 vector)", () => {
  const n = 6;
  const diag = [4, 1, 0.5, 2, 3, 7];
  const a = new Float64Array(n * n);
  diag.forEach((x, i) => (a[i * n + i] = x));
  const d = new Quadratic(n, a, randomVector(n, 1));
  const est = hutchinsonTrace(d, randomVector(n, 2), { samples: 5, seed: 3 });
  assert.ok(Math.abs(est.value - 17.5) < 1e-7, `got ${est.value}`);
  assert.ok(est.standardError < 1e-6);
});

test("Hutchinson's estimate of a dense quadratic is within 4 standard errors of the exact trace", () => {
  const exact = EIGENVALUES.reduce((s, x) => s + x, 0);
  const est = hutchinsonTrace(q, w, { samples: 400, seed: 9 });
  assert.equal(est.samples, 400);
  assert.ok(est.standardError > 0);
  assert.ok(Math.abs(est.value - exact) < 4 * est.standardError, `${est.value} ± ${est.standardError} vs ${exact}`);
  // the Rademacher variance is 2·Σ_{i≠j} A_ij²; the reported error should be near its square root / √n
  let off = 0;
  for (let i = 0; i < SIZE; i++) for (let j = 0; j < SIZE; j++) if (i !== j) off += q.a[i * SIZE + j]! ** 2;
  const expectedSe = Math.sqrt((2 * off) / 400);
  assert.ok(est.standardError > 0.7 * expectedSe && est.standardError < 1.3 * expectedSe, `${est.standardError} vs ${expectedSe}`);
});
