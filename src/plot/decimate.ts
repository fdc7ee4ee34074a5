/** Fewer points for the screen. The x span [x0, x1] (the whole chart's, so that every curve shares
 *  the columns) is cut into `columns` equal columns; per column a curve keeps the indices of its
 *  minimum and maximum (so spikes survive) and of its first non-finite value (plotly draws it as a
 *  gap, like in the full data), plus the curve's first and last points so it spans the same x.
 *  Indices come back in their original order; a curve of at most 2 × columns points keeps them all. */
export function columnIndices(x: readonly number[], y: readonly number[], columns: number, x0: number, x1: number): number[] {
  const n = Math.min(x.length, y.length);
  if (n <= 2 * columns) return Array.from({ length: n }, (_, i) => i);
  const lo = new Int32Array(columns).fill(-1);
  const hi = new Int32Array(columns).fill(-1);
  const gap = new Int32Array(columns).fill(-1);
  const scale = x1 > x0 ? columns / (x1 - x0) : 0;
  for (let i = 0; i < n; i++) {
    const c = column(x[i]!, x0, scale, columns);
    const v = y[i]!;
    if (!Number.isFinite(v)) {
      if (gap[c]! < 0) gap[c] = i;
      continue;
    }
    if (lo[c]! < 0 || v < y[lo[c]!]!) lo[c] = i;
    if (hi[c]! < 0 || v > y[hi[c]!]!) hi[c] = i;
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  for (let c = 0; c < columns; c++) {
    for (const i of [lo[c]!, hi[c]!, gap[c]!]) if (i >= 0) keep[i] = 1;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

function column(x: number, x0: number, scale: number, columns: number): number {
  const c = Math.floor((x - x0) * scale);
  // x outside [x0, x1) (the right edge itself, or a non-finite x) lands in the nearest column.
  if (!(c >= 0)) return 0;
  return c >= columns ? columns - 1 : c;
}
