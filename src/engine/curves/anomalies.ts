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
  steps?: readonly number[];
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
  /** Indices where the step went back (a resumed run): each segment is checked on its own, so the
   *  jump between them is never a spike or a divergence. */
  restarts?: readonly number[];
}

export function detectAnomalies(values: readonly number[], options: DetectOptions = {}): CurveAnomaly[] {
  const cuts = [...new Set(options.restarts ?? [])].filter((i) => i > 0 && i < values.length).sort((a, b) => a - b);
  if (cuts.length === 0) return detectInSegment(values, options);
  const bounds = [0, ...cuts, values.length];
  const found: CurveAnomaly[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k]!, bounds[k + 1]!];
    const steps = options.steps ? options.steps.slice(a, b) : Array.from({ length: b - a }, (_, i) => a + i);
    for (const x of detectInSegment(values.slice(a, b), { ...options, steps, restarts: [] })) {
      found.push({ ...x, start: x.start + a, end: x.end + a, at: x.at + a });
    }
  }
  return found;
}

function detectInSegment(values: readonly number[], options: DetectOptions): CurveAnomaly[] {
  const n = values.length;
  const half = options.halfWindow ?? Math.max(5, Math.round(n / 200));
  const trend = rollingMedian(values, half);
  const residual = values.map((v, i) => (Number.isFinite(v) && Number.isFinite(trend[i]!) ? v - trend[i]! : NaN));
  const found = [
    ...nonFinite(values, options),
    ...spikes(values, trend, residual, half, options),
    // Clipped rather than shrinking windows: a single noisy first point must not become the
    // "lowest level" that everything after seems to rise from.
    ...divergence(values, rollingMedian(values, half, false), residual, options),
  ];
  return found.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
}

function stepOf(i: number, options: DetectOptions): number {
  return options.steps?.[i] ?? i;
}

function nonFinite(values: readonly number[], options: DetectOptions): CurveAnomaly[] {
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

function spikes(values: readonly number[], trend: number[], residual: number[], half: number, options: DetectOptions): CurveAnomaly[] {
  const sigmas = options.spikeSigmas ?? 6;
  const minRatio = options.spikeMinRatio ?? 0.05;
  // Local noise: the spread of residuals over a wider window, so noisy early training and a quiet
  // plateau each get their own scale. Residuals near the ends come from shrunken windows (often
  // exactly zero) and would understate the noise, so they do not count.
  const interior = residual.map((r, i) => (i >= half && i < residual.length - half ? Math.abs(r) : NaN));
  const localMad = rollingMedian(interior.some(Number.isFinite) ? interior : residual.map(Math.abs), half * 3, false);
  // Where the trend is steep against the noise the curve is locally monotone, the rolling median
  // follows every point and residuals are exactly zero; second differences still see the noise
  // (for white noise of deviation σ they have deviation σ·√6).
  const secondDiff = values.map((v, i) => (i > 0 && i < values.length - 1 ? Math.abs(values[i - 1]! - 2 * v + values[i + 1]!) : NaN));
  const localD2 = rollingMedian(secondDiff, half * 3, false);
  // A spike stands above its surroundings on both sides. The centred median alone is not enough:
  // next to a downward step (a learning-rate decay) it is the lowest of the high points, so every
  // high point just before the step would seem to stick out.
  const { before, after } = sideMedians(values, half);
  const flagged = values.map((v, i) => {
    const level = Math.max(trend[i]!, Number.isFinite(before[i]!) ? before[i]! : -Infinity, Number.isFinite(after[i]!) ? after[i]! : -Infinity);
    const r = Number.isFinite(v) && Number.isFinite(level) ? v - level : NaN;
    if (!Number.isFinite(r) || r <= 0) return false;
    const fromResiduals = MAD_TO_SIGMA * (localMad[i] || 0);
    const fromSecondDiff = (MAD_TO_SIGMA * (localD2[i] || 0)) / Math.sqrt(6);
    const sigma = Math.max(fromResiduals, fromSecondDiff, 1e-9 * Math.abs(level), Number.MIN_VALUE);
    return r > sigmas * sigma && r > minRatio * Math.abs(level) && Number.isFinite(v);
  });
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

function divergence(values: readonly number[], trend: number[], residual: number[], options: DetectOptions): CurveAnomaly[] {
  const riseRatio = options.riseRatio ?? 0.15;
  const riseSigmas = options.riseSigmas ?? 4;
  const minLength = options.riseMinLength ?? Math.max(5, Math.round(values.length * 0.02));
  const noise = noiseSigma(values, residual);
  const out: CurveAnomaly[] = [];
  let lowest = Infinity;
  let lowestAt = -1;
  let aboveFrom = -1;
  const close = (end: number): void => {
    if (aboveFrom >= 0 && end - aboveFrom + 1 >= minLength) {
      let top = aboveFrom;
      for (let k = aboveFrom; k <= end; k++) if (trend[k]! > trend[top]!) top = k;
      out.push({
        kind: 'divergence', start: lowestAt, end, at: top, value: values[top]!,
        explanation: explainDivergence(lowest, trend[top]!, stepOf(lowestAt, options), stepOf(top, options), options.split ?? 'train'),
      });
    }
    aboveFrom = -1;
  };
  for (let i = 0; i < trend.length; i++) {
    const t = trend[i]!;
    if (!Number.isFinite(t)) continue;
    if (aboveFrom < 0 && t < lowest) {
      lowest = t;
      lowestAt = i;
      continue;
    }
    const threshold = lowest + Math.max(riseRatio * Math.abs(lowest), riseSigmas * noise);
    if (t > threshold) {
      if (aboveFrom < 0) aboveFrom = i;
    } else if (aboveFrom >= 0) {
      close(i - 1);
      if (t < lowest) {
        lowest = t;
        lowestAt = i;
      }
    }
  }
  close(trend.length - 1);
  return out;
}

/** Whole-curve noise deviation: the larger of the residual MAD and the second-difference MAD
 *  (see spikes() for why both). */
function noiseSigma(values: readonly number[], residual: readonly number[]): number {
  const fromResiduals = MAD_TO_SIGMA * (medianOf(residual.map(Math.abs)) || 0);
  const d2 = values.map((v, i) => (i > 0 && i < values.length - 1 ? Math.abs(values[i - 1]! - 2 * v + values[i + 1]!) : NaN));
  const fromSecondDiff = (MAD_TO_SIGMA * (medianOf(d2) || 0)) / Math.sqrt(6);
  return Math.max(fromResiduals, fromSecondDiff);
}
