/** A whole landscape of one sweep run through a LandscapePool: train and pick the plane on one
 *  worker, then the grid in bands of rows across all workers while another job probes sharpness. */
import type { PreparedResult, RowsResult, RunSource, SharpnessResult } from '../protocol/landscape';
import type { LandscapePool } from './landscapePool';

export interface LandscapeOptions {
  grid?: number;
  directions?: 'pca' | 'random';
  seed?: number;
  checkpoints?: number;
  /** Skip the Hessian estimates (they cost about as much as a third of a 51×51 grid). */
  sharpness?: boolean;
  onProgress?(done: number, total: number): void;
  /** Stops every job of this landscape (their workers are terminated): rejects with CancelledError. */
  signal?: AbortSignal;
}

export interface LandscapeResult {
  x: number[];
  y: number[];
  /** z[j][i] = loss at (x[i], y[j]). */
  z: number[][];
  directions: 'pca' | 'random';
  trajectory?: { x: number[]; y: number[]; z: number[]; explained: [number, number] };
  interpolation: { alpha: number[]; loss: number[] };
  trainLoss: number[];
  sharpness?: SharpnessResult['sharpness'];
  /** Wall-clock milliseconds of each phase as seen by the host. */
  timings: { train_ms: number; grid_ms: number; sharpness_ms?: number; total_ms: number };
}

export async function computeLandscape(pool: LandscapePool, source: RunSource, options: LandscapeOptions = {}): Promise<LandscapeResult> {
  const { grid = 51, directions = 'pca', seed = 0, checkpoints = 40, signal } = options;
  const started = performance.now();
  const prepared = (await pool.run({ type: 'prepare', source, grid, directions, seed, checkpoints }, signal)) as PreparedResult;
  const trained = performance.now();
  const { center, d1, d2, xs, ys } = prepared.plane;
  // Twice as many bands as workers so that a slow band does not leave a worker idle at the end.
  const bands = Math.min(ys.length, pool.size * 2);
  const z: number[][] = new Array(ys.length);
  let done = 0;
  const rowJobs = Array.from({ length: bands }, (_, b) => {
    const from = Math.floor((b * ys.length) / bands);
    const to = Math.floor(((b + 1) * ys.length) / bands);
    return pool.run({ type: 'rows', source, center, d1, d2, xs, ys, rows: [from, to] }, signal).then((r) => {
      const rows = r as RowsResult;
      rows.z.forEach((row, k) => (z[rows.from + k] = row));
      done += rows.z.length;
      options.onProgress?.(done, ys.length);
    });
  });
  const sharpnessJob = options.sharpness === false ? undefined : pool.run({ type: 'sharpness', source, center, seed, maxIterations: 60, traceSamples: 30 }, signal);
  // When a row fails (a worker died), the caller disposes the pool and every other job is rejected
  // as cancelled: each is observed here, and the first real failure is the one reported.
  sharpnessJob?.catch(() => undefined);
  const rows = await Promise.allSettled(rowJobs);
  const failed = rows.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const gridDone = performance.now();
  const sharp = sharpnessJob ? ((await sharpnessJob) as SharpnessResult) : undefined;
  const end = performance.now();
  const result: LandscapeResult = {
    x: xs, y: ys, z, directions: prepared.plane.kind, interpolation: prepared.interpolation, trainLoss: prepared.trainLoss,
    timings: { train_ms: trained - started, grid_ms: gridDone - trained, total_ms: end - started },
  };
  if (prepared.trajectory) result.trajectory = prepared.trajectory;
  if (sharp) {
    result.sharpness = sharp.sharpness;
    result.timings.sharpness_ms = sharp.ms;
  }
  return result;
}
