/** Min/max-per-column decimation of a curve that grows (a live training run), with its
 *  TensorBoard-smoothed line, brought up to date by the appended points alone. The x axis is cut
 *  into columns of one width from the first point's x; when the curve outgrows 2 × `columns`
 *  columns, neighbouring columns merge (the width doubles), which keeps exactly the extremes a
 *  decimation of the whole curve with that width would. Per column it keeps the indices of the
 *  minimum and maximum of the raw values and of the smoothed ones, and of the first non-finite raw
 *  value (drawn as a gap); the first and last points are always kept. Pure: the extension host
 *  runs it over the store's typed arrays, one pass over each point ever appended. */
const RAW = 0;
const SMOOTHED = 1;
/** Smoothing state saved every CHECKPOINT points (a power of 2): any smoothed value is a short replay away. */
const CHECKPOINT = 256;

export class GrowingColumns {
  /** Width of a column in x units (0 until two distinct x have been seen). */
  private width = 0;
  private x0 = NaN;
  private used = 0;
  private readonly capacity: number;
  /** Per column, per line (raw, smoothed): index of the minimum and maximum, -1 when none. */
  private minAt: Int32Array;
  private maxAt: Int32Array;
  private minValue: Float64Array;
  private maxValue: Float64Array;
  /** Per column: index of the first non-finite raw value, -1 when none. */
  private gapAt: Int32Array;
  private n = 0;
  // The smoothing state after the last point, and saved at every CHECKPOINT-th point.
  private last = 0;
  private finiteCount = 0;
  private debiased: boolean;
  private savedLast = new Float64Array(16);
  private savedCount = new Float64Array(16);
  /** An even sample of the raw and smoothed values (every `stride`-th point), for the y range. */
  private stride = 1;
  /** The next index sampled: the next multiple of the stride. */
  private nextSample = 0;
  private sampleRaw: number[] = [];
  private sampleSmoothed: number[] = [];

  constructor(readonly columns: number, readonly weight: number, private readonly sampleSize = 5_000) {
    if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
    this.capacity = 2 * Math.max(1, columns);
    this.minAt = new Int32Array(2 * this.capacity).fill(-1);
    this.maxAt = new Int32Array(2 * this.capacity).fill(-1);
    this.minValue = new Float64Array(2 * this.capacity);
    this.maxValue = new Float64Array(2 * this.capacity);
    this.gapAt = new Int32Array(this.capacity).fill(-1);
    this.debiased = weight === 0;
  }

  /** Points seen so far. */
  get length(): number {
    return this.n;
  }

  /** The grid: the x of the first column's left edge, the column width and how many are in use. */
  get grid(): { x0: number; width: number; used: number } {
    return { x0: this.x0, width: this.width, used: this.used };
  }

  /** Takes in points [this.length, x.length) of the curve (x, y): those appended since the last call.
   *  The hot loop of a 10-million-point first draw: locals, no closures. */
  append(x: ArrayLike<number>, y: ArrayLike<number>): void {
    const end = Math.min(x.length, y.length);
    if (this.n === 0 && end > 0) this.start(x, end);
    const w = this.weight;
    let last = this.last;
    let count = this.finiteCount;
    let debiased = this.debiased;
    for (let i = this.n; i < end; i++) {
      if ((i & (CHECKPOINT - 1)) === 0) {
        this.finiteCount = count;
        this.last = last;
        this.save(i / CHECKPOINT);
      }
      const v = y[i]!;
      const c = this.column(x[i]!);
      if (c >= this.used) this.used = c + 1;
      let sm = v;
      if (v - v !== 0) {
        if (this.gapAt[c]! < 0) this.gapAt[c] = i;
      } else {
        last = last * w + (1 - w) * v;
        count++;
        if (debiased) sm = last;
        else {
          const debias = 1 - Math.pow(w, count);
          debiased = debias === 1;
          sm = last / debias;
        }
        const raw = 2 * c + RAW;
        const smoothed = raw + 1;
        const minAt = this.minAt;
        const maxAt = this.maxAt;
        const minValue = this.minValue;
        const maxValue = this.maxValue;
        if (minAt[raw]! < 0 || v < minValue[raw]!) {
          minAt[raw] = i;
          minValue[raw] = v;
        }
        if (maxAt[raw]! < 0 || v > maxValue[raw]!) {
          maxAt[raw] = i;
          maxValue[raw] = v;
        }
        if (minAt[smoothed]! < 0 || sm < minValue[smoothed]!) {
          minAt[smoothed] = i;
          minValue[smoothed] = sm;
        }
        if (maxAt[smoothed]! < 0 || sm > maxValue[smoothed]!) {
          maxAt[smoothed] = i;
          maxValue[smoothed] = sm;
        }
      }
      if (i === this.nextSample) this.addSample(v, sm);
    }
    this.last = last;
    this.finiteCount = count;
    this.debiased = debiased;
    this.n = Math.max(this.n, end);
  }

  /** The first x and a width from the first points' extent (so a whole curve fills `columns`). */
  private start(x: ArrayLike<number>, end: number): void {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < end; i++) {
      const v = x[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.x0 = lo <= hi ? lo : 0;
    this.width = hi > lo ? (hi - lo) / this.columns : 0;
  }

  private save(k: number): void {
    if (k >= this.savedLast.length) {
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.savedLast = grow(this.savedLast);
      this.savedCount = grow(this.savedCount);
    }
    this.savedLast[k] = this.last;
    this.savedCount[k] = this.finiteCount;
  }

  /** The smoothed value at index i (< length) of `y`, replayed from the checkpoint before it:
   *  the same arithmetic as when it was appended, so the same number. */
  smoothedAt(y: ArrayLike<number>, i: number): number {
    const k = Math.floor(i / CHECKPOINT);
    let last = this.savedLast[k]!;
    let count = this.savedCount[k]!;
    const w = this.weight;
    let out = NaN;
    for (let j = k * CHECKPOINT; j <= i; j++) {
      const v = y[j]!;
      if (v - v !== 0) {
        out = v;
        continue;
      }
      last = last * w + (1 - w) * v;
      count++;
      const debias = w === 0 ? 1 : 1 - Math.pow(w, count);
      out = debias === 1 ? last : last / debias;
    }
    return out;
  }

  private column(x: number): number {
    // A non-finite x (never written by a logger, but a corrupt file may hold one): the first column.
    if (!Number.isFinite(x)) return 0;
    if (this.width === 0) {
      // All points so far at one x: a second x sets the width.
      if (x === this.x0) return 0;
      this.width = Math.abs(x - this.x0) / this.columns;
      if (x < this.x0) return 0;
    }
    let c = Math.floor((x - this.x0) / this.width);
    // Before the first x (a restarted run) or non-finite: the first column.
    if (!(c >= 0)) return 0;
    while (c >= this.capacity) {
      this.mergePairs();
      c = Math.floor((x - this.x0) / this.width);
    }
    return c;
  }

  /** Columns 2k and 2k+1 become column k: the width doubles. Ties keep the earlier index. */
  private mergePairs(): void {
    const half = this.capacity / 2;
    for (let k = 0; k < half; k++) {
      for (let line = RAW; line <= SMOOTHED; line++) {
        const to = 2 * k + line;
        const a = 2 * (2 * k) + line;
        const b = 2 * (2 * k + 1) + line;
        this.pick(to, a, b, this.minAt, this.minValue, -1);
        this.pick(to, a, b, this.maxAt, this.maxValue, 1);
      }
      const ga = this.gapAt[2 * k]!;
      const gb = this.gapAt[2 * k + 1]!;
      this.gapAt[k] = ga < 0 ? gb : gb < 0 ? ga : Math.min(ga, gb);
    }
    this.minAt.fill(-1, 2 * half);
    this.maxAt.fill(-1, 2 * half);
    this.gapAt.fill(-1, half);
    this.width *= 2;
    this.used = Math.ceil(this.used / 2);
  }

  private pick(to: number, a: number, b: number, at: Int32Array, value: Float64Array, sign: number): void {
    const ia = at[a]!;
    const ib = at[b]!;
    let keep = a;
    if (ia < 0) keep = b;
    else if (ib >= 0) {
      const d = sign * (value[b]! - value[a]!);
      if (d > 0 || (d === 0 && ib < ia)) keep = b;
    }
    at[to] = at[keep]!;
    value[to] = value[keep]!;
  }

  private addSample(raw: number, smoothed: number): void {
    this.sampleRaw.push(raw);
    this.sampleSmoothed.push(smoothed);
    if (this.sampleRaw.length > 2 * this.sampleSize) {
      // Every other sample goes: an even sample of twice the stride.
      this.sampleRaw = this.sampleRaw.filter((_, k) => k % 2 === 0);
      this.sampleSmoothed = this.sampleSmoothed.filter((_, k) => k % 2 === 0);
      this.stride *= 2;
    }
    this.nextSample += this.stride;
    // After the stride doubled, the next multiple of it.
    if (this.nextSample % this.stride !== 0) this.nextSample += this.stride - (this.nextSample % this.stride);
  }

  /** The kept indices in order: every column's extremes and first gap, the first and last points,
   *  and `extra` (anomalies) below the length. */
  indices(extra: readonly number[] = []): number[] {
    const keep = new Set<number>();
    for (let c = 0; c < 2 * this.used; c++) {
      if (this.minAt[c]! >= 0) keep.add(this.minAt[c]!);
      if (this.maxAt[c]! >= 0) keep.add(this.maxAt[c]!);
    }
    for (let c = 0; c < this.used; c++) if (this.gapAt[c]! >= 0) keep.add(this.gapAt[c]!);
    if (this.n > 0) keep.add(0).add(this.n - 1);
    for (const i of extra) if (i >= 0 && i < this.n) keep.add(i);
    return [...keep].sort((a, b) => a - b);
  }

  /** Every `stride`-th raw and smoothed value (the stride doubles to keep the sample small). */
  sample(): { raw: readonly number[]; smoothed: readonly number[]; stride: number } {
    return { raw: this.sampleRaw, smoothed: this.sampleSmoothed, stride: this.stride };
  }
}
