/** Embedding kernels for the metric-learning losses: row normalisation and its backward, the
 *  similarity matrix of two sets of rows and its backward, cross-entropy over a score matrix. */
import { LossError } from '../../errors';
import { Tensor, formatShape } from '../../tensor';
import { softmaxRow } from './rows';
import { scratch } from '../scratch';

/** Rows of an (N, D) matrix divided by their L2 norms (clamped at 1e-12 as F.normalize does). */
export function normalizeRows(x: Float64Array, N: number, D: number, y: Float64Array = new Float64Array(N * D)): { y: Float64Array; norms: Float64Array } {
  const norms = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < D; k++) s += x[i * D + k]! ** 2;
    const n = Math.max(Math.sqrt(s), 1e-12);
    norms[i] = n;
    for (let k = 0; k < D; k++) y[i * D + k] = x[i * D + k]! / n;
  }
  return { y, norms };
}

/** d/dx from d/dy of y = x/‖x‖ per row: (g − y(y·g))/‖x‖. */
export function backNormalizeRows(g: Float64Array, y: Float64Array, norms: Float64Array, N: number, D: number): Float64Array {
  const out = new Float64Array(N * D);
  for (let i = 0; i < N; i++) {
    let dot = 0;
    for (let k = 0; k < D; k++) dot += y[i * D + k]! * g[i * D + k]!;
    for (let k = 0; k < D; k++) out[i * D + k] = (g[i * D + k]! - y[i * D + k]! * dot) / norms[i]!;
  }
  return out;
}

/** X·Yᵀ for row-major X (R×L) and Y (C×L) into `out` (R×C). Blocks of 4 rows of X × 4 rows of Y:
 *  sixteen independent sums share 8 loads per k (the training layers' 2 × 4 block shares 6 among
 *  8). Each sum runs over k in order from 0, as rowsTimesMatrixT's, so the bits are the same. */
function matmulNT(x: Float64Array, y: Float64Array, R: number, C: number, L: number, out: Float64Array = new Float64Array(R * C)): Float64Array {
  const R4 = R - (R % 4);
  const C4 = C - (C % 4);
  for (let i = 0; i < R4; i += 4) {
    const x0 = i * L;
    const x1 = x0 + L;
    const x2 = x1 + L;
    const x3 = x2 + L;
    for (let j = 0; j < C4; j += 4) {
      const y0 = j * L;
      const y1 = y0 + L;
      const y2 = y1 + L;
      const y3 = y2 + L;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < L; k++) {
        const a0 = x[x0 + k]!, a1 = x[x1 + k]!, a2 = x[x2 + k]!, a3 = x[x3 + k]!;
        const b0 = y[y0 + k]!, b1 = y[y1 + k]!, b2 = y[y2 + k]!, b3 = y[y3 + k]!;
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
        s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
        s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
      }
      const o0 = i * C + j;
      const o1 = o0 + C;
      const o2 = o1 + C;
      const o3 = o2 + C;
      out[o0] = s00; out[o0 + 1] = s01; out[o0 + 2] = s02; out[o0 + 3] = s03;
      out[o1] = s10; out[o1 + 1] = s11; out[o1 + 2] = s12; out[o1 + 3] = s13;
      out[o2] = s20; out[o2 + 1] = s21; out[o2 + 2] = s22; out[o2 + 3] = s23;
      out[o3] = s30; out[o3 + 1] = s31; out[o3 + 2] = s32; out[o3 + 3] = s33;
    }
  }
  // The edges (rows or columns beyond the last whole block): plain sums in the same order.
  for (let i = 0; i < R; i++) {
    for (let j = i < R4 ? C4 : 0; j < C; j++) {
      let sum = 0;
      for (let k = 0; k < L; k++) sum += x[i * L + k]! * y[j * L + k]!;
      out[i * C + j] = sum;
    }
  }
  return out;
}

/** The transpose of row-major x (R×C) into the work array `name`. */
function transposeScratch(name: string, x: Float64Array, R: number, C: number): Float64Array {
  const t = scratch(name, R * C);
  // 8×8 tiles: both sides of the copy stay within a few cache lines.
  for (let i0 = 0; i0 < R; i0 += 8) {
    const i1 = Math.min(i0 + 8, R);
    for (let j0 = 0; j0 < C; j0 += 8) {
      const j1 = Math.min(j0 + 8, C);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) t[j * R + i] = x[i * C + j]!;
    }
  }
  return t;
}

/** S = A·Bᵀ for row-major A (N×D) and B (M×D), into `out` when given. */
export function similarity(a: Float64Array, b: Float64Array, N: number, M: number, D: number, out?: Float64Array): Float64Array {
  return matmulNT(a, b, N, M, D, out);
}

/** Backward of S = A·Bᵀ: dA = dS·B, dB = dSᵀ·A (each a product of rows, as the forward; the
 *  transposes live in work arrays), into `into` when given. */
export function backSimilarity(
  dS: Float64Array,
  a: Float64Array,
  b: Float64Array,
  N: number,
  M: number,
  D: number,
  into?: { dA: Float64Array; dB: Float64Array },
): { dA: Float64Array; dB: Float64Array } {
  const dA = matmulNT(dS, transposeScratch('similarity.bT', b, M, D), N, D, M, into?.dA);
  const dB = matmulNT(transposeScratch('similarity.dST', dS, N, M), transposeScratch('similarity.aT', a, N, D), M, D, N, into?.dB);
  return { dA, dB };
}

/** In-batch softmax cross-entropy over logits L = scale·S (S N×N, row i's target is column i), in
 *  place: S becomes d(loss)/dS. `symmetric` averages it with the cross-entropy over the columns
 *  (CLIP). Every sum and rounding is meanCrossEntropy's on L and on Lᵀ, without allocating them. */
export function inBatchCrossEntropy(S: Float64Array, N: number, scale: number, symmetric: boolean): number {
  for (let k = 0; k < N * N; k++) S[k]! *= scale;
  let columnValue = 0;
  let columnProbability: Float64Array | null = null;
  if (symmetric) {
    // The columns' softmax first (L is still whole), summed in meanCrossEntropy's order (over i).
    const colMax = scratch('inBatch.colMax', N).fill(-Infinity);
    const colSum = scratch('inBatch.colSum', N).fill(0);
    columnProbability = scratch('inBatch.columns', N * N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) colMax[j] = Math.max(colMax[j]!, S[i * N + j]!);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const e = Math.exp(S[i * N + j]! - colMax[j]!);
        columnProbability[i * N + j] = e;
        colSum[j]! += e;
      }
    }
    let total = 0;
    for (let j = 0; j < N; j++) total += colMax[j]! + Math.log(colSum[j]!) - S[j * N + j]!;
    columnValue = total / N;
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) columnProbability[i * N + j] = columnProbability[i * N + j]! / colSum[j]!;
  }
  let total = 0;
  for (let i = 0; i < N; i++) {
    const row = i * N;
    const target = S[row + i]!;
    const lse = softmaxRow(S, row, N, S);
    total += lse - target;
    for (let j = 0; j < N; j++) {
      const d = (((S[row + j]! - (i === j ? 1 : 0)) / N) * scale);
      if (columnProbability === null) S[row + j] = d;
      else S[row + j] = (d + ((columnProbability[row + j]! - (i === j ? 1 : 0)) / N) * scale) / 2;
    }
  }
  return symmetric ? (total / N + columnValue) / 2 : total / N;
}

/** Mean over rows of −log softmax(logits_i)[target_i]; d/dlogits (already ÷ N) into the returned array. */
export function meanCrossEntropy(logits: Float64Array, N: number, M: number, target: (i: number) => number): { value: number; d: Float64Array } {
  const p = new Float64Array(N * M);
  let total = 0;
  for (let i = 0; i < N; i++) {
    const lse = softmaxRow(logits, i * M, M, p);
    const t = target(i);
    total += lse - logits[i * M + t]!;
    p[i * M + t]! -= 1;
  }
  for (let k = 0; k < p.length; k++) p[k]! /= N;
  return { value: total / N, d: p };
}

/** (N, D) embeddings with (N) integer labels; returns N and D. */
export function embeddingsAndLabels(loss: string, e: Tensor, labels: Tensor): { N: number; D: number } {
  if (e.ndim !== 2) throw new LossError(loss, 'embeddings', `expected (N, D) embeddings, got shape ${formatShape(e.shape)}`);
  const [N, D] = e.shape as [number, number];
  if (labels.ndim !== 1 || labels.shape[0] !== N) throw new LossError(loss, 'labels', `expected ${N} labels of shape (N), got ${formatShape(labels.shape)}`);
  return { N, D };
}

/** Two (N, D) sets of paired rows (anchor i goes with positive i). */
export function pairedRows(loss: string, aName: string, a: Tensor, bName: string, b: Tensor): { N: number; D: number } {
  if (a.ndim !== 2) throw new LossError(loss, aName, `expected (N, D), got shape ${formatShape(a.shape)}`);
  if (b.ndim !== 2 || b.shape[0] !== a.shape[0] || b.shape[1] !== a.shape[1]) throw new LossError(loss, bName, `shape ${formatShape(b.shape)} must equal ${aName} shape ${formatShape(a.shape)}`);
  return { N: a.shape[0]!, D: a.shape[1]! };
}
