/** Loss curves: raw values faint, TensorBoard-smoothed on top, an outlier-robust y-range, step or
 *  wall-time x, and markers (with explanations on hover) where the curve looks unhealthy. */
import * as l10n from '@vscode/l10n';
import type { Data } from 'plotly.js';
import { detectAnomalies } from '../engine/curves/anomalies';
import { robustRange } from '../engine/curves/range';
import { DEFAULT_SMOOTHING, smooth } from '../engine/curves/smooth';
import type { CurveSeries, CurvesFigure, CurvesXAxis, SeriesAnomaly } from '../protocol/figure';
import { columnIndices, drawColumns } from './decimate';
import { axisStyle, baseLayout } from './layout';
import type { LegendEntry } from './legend';
import { escapeHtml, unescapeHtml, wrapHover, type PlotSpec } from './spec';
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

/** A function, not a table: a page loads its translations after the modules. */
const xTitle = (axis: CurvesXAxis): string => ({ step: l10n.t('step'), relative: l10n.t('time since start (s)'), wall: l10n.t('wall time') })[axis];

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

/** One series as drawn: its smoothed (or raw) line, raw values for the hover, the faint raw curve. */
interface DrawnLine {
  /** Escaped for plotly; the legend group. */
  name: string;
  color: string;
  dash: 'solid' | 'dash';
  x: number[];
  y: (number | null)[];
  customdata: (number | null)[];
  raw: Decimated;
  warnings?: WarningTrace;
}

interface Columns {
  rawKey: string;
  rawColumns: number;
  columns: number;
  x0: number;
  x1: number;
}

function drawnLine(s: CurveSeries, x: number[], smoothed: readonly number[], color: string, dash: 'solid' | 'dash', theme: PlotTheme, view: CurvesView, c: Columns): DrawnLine {
  const name = escapeHtml(s.name);
  const asGiven = s.total !== undefined;
  let rawDrawn = rawCache.get(s);
  if (rawDrawn?.key !== c.rawKey) {
    const keep = asGiven ? undefined : columnIndices(x, s.values, c.rawColumns, c.x0, c.x1);
    const values = keep ? keep.map((i) => s.values[i]!) : s.values;
    rawDrawn = { key: c.rawKey, x: keep ? keep.map((i) => x[i]!) : x, raw: gaps(values, view.logY), hover: gaps(values, false) };
    rawCache.set(s, rawDrawn);
  }
  // The smoothed line keeps its own extremes, not the raw curve's.
  const keep = view.smoothing > 0 ? (asGiven ? undefined : columnIndices(x, smoothed, c.columns, c.x0, c.x1)) : undefined;
  const pick = <T>(a: readonly T[]): T[] => (keep ? keep.map((i) => a[i]!) : [...a]);
  const found = seriesAnomalies(s);
  const smooth = view.smoothing > 0;
  return {
    name, color, dash, raw: rawDrawn,
    x: smooth ? pick(x) : rawDrawn.x, y: smooth ? gaps(pick(smoothed), view.logY) : rawDrawn.raw, customdata: smooth ? (keep ? gaps(pick(s.values), false) : rawDrawn.hover) : rawDrawn.hover,
    ...(found.length > 0 ? { warnings: anomalyTrace(s, found, x, theme, name) } : {}),
  };
}

/** A series' line for the view it was built for: a live append rebuilds only the series that grew. */
const lineCache = new WeakMap<CurveSeries, { key: string; line: DrawnLine }>();

/** Above this many series, lines of one style share a trace (see buildCurves). */
export const MERGE_ABOVE = 16;

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
  const ranges: ([number, number] | undefined)[] = [];
  const anomalies: SeriesAnomalies[] = [];
  const clock = view.xAxis === 'wall' && isClock(figure);
  const xAxisTitle = view.xAxis === 'wall' && !clock ? l10n.t('wall time (s)') : xTitle(view.xAxis);
  const allX = figure.series.map((s) => xValues(s, view.xAxis, clock));
  const [x0, x1] = xExtent(allX);
  // Behind a smoothed line the raw one is faint context: half the columns (its spikes still kept).
  const rawColumns = view.smoothing > 0 ? Math.max(50, Math.floor(columns / 2)) : columns;
  const asGiven = figure.series.every((s) => s.total !== undefined);
  const rawKey = asGiven ? `${view.xAxis}|${view.logY}|given` : `${view.xAxis}|${view.logY}|${rawColumns}|${x0}|${x1}`;
  const lines: DrawnLine[] = [];
  const hover = (prefix: string): string =>
    `${prefix}${xAxisTitle} %{x}<br>${view.smoothing > 0 ? `${l10n.t('smoothed')} %{y:.4g}<br>${l10n.t('raw')} %{customdata:.4g}` : `${l10n.t('loss')} %{y:.4g}`}<extra></extra>`;
  // Host-decimated series (training runs) are drawn as given; others are cut into the chart's columns.
  const lineKey = `${rawKey}|${columns}|${view.smoothing}|${clock}`;
  figure.series.forEach((s, k) => {
    const color = colorOf(s);
    const dash: 'solid' | 'dash' = s.split === 'val' ? 'dash' : 'solid';
    // A decimated series brings its smoothed line, computed over every point, when the weights agree.
    const smoothed = view.smoothing <= 0 ? s.values : s.smoothed?.weight === view.smoothing ? s.smoothed.values : smooth(s.values, view.smoothing);
    const key = `${lineKey}|${color}|${dash}`;
    let line = lineCache.get(s);
    if (line?.key !== key) {
      line = { key, line: drawnLine(s, allX[k]!, smoothed, color, dash, theme, view, { rawKey, rawColumns, columns, x0, x1 }) };
      lineCache.set(s, line);
    }
    lines.push(line.line);
    anomalies.push({ series: s.name, anomalies: seriesAnomalies(s) });
    if (view.ignoreOutliers) {
      const given = s.range?.[view.logY ? 'log' : 'linear'];
      ranges.push(given ?? robustRange([s.values, smoothed], { log: view.logY }));
    }
  });
  const range = view.ignoreOutliers ? unionRange(ranges) : undefined;
  // Non-finite points have no y; draw their markers along the top edge.
  const top = range ? (view.logY ? 10 ** range[1] : range[1]) : undefined;
  const warnings = (l: DrawnLine): WarningTrace | undefined => l.warnings && { ...l.warnings, y: l.warnings.y.map((v) => (v === null ? (top ?? null) : v)) };
  const rawTraces = (shown: readonly DrawnLine[]): Data[] => (view.smoothing > 0 ? mergedRaw(shown) : []);
  const layout = baseLayout(theme, figure.title);
  // Tick labels stay inside the automargins; not checking them for overflow saves a measure per draw.
  layout.xaxis = { ...axisStyle(theme, xAxisTitle), ticklabeloverflow: 'allow', ...(clock ? { type: 'date' } : {}) };
  if (figure.focusStep !== undefined && view.xAxis === 'step') {
    const span = Math.max(1, (x1 - x0) / 10);
    layout.xaxis.range = [figure.focusStep - span, figure.focusStep + span];
  }
  layout.yaxis = { ...axisStyle(theme, l10n.t('loss')), ticklabeloverflow: 'allow', type: view.logY ? 'log' : 'linear', ...(range ? { range } : { autorange: true }) };
  layout.uirevision = `curves|${figure.focusStep ?? ''}`;
  if (lines.length <= MERGE_ABOVE) {
    const data = lines.map((l): Data => ({
      type: 'scatter', mode: 'lines', x: l.x, y: l.y, name: l.name, legendgroup: l.name, customdata: l.customdata,
      hovertemplate: hover(`${l.name}<br>`), line: { color: l.color, width: 2, dash: l.dash },
    }));
    return { data: [...rawTraces(lines), ...data, ...lines.flatMap((l) => { const w = warnings(l); return w ? [w as Data] : []; })], layout, anomalies };
  }
  // Many series: plotly's time grows with its traces far more than with their points (100 traces of
  // 200 points redraw 10× slower than 10 of 2,000), so lines of one colour and dash share a trace,
  // each point naming its series for the hover; the legend is given, and hiding a series rebuilds.
  const merged = (hidden: ReadonlySet<string>): PlotSpec => {
    const shown = lines.filter((l) => !hidden.has(l.name));
    return { data: [...rawTraces(shown), ...mergedLines(shown, hover('%{text}<br>')), ...mergedWarnings(shown, warnings)], layout };
  };
  const legend = lines.flatMap((l): LegendEntry[] => [
    { group: l.name, label: unescapeHtml(l.name), color: l.color, dash: l.dash },
    ...(l.warnings ? [{ group: l.name, label: unescapeHtml(l.warnings.name), color: l.color, dash: 'solid' }] : []),
  ]);
  return { ...merged(new Set()), legend, withHidden: merged, anomalies };
}

/** Lines of one colour and dash joined into one trace, a gap (null) between them; `text` names
 *  each point's series (the hover's title). The faint raw trace carries the same keys as the
 *  smoothed one, so that a live append updates both in one Plotly.update (patch.ts). */
interface Joined {
  x: number[];
  y: (number | null)[];
  customdata: (number | null)[];
  text: string[];
}

/** The last join of each kind and style: a live append joins again only the style of the run that grew. */
const joins = new Map<string, { lines: readonly DrawnLine[]; joined: Joined }>();

function joined(kind: 'raw' | 'line', lines: readonly DrawnLine[], part: (l: DrawnLine) => { x: readonly number[]; y: readonly (number | null)[]; customdata: readonly (number | null)[] }): Joined {
  const key = `${kind}|${lines[0]!.color}|${lines[0]!.dash}`;
  const last = joins.get(key);
  if (last && last.lines.length === lines.length && last.lines.every((l, i) => l === lines[i])) return last.joined;
  const result = join(lines, part);
  joins.set(key, { lines, joined: result });
  return result;
}

function join(lines: readonly DrawnLine[], part: Parameters<typeof joined>[2]): Joined {
  const parts = lines.map(part);
  const n = parts.reduce((total, p) => total + p.x.length, 0) + parts.length - 1;
  const x = new Array<number>(n);
  const y = new Array<number | null>(n);
  const customdata = new Array<number | null>(n);
  const text = new Array<string>(n);
  let at = 0;
  parts.forEach((p, k) => {
    if (k > 0) {
      x[at] = x[at - 1]!;
      y[at] = customdata[at] = null;
      text[at++] = '';
    }
    const name = lines[k]!.name;
    for (let i = 0; i < p.x.length; i++, at++) {
      x[at] = p.x[i]!;
      y[at] = p.y[i]!;
      customdata[at] = p.customdata[i]!;
      text[at] = name;
    }
  });
  return { x, y, customdata, text };
}

function byStyle(lines: readonly DrawnLine[]): DrawnLine[][] {
  const groups = new Map<string, DrawnLine[]>();
  for (const l of lines) {
    const key = `${l.color}|${l.dash}`;
    const g = groups.get(key);
    if (g) g.push(l);
    else groups.set(key, [l]);
  }
  return [...groups.values()];
}

function mergedRaw(lines: readonly DrawnLine[]): Data[] {
  return byStyle(lines).map((g): Data => ({
    type: 'scatter', mode: 'lines', ...joined('raw', g, (l) => ({ x: l.raw.x, y: l.raw.raw, customdata: l.raw.hover })),
    name: 'raw', showlegend: false, hoverinfo: 'skip', line: { color: withAlpha(g[0]!.color, 0.25), width: 1, dash: g[0]!.dash },
  }));
}

function mergedLines(lines: readonly DrawnLine[], hovertemplate: string): Data[] {
  return byStyle(lines).map((g): Data => ({
    type: 'scatter', mode: 'lines', ...joined('line', g, (l) => l), name: 'series', showlegend: false, hovertemplate, line: { color: g[0]!.color, width: 2, dash: g[0]!.dash },
  }));
}

/** Every series' warnings in one markers trace. */
function mergedWarnings(lines: readonly DrawnLine[], topped: (l: DrawnLine) => WarningTrace | undefined): Data[] {
  const w = lines.flatMap((l) => { const t = topped(l); return t ? [{ name: l.name, t }] : []; });
  if (w.length === 0) return [];
  return [{
    type: 'scatter', mode: 'markers', name: 'warnings', showlegend: false,
    x: w.flatMap(({ t }) => t.x), y: w.flatMap(({ t }) => t.y),
    text: w.flatMap(({ name, t }) => t.text.map((e) => `${name}<br>${e}`)), hovertemplate: '%{text}<extra></extra>',
    marker: { size: 11, symbol: w.flatMap(({ t }) => t.marker.symbol), color: w.flatMap(({ t }) => t.marker.color), line: w[0]!.t.marker.line },
  }];
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

/** A series' warning markers (plotly's scatter trace, with the fields merging reads typed). */
interface WarningTrace {
  type: 'scatter';
  mode: 'markers';
  name: string;
  legendgroup: string;
  x: number[];
  y: (number | null)[];
  text: string[];
  hovertemplate: string;
  marker: { size: number; symbol: string[]; color: string[]; line: { width: number; color: string } };
}

function anomalyTrace(s: CurveSeries, found: SeriesAnomaly[], x: number[], theme: PlotTheme, name: string): WarningTrace {
  return {
    type: 'scatter', mode: 'markers', name: found.length > 1 ? l10n.t('{0}: {1} warnings', name, found.length) : l10n.t('{0}: 1 warning', name), legendgroup: name,
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
