/** Loss curves: raw values faint, TensorBoard-smoothed on top, an outlier-robust y-range, step or
 *  wall-time x, and markers (with explanations on hover) where the curve looks unhealthy. */
import type { Data } from 'plotly.js';
import { detectAnomalies } from '../engine/curves/anomalies';
import { robustRange } from '../engine/curves/range';
import { DEFAULT_SMOOTHING, smooth } from '../engine/curves/smooth';
import type { CurveSeries, CurvesFigure, CurvesXAxis, SeriesAnomaly } from '../protocol/figure';
import { columnIndices, drawColumns } from './decimate';
import { axisStyle, baseLayout } from './layout';
import { escapeHtml, wrapHover, type PlotSpec } from './spec';
import { withAlpha, type PlotTheme } from './theme';

/** What the viewer can change without a new figure. */
export interface CurvesView {
  smoothing: number;
  logY: boolean;
  xAxis: CurvesXAxis;
  ignoreOutliers: boolean;
}

export function defaultCurvesView(figure: CurvesFigure): CurvesView {
  return {
    smoothing: figure.smoothing ?? DEFAULT_SMOOTHING,
    logY: figure.logY ?? false,
    xAxis: figure.xAxis ?? 'step',
    ignoreOutliers: true,
  };
}

export interface SeriesAnomalies {
  series: string;
  anomalies: SeriesAnomaly[];
}

export interface CurvesPlot extends PlotSpec {
  anomalies: SeriesAnomalies[];
}

// Detection does not depend on the view; redraws (a smoothing slider) reuse it.
const anomalyCache = new WeakMap<CurveSeries, SeriesAnomaly[]>();

/** The series' anomalies: those sent with it (found off this thread), else detected here. */
export function seriesAnomalies(s: CurveSeries): SeriesAnomaly[] {
  if (s.anomalies) return s.anomalies;
  let found = anomalyCache.get(s);
  if (!found) {
    found = detectAnomalies(s.values, { steps: s.steps, split: s.split ?? 'train' });
    anomalyCache.set(s, found);
  }
  return found;
}

/** Wall times this large are seconds since the epoch (training logs), drawn as dates. */
const EPOCH_SECONDS = 1e9;

export function isClock(figure: CurvesFigure): boolean {
  return figure.series.some((s) => (s.wallTime?.[0] ?? 0) > EPOCH_SECONDS);
}

function xValues(s: CurveSeries, axis: CurvesXAxis, clock: boolean): number[] {
  const t = s.wallTime;
  if (axis === 'relative' && t) return t.map((v) => v - t[0]!);
  if (axis === 'wall' && t) return clock ? t.map((v) => v * 1000) : t;
  return s.steps ?? s.values.map((_, i) => i);
}

const X_TITLES: Record<CurvesXAxis, string> = { step: 'step', relative: 'time since start (s)', wall: 'wall time' };

/** plotly draws null as a gap; NaN/inf would break its autorange. */
function gaps(values: readonly number[], logY: boolean): (number | null)[] {
  return values.map((v) => (Number.isFinite(v) && (!logY || v > 0) ? v : null));
}

const MARKERS: Record<SeriesAnomaly['kind'], string> = { spike: 'triangle-up', divergence: 'diamond', nonfinite: 'x', restart: 'line-ns-open' };

export { POINT_BUDGET, drawColumns } from './decimate';

interface Decimated {
  key: string;
  x: number[];
  /** y as drawn (gaps for non-finite, and for non-positive on a log axis) and as hovered. */
  raw: (number | null)[];
  hover: (number | null)[];
}

// The raw trace does not depend on the smoothing weight: a slider redraw reuses it.
const rawCache = new WeakMap<CurveSeries, Decimated>();

function xExtent(xs: readonly (readonly number[])[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    for (const v of x) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

export function buildCurves(
  figure: CurvesFigure, theme: PlotTheme, view: CurvesView = defaultCurvesView(figure),
  columns = drawColumns(figure.series.length * (view.smoothing > 0 ? 2 : 1)),
): CurvesPlot {
  const groups = new Map<string, number>();
  const colorOf = (s: CurveSeries): string => {
    const key = s.group ?? s.name;
    if (!groups.has(key)) groups.set(key, groups.size);
    return theme.colors[groups.get(key)! % theme.colors.length]!;
  };
  const data: Data[] = [];
  const markers: Data[] = [];
  const ranges: ([number, number] | undefined)[] = [];
  const anomalies: SeriesAnomalies[] = [];
  const clock = view.xAxis === 'wall' && isClock(figure);
  const xTitle = view.xAxis === 'wall' && !clock ? 'wall time (s)' : X_TITLES[view.xAxis];
  const allX = figure.series.map((s) => xValues(s, view.xAxis, clock));
  const [x0, x1] = xExtent(allX);
  // Behind a smoothed line the raw one is faint context: half the columns (its spikes still kept).
  const rawColumns = view.smoothing > 0 ? Math.max(50, Math.floor(columns / 2)) : columns;
  const rawKey = `${view.xAxis}|${view.logY}|${rawColumns}|${x0}|${x1}`;
  // Raw curves are drawn faint and without hover: one trace per colour and dash (runs separated
  // by gaps) keeps the trace count low when many runs are compared.
  const raw = new Map<string, { x: number[]; y: (number | null)[]; color: string; dash: 'solid' | 'dash' }>();
  figure.series.forEach((s, k) => {
    const color = colorOf(s);
    const x = allX[k]!;
    // A decimated series brings its smoothed line, computed over every point, when the weights agree.
    const smoothed = view.smoothing <= 0 ? s.values : s.smoothed?.weight === view.smoothing ? s.smoothed.values : smooth(s.values, view.smoothing);
    const name = escapeHtml(s.name);
    const dash: 'solid' | 'dash' = s.split === 'val' ? 'dash' : 'solid';
    let rawDrawn = rawCache.get(s);
    if (rawDrawn?.key !== rawKey) {
      const keep = columnIndices(x, s.values, rawColumns, x0, x1);
      const values = keep.map((i) => s.values[i]!);
      rawDrawn = { key: rawKey, x: keep.map((i) => x[i]!), raw: gaps(values, view.logY), hover: gaps(values, false) };
      rawCache.set(s, rawDrawn);
    }
    if (view.smoothing > 0) {
      const key = `${color}|${dash}`;
      let r = raw.get(key);
      if (!r) raw.set(key, (r = { x: [], y: [], color, dash }));
      if (r.x.length > 0) {
        r.x.push(r.x[r.x.length - 1]!);
        r.y.push(null);
      }
      r.x.push(...rawDrawn.x);
      r.y.push(...rawDrawn.raw);
    }
    // The smoothed line keeps its own extremes, not the raw curve's.
    const keep = view.smoothing > 0 ? columnIndices(x, smoothed, columns, x0, x1) : undefined;
    const pick = <T>(a: readonly T[]): T[] => keep!.map((i) => a[i]!);
    data.push({
      type: 'scatter', mode: 'lines', x: keep ? pick(x) : rawDrawn.x, y: keep ? gaps(pick(smoothed), view.logY) : rawDrawn.raw, name, legendgroup: name,
      customdata: keep ? gaps(pick(s.values), false) : rawDrawn.hover,
      hovertemplate: `${name}<br>${xTitle} %{x}<br>${view.smoothing > 0 ? 'smoothed %{y:.4g}<br>raw %{customdata:.4g}' : 'loss %{y:.4g}'}<extra></extra>`,
      line: { color, width: 2, dash },
    });
    if (view.ignoreOutliers) {
      const given = s.range?.[view.logY ? 'log' : 'linear'];
      ranges.push(given ?? robustRange([s.values, smoothed], { log: view.logY }));
    }
    const found = seriesAnomalies(s);
    anomalies.push({ series: s.name, anomalies: found });
    if (found.length > 0) markers.push(anomalyTrace(s, found, x, theme, name));
  });
  const rawTraces: Data[] = [...raw.values()].map((r): Data => ({
    type: 'scatter', mode: 'lines', x: r.x, y: r.y, name: 'raw', showlegend: false, hoverinfo: 'skip',
    line: { color: withAlpha(r.color, 0.25), width: 1, dash: r.dash },
  }));
  const range = view.ignoreOutliers ? unionRange(ranges) : undefined;
  // Non-finite points have no y; draw their markers along the top edge.
  const top = range ? (view.logY ? 10 ** range[1] : range[1]) : undefined;
  for (const m of markers) {
    const t = m as { y: (number | null)[] };
    t.y = t.y.map((v) => (v === null ? (top ?? null) : v));
  }
  const layout = baseLayout(theme, figure.title);
  // Tick labels stay inside the automargins; not checking them for overflow saves a measure per draw.
  layout.xaxis = { ...axisStyle(theme, xTitle), ticklabeloverflow: 'allow', ...(clock ? { type: 'date' } : {}) };
  if (figure.focusStep !== undefined && view.xAxis === 'step') {
    const span = Math.max(1, (x1 - x0) / 10);
    layout.xaxis.range = [figure.focusStep - span, figure.focusStep + span];
  }
  layout.yaxis = { ...axisStyle(theme, 'loss'), ticklabeloverflow: 'allow', type: view.logY ? 'log' : 'linear', ...(range ? { range } : { autorange: true }) };
  layout.uirevision = `curves|${figure.focusStep ?? ''}`;
  return { data: [...rawTraces, ...data, ...markers], layout, anomalies };
}

/** Outliers are ignored per series, then the ranges joined: a series far from the others (another
 *  scale, a run that diverged) stays in view as a whole, only its own outliers are cut. */
function unionRange(ranges: readonly ([number, number] | undefined)[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of ranges) {
    if (!r) continue;
    lo = Math.min(lo, r[0]);
    hi = Math.max(hi, r[1]);
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function anomalyTrace(s: CurveSeries, found: SeriesAnomaly[], x: number[], theme: PlotTheme, name: string): Data {
  return {
    type: 'scatter', mode: 'markers', name: `${name}: ${found.length} warning${found.length > 1 ? 's' : ''}`, legendgroup: name,
    x: found.map((a) => x[a.at]!),
    y: found.map((a) => (Number.isFinite(s.values[a.at]!) ? s.values[a.at]! : null)),
    text: found.map((a) => wrapHover(a.explanation)),
    hovertemplate: '%{text}<extra></extra>',
    marker: {
      size: 11,
      symbol: found.map((a) => MARKERS[a.kind]),
      color: found.map((a) => (a.kind === 'divergence' || a.kind === 'restart' ? theme.warning : theme.error)),
      line: { width: 1, color: theme.background },
    },
  };
}
