/** What the curves panel draws of a training run's tag: every point stays in the extension host;
 *  the page gets a decimation for the x span it shows (per column the min and max of the raw and
 *  of the smoothed values, gaps, anomaly points), the smoothed line computed over every point, and
 *  an outlier-ignoring y range over every point. Pure (no vscode): the bench runs it too. */
import type { LogAnomaly } from '../../engine/logs/anomalies';
import { robustRange } from '../../engine/curves/range';
import { DEFAULT_SMOOTHING, smooth } from '../../engine/curves/smooth';
import type { ScalarSeries } from '../../engine/logs/types';
import { spanIndices } from '../../plot/decimate';
import { GrowingColumns } from '../../plot/growingColumns';
import type { CurveSeries, CurvesXAxis } from '../../protocol/figure';

/** The page's choices the decimation depends on. xRange: the zoomed-in x span (in the x axis'
 *  units: steps, or seconds), null while the whole run is shown. */
export interface RunsView {
  smoothing: number;
  xAxis: CurvesXAxis;
  xRange: [number, number] | null;
}

export const DEFAULT_RUNS_VIEW: RunsView = { smoothing: DEFAULT_SMOOTHING, xAxis: 'step', xRange: null };

export function sameRunsView(a: RunsView, b: RunsView): boolean {
  return a.smoothing === b.smoothing && a.xAxis === b.xAxis && a.xRange?.[0] === b.xRange?.[0] && a.xRange?.[1] === b.xRange?.[1];
}

export interface SeriesMeta {
  name: string;
  split: 'train' | 'val';
  group: string;
  anomalies: readonly LogAnomaly[];
}

/** The outlier-ignoring range looks at most this many points per series, evenly spread: quantiles
 *  of an even sample, without copying a 10-million-point run. */
const RANGE_SAMPLE = 5_000;

/** The x values the decimation cuts into columns, in the units the page's x axis uses before its
 *  own conversion (wall time in seconds; the page draws dates in ms). */
export function xOf(s: ScalarSeries, axis: CurvesXAxis): ArrayLike<number> {
  const t = s.wallTime;
  if (axis === 'step' || !t || !allFinite(t)) return s.step;
  if (axis === 'wall') return t;
  const start = t[0] ?? 0;
  return t.map((v) => v - start);
}

function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

function sample(a: ArrayLike<number>): number[] {
  const stride = Math.max(1, Math.ceil(a.length / RANGE_SAMPLE));
  const out: number[] = [];
  for (let i = 0; i < a.length; i += stride) out.push(a[i]!);
  return out;
}

function extent(x: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/** The series to send for one tag of one run, decimated to `columns` columns of the view's span. */
export function drawnSeries(s: ScalarSeries, meta: SeriesMeta, view: RunsView, columns: number): CurveSeries {
  return new SeriesDrawing(view, columns).update(s, meta);
}

/** One tag of one run as drawn for one view, kept between redraws: while the whole run is shown,
 *  a live append decimates only the appended points (growingColumns.ts); a zoomed-in span is
 *  decimated again from its points. */
export class SeriesDrawing {
  private growing: GrowingColumns | undefined;
  /** The last point taken in, to tell an append from a rewritten series. */
  private lastStep = NaN;
  private lastValue = NaN;
  private firstValue = NaN;

  constructor(readonly view: RunsView, readonly columns: number) {}

  update(s: ScalarSeries, meta: SeriesMeta): CurveSeries {
    if (this.view.xRange !== null) return spanSeries(s, meta, this.view, this.columns);
    const x = this.view.xAxis !== 'step' && s.wallTime && allFinite(s.wallTime) ? s.wallTime : s.step;
    let g = this.growing;
    const seen = g?.length ?? 0;
    const appended = g !== undefined && s.value.length >= seen && (seen === 0 || (Object.is(s.value[seen - 1], this.lastValue) && Object.is(x[seen - 1], this.lastStep) && Object.is(s.value[0], this.firstValue)));
    if (!g || !appended) g = this.growing = new GrowingColumns(this.columns, this.view.smoothing);
    // Relative time is wall time less the first: the same columns.
    g.append(x, s.value);
    const n = g.length;
    if (n > 0) {
      this.lastStep = x[n - 1]!;
      this.lastValue = s.value[n - 1]!;
      this.firstValue = s.value[0]!;
    }
    const keep = g.indices(meta.anomalies.map((a) => a.index));
    const c = curveSeries(s, meta, keep);
    const sample = g.sample();
    if (this.view.smoothing > 0) c.smoothed = { weight: this.view.smoothing, values: keep.map((i) => g.smoothedAt(s.value, i)) };
    c.range = ranges([[...sample.raw], ...(this.view.smoothing > 0 ? [[...sample.smoothed]] : [])]);
    return c;
  }
}

/** The fields of a drawn series but the smoothed line and the range, at the kept indices. */
function curveSeries(s: ScalarSeries, meta: SeriesMeta, keep: number[]): CurveSeries {
  const pick = (a: ArrayLike<number>): number[] => keep.map((i) => a[i]!);
  const position = new Map(keep.map((i, k) => [i, k]));
  const c: CurveSeries = {
    name: meta.name,
    values: pick(s.value),
    steps: pick(s.step),
    split: meta.split,
    group: meta.group,
    total: s.value.length,
    anomalies: meta.anomalies.filter((a) => position.has(a.index)).map((a) => ({
      kind: a.kind === 'nan' || a.kind === 'inf' ? 'nonfinite' : a.kind, at: position.get(a.index)!, explanation: a.message,
    })),
  };
  if (s.wallTime && allFinite(s.wallTime)) c.wallTime = pick(s.wallTime);
  return c;
}

function ranges(inView: number[][]): NonNullable<CurveSeries['range']> {
  const linear = robustRange(inView);
  const log = robustRange(inView, { log: true });
  return { ...(linear ? { linear } : {}), ...(log ? { log } : {}) };
}

/** A zoomed-in span, decimated from its points. */
function spanSeries(s: ScalarSeries, meta: SeriesMeta, view: RunsView, columns: number): CurveSeries {
  const x = xOf(s, view.xAxis);
  const smoothed = view.smoothing > 0 ? smooth(s.value, view.smoothing) : undefined;
  const [x0, x1] = view.xRange ?? extent(x);
  const anomalyAt = meta.anomalies.map((a) => a.index);
  const keep = spanIndices(x, smoothed ? [s.value, smoothed] : [s.value], columns, x0, x1, {
    wholeCurve: view.xRange === null,
    extra: anomalyAt,
  });
  // The first point stays: the page measures relative time from it.
  if (view.xRange !== null && keep[0] !== 0 && s.value.length > 0) keep.unshift(0);
  const c = curveSeries(s, meta, keep);
  if (smoothed) c.smoothed = { weight: view.smoothing, values: keep.map((i) => smoothed[i]!) };
  c.range = ranges([sample(s.value), ...(smoothed ? [sample(smoothed)] : [])]);
  return c;
}
