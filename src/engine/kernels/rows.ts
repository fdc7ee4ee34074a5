/** Row kernels over (N, C) logits shared by the classification, segmentation and metric losses. */
import { LossError } from '../errors';
import { Tensor, formatShape } from '../tensor';
import { expNonPositive } from './fast_exp';
import { softmaxProbabilitiesSimd } from './softmax_rows_simd';

/** Softmax of row `x[off .. off + C)` into `p[off ..)`; returns the row's logsumexp. Every
 *  exponent is ≤ 0 after subtracting the maximum, so the fast table exp applies (4e-16 relative). */
export function softmaxRow(x: ArrayLike<number>, off: number, C: number, p: Float64Array): number {
  let m = -Infinity;
  for (let c = 0; c < C; c++) m = Math.max(m, x[off + c]!);
  let s = 0;
  for (let c = 0; c < C; c++) {
    const e = expNonPositive(x[off + c]! - m);
    p[off + c] = e;
    s += e;
  }
  for (let c = 0; c < C; c++) p[off + c]! /= s;
  return m + Math.log(s);
}

/** The softmax of each of `rows` contiguous rows of C logits into `p` (same layout), each row's
 *  logsumexp into `lse` when given: on WebAssembly SIMD where it runs, else row by row as softmaxRow. */
export function softmaxRowsInto(x: Float64Array, rows: number, C: number, p: Float64Array, lse?: Float64Array): void {
  if (softmaxProbabilitiesSimd(x, rows, C, p, lse)) return;
  for (let r = 0; r < rows; r++) {
    const l = softmaxRow(x, r * C, C, p);
    if (lse) lse[r] = l;
  }
}

/** Back through log-softmax: g_k = d_k − p_k·Σ d (d = d(loss)/d(log p) of one row), in place. */
export function backLogSoftmax(d: Float64Array, p: Float64Array, off: number, C: number): void {
  let s = 0;
  for (let c = 0; c < C; c++) s += d[off + c]!;
  for (let c = 0; c < C; c++) d[off + c] = d[off + c]! - p[off + c]! * s;
}

/** Back through softmax: g_k = p_k(d_k − Σ p·d) (d = d(loss)/d(p)), in place. */
export function backSoftmax(d: Float64Array, p: Float64Array, off: number, C: number): void {
  let s = 0;
  for (let c = 0; c < C; c++) s += p[off + c]! * d[off + c]!;
  for (let c = 0; c < C; c++) d[off + c] = p[off + c]! * (d[off + c]! - s);
}

/** (N, C) logits and (N) class indices in [0, C) (an `ignore` index is allowed); returns N and C. */
export function logitsAndIndices(loss: string, logits: Tensor, target: Tensor, ignore?: number): { N: number; C: number } {
  if (logits.ndim !== 2) throw new LossError(loss, 'input', `expected (N, C) logits, got shape ${formatShape(logits.shape)}`);
  const [N, C] = logits.shape as [number, number];
  if (target.ndim !== 1 || target.shape[0] !== N) throw new LossError(loss, 'target', `expected shape (${N}) of class indices, got ${formatShape(target.shape)}`);
  for (const t of target.data) {
    if (t === ignore) continue;
    if (!Number.isInteger(t) || t < 0 || t >= C) throw new LossError(loss, 'target', `class index ${t} is out of range [0, ${C})`);
  }
  return { N, C };
}

export function requireRank(loss: string, name: string, t: Tensor, rank: number, what: string): void {
  if (t.ndim !== rank) throw new LossError(loss, name, `expected ${what}, got shape ${formatShape(t.shape)}`);
}
