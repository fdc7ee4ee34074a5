import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symmetricEigen } from '../../../src/engine/landscape/eigen';
import { projectTrajectory, trajectoryBounds } from '../../../src/engine/landscape/pca';
import { SIZE, dotv, randomVector } from './quadratic';

test('Jacobi eigen-decomposition of a known symmetric matrix', () => {
  // [[2, 1], [1, 2]] has eigenvalues 3 (1,1)/√2 and 1 (1,-1)/√2
  const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
  assert.ok(Math.abs(values[0]! - 3) < 1e-12 && Math.abs(values[1]! - 1) < 1e-12);
  assert.ok(Math.abs(Math.abs(vectors[0]![0]!) - Math.SQRT1_2) < 1e-12);
  assert.ok(Math.abs(vectors[0]![0]! - vectors[0]![1]!) < 1e-12);
});

test('a path lying in a known plane is recovered: directions span it and coordinates match', () => {
  const u = randomVector(SIZE, 1);
  const un = Math.sqrt(dotv(u, u));
  u.forEach((_, i) => (u[i]! /= un));
  // v orthogonal to u
  const v = randomVector(SIZE, 2);
  const c = dotv(u, v);
  v.forEach((_, i) => (v[i]! -= c * u[i]!));
  const vn = Math.sqrt(dotv(v, v));
  v.forEach((_, i) => (v[i]! /= vn));
  const final = randomVector(SIZE, 3);
  // spiral into the final point: wide along u, narrow along v
  const steps = 40;
  const s = Array.from({ length: steps }, (_, k) => 3 * (1 - k / (steps - 1)) * Math.cos(k / 3));
  const t = Array.from({ length: steps }, (_, k) => 0.8 * (1 - k / (steps - 1)) * Math.sin(k / 3));
  const path = s.map((sk, k) => final.map((f, i) => f + sk * u[i]! + t[k]! * v[i]!));
  const p = projectTrajectory(path);
  assert.ok(Math.abs(p.explained[0] + p.explained[1] - 1) < 1e-9, 'all variance in two directions');
  assert.ok(p.explained[0] > p.explained[1]);
  // the plane of the two directions is the plane of u and v
  for (const d of p.directions) {
    assert.ok(Math.abs(Math.hypot(dotv(d, u), dotv(d, v)) - 1) < 1e-9);
  }
  assert.ok(Math.abs(dotv(p.directions[0], p.directions[1])) < 1e-9, 'orthogonal');
  // distances in the plane are preserved and the path ends at the origin
  for (let k = 0; k < steps; k++) {
    assert.ok(Math.abs(Math.hypot(p.x[k]!, p.y[k]!) - Math.hypot(s[k]!, t[k]!)) < 1e-9, `point ${k}`);
  }
  assert.ok(Math.abs(p.x[steps - 1]!) < 1e-12 && Math.abs(p.y[steps - 1]!) < 1e-12);
});

test('bounds contain the path and the origin with a margin', () => {
  const b = trajectoryBounds([1, 2, 3], [-1, 0.5, 0]);
  assert.ok(b.x[0] < 0 && b.x[1] > 3);
  assert.ok(b.y[0] < -1 && b.y[1] > 0.5);
});

test('fewer than three checkpoints is an error that says so', () => {
  assert.throws(() => projectTrajectory([randomVector(3, 1), randomVector(3, 2)]), /at least 3 checkpoints/);
});
