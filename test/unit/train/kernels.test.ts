import assert from 'node:assert/strict';
import { test } from 'node:test';
import { affineForward, affineInputGrad, affineWeightGrad, tanhInto } from '../../../src/engine/train/kernels';
import { rng } from '../fd';

// The blocked kernels keep each sum in the plain loop's order (bias first, then k or n ascending),
// so they must agree with these textbook loops bit for bit, on every block size and leftover.
const SHAPES: [batch: number, inputs: number, outputs: number][] = [
  [1, 1, 1], [2, 16, 16], [7, 2, 16], [9, 16, 1], [5, 3, 5], [6, 5, 7], [11, 4, 8], [3, 16, 3], [1000, 16, 16],
];

function randomArray(length: number, rand: () => number): Float64Array {
  return Float64Array.from({ length }, () => 2 * rand() - 1);
}

for (const [batch, I, O] of SHAPES) {
  test(`dense kernels match the plain loops exactly: batch ${batch}, ${I} -> ${O}`, () => {
    const rand = rng(batch * 1000 + I * 10 + O);
    const w0 = 3; // parameters start at an offset, as in a deeper layer
    const b0 = w0 + I * O;
    const params = randomArray(b0 + O + 2, rand);
    const x = randomArray(batch * I, rand);
    const delta = randomArray(batch * O, rand);

    const z = new Float64Array(batch * O);
    affineForward(params, w0, b0, x, z, batch, I, O);
    const dIn = new Float64Array(batch * I).fill(NaN);
    affineInputGrad(params, w0, delta, dIn, batch, I, O, new Float64Array(I * O));
    const grad = randomArray(params.length, rand);
    const before = grad.slice();
    affineWeightGrad(grad, w0, b0, x, delta, batch, I, O);

    for (let n = 0; n < batch; n++) {
      for (let j = 0; j < O; j++) {
        let s = params[b0 + j]!;
        for (let k = 0; k < I; k++) s += params[w0 + j * I + k]! * x[n * I + k]!;
        assert.equal(z[n * O + j], s, `z[${n}, ${j}]`);
      }
      for (let k = 0; k < I; k++) {
        let s = 0;
        for (let j = 0; j < O; j++) s += delta[n * O + j]! * params[w0 + j * I + k]!;
        assert.equal(dIn[n * I + k], s, `dIn[${n}, ${k}]`);
      }
    }
    for (let j = 0; j < O; j++) {
      for (let k = 0; k < I; k++) {
        let s = 0;
        for (let n = 0; n < batch; n++) s += delta[n * O + j]! * x[n * I + k]!;
        assert.equal(grad[w0 + j * I + k], before[w0 + j * I + k]! + s, `gW[${j}, ${k}]`);
      }
      let s = 0;
      for (let n = 0; n < batch; n++) s += delta[n * O + j]!;
      assert.equal(grad[b0 + j], before[b0 + j]! + s, `gb[${j}]`);
    }
    for (let i = 0; i < w0; i++) assert.equal(grad[i], before[i], 'entries before the layer untouched');
    for (let i = b0 + O; i < grad.length; i++) assert.equal(grad[i], before[i], 'entries after the layer untouched');
  });
}

// tanhInto computes (1 − e^−2|v|) / (1 + e^−2|v|): the subtraction costs relative accuracy for small
// |v| (up to ~3e-13 just above the 1e-4 cut-over to the series), never more than ~3e-16 absolutely.
test('tanhInto is within 4e-16 of Math.tanh (relative for |v| >= 1), saturates, and passes NaN', () => {
  const rand = rng(5);
  const z = Float64Array.from({ length: 20000 }, (_, i) => (i % 2 ? 1 : -1) * Math.pow(10, 7 * rand() - 6));
  z.set([0, -0, 1e-300, 1e-4, 19, 25, -40, Infinity, -Infinity, NaN], 0);
  const a = new Float64Array(z.length);
  tanhInto(z, a, z.length);
  for (let i = 0; i < z.length; i++) {
    const v = z[i]!;
    const want = Math.tanh(v);
    if (Number.isNaN(want)) {
      assert.ok(Number.isNaN(a[i]), `tanh(${v})`);
      continue;
    }
    const tolerance = Math.abs(v) >= 1 || Math.abs(v) < 1e-4 ? 4e-16 * Math.abs(want) : 4e-16;
    assert.ok(Math.abs(a[i]! - want) <= tolerance, `tanh(${v}) = ${a[i]}, want ${want}`);
  }
  assert.equal(a[4], 1);
  assert.equal(a[6], -1);
});
