// AssemblyScript, compiled to WebAssembly with SIMD by scripts/wasm.mjs (not seen by tsc).
// The two passes of softmax_cross_entropy.ts's fused rows over a block of contiguous rows of C
// float64 logits, in place: the caller copies the block in, reads the row sums, and copies the
// gradient out. The caller owns the memory layout and passes byte addresses; nothing allocates.

const LOG2E = f64x2.splat(1.4426950408889634);
// ln 2 split so that k·LN2_HI is exact for the |k| ≤ 1022 used here (fdlibm's split).
const LN2_HI = f64x2.splat(6.93147180369123816490e-1);
const LN2_LO = f64x2.splat(1.90821492927058770002e-10);
// 1.5·2^52: adding it rounds to an integer held in the low bits of the sum.
const SHIFTER = f64x2.splat(6755399441055744.0);
const SHIFTER_BITS = i64x2.splat(0x4338000000000000);
const BIAS = i64x2.splat(1023);
const FLOOR = f64x2.splat(-708.0);

/** e^y for y ≤ 0 (or NaN), two at a time: y = k·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor
 *  series to r¹² (truncation below 2e-16 relative), times 2^k built from its bits. Below −708 it
 *  gives e^−708 (like expNonPositive), so 2^k stays a normal number. */
@inline function expNonPositive2(x: v128): v128 {
  const y = f64x2.max(x, FLOOR);
  const t = f64x2.add(f64x2.mul(y, LOG2E), SHIFTER);
  const k = f64x2.sub(t, SHIFTER);
  const r = f64x2.sub(f64x2.sub(y, f64x2.mul(k, LN2_HI)), f64x2.mul(k, LN2_LO));
  let p = f64x2.splat(1.0 / 479001600.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  const scale = i64x2.shl(i64x2.add(i64x2.sub(t, SHIFTER_BITS), BIAS), 52);
  return f64x2.mul(p, scale);
}

/** Each of `rows` rows of C values at `x` becomes exp(v − max of its row); `stats` gets, per row,
 *  the max, Σ exp(v − max) and Σ (v − max). The max skips NaN (a NaN still makes the sums NaN). */
export function softmaxRows(x: usize, stats: usize, rows: i32, C: i32): void {
  const pairs = <usize>(C >> 1) << 4;
  const odd = (C & 1) != 0;
  const rowBytes = <usize>C << 3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let m2 = f64x2.splat(-Infinity);
    for (let o: usize = 0; o < pairs; o += 16) m2 = f64x2.pmax(m2, v128.load(row + o));
    const a = f64x2.extract_lane(m2, 0);
    const b = f64x2.extract_lane(m2, 1);
    let m = a < b ? b : a;
    if (odd) {
      const last = load<f64>(row + pairs);
      m = m < last ? last : m;
    }
    const mm = f64x2.splat(m);
    let sumE = f64x2.splat(0);
    let sumZ = f64x2.splat(0);
    for (let o: usize = 0; o < pairs; o += 16) {
      const z = f64x2.sub(v128.load(row + o), mm);
      const e = expNonPositive2(z);
      v128.store(row + o, e);
      sumE = f64x2.add(sumE, e);
      sumZ = f64x2.add(sumZ, z);
    }
    let se = f64x2.extract_lane(sumE, 0) + f64x2.extract_lane(sumE, 1);
    let sz = f64x2.extract_lane(sumZ, 0) + f64x2.extract_lane(sumZ, 1);
    if (odd) {
      const z = load<f64>(row + pairs) - m;
      const e = f64x2.extract_lane(expNonPositive2(f64x2.splat(z)), 0);
      store<f64>(row + pairs, e);
      se += e;
      sz += z;
    }
    const s = stats + <usize>r * 24;
    store<f64>(s, m);
    store<f64>(s, se, 8);
    store<f64>(s, sz, 16);
  }
}

/** Each row r of C values at `x` becomes b_r − v·f_r, with (f_r, b_r) at `factors` + 16·r. */
export function scaleRows(x: usize, factors: usize, rows: i32, C: i32): void {
  const pairs = <usize>(C >> 1) << 4;
  const odd = (C & 1) != 0;
  const rowBytes = <usize>C << 3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    const f = load<f64>(factors + (<usize>r << 4));
    const b = load<f64>(factors + (<usize>r << 4), 8);
    const f2 = f64x2.splat(f);
    const b2 = f64x2.splat(b);
    for (let o: usize = 0; o < pairs; o += 16) v128.store(row + o, f64x2.sub(b2, f64x2.mul(v128.load(row + o), f2)));
    if (odd) store<f64>(row + pairs, b - load<f64>(row + pairs) * f);
  }
}

export function heapBase(): usize {
  return __heap_base;
}
