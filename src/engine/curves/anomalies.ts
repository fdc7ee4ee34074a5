/** Health checks on a loss curve: sudden spikes, a steady rise (divergence) and NaN/inf, each with
 *  the index range to mark and an explanation of likely causes. */
import { explainDivergence, explainNonFinite, explainSpike } from './explain';
import { MAD_TO_SIGMA, medianOf, rollingMedian, sideMedians } from './robust';

export type CurveSplit = 'train' | 'val';
export type AnomalyKind = 'spike' | 'divergence' | 'nonfinite';

export interface CurveAnomaly {
  kind: AnomalyKind;
  /** First and last index (inclusive) of the anomaly in the series. */
  start: number;
  end: number;
  /** Index of the point to mark (the peak of a spike, the top of a rise, the first NaN). */
  at: number;
  value: number;
  explanation: string;
}

export interface DetectOptions {
  /** Step numbers for the explanations; indices when absent. */
  steps?: ArrayLike<number>;
  split?: CurveSplit;
  /** Half-width of the rolling median window; default scales with the length (≥ 5). */
  halfWindow?: number;
  /** A spike stands this many robust standard deviations above the local median (default 6)… */
  spikeSigmas?: number;
  /** …and at least this fraction above the local level (default 0.05). */
  spikeMinRatio?: number;
  /** A divergence rises this fraction above the lowest level reached (default 0.15)… */
  riseRatio?: number;
  /** …and by at least this many noise standard deviations (default 4)… */
  riseSigmas?: number;
  /** …and stays up for at least this many points (default max(5, 2 % of the length)). */
  riseMinLength?: number;
  /** The curve's noise deviation the divergence test compares a rise with; measured on the whole
   *  curve when absent (live passes keep the one measured when the window was last set). */
  noiseSigma?: number;
  /** Indices where the step went back (a resumed run): each segment is checked on its own, so the
   *  jump between them is never a spike or a divergence. */
  restarts?: readonly number[];
}

export function detectAnomalies(values: ArrayLike<number>, options: DetectOptions = {}): CurveAnomaly[] {
  const cuts = [...new Set(options.restarts ?? [])].filter((i) => i > 0 && i < values.length).sort((a, b) => a - b);
  if (cuts.length === 0) return detectInSegment(values, options);
  const bounds = [0, ...cuts, values.length];
  const found: CurveAnomaly[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k]!, bounds[k + 1]!];
    const steps = options.steps ? sliceOf(options.steps, a, b) : Float64Array.from({ length: b - a }, (_, i) => a + i);
    for (const x of detectInSegment(sliceOf(values, a, b), { ...options, steps, restarts: [] })) {
      found.push({ ...x, start: x.start + a, end: x.end + a, at: x.at + a });
    }
  }
  return found;
}

/** values[a, b) without copying typed arrays. */
export function sliceOf(values: ArrayLike<number>, a: number, b: number): ArrayLike<number> {
  return values instanceof Float64Array ? values.subarray(a, b) : Float64Array.from({ length: b - a }, (_, i) => values[a + i]!);
}

/** The default half-width of the rolling windows for a curve of n points. */
export function defaultHalfWindow(n: number): number {
  return Math.max(5, Math.round(n / 200));
}

/** The default shortest rise that is a divergence, for a curve of n points. */
export function defaultRiseMinLength(n: number): number {
  return Math.max(5, Math.round(n * 0.02));
}

function detectInSegment(values: ArrayLike<number>, options: DetectOptions): CurveAnomaly[] {
  const n = values.length;
  const half = options.halfWindow ?? defaultHalfWindow(n);
  const { found, residual } = localAnomalies(values, half, options);
  const scan = new DivergenceScan(options, options.noiseSigma ?? noiseSigma(values, residual), options.riseMinLength ?? defaultRiseMinLength(n));
  scan.advance(values, options.steps, divergenceTrend(values, half), 0, 0, n);
  scan.finish(values, options.steps, n - 1);
  return sortAnomalies([...found, ...scan.found]);
}

export function sortAnomalies(found: CurveAnomaly[]): CurveAnomaly[] {
  return found.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
}

/** NaN/inf runs and spikes: each decided by the points within 4·half + 1 of it (and how near the
 *  ends it is), which lets live passes look again only at the end of a growing curve. The
 *  residuals from the centred trend come along for noiseSigma(). */
export function localAnomalies(values: ArrayLike<number>, half: number, options: DetectOptions): { found: CurveAnomaly[]; residual: Float64Array } {
  const n = values.length;
  const trend = rollingMedian(values, half);
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    residual[i] = Number.isFinite(v) && Number.isFinite(trend[i]!) ? v - trend[i]! : NaN;
  }
  return { found: [...nonFinite(values, options), ...spikes(values, trend, residual, half, options)], residual };
}

/** The trend a divergence is read from. Clipped rather than shrinking windows: a single noisy
 *  first point must not become the "lowest level" that everything after seems to rise from. */
export function divergenceTrend(values: ArrayLike<number>, half: number): Float64Array {
  return rollingMedian(values, half, false);
}

function stepOf(i: number, options: DetectOptions): number {
  return options.steps?.[i] ?? i;
}

function nonFinite(values: ArrayLike<number>, options: DetectOptions): CurveAnomaly[] {
  const out: CurveAnomaly[] = [];
  let i = 0;
  while (i < values.length) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      i++;
      continue;
    }
    const kind = Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    let j = i;
    while (j + 1 < values.length && !Number.isFinite(values[j + 1]!)) j++;
    out.push({ kind: 'nonfinite', start: i, end: j, at: i, value: v, explanation: explainNonFinite(kind, stepOf(i, options), j - i + 1) });
    i = j + 1;
  }
  return out;
}

function spikes(values: ArrayLike<number>, trend: Float64Array, residual: Float64Array, half: number, options: DetectOptions): CurveAnomaly[] {
  const n = values.length;
  const sigmas = options.spikeSigmas ?? 6;
  const minRatio = options.spikeMinRatio ?? 0.05;
  // Local noise: the spread of residuals over a wider window, so noisy early training and a quiet
  // plateau each get their own scale. Residuals near the ends come from shrunken windows (often
  // exactly zero) and would understate the noise, so they do not count.
  const interior = new Float64Array(n);
  let anyInterior = false;
  for (let i = 0; i < n; i++) {
    interior[i] = i >= half && i < n - half ? Math.abs(residual[i]!) : NaN;
    anyInterior ||= Number.isFinite(interior[i]!);
  }
  const localMad = rollingMedian(anyInterior ? interior : residual.map(Math.abs), half * 3, false);
  // Where the trend is steep against the noise the curve is locally monotone, the rolling median
  // follows every point and residuals are exactly zero; second differences still see the noise
  // (for white noise of deviation σ they have deviation σ·√6).
  const localD2 = rollingMedian(secondDifferences(values), half * 3, false);
  // A spike stands above its surroundings on both sides. The centred median alone is not enough:
  // next to a downward step (a learning-rate decay) it is the lowest of the high points, so every
  // high point just before the step would seem to stick out.
  const { before, after } = sideMedians(values, half);
  const flagged = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const level = Math.max(trend[i]!, Number.isFinite(before[i]!) ? before[i]! : -Infinity, Number.isFinite(after[i]!) ? after[i]! : -Infinity);
    const r = Number.isFinite(v) && Number.isFinite(level) ? v - level : NaN;
    if (!Number.isFinite(r) || r <= 0) continue;
    const fromResiduals = MAD_TO_SIGMA * (localMad[i] || 0);
    const fromSecondDiff = (MAD_TO_SIGMA * (localD2[i] || 0)) / Math.sqrt(6);
    const sigma = Math.max(fromResiduals, fromSecondDiff, 1e-9 * Math.abs(level), Number.MIN_VALUE);
    if (r > sigmas * sigma && r > minRatio * Math.abs(level) && Number.isFinite(v)) flagged[i] = 1;
  }
  const out: CurveAnomaly[] = [];
  let i = 0;
  while (i < values.length) {
    if (!flagged[i]) {
      i++;
      continue;
    }
    let j = i;
    let peak = i;
    while (j + 1 < values.length && flagged[j + 1]) {
      j++;
      if (values[j]! > values[peak]!) peak = j;
    }
    out.push({
      kind: 'spike', start: i, end: j, at: peak, value: values[peak]!,
      explanation: explainSpike(Number.isFinite(before[i]!) ? before[i]! : trend[peak]!, values[peak]!, stepOf(peak, options)),
    });
    i = j + 1;
  }
  return out;
}

/** A divergence: the trend rising well above the lowest level reached before and staying up.
 *  A left-to-right scan whose state can be copied, so live passes resume it where the trend stops
 *  changing and finish a copy over the end that may still change. Indices are those of `values`. */
export class DivergenceScan {
  readonly found: CurveAnomaly[] = [];
  private lowest = Infinity;
  private lowestAt = -1;
  private aboveFrom = -1;
  private top = -1;
  private topTrend = -Infinity;

  constructor(private readonly options: DetectOptions, private readonly noise: number, private readonly minLength: number) {}

  copy(): DivergenceScan {
    const c = new DivergenceScan(this.options, this.noise, this.minLength);
    c.found.push(...this.found);
    Object.assign(c, { lowest: this.lowest, lowestAt: this.lowestAt, aboveFrom: this.aboveFrom, top: this.top, topTrend: this.topTrend });
    return c;
  }

  /** Scans the points [from, to) of `values` (and their `steps`), whose trend is trend[i - offset]. */
  advance(values: ArrayLike<number>, steps: ArrayLike<number> | undefined, trend: Float64Array, offset: number, from: number, to: number): void {
    const riseRatio = this.options.riseRatio ?? 0.15;
    const riseSigmas = this.options.riseSigmas ?? 4;
    for (let i = from; i < to; i++) {
      const t = trend[i - offset]!;
      if (!Number.isFinite(t)) continue;
      if (this.aboveFrom < 0 && t < this.lowest) {
        this.lowest = t;
        this.lowestAt = i;
        continue;
      }
      const threshold = this.lowest + Math.max(riseRatio * Math.abs(this.lowest), riseSigmas * this.noise);
      if (t > threshold) {
        if (this.aboveFrom < 0) {
          this.aboveFrom = i;
          this.top = i;
          this.topTrend = t;
        } else if (t > this.topTrend) {
          this.top = i;
          this.topTrend = t;
        }
      } else if (this.aboveFrom >= 0) {
        this.close(values, steps, i - 1);
        if (t < this.lowest) {
          this.lowest = t;
          this.lowestAt = i;
        }
      }
    }
  }

  /** Closes a rise still open at the last point. */
  finish(values: ArrayLike<number>, steps: ArrayLike<number> | undefined, last: number): void {
    this.close(values, steps, last);
  }

  private close(values: ArrayLike<number>, steps: ArrayLike<number> | undefined, end: number): void {
    const options = { ...this.options, steps };
    if (this.aboveFrom >= 0 && end - this.aboveFrom + 1 >= this.minLength) {
      const top = this.top;
      this.found.push({
        kind: 'divergence', start: this.lowestAt, end, at: top, value: values[top]!,
        explanation: explainDivergence(this.lowest, this.topTrend, stepOf(this.lowestAt, options), stepOf(top, options), options.split ?? 'train'),
      });
    }
    this.aboveFrom = -1;
  }
}

/** Whole-curve noise deviation: the larger of the residual MAD and the second-difference MAD
 *  (see spikes() for why both). */
export function noiseSigma(values: ArrayLike<number>, residual: Float64Array): number {
  const fromResiduals = MAD_TO_SIGMA * (medianOf(residual.map(Math.abs)) || 0);
  const fromSecondDiff = (MAD_TO_SIGMA * (medianOf(secondDifferences(values)) || 0)) / Math.sqrt(6);
  return Math.max(fromResiduals, fromSecondDiff);
}

/** |v[i-1] - 2 v[i] + v[i+1]|, NaN at the ends. */
function secondDifferences(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const d2 = new Float64Array(n).fill(NaN);
  for (let i = 1; i < n - 1; i++) d2[i] = Math.abs(values[i - 1]! - 2 * values[i]! + values[i + 1]!);
  return d2;
}
