/** Unit-length rows and their Gram (cosine-similarity) matrix, with backward passes; the
 *  contrastive losses of optax and pytorch-metric-learning share them. */
import { matmul } from '../kernels/matmul';
import { scratch } from '../kernels/scratch';

/** Rows of (N, D) scaled to unit length with √max(Σx², eps), and the backward of that scaling. */
export function unitRows(x: Float64Array, N: number, D: number, floor: (sq: number) => { norm: number; slope: number }) {
  const unit = new Float64Array(N * D);
  const norm = new Float64Array(N);
  const slope = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let sq = 0;
    for (let d = 0; d < D; d++) sq += x[i * D + d]! * x[i * D + d]!;
    const f = floor(sq);
    norm[i] = f.norm;
    slope[i] = f.slope;
    for (let d = 0; d < D; d++) unit[i * D + d] = x[i * D + d]! / f.norm;
  }
  return {
    unit,
    /** d/dx given d/d(unit); `slope` is d‖x‖/d√Σx² (0 where the floor holds). */
    backward(gUnit: Float64Array): Float64Array {
      const out = new Float64Array(N * D);
      for (let i = 0; i < N; i++) {
        let dot = 0;
        for (let d = 0; d < D; d++) dot += gUnit[i * D + d]! * x[i * D + d]!;
        const n = norm[i]!;
        for (let d = 0; d < D; d++) out[i * D + d] = gUnit[i * D + d]! / n - (dot / (n * n * n)) * slope[i]! * x[i * D + d]!;
      }
      return out;
    },
  };
}

/** Gradient on unit rows of Σ G_ij·(u_i·u_j): (G + Gᵀ)·u. */
export function gramBackward(G: Float64Array, u: Float64Array, N: number, D: number): Float64Array {
  const w = scratch('gram.w', N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) w[i * N + j] = G[i * N + j]! + G[j * N + i]!;
  return matmul(w, u, N, D, N);
}

/** u·uᵀ: the cosine similarities of unit rows, in a work array that the next gram() call
 *  overwrites (an N×N array in fresh memory costs more than the product that fills it). */
export function gram(u: Float64Array, N: number, D: number): Float64Array {
  return matmul(u, u, N, N, D, { bTransposed: true }, scratch('gram.cos', N * N));
}
