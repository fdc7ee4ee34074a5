/** The rolling medians as they were before the order-statistic rewrite (re-sorting every window,
 *  O(n·w·log w)), kept only as the reference robust.test.ts compares the new ones against. */

function medianOfFirst(scratch: Float64Array, count: number): number {
  if (count === 0) return NaN;
  const s = scratch.subarray(0, count).sort();
  const mid = count >> 1;
  return count % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median of the finite values in values[a..b] (clipped to the series). */
function windowMedian(values: readonly number[], a: number, b: number, scratch: Float64Array): number {
  let k = 0;
  for (let j = Math.max(0, a); j <= Math.min(values.length - 1, b); j++) {
    const v = values[j]!;
    if (Number.isFinite(v)) scratch[k++] = v;
  }
  return medianOfFirst(scratch, k);
}

/** Median of the finite values in [i - h, i + h] for every i, h = min(half, distance to the nearer
 *  end) so the window stays centred; NaN where the window has none. On a monotone stretch the
 *  centred median equals the value itself, so a smooth decay leaves no residual, while an isolated
 *  spike does not move it. With centred = false the window is simply clipped at the ends. */
export function rollingMedian(values: readonly number[], half: number, centred = true): number[] {
  const out = new Array<number>(values.length);
  const scratch = new Float64Array(2 * half + 1);
  const last = values.length - 1;
  for (let i = 0; i < values.length; i++) {
    const h = centred ? Math.min(half, i, last - i) : half;
    out[i] = windowMedian(values, i - h, i + h, scratch);
  }
  return out;
}

/** For every i, the medians of the `half` finite-or-not values just before and just after it
 *  (NaN where a side has no finite value). */
export function sideMedians(values: readonly number[], half: number): { before: number[]; after: number[] } {
  const before = new Array<number>(values.length);
  const after = new Array<number>(values.length);
  const scratch = new Float64Array(half);
  for (let i = 0; i < values.length; i++) {
    before[i] = windowMedian(values, i - half, i - 1, scratch);
    after[i] = windowMedian(values, i + 1, i + half, scratch);
  }
  return { before, after };
}

/** Median of the finite values; NaN when there are none. */
export function medianOf(values: readonly number[]): number {
  const scratch = new Float64Array(values.length);
  let k = 0;
  for (const v of values) if (Number.isFinite(v)) scratch[k++] = v;
  return medianOfFirst(scratch, k);
}

