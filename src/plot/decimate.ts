/** Fewer points for the screen: per bucket of consecutive points, the indices of the minimum and
 *  the maximum (in their original order), so spikes survive, and of the first non-finite value,
 *  which plotly draws as a gap just like in the full data. All indices when there are few points. */
export function decimationIndices(y: readonly number[], buckets: number): number[] {
  const n = y.length;
  if (n <= 2 * buckets) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const v = y[i]!;
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < y[lo]!) lo = i;
      if (hi < 0 || v > y[hi]!) hi = i;
    }
    const keep = [...new Set([lo, hi, gap])].filter((i) => i >= 0).sort((a, c) => a - c);
    out.push(...keep);
  }
  return out;
}
