/** Embedding kernels for the metric-learning losses: row normalisation and its backward, the
 *  similarity matrix of two sets of rows and its backward, cross-entropy over a score matrix. */
import { LossError } from '../../errors';
import { Tensor, formatShape } from '../../tensor';
import { softmaxRow } from '../../kernels/rows';
import { expNonPositive } from '../../kernels/fast_exp';
import { matmul } from '../../kernels/matmul';
import { scratch } from '../../kernels/scratch';

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

/** S = A·Bᵀ for row-major A (N×D) and B (M×D), into `out` when given. */
export function similarity(a: Float64Array, b: Float64Array, N: number, M: number, D: number, out?: Float64Array): Float64Array {
  return matmul(a, b, N, M, D, { bTransposed: true }, out);
}

/** Backward of S = A·Bᵀ: dA = dS·B, dB = dSᵀ·A, into `into` when given. */
export function backSimilarity(
  dS: Float64Array,
  a: Float64Array,
  b: Float64Array,
  N: number,
  M: number,
  D: number,
  into?: { dA: Float64Array; dB: Float64Array },
): { dA: Float64Array; dB: Float64Array } {
  const dA = matmul(dS, b, N, D, M, {}, into?.dA);
  const dB = matmul(dS, a, M, D, N, { aTransposed: true }, into?.dB);
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
        const e = expNonPositive(S[i * N + j]! - colMax[j]!);
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
