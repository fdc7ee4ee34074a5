/** What every pytorch-metric-learning loss shares: the shape checks of BaseMetricLossFunction,
 *  L2-normalised embeddings (F.normalize, eps 1e-12), cosine-similarity and Euclidean distance
 *  matrices with their backward passes, and the reducers. */
import { LossError } from '../../errors';
import type { LossResult } from '../../catalog/types';
import { Tensor, formatShape } from '../../tensor';
import { gram, gramBackward, unitRows } from '../gram';

export interface Batch {
  N: number;
  D: number;
  labels: Float64Array;
  rows: ReturnType<typeof unitRows>;
}

export function readBatch(loss: string, embeddings: Tensor, labels: Tensor): Batch {
  if (embeddings.ndim >= 1 && labels.ndim >= 1 && embeddings.shape[0] !== labels.shape[0]) {
    throw new LossError(loss, 'labels', 'Number of embeddings must equal number of labels');
  }
  if (labels.ndim !== 1) throw new LossError(loss, 'labels', 'labels must be a 1D tensor of shape (batch_size,)');
  if (embeddings.ndim !== 2) throw new LossError(loss, 'embeddings', `embeddings must be a 2D tensor of shape (batch_size, embedding_size), got ${formatShape(embeddings.shape)}`);
  if (!embeddings.isFloating) throw new LossError(loss, 'embeddings', `expected a floating-point tensor, got ${embeddings.dtype}`);
  const [N, D] = embeddings.shape as [number, number];
  // F.normalize: x / max(‖x‖, 1e-12); clamp passes the gradient at its bound.
  const rows = unitRows(embeddings.data, N, D, (sq) => {
    const r = Math.sqrt(sq);
    return r >= 1e-12 ? { norm: r, slope: 1 } : { norm: 1e-12, slope: 0 };
  });
  return { N, D, labels: labels.data, rows };
}

export function cosineMatrix(b: Batch): Float64Array {
  return gram(b.rows.unit, b.N, b.D);
}

/** d/d embeddings of Σ G_ij·cos_ij. */
export function cosineBackward(b: Batch, G: Float64Array): Float64Array {
  return b.rows.backward(gramBackward(G, b.rows.unit, b.N, b.D));
}

/** Euclidean distances of the unit rows (torch.cdist). */
export function distanceMatrix(b: Batch): Float64Array {
  const { N, D } = b;
  const u = b.rows.unit;
  const d = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < D; k++) s += (u[i * D + k]! - u[j * D + k]!) ** 2;
      d[i * N + j] = Math.sqrt(s);
    }
  }
  return d;
}

/** d/d embeddings of Σ G_ij·d_ij (0 where d = 0, as cdist's backward). */
export function distanceBackward(b: Batch, dist: Float64Array, G: Float64Array): Float64Array {
  const { N, D } = b;
  const u = b.rows.unit;
  const gU = new Float64Array(N * D);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const g = G[i * N + j]!;
      const d = dist[i * N + j]!;
      if (g === 0 || d === 0) continue;
      for (let k = 0; k < D; k++) {
        const v = (g * (u[i * D + k]! - u[j * D + k]!)) / d;
        gU[i * D + k]! += v;
        gU[j * D + k]! -= v;
      }
    }
  }
  return b.rows.backward(gU);
}

/** AvgNonZeroReducer: the mean of the losses > 0 (0 when none), and each one's weight in it. */
export function avgNonZero(losses: Float64Array): { value: number; weight: Float64Array } {
  let count = 0;
  let sum = 0;
  for (const l of losses) {
    if (l > 0) {
      count++;
      sum += l;
    }
  }
  const weight = Float64Array.from(losses, (l) => (l > 0 ? 1 / count : 0));
  return { value: count > 0 ? sum / count : 0, weight };
}

export function scalarResult(value: number, grad: Float64Array | null, shape: readonly number[]): LossResult {
  return { value: Tensor.scalar(value), grad: grad ? { embeddings: new Tensor(shape, grad) } : {} };
}

/** PML's small_val: finfo(float64).tiny. */
export const TINY = 2.2250738585072014e-308;
