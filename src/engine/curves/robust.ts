/** Rolling robust statistics over the finite values of a series: every finite value gets its rank
 *  in the sorted series once (O(n log n)), a window is a bitset of the ranks it holds, and its
 *  median a pointer that moves with each point added or removed. The same medians as sorting each
 *  window. */
import { select } from './select';

interface Ranked {
  rank: Int32Array;
  sorted: Float64Array;
}

// The detector takes four windowed medians of the same series: rank it once.
const ranked = new WeakMap<ArrayLike<number>, Ranked>();

function ranksOf(values: ArrayLike<number>): Ranked {
  let r = ranked.get(values);
  if (!r) ranked.set(values, (r = ranks(values)));
  return r;
}

/** rank[i]: position of values[i] among the sorted finite values (ties by index, -0 before 0);
 *  -1 if not finite. */
function ranks(values: ArrayLike<number>): Ranked {
  const n = values.length;
  let k = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i]!)) k++;
  return k < 1 << 12 ? ranksBySorting(values, k) : ranksByRadix(values, k);
}

function ranksBySorting(values: ArrayLike<number>, k: number): Ranked {
  const n = values.length;
  const finite = new Float64Array(k);
  for (let i = 0, j = 0; i < n; i++) if (Number.isFinite(values[i]!)) finite[j++] = values[i]!;
  const sorted = finite.sort();
  const used = new Int32Array(k);
  let negativeZeros = 0;
  for (let j = 0; j < k && sorted[j]! <= 0; j++) if (Object.is(sorted[j], -0)) negativeZeros++;
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      rank[i] = -1;
      continue;
    }
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    // sort() puts -0 before 0, which compare equal: a 0 goes after all the -0s
    if (v === 0 && 1 / v > 0) lo += negativeZeros;
    rank[i] = lo + used[lo]++;
  }
  return { rank, sorted };
}

const bits64 = new Float64Array(1);
const bits32 = new Uint32Array(bits64.buffer);
const hiWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The same ranks by a stable least-significant-digit radix sort of the doubles' bits (flipped so
 *  that unsigned order is numeric order), 11 bits a pass: for long series, where sorting and then
 *  binary-searching every value cost most of the detector's time. */
function ranksByRadix(values: ArrayLike<number>, k: number): Ranked {
  const n = values.length;
  let index = new Int32Array(k);
  let hi = new Uint32Array(k);
  let lo = new Uint32Array(k);
  for (let i = 0, j = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    bits64[0] = v;
    const h = bits32[hiWord]!;
    const l = bits32[1 - hiWord]!;
    const negative = h >>> 31 === 1;
    hi[j] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[j] = negative ? ~l >>> 0 : l;
    index[j++] = i;
  }
  let index2 = new Int32Array(k);
  let hi2 = new Uint32Array(k);
  let lo2 = new Uint32Array(k);
  const counts = new Int32Array(1 << 11);
  for (let pass = 0; pass < 6; pass++) {
    const words = pass < 3 ? lo : hi;
    const shift = 11 * (pass % 3);
    counts.fill(0);
    for (let j = 0; j < k; j++) counts[(words[j]! >>> shift) & 0x7ff]++;
    if (counts[(words[0]! >>> shift) & 0x7ff] === k) continue; // every key has this digit
    for (let d = 0, sum = 0; d < counts.length; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let j = 0; j < k; j++) {
      const to = counts[(words[j]! >>> shift) & 0x7ff]++;
      index2[to] = index[j]!;
      hi2[to] = hi[j]!;
      lo2[to] = lo[j]!;
    }
    [index, index2] = [index2, index];
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
  }
  const rank = new Int32Array(n).fill(-1);
  const sorted = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const i = index[j]!;
    rank[i] = j;
    sorted[j] = values[i]!;
  }
  return { rank, sorted };
}

/** A set of ranks in [0, size) (ranks are unique) as a bitset with a summary bitset above each
 *  level, and a pointer to its median that add/remove move by one held rank at a time. A sliding
 *  window's median moves little between neighbouring windows, so each step touches a few words
 *  instead of descending a tree over the whole series (which missed the cache at every level). */
class RankWindow {
  /** levels[0] holds the ranks; bit w of levels[k + 1] says word w of levels[k] is not empty. */
  private readonly levels: Int32Array[] = [];
  count = 0;
  /** A held rank (or -1 when empty) and how many held ranks are below it. */
  private at = -1;
  private below = 0;

  constructor(size: number) {
    let words = Math.max(1, Math.ceil(size / 32));
    for (;;) {
      this.levels.push(new Int32Array(words));
      if (words <= 32) break;
      words = Math.ceil(words / 32);
    }
  }

  add(rank: number): void {
    if (rank < 0) return;
    for (let k = 0, i = rank; k < this.levels.length; k++, i >>= 5) {
      const words = this.levels[k]!;
      const was = words[i >> 5]!;
      words[i >> 5] = was | (1 << (i & 31));
      if (was !== 0) break;
    }
    this.count++;
    if (this.at < 0) {
      this.at = rank;
      this.below = 0;
    } else if (rank < this.at) this.below++;
  }

  remove(rank: number): void {
    if (rank < 0) return;
    for (let k = 0, i = rank; k < this.levels.length; k++, i >>= 5) {
      const words = this.levels[k]!;
      const now = words[i >> 5]! & ~(1 << (i & 31));
      words[i >> 5] = now;
      if (now !== 0) break;
    }
    this.count--;
    if (this.count === 0) this.at = -1;
    else if (rank < this.at) this.below--;
    else if (rank === this.at) {
      const next = this.after(rank, 0);
      if (next >= 0) this.at = next;
      else {
        this.at = this.before(rank, 0);
        this.below--;
      }
    }
  }

  /** The smallest held index above i at level k, or -1. */
  private after(i: number, k: number): number {
    const words = this.levels[k]!;
    let w = i >> 5;
    const above = (i & 31) === 31 ? 0 : words[w]! & (-1 << ((i & 31) + 1));
    if (above !== 0) return (w << 5) + lowestBit(above);
    if (k + 1 === this.levels.length) {
      for (w++; w < words.length; w++) if (words[w] !== 0) return (w << 5) + lowestBit(words[w]!);
      return -1;
    }
    w = this.after(w, k + 1);
    return w < 0 ? -1 : (w << 5) + lowestBit(words[w]!);
  }

  /** The largest held index below i at level k, or -1. */
  private before(i: number, k: number): number {
    const words = this.levels[k]!;
    let w = i >> 5;
    const under = (i & 31) === 0 ? 0 : words[w]! & ((1 << (i & 31)) - 1);
    if (under !== 0) return (w << 5) + 31 - Math.clz32(under);
    if (k + 1 === this.levels.length) {
      for (w--; w >= 0; w--) if (words[w] !== 0) return (w << 5) + 31 - Math.clz32(words[w]!);
      return -1;
    }
    w = this.before(w, k + 1);
    return w < 0 ? -1 : (w << 5) + 31 - Math.clz32(words[w]!);
  }

  median(sorted: Float64Array): number {
    const c = this.count;
    if (c === 0) return NaN;
    const k = (c - 1) >> 1;
    while (this.below < k) {
      this.at = this.after(this.at, 0);
      this.below++;
    }
    while (this.below > k) {
      this.at = this.before(this.at, 0);
      this.below--;
    }
    if (c % 2 === 1) return sorted[this.at]!;
    return (sorted[this.at]! + sorted[this.after(this.at, 0)]!) / 2;
  }
}

function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/** Medians of the finite values in the windows [a(i), b(i)] (clipped to the series), for windows
 *  whose ends never move left. */
function slidingMedians(values: ArrayLike<number>, from: (i: number) => number, to: (i: number) => number): Float64Array {
  const n = values.length;
  const { rank, sorted } = ranksOf(values);
  const window = new RankWindow(sorted.length);
  const out = new Float64Array(n);
  let lo = 0; // window holds [lo, hi)
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, from(i));
    const b = Math.min(n - 1, to(i)) + 1;
    while (hi < b) window.add(rank[hi++]!);
    while (lo < a) {
      if (lo < hi) window.remove(rank[lo]!);
      lo++;
    }
    if (hi < lo) hi = lo;
    out[i] = a < b ? window.median(sorted) : NaN;
  }
  return out;
}

/** Median of the finite values in [i - h, i + h] for every i, h = min(half, distance to the nearer
 *  end) so the window stays centred; NaN where the window has none. On a monotone stretch the
 *  centred median equals the value itself, so a smooth decay leaves no residual, while an isolated
 *  spike does not move it. With centred = false the window is simply clipped at the ends. */
export function rollingMedian(values: ArrayLike<number>, half: number, centred = true): Float64Array {
  const last = values.length - 1;
  const h = (i: number) => (centred ? Math.min(half, i, last - i) : half);
  return slidingMedians(values, (i) => i - h(i), (i) => i + h(i));
}

/** For every i, the medians of the `half` finite-or-not values just before and just after it
 *  (NaN where a side has no finite value). */
export function sideMedians(values: ArrayLike<number>, half: number): { before: Float64Array; after: Float64Array } {
  return {
    before: slidingMedians(values, (i) => i - half, (i) => i - 1),
    after: slidingMedians(values, (i) => i + 1, (i) => i + half),
  };
}

/** Median of the finite values; NaN when there are none. Quickselect: linear on average. */
export function medianOf(values: ArrayLike<number>): number {
  const scratch = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) scratch[k++] = values[i]!;
  if (k === 0) return NaN;
  const s = scratch.subarray(0, k);
  const mid = k >> 1;
  let upper = select(s, mid);
  let lower = -Infinity;
  if (k % 2 === 0) for (let i = 0; i < mid; i++) if (s[i]! > lower) lower = s[i]!;
  if (upper === 0 || lower === 0) {
    // the zero a sort would put there: sort() orders -0 before 0
    let negatives = 0;
    let negativeZeros = 0;
    for (let i = 0; i < k; i++) {
      if (s[i]! < 0) negatives++;
      else if (Object.is(s[i], -0)) negativeZeros++;
    }
    const zeroAt = (j: number) => (j < negatives + negativeZeros ? -0 : 0);
    if (upper === 0) upper = zeroAt(mid);
    if (lower === 0) lower = zeroAt(mid - 1);
  }
  return k % 2 === 1 ? upper : (lower + upper) / 2;
}

/** 1.4826 × median absolute deviation: a standard-deviation estimate that ignores outliers. */
export const MAD_TO_SIGMA = 1.4826;
