/** Axis ranges that ignore outliers, like TensorBoard's "ignore outliers in chart scaling". */
import { select } from './select';

/** The q-quantile (0..1) of sorted values by linear interpolation between order statistics. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The same q-quantile as `quantileSorted(sorted copy, q)` without sorting: two order statistics
 *  found by selection, O(n) on average where a sort of every curve at each redraw is O(n log n).
 *  Reorders `values`. */
export function quantileSelect(values: Float64Array, q: number): number {
  if (values.length === 0) return NaN;
  const pos = (values.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const below = select(values, lo);
  if (pos === lo) return below;
  // After selection everything right of `lo` is >= it: the next order statistic is their minimum.
  let above = Infinity;
  for (let i = lo + 1; i < values.length; i++) if (values[i]! < above) above = values[i]!;
  return below + (above - below) * (pos - lo);
}

export interface RangeOptions {
  /** Lower and upper quantiles kept in view; default 5 % and 95 %. */
  low?: number;
  high?: number;
  /** Fraction of the span added on each side so that curves do not touch the frame. */
  pad?: number;
  /** For a log axis: only positive values count, and padding is applied in log10 space. */
  log?: boolean;
}

/** [min, max] of the finite values between the low and high quantiles, padded; undefined when
 *  there is nothing finite (positive, for log) to show. On a log axis the range is in log10 units,
 *  which is what plotly expects for `range` on a log axis. */
export function robustRange(seriesList: readonly (readonly number[])[], options: RangeOptions = {}): [number, number] | undefined {
  const { low = 0.05, high = 0.95, pad = 0.05, log = false } = options;
  let total = 0;
  for (const s of seriesList) total += s.length;
  // Redraws of many long curves call this each time: a typed buffer and selection, no sort.
  const buffer = new Float64Array(total);
  let count = 0;
  for (const s of seriesList) {
    for (const v of s) {
      if (!Number.isFinite(v)) continue;
      if (log) {
        if (v > 0) buffer[count++] = Math.log10(v);
      } else {
        buffer[count++] = v;
      }
    }
  }
  if (count === 0) return undefined;
  const kept = buffer.subarray(0, count);
  let lo = quantileSelect(kept, low);
  let hi = quantileSelect(kept, high);
  if (hi === lo) {
    const half = log ? 0.5 : Math.max(Math.abs(lo) * 0.05, 1e-6);
    lo -= half;
    hi += half;
  }
  const extra = (hi - lo) * pad;
  return [lo - extra, hi + extra];
}
