/** Dense kernels for small layers. V8 does not vectorise, and a single accumulator waits on the
 *  latency of each add, so the loops work on blocks of 4 outputs (or 4 × 2) with independent
 *  accumulators that share their loads; leftovers take the plain loop. */
import { expNonPositive } from '../losses/fast_exp';

/** z[n, j] = b[j] + Σ_k W[j, k] x[n, k] for n < batch (W at w0, b at b0 in params). */
export function affineForward(params: Float64Array, w0: number, b0: number, x: Float64Array, z: Float64Array, batch: number, I: number, O: number): void {
  const O4 = O - (O % 4);
  for (let n = 0; n < batch; n++) {
    const xo = n * I;
    const zo = n * O;
    let j = 0;
    for (; j < O4; j += 4) {
      let s0 = params[b0 + j]!;
      let s1 = params[b0 + j + 1]!;
      let s2 = params[b0 + j + 2]!;
      let s3 = params[b0 + j + 3]!;
      const r0 = w0 + j * I;
      const r1 = r0 + I;
      const r2 = r1 + I;
      const r3 = r2 + I;
      for (let k = 0; k < I; k++) {
        const xv = x[xo + k]!;
        s0 += params[r0 + k]! * xv;
        s1 += params[r1 + k]! * xv;
        s2 += params[r2 + k]! * xv;
        s3 += params[r3 + k]! * xv;
      }
      z[zo + j] = s0;
      z[zo + j + 1] = s1;
      z[zo + j + 2] = s2;
      z[zo + j + 3] = s3;
    }
    for (; j < O; j++) {
      let s = params[b0 + j]!;
      const r = w0 + j * I;
      for (let k = 0; k < I; k++) s += params[r + k]! * x[xo + k]!;
      z[zo + j] = s;
    }
  }
}

/** grad W[j, k] += Σ_n delta[n, j] x[n, k]; grad b[j] += Σ_n delta[n, j]. */
export function affineWeightGrad(grad: Float64Array, w0: number, b0: number, x: Float64Array, delta: Float64Array, batch: number, I: number, O: number): void {
  const O4 = O - (O % 4);
  const I2 = I - (I % 2);
  let j = 0;
  for (; j < O4; j += 4) {
    let k = 0;
    for (; k < I2; k += 2) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (let n = 0; n < batch; n++) {
        const xo = n * I + k;
        const xv = x[xo]!;
        const xw = x[xo + 1]!;
        const d = n * O + j;
        const d0 = delta[d]!;
        const d1 = delta[d + 1]!;
        const d2 = delta[d + 2]!;
        const d3 = delta[d + 3]!;
        s0 += d0 * xv; s1 += d1 * xv; s2 += d2 * xv; s3 += d3 * xv;
        t0 += d0 * xw; t1 += d1 * xw; t2 += d2 * xw; t3 += d3 * xw;
      }
      const r = w0 + j * I + k;
      grad[r]! += s0; grad[r + I]! += s1; grad[r + 2 * I]! += s2; grad[r + 3 * I]! += s3;
      grad[r + 1]! += t0; grad[r + I + 1]! += t1; grad[r + 2 * I + 1]! += t2; grad[r + 3 * I + 1]! += t3;
    }
    for (; k < I; k++) {
      for (let jj = j; jj < j + 4; jj++) {
        let s = 0;
        for (let n = 0; n < batch; n++) s += delta[n * O + jj]! * x[n * I + k]!;
        grad[w0 + jj * I + k]! += s;
      }
    }
  }
  for (; j < O; j++) {
    for (let k = 0; k < I; k++) {
      let s = 0;
      for (let n = 0; n < batch; n++) s += delta[n * O + j]! * x[n * I + k]!;
      grad[w0 + j * I + k]! += s;
    }
  }
  for (let jj = 0; jj < O; jj++) {
    let s = 0;
    for (let n = 0; n < batch; n++) s += delta[n * O + jj]!;
    grad[b0 + jj]! += s;
  }
}

/** dIn[n, k] = Σ_j delta[n, j] W[j, k] (overwrites dIn). */
export function affineInputGrad(params: Float64Array, w0: number, delta: Float64Array, dIn: Float64Array, batch: number, I: number, O: number): void {
  const I4 = I - (I % 4);
  for (let n = 0; n < batch; n++) {
    const xo = n * I;
    const zo = n * O;
    let k = 0;
    for (; k < I4; k += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < O; j++) {
        const g = delta[zo + j]!;
        const r = w0 + j * I + k;
        s0 += g * params[r]!;
        s1 += g * params[r + 1]!;
        s2 += g * params[r + 2]!;
        s3 += g * params[r + 3]!;
      }
      dIn[xo + k] = s0;
      dIn[xo + k + 1] = s1;
      dIn[xo + k + 2] = s2;
      dIn[xo + k + 3] = s3;
    }
    for (; k < I; k++) {
      let s = 0;
      for (let j = 0; j < O; j++) s += delta[zo + j]! * params[w0 + j * I + k]!;
      dIn[xo + k] = s;
    }
  }
}

/** tanh from one table-driven exp (several times faster than Math.tanh in V8), within a few ulps. */
export function tanhInto(z: Float64Array, a: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    const v = z[i]!;
    if (v > -1e-4 && v < 1e-4) {
      a[i] = v - (v * v * v) / 3;
      continue;
    }
    const t = expNonPositive(-2 * Math.abs(v));
    const r = (1 - t) / (1 + t);
    a[i] = v < 0 ? -r : r;
  }
}
