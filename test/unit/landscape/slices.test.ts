import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomDirection } from '../../../src/engine/landscape/directions';
import { interpolate, slice1d, slice2d } from '../../../src/engine/landscape/slices';
import { linspace } from '../../../src/engine/landscape/vector';
import { Quadratic, SIZE, dotv, randomVector } from './quadratic';

const q = Quadratic.withEigenvalues(Array.from({ length: SIZE }, (_, i) => 0.2 + i * 0.35), 5);
const w = randomVector(SIZE, 9);
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-9 * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);

test('default grids: -1:1:51 with 0 in the middle', () => {
  const xs = linspace(-1, 1, 51);
  assert.equal(xs.length, 51);
  assert.equal(xs[0], -1);
  assert.equal(xs[50], 1);
  assert.ok(Math.abs(xs[25]!) < 1e-15);
  assert.ok(Math.abs(xs[1]! - xs[0]! - 0.04) < 1e-15);
});

test('1-D slice of a quadratic is the exact parabola f(w) + x·gᵀd + ½x²·dᵀAd', () => {
  const d = randomDirection(q, w, 1);
  const { loss: f0, grad } = q.lossAndGrad(w);
  const gd = dotv(grad, d);
  const dAd = dotv(d, q.mul(d));
  const xs = linspace(-1, 1, 51);
  slice1d(q, w, d, xs).forEach((z, i) => close(z, f0 + xs[i]! * gd + 0.5 * xs[i]! ** 2 * dAd, `x=${xs[i]}`));
});

test('2-D slice of a quadratic matches the exact quadratic form, z[j][i] at (x[i], y[j])', () => {
  const d1 = randomDirection(q, w, 1);
  const d2 = randomDirection(q, w, 2);
  const { loss: f0, grad } = q.lossAndGrad(w);
  const [g1, g2] = [dotv(grad, d1), dotv(grad, d2)];
  const [a11, a12, a22] = [dotv(d1, q.mul(d1)), dotv(d1, q.mul(d2)), dotv(d2, q.mul(d2))];
  const xs = linspace(-1, 1, 51);
  const ys = linspace(-0.5, 0.5, 11);
  const z = slice2d(q, w, d1, d2, xs, ys);
  assert.equal(z.length, 11);
  assert.equal(z[0]!.length, 51);
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      const [x, y] = [xs[i]!, ys[j]!];
      close(z[j]![i]!, f0 + x * g1 + y * g2 + 0.5 * (x * x * a11 + 2 * x * y * a12 + y * y * a22), `(${x}, ${y})`);
    }
  }
  // a band of rows equals the same rows of the whole grid
  assert.deepEqual(slice2d(q, w, d1, d2, xs, ys, [3, 6]), z.slice(3, 6));
});

test('interpolation hits both ends and follows the exact parabola between them', () => {
  const a = randomVector(SIZE, 20);
  const b = q.minimum;
  const alphas = linspace(-0.5, 1.5, 21);
  const delta = b.map((x, i) => x - a[i]!);
  const { loss: fa, grad } = q.lossAndGrad(a);
  const z = interpolate(q, a, b, alphas);
  alphas.forEach((t, i) => close(z[i]!, fa + t * dotv(grad, delta) + 0.5 * t * t * dotv(delta, q.mul(delta)), `α=${t}`));
  close(z[5]!, fa, 'α=0');
  close(z[15]!, q.offset, 'α=1 is the minimum');
});
