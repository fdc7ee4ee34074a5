/** The optimiser's path seen on the plane of its two main directions of travel (Li et al. 2018):
 *  PCA of the checkpoints' offsets from the final parameters. */
import { symmetricEigen } from './eigen';
import { dot, norm } from './vector';

export interface TrajectoryProjection {
  /** Unit directions in parameter space (first and second principal components of the path). */
  directions: [Float64Array, Float64Array];
  /** Coordinates of each checkpoint's offset from `center` along the directions. */
  x: number[];
  y: number[];
  /** Fraction of the path's variance along each direction. */
  explained: [number, number];
}

/** `path` holds checkpoints in order; `center` defaults to the last one (the trained parameters). */
export function projectTrajectory(path: readonly Float64Array[], center: Float64Array = path[path.length - 1]!): TrajectoryProjection {
  const t = path.length;
  if (t < 3) throw new RangeError(`a trajectory needs at least 3 checkpoints for two directions, got ${t}`);
  const size = center.length;
  const offsets = path.map((w) => Float64Array.from(w, (v, i) => v - center[i]!));
  const mean = new Float64Array(size);
  for (const o of offsets) for (let i = 0; i < size; i++) mean[i]! += o[i]! / t;
  const centred = offsets.map((o) => Float64Array.from(o, (v, i) => v - mean[i]!));
  // Gram matrix (t × t) instead of the size × size covariance: the path is short, the model is not.
  const gram = new Float64Array(t * t);
  for (let a = 0; a < t; a++) {
    for (let b = a; b < t; b++) {
      const g = dot(centred[a]!, centred[b]!);
      gram[a * t + b] = g;
      gram[b * t + a] = g;
    }
  }
  const { values, vectors } = symmetricEigen(gram, t);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const directions = [0, 1].map((k) => {
    const d = new Float64Array(size);
    const u = vectors[k]!;
    for (let a = 0; a < t; a++) for (let i = 0; i < size; i++) d[i]! += u[a]! * centred[a]![i]!;
    const n = norm(d);
    if (n === 0) throw new RangeError('the trajectory does not move in two independent directions');
    for (let i = 0; i < size; i++) d[i]! /= n;
    return d;
  }) as [Float64Array, Float64Array];
  return {
    directions,
    x: offsets.map((o) => dot(o, directions[0])),
    y: offsets.map((o) => dot(o, directions[1])),
    explained: [Math.max(values[0]!, 0) / total, Math.max(values[1]!, 0) / total],
  };
}

/** Symmetric grid bounds that contain the projected path with a margin. */
export function trajectoryBounds(x: readonly number[], y: readonly number[], margin = 0.15): { x: [number, number]; y: [number, number] } {
  const span = (v: readonly number[]): [number, number] => {
    const lo = Math.min(...v, 0);
    const hi = Math.max(...v, 0);
    const pad = (hi - lo || 1) * margin;
    return [lo - pad, hi + pad];
  };
  return { x: span(x), y: span(y) };
}
