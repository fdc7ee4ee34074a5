/** Rolling robust statistics over the finite values of a series. */

function median(sortedScratch: number[]): number {
  sortedScratch.sort((a, b) => a - b);
  const n = sortedScratch.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sortedScratch[mid]! : (sortedScratch[mid - 1]! + sortedScratch[mid]!) / 2;
}

/** Median of the finite values in [i - h, i + h] for every i, h = min(half, distance to the nearer
 *  end) so the window stays centred; NaN where the window has none. On a monotone stretch the
 *  centred median equals the value itself, so a smooth decay leaves no residual, while an isolated
 *  spike does not move it. With centred = false the window is simply clipped at the ends. */
export function rollingMedian(values: readonly number[], half: number, centred = true): number[] {
  const out = new Array<number>(values.length);
  const scratch: number[] = [];
  const last = values.length - 1;
  for (let i = 0; i < values.length; i++) {
    scratch.length = 0;
    const h = centred ? Math.min(half, i, last - i) : half;
    const a = Math.max(0, i - h);
    const b = Math.min(last, i + h);
    for (let j = a; j <= b; j++) {
      const v = values[j]!;
      if (Number.isFinite(v)) scratch.push(v);
    }
    out[i] = scratch.length === 0 ? NaN : median(scratch);
  }
  return out;
}

/** For every i, the medians of the `half` finite-or-not values just before and just after it
 *  (NaN where a side has no finite value). */
export function sideMedians(values: readonly number[], half: number): { before: number[]; after: number[] } {
  const before = new Array<number>(values.length);
  const after = new Array<number>(values.length);
  const scratch: number[] = [];
  const fill = (a: number, b: number): number => {
    scratch.length = 0;
    for (let j = Math.max(0, a); j <= Math.min(values.length - 1, b); j++) {
      const v = values[j]!;
      if (Number.isFinite(v)) scratch.push(v);
    }
    return scratch.length === 0 ? NaN : median(scratch);
  };
  for (let i = 0; i < values.length; i++) {
    before[i] = fill(i - half, i - 1);
    after[i] = fill(i + 1, i + half);
  }
  return { before, after };
}

/** Median of the finite values; NaN when there are none. */
export function medianOf(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : median(finite);
}

/** 1.4826 × median absolute deviation: a standard-deviation estimate that ignores outliers. */
export const MAD_TO_SIGMA = 1.4826;
