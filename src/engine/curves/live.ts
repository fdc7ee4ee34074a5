/** The anomalies of a curve that grows at its end (a live run), looking again only at the end:
 *  NaN/inf runs and spikes are decided by the points within 4·half + 1 of them, so once a point is
 *  that far from the end, what was found before it is kept; the divergence scan is resumed where
 *  the trend stopped changing. A segment's window, shortest rise and noise scale are measured
 *  when it is first seen and again each time it has doubled (a pass over the whole segment), and
 *  kept in between: what update() returns is then exactly detectAnomalies() of the series with
 *  those (see windowOf()). Segments ended by a restart get one pass with the defaults, as
 *  detectAnomalies() gives them. */
import {
  DivergenceScan, defaultHalfWindow, defaultRiseMinLength, detectAnomalies, divergenceTrend, localAnomalies,
  noiseSigma, sliceOf, sortAnomalies, type CurveAnomaly, type CurveSplit, type DetectOptions,
} from './anomalies';

interface LiveSegment {
  start: number;
  half: number;
  minLength: number;
  noise: number;
  /** Its length at the last whole pass. */
  measuredAt: number;
  /** NaN/inf runs and spikes ending before `final`, which no later point changes. */
  found: CurveAnomaly[];
  final: number;
  /** The divergence scan has read the trend of the points before `scanned`. */
  scan: DivergenceScan;
  scanned: number;
}

export class LiveDetector {
  /** Anomalies of the segments a restart has ended. */
  private readonly closed: CurveAnomaly[] = [];
  private liveStart = 0;
  private live: LiveSegment | undefined;

  /** `options` as detectAnomalies() takes them; a halfWindow, riseMinLength or noiseSigma given
   *  here holds for every segment. */
  constructor(private readonly options: Omit<DetectOptions, 'steps' | 'restarts'> = {}) {}

  /** Every anomaly of values[0, n), which extend those of the last call (earlier points unchanged). */
  update(values: ArrayLike<number>, steps: ArrayLike<number>, restarts: readonly number[]): CurveAnomaly[] {
    const n = values.length;
    if (n < this.liveStart) throw new RangeError('a live curve only grows');
    for (const cut of [...new Set(restarts)].filter((r) => r > this.liveStart && r < n).sort((a, b) => a - b)) {
      const a = this.liveStart;
      for (const x of detectAnomalies(sliceOf(values, a, cut), { ...this.options, steps: sliceOf(steps, a, cut) })) {
        this.closed.push({ ...x, start: x.start + a, end: x.end + a, at: x.at + a });
      }
      this.liveStart = cut;
      this.live = undefined;
    }
    const found = n > this.liveStart ? this.pass(values, steps) : [];
    return sortAnomalies([...this.closed, ...found]);
  }

  /** The window, shortest rise and noise scale the live segment is read with now. */
  windowOf(): { start: number; halfWindow: number; riseMinLength: number; noiseSigma: number } | undefined {
    const s = this.live;
    return s && { start: s.start, halfWindow: s.half, riseMinLength: s.minLength, noiseSigma: s.noise };
  }

  private pass(values: ArrayLike<number>, steps: ArrayLike<number>): CurveAnomaly[] {
    const a = this.liveStart;
    const n = values.length;
    let seg = this.live;
    const whole = !seg || (this.options.halfWindow === undefined && n - a >= 2 * seg.measuredAt);
    const half = whole ? this.options.halfWindow ?? defaultHalfWindow(n - a) : seg!.half;
    const reach = 4 * half + 2;
    const s = whole ? a : Math.max(a, Math.min(seg!.final, seg!.scanned) - reach);
    const sub = sliceOf(values, s, n);
    const subSteps = sliceOf(steps, s, n);
    const { found, residual } = localAnomalies(sub, half, { ...this.options, steps: subSteps });
    if (whole) {
      const noise = this.options.noiseSigma ?? noiseSigma(sub, residual);
      const minLength = this.options.riseMinLength ?? defaultRiseMinLength(n - a);
      seg = this.live = {
        start: a, half, minLength, noise, measuredAt: n - a, found: [], final: a,
        scan: new DivergenceScan(this.options, noise, minLength), scanned: a,
      };
    }
    const live = seg!;
    // NaN/inf runs and spikes from the first point not yet final (exact: it is ≥ s + reach)
    const fresh = found.map((x) => ({ ...x, start: x.start + s, end: x.end + s, at: x.at + s })).filter((x) => x.start >= live.final);
    // The new boundary: as near the end as points stop changing, where no anomaly spans it.
    let boundary = n - reach;
    for (let moved = true; moved;) {
      moved = false;
      for (const x of fresh) {
        if (x.start <= boundary && boundary <= x.end) {
          boundary = x.start - 1;
          moved = true;
        }
      }
    }
    let open = fresh;
    if (boundary > live.final) {
      live.found.push(...fresh.filter((x) => x.end < boundary));
      open = fresh.filter((x) => x.start > boundary);
      live.final = boundary;
    }
    // The clipped trend is exact from s + half on and stops changing half a window from the end.
    const trend = divergenceTrend(sub, half);
    const settled = Math.max(live.scanned, n - half);
    live.scan.advance(values, steps, trend, s, live.scanned, settled);
    live.scanned = settled;
    const tail = live.scan.copy();
    tail.advance(values, steps, trend, s, settled, n);
    tail.finish(values, steps, n - 1);
    return [...live.found, ...open, ...tail.found];
  }
}

/** One LiveDetector per series key. A series shorter than at its last update was rewritten (a run
 *  started over in the same folder) and is read afresh. */
export class LiveDetectors {
  private readonly byKey = new Map<string, { detector: LiveDetector; length: number }>();

  update(key: string, split: CurveSplit, values: ArrayLike<number>, steps: ArrayLike<number>, restarts: readonly number[]): CurveAnomaly[] {
    let live = this.byKey.get(key);
    if (!live || values.length < live.length) this.byKey.set(key, (live = { detector: new LiveDetector({ split }), length: 0 }));
    live.length = values.length;
    return live.detector.update(values, steps, restarts);
  }

  forget(keys: Iterable<string>): void {
    for (const key of keys) this.byKey.delete(key);
  }
}
