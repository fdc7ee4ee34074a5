/** Rolling robust statistics over the finite values of a series, in O(n log n): every finite value
 *  gets its rank in the sorted series once, a window is a Fenwick tree of the ranks it holds, and
 *  its median is found by descending the tree. The same medians as sorting each window. */

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

/** rank[i]: position of values[i] among the sorted finite values (ties by index); -1 if not finite. */
function ranks(values: ArrayLike<number>): Ranked {
  const n = values.length;
  let k = 0;
  const finite = new Float64Array(n);
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i]!)) finite[k++] = values[i]!;
  const sorted = finite.subarray(0, k).sort();
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

/** A multiset of ranks in [0, size) with the k-th smallest in O(log size). */
class RankWindow {
  private readonly tree: Int32Array;
  private readonly top: number;
  count = 0;

  constructor(private readonly size: number) {
    this.tree = new Int32Array(size + 1);
    let top = 1;
    while (top * 2 <= size) top *= 2;
    this.top = top;
  }

  add(rank: number, delta: 1 | -1): void {
    if (rank < 0) return;
    this.count += delta;
    for (let i = rank + 1; i <= this.size; i += i & -i) this.tree[i]! += delta;
  }

  /** The k-th smallest rank held, k from 1. */
  kth(k: number): number {
    let pos = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.size && this.tree[next]! < k) {
        pos = next;
        k -= this.tree[next]!;
      }
    }
    return pos;
  }

  median(sorted: Float64Array): number {
    const c = this.count;
    if (c === 0) return NaN;
    if (c % 2 === 1) return sorted[this.kth((c >> 1) + 1)]!;
    return (sorted[this.kth(c >> 1)]! + sorted[this.kth((c >> 1) + 1)]!) / 2;
  }
}

/** Medians of the finite values in the windows [a(i), b(i)] (clipped to the series), for windows
 *  whose ends never move left. */
function slidingMedians(values: ArrayLike<number>, from: (i: number) => number, to: (i: number) => number): number[] {
  const n = values.length;
  const { rank, sorted } = ranksOf(values);
  const window = new RankWindow(sorted.length);
  const out = new Array<number>(n);
  let lo = 0; // window holds [lo, hi)
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, from(i));
    const b = Math.min(n - 1, to(i)) + 1;
    while (hi < b) window.add(rank[hi++]!, 1);
    while (lo < a) {
      if (lo < hi) window.add(rank[lo]!, -1);
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
export function rollingMedian(values: ArrayLike<number>, half: number, centred = true): number[] {
  const last = values.length - 1;
  const h = (i: number) => (centred ? Math.min(half, i, last - i) : half);
  return slidingMedians(values, (i) => i - h(i), (i) => i + h(i));
}

/** For every i, the medians of the `half` finite-or-not values just before and just after it
 *  (NaN where a side has no finite value). */
export function sideMedians(values: ArrayLike<number>, half: number): { before: number[]; after: number[] } {
  return {
    before: slidingMedians(values, (i) => i - half, (i) => i - 1),
    after: slidingMedians(values, (i) => i + 1, (i) => i + half),
  };
}

/** Median of the finite values; NaN when there are none. */
export function medianOf(values: ArrayLike<number>): number {
  const scratch = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) scratch[k++] = values[i]!;
  if (k === 0) return NaN;
  const s = scratch.subarray(0, k).sort();
  const mid = k >> 1;
  return k % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** 1.4826 × median absolute deviation: a standard-deviation estimate that ignores outliers. */
export const MAD_TO_SIGMA = 1.4826;
