/** Dense kernels for small layers. V8 does not vectorise, and a single accumulator waits on the
 *  latency of each add, so the loops work on blocks (2 rows × 4 outputs, 4 outputs × 2 inputs)
 *  with independent accumulators that share their loads. Every sum keeps the plain loop's order,
 *  so the results are the same bits whatever the block size. */
import { expNonPositive } from '../kernels/fast_exp';

/** out[n, j] = bias[j] + Σ_k m[j, k] x[n, k] for n < batch, j < J, with m (J × K, row-major) at m0
 *  and the bias at b0 of the same array, or 0 when b0 < 0. Blocks of 2 rows × 4 outputs: eight
 *  independent accumulators share 2 loads of x and 4 of m per k (1.5× the 1 × 4 block). The sum
 *  runs over k in order from the bias, so every block size gives the same bits. */
export function rowsTimesMatrixT(m: Float64Array, m0: number, b0: number, x: Float64Array, out: Float64Array, batch: number, K: number, J: number): void {
  const J4 = J - (J % 4);
  let n = 0;
  for (; n + 1 < batch; n += 2) {
    const xa = n * K;
    const xb = xa + K;
    const oa = n * J;
    const ob = oa + J;
    let j = 0;
    for (; j < J4; j += 4) {
      const a0 = b0 < 0 ? 0 : m[b0 + j]!;
      const a1 = b0 < 0 ? 0 : m[b0 + j + 1]!;
      const a2 = b0 < 0 ? 0 : m[b0 + j + 2]!;
      const a3 = b0 < 0 ? 0 : m[b0 + j + 3]!;
      let s0 = a0, s1 = a1, s2 = a2, s3 = a3;
      let t0 = a0, t1 = a1, t2 = a2, t3 = a3;
      const r0 = m0 + j * K;
      const r1 = r0 + K;
      const r2 = r1 + K;
      const r3 = r2 + K;
      for (let k = 0; k < K; k++) {
        const u = x[xa + k]!;
        const v = x[xb + k]!;
        const q0 = m[r0 + k]!;
        const q1 = m[r1 + k]!;
        const q2 = m[r2 + k]!;
        const q3 = m[r3 + k]!;
        s0 += q0 * u; s1 += q1 * u; s2 += q2 * u; s3 += q3 * u;
        t0 += q0 * v; t1 += q1 * v; t2 += q2 * v; t3 += q3 * v;
      }
      out[oa + j] = s0; out[oa + j + 1] = s1; out[oa + j + 2] = s2; out[oa + j + 3] = s3;
      out[ob + j] = t0; out[ob + j + 1] = t1; out[ob + j + 2] = t2; out[ob + j + 3] = t3;
    }
  }
  for (; n < batch; n++) {
    const xa = n * K;
    for (let j = 0; j < J4; j++) {
      let s = b0 < 0 ? 0 : m[b0 + j]!;
      const r = m0 + j * K;
      for (let k = 0; k < K; k++) s += m[r + k]! * x[xa + k]!;
      out[n * J + j] = s;
    }
  }
  // Leftover outputs (a one-output head): 4 rows at a time, four independent sums.
  for (let j = J4; j < J; j++) {
    const bj = b0 < 0 ? 0 : m[b0 + j]!;
    const r = m0 + j * K;
    let i = 0;
    for (; i + 3 < batch; i += 4) {
      const xa = i * K;
      let s0 = bj, s1 = bj, s2 = bj, s3 = bj;
      for (let k = 0; k < K; k++) {
        const q = m[r + k]!;
        s0 += q * x[xa + k]!; s1 += q * x[xa + K + k]!; s2 += q * x[xa + 2 * K + k]!; s3 += q * x[xa + 3 * K + k]!;
      }
      out[i * J + j] = s0; out[(i + 1) * J + j] = s1; out[(i + 2) * J + j] = s2; out[(i + 3) * J + j] = s3;
    }
    for (; i < batch; i++) {
      let s = bj;
      for (let k = 0; k < K; k++) s += m[r + k]! * x[i * K + k]!;
      out[i * J + j] = s;
    }
  }
}

/** z[n, j] = b[j] + Σ_k W[j, k] x[n, k] for n < batch (W at w0, b at b0 in params). */
export function affineForward(params: Float64Array, w0: number, b0: number, x: Float64Array, z: Float64Array, batch: number, I: number, O: number): void {
  rowsTimesMatrixT(params, w0, b0, x, z, batch, I, O);
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
  // Leftover outputs (the single output of a binary or regression head): 4 inputs at a time, so
  // four sums over n run side by side instead of one long chain of dependent adds.
  const I4 = I - (I % 4);
  for (; j < O; j++) {
    let k = 0;
    for (; k < I4; k += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let n = 0; n < batch; n++) {
        const d = delta[n * O + j]!;
        const xo = n * I + k;
        s0 += d * x[xo]!; s1 += d * x[xo + 1]!; s2 += d * x[xo + 2]!; s3 += d * x[xo + 3]!;
      }
      const r = w0 + j * I + k;
      grad[r]! += s0; grad[r + 1]! += s1; grad[r + 2]! += s2; grad[r + 3]! += s3;
    }
    for (; k < I; k++) {
      let s = 0;
      for (let n = 0; n < batch; n++) s += delta[n * O + j]! * x[n * I + k]!;
      grad[w0 + j * I + k]! += s;
    }
  }
  let jj = 0;
  for (; jj < O4; jj += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let n = 0; n < batch; n++) {
      const d = n * O + jj;
      s0 += delta[d]!; s1 += delta[d + 1]!; s2 += delta[d + 2]!; s3 += delta[d + 3]!;
    }
    grad[b0 + jj]! += s0; grad[b0 + jj + 1]! += s1; grad[b0 + jj + 2]! += s2; grad[b0 + jj + 3]! += s3;
  }
  for (; jj < O; jj++) {
    let s = 0;
    for (let n = 0; n < batch; n++) s += delta[n * O + jj]!;
    grad[b0 + jj]! += s;
  }
}

/** dIn[n, k] = Σ_j delta[n, j] W[j, k] (overwrites dIn). Wᵀ is copied into `wt` (at least I × O
 *  long) first, so the sum runs along contiguous rows in the forward kernel (j in order from 0). */
export function affineInputGrad(params: Float64Array, w0: number, delta: Float64Array, dIn: Float64Array, batch: number, I: number, O: number, wt: Float64Array): void {
  for (let j = 0; j < O; j++) {
    for (let k = 0; k < I; k++) wt[k * O + j] = params[w0 + j * I + k]!;
  }
  rowsTimesMatrixT(wt, 0, -1, delta, dIn, batch, O, I);
}

/** tanh from one table-driven exp (about twice as fast as Math.tanh in V8): within 4e-16 absolutely;
 *  relatively within a few ulps for |v| >= 1 or < 1e-4, up to ~3e-13 just above 1e-4 (1 − e^−2|v|). */
export function tanhInto(z: Float64Array, a: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    const v = z[i]!;
    const magnitude = Math.abs(v); // one comparison for the series range instead of two
    if (magnitude < 1e-4) {
      a[i] = v - (v * v * v) / 3;
      continue;
    }
    const t = expNonPositive(-2 * magnitude);
    const r = (1 - t) / (1 + t);
    a[i] = v < 0 ? -r : r;
  }
}
