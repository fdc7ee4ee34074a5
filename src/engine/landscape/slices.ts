/** Loss along lines and planes through parameter space. */
import { lossAt, type LandscapeObjective } from './objective';
import { planePoint } from './vector';

/** loss(center + x·d) for each x. */
export function slice1d(objective: LandscapeObjective, center: Float64Array, d: Float64Array, xs: readonly number[]): number[] {
  const p = new Float64Array(center.length);
  const zero = new Float64Array(center.length);
  return xs.map((x) => lossAt(objective, planePoint(p, center, x, d, 0, zero)));
}

/** z[j][i] = loss(center + xs[i]·d1 + ys[j]·d2) for rows j in [rows[0], rows[1]) (all rows by
 *  default), so that workers can each take a band of rows. */
export function slice2d(
  objective: LandscapeObjective,
  center: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
  xs: readonly number[],
  ys: readonly number[],
  rows: readonly [number, number] = [0, ys.length],
): number[][] {
  const p = new Float64Array(center.length);
  const z: number[][] = [];
  for (let j = rows[0]; j < rows[1]; j++) {
    z.push(xs.map((x) => lossAt(objective, planePoint(p, center, x, d1, ys[j]!, d2))));
  }
  return z;
}

/** loss((1−α)·from + α·to) for each α: the straight path between two solutions (init → trained,
 *  or two seeds); α outside [0, 1] extrapolates. */
export function interpolate(objective: LandscapeObjective, from: Float64Array, to: Float64Array, alphas: readonly number[]): number[] {
  const p = new Float64Array(from.length);
  return alphas.map((a) => {
    for (let i = 0; i < p.length; i++) p[i] = (1 - a) * from[i]! + a * to[i]!;
    return lossAt(objective, p);
  });
}
