/** Loss curves: raw values faint, TensorBoard-smoothed on top, an outlier-robust y-range, step or
 *  wall-time x, and markers (with explanations on hover) where the curve looks unhealthy. */
import type { Data } from 'plotly.js';
import { detectAnomalies, type CurveAnomaly } from '../engine/curves/anomalies';
import { robustRange } from '../engine/curves/range';
import { DEFAULT_SMOOTHING, smooth } from '../engine/curves/smooth';
import type { CurveSeries, CurvesFigure } from '../protocol/figure';
import { decimationIndices } from './decimate';
import { axisStyle, baseLayout } from './layout';
import { escapeHtml, wrapHover, type PlotSpec } from './spec';
import { withAlpha, type PlotTheme } from './theme';

/** What the viewer can change without a new figure. */
export interface CurvesView {
  smoothing: number;
  logY: boolean;
  xAxis: 'step' | 'wall';
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
  anomalies: CurveAnomaly[];
}

export interface CurvesPlot extends PlotSpec {
  anomalies: SeriesAnomalies[];
}

// Detection does not depend on the view; redraws (a smoothing slider) reuse it.
const anomalyCache = new WeakMap<CurveSeries, CurveAnomaly[]>();

export function seriesAnomalies(s: CurveSeries): CurveAnomaly[] {
  let found = anomalyCache.get(s);
  if (!found) {
    found = detectAnomalies(s.values, { steps: s.steps, split: s.split ?? 'train' });
    anomalyCache.set(s, found);
  }
  return found;
}

function xValues(s: CurveSeries, axis: CurvesView['xAxis']): number[] {
  if (axis === 'wall' && s.wallTime) return s.wallTime;
  return s.steps ?? s.values.map((_, i) => i);
}

/** plotly draws null as a gap; NaN/inf would break its autorange. */
function gaps(values: readonly number[], logY: boolean): (number | null)[] {
  return values.map((v) => (Number.isFinite(v) && (!logY || v > 0) ? v : null));
}

const MARKERS: Record<CurveAnomaly['kind'], string> = { spike: 'triangle-up', divergence: 'diamond', nonfinite: 'x' };

/** At most about 2 × buckets points are drawn per curve (min/max per bucket); hover shows them. */
export const DRAW_BUCKETS = 500;

export function buildCurves(figure: CurvesFigure, theme: PlotTheme, view: CurvesView = defaultCurvesView(figure), buckets = DRAW_BUCKETS): CurvesPlot {
  const groups = new Map<string, number>();
  const colorOf = (s: CurveSeries): string => {
    const key = s.group ?? s.name;
    if (!groups.has(key)) groups.set(key, groups.size);
    return theme.colors[groups.get(key)! % theme.colors.length]!;
  };
  const data: Data[] = [];
  const markers: Data[] = [];
  const inRange: number[][] = [];
  const anomalies: SeriesAnomalies[] = [];
  const xTitle = view.xAxis === 'wall' ? 'wall time (s)' : 'step';
  // Raw curves are drawn faint and without hover: one trace per colour and dash (runs separated
  // by gaps) keeps the trace count low when many runs are compared.
  const raw = new Map<string, { x: number[]; y: (number | null)[]; color: string; dash: 'solid' | 'dash' }>();
  for (const s of figure.series) {
    const color = colorOf(s);
    const x = xValues(s, view.xAxis);
    const smoothed = view.smoothing > 0 ? smooth(s.values, view.smoothing) : s.values;
    const name = escapeHtml(s.name);
    const dash: 'solid' | 'dash' = s.split === 'val' ? 'dash' : 'solid';
    const keep = decimationIndices(s.values, buckets);
    const pick = <T>(a: readonly T[]): T[] => keep.map((i) => a[i]!);
    const xs = pick(x);
    if (view.smoothing > 0) {
      const key = `${color}|${dash}`;
      let r = raw.get(key);
      if (!r) raw.set(key, (r = { x: [], y: [], color, dash }));
      if (r.x.length > 0) {
        r.x.push(xs[xs.length - 1]!);
        r.y.push(null);
      }
      r.x.push(...xs);
      r.y.push(...gaps(pick(s.values), view.logY));
    }
    data.push({
      type: 'scatter', mode: 'lines', x: xs, y: gaps(pick(smoothed), view.logY), name, legendgroup: name,
      customdata: gaps(pick(s.values), false),
      hovertemplate: `${name}<br>${xTitle} %{x}<br>${view.smoothing > 0 ? 'smoothed %{y:.4g}<br>raw %{customdata:.4g}' : 'loss %{y:.4g}'}<extra></extra>`,
      line: { color, width: 2, dash },
    });
    inRange.push(s.values, smoothed);
    const found = seriesAnomalies(s);
    anomalies.push({ series: s.name, anomalies: found });
    if (found.length > 0) markers.push(anomalyTrace(s, found, x, theme, name));
  }
  const rawTraces: Data[] = [...raw.values()].map((r): Data => ({
    type: 'scatter', mode: 'lines', x: r.x, y: r.y, name: 'raw', showlegend: false, hoverinfo: 'skip',
    line: { color: withAlpha(r.color, 0.25), width: 1, dash: r.dash },
  }));
  const range = view.ignoreOutliers ? robustRange(inRange, { log: view.logY }) : undefined;
  // Non-finite points have no y; draw their markers along the top edge.
  const top = range ? (view.logY ? 10 ** range[1] : range[1]) : undefined;
  for (const m of markers) {
    const t = m as { y: (number | null)[] };
    t.y = t.y.map((v) => (v === null ? (top ?? null) : v));
  }
  const layout = baseLayout(theme, figure.title);
  layout.xaxis = { ...axisStyle(theme, xTitle) };
  layout.yaxis = { ...axisStyle(theme, 'loss'), type: view.logY ? 'log' : 'linear', ...(range ? { range } : { autorange: true }) };
  layout.uirevision = 'curves';
  return { data: [...rawTraces, ...data, ...markers], layout, anomalies };
}

function anomalyTrace(s: CurveSeries, found: CurveAnomaly[], x: number[], theme: PlotTheme, name: string): Data {
  return {
    type: 'scatter', mode: 'markers', name: `${name}: ${found.length} warning${found.length > 1 ? 's' : ''}`, legendgroup: name,
    x: found.map((a) => x[a.at]!),
    y: found.map((a) => (Number.isFinite(s.values[a.at]!) ? s.values[a.at]! : null)),
    text: found.map((a) => wrapHover(a.explanation)),
    hovertemplate: '%{text}<extra></extra>',
    marker: {
      size: 11,
      symbol: found.map((a) => MARKERS[a.kind]),
      color: found.map((a) => (a.kind === 'divergence' ? theme.warning : theme.error)),
      line: { width: 1, color: theme.background },
    },
  };
}
