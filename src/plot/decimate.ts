/** Fewer points for the screen. The x span [x0, x1] (the whole chart's, so that every curve shares
 *  the columns, or the zoomed-in range) is cut into `columns` equal columns; per column a curve
 *  keeps the indices of its minimum and maximum (so spikes survive) and of its first non-finite
 *  value (plotly draws it as a gap, like in the full data), plus its first and last points in the
 *  span so it reaches the same x. Indices come back in their original order; a curve of at most
 *  2 × columns points keeps them all. Pure: used by the extension host (training runs, where every
 *  point stays) and by the page. */
export function columnIndices(x: ArrayLike<number>, y: ArrayLike<number>, columns: number, x0: number, x1: number): number[] {
  return spanIndices(x, [y], columns, x0, x1, { wholeCurve: true });
}

export interface SpanOptions {
  /** The span covers the whole curve: points outside it (a non-finite x) fall into the nearest column. */
  wholeCurve?: boolean;
  /** Indices always kept when inside the span (anomaly markers). */
  extra?: readonly number[];
}

/** The indices to draw of a curve over the span [x0, x1] (a zoomed-in view): the per-column
 *  minimum and maximum of each of `ys` (the raw values and, e.g., their smoothed line, which keeps
 *  its own extremes) and the first non-finite value of the first, the first and last points inside
 *  the span, and the neighbour on each side of every stretch inside it (so the lines run to the
 *  edges). Unless `wholeCurve`, points outside the span are not drawn. */
export function spanIndices(x: ArrayLike<number>, ys: readonly ArrayLike<number>[], columns: number, x0: number, x1: number, options: SpanOptions = {}): number[] {
  const n = Math.min(x.length, ...ys.map((y) => y.length));
  const whole = options.wholeCurve === true;
  const inside = (i: number): boolean => whole || (x[i]! >= x0 && x[i]! <= x1);
  let count = 0;
  for (let i = 0; i < n; i++) if (inside(i)) count++;
  const keep = new Uint8Array(n);
  if (count <= 2 * columns) {
    for (let i = 0; i < n; i++) if (inside(i) || (i > 0 && inside(i - 1)) || (i + 1 < n && inside(i + 1))) keep[i] = 1;
    return kept(keep);
  }
  const slots = ys.length * 2 + 1;
  const best = new Int32Array(columns * slots).fill(-1);
  const scale = x1 > x0 ? columns / (x1 - x0) : 0;
  let first = -1;
  let last = -1;
  // The hot loop of a 10-million-point draw: plain indexing, no closures.
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (!whole && !(xi >= x0 && xi <= x1)) continue;
    if (first < 0) first = i;
    last = i;
    const base = column(xi, x0, scale, columns) * slots;
    for (let k = 0; k < ys.length; k++) {
      const y = ys[k]!;
      const v = y[i]!;
      if (v - v !== 0) {
        // NaN or ±inf: the first of the raw values is kept, drawn as a gap.
        if (k === 0 && best[base + slots - 1]! < 0) best[base + slots - 1] = i;
        continue;
      }
      const lo = base + 2 * k;
      const l = best[lo]!;
      if (l < 0 || v < y[l]!) best[lo] = i;
      const h = best[lo + 1]!;
      if (h < 0 || v > y[h]!) best[lo + 1] = i;
    }
  }
  for (const i of best) if (i >= 0) keep[i] = 1;
  for (const i of options.extra ?? []) if (i >= 0 && i < n && inside(i)) keep[i] = 1;
  if (first >= 0) keep[first] = keep[last] = 1;
  if (!whole) {
    // The neighbours just outside the span: a line leaving the view is drawn to its edge.
    for (let i = 0; i < n; i++) {
      if (inside(i)) continue;
      if ((i > 0 && inside(i - 1)) || (i + 1 < n && inside(i + 1))) keep[i] = 1;
    }
  }
  return kept(keep);
}

function kept(keep: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) out.push(i);
  return out;
}

function column(x: number, x0: number, scale: number, columns: number): number {
  const c = Math.floor((x - x0) * scale);
  // x outside [x0, x1) (the right edge itself, or a non-finite x) lands in the nearest column.
  if (!(c >= 0)) return 0;
  return c >= columns ? columns - 1 : c;
}

/** The x span is cut into columns for drawing; every line keeps at most its min and max per
 *  column (plus gaps and its two ends), so the envelope and every spike stay. Few lines get about
 *  one column per pixel; many lines share a budget of points, because plotly's redraw time grows
 *  with the points it is given: 24 runs (104 columns per smoothed line, half that for the faint raw
 *  ones, ~7,600 points) redraw in 45–48 ms on a 2-core machine, 20,000 points in ~88 (bench/redraw.ts);
 *  100 runs get 50 columns (~15,000 points) so that a live append redraws fast (bench/panel.ts). */
export const POINT_BUDGET = 10_000;
const MAX_COLUMNS = 1000;
const MIN_COLUMNS = 50;

/** Columns per line when `lines` lines of `pointsPerColumn` points per column share `budget`
 *  points, kept between `min` and MAX_COLUMNS. */
function budgetedColumns(lines: number, budget: number, pointsPerColumn: number, min: number): number {
  return Math.max(min, Math.min(MAX_COLUMNS, Math.floor(budget / (pointsPerColumn * Math.max(1, lines)))));
}

export function drawColumns(lines: number): number {
  return budgetedColumns(lines, POINT_BUDGET, 2, MIN_COLUMNS);
}

/** Columns for the runs panel, whose series come decimated by the extension host and are drawn as
 *  given: each of `series` is drawn twice (faint raw, smoothed) from up to four points per column
 *  (both lines' extremes), and a live run grows to twice its columns before neighbours merge. A
 *  budget of RUNS_POINT_BUDGET points for them all: 100 runs get 25 columns (~20,000 points, a
 *  first draw and a live append within the panel's targets, bench/panel.ts), one run 1,000. */
export const RUNS_POINT_BUDGET = 20_000;
const MIN_RUN_COLUMNS = 12;

/** …and no more columns than the plot has pixels (`width`, when the page has said it): each
 *  column keeps its extremes, so one per pixel already draws every spike. */
export function runColumns(series: number, width = Infinity): number {
  return Math.min(budgetedColumns(series, RUNS_POINT_BUDGET, 8, MIN_RUN_COLUMNS), Math.max(MIN_RUN_COLUMNS, width));
}
